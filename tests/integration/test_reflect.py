"""Self-reflection end to end: journal, thought records, check-ins, sharing, the crisis flow, the mirror API, export."""

from __future__ import annotations

import functools
import io
import json
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text

from mindhaven.accounts import data_rights
from mindhaven.reflect.models import JournalEntry, MoodCheckin
from mindhaven.safety.models import SafetyEvent
from mindhaven.scheduling.models import Notification
from mindhaven.security.audit import Actor, AuditEvent

RISK = "Some nights I think everyone would be better off dead without me."


@functools.cache
def face_jpeg() -> bytes:
    import cv2
    from skimage import data

    image = cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR)
    image = cv2.resize(image, (320, 320), interpolation=cv2.INTER_AREA)[:240]
    return cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 80])[1].tobytes()


@pytest.fixture
def pair(make):
    therapist, client = make.therapist(), make.client(pseudonym="QuietRiver")
    make.assign(client, therapist)
    return therapist, client


def thought_form(**overrides):
    data = {
        "situation": "A friend did not answer my message.",
        "automatic_thought": "Nobody likes me.",
        "emotion_name": ["sad", ""],
        "emotion_intensity": ["70", ""],
        "emotion_rerated": ["30", ""],
        "evidence_for": "",
        "evidence_against": "She is travelling this week.",
        "balanced_thought": "She is busy; she replied warmly last time.",
    }
    data.update(overrides)
    return data


def only_entry(session, client) -> JournalEntry:
    return session.scalars(select(JournalEntry).where(JournalEntry.client_id == client.id)).one()


# Journal ---------------------------------------------------------------------------------------------------


def test_free_entry_is_saved_private_scored_and_encrypted(session, pair, login):
    _, client = pair
    browser = login(client)
    response = browser.post("/reflect/journal/new?kind=free", data={"body": "A lovely calm walk. I feel great."})
    assert response.status_code == 302
    entry = only_entry(session, client)
    assert entry.kind == "free" and entry.shared is False and entry.sentiment > 0.5
    raw = session.execute(text("SELECT body FROM journal_entries WHERE id = :id"), {"id": entry.id}).scalar_one()
    assert "lovely" not in raw and raw.startswith("gAAAA")
    page = browser.get(f"/reflect/journal/{entry.id}")
    assert page.status_code == 200 and "A lovely calm walk" in page.text and "Private" in page.text


def test_prompt_entry_keeps_its_prompt(session, pair, login):
    _, client = pair
    browser = login(client)
    assert browser.get("/reflect/journal/new?kind=prompt").status_code == 200
    prompt = "What went well today?"
    response = browser.post("/reflect/journal/new?kind=prompt", data={"prompt": prompt, "body": "I cooked."})
    assert response.status_code == 302
    assert only_entry(session, client).prompt == prompt
    bad = browser.post("/reflect/journal/new?kind=prompt", data={"prompt": "Made up?", "body": "x"})
    assert bad.status_code == 400 and "guided prompts" in bad.text


def test_thought_record_is_stored_as_json_and_shown(session, pair, login):
    _, client = pair
    browser = login(client)
    assert browser.get("/reflect/journal/new?kind=thought_record").status_code == 200
    response = browser.post("/reflect/journal/new?kind=thought_record", data=thought_form(shared="on"))
    assert response.status_code == 302
    entry = only_entry(session, client)
    record = json.loads(entry.body)
    assert record["emotions"] == [{"name": "sad", "intensity": 70, "rerated": 30}] and entry.shared
    assert entry.sentiment is not None
    page = browser.get(f"/reflect/journal/{entry.id}")
    assert "Nobody likes me." in page.text and "70 → 30" in page.text


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"situation": ""}, "Please fill in: Situation"),
        ({"emotion_intensity": ["150", ""]}, "between 0 and 100"),
        ({"emotion_intensity": ["lots", ""]}, "whole number"),
        ({"emotion_name": ["", ""], "emotion_intensity": ["", ""], "emotion_rerated": ["", ""]}, "at least one"),
    ],
)
def test_thought_record_validation_answers_400_with_a_message(session, pair, login, overrides, message):
    _, client = pair
    response = login(client).post("/reflect/journal/new?kind=thought_record", data=thought_form(**overrides))
    assert response.status_code == 400 and message in response.text
    assert session.scalars(select(JournalEntry)).first() is None


def test_edit_share_toggle_and_delete(session, pair, login):
    _, client = pair
    browser = login(client)
    browser.post("/reflect/journal/new?kind=free", data={"body": "First draft"})
    entry = only_entry(session, client)
    assert browser.post(f"/reflect/journal/{entry.id}", data={"body": "Second draft"}).status_code == 302
    session.refresh(entry)
    assert entry.body == "Second draft" and entry.shared is False
    assert browser.post(f"/reflect/journal/{entry.id}", data={"body": ""}).status_code == 400
    browser.post(f"/reflect/journal/{entry.id}/share", data={"shared": "on"})
    session.refresh(entry)
    assert entry.shared is True
    browser.post(f"/reflect/journal/{entry.id}/share", data={})
    session.refresh(entry)
    assert entry.shared is False
    assert browser.post(f"/reflect/journal/{entry.id}/delete").status_code == 302
    assert session.scalars(select(JournalEntry)).first() is None


def test_a_client_cannot_read_or_change_another_clients_entry(session, pair, make, login):
    _, client = pair
    login(client).post("/reflect/journal/new?kind=free", data={"body": "Mine alone", "shared": "on"})
    entry = only_entry(session, client)
    other = login(make.client())
    assert other.get(f"/reflect/journal/{entry.id}").status_code == 404
    assert other.post(f"/reflect/journal/{entry.id}", data={"body": "hijack"}).status_code == 404
    assert other.post(f"/reflect/journal/{entry.id}/share", data={}).status_code == 404
    assert other.post(f"/reflect/journal/{entry.id}/delete").status_code == 404
    session.refresh(entry)
    assert entry.body == "Mine alone" and entry.shared is True


# Check-ins and the overview --------------------------------------------------------------------------------


def test_checkin_with_tags_note_sentiment_and_streak(session, pair, login):
    _, client = pair
    browser = login(client)
    assert browser.get("/reflect/checkin").status_code == 200
    response = browser.post(
        "/reflect/checkin", data={"mood": "7", "tags": ["calm", "hopeful"], "note": "A good, calm day.", "shared": "on"}
    )
    assert response.status_code == 302
    checkin = session.scalars(select(MoodCheckin)).one()
    assert checkin.mood == 7 and checkin.tags == ["calm", "hopeful"] and checkin.sentiment > 0 and checkin.shared
    raw = session.execute(text("SELECT note FROM mood_checkins WHERE id = :id"), {"id": checkin.id}).scalar_one()
    assert "calm day" not in raw
    page = browser.get("/reflect")
    assert page.status_code == 200 and "<strong>1</strong> day in a row" in page.text


@pytest.mark.parametrize(
    "data",
    [{"mood": "11"}, {"mood": "x"}, {}, {"mood": "5", "tags": ["joyful-ish"]}, {"mood": "5", "note": "x" * 501}],
)
def test_bad_checkins_are_refused(session, pair, login, data):
    _, client = pair
    assert login(client).post("/reflect/checkin", data=data).status_code == 400
    assert session.scalars(select(MoodCheckin)).first() is None


# The crisis flow ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "data", "source"),
    [
        ("/reflect/journal/new?kind=free", {"body": RISK}, "journal"),
        ("/reflect/journal/new?kind=thought_record", thought_form(automatic_thought=RISK), "journal"),
        ("/reflect/checkin", {"mood": "1", "note": RISK}, "checkin"),
    ],
)
def test_risk_shows_crisis_resources_records_an_event_and_alerts_the_therapist(session, pair, login, url, data, source):
    therapist, client = pair
    browser = login(client)
    posted = browser.post(url, data=data)
    assert posted.status_code == 302  # to the saved page: a reload cannot save it (and alert the therapist) twice
    response = browser.get(posted.location)
    assert 'class="card crisis"' in response.text and "Tele-MANAS" in response.text and "988" in response.text
    assert 'class="card crisis"' not in browser.get(posted.location).text  # shown once, not on every later visit
    event = session.scalars(select(SafetyEvent)).one()
    model = JournalEntry if source == "journal" else MoodCheckin
    saved = session.scalars(select(model)).one()  # the entry is kept
    assert (event.client_id, event.therapist_id, event.source, event.record_id) == (
        client.id,
        therapist.id,
        source,
        saved.id,
    )
    note = session.scalars(select(Notification).where(Notification.user_id == therapist.id)).one()
    assert "QuietRiver" in note.message and "better off dead" not in note.message
    assert note.link == f"/therapist/clients/{client.id}"


def test_a_risk_written_in_german_gets_the_plea_in_german(pair, login):
    _, client = pair
    browser = login(client)
    response = browser.get(
        browser.post("/reflect/checkin", data={"mood": "1", "note": "Ich will nicht mehr leben."}).location
    )
    assert response.status_code == 200 and 'class="card crisis"' in response.text
    assert '<p class="crisis-plea" lang="de" dir="ltr">Wenn Sie jetzt in Gefahr sind' in response.text
    english = browser.get(browser.post("/reflect/journal/new?kind=free", data={"body": RISK}).location)
    assert 'class="card crisis"' in english.text and 'class="crisis-plea"' not in english.text


def test_editing_an_entry_into_risk_also_flags_it(session, pair, login):
    _, client = pair
    browser = login(client)
    browser.post("/reflect/journal/new?kind=free", data={"body": "An ordinary day."})
    assert session.scalars(select(SafetyEvent)).first() is None
    entry = only_entry(session, client)
    response = browser.get(browser.post(f"/reflect/journal/{entry.id}", data={"body": RISK}).location)
    assert response.status_code == 200 and "Tele-MANAS" in response.text
    assert session.scalars(select(SafetyEvent)).one().record_id == entry.id


def test_risk_without_a_therapist_still_records_the_event(session, make, login):
    client = make.client()
    browser = login(client)
    response = browser.get(browser.post("/reflect/checkin", data={"mood": "2", "note": "I want to die"}).location)
    assert "Tele-MANAS" in response.text
    event = session.scalars(select(SafetyEvent)).one()
    assert event.therapist_id is None and session.scalars(select(Notification)).first() is None


# The therapist's view ---------------------------------------------------------------------------------------


def test_therapist_reads_only_shared_entries_of_current_clients_and_is_audited(session, pair, make, login):
    therapist, client = pair
    browser = login(client)
    browser.post("/reflect/journal/new?kind=free", data={"body": "Shared thoughts about work", "shared": "on"})
    browser.post("/reflect/journal/new?kind=free", data={"body": "Private diary about my sister"})
    browser.post("/reflect/checkin", data={"mood": "6", "note": "shared mood note", "shared": "on"})
    browser.post("/reflect/checkin", data={"mood": "3", "note": "hidden mood note"})

    page = login(therapist).get(f"/therapist/clients/{client.id}/journal")
    assert page.status_code == 200
    assert "Shared thoughts about work" in page.text and "shared mood note" in page.text
    assert "Private diary" not in page.text and "hidden mood note" not in page.text
    reads = session.scalars(select(AuditEvent).where(AuditEvent.action == "read")).all()
    assert {(r.record_type, r.subject_user_id, r.actor_id) for r in reads} >= {
        ("journal_entry", client.id, therapist.id),
        ("mood_checkin", client.id, therapist.id),
    }
    assert sum(r.record_type == "journal_entry" for r in reads) == 1
    record_page = login(therapist).get(f"/therapist/clients/{client.id}")
    assert f"/therapist/clients/{client.id}/journal" in record_page.text


def test_a_long_history_is_paged_newest_first_and_only_what_is_shown_is_audited(session, pair, login):
    therapist, client = pair
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for n in range(120):  # entry 0 is the oldest; all shared with the therapist
        session.add(
            JournalEntry(
                client_id=client.id, body=f"entry number {n:03d}", shared=True, created_at=start + timedelta(hours=n)
            )
        )
    session.add(MoodCheckin(client_id=client.id, mood=5, note="one check-in", local_day=start.date(), created_at=start))
    session.commit()
    browser = login(therapist)
    url = f"/therapist/clients/{client.id}/journal"

    first = browser.get(url).text
    assert "entry number 119" in first and "entry number 070" in first and "entry number 069" not in first
    assert "one check-in" in first and f"{url}?page=2" in first and "Newer" not in first
    third = browser.get(f"{url}?page=3").text
    assert "entry number 019" in third and "entry number 000" in third and "entry number 020" not in third
    assert f"{url}?page=2" in third and "Older" not in third and "one check-in" not in third
    assert "this far back" in browser.get(f"{url}?page=9").text
    reads = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "read", AuditEvent.record_type == "journal_entry")
    )
    assert len(list(reads)) == 50 + 20  # the pages opened, not the whole history

    for bad in ("0", "-1", "abc", "10001", "1.5"):
        assert browser.get(f"{url}?page={bad}").status_code == 400


def test_other_therapists_and_former_therapists_get_404(session, pair, make, login):
    therapist, client = pair
    login(client).post("/reflect/journal/new?kind=free", data={"body": "Shared", "shared": "on"})
    other = make.therapist()
    assert login(other).get(f"/therapist/clients/{client.id}/journal").status_code == 404
    assert login(therapist).get("/therapist/clients/999999/journal").status_code == 404
    make.assign(client, other)  # the client moves on: the first therapist loses access
    assert login(therapist).get(f"/therapist/clients/{client.id}/journal").status_code == 404
    assert login(other).get(f"/therapist/clients/{client.id}/journal").status_code == 200


def test_unverified_therapists_and_clients_cannot_open_the_therapist_view(session, pair, make, login):
    _, client = pair
    assert login(make.therapist(verified=False)).get(f"/therapist/clients/{client.id}/journal").status_code == 403
    assert login(client).get(f"/therapist/clients/{client.id}/journal").status_code == 403


def test_therapists_cannot_use_client_pages(session, pair, login):
    therapist, _ = pair
    assert login(therapist).get("/reflect").status_code == 403
    assert login(therapist).post("/reflect/checkin", data={"mood": "5"}).status_code == 403


# The mirror ------------------------------------------------------------------------------------------------


def post_frame(browser, body: bytes):
    return browser.open(
        "/api/reflect/frame",
        method="POST",
        data=body,
        content_type="image/jpeg",
        headers={"X-CSRFToken": browser.csrf_token()},
    )


def test_mirror_page_and_a_real_face_gives_probabilities(session, pair, login):
    _, client = pair
    browser = login(client)
    page = browser.get("/reflect/mirror")
    assert page.status_code == 200 and "reflect-mirror.js" in page.text
    response = post_frame(browser, face_jpeg())
    assert response.status_code == 200, response.text
    result = response.get_json()
    assert result["face"] is True
    assert abs(sum(result["probabilities"].values()) - 1) < 0.01 and result["dominant"] in result["probabilities"]
    assert session.scalars(select(JournalEntry)).first() is None  # nothing stored


@pytest.mark.parametrize(
    "body", [b"not a jpeg at all", b"\xff\xd8\xff" + b"\x00" * 100, b"\xff\xd8\xff" + b"\x00" * (1024 * 1024 + 1)]
)
def test_mirror_refuses_bad_frames_with_400_json(pair, login, body):
    _, client = pair
    response = post_frame(login(client), body)
    assert response.status_code == 400
    assert response.get_json()["error"]["message"]


def test_mirror_api_needs_a_signed_in_client(pair, browser, login):
    therapist, _ = pair
    assert post_frame(browser, face_jpeg()).status_code == 401
    assert post_frame(login(therapist), face_jpeg()).status_code == 403


def test_mirror_summary_is_saved_only_when_posted(session, pair, login):
    _, client = pair
    browser = login(client)
    response = browser.send_json("POST", "/api/reflect/summary", {"seconds": 180, "counts": {"neutral": 3, "happy": 1}})
    assert response.status_code == 201, response.text
    entry = only_entry(session, client)
    assert entry.kind == "free" and entry.shared is False
    assert entry.body == "Self-reflection, 3 minutes: mostly neutral (75 %), happy (25 %)."
    bad = browser.send_json("POST", "/api/reflect/summary", {"seconds": 10, "counts": {"smug": 1}})
    assert bad.status_code == 400


# Export and deletion ---------------------------------------------------------------------------------------------


def test_export_holds_journal_and_checkins_and_deletion_removes_them(session, pair, login):
    _, client = pair
    browser = login(client)
    browser.post("/reflect/journal/new?kind=free", data={"body": "Export me"})
    browser.post("/reflect/journal/new?kind=thought_record", data=thought_form())
    browser.post("/reflect/checkin", data={"mood": "8", "tags": ["happy"], "note": "fine"})
    actor = Actor(client.id, client.role, "127.0.0.1")
    archive = zipfile.ZipFile(io.BytesIO(data_rights.build_export(session, client, actor)))
    journal = json.loads(archive.read("journal.json"))
    assert {e["kind"] for e in journal} == {"free", "thought_record"}
    assert any(e["body"] == "Export me" for e in journal)
    assert any(isinstance(e["body"], dict) and e["body"]["automatic_thought"] == "Nobody likes me." for e in journal)
    checkins = json.loads(archive.read("mood_checkins.json"))
    assert checkins[0]["mood"] == 8 and checkins[0]["note"] == "fine"

    data_rights.delete_client_account(session, client, "a calm green valley", actor)
    session.expire_all()
    assert session.scalars(select(JournalEntry)).first() is None
    assert session.scalars(select(MoodCheckin)).first() is None
