"""Crisis helplines: chosen by the client's timezone, seeded idempotently, edited by admins only."""

import pytest
from sqlalchemy import func, select

from mindhaven.safety.helplines import (
    DEFAULTS,
    add_missing_defaults,
    country_for_timezone,
    country_of_languages,
    crisis_lines_for,
    dial_parts,
    helplines_for,
    seed_helplines,
)
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
    assert names == ["Tele-MANAS", "KIRAN mental health helpline", "Emergency services", "Your local emergency number"]
    us = helplines_for(session, make.client(timezone="America/Chicago"))
    assert [line.contact for line in us] == [
        "Call or text 988",
        "911",
        "112 works from mobile phones in many countries",
    ]
    uk = helplines_for(session, make.client(timezone="Europe/London"))
    assert [line.contact for line in uk][:2] == ["116 123", "999 or 112"] and uk[-1].country == "*"
    # Unknown country: every line, each country's together (crisis lines, then its emergency number), fallback last.
    anywhere = helplines_for(session, make.client(timezone="UTC"))
    assert len(anywhere) == len(DEFAULTS) and anywhere[-1].country == "*"
    countries = [line.country for line in anywhere[:-1]]
    assert all(
        countries.index(c) + countries.count(c) - 1 == len(countries) - 1 - countries[::-1].index(c) for c in countries
    )
    for code in set(countries):
        own = [line for line in anywhere if line.country == code]
        assert own[-1].position == 90, own  # the emergency number after the country's crisis lines
    # A visitor's likely country (their browser's language region) comes first.
    likely = helplines_for(session, None, likely="IN")
    assert [line.name for line in likely[:3]] == ["Tele-MANAS", "KIRAN mental health helpline", "Emergency services"]
    assert len(likely) == len(DEFAULTS)


@pytest.mark.parametrize(
    ("contact", "parts"),
    [
        ("14416 or 1-800-891-4416", [("14416", "14416"), (" or ", None), ("1-800-891-4416", "18008914416")]),
        ("Call or text 988", [("Call or text ", None), ("988", "988")]),
        ("808 24 24 24, opção 4", [("808 24 24 24", "808242424"), (", opção 4", None)]),
        ("(011) 5275-1135", [("(011) 5275-1135", "01152751135")]),
        ("116 123 / 116 111", [("116 123", "116123"), (" / ", None), ("116 111", "116111")]),
        ("+44 20 7946 0958", [("+44 20 7946 0958", "+442079460958")]),
        ("findahelpline.com", [("findahelpline.com", None)]),
    ],
)
def test_each_number_in_a_contact_dials_on_its_own(contact, parts):
    assert dial_parts(contact) == parts
    assert "".join(text for text, _ in parts) == contact


def test_a_visitors_country_comes_from_their_browser_language():
    assert country_of_languages(["en-IN", "en"]) == "IN"
    assert country_of_languages(["pt_BR"]) == "BR"
    assert country_of_languages(["de", "es-419", "fr-CA"]) == "CA"
    assert country_of_languages(["en", "*"]) is None


def test_the_crisis_page_links_every_number_and_puts_the_visitors_country_first(browser):
    page = browser.get("/help/crisis", headers={"Accept-Language": "en-IN,en;q=0.9"}).text
    assert '<a href="tel:14416">14416</a> or <a href="tel:18008914416">1-800-891-4416</a>' in page
    assert page.index("Tele-MANAS") < page.index("988 Suicide") and '<a href="tel:112">112</a>' in page
    assert "tel:1441618008914416" not in page


def test_missing_built_in_lines_can_be_added_after_an_upgrade(session, make, login):
    session.add(Helpline(country="IN", country_name="India", name="Tele-MANAS", contact="14416", note="", position=1))
    session.commit()
    assert add_missing_defaults(session) == len(DEFAULTS) - 1  # Tele-MANAS is there (the admin's contact wins)
    session.rollback()
    admin = login(make.admin())
    page = admin.get("/admin/helplines/").text
    assert (
        f"{len(DEFAULTS) - 1} built-in lines are not in your list" in page
        and "United States: Emergency services, 911" in page
    )
    assert admin.post("/admin/helplines/seed").status_code == 302
    assert session.scalar(select(func.count()).select_from(Helpline)) == len(DEFAULTS)
    assert "not in your list" not in admin.get("/admin/helplines/").text


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
