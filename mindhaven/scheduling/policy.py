"""The cancellation policy, as a plain function the pages and the services share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

FREE_CANCELLATION = timedelta(hours=24)


@dataclass(frozen=True)
class CancellationTerms:
    allowed: bool
    late: bool  # within 24 hours: the session fee stays due
    can_reschedule: bool
    message: str


def cancellation_terms(starts_at: datetime, now: datetime, by_therapist: bool, fee: str) -> CancellationTerms:
    """What cancelling now means, in words a client can act on.

    Clients cancel or reschedule free up to 24 hours before; later, cancelling is still possible but the fee
    stays due (the therapist may waive it). A therapist's cancellation never costs the client anything.
    """
    if now >= starts_at:
        return CancellationTerms(False, False, False, "This session has already started, so it cannot be cancelled.")
    if by_therapist:
        return CancellationTerms(True, False, True, "Your client will be told at once and will not be charged.")
    if starts_at - now >= FREE_CANCELLATION:
        return CancellationTerms(
            True, False, True, "You can cancel or move this session free of charge until 24 hours before it starts."
        )
    return CancellationTerms(
        True,
        True,
        False,
        f"Less than 24 hours remain: if you cancel now, the session fee ({fee}) stays due unless your therapist "
        "waives it. Moving it is no longer possible; message your therapist if something has come up.",
    )
