"""Assessment services against the database: storing, due dates, history, the item-9 safety flow, export."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from mindhaven.assessments import services
from mindhaven.assessments.instruments import InvalidAnswers
from mindhaven.assessments.models import AssessmentResult
from mindhaven.dbtypes import utcnow
from mindhaven.errors import Forbidden
from mindhaven.safety.models import SafetyEvent
from mindhaven.scheduling.models import Notification


def _taken_at(session, result, when):
    result.created_at = when
    session.commit()


def test_submit_stores_score_and_band(session, make):
    client = make.client()
    submitted = services.submit(session, client, "gad7", [2, 2, 2, 2, 2, 0, 0])
    row = session.get(AssessmentResult, submitted.result.id)
    assert (row.kind, row.score, row.band, row.answers) == ("gad7", 10, "moderate", [2, 2, 2, 2, 2, 0, 0])
    assert not submitted.safety_flagged


def test_invalid_answers_store_nothing(session, make):
    client = make.client()
    with pytest.raises(InvalidAnswers):
        services.submit(session, client, "phq9", [0] * 8)
    assert session.scalars(select(AssessmentResult)).all() == []


def test_only_clients_take_questionnaires(session, make):
    with pytest.raises(Forbidden):
        services.submit(session, make.therapist(), "phq9", [0] * 9)


def test_due_at_intake_and_every_fourteen_days(session, make):
    client = make.client()
    now = utcnow()
    assert [i.kind for i in services.due(session, client, now)] == ["phq9", "gad7"]

    phq = services.submit(session, client, "phq9", [0] * 9).result
    _taken_at(session, phq, now - timedelta(days=13, hours=23, minutes=59))
    assert [i.kind for i in services.due(session, client, now)] == ["gad7"]

    _taken_at(session, phq, now - timedelta(days=14))
    assert [i.kind for i in services.due(session, client, now)] == ["phq9", "gad7"]

    gad = services.submit(session, client, "gad7", [0] * 7).result
    _taken_at(session, gad, now - timedelta(days=13))
    assert [i.kind for i in services.due(session, client, now)] == ["phq9"]


def test_due_counts_from_the_latest_result_of_each_kind(session, make):
    client = make.client()
    now = utcnow()
    old = services.submit(session, client, "phq9", [1] * 9).result
    _taken_at(session, old, now - timedelta(days=30))
    recent = services.submit(session, client, "phq9", [0] * 9).result
    _taken_at(session, recent, now - timedelta(days=2))
    assert "phq9" not in [i.kind for i in services.due(session, client, now)]
    assert [r.id for r in services.history(session, client, "phq9")] == [recent.id, old.id]
    assert services.history(session, client, "gad7") == []


def test_item_nine_above_zero_alerts_the_current_therapist(session, make):
    client, therapist = make.client(), make.therapist()
    make.assign(client, therapist)
    submitted = services.submit(session, client, "phq9", [0] * 8 + [1])
    assert submitted.safety_flagged
    event = session.scalars(select(SafetyEvent)).one()
    assert (event.client_id, event.therapist_id, event.source, event.record_id) == (
        client.id,
        therapist.id,
        "phq9_item9",
        submitted.result.id,
    )
    notes = session.scalars(select(Notification).where(Notification.user_id == therapist.id)).all()
    assert len(notes) == 1


def test_item_nine_zero_raises_no_event(session, make):
    client, therapist = make.client(), make.therapist()
    make.assign(client, therapist)
    submitted = services.submit(session, client, "phq9", [3] * 8 + [0])
    assert not submitted.safety_flagged
    assert session.scalars(select(SafetyEvent)).all() == []
    assert session.scalars(select(Notification).where(Notification.user_id == therapist.id)).all() == []


def test_item_nine_without_a_therapist_still_records_the_event(session, make):
    client = make.client()
    services.submit(session, client, "phq9", [0] * 8 + [2])
    event = session.scalars(select(SafetyEvent)).one()
    assert event.therapist_id is None


def test_export_lists_the_clients_results(session, make):
    client = make.client()
    services.submit(session, client, "gad7", [1] * 7)
    exported = services.assessments_export(session, client)["assessments.json"]
    assert [(r["kind"], r["score"], r["band"]) for r in exported] == [("gad7", 7, "mild")]
    assert services.assessments_export(session, make.therapist()) == {}


def test_results_go_with_the_clients_account(session, make):
    from mindhaven.accounts.data_rights import delete_client_account
    from mindhaven.security.audit import Actor
    from tests.helpers import Factory

    client = make.client()
    services.submit(session, client, "phq9", [0] * 8 + [1])
    delete_client_account(session, client, Factory.PASSWORD, Actor(client.id, "client"))
    session.commit()
    assert session.scalars(select(AssessmentResult)).all() == []
