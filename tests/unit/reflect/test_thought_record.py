import json

import pytest
from werkzeug.datastructures import MultiDict

from mindhaven.errors import ValidationFailed
from mindhaven.reflect.services import mirror_summary_text, parse_thought_record, thought_record_text


def form(**overrides) -> MultiDict:
    data = {
        "situation": "My manager asked to see me.",
        "automatic_thought": "I am going to be fired.",
        "emotion_name": ["anxious", "sad", ""],
        "emotion_intensity": ["80", "40", ""],
        "emotion_rerated": ["40", "", ""],
        "evidence_for": "She sounded serious.",
        "evidence_against": "My last review was good.",
        "balanced_thought": "She may just want an update.",
    }
    data.update(overrides)
    return MultiDict([(k, x) for k, v in data.items() for x in (v if isinstance(v, list) else [v])])


def test_a_complete_record_parses():
    record = parse_thought_record(form())
    assert record["emotions"] == [
        {"name": "anxious", "intensity": 80, "rerated": 40},
        {"name": "sad", "intensity": 40, "rerated": None},
    ]
    assert record["situation"] == "My manager asked to see me."
    json.dumps(record)  # stored as JSON text
    assert "fired" in thought_record_text(record) and "update" in thought_record_text(record)


@pytest.mark.parametrize("field", ["situation", "automatic_thought"])
def test_required_fields(field):
    with pytest.raises(ValidationFailed) as caught:
        parse_thought_record(form(**{field: "  "}))
    assert caught.value.field == field


def test_at_least_one_emotion():
    with pytest.raises(ValidationFailed, match="at least one emotion"):
        parse_thought_record(form(emotion_name=["", ""], emotion_intensity=["", ""], emotion_rerated=["", ""]))


@pytest.mark.parametrize("value", ["101", "-1", "1000"])
def test_intensity_out_of_range(value):
    with pytest.raises(ValidationFailed, match="between 0 and 100"):
        parse_thought_record(form(emotion_intensity=[value, "40", ""]))


@pytest.mark.parametrize("value", ["very", "50.5", "5e1"])
def test_intensity_not_a_whole_number(value):
    with pytest.raises(ValidationFailed, match="whole number"):
        parse_thought_record(form(emotion_intensity=[value, "40", ""]))


def test_rerated_is_checked_too():
    with pytest.raises(ValidationFailed, match="between 0 and 100"):
        parse_thought_record(form(emotion_rerated=["120", "", ""]))


def test_an_emotion_needs_its_intensity_and_a_rating_needs_its_emotion():
    with pytest.raises(ValidationFailed, match="intensity"):
        parse_thought_record(form(emotion_intensity=["", "40", ""]))
    with pytest.raises(ValidationFailed, match="Name the emotion"):
        parse_thought_record(form(emotion_name=["", "sad", ""]))


def test_boundaries_are_allowed():
    record = parse_thought_record(form(emotion_intensity=["0", "100", ""], emotion_rerated=["100", "0", ""]))
    assert [e["intensity"] for e in record["emotions"]] == [0, 100]


def test_mirror_summary_text():
    text = mirror_summary_text(180, {"neutral": 12, "happy": 5, "sad": 3, "fear": 0})
    assert text == "Self-reflection, 3 minutes: mostly neutral (60 %), happy (25 %), sad (15 %)."
    with pytest.raises(ValidationFailed):
        mirror_summary_text(180, {"bored": 3})
    with pytest.raises(ValidationFailed):
        mirror_summary_text(180, {})
    with pytest.raises(ValidationFailed):
        mirror_summary_text("x", {"happy": 1})
