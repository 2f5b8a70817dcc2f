"""Every role against every protected page, including the negative cases."""

import pytest

from tests.helpers import Browser

CLIENT_PAGES = ["/client"]
THERAPIST_PAGES = ["/therapist"]
ADMIN_PAGES = ["/admin/", "/admin/therapists", "/admin/clients", "/admin/audit"]
SIGNED_IN_PAGES = ["/settings", "/dashboard", "/consent"]


@pytest.mark.parametrize(
    "path",
    CLIENT_PAGES
    + THERAPIST_PAGES
    + ADMIN_PAGES
    + SIGNED_IN_PAGES
    + ["/therapist/clients/1", "/therapist/former-clients"],
)
def test_anonymous_visitors_are_sent_to_login(browser, path):
    response = browser.get(path)
    assert response.status_code == 302 and response.location.startswith("/login?next=")


def test_anonymous_api_calls_get_401_json(browser):
    response = browser.get("/api/me")
    assert response.status_code == 401 and response.json["error"]["code"] == "unauthenticated"


@pytest.mark.parametrize("role", ["client", "therapist", "pending_therapist"])
@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_only_admins_open_admin_pages(people, login, role, path):
    assert login(people[role]).get(path).status_code == 403


@pytest.mark.parametrize("role", ["client", "therapist", "pending_therapist"])
def test_only_admins_change_therapists_and_assignments(people, login, role):
    browser = login(people[role])
    target = people["pending_therapist"].id
    assert browser.post(f"/admin/therapists/{target}/review", data={"decision": "verify"}).status_code == 403
    assert (
        browser.post(
            f"/admin/clients/{people['client'].id}/assign", data={"therapist_id": people["therapist"].id}
        ).status_code
        == 403
    )
    assert not people["pending_therapist"].is_verified_therapist


def test_clients_and_therapists_keep_to_their_own_dashboards(people, login):
    assert login(people["client"]).get("/therapist").status_code == 403
    assert login(people["therapist"]).get("/client").status_code == 403
    assert login(people["admin"]).get("/client").status_code == 403


def test_therapist_reads_own_client(people, login):
    response = login(people["therapist"]).get(f"/therapist/clients/{people['client'].id}")
    assert response.status_code == 200 and people["client"].display_name in response.text


def test_therapist_gets_404_for_another_therapists_client(people, login):
    browser = login(people["therapist"])
    other = people["other_client"].id
    assert browser.get(f"/therapist/clients/{other}").status_code == 404
    assert browser.post(f"/therapist/clients/{other}/notes", data={"body": "x"}).status_code == 404
    assert browser.get("/therapist/clients/999999").status_code == 404
    # A therapist id is not a client id either.
    assert browser.get(f"/therapist/clients/{people['other_therapist'].id}").status_code == 404


def test_pending_therapist_cannot_open_records(people, login):
    browser = login(people["pending_therapist"])
    assert browser.get(f"/therapist/clients/{people['client'].id}").status_code == 403
    assert browser.get("/therapist/former-clients").status_code == 403


@pytest.mark.parametrize("role", ["client", "admin"])
def test_clients_and_admins_cannot_open_clinical_records(people, login, role):
    browser = login(people[role])
    assert browser.get(f"/therapist/clients/{people['client'].id}").status_code == 403


def test_therapist_dashboard_lists_only_own_clients(people, login):
    text = login(people["therapist"]).get("/therapist").text
    assert people["client"].display_name in text
    assert people["other_client"].display_name not in text


def test_client_sees_their_therapist(people, login):
    assert people["therapist"].display_name in login(people["client"]).get("/client").text


def test_login_page_for_signed_in_user_goes_to_dashboard(people, login):
    browser: Browser = login(people["client"])
    assert browser.get("/login").location == "/dashboard"
    assert browser.get("/signup").location == "/dashboard"
