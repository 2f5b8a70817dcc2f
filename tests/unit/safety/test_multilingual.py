"""The phrase rules beyond English: the plainest risk is caught, hyperbole and denials are not."""

import pytest

from mindhaven.safety.risk import assess, assess_by_rules

RISK = [
    # Spanish
    ("Ya no aguanto más, quiero morirme", "high", "suicidal_ideation"),
    ("no quiero seguir viviendo", "high", "suicidal_ideation"),
    ("tengo pensamientos suicidas", "high", "suicidal_ideation"),
    ("me estoy cortando los brazos otra vez", "high", "self_harm"),
    ("Mi esposo me pega cuando bebe", "high", "abuse_or_violence"),
    ("me voy a matar esta noche", "imminent", "suicidal_ideation"),
    ("Ya me tomé todas las pastillas", "imminent", "suicidal_ideation"),
    # Portuguese
    ("Não aguento mais, quero morrer", "high", "suicidal_ideation"),
    ("não quero mais viver", "high", "suicidal_ideation"),
    ("tô pensando em me matar", "high", "suicidal_ideation"),
    ("tô me cortando de novo", "high", "self_harm"),
    ("meu padrasto me bate", "high", "abuse_or_violence"),
    ("tomei todos os remédios", "imminent", "suicidal_ideation"),
    # French
    ("j'ai envie de mourir", "high", "suicidal_ideation"),
    ("je ne veux plus vivre", "high", "suicidal_ideation"),
    ("je me scarifie", "high", "self_harm"),
    ("mon mari me frappe", "high", "abuse_or_violence"),
    ("je vais me tuer ce soir", "imminent", "suicidal_ideation"),
    # German
    ("Ich möchte nicht mehr leben", "high", "suicidal_ideation"),
    ("ich bring mich um", "high", "suicidal_ideation"),
    ("ich ritze mich wieder", "high", "self_harm"),
    ("mein Mann schlägt mich", "high", "abuse_or_violence"),
    ("ich habe alle Tabletten genommen", "imminent", "suicidal_ideation"),
    # Hindi and Urdu in Latin letters
    ("main marna chahta hoon", "high", "suicidal_ideation"),
    ("jeene ka koi matlab nahi", "high", "suicidal_ideation"),
    ("khud ko khatam karna chahta hoon, bas himmat nahi ho rahi", "high", "suicidal_ideation"),
    ("maine phir se khud ko kaat liya", "high", "self_harm"),
    ("mera pati mujhe roz maarta hai", "high", "abuse_or_violence"),
    ("aaj raat khudkushi kar lunga", "imminent", "suicidal_ideation"),
    ("saari goliyan kha li", "imminent", "suicidal_ideation"),
    # Hindi in Devanagari
    ("मैं मरना चाहता हूँ", "high", "suicidal_ideation"),
    ("मेरा पति मुझे रोज़ मारता है", "high", "abuse_or_violence"),
    ("आज रात आत्महत्या कर लूंगा", "imminent", "suicidal_ideation"),
    ("मैंने सारी गोलियां खा ली", "imminent", "suicidal_ideation"),
    # tired of living, a place with a jump, a rope or poison at hand, in more words
    ("cansei de viver", "high", "suicidal_ideation"),
    ("j'en ai marre de vivre", "high", "suicidal_ideation"),
    ("Null Bock mehr auf Leben", "high", "suicidal_ideation"),
    ("Steh auf dem Dach vom Parkhaus, heute spring ich", "imminent", "suicidal_ideation"),
    ("Estou em cima do viaduto, vou pular", "imminent", "suicidal_ideation"),
    ("Já comprei a corda", "imminent", "suicidal_ideation"),
    ("Hab mich gestern wieder geritzt", "high", "self_harm"),
    ("ma belle-mère et mon mari me battent", "high", "abuse_or_violence"),
]


@pytest.mark.parametrize(("text", "level", "category"), RISK)
def test_plain_risk_in_other_languages_is_caught(text, level, category):
    risk = assess_by_rules(text)
    assert risk.level == level, risk
    assert category in risk.categories


@pytest.mark.parametrize(
    "text",
    [
        # hyperbole and idioms
        "me muero de risa",
        "este examen me va a matar",
        "quiero morirme de la vergüenza",
        "me corto el pelo mañana",
        "se me pega la canción",
        "essa prova vai me matar, socorro",
        "vou me cortar o cabelo",
        "je suis mort de rire",
        "ce film me tue",
        "ich lach mich tot",
        "garmi se mar gaya yaar",
        "tomé todas mis pastillas de la tensión como siempre",
        # denials, before or after the verb
        "no quiero morir, solo estoy cansada",
        "No estoy pensando en hacerme daño, solo estoy agotada",
        "Não penso em me machucar",
        "não quero morrer",
        "je ne veux pas mourir",
        "je n'ai pas envie de mourir",
        "ich will nicht sterben, nur schlafen",
        "ich ritze mich nicht mehr",
        "ich würde mich nie umbringen",
        "main marna nahi chahta, bas thak gaya hoon",
        "main khud ko khatam nahi karungi",
        "मैं मरना नहीं चाहता",
        # a friend's words, a question answered no, the past
        "mera dost bol raha tha ki woh jeena nahi chahta",
        "meri dost bol rahi thi ki usko jeene ka mann nahi karta",
        "La psicóloga me preguntó si pienso en morirme y la verdad que no",
        "Selbstmordgedanken hab ich keine, nur Stress",
        "Früher hab ich mich geritzt, ist vier Jahre her",
        "ça fait deux ans que je me scarifie plus",
        "J'ai acheté une corde et des mousquetons pour la via ferrata",
        "हमारे hostel के एक लड़के ने आत्महत्या कर ली, मैं ठीक हूँ",
    ],
)
def test_hyperbole_denials_and_others_words_are_not_high(text):
    assert not assess_by_rules(text).at_least_high


def test_a_spanish_no_further_back_does_not_deny():
    """ "no" is everywhere in Spanish; only one right before the wish denies it."""
    assert assess("ya no sé qué hacer, tengo ganas de morir").at_least_high
    assert assess("No sé qué hacer, me quiero morir").at_least_high
