import re

import pytest

PUBLIC = [
    "/",
    "/login",
    "/signup",
    "/therapists/apply",
    "/password/forgot",
    "/help/crisis",
    "/consent/terms",
    "/consent/privacy",
    "/consent/emotion-analysis",
]


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_render_and_load_nothing_from_other_hosts(browser, path):
    response = browser.get(path)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    for url in re.findall(r'(?:src|href|action)="([^"]+)"', response.text):
        assert not re.match(r"^(https?:)?//", url), f"{path} references another host: {url}"


def test_every_page_sends_the_security_headers(browser):
    headers = browser.get("/").headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["Cache-Control"] == "no-store"


def test_session_cookie_is_httponly_and_samesite(browser):
    browser.get("/signup")
    cookie = browser.client.get_cookie("mindhaven_session")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"


def test_crisis_page_lists_the_helplines(browser):
    text = browser.get("/help/crisis").text
    for number in ("14416", "1800-599-0019", "988", "116 123"):
        assert number in text


def test_unknown_pages_get_a_styled_404(browser):
    response = browser.get("/no/such/page")
    assert response.status_code == 404
    assert "We could not find that page" in response.text
    assert browser.get("/consent/astrology").status_code == 404


def test_unknown_api_paths_answer_in_json(browser):
    response = browser.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.json["error"]["status"] == 404


def test_health_check_reports_the_database(browser):
    response = browser.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok", "database": "ok"}


def test_static_files_are_served(browser):
    assert browser.get("/static/css/mindhaven.css").status_code == 200
    assert browser.get("/static/js/timezone.js").status_code == 200
