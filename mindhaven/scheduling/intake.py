"""The intake questionnaire: validate a client's answers, store them, and turn them into matching preferences."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mindhaven.accounts.models import TherapistProfile, TherapistStatus, User
from mindhaven.accounts.vocab import GENDERS, LANGUAGES, SPECIALTIES
from mindhaven.dbtypes import utcnow
from mindhaven.errors import ValidationFailed
from mindhaven.records.models import CareAssignment
from mindhaven.safety.crisis import crisis_check
from mindhaven.scheduling import availability
from mindhaven.scheduling.matching import TIME_OF_DAY, Candidate, Match, Preferences, rank_therapists
from mindhaven.scheduling.models import Intake

PRIOR_THERAPY = {"no": "No, this is my first time", "yes": "Yes, in the past", "current": "Yes, I see someone now"}
NOTES_MAX = 2000


def _pick(values: Sequence[str], vocabulary: Mapping[str, str], field: str, label: str) -> list[str]:
    unknown = [v for v in values if v not in vocabulary]
    if unknown:
        raise ValidationFailed(f"Please choose {label} from the list.", field)
    return sorted(set(values))


def parse_budget(value: str) -> int | None:
    """'25' or '25.50' in the platform currency -> minor units; empty means no limit."""
    text = (value or "").strip().replace(",", "")
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValidationFailed(
            "Give your budget as a number, for example 25 or 25.50, or leave it empty.", "budget"
        ) from None
    if not amount.is_finite() or not 0 <= amount <= 10_000:
        raise ValidationFailed("Give a budget between 0 and 10,000, or leave it empty.", "budget")
    return int((amount * 100).to_integral_value())


def save_intake(session: Session, client: User, form: Mapping[str, object]) -> tuple[Intake, bool]:
    """Store the answers; returns the intake and whether the free text raised a crisis flag."""

    def many(name: str) -> list[str]:
        getter = getattr(form, "getlist", None)
        values = getter(name) if getter else form.get(name, [])
        return [str(v) for v in (values or [])]

    concerns = _pick(many("concerns"), SPECIALTIES, "concerns", "what you would like help with")
    if not concerns:
        raise ValidationFailed("Choose at least one thing you would like help with.", "concerns")
    languages = _pick(many("languages"), LANGUAGES, "languages", "languages")
    if not languages:
        raise ValidationFailed("Choose at least one language you are comfortable in.", "languages")
    gender = str(form.get("gender_preference") or "").strip() or None
    if gender is not None and (gender not in GENDERS or gender == "undisclosed"):
        raise ValidationFailed("Please choose a therapist gender from the list, or no preference.", "gender_preference")
    try:
        days = sorted({int(d) for d in many("days")})
    except ValueError:
        raise ValidationFailed("Please choose days from the list.", "days") from None
    if any(d not in range(7) for d in days):
        raise ValidationFailed("Please choose days from the list.", "days")
    times = _pick(many("times"), TIME_OF_DAY, "times", "times of day")
    prior = str(form.get("prior_therapy") or "no")
    if prior not in PRIOR_THERAPY:
        raise ValidationFailed("Please answer whether you have had therapy before.", "prior_therapy")
    notes = str(form.get("notes") or "").strip()
    if len(notes) > NOTES_MAX:
        raise ValidationFailed(f"Please keep this under {NOTES_MAX} characters.", "notes")

    intake = session.get(Intake, client.id) or Intake(client_id=client.id)
    intake.concerns, intake.languages, intake.gender_preference = concerns, languages, gender
    intake.budget_minor = parse_budget(str(form.get("budget") or ""))
    intake.needs_reduced_fee = str(form.get("needs_reduced_fee") or "") in ("1", "on", "true", "yes")
    intake.days, intake.times, intake.prior_therapy, intake.notes = days, times, prior, notes
    intake.updated_at = utcnow()
    session.add(intake)
    at_risk = crisis_check(notes).at_risk
    if at_risk:
        from mindhaven.safety.events import record_safety_event

        record_safety_event(session, client, "intake", None)
    session.commit()
    return intake, at_risk


def preferences(intake: Intake, client: User) -> Preferences:
    return Preferences(
        concerns=frozenset(intake.concerns),
        languages=frozenset(intake.languages),
        gender=intake.gender_preference,
        budget_minor=intake.budget_minor,
        needs_reduced_fee=intake.needs_reduced_fee,
        days=frozenset(intake.days),
        times=frozenset(intake.times),
        timezone=client.timezone,
    )


def candidates(session: Session, now: datetime) -> list[Candidate]:
    """Every verified, active therapist with their open slots in the next 14 days and current caseload."""
    caseloads = dict(
        session.execute(
            select(CareAssignment.therapist_id, func.count())
            .where(CareAssignment.ended_at.is_(None))
            .group_by(CareAssignment.therapist_id)
        ).all()
    )
    therapists = session.scalars(
        select(User)
        .join(TherapistProfile, TherapistProfile.user_id == User.id)
        .where(TherapistProfile.status == TherapistStatus.VERIFIED, User.active.is_(True))
        .order_by(User.id)
    )
    found = []
    for therapist in therapists:
        profile = therapist.therapist_profile
        found.append(
            Candidate(
                therapist_id=therapist.id,
                name=therapist.display_name,
                languages=tuple(profile.languages),
                specialties=tuple(profile.specialties),
                gender=profile.gender,
                fee_minor=profile.fee_minor,
                reduced_fee_minor=profile.reduced_fee_minor,
                free_consultation=profile.free_consultation,
                open_slots=tuple(availability.upcoming_slots(session, therapist, now)),
                caseload=caseloads.get(therapist.id, 0),
                max_caseload=max(1, profile.max_caseload),
            )
        )
    return found


def matches_for(session: Session, client: User, money, now: datetime | None = None, limit: int = 3) -> list[Match]:
    intake = session.get(Intake, client.id)
    if intake is None:
        return []
    now = now or utcnow()
    return rank_therapists(preferences(intake, client), candidates(session, now), now=now, limit=limit, money=money)
