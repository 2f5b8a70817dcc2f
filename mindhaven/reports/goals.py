"""Treatment goals a therapist keeps for a current client, with dated progress notes (0-10 and a note).

Titles and notes are encrypted at rest (EncryptedText). Only the client's current, verified therapist reads or
writes them (`client_visible_to`: NotFound for anyone else), and every read and write is audit-logged. Goals
belong to the client's care, not to one therapist: a new therapist sees the goals set before them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from mindhaven.accounts.models import User
from mindhaven.errors import NotFound, ValidationFailed
from mindhaven.policy import client_visible_to
from mindhaven.reports.models import GoalProgress, TreatmentGoal
from mindhaven.security import audit

STATUSES = {"active": "Active", "achieved": "Achieved", "set_aside": "Set aside"}
TITLE_MAX = 300
NOTE_MAX = 5_000


@dataclass(frozen=True)
class Goal:
    goal: TreatmentGoal
    progress: list[GoalProgress]  # newest first

    @property
    def latest_rating(self) -> int | None:
        return next((p.rating for p in self.progress if p.rating is not None), None)


def _therapist_only(viewer: User) -> None:
    if not viewer.is_therapist:
        raise NotFound("No such client in your caseload.")


def list_goals(session: Session, viewer: User, actor: audit.Actor, client_id: int) -> tuple[User, list[Goal]]:
    _therapist_only(viewer)
    client = client_visible_to(session, viewer, client_id)
    goals = list(
        session.scalars(
            select(TreatmentGoal)
            .where(TreatmentGoal.client_id == client.id)
            .order_by(TreatmentGoal.created_at, TreatmentGoal.id)
        )
    )
    progress: dict[int, list[GoalProgress]] = {goal.id: [] for goal in goals}
    if goals:
        for row in session.scalars(
            select(GoalProgress)
            .where(GoalProgress.goal_id.in_(list(progress)))
            .order_by(GoalProgress.created_at.desc(), GoalProgress.id.desc())
        ):
            progress[row.goal_id].append(row)
    audit.record(session, actor, "read", "treatment_goals", None, client.id, f"goals={len(goals)}")
    session.commit()
    order = {"active": 0, "achieved": 1, "set_aside": 2}
    goals.sort(key=lambda goal: order.get(goal.status, 3))
    return client, [Goal(goal, progress[goal.id]) for goal in goals]


def add_goal(session: Session, viewer: User, actor: audit.Actor, client_id: int, title: str) -> TreatmentGoal:
    _therapist_only(viewer)
    client = client_visible_to(session, viewer, client_id)
    text = " ".join((title or "").split())
    if not text:
        raise ValidationFailed("Give the goal a short title.", "title")
    if len(text) > TITLE_MAX:
        raise ValidationFailed(f"Keep the title under {TITLE_MAX} characters.", "title")
    goal = TreatmentGoal(therapist_id=viewer.id, client_id=client.id, title=text, status="active")
    session.add(goal)
    session.flush()
    audit.record(session, actor, "create", "treatment_goal", goal.id, client.id)
    session.commit()
    return goal


def _goal(session: Session, viewer: User, client_id: int, goal_id: int) -> TreatmentGoal:
    _therapist_only(viewer)
    client = client_visible_to(session, viewer, client_id)
    goal = session.get(TreatmentGoal, goal_id)
    if goal is None or goal.client_id != client.id:
        raise NotFound("No such goal for this client.")
    return goal


def set_status(
    session: Session, viewer: User, actor: audit.Actor, client_id: int, goal_id: int, status: str
) -> TreatmentGoal:
    goal = _goal(session, viewer, client_id, goal_id)
    if status not in STATUSES:
        raise ValidationFailed("Choose active, achieved or set aside.", "status")
    goal.status = status
    audit.record(session, actor, "update", "treatment_goal", goal.id, goal.client_id, f"status={status}")
    session.commit()
    return goal


def parse_rating(value: str | None) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        rating = int(str(value).strip())
    except ValueError:
        raise ValidationFailed("The rating is a whole number from 0 to 10.", "rating") from None
    if not 0 <= rating <= 10:
        raise ValidationFailed("The rating is a whole number from 0 to 10.", "rating")
    return rating


def add_progress(
    session: Session, viewer: User, actor: audit.Actor, client_id: int, goal_id: int, rating: str | None, note: str
) -> GoalProgress:
    goal = _goal(session, viewer, client_id, goal_id)
    value = parse_rating(rating)
    text = (note or "").strip()
    if value is None and not text:
        raise ValidationFailed("Give a rating, a note, or both.", "note")
    if len(text) > NOTE_MAX:
        raise ValidationFailed(f"Keep a progress note under {NOTE_MAX:,} characters.", "note")
    row = GoalProgress(goal_id=goal.id, rating=value, note=text)
    session.add(row)
    session.flush()
    audit.record(session, actor, "create", "goal_progress", row.id, goal.client_id, f"goal={goal.id}")
    session.commit()
    return row
