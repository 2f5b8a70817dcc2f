"""Bad input gets a clear 4xx, never a 500."""

import pytest

from tests.helpers import Factory


def test_oversized_bodies_are_413(login, make, app):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    browser = login(make.client())
    response = browser.send_json(
        "PUT", "/api/consents/emotion-analysis", raw='{"accepted": true, "x": "' + "a" * 4000 + '"}'
    )
    assert response.status_code == 413 and response.json["error"]["status"] == 413


@pytest.mark.parametrize("path", ["/signup", "/login", "/password/forgot", "/therapists/apply"])
def test_empty_forms_are_400_with_messages(browser, path):
    response = browser.post(path, data={})
    assert response.status_code == 400
    assert "This field is required" in response.text or "Please correct" in response.text


def test_garbage_field_types_are_400(browser):
    response = browser.post("/therapists/apply", data={"fee": "lots", "specialties": "x" * 10000})
    assert response.status_code == 400


def test_wrong_method_is_405(browser):
    assert browser.open("/login", method="DELETE").status_code == 405


def test_api_without_json_content_type_is_400(login, make):
    browser = login(make.client())
    response = browser.open(
        "/api/consents/emotion-analysis",
        method="PUT",
        data="accepted=true",
        headers={"X-CSRFToken": browser.csrf_token()},
    )
    assert response.status_code == 400


def test_login_with_overlong_values_is_400(browser):
    response = browser.post("/login", data={"email": "a" * 5000, "password": "b" * 5000})
    assert response.status_code == 400


def test_unexpected_errors_are_a_styled_500_without_details(app, browser):
    @app.route("/boom")
    def boom():  # pragma: no cover - only for this test
        raise RuntimeError("secret internals")

    boom.access_rule = "public"
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = browser.get("/boom")
    assert response.status_code == 500
    assert "secret internals" not in response.text
    assert "Something went wrong" in response.text


def test_reset_post_with_bad_token_is_404(browser):
    assert browser.post("/password/reset/nope", data={"password": Factory.PASSWORD}).status_code == 404
