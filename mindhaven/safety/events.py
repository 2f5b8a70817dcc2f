"""Recording a safety event: one shared entry point for every feature that sees risk in what a client wrote.

`record_safety_event` adds the SafetyEvent and an in-app notification to the client's current therapist (if any)
to the caller's session; the caller commits. The notification never repeats the client's words: the therapist
opens the client record to see what happened. The journal, mood check-ins and assessments call this; the chatbot
may too.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from mindhaven.accounts.models import User
from mindhaven.policy import therapist_of
from mindhaven.safety.models import SafetyEvent
from mindhaven.scheduling.models import Notification

# How each source reads in the therapist's notification.
SOURCE_LABELS = {
    "journal": "journal",
    "checkin": "mood check-in",
    "phq9_item9": "PHQ-9 answers",
    "assessment": "assessment answers",
    "chat": "chat",
    "chatbot": "support chat",
    "intake": "intake",
}


def record_safety_event(session: Session, client: User, source: str, record_id: int | None) -> SafetyEvent:
    """Store a SafetyEvent for `client` and notify their current therapist; flushed, not committed."""
    therapist = therapist_of(session, client.id)
    event = SafetyEvent(
        client_id=client.id,
        therapist_id=therapist.id if therapist is not None else None,
        source=source,
        record_id=record_id,
    )
    session.add(event)
    if therapist is not None:
        where = SOURCE_LABELS.get(source, source.replace("_", " "))
        session.add(
            Notification(
                user_id=therapist.id,
                message=f"A safety concern was flagged in {client.display_name}'s {where}. Please check in.",
                link=f"/therapist/clients/{client.id}",
            )
        )
    session.flush()
    return event
