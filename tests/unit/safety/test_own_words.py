"""The crisis card's plea in the client's own language: which language a message reads as, and the words shown."""

import pytest

from mindhaven.language import guess_language
from mindhaven.safety.own_words import PLEAS, plea_for


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Hoy no puedo más, quiero desaparecer y que nadie me busque", "es"),
        ("¿Para qué seguir?", "es"),
        ("Eu não aguento mais essa vida, ninguém liga pra mim", "pt"),
        ("Tô cansada de tudo, queria sumir", "pt"),
        ("J'en peux plus, je veux tout arrêter ce soir", "fr"),
        ("Ich kann nicht mehr, alles ist sinnlos", "de"),
        ("Mir geht's schlecht, ich weiß nicht weiter", "de"),
        ("yaar mujhe ab kuch accha nahi lagta, sab bekaar hai", "hi-latn"),
        ("मुझे अब जीने का मन नहीं करता", "hi-deva"),
        ("मला आता जगावंसं वाटत नाही, मी खूप थकलो आहे", "mr"),
        ("আমার আর বাঁচতে ইচ্ছে করে না", "bn"),
        ("எனக்கு வாழ பிடிக்கவில்லை", "ta"),
        ("مجھے اب جینے کا دل نہیں کرتا، میں بہت تھک گیا ہوں", "ur"),
        ("لا أريد أن أعيش بعد الآن", "ar"),
    ],
)
def test_a_message_reads_as_its_language(text, language):
    assert guess_language(text) == language
    assert plea_for(text) is PLEAS[language]


@pytest.mark.parametrize(
    "text",
    [
        "I want to kill myself",
        "No one would miss me if I was gone",
        "I'm so done with life, no future, no nothing",
        "me too",
        "Our D&D party got wiped out by a dragon, total party kill",
        "",
        None,
        "😭😭😭",
        "ok",
    ],
)
def test_english_or_too_little_to_tell_gets_no_plea(text):
    """The card is English already; a wrong guess would put words the client cannot read above the lines."""
    assert guess_language(text) == "en"
    assert plea_for(text) is None


def test_every_plea_says_what_to_do_in_its_own_script():
    assert set(PLEAS) == {"es", "pt", "fr", "de", "hi-latn", "hi-deva", "mr", "bn", "ta", "ur", "ar"}
    for language, plea in PLEAS.items():
        assert plea.language == language and plea.direction in ("ltr", "rtl") and len(plea.text) > 60
        assert (plea.direction == "rtl") == (language in ("ur", "ar"))
        # Each plea reads as its own language, so the guess and the words agree.
        assert guess_language(plea.text) == language, language
    assert plea_for("No quiero vivir más").as_dict() == {
        "language": "es",
        "lang": "es",
        "dir": "ltr",
        "text": PLEAS["es"].text,
    }
