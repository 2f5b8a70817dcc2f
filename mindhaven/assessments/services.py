"""Assessments use cases: take a questionnaire, see what is due, read the history, export it.

PHQ-9 and GAD-7 are offered at intake (when never done) and again every 14 days after the last one of each kind.
Any answer above 0 on PHQ-9 item 9 starts the safety flow at once: a SafetyEvent and an alert to the client's
current therapist (`record_safety_event`); the route shows crisis resources on the same response.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from mindhaven.accounts.models import User
from mindhaven.assessments import instruments
from mindhaven.assessments.instruments import Instrument
from mindhaven.assessments.models import AssessmentResult
from mindhaven.dbtypes import utcnow
from mindhaven.errors import Forbidden
from mindhaven.safety.events import record_safety_event

INTERVAL = timedelta(days=14)


@dataclass(frozen=True)
class Submitted:
    result: AssessmentResult
    safety_flagged: bool  # PHQ-9 item 9 above 0: show crisis resources now


@dataclass(frozen=True)
class Schedule:
    instrument: Instrument
    last: AssessmentResult | None
    next_due: datetime | None  # None: never taken, due now
    is_due: bool


def _require_client(user: User) -> None:
    if not user.is_client:
        raise Forbidden("Only clients take questionnaires.")


def submit(session: Session, client: User, kind: str, answers: Sequence[object]) -> Submitted:
    """Score and store one completed questionnaire; commits. InvalidAnswers (400) when answers do not fit."""
    _require_client(client)
    clean = instruments.validate(kind, answers)
    total = sum(clean)
    result = AssessmentResult(
        client_id=client.id, kind=kind, answers=clean, score=total, band=instruments.band_for(kind, total)
    )
    session.add(result)
    session.flush()  # the id goes into the safety event
    flagged = instruments.needs_safety_flow(kind, clean)
    if flagged:
        record_safety_event(session, client, "phq9_item9", result.id)
    session.commit()
    return Submitted(result, flagged)


def last_result(session: Session, client_id: int, kind: str) -> AssessmentResult | None:
    return session.scalars(
        select(AssessmentResult)
        .where(AssessmentResult.client_id == client_id, AssessmentResult.kind == kind)
        .order_by(AssessmentResult.created_at.desc(), AssessmentResult.id.desc())
        .limit(1)
    ).first()


def schedule(session: Session, client: User, now: datetime | None = None) -> list[Schedule]:
    """For each questionnaire: the last result, when the next is due, and whether it is due now."""
    now = now or utcnow()
    rows = []
    for inst in instruments.INSTRUMENTS.values():
        last = last_result(session, client.id, inst.kind)
        next_due = None if last is None else last.created_at + INTERVAL
        rows.append(Schedule(inst, last, next_due, next_due is None or now >= next_due))
    return rows


def due(session: Session, client: User, now: datetime | None = None) -> list[Instrument]:
    """The questionnaires due now: never taken (intake), or 14 days or more since the last of that kind."""
    if not client.is_client:
        return []
    return [row.instrument for row in schedule(session, client, now) if row.is_due]


def history(session: Session, client: User, kind: str | None = None) -> list[AssessmentResult]:
    """The client's results, newest first; one kind or all."""
    query = select(AssessmentResult).where(AssessmentResult.client_id == client.id)
    if kind is not None:
        instruments.instrument(kind)
        query = query.where(AssessmentResult.kind == kind)
    return list(session.scalars(query.order_by(AssessmentResult.created_at.desc(), AssessmentResult.id.desc())))


def result_for(session: Session, client: User, result_id: int) -> AssessmentResult | None:
    """One of the client's own results (None when it is not theirs)."""
    result = session.get(AssessmentResult, result_id)
    return result if result is not None and result.client_id == client.id else None


def assessments_export(session: Session, user: User) -> dict[str, object]:
    """The user's questionnaire results for the data export (clients only)."""
    if not user.is_client:
        return {}
    return {
        "assessments.json": [
            {
                "id": r.id,
                "kind": r.kind,
                "answers": r.answers,
                "score": r.score,
                "band": r.band,
                "created_at": r.created_at.isoformat(),
            }
            for r in sorted(history(session, user), key=lambda r: (r.created_at, r.id))
        ]
    }
