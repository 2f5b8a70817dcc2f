"""The therapist's side of a safety event: which clients have flags not yet reviewed, and marking them reviewed.

A notification alone was easy to miss among "New session booked" ones. The therapist's home page lists every
client in their caseload with unreviewed flags, and the client's record shows them until the therapist marks them
reviewed. Reviewing is a change to a clinical record, so it is audit-logged. Flags never show the client's words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from mindhaven.accounts.models import User
from mindhaven.dbtypes import utcnow
from mindhaven.policy import client_visible_to
from mindhaven.records.models import CareAssignment
from mindhaven.safety.events import SOURCE_LABELS
from mindhaven.safety.models import SafetyEvent
from mindhaven.security import audit


@dataclass(frozen=True)
class ClientAlert:
    client_id: int
    client_name: str
    count: int
    latest: datetime
    sources: tuple[str, ...]  # where the flags came from, as the therapist reads them: "journal", "support chat"


def _unreviewed(session: Session, client_ids: list[int]) -> list[SafetyEvent]:
    if not client_ids:
        return []
    return list(
        session.scalars(
            select(SafetyEvent)
            .where(SafetyEvent.client_id.in_(client_ids), SafetyEvent.acknowledged_at.is_(None))
            .order_by(SafetyEvent.created_at.desc(), SafetyEvent.id.desc())
        )
    )


def _summaries(session: Session, events: list[SafetyEvent]) -> list[ClientAlert]:
    by_client: dict[int, list[SafetyEvent]] = {}
    for event in events:
        by_client.setdefault(event.client_id, []).append(event)
    alerts = []
    for client_id, own in by_client.items():
        client = session.get(User, client_id)
        sources = tuple(dict.fromkeys(SOURCE_LABELS.get(e.source, e.source.replace("_", " ")) for e in own))
        alerts.append(
            ClientAlert(client_id, client.display_name if client else "", len(own), own[0].created_at, sources)
        )
    return sorted(alerts, key=lambda alert: alert.latest, reverse=True)


def open_alerts(session: Session, therapist: User) -> list[ClientAlert]:
    """Unreviewed flags of the therapist's current clients, newest first, one entry per client.

    Flags raised while a client was with another therapist count too: the current therapist is the one to act.
    """
    client_ids = list(
        session.scalars(
            select(CareAssignment.client_id).where(
                CareAssignment.therapist_id == therapist.id, CareAssignment.ended_at.is_(None)
            )
        )
    )
    return _summaries(session, _unreviewed(session, client_ids))


def client_alert(session: Session, therapist: User, client_id: int) -> ClientAlert | None:
    """One client's unreviewed flags, or None; NotFound when the client is not the therapist's to see."""
    client = client_visible_to(session, therapist, client_id)
    summaries = _summaries(session, _unreviewed(session, [client.id]))
    return summaries[0] if summaries else None


def mark_reviewed(session: Session, therapist: User, actor: audit.Actor, client_id: int) -> int:
    """Mark the client's unreviewed flags as reviewed now; returns how many. Audit-logged; the caller commits."""
    client = client_visible_to(session, therapist, client_id)
    events = _unreviewed(session, [client.id])
    now = utcnow()
    for event in events:
        event.acknowledged_at = now
    if events:
        audit.record(session, actor, "update", "safety_events", client.id, client.id, f"reviewed={len(events)}")
    session.flush()
    return len(events)
