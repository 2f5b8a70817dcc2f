from datetime import timedelta

import pytest

from mindhaven.accounts import services
from mindhaven.accounts.models import LoginThrottle, Role, TherapistStatus
from mindhaven.dbtypes import utcnow
from mindhaven.errors import Conflict, NotFound, ValidationFailed
from tests.helpers import Factory

POLICY = services.LockoutPolicy(threshold=10, minutes=15)


def test_client_registration_stores_an_argon2_hash_and_lowercase_email(session):
    user = services.register_client(
        session, email="Kite@Example.org", pseudonym="Blue Kite", password="a calm green valley"
    )
    session.commit()
    assert user.role == Role.CLIENT
    assert user.email == "kite@example.org"
    assert user.password_hash.startswith("$argon2id$")
    assert "valley" not in user.password_hash


def test_duplicate_email_is_a_conflict_even_with_other_case(session, make):
    client = make.client()
    with pytest.raises(Conflict):
        services.register_client(
            session, email=client.email.upper(), pseudonym="Someone Else", password="another calm phrase"
        )


def test_therapist_application_starts_pending_and_validates_vocabulary(session, make):
    therapist = make.therapist(verified=False)
    assert therapist.therapist_profile.status == TherapistStatus.PENDING
    assert not therapist.is_verified_therapist
    with pytest.raises(ValidationFailed, match="Unknown specialty"):
        make.therapist(specialties=["astrology"])
    with pytest.raises(ValidationFailed, match="fee"):
        make.therapist(fee_minor=-1)


def test_admin_review_verifies_and_is_audited(session, make):
    from mindhaven.security.audit import Actor, AuditEvent

    admin = make.admin()
    therapist = make.therapist(verified=False)
    services.review_therapist(session, admin, Actor(admin.id, "admin"), therapist.id, True, "licence checked")
    assert therapist.is_verified_therapist
    assert therapist.therapist_profile.reviewed_by_id == admin.id
    event = session.query(AuditEvent).filter_by(record_type="therapist_verification").one()
    assert event.actor_id == admin.id and event.detail == "status=verified"
    with pytest.raises(NotFound):
        services.review_therapist(session, admin, Actor(admin.id, "admin"), 99999, True)


def test_authenticate_accepts_right_password_and_resets_the_counter(session, make):
    user = make.client()
    with pytest.raises(services.LoginFailed):
        services.authenticate(session, user.email, "wrong password!", POLICY)
    assert user.failed_logins == 1
    assert services.authenticate(session, user.email, Factory.PASSWORD, POLICY) is user
    assert user.failed_logins == 0 and user.last_login_at is not None


def test_unknown_email_and_wrong_password_give_the_same_message(session, make):
    user = make.client()
    with pytest.raises(services.LoginFailed) as unknown:
        services.authenticate(session, "nobody@example.org", "whatever pass", POLICY)
    with pytest.raises(services.LoginFailed) as wrong:
        services.authenticate(session, user.email, "whatever pass", POLICY)
    assert unknown.value.message == wrong.value.message


def test_ten_wrong_passwords_lock_that_address_until_the_lock_expires(session, make):
    user = make.client()
    now = utcnow()
    for attempt in range(9):
        with pytest.raises(services.LoginFailed):
            services.authenticate(session, user.email, f"wrong {attempt} pass", POLICY, now, source="guesser")
    with pytest.raises(services.AccountLocked):
        services.authenticate(session, user.email, "wrong again pass", POLICY, now, source="guesser")
    # Even the right password is refused from that address while it is locked...
    with pytest.raises(services.AccountLocked):
        services.authenticate(session, user.email, Factory.PASSWORD, POLICY, now + timedelta(minutes=14), "guesser")
    # ...but the owner, elsewhere, is not locked out by a stranger who knows the email.
    assert services.authenticate(session, user.email, Factory.PASSWORD, POLICY, now, source="owner") is user
    later = now + timedelta(minutes=16)
    assert services.authenticate(session, user.email, Factory.PASSWORD, POLICY, later, source="guesser") is user
    assert session.query(LoginThrottle).count() == 0  # a right password clears that address's count


def test_wrong_passwords_from_many_addresses_lock_the_account_itself(session, make):
    user = make.client()
    policy = services.LockoutPolicy(threshold=3, minutes=15, account_threshold=8)
    now = utcnow()
    for attempt in range(7):
        with pytest.raises(services.LoginFailed):
            services.authenticate(session, user.email, "wrong pass", policy, now, source=f"bot{attempt}")
    with pytest.raises(services.AccountLocked):
        services.authenticate(session, user.email, "wrong pass", policy, now, source="bot7")
    with pytest.raises(services.AccountLocked):
        services.authenticate(session, user.email, Factory.PASSWORD, policy, now, source="owner")
    assert services.authenticate(session, user.email, Factory.PASSWORD, policy, now + timedelta(minutes=16)) is user


def test_a_password_reset_lifts_every_lock(session, make):
    user = make.client()
    now = utcnow()
    for attempt in range(10):
        with pytest.raises((services.LoginFailed, services.AccountLocked)):
            services.authenticate(session, user.email, f"wrong {attempt} pass", POLICY, now, source="me")
    _, token = services.start_password_reset(session, user.email, minutes=60, now=now)
    services.reset_password(session, token, "a fresh spring morning", now)
    assert services.authenticate(session, user.email, "a fresh spring morning", POLICY, now, source="me") is user


def test_login_source_is_a_keyed_hash_of_the_address():
    a = services.login_source("203.0.113.7", "key one")
    assert len(a) == 64 and "203.0.113.7" not in a
    assert a == services.login_source("203.0.113.7", "key one")
    assert a != services.login_source("203.0.113.8", "key one") != services.login_source("203.0.113.7", "key two")


def test_password_change_bumps_the_session_version(session, make):
    user = make.client()
    before = user.get_id()
    with pytest.raises(ValidationFailed):
        services.change_password(session, user, "not my password", "a brand new phrase")
    services.change_password(session, user, Factory.PASSWORD, "a brand new phrase")
    assert user.get_id() != before
    assert services.authenticate(session, user.email, "a brand new phrase", POLICY) is user


def test_reset_token_is_single_use_and_expires(session, make):
    user = make.client()
    now = utcnow()
    started = services.start_password_reset(session, user.email, minutes=60, now=now)
    assert started is not None
    _, token = started
    assert services.start_password_reset(session, "nobody@example.org", minutes=60) is None
    with pytest.raises(NotFound):
        services.reset_token_user(session, token, now + timedelta(minutes=61))
    services.reset_password(session, token, "a fresh spring morning", now)
    with pytest.raises(NotFound):
        services.reset_password(session, token, "another fresh morning", now)
    assert services.authenticate(session, user.email, "a fresh spring morning", POLICY) is user


def test_one_reset_spends_every_outstanding_link(session, make):
    user = make.client()
    _, first = services.start_password_reset(session, user.email, minutes=60)
    _, second = services.start_password_reset(session, user.email, minutes=60)
    services.reset_password(session, second, "a fresh spring morning")
    with pytest.raises(NotFound):
        services.reset_token_user(session, first)
