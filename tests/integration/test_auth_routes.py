from mindhaven.accounts.models import User
from mindhaven.consent import services as consent
from tests.helpers import Browser, Factory


def signup(browser, **overrides):
    data = {
        "pseudonym": "Quiet River",
        "email": "river@example.org",
        "password": "a calm green valley",
        "timezone": "Asia/Kolkata",
    }
    data.update(overrides)
    return browser.post("/signup", data=data)


def test_signup_then_consent_then_dashboard(browser, session):
    response = signup(browser)
    assert response.status_code == 302 and response.location == "/consent"
    user = session.query(User).filter_by(email="river@example.org").one()
    assert user.display_name == "Quiet River" and user.timezone == "Asia/Kolkata" and user.is_client
    # Until consent is given, every page leads back to the consent page.
    assert browser.get("/client").location == "/consent"
    assert browser.get("/api/me").json == {
        "id": user.id,
        "display_name": "Quiet River",
        "role": "client",
        "timezone": "Asia/Kolkata",
    }  # consent-exempt
    refused = browser.post("/consent", data={"terms": "accept"})
    assert refused.status_code == 400 and "privacy notice" in refused.text
    accepted = browser.post("/consent", data={"terms": "accept", "privacy": "accept", "emotion-analysis": "decline"})
    assert accepted.location == "/dashboard"
    assert browser.get("/client").status_code == 200
    assert not consent.has_current(session, user, "emotion-analysis")


def test_signup_with_bad_fields_is_a_400_with_every_message(browser, session):
    response = signup(browser, email="not-an-email", pseudonym="<b>", password="short", timezone="Mars/Base")
    assert response.status_code == 400
    for message in ("valid email address", "Choose a pseudonym", "at least 10 keeps", "time zone"):
        assert message in response.text
    assert session.query(User).count() == 0


def test_signup_with_a_taken_email_says_so(browser, make):
    existing = make.client()
    response = signup(browser, email=existing.email.upper())
    assert response.status_code == 400
    assert "already exists" in response.text


def test_therapist_application_creates_a_pending_therapist(browser, session):
    response = browser.post(
        "/therapists/apply",
        data={
            "full_name": "Dr Meera Iyer",
            "email": "meera@example.org",
            "password": "steady harbour light",
            "licence_number": "RCI-12345",
            "specialties": ["anxiety", "grief"],
            "approaches": ["cbt"],
            "languages": ["en", "ta"],
            "gender": "woman",
            "fee": "1200.50",
            "bio": "CBT for anxiety.",
            "timezone": "Asia/Kolkata",
        },
    )
    assert response.status_code == 302
    user = session.query(User).filter_by(email="meera@example.org").one()
    profile = user.therapist_profile
    assert profile.status == "pending" and profile.fee_minor == 120050 and profile.languages == ["en", "ta"]
    browser.post("/consent", data={"terms": "accept", "privacy": "accept"})
    assert "under review" in browser.get("/therapist").text


def test_therapist_application_validates(browser, session):
    response = browser.post(
        "/therapists/apply",
        data={
            "full_name": "X",
            "email": "x@example.org",
            "password": "steady harbour light",
            "licence_number": "R1",
            "specialties": ["astrology"],
            "fee": "-5",
            "gender": "woman",
        },
    )
    assert response.status_code == 400
    assert session.query(User).count() == 0


def test_login_logout_and_wrong_password(browser, make):
    user = make.client()
    wrong = browser.post("/login", data={"email": user.email, "password": "not the password"})
    assert wrong.status_code == 400 and "do not match" in wrong.text
    ok = browser.post("/login", data={"email": user.email, "password": Factory.PASSWORD})
    assert ok.status_code == 302 and ok.location == "/dashboard"
    assert browser.get("/dashboard").location == "/client"
    assert browser.get("/logout").status_code == 405  # logout is a POST with CSRF
    assert browser.post("/logout").status_code == 302
    assert browser.get("/client").location.startswith("/login")


def test_ten_wrong_passwords_lock_that_address_out_not_the_owner(browser, make):
    user = make.client()
    guesser, owner = {"REMOTE_ADDR": "203.0.113.9"}, {"REMOTE_ADDR": "198.51.100.20"}

    def log_in(password: str, where: dict):
        return browser.post("/login", data={"email": user.email, "password": password}, environ_base=where)

    for _ in range(9):
        assert log_in("wrong password", guesser).status_code == 400
    locked = log_in("wrong password", guesser)
    assert locked.status_code == 429 and "locked" in locked.text
    assert log_in(Factory.PASSWORD, guesser).status_code == 429
    assert log_in(Factory.PASSWORD, owner).status_code == 302  # the owner still gets in from their own network


def test_login_is_rate_limited_per_address(app_factory, make):
    app = app_factory(LOGIN_RATE_LIMIT="3 per minute")
    with app.app_context():
        browser = Browser(app.test_client())
        codes = [
            browser.post("/login", data={"email": "a@example.org", "password": "whatever pass"}).status_code
            for _ in range(4)
        ]
    assert codes == [400, 400, 400, 429]


def test_signup_is_rate_limited_per_address(app_factory, make):
    """Sign-up tells whether an email has an account; testing addresses in bulk is throttled."""
    app = app_factory(SIGNUP_RATE_LIMIT="2 per hour")
    with app.app_context():
        taken = make.client().email
        browser = Browser(app.test_client())
        data = {"email": taken, "pseudonym": "Someone", "password": "a long enough password", "timezone": "UTC"}
        codes = [browser.post("/signup", data=data).status_code for _ in range(3)]
    assert codes == [400, 400, 429]  # "already exists" twice, then throttled


def test_login_redirects_only_to_local_paths(browser, make):
    user = make.client()
    response = browser.post(
        "/login?next=https://evil.example/", data={"email": user.email, "password": Factory.PASSWORD}
    )
    assert response.location == "/dashboard"
    browser.post("/logout")
    response = browser.post("/login?next=/settings", data={"email": user.email, "password": Factory.PASSWORD})
    assert response.location == "/settings"


def test_forms_without_csrf_token_are_refused(browser, make):
    user = make.client()
    response = browser.post("/login", data={"email": user.email, "password": Factory.PASSWORD}, csrf=False)
    assert response.status_code == 400 and "Reload the page" in response.text
    api = browser.send_json("PUT", "/api/consents/emotion-analysis", {"accepted": True}, csrf=False)
    assert api.status_code == 400


def test_changing_the_password_signs_out_other_sessions(app, login, make):
    user = make.client()
    laptop, phone = login(user), login(user)
    response = laptop.post(
        "/settings/password", data={"current_password": Factory.PASSWORD, "new_password": "a new mountain path"}
    )
    assert response.status_code == 302
    assert laptop.get("/client").status_code == 200
    assert phone.get("/client").location.startswith("/login")


def test_a_session_of_a_deleted_user_is_anonymous(login, make, session):
    user = make.client()
    browser = login(user)
    session.delete(user)
    session.commit()
    assert browser.get("/client").location.startswith("/login")


def test_login_limit_is_shared_by_processes_through_redis(app_factory):
    """Two app instances (as two server processes would) count attempts in the same Redis."""
    import os
    import uuid

    import pytest

    redis_url = os.environ.get("TEST_REDIS_URL")
    if not redis_url:
        pytest.skip("TEST_REDIS_URL not set")
    settings = dict(REDIS_URL=redis_url, LOGIN_RATE_LIMIT="3 per minute", RATELIMIT_KEY_PREFIX=uuid.uuid4().hex)
    first, second = app_factory(**settings), app_factory(**settings)
    codes = []
    for app in (first, second, first, second):
        with app.app_context():
            browser = Browser(app.test_client())
            codes.append(browser.post("/login", data={"email": "a@example.org", "password": "whatever"}).status_code)
    assert codes == [400, 400, 400, 429]


def test_a_refused_consent_form_keeps_the_choices_made(browser):
    signup(browser)
    page = browser.post("/consent", data={"privacy": "accept", "emotion-analysis": "accept"})
    assert page.status_code == 400
    import re

    def checked(name: str) -> bool:
        return re.search(rf'name="{name}" value="accept"\s*checked', page.text) is not None

    assert checked("privacy") and checked("emotion-analysis") and not checked("terms")


def test_behind_a_trusted_proxy_limits_count_per_real_client(app_factory):
    app = app_factory(LOGIN_RATE_LIMIT="2 per minute", PROXY_COUNT="1")
    with app.app_context():
        browser = Browser(app.test_client())

        def attempt(client_address: str) -> int:
            return browser.post(
                "/login",
                data={"email": "a@example.org", "password": "whatever"},
                headers={"X-Forwarded-For": client_address},
            ).status_code

        assert [attempt("203.0.113.7") for _ in range(3)] == [400, 400, 429]
        assert attempt("198.51.100.4") == 400  # another person behind the same proxy is not blocked
