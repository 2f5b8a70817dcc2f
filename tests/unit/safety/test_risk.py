"""assess(): levels per category, negation, reported speech, quotes, idioms, slang and typos."""

import pytest

from mindhaven.safety.crisis import crisis_check
from mindhaven.safety.risk import CATEGORIES, LEVELS, Risk, assess, assess_by_rules, normalise


@pytest.mark.parametrize(
    ("text", "level", "category"),
    [
        ("I want to kill myself", "high", "suicidal_ideation"),
        ("Everyone would be better off without me", "high", "suicidal_ideation"),
        ("I don't want to wake up tomorrow", "high", "suicidal_ideation"),
        ("I've been cutting myself again", "high", "self_harm"),
        ("relapsed on sh last night", "high", "self_harm"),
        ("I keep thinking about stabbing him", "high", "harm_to_others"),
        ("My husband hits me when he's drunk", "high", "abuse_or_violence"),
        ("I don't feel safe at home", "high", "abuse_or_violence"),
        ("people at school keep telling me to kys", "high", "abuse_or_violence"),
        ("Nothing will ever get better", "concern", "severe_hopelessness"),
        ("I feel completely hopeless", "concern", "severe_hopelessness"),
        ("I'm going to kill myself tonight", "imminent", "suicidal_ideation"),
        ("I have the pills in my hand right now", "imminent", "suicidal_ideation"),
        ("I wrote a note for my family. This is goodbye", "imminent", "suicidal_ideation"),
        # Means already taken or in use: no wish needs to be spelled out.
        ("just swallowed the entire packet of paracetamol", "imminent", "suicidal_ideation"),
        ("I sat in my car in the garage with the engine running", "imminent", "suicidal_ideation"),
        ("I've saved enough of my tablets now", "imminent", "suicidal_ideation"),
        ("I injected all of my insulin an hour ago", "imminent", "suicidal_ideation"),
    ],
)
def test_levels_and_categories(text, level, category):
    risk = assess(text)
    assert risk.level == level, risk
    assert category in risk.categories
    assert risk.evidence


@pytest.mark.parametrize(
    "text", ["i want to kms", "gonna unalive myself", "sewerslide thoughts again", "i wanna ctb", "i'm gonna od"]
)
def test_slang_is_high(text):
    assert assess(text).at_least_high


@pytest.mark.parametrize("text", ["i feel sucidal", "i want to kill myslef", "i wnat to die", "suiside is on my mind"])
def test_typos_are_high(text):
    assert assess(text).at_least_high


@pytest.mark.parametrize(
    "text",
    [
        "I'm not suicidal, just really tired",
        "I would never kill myself",
        "No thoughts of self-harm this week",
        "I have never self-harmed",
    ],
)
def test_negation_lowers_to_none(text):
    assert assess_by_rules(text).level == "none"
    assert assess(text).level in ("none", "concern")  # the learned layer may not overrule a denial past concern


@pytest.mark.parametrize(
    "text",
    [
        "I'm not suicidal but I want to die",
        "I'm not sure I want to live anymore",
        "I can't say I'm not suicidal",
        "No one knows I self-harm",
        "I'm not going to lie, I want to die",
    ],
)
def test_negation_errs_towards_safety(text):
    assert assess(text).at_least_high


@pytest.mark.parametrize(
    "text",
    [
        "My friend said she wanted to die and I don't know how to help",
        "The movie last night was about suicide",
        '"I want to die" is just a lyric from a song I like',
        "My sister keeps saying she wants to kill herself",
    ],
)
def test_reported_speech_and_quotes_are_concern(text):
    assert assess(text).level == "concern"


@pytest.mark.parametrize(
    "text",
    [
        "My friend said she wanted to die and honestly so do I",
        "The movie was about suicide and it made me want to kill myself",
        "My sister is suicidal and now I'm suicidal too",
    ],
)
def test_the_client_speaking_for_themselves_still_counts(text):
    assert assess(text).at_least_high


@pytest.mark.parametrize(
    "text",
    [
        "This traffic is killing me",
        "I could kill for a coffee",
        "I'm dying to see the film",
        "I killed it at work today",
        "I cut myself shaving",
        "My phone died",
        "I overdosed on Netflix this weekend",
        "I want to dye my hair blue",
        "I took my pills this morning as usual",
        "",
        None,
    ],
)
def test_safe_idioms_are_none(text):
    assert assess_by_rules(text) == Risk()
    if text != "I want to dye my hair blue":  # a known false alarm of the learned layer (docs/safety.md)
        assert assess(text) == Risk()


@pytest.mark.parametrize(
    ("safe", "risky"),
    [
        ("I could strangle my sister for spoiling the finale", "I want to strangle my sister"),
        ("I could murder a pizza right now", "I could murder him"),
        ("I'm going to kill everyone as impostor tonight", "I'm going to kill everyone at school"),
        ("Going to shoot some hoops after school", "I'm going to shoot someone at school"),
        ("Revising overdose management for my nursing exam", "I took an overdose an hour ago"),
        ("I think I'm going to end it with him", "I think I'm going to end it tonight"),
        ("I cut myself off from social media", "I cut myself again last night"),
        ("Wrote a letter to my future self", "I wrote a letter to my family saying goodbye"),
        ("final goodbye to my childhood home today", "this is my final goodbye"),
        ("This is my last message for a while, digital detox", "This is my last message"),
        ("I don't want to wake up early tomorrow", "I don't want to wake up tomorrow"),
        ("I hurt myself at football on Saturday", "I hurt myself on purpose again"),
        ("i wanna die of embarassment", "i wanna die"),
        ("took all my exams this week", "took all my sleeping pills"),
        ("it took 20 minutes to get there", "I took 20 paracetamol an hour ago"),
        ("took 2 paracetamol for my headache", "took like 30 of my pils"),
        ("took all of them to the park", "Took all of them. Sorry. Love you mum."),
        ("the kids kept climbing over the barrier at the zoo", "I'm on the balcony and I'm climbing over the railing"),
        ("Bought a rope and harness for the climbing gym", "I bought a rope today"),
        ("Went bungee jumping off a bridge in Queenstown", "I want to jump off a bridge"),
        ("an overdose of cheese at the fondue place", "I want to overdose"),
        ("our gig was a total suicide mission", "I keep thinking about suicide"),
    ],
)
def test_look_alikes_seen_in_evaluation_sets_stay_safe_while_their_risky_twins_do_not(safe, risky):
    assert assess_by_rules(safe) == Risk()
    assert assess(risky).at_least_high


def test_risk_shape():
    risk = assess("I want to die and I keep cutting myself")
    assert risk.level in LEVELS and set(risk.categories) <= set(CATEGORIES)
    assert risk.categories == ("suicidal_ideation", "self_harm")
    with pytest.raises(AttributeError):
        risk.level = "none"  # frozen


def test_normalise():
    assert normalise("I  DON'T   wanna") == "i dont want to"
    assert normalise("kms") == "kill myself"


def test_crisis_check_keeps_its_interface():
    result = crisis_check("I feel hopeless")
    assert result.at_risk and result.matched and result.level == "concern"
    assert crisis_check("I want to die").level == "high"
    assert crisis_check("This traffic is killing me").at_risk is False


@pytest.mark.parametrize(
    "text",
    [
        "I took my tablets this morning",
        "the garage said the engine is running fine now",
        "took a whole packet of crisps to the cinema",
    ],
)
def test_everyday_pills_engines_and_packets_are_none(text):
    assert assess_by_rules(text).level == "none"
