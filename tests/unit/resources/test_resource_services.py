"""Resource rules without the web layer: validation, the safe paragraph renderer, LIKE escaping, seed content."""

from __future__ import annotations

import pytest

from mindhaven.errors import ValidationFailed
from mindhaven.resources import services
from mindhaven.resources.content import ENTRIES
from mindhaven.resources.topics import KINDS, TOPICS


def valid(**overrides):
    data = {
        "slug": "box-breathing-2",
        "title": "Box breathing again",
        "kind": "exercise",
        "topics": ["anxiety"],
        "summary": "Breathe in a square.",
        "body": "Breathe in for four, hold for four, out for four.",
        "published": "on",
    }
    data.update(overrides)
    return data


def test_valid_form_is_cleaned():
    data = services.validate(valid(title="  Box   breathing  ", slug="Box-Breathing-2"))
    assert data.title == "Box breathing"
    assert data.slug == "box-breathing-2"
    assert data.published is True
    assert services.validate(valid(published=None)).published is False


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"slug": ""}, "slug"),
        ({"slug": "has space"}, "slug"),
        ({"slug": "-leading"}, "slug"),
        ({"slug": "double--hyphen"}, "slug"),
        ({"slug": "ünïcode"}, "slug"),
        ({"slug": "a" * 121}, "slug"),
        ({"title": "ab"}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"kind": "video"}, "kind"),
        ({"topics": []}, "topics"),
        ({"topics": ["astrology"]}, "topics"),
        ({"topics": "anxiety; sleep"}, "topics"),
        ({"summary": "x" * 501}, "summary"),
        ({"body": "short"}, "body"),
        ({"body": "x" * 20_001}, "body"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"kind": "link", "url": ""}, "url"),
        ({"title": 5}, "title"),
    ],
)
def test_invalid_forms_name_the_field(overrides, field):
    with pytest.raises(ValidationFailed) as caught:
        services.validate(valid(**overrides))
    assert caught.value.field == field
    assert caught.value.status == 400


def test_escape_like():
    assert services.escape_like("100%_a\\b") == "100\\%\\_a\\\\b"


def test_normalise_query_collapses_space_and_caps_length():
    assert services.normalise_query("  panic \n attack ") == "panic attack"
    assert len(services.normalise_query("x" * 500)) == services.QUERY_MAX
    assert services.normalise_query(None) == ""


def test_paragraphs_lists_and_escaping_left_to_template():
    body = "First line\ncontinues.\n\n- one\n- two\n\n1. step\n2. next\n\n<script>x</script>"
    assert services.paragraphs(body) == [
        {"kind": "p", "text": "First line continues."},
        {"kind": "ul", "items": ["one", "two"]},
        {"kind": "ol", "items": ["step", "next"]},
        {"kind": "p", "text": "<script>x</script>"},
    ]
    assert services.paragraphs("") == []


def test_seed_content_is_complete_and_valid():
    assert len(ENTRIES) >= 20
    assert len({e["slug"] for e in ENTRIES}) == len(ENTRIES)
    topics = {t for e in ENTRIES for t in e["topics"]}
    assert topics == set(TOPICS)
    assert {e["kind"] for e in ENTRIES} == set(KINDS)
    for entry in ENTRIES:
        services.validate({**entry, "published": "on"})
        words = len(entry["body"].split())
        if entry["kind"] in {"article", "exercise"}:
            assert 150 <= words <= 400, (entry["slug"], words)
        assert "http" not in entry["body"], entry["slug"]


def test_crisis_entry_lists_the_helplines():
    crisis = next(e for e in ENTRIES if e["slug"] == "crisis-helplines")
    for number in ("14416", "1800-599-0019", "988", "116 123", "112"):
        assert number in crisis["body"]
