"""Ids too large for any row: a 404 in a path, a 400 in a query string or form, never a 500.

Key columns are INTEGER, 32 signed bits in PostgreSQL; a larger number used to reach the database and fail
(PostgreSQL: integer out of range; SQLite's driver past 64 bits: OverflowError). mindhaven.ids refuses such ids
before any query.
"""

from __future__ import annotations

import re

import pytest
from flask import url_for

from mindhaven.ids import MAX_ID, parse_id

HUGE = "99999999999999999999999"
PLACEHOLDER = 424242424242


def test_parse_id_accepts_only_plain_ids_that_fit_a_key_column():
    assert parse_id("42") == 42 and parse_id(" 7 ") == 7
    assert parse_id(str(MAX_ID)) == MAX_ID
    for bad in (None, "", "abc", "-1", "4.2", "²", "١٢", str(MAX_ID + 1), HUGE, "9" * 5000):
        assert parse_id(bad) is None, bad


@pytest.mark.parametrize(
    ("role", "path"),
    [
        ("client", f"/sessions/{HUGE}"),
        ("client", f"/sessions/{HUGE}.ics"),
        ("client", f"/sessions/{HUGE}/room"),
        ("client", f"/reflect/journal/{HUGE}"),
        ("client", f"/therapists/{HUGE}"),
        ("client", f"/assessments/results/{HUGE}"),
        ("therapist", f"/therapist/clients/{HUGE}"),
        ("therapist", f"/therapist/clients/{HUGE}/journal"),
        ("therapist", f"/therapist/clients/{HUGE}/trends"),
        ("admin", f"/admin/helplines/{HUGE}"),
        ("admin", f"/admin/resources/{HUGE}"),
        ("admin", f"/admin/resources/{MAX_ID + 1}"),
        ("admin", "/admin/resources/" + "9" * 5000),
    ],
)
def test_huge_path_ids_are_a_friendly_404(app, make, login, role, path):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    user = {"client": make.client, "therapist": make.therapist, "admin": make.admin}[role]()
    response = login(user).get(path)
    assert response.status_code == 404
    assert "We could not find that page" in response.text


def test_the_largest_possible_id_still_reaches_the_route(app, make, login):
    """MAX_ID itself is a valid id; the route runs and finds nothing (its own 404, not a routing one)."""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = login(make.admin()).get(f"/admin/resources/{MAX_ID}")
    assert response.status_code == 404


def _every_id_route(app) -> list[tuple[str, str]]:
    """(method, path) for every route with an <int:...> part, each such part set to PLACEHOLDER."""
    found = []
    for rule in app.url_map.iter_rules():
        int_args = re.findall(r"<int:(\w+)>", rule.rule)
        if not int_args:
            continue
        values = dict.fromkeys(rule.arguments, "x")
        values.update(dict.fromkeys(int_args, PLACEHOLDER))
        with app.test_request_context():
            path = url_for(rule.endpoint, **values)
        for method in sorted(set(rule.methods or ()) - {"HEAD", "OPTIONS"}):
            found.append((method, path))
    return found


@pytest.mark.parametrize("huge", [HUGE, str(MAX_ID + 1), "9" * 5000])
def test_every_route_with_an_id_answers_404_to_a_huge_one(app, make, login, huge):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    browser = login(make.admin())
    routes = _every_id_route(app)
    assert len(routes) > 30
    wrong = []
    for method, template in routes:
        path = template.replace(str(PLACEHOLDER), huge)
        response = browser.post(path) if method == "POST" else browser.open(path, method=method)
        if response.status_code != 404:
            wrong.append((method, template, response.status_code))
    assert wrong == []


def test_huge_query_string_ids_are_400(app, make, login):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    therapist, client = make.therapist(), make.client()
    browser = login(client)
    for path in (
        f"/support?conversation={HUGE}",
        "/support?conversation=abc",
        f"/therapists/{therapist.id}?reschedule={HUGE}",
    ):
        response = browser.get(path)
        assert response.status_code == 400, path
        assert "That request could not be understood" in response.text
    response = browser.post("/support/messages", data={"message": "hello", "conversation_id": HUGE})
    assert response.status_code == 400


def test_huge_therapist_id_in_the_assign_form_is_400(app, make, login):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    client = make.client()
    browser = login(make.admin())
    for raw in (HUGE, "²"):
        response = browser.post(f"/admin/clients/{client.id}/assign", data={"therapist_id": raw})
        assert response.status_code == 400, raw
