"""Every route, every role, junk input: the answer is never a 500."""

import pytest

from tests.helpers import Browser

JUNK_FORMS = [
    {},
    {
        "email": "x" * 3000,
        "password": ["a", "b"],
        "timezone": "\x00",
        "fee": "NaN",
        "decision": "???",
        "therapist_id": "-1",
        "action": "drop table",
        "body": "\ud800".encode("utf-8", "surrogatepass").decode("latin-1"),
    },
]
JUNK_JSON = ['{"accepted": null}', "null", "[1, 2", '{"accepted": {"nested": true}}', "\u0000"]


def _paths(app, ids: list[int]) -> list[tuple[str, set[str]]]:
    paths = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for value in ids:
            values = {arg: (value if "id" in arg else "junk-value") for arg in rule.arguments}
            if "kind" in rule.arguments:
                values["kind"] = "emotion-analysis"
            try:
                path = _build(app, rule.endpoint, values)
            except Exception:  # noqa: BLE001 - a converter refused the value: nothing to test
                continue
            paths.append((path, set(rule.methods or ()) - {"HEAD", "OPTIONS"}))
    return sorted({(p, frozenset(m)) for p, m in paths})


def _build(app, endpoint: str, values: dict) -> str:
    with app.test_request_context():
        from flask import url_for

        return url_for(endpoint, **values)


@pytest.mark.parametrize("role", ["anonymous", "client", "therapist", "admin"])
def test_no_route_answers_500_to_anyone(app, make, login, role):
    therapist, client = make.therapist(), make.client()
    make.assign(client, therapist)
    admin = make.admin()
    people = {"client": client, "therapist": therapist, "admin": admin}
    browser = Browser(app.test_client()) if role == "anonymous" else login(people[role])
    app.config["PROPAGATE_EXCEPTIONS"] = False
    ids = [client.id, therapist.id, 999999]
    failures = []
    for path, methods in _paths(app, ids):
        if path in ("/logout", "/settings/delete"):
            continue  # would end the session this test walks with
        for method in methods:
            if method == "GET":
                responses = [browser.get(path), browser.get(path + "?page=x&status=%00&actor_id=-1")]
            elif method == "PUT":
                responses = [browser.send_json("PUT", path, raw=raw) for raw in JUNK_JSON]
            else:
                responses = [browser.post(path, data=form) for form in JUNK_FORMS]
                responses.append(browser.post(path, data={}, csrf=False))
            failures += [(method, path, r.status_code) for r in responses if r.status_code >= 500]
    assert failures == []
