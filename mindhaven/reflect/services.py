"""Self-reflection use cases: journal entries, CBT thought records, mood check-ins, streaks, therapist reading.

Plain functions over a SQLAlchemy session; they raise domain errors (ValidationFailed, NotFound) that the routes
turn into 4xx answers, and they never commit except where noted: the route commits once per request.
Every piece of client-written text passes `crisis_check`; on risk the entry is still saved and a safety event
(with a notification to the therapist) is recorded, and the caller shows crisis resources at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from mindhaven.accounts.models import User
from mindhaven.dbtypes import utcnow
from mindhaven.errors import NotFound, ValidationFailed
from mindhaven.policy import client_visible_to
from mindhaven.reflect.models import JournalEntry, MoodCheckin
from mindhaven.reflect.prompts import EMOTION_TAGS, KINDS, PROMPTS, REQUIRED_THOUGHT_FIELDS, THOUGHT_FIELDS
from mindhaven.reflect.sentiment import sentiment
from mindhaven.safety.crisis import crisis_check
from mindhaven.safety.events import record_safety_event
from mindhaven.security import audit

MAX_BODY = 20_000
MAX_FIELD = 5_000
MAX_NOTE = 500
MAX_EMOTIONS = 6
MAX_EMOTION_NAME = 40


@dataclass(frozen=True)
class Saved:
    """What a write produced, and whether the text suggested risk (show crisis resources now)."""

    record: JournalEntry | MoodCheckin
    at_risk: bool


# Time: the client's own calendar day, and streaks --------------------------------------------------------


def zone_of(user: User) -> ZoneInfo:
    try:
        return ZoneInfo(user.timezone or "UTC")
    except Exception:  # noqa: BLE001 - a bad stored zone must not break check-ins
        return ZoneInfo("UTC")


def local_day(zone: ZoneInfo | str, now: datetime) -> date:
    """The calendar day it is at `now` (aware, any zone) in `zone`."""
    tz = ZoneInfo(zone) if isinstance(zone, str) else zone
    return now.astimezone(tz).date()


def streak(days: Iterable[date], today: date) -> int:
    """Consecutive days with a check-in, ending today, or yesterday when there is none today yet."""
    have = set(days)
    day = today if today in have else today - timedelta(days=1)
    count = 0
    while day in have:
        count += 1
        day -= timedelta(days=1)
    return count


def current_streak(session: Session, client: User, now: datetime | None = None) -> int:
    today = local_day(zone_of(client), now or utcnow())
    since = today - timedelta(days=3660)
    days = session.scalars(
        select(MoodCheckin.local_day)
        .where(MoodCheckin.client_id == client.id, MoodCheckin.local_day >= since)
        .distinct()
    )
    return streak(days, today)


# Journal ---------------------------------------------------------------------------------------------------


def _text(form: Mapping, name: str, limit: int, label: str, required: bool = False) -> str:
    value = form.get(name)
    value = "" if value is None else str(value).replace("\r\n", "\n").strip()
    if required and not value:
        raise ValidationFailed(f"Please fill in: {label}.", name)
    if len(value) > limit:
        raise ValidationFailed(f"{label} is too long: at most {limit:,} characters.", name)
    return value


def _intensity(raw: object, label: str, field: str, required: bool) -> int | None:
    text = "" if raw is None else str(raw).strip()
    if not text:
        if required:
            raise ValidationFailed(f"Give an intensity from 0 to 100 for {label}.", field)
        return None
    try:
        value = int(text)
    except ValueError:
        raise ValidationFailed(f"The intensity for {label} must be a whole number from 0 to 100.", field) from None
    if not 0 <= value <= 100:
        raise ValidationFailed(f"The intensity for {label} must be between 0 and 100.", field)
    return value


def _getlist(form: Mapping, name: str) -> list:
    if hasattr(form, "getlist"):
        return list(form.getlist(name))
    value = form.get(name)
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def parse_thought_record(form: Mapping) -> dict:
    """Validate a thought record from a form (emotion_name / emotion_intensity / emotion_rerated as parallel lists)."""
    record: dict = {}
    for name, label in THOUGHT_FIELDS.items():
        record[name] = _text(form, name, MAX_FIELD, label.split(":")[0], required=name in REQUIRED_THOUGHT_FIELDS)
    names = _getlist(form, "emotion_name")
    intensities = _getlist(form, "emotion_intensity")
    rerated = _getlist(form, "emotion_rerated")
    emotions = []
    for i, raw_name in enumerate(names):
        name = str(raw_name or "").strip()
        first = intensities[i] if i < len(intensities) else None
        second = rerated[i] if i < len(rerated) else None
        if not name:
            if str(first or "").strip() or str(second or "").strip():
                raise ValidationFailed("Name the emotion you rated.", "emotions")
            continue
        if len(name) > MAX_EMOTION_NAME:
            raise ValidationFailed(f"An emotion name can be at most {MAX_EMOTION_NAME} characters.", "emotions")
        emotions.append(
            {
                "name": name,
                "intensity": _intensity(first, f"“{name}”", "emotions", required=True),
                "rerated": _intensity(second, f"“{name}” (re-rated)", "emotions", required=False),
            }
        )
    if not emotions:
        raise ValidationFailed("Name at least one emotion and how strong it was (0–100).", "emotions")
    if len(emotions) > MAX_EMOTIONS:
        raise ValidationFailed(f"At most {MAX_EMOTIONS} emotions per thought record.", "emotions")
    record["emotions"] = emotions
    return record


def thought_record_of(entry: JournalEntry) -> dict | None:
    if entry.kind != "thought_record":
        return None
    try:
        data = json.loads(entry.body)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def thought_record_text(record: Mapping) -> str:
    """The text fields of a thought record, joined: what sentiment and the crisis check read."""
    return "\n".join(str(record.get(name) or "") for name in THOUGHT_FIELDS).strip()


def _parse_entry(kind: str, form: Mapping, prompt: str | None = None) -> tuple[str | None, str, str]:
    """(prompt, stored body, text to score and check) for a submitted entry of this kind."""
    if kind not in KINDS:
        raise ValidationFailed("Choose a kind of entry: free, guided prompt or thought record.", "kind")
    if kind == "thought_record":
        record = parse_thought_record(form)
        return None, json.dumps(record, ensure_ascii=False), thought_record_text(record)
    if kind == "prompt" and prompt is None:  # a new entry; an edit keeps the entry's own prompt
        prompt = str(form.get("prompt") or "").strip()
        if prompt not in PROMPTS:
            raise ValidationFailed("Choose one of the guided prompts.", "prompt")
    body = _text(form, "body", MAX_BODY, "Your entry", required=True)
    return prompt, body, body


def _flag(session: Session, client: User, source: str, text: str, record_id: int) -> bool:
    if not crisis_check(text).at_risk:
        return False
    record_safety_event(session, client, source, record_id)
    return True


def create_entry(session: Session, client: User, kind: str, form: Mapping) -> Saved:
    prompt, body, text = _parse_entry(kind, form)
    entry = JournalEntry(
        client_id=client.id,
        kind=kind,
        prompt=prompt,
        body=body,
        sentiment=sentiment(text),
        shared=_checked(form.get("shared")),
    )
    session.add(entry)
    session.flush()
    return Saved(entry, _flag(session, client, "journal", text, entry.id))


def update_entry(session: Session, client: User, entry_id: int, form: Mapping) -> Saved:
    entry = entry_for(session, client, entry_id)
    _, body, text = _parse_entry(entry.kind, form, prompt=entry.prompt)
    entry.body = body
    entry.sentiment = sentiment(text)
    entry.shared = _checked(form.get("shared"))
    entry.updated_at = utcnow()
    session.flush()
    return Saved(entry, _flag(session, client, "journal", text, entry.id))


def _checked(value: object) -> bool:
    return str(value or "").lower() in ("on", "true", "1", "yes")


def set_entry_shared(session: Session, client: User, entry_id: int, shared: bool) -> JournalEntry:
    entry = entry_for(session, client, entry_id)
    entry.shared = shared
    session.flush()
    return entry


def delete_entry(session: Session, client: User, entry_id: int) -> None:
    session.delete(entry_for(session, client, entry_id))
    session.flush()


def entry_for(session: Session, client: User, entry_id: int) -> JournalEntry:
    """The client's own entry; NotFound for anyone else's (its existence is not revealed)."""
    entry = session.get(JournalEntry, entry_id)
    if entry is None or entry.client_id != client.id:
        raise NotFound("No such journal entry.")
    return entry


def entries_of(session: Session, client: User, limit: int | None = None) -> list[JournalEntry]:
    query = (
        select(JournalEntry)
        .where(JournalEntry.client_id == client.id)
        .order_by(JournalEntry.created_at.desc(), JournalEntry.id.desc())
    )
    return list(session.scalars(query.limit(limit) if limit else query))


# Mood check-ins ---------------------------------------------------------------------------------------------


def add_checkin(session: Session, client: User, form: Mapping, now: datetime | None = None) -> Saved:
    raw = str(form.get("mood") or "").strip()
    try:
        mood = int(raw)
    except ValueError:
        raise ValidationFailed("Choose your mood from 0 (very low) to 10 (very good).", "mood") from None
    if not 0 <= mood <= 10:
        raise ValidationFailed("Your mood must be between 0 and 10.", "mood")
    tags = [str(t) for t in _getlist(form, "tags")]
    unknown = [t for t in tags if t not in EMOTION_TAGS]
    if unknown:
        raise ValidationFailed("Choose emotions from the list.", "tags")
    tags = [t for t in EMOTION_TAGS if t in tags]
    note = _text(form, "note", MAX_NOTE, "Your note")
    now = now or utcnow()
    checkin = MoodCheckin(
        client_id=client.id,
        mood=mood,
        tags=tags,
        note=note,
        sentiment=sentiment(note),
        shared=_checked(form.get("shared")),
        local_day=local_day(zone_of(client), now),
        created_at=now,
    )
    session.add(checkin)
    session.flush()
    return Saved(checkin, _flag(session, client, "checkin", note, checkin.id))


def checkins_of(session: Session, client: User, limit: int | None = None) -> list[MoodCheckin]:
    query = (
        select(MoodCheckin)
        .where(MoodCheckin.client_id == client.id)
        .order_by(MoodCheckin.created_at.desc(), MoodCheckin.id.desc())
    )
    return list(session.scalars(query.limit(limit) if limit else query))


def checkin_for(session: Session, client: User, checkin_id: int) -> MoodCheckin:
    checkin = session.get(MoodCheckin, checkin_id)
    if checkin is None or checkin.client_id != client.id:
        raise NotFound("No such check-in.")
    return checkin


def text_of(entry: JournalEntry) -> str:
    """What the client wrote in an entry, as the crisis check read it."""
    record = thought_record_of(entry)
    return thought_record_text(record) if record is not None else entry.body


def set_checkin_shared(session: Session, client: User, checkin_id: int, shared: bool) -> MoodCheckin:
    checkin = checkin_for(session, client, checkin_id)
    checkin = shared
    session.flush()
    return checkin


# The therapist's view -------------------------------------------------------------------------------------


SHARED_PAGE_SIZE = 50


@dataclass(frozen=True)
class SharedReflection:
    client: User
    entries: list[JournalEntry]
    checkins: list[MoodCheckin]
    page: int = 1
    has_older: bool = False  # either list goes on past this page


def page_number(raw: object) -> int:
    """A page number from a query string: 1 when absent, else a whole number from 1 to 10,000."""
    if raw is None or raw == "":
        return 1
    try:
        page = int(str(raw))
    except ValueError:
        raise ValidationFailed("The page must be a whole number.", "page") from None
    if not 1 <= page <= 10_000:
        raise ValidationFailed("The page must be between 1 and 10,000.", "page")
    return page


def _newest_first(session: Session, model, client: User, page: int, size: int) -> tuple[list, bool]:
    """One page of a client's shared records of one kind, newest first, and whether older ones follow."""
    rows = list(
        session.scalars(
            select(model)
            .where(model.client_id == client.id, model.shared.is_(True))
            .order_by(model.created_at.desc(), model.id.desc())
            .offset((page - 1) * size)
            .limit(size + 1)
        )
    )
    return rows[:size], len(rows) > size


def shared_entries(
    session: Session,
    therapist: User,
    client_id: int,
    actor: audit.Actor | None = None,
    page: int = 1,
    size: int = SHARED_PAGE_SIZE,
) -> SharedReflection:
    """One page of what a current client chose to share with this (verified) therapist, newest first; every record
    shown is audit-logged (and only those).

    NotFound when the client is not in this therapist's current caseload, whether or not they exist.
    """
    if not therapist.is_therapist:
        raise NotFound("No such client in your caseload.")
    client = client_visible_to(session, therapist, client_id)
    entries, more_entries = _newest_first(session, JournalEntry, client, page, size)
    checkins, more_checkins = _newest_first(session, MoodCheckin, client, page, size)
    actor = actor or audit.Actor(therapist.id, therapist.role)
    for entry in entries:
        audit.record(session, actor, "read", "journal_entry", entry.id, client.id)
    for checkin in checkins:
        audit.record(session, actor, "read", "mood_checkin", checkin.id, client.id)
    return SharedReflection(client, entries, checkins, page, more_entries or more_checkins)


# The webcam self-view's optional summary ----------------------------------------------------------------


def mirror_summary_text(seconds: object, counts: object) -> str:
    """'Self-reflection, 3 minutes: mostly neutral (60 %), happy (25 %), sad (15 %).' from per-label frame counts."""
    from mindhaven.emotion.labels import LABELS

    try:
        seconds = int(seconds)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValidationFailed("The summary needs its length in seconds.", "seconds") from None
    if not 0 <= seconds <= 4 * 3600:
        raise ValidationFailed("The summary's length must be between 0 seconds and 4 hours.", "seconds")
    if not isinstance(counts, Mapping) or not counts:
        raise ValidationFailed("The summary needs the count of readings per emotion.", "counts")
    clean: dict[str, int] = {}
    for label, value in counts.items():
        if label not in LABELS:
            raise ValidationFailed(f"Unknown emotion {str(label)[:20]!r}.", "counts")
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1_000_000:
            raise ValidationFailed("Counts must be whole numbers.", "counts")
        if value:
            clean[label] = value
    total = sum(clean.values())
    if not total:
        raise ValidationFailed("There are no readings to summarise yet.", "counts")
    minutes = round(seconds / 60)
    length = f"{minutes} minute{'s' if minutes != 1 else ''}" if minutes else f"{seconds} seconds"
    ranked = sorted(clean.items(), key=lambda kv: (-kv[1], kv[0]))
    parts = [f"{label} ({round(100 * n / total)} %)" for label, n in ranked]
    return f"Self-reflection, {length}: mostly {', '.join(parts)}."


def save_mirror_summary(session: Session, client: User, payload: Mapping) -> JournalEntry:
    text = mirror_summary_text(payload.get("seconds"), payload.get("counts"))
    entry = JournalEntry(client_id=client.id, kind="free", body=text, sentiment=None, shared=False)
    session.add(entry)
    session.flush()
    return entry
