from mindhaven.reflect.sentiment import describe, sentiment


def test_positive_text_scores_positive():
    score = sentiment("Today was a good day. I felt calm, grateful and happy with my friends.")
    assert score is not None and score > 0.5
    assert describe(score) == "positive"


def test_negative_text_scores_negative():
    score = sentiment("I feel awful, sad and hopeless. Everything went wrong and I hate it.")
    assert score is not None and score < -0.5
    assert describe(score) == "negative"


def test_empty_text_has_no_score():
    assert sentiment("") is None and sentiment("   ") is None and sentiment(None) is None
    assert describe(None) == "not measured"
    assert describe(0.0) == "neutral"


def test_other_languages_get_no_tone_rather_than_a_wrong_one():
    """VADER reads English only: "Ich bin müde, alles ist zu viel" scored positive before."""
    assert sentiment("Ich bin müde, alles ist mir zu viel und ich weiß nicht weiter.") is None
    assert sentiment("Hoy me siento muy triste y no tengo ganas de nada.") is None
    assert describe(None) == "not measured"
    assert sentiment("I am tired and everything feels like too much.") < 0
