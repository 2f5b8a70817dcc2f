"""Crisis helplines: chosen by the client's timezone, seeded idempotently, edited by admins only."""

import pytest
from sqlalchemy import func, select

from mindhaven.safety.helplines import DEFAULTS, country_for_timezone, crisis_lines_for, helplines_for, seed_helplines
from mindhaven.safety.models import Helpline


@pytest.mark.parametrize(
    ("zone", "code"),
    [("Asia/Kolkata", "IN"), ("Europe/London", "GB"), ("America/New_York", "US"), ("America/Los_Angeles", "US")],
)
def test_country_from_timezone(zone, code):
    assert country_for_timezone(zone) == code


def test_helplines_by_timezone_with_fallback(session, make):
    # Empty table: the built-in defaults, so nothing depends on seeding.
    names = [line.name for line in helplines_for(session, make.client(timezone="Asia/Kolkata"))]
    assert names == ["Tele-MANAS", "KIRAN mental health helpline", "Your local emergency number"]
    us = helplines_for(session, make.client(timezone="America/Chicago"))
    assert [line.contact for line in us] == ["Call or text 988", "112 works from mobile phones in many countries"]
    uk = helplines_for(session, make.client(timezone="Europe/London"))
    assert uk[0].contact == "116 123" and uk[-1].country == "*"
    # Unknown country: every line, the fallback last.
    anywhere = helplines_for(session, make.client(timezone="UTC"))
    assert len(anywhere) == len(DEFAULTS) and anywhere[-1].country == "*"


@pytest.mark.parametrize(
    ("zone", "contact"),
    [
        ("Europe/Madrid", "024"),
        ("America/Mexico_City", "800 911 2000"),
        ("America/Sao_Paulo", "188"),
        ("Europe/Paris", "3114"),
        ("Europe/Berlin", "0800 111 0 111 oder 0800 111 0 222"),
    ],
)
def test_clients_writing_in_the_checked_languages_see_their_own_countrys_line_first(session, make, zone, contact):
    lines = helplines_for(session, make.client(timezone=zone))
    assert lines[0].contact == contact and lines[-1].country == "*"
    assert {line.country for line in lines} == {lines[0].country, "*"}


def test_seed_is_idempotent_and_rows_win(session, make):
    assert seed_helplines(session) == len(DEFAULTS)
    assert seed_helplines(session) == 0
    session.add(Helpline(country="IN", country_name="India", name="Local line", contact="123", note="", position=1))
    session.commit()
    assert session.scalar(select(func.count()).select_from(Helpline)) == len(DEFAULTS) + 1
    lines = crisis_lines_for(session, make.client(timezone="Asia/Kolkata"))
    assert lines[0] == ("India", "Local line", "123", "")


def test_admin_crud(session, make, login):
    admin = login(make.admin())
    assert "built-in defaults" in admin.get("/admin/helplines/").text
    response = admin.post(
        "/admin/helplines/new",
        data={"country": "de", "country_name": "Germany", "name": "TelefonSeelsorge", "contact": "0800 111 0 111"},
    )
    assert response.status_code == 302
    line = session.scalars(select(Helpline)).one()
    assert (line.country, line.position) == ("DE", 0)
    assert "TelefonSeelsorge" in admin.get("/admin/helplines/").text
    assert admin.get(f"/admin/helplines/{line.id}").status_code == 200
    data = {
        "country": "DE",
        "country_name": "Germany",
        "name": "TelefonSeelsorge",
        "contact": "116 123",
        "position": "5",
    }
    assert admin.post(f"/admin/helplines/{line.id}", data=data).status_code == 302
    session.refresh(line)
    assert (line.contact, line.position) == ("116 123", 5)
    assert admin.post(f"/admin/helplines/{line.id}/delete").status_code == 302
    assert session.scalar(select(func.count()).select_from(Helpline)) == 0
    assert admin.post("/admin/helplines/999/delete").status_code == 404
    assert admin.post("/admin/helplines/seed").status_code == 302
    assert session.scalar(select(func.count()).select_from(Helpline)) == len(DEFAULTS)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"country": "India", "country_name": "India", "name": "X", "contact": "1"}, "two-letter code"),
        ({"country": "IN", "country_name": "India", "name": "", "contact": "1"}, "Name is required"),
        ({"country": "IN", "country_name": "India", "name": "X", "contact": "1", "position": "first"}, "whole number"),
        ({"country": "IN", "country_name": "India", "name": "X" * 121, "contact": "1"}, "at most 120"),
    ],
)
def test_bad_input_is_400(make, login, data, message):
    admin = login(make.admin())
    response = admin.post("/admin/helplines/new", data=data)
    assert response.status_code == 400
    assert message in response.text


def test_only_admins(make, login, browser):
    assert browser.get("/admin/helplines/").status_code == 302  # to the login page
    for user in (make.client(), make.therapist()):
        signed_in = login(user)
        assert signed_in.get("/admin/helplines/").status_code == 403
        assert signed_in.post("/admin/helplines/new", data={"country": "IN"}).status_code == 403
