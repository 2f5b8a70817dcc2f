import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from mindhaven.errors import NotFound, ValidationFailed
from mindhaven.records import services
from mindhaven.records.models import CareAssignment
from mindhaven.security import audit
from mindhaven.security.audit import Actor, AuditEvent, AuditLogError


def actor(user):
    return Actor(user.id, user.role, "127.0.0.1")


def test_therapist_reads_own_client_and_the_read_is_logged(session, make):
    therapist, client = make.therapist(), make.client()
    make.assign(client, therapist)
    record = services.open_client_record(session, therapist, actor(therapist), client.id)
    assert record.client is client and record.notes == []
    entry = session.query(AuditEvent).filter_by(action="read", record_type="client_record").one()
    assert (entry.actor_id, entry.subject_user_id, entry.ip_address) == (therapist.id, client.id, "127.0.0.1")


@pytest.mark.parametrize("who", ["other_therapist", "unverified_therapist", "admin", "other_client"])
def test_nobody_else_reads_a_client_record(session, make, who):
    therapist, client = make.therapist(), make.client()
    make.assign(client, therapist)
    intruder = {
        "other_therapist": lambda: make.therapist(),
        "unverified_therapist": lambda: make.therapist(verified=False),
        "admin": lambda: make.admin(),
        "other_client": lambda: make.client(),
    }[who]()
    with pytest.raises(NotFound):
        services.open_client_record(session, intruder, actor(intruder), client.id)
    with pytest.raises(NotFound):
        services.add_note(session, intruder, actor(intruder), client.id, "sneaky")


def test_notes_are_encrypted_in_the_database(session, make):
    therapist, client = make.therapist(), make.client()
    make.assign(client, therapist)
    note = services.add_note(session, therapist, actor(therapist), client.id, "Talked about her grief")
    raw = session.execute(text("SELECT body FROM clinical_notes WHERE id = :id"), {"id": note.id}).scalar_one()
    assert "grief" not in raw and raw.startswith("gAAAA")
    session.expire_all()
    assert (
        services.open_client_record(session, therapist, actor(therapist), client.id).notes[0].body
        == "Talked about her grief"
    )


def test_empty_and_oversized_notes_are_refused(session, make):
    therapist, client = make.therapist(), make.client()
    make.assign(client, therapist)
    with pytest.raises(ValidationFailed):
        services.add_note(session, therapist, actor(therapist), client.id, "   ")
    with pytest.raises(ValidationFailed):
        services.add_note(session, therapist, actor(therapist), client.id, "x" * (services.NOTE_MAX + 1))


def test_reassignment_closes_the_old_care_and_moves_the_client(session, make):
    first, second, client = make.therapist(), make.therapist(), make.client()
    make.assign(client, first)
    make.assign(client, second)
    assert services.caseload(session, first) == []
    assert services.caseload(session, second) == [client]
    assert session.query(CareAssignment).filter(CareAssignment.ended_at.is_(None)).count() == 1
    with pytest.raises(NotFound):
        services.open_client_record(session, first, actor(first), client.id)


def test_only_verified_therapists_take_clients(session, make):
    with pytest.raises(ValidationFailed):
        make.assign(make.client(), make.therapist(verified=False))


def test_the_database_allows_one_open_assignment_per_client(session, make):
    from mindhaven.dbtypes import utcnow

    client, t1, t2 = make.client(), make.therapist(), make.therapist()
    session.add_all(
        [
            CareAssignment(client_id=client.id, therapist_id=t1.id, started_at=utcnow()),
            CareAssignment(client_id=client.id, therapist_id=t2.id, started_at=utcnow()),
        ]
    )
    with pytest.raises(DatabaseError):
        session.commit()
    session.rollback()


def test_audit_log_is_append_only_in_orm_and_database(session, make):
    admin = make.admin()
    entry = audit.record(session, actor(admin), "read", "audit_log")
    session.commit()
    entry.detail = "tampered"
    with pytest.raises(AuditLogError):
        session.commit()
    session.rollback()
    with pytest.raises(DatabaseError, match="append-only"):
        session.execute(text("UPDATE audit_events SET detail = 'x'"))
    session.rollback()
    with pytest.raises(DatabaseError, match="append-only"):
        session.execute(text("DELETE FROM audit_events"))
    session.rollback()
    assert session.query(AuditEvent).count() >= 1


def test_audit_search_filters_and_pages(session, make):
    admin = make.admin()
    for n in range(7):
        audit.record(session, Actor(n % 2, "therapist"), "read" if n % 2 else "create", "client_record", n, 100 + n)
    session.commit()
    page = audit.search(session, action="read", per_page=2)
    assert page.total == 3 and page.pages == 2 and len(page.events) == 2
    assert page.events[0].id > page.events[1].id
    assert audit.search(session, subject_user_id=103).total == 1
    assert audit.search(session, page=99, per_page=2).page == audit.search(session, per_page=2).pages
    with pytest.raises(ValueError):
        audit.record(session, actor(admin), "peek", "client_record")
