"""Rank verified therapists for a client after intake.

Clients arriving here are often anxious, new to therapy and short of money, so the ranking is deliberately simple:
hard rules (language, budget) decide who is shown at all, a fixed weighted score orders the rest, and every match
carries short plain-language reasons the client can read. Pure functions only: no database, no web framework.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from fractions import Fraction
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from mindhaven.accounts.vocab import GENDERS, LANGUAGES, SPECIALTIES
from mindhaven.scheduling.slots import Slot

TIME_OF_DAY: dict[str, tuple[int, int]] = {"morning": (6, 12), "afternoon": (12, 17), "evening": (17, 22)}

WEIGHT_SPECIALTY = 0.40
WEIGHT_AVAILABILITY = 0.30
WEIGHT_HEADROOM = 0.15
WEIGHT_GENDER = 0.15
SLOTS_FOR_FULL_AVAILABILITY = 6
NEARLY_FULL_HEADROOM = Fraction(1, 5)  # exact, so 8 of 10 clients (headroom 0.2) is not "nearly full"
WEEK = timedelta(days=7)
HORIZON = timedelta(days=14)

# English abbreviations of our own, so the reasons do not depend on the server's locale.
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    """The same list signup accepts, so a timezone stored on a profile is always valid here."""
    return frozenset(available_timezones())


def _codes(value: Iterable[str], vocabulary: dict[str, str] | Iterable[str], label: str) -> frozenset[str]:
    """Refuse a bare string (it would be split into letters) and codes outside the vocabulary."""
    if isinstance(value, str):
        raise ValueError(f"{label} must be a collection of codes, not a single string: {value!r}")
    codes = frozenset(value)
    known = set(vocabulary)
    unknown = sorted(repr(code) for code in codes if code not in known)
    if unknown:
        raise ValueError(f"Unknown {label}: {', '.join(unknown)}; expected one of {', '.join(sorted(known))}")
    return codes


@dataclass(frozen=True)
class Preferences:
    """What the client told us at intake; validated on construction so ranking never sees bad codes."""

    concerns: frozenset[str]
    languages: frozenset[str]
    gender: str | None
    budget_minor: int | None
    needs_reduced_fee: bool
    days: frozenset[int]
    times: frozenset[str]
    timezone: str

    def __post_init__(self) -> None:
        # Accept any iterable but store frozensets, so the instance stays hashable and immutable.
        object.__setattr__(self, "concerns", _codes(self.concerns, SPECIALTIES, "concern"))
        object.__setattr__(self, "languages", _codes(self.languages, LANGUAGES, "language"))
        object.__setattr__(self, "times", _codes(self.times, TIME_OF_DAY, "time of day"))
        if self.gender is not None and (self.gender not in GENDERS or self.gender == "undisclosed"):
            choices = ", ".join(code for code in GENDERS if code != "undisclosed")
            raise ValueError(f"Unknown gender preference {self.gender!r}; expected one of {choices}, or None")
        if self.budget_minor is not None and self.budget_minor < 0:
            raise ValueError(f"Budget cannot be negative: {self.budget_minor}")
        if isinstance(self.days, str):
            raise ValueError(f"days must be a collection of weekday numbers, not a string: {self.days!r}")
        days = frozenset(self.days)
        bad_days = [day for day in days if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6]
        if bad_days:
            raise ValueError(
                f"Weekdays must be whole numbers 0 (Monday) to 6 (Sunday), got {sorted(map(repr, bad_days))}"
            )
        object.__setattr__(self, "days", days)
        if not isinstance(self.timezone, str) or self.timezone not in _zones():
            raise ValueError(f"Unknown timezone {self.timezone!r}; use an IANA name like Asia/Kolkata or Europe/London")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class Candidate:
    """A verified therapist as matching needs to see them; built by the caller from the database."""

    therapist_id: int
    name: str
    languages: tuple[str, ...]
    specialties: tuple[str, ...]
    gender: str
    fee_minor: int
    reduced_fee_minor: int | None
    free_consultation: bool
    open_slots: tuple[Slot, ...]
    caseload: int
    max_caseload: int

    def __post_init__(self) -> None:
        # Headroom divides by max_caseload; fail with a message rather than ZeroDivisionError.
        if self.max_caseload <= 0:
            raise ValueError(f"Therapist {self.therapist_id}: max_caseload must be positive, got {self.max_caseload}")
        if self.caseload < 0:
            raise ValueError(f"Therapist {self.therapist_id}: caseload cannot be negative, got {self.caseload}")


@dataclass(frozen=True)
class Match:
    """One ranked therapist with everything the results page shows."""

    therapist_id: int
    name: str
    score: float
    reasons: tuple[str, ...]
    fee_minor: int
    uses_reduced_fee: bool
    usable_slots: tuple[Slot, ...]
    preferred_slots: int


def _by_time(slots: Iterable[Slot]) -> tuple[Slot, ...]:
    return tuple(sorted(slots, key=lambda slot: (slot.start, slot.end)))


def usable_slots(prefs: Preferences, candidate: Candidate) -> tuple[tuple[Slot, ...], int, bool] | None:
    """(slots the client may book, fee per session, uses_reduced_fee), or None when the budget rules exclude them.

    Sliding-scale slots are reserved for clients who declared financial need; everyone else never sees them. A
    therapist above budget is still shown to such a client when the reduced fee fits and a reduced slot is open.
    Reduced slots of a therapist with no reduced fee on record have no price, so they are never offered.
    """
    standard = [slot for slot in candidate.open_slots if not slot.reduced_fee]
    reduced_fee = candidate.reduced_fee_minor
    reduced = (
        [slot for slot in candidate.open_slots if slot.reduced_fee]
        if prefs.needs_reduced_fee and reduced_fee is not None
        else []
    )
    budget = prefs.budget_minor
    if budget is None or candidate.fee_minor <= budget:
        if reduced and not standard:
            assert reduced_fee is not None  # implied by `reduced` being non-empty
            return _by_time(reduced), reduced_fee, True
        return _by_time(standard + reduced), candidate.fee_minor, False
    if reduced and reduced_fee is not None and reduced_fee <= budget:
        return _by_time(reduced), reduced_fee, True
    return None


def in_preferred_times(slot: Slot, prefs: Preferences) -> bool:
    """Whether the slot starts on a preferred weekday and time of day, as the client's own clock shows it."""
    local = slot.start.astimezone(prefs.zone)
    if prefs.days and local.weekday() not in prefs.days:
        return False
    if not prefs.times:
        return True
    return any(TIME_OF_DAY[name][0] <= local.hour < TIME_OF_DAY[name][1] for name in prefs.times)


def _in_vocab_order(codes: Iterable[str], vocabulary: dict[str, str]) -> list[str]:
    """Stable order for reasons: the order the vocabulary lists them, not set iteration order."""
    chosen = set(codes)
    return [code for code in vocabulary if code in chosen]


def _slot_reason(preferred: Sequence[Slot], now: datetime, prefs: Preferences) -> str:
    this_week = sum(1 for slot in preferred if slot.start < now + WEEK)
    if this_week:
        noun = "slot" if this_week == 1 else "slots"
        budget = " within your budget" if prefs.budget_minor is not None else ""
        return f"{this_week} open {noun} this week{budget}"
    if preferred:
        local = preferred[0].start.astimezone(prefs.zone)
        return f"next open slot {_WEEKDAYS[local.weekday()]} {local.day} {_MONTHS[local.month - 1]}"
    return "no open slots in your preferred times yet"


def rank_therapists(
    prefs: Preferences,
    candidates: Sequence[Candidate],
    *,
    now: datetime,
    limit: int = 3,
    money: Callable[[int], str] = lambda minor: f"{minor / 100:.2f}",
) -> list[Match]:
    """The best `limit` therapists for this client, best first, each with the reasons it was chosen.

    Only slots starting in [now, now + 14 days) are considered: a slot already begun cannot be booked, and the
    availability score and "this week" wording assume that horizon.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware (for example datetime.now(timezone.utc)), got a naive datetime")
    if limit < 0:
        raise ValueError(f"limit cannot be negative: {limit}")

    real_concerns = prefs.concerns - {"other"}
    matches: list[Match] = []
    for candidate in candidates:
        matched_languages = _in_vocab_order(prefs.languages & set(candidate.languages), LANGUAGES)
        if prefs.languages and not matched_languages:
            continue
        in_horizon = tuple(slot for slot in candidate.open_slots if now <= slot.start < now + HORIZON)
        offer = usable_slots(prefs, replace(candidate, open_slots=in_horizon))
        if offer is None:
            continue
        slots, fee, uses_reduced_fee = offer
        preferred = [slot for slot in slots if in_preferred_times(slot, prefs)]

        matched_concerns = _in_vocab_order(real_concerns & set(candidate.specialties), SPECIALTIES)
        specialty = len(matched_concerns) / len(real_concerns) if real_concerns else 0.5
        availability = min(len(preferred), SLOTS_FOR_FULL_AVAILABILITY) / SLOTS_FOR_FULL_AVAILABILITY
        headroom = max(Fraction(0), 1 - Fraction(candidate.caseload, candidate.max_caseload))
        gender_matches = prefs.gender is not None and candidate.gender == prefs.gender
        gender = 1.0 if prefs.gender is None or gender_matches else 0.0
        score = round(
            WEIGHT_SPECIALTY * specialty
            + WEIGHT_AVAILABILITY * availability
            + WEIGHT_HEADROOM * float(headroom)
            + WEIGHT_GENDER * gender,
            4,
        )

        reasons: list[str] = []
        if prefs.languages:
            reasons.append("speaks " + " and ".join(LANGUAGES[code] for code in matched_languages[:2]))
        if matched_concerns:
            reasons.append("works with " + " and ".join(SPECIALTIES[code].lower() for code in matched_concerns[:2]))
        reasons.append(_slot_reason(preferred, now, prefs))
        if uses_reduced_fee:
            reasons.append(f"reduced fee {money(fee)} for you")
        if candidate.free_consultation:
            reasons.append("free first consultation")
        if gender_matches:
            reasons.append(f"{GENDERS[candidate.gender].lower()} therapist, as you asked")
        if headroom < NEARLY_FULL_HEADROOM:
            reasons.append("caseload nearly full")

        matches.append(
            Match(
                therapist_id=candidate.therapist_id,
                name=candidate.name,
                score=score,
                reasons=tuple(reasons),
                fee_minor=fee,
                uses_reduced_fee=uses_reduced_fee,
                usable_slots=slots,
                preferred_slots=len(preferred),
            )
        )

    matches.sort(key=lambda match: (-match.score, -match.preferred_slots, match.therapist_id))
    return matches[:limit]
