"""The cancellation policy, as plain functions the pages and the services share."""

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
    cost: str = ""  # what cancelling now costs, in one sentence, for the confirmation page


def cancellation_terms(
    starts_at: datetime, now: datetime, by_therapist: bool, fee: str, free: bool = False
) -> CancellationTerms:
    """What cancelling now means, in words a client can act on.

    Clients cancel or reschedule free up to 24 hours before; later, cancelling is still possible but the fee
    stays due (the therapist may waive it). A therapist's cancellation never costs the client anything. `fee` is
    the session fee in words ("USD 50.00"); `free` says the session costs nothing (a free first consultation).
    """
    if now >= starts_at:
        return CancellationTerms(False, False, False, "This session has already started, so it cannot be cancelled.")
    if by_therapist:
        return CancellationTerms(
            True, False, True, "Your client will be told at once and will not be charged.", "Your client pays nothing."
        )
    if starts_at - now >= FREE_CANCELLATION:
        return CancellationTerms(
            True,
            False,
            True,
            "You can cancel or move this session free of charge until 24 hours before it starts.",
            "It is more than 24 hours away, so cancelling is free of charge.",
        )
    if free:
        return CancellationTerms(
            True,
            True,
            False,
            "Less than 24 hours remain: this session is free, so cancelling costs nothing, but moving it is no "
            "longer possible; message your therapist if something has come up.",
            "It starts in less than 24 hours, so this is a late cancellation; the session is free, so nothing is due.",
        )
    return CancellationTerms(
        True,
        True,
        False,
        f"Less than 24 hours remain: if you cancel now, the session fee ({fee}) stays due unless your therapist "
        "waives it. Moving it is no longer possible; message your therapist if something has come up.",
        f"It starts in less than 24 hours, so this is a late cancellation: the session fee ({fee}) stays due "
        "unless your therapist waives it.",
    )


def booking_terms(starts_at: datetime, now: datetime, fee: str, free: bool = False) -> str:
    """What the booking confirmation page says about cancelling or moving the session later.

    A slot less than 24 hours away is already past the free change window: say so, and what cancelling costs.
    """
    if starts_at - now >= FREE_CANCELLATION:
        return (
            "You can cancel or move it free of charge until 24 hours before it starts. Later cancellations keep "
            "the fee due unless your therapist waives it."
        )
    if free:
        return (
            "This session starts in less than 24 hours, so the free change window has already passed: once "
            "booked, it cannot be moved. It is free, so cancelling it would cost nothing."
        )
    return (
        "This session starts in less than 24 hours, so the free change window has already passed: once booked, "
        f"it cannot be moved, and if you cancel it, the session fee ({fee}) stays due unless your therapist waives it."
    )
