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
    # French elisions and spoken French, however typed
    ("je viens d'avaler toute la plaquette", "imminent", "suicidal_ideation"),
    ("je viens d’avaler toute la plaquette", "imminent", "suicidal_ideation"),
    ("l'envie de mourir me quitte pas", "high", "suicidal_ideation"),
    ("jveux plus vivre", "high", "suicidal_ideation"),
    ("Chu pu capable, j'ai juste le goût de disparaître pour de bon", "high", "suicidal_ideation"),
    # standing at a height with a farewell, a whole pack swallowed, a hanging point, in general form
    ("Estoy en la azotea del edificio, perdón a todos", "imminent", "suicidal_ideation"),
    ("bin an den Gleisen, der nächste Zug kommt gleich", "imminent", "suicidal_ideation"),
    ("je suis sur le toit, je regarde en bas", "imminent", "suicidal_ideation"),
    ("मैं पुल के किनारे खड़ी हूँ, मम्मी को सॉरी बोल देना", "imminent", "suicidal_ideation"),
    ("tomei uma caixa inteira de paracetamol", "imminent", "suicidal_ideation"),
    ("mainne abhi poori strip kha li", "imminent", "suicidal_ideation"),
    ("मैंने अभी पूरी स्ट्रिप गोलियाँ खा लीं", "imminent", "suicidal_ideation"),
    ("Hab mir gerade die Pulsadern aufgeschnitten", "imminent", "suicidal_ideation"),
    ("der Strick hängt schon", "imminent", "suicidal_ideation"),
    ("आज रात पंखे से लटक जाऊँगा", "imminent", "suicidal_ideation"),
    ("morgen früh spring ich vom Dach der Uni", "imminent", "suicidal_ideation"),
    ("C'est mon dernier message. Pardon à tous.", "imminent", "suicidal_ideation"),
    # looking up how to die, cutting again, hurting oneself in other ways, better off gone
    ("buscando en internet cuántas pastillas hacen falta", "high", "suicidal_ideation"),
    ("google kar raha tha kitni neend ki goliyan lene se", "high", "suicidal_ideation"),
    ("Je me suis encore coupée hier soir", "high", "self_harm"),
    ("Ontem me cortei de novo", "high", "self_harm"),
    ("bato com a cabeça na parede até doer", "high", "self_harm"),
    ("lighter se haath jalata hoon", "high", "self_harm"),
    ("Allen ginge es besser ohne mich", "high", "suicidal_ideation"),
    ("tô querendo me matar de vdd", "high", "suicidal_ideation"),
    # abuse behind a locked door, kept secret, with a knife; a weapon in one's own hand
    ("Mi novio me encierra en la casa", "high", "abuse_or_violence"),
    ("ma belle-famille m'enferme et garde mon passeport", "high", "abuse_or_violence"),
    ("er fasst mich nachts an und sagt, ich darf es keinem erzählen", "high", "abuse_or_violence"),
    ("chacha galat jagah chhoote hain", "high", "abuse_or_violence"),
    ("सौतेली माँ मुझे गरम चिमटे से दागती है", "high", "abuse_or_violence"),
    ("wo chaku lekar bol raha hai khatam kar dega", "high", "abuse_or_violence"),
    ("j'ai le couteau, cette fois je le tue", "high", "harm_to_others"),
    ("Ich schwör, ich stech den Typen ab", "high", "harm_to_others"),
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
        "Este finde vamos a escalar, ya me compré una cuerda nueva de 60 metros",
        "On part grimper samedi, j'ai acheté une corde neuve de 70m",
        "hab mir ein neues 60-Meter-Seil gekauft",
        "estoy en el puente de Brooklyn sacando fotos, qué vista",
        "je vais le tuer s'il mange encore mes frites",
        "le dernier message de la journée, bonne nuit",
        "hab mir beim Kochen in den Finger geschnitten",
        "J'ai fait une TS il y a trois ans, aujourd'hui ça va beaucoup mieux",
        "हमारे hostel के एक लड़के ने आत्महत्या कर ली, मैं ठीक हूँ",
    ],
)
def test_hyperbole_denials_and_others_words_are_not_high(text):
    assert not assess_by_rules(text).at_least_high


def test_a_past_attempt_is_a_concern():
    for text in (
        "J'ai fait une TS il y a trois ans",
        "Tuve un intento de suicidio a los 16",
        "Suizidversuch vor zwei Jahren",
    ):
        assert assess_by_rules(text).level == "concern", text


def test_spanish_he_is_the_writer_not_someone_else():
    """ "He estado buscando" is "I have been looking", not "he": the English reported-speech check must not apply."""
    assert assess_by_rules("He estado buscando en internet cuántas pastillas hacen falta").at_least_high


def test_a_spanish_no_further_back_does_not_deny():
    """ "no" is everywhere in Spanish; only one right before the wish denies it."""
    assert assess("ya no sé qué hacer, tengo ganas de morir").at_least_high
    assert assess("No sé qué hacer, me quiero morir").at_least_high
