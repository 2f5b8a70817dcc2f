"""The therapist's week calendar and availability pages, through HTTP: setup, refusals, access, DST weeks."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from mindhaven.dbtypes import utcnow
from mindhaven.scheduling import availability
from mindhaven.scheduling import booking as bookings
from mindhaven.scheduling.models import Booking, BookingStatus
from mindhaven.security.audit import Actor
from tests.helpers import Browser

KOLKATA = ZoneInfo("Asia/Kolkata")
SETTINGS = {
    "session_minutes": "45",
    "buffer": "15",
    "fee": "40.00",
    "reduced_fee": "20,5",
    "free_consultation": "on",
    "max_caseload": "12",
}


def text_of(response) -> str:
    return html.unescape(response.text)


def section(page: str, heading_id: str) -> str:
    """The HTML of the <section> labelled by this heading (enough to scope an assertion to one part)."""
    start = page.index(f'aria-labelledby="{heading_id}"')
    return page[start : page.index("</section>", start)]


def next_monday(weeks_ahead: int = 0) -> date:
    today = utcnow().astimezone(KOLKATA).date()
    return today + timedelta(days=7 - today.weekday() + 7 * weeks_ahead)


def book(session, client, therapist, start: datetime, now: datetime) -> Booking:
    return bookings.book(session, Actor(client.id, "client"), client, therapist.id, start, now=now)


# Setting up a practice ------------------------------------------------------------------------------------


def test_therapist_sets_up_a_practice_and_sees_it(make, login, session):
    therapist = make.therapist(timezone="Asia/Kolkata")
    browser = login(therapist)

    assert browser.post("/therapist/availability/settings", data=SETTINGS).status_code == 302
    profile = therapist.therapist_profile
    assert (profile.session_minutes, profile.buffer_minutes, profile.max_caseload) == (45, 15, 12)
    assert (profile.fee_minor, profile.reduced_fee_minor, profile.free_consultation) == (4000, 2050, True)

    for weekday in range(7):
        data = {"weekday": str(weekday), "start": "09:00", "end": "11:30"}
        assert browser.post("/therapist/availability/windows", data=data).status_code == 302
    page = text_of(browser.get("/therapist/availability"))
    assert 'value="40.00"' in page and 'value="20.50"' in page and 'value="12"' in page
    assert "Asia/Kolkata" in page
    assert "a 09:00–12:00 window offers sessions at 09:00, 10:00, 11:00" in page
    assert section(page, "windows-title").count('<span class="schedule-hours">09:00–11:30</span>') == 7

    # 45-minute sessions and a 15-minute buffer from 09:00: 09:00 and 10:00 (11:00 would end after 11:30),
    # shown on the therapist's wall clock, not in UTC (03:30).
    preview = re.findall(r"<li>(\w{3} \d\d \w{3}), (\d\d:\d\d–\d\d:\d\d)", section(page, "preview-title"))
    assert len(preview) == 10
    assert {hours for _, hours in preview} == {"09:00–09:45", "10:00–10:45"}

    monday = next_monday(weeks_ahead=6)
    changed, closed = monday + timedelta(days=2), monday + timedelta(days=3)
    for data in ({"day": changed.isoformat(), "start": "14:00", "end": "15:00"}, {"day": closed.isoformat()}):
        assert browser.post("/therapist/availability/overrides", data=data).status_code == 302
    away = {"starts": f"{monday + timedelta(days=4)}T12:00", "ends": f"{monday + timedelta(days=5)}T10:00"}
    response = browser.post("/therapist/availability/time-off", data={**away, "note": "Conference\x00"})
    assert response.status_code == 302
    page = text_of(browser.get("/therapist/availability"))
    changes = " ".join(section(page, "overrides-title").split())
    assert f"<strong>{changed:%A %d %B %Y}</strong>: 14:00–15:00" in changes
    assert f"<strong>{closed:%A %d %B %Y}</strong>: closed" in changes
    assert "Conference" in page
    stored = availability.time_off(session, therapist)[0]
    assert stored.starts_at == datetime.combine(monday + timedelta(days=4), time(12), tzinfo=KOLKATA)
    assert stored.note == "Conference"

    week = text_of(browser.get(f"/therapist/schedule?week={monday + timedelta(days=3)}"))
    days = {day: section(week, f"day-{monday + timedelta(days=day)}") for day in range(7)}
    assert "09:00–11:30" in days[0] and "(changed for this date)" not in days[0]
    assert "14:00–15:00" in days[2] and "(changed for this date)" in days[2] and "09:00" not in days[2]
    assert "Closed on this date." in days[3]
    assert "12:00–24:00: Conference" in " ".join(days[4].split())
    assert "00:00–10:00: Conference" in " ".join(days[5].split())


def test_therapist_removes_their_own_rows(make, login, session):
    therapist = make.therapist()
    browser = login(therapist)
    browser.post("/therapist/availability/windows", data={"weekday": "1", "start": "09:00", "end": "10:00"})
    browser.post("/therapist/availability/overrides", data={"day": next_monday().isoformat()})
    browser.post("/therapist/availability/time-off", data={"starts": "2100-01-01T00:00", "ends": "2100-01-02T00:00"})
    window = availability.weekly_windows(session, therapist)[0]
    override = availability.overrides(session, therapist)[0]
    away = availability.time_off(session, therapist)[0]
    assert browser.post(f"/therapist/availability/windows/{window.id}/delete").status_code == 302
    assert browser.post(f"/therapist/availability/overrides/{override.id}/delete").status_code == 302
    assert browser.post(f"/therapist/availability/time-off/{away.id}/delete").status_code == 302
    assert availability.weekly_windows(session, therapist) == []
    assert availability.overrides(session, therapist) == []
    assert availability.time_off(session, therapist) == []


def test_a_therapist_cannot_remove_another_therapists_rows(make, login, session):
    owner, intruder = make.therapist(), make.therapist()
    availability.add_window(session, owner, 0, "09:00", "12:00", False)
    availability.add_override(session, owner, next_monday().isoformat(), "", "")
    availability.add_time_off(session, owner, "2100-01-01T00:00", "2100-01-02T00:00", "", KOLKATA)
    browser = login(intruder)
    window = availability.weekly_windows(session, owner)[0]
    override = availability.overrides(session, owner)[0]
    away = availability.time_off(session, owner)[0]
    assert browser.post(f"/therapist/availability/windows/{window.id}/delete").status_code == 404
    assert browser.post(f"/therapist/availability/overrides/{override.id}/delete").status_code == 404
    assert browser.post(f"/therapist/availability/time-off/{away.id}/delete").status_code == 404
    assert browser.post("/therapist/availability/windows/999999/delete").status_code == 404
    assert len(availability.weekly_windows(session, owner)) == 1
    assert len(availability.overrides(session, owner)) == 1
    assert len(availability.time_off(session, owner)) == 1


# Refusals -------------------------------------------------------------------------------------------------

SETTINGS_URL, WINDOWS_URL = "/therapist/availability/settings", "/therapist/availability/windows"
OVERRIDES_URL, TIME_OFF_URL = "/therapist/availability/overrides", "/therapist/availability/time-off"
WINDOW = {"weekday": "0", "start": "09:00", "end": "12:00"}
AWAY = {"starts": "2099-12-24T00:00", "ends": "2099-12-27T00:00"}


@pytest.mark.parametrize(
    ("url", "data", "message"),
    [
        (SETTINGS_URL, {}, "Choose a session length from the list."),
        (SETTINGS_URL, {**SETTINGS, "session_minutes": "55"}, "Session length must be one of 30, 45"),
        (SETTINGS_URL, {**SETTINGS, "buffer": "-5"}, "Choose a buffer from the list."),
        (SETTINGS_URL, {**SETTINGS, "buffer": "7"}, "The buffer must be one of 0, 5, 10"),
        (SETTINGS_URL, {**SETTINGS, "fee": ""}, "Give your standard fee, for example 40.00."),
        (SETTINGS_URL, {**SETTINGS, "fee": "forty"}, "Give the standard fee as an amount such as 40 or 40.00."),
        (SETTINGS_URL, {**SETTINGS, "fee": "NaN"}, "Give the standard fee as an amount"),
        (SETTINGS_URL, {**SETTINGS, "fee": "1e3"}, "Give the standard fee as an amount"),
        (SETTINGS_URL, {**SETTINGS, "fee": "40.001"}, "Give the standard fee as an amount"),
        (SETTINGS_URL, {**SETTINGS, "fee": "0"}, "Give a standard fee above zero"),
        (SETTINGS_URL, {**SETTINGS, "fee": "9999999"}, "Give a standard fee above zero"),
        (SETTINGS_URL, {**SETTINGS, "reduced_fee": "40"}, "The reduced fee must be lower than the standard fee."),
        (SETTINGS_URL, {**SETTINGS, "reduced_fee": "-1"}, "Give the reduced fee as an amount"),
        (SETTINGS_URL, {**SETTINGS, "max_caseload": "0"}, "The caseload limit must be between 1 and 200 clients."),
        (SETTINGS_URL, {**SETTINGS, "max_caseload": "2.5"}, "Give the caseload limit as a whole number"),
        (SETTINGS_URL, {**SETTINGS, "max_caseload": "9" * 5000}, "Give the caseload limit as a whole number"),
        (WINDOWS_URL, {}, "Choose a day of the week."),
        (WINDOWS_URL, {**WINDOW, "weekday": "7"}, "Choose a day of the week."),
        (WINDOWS_URL, {**WINDOW, "weekday": "-1"}, "Choose a day of the week."),
        (WINDOWS_URL, {**WINDOW, "start": "25:00"}, "Give a time as HH:MM, for example 09:30."),
        (WINDOWS_URL, {**WINDOW, "end": ""}, "Give a time as HH:MM, for example 09:30."),
        (WINDOWS_URL, {**WINDOW, "start": "09:07"}, "Times must be on a 5-minute step"),
        (WINDOWS_URL, {**WINDOW, "end": "08:00"}, "The end time must be after the start time."),
        (WINDOWS_URL, {**WINDOW, "start": "11:00", "end": "13:00"}, "That overlaps your Monday hours 09:00-12:00."),
        (OVERRIDES_URL, {}, "Give the date as YYYY-MM-DD"),
        (OVERRIDES_URL, {"day": "2099-02-30"}, "Give the date as YYYY-MM-DD"),
        (OVERRIDES_URL, {"day": "9999-12-31"}, "Choose a date between 2000 and 2100."),
        (OVERRIDES_URL, {"day": "2020-01-06"}, "That date has passed."),
        (OVERRIDES_URL, {"day": "2099-01-05", "start": "10:00"}, "Give a time as HH:MM"),
        (OVERRIDES_URL, {"day": "2099-01-05", "start": "10:00", "end": "09:00"}, "The end time must be after"),
        (TIME_OFF_URL, {}, "Give the start as a date and time, for example 2026-12-24T09:00."),
        (TIME_OFF_URL, {**AWAY, "starts": "tomorrow"}, "Give the start as a date and time"),
        (TIME_OFF_URL, {**AWAY, "ends": "0001-01-01T00:00"}, "Choose a date between 2000 and 2100."),
        (TIME_OFF_URL, {**AWAY, "ends": "2099-12-23T00:00"}, "Time off must end after it starts."),
        (TIME_OFF_URL, {**AWAY, "ends": "2100-12-31T00:00"}, "Time off can span at most a year."),
        (TIME_OFF_URL, {"starts": "2020-01-01T00:00", "ends": "2020-01-02T00:00"}, "That time has passed."),
    ],
)
def test_invalid_input_is_a_400_with_the_message(make, login, session, url, data, message):
    therapist = make.therapist()
    availability.add_window(session, therapist, 0, "09:00", "12:00", False)
    browser = login(therapist)
    response = browser.post(url, data=data)
    assert response.status_code == 400
    page = text_of(response)
    assert message in page
    assert 'role="alert"' in page
    assert len(availability.weekly_windows(session, therapist)) == 1
    assert availability.overrides(session, therapist) == availability.time_off(session, therapist) == []
    assert therapist.therapist_profile.fee_minor == 5000


def test_a_refused_form_keeps_what_was_typed(make, login):
    browser = login(make.therapist())
    response = browser.post(WINDOWS_URL, data={"weekday": "3", "start": "10:00", "end": "09:00", "reduced_fee": "on"})
    assert response.status_code == 400
    form = response.text[response.text.index('id="window-form"') :]
    assert '<option value="3" selected>' in form and 'value="10:00"' in form and 'value="09:00"' in form
    response = browser.post(SETTINGS_URL, data={**SETTINGS, "fee": "lots"})
    assert 'value="lots"' in response.text and 'id="settings-fee-error"' in response.text


@pytest.mark.parametrize("week", ["junk", "2026-13-01", "9999-12-31", "0001-01-01"])
def test_a_bad_week_is_a_400(make, login, week):
    response = login(make.therapist()).get(f"/therapist/schedule?week={week}")
    assert response.status_code == 400


# Who may use these pages ----------------------------------------------------------------------------------

PAGES = ["/therapist/schedule", "/therapist/availability"]
POSTS = [SETTINGS_URL, WINDOWS_URL, OVERRIDES_URL, TIME_OFF_URL, "/therapist/schedule/sessions/1/close"]


@pytest.mark.parametrize("role", ["client", "admin", "pending_therapist"])
def test_only_verified_therapists_get_in(make, login, role):
    person = {"client": make.client, "admin": make.admin, "pending_therapist": lambda: make.therapist(False)}[role]()
    browser = login(person)
    for path in PAGES:
        assert browser.get(path).status_code == 403, path
    for path in POSTS + ["/therapist/availability/windows/1/delete"]:
        assert browser.post(path, data=WINDOW).status_code == 403, path


def test_anonymous_visitors_are_sent_to_login(app):
    browser = Browser(app.test_client())
    for path in PAGES:
        response = browser.get(path)
        assert response.status_code == 302 and response.location.startswith("/login?next="), path
    for path in POSTS:
        response = browser.post(path, data=WINDOW)
        assert response.status_code == 302 and response.location.startswith("/login"), path


# The week calendar ----------------------------------------------------------------------------------------


def test_the_week_shows_bookings_in_local_time_across_the_autumn_clock_change(make, login, session):
    # Europe/London leaves summer time on Sunday 25 October 2026 at 02:00 BST (01:00 UTC).
    therapist = make.therapist(timezone="Europe/London")
    availability.add_window(session, therapist, 0, "00:30", "02:00", False)
    availability.add_window(session, therapist, 0, "10:00", "12:00", False)
    river, kite = make.client(pseudonym="QuietRiver"), make.client(pseudonym="BlueKite")
    before = datetime(2026, 10, 16, tzinfo=UTC)
    early = book(session, river, therapist, datetime(2026, 10, 18, 23, 30, tzinfo=UTC), before)  # Mon 00:30 BST
    summer = book(session, river, therapist, datetime(2026, 10, 19, 9, 0, tzinfo=UTC), before)  # Mon 10:00 BST
    winter = book(session, kite, therapist, datetime(2026, 10, 26, 10, 0, tzinfo=UTC), before)  # Mon 10:00 GMT
    browser = login(therapist)

    page = text_of(browser.get("/therapist/schedule?week=2026-10-22"))
    assert "Your week: 19 Oct – 25 Oct 2026" in page
    monday = section(page, "day-2026-10-19")
    assert "00:30–01:20" in monday and "10:00–10:50" in monday and "09:00" not in monday
    assert f'href="/therapist/clients/{river.id}">QuietRiver</a>' in monday
    assert "BlueKite" not in page
    assert "Standard fee (USD 50.00) · Booked" in " ".join(monday.split())
    assert 'href="/therapist/schedule?week=2026-10-26" rel="next"' in page

    page = text_of(browser.get("/therapist/schedule?week=2026-10-26"))
    assert "Your week: 26 Oct – 01 Nov 2026" in page
    monday = section(page, "day-2026-10-26")
    assert "10:00–10:50" in monday and f'href="/therapist/clients/{kite.id}">BlueKite</a>' in monday
    assert "QuietRiver" not in page
    assert 'href="/therapist/schedule?week=2026-10-19" rel="prev"' in page

    # 23:30 UTC on Sunday 18 October is already Monday in London: not in the week before.
    assert "QuietRiver" not in text_of(browser.get("/therapist/schedule?week=2026-10-18"))
    assert {early.status, summer.status, winter.status} == {BookingStatus.BOOKED}


def test_started_sessions_can_be_closed_and_upcoming_ones_show_the_join_placeholder(make, login, session):
    therapist, other = make.therapist(), make.therapist()
    for weekday in range(7):
        availability.add_window(session, therapist, weekday, "00:00", "23:55", False)
    client = make.client(pseudonym="MorningTea")
    now = utcnow()
    then = now - timedelta(days=3)
    started = book(session, client, therapist, bookings.bookable_slots(session, client, therapist, then)[0].start, then)
    coming = book(session, client, therapist, bookings.bookable_slots(session, client, therapist, now)[0].start, now)
    browser = login(therapist)

    week = f"{started.starts_at.date()}"
    page = browser.get(f"/therapist/schedule?week={week}").text
    close_url = f"/therapist/schedule/sessions/{started.id}/close"
    assert f'action="{close_url}"' in page and 'value="no_show"' in page

    monday = started.starts_at.date() - timedelta(days=started.starts_at.weekday())
    response = browser.post(close_url, data={"outcome": "completed", "week": week})
    assert response.status_code == 302 and response.location == f"/therapist/schedule?week={monday}"
    assert session.get(Booking, started.id).status == BookingStatus.COMPLETED
    assert "Session with MorningTea marked as completed." in text_of(browser.get(response.location))
    response = browser.post(close_url, data={"outcome": "no_show", "week": week})
    assert response.status_code == 302
    assert "This session was already closed or cancelled." in text_of(browser.get(response.location))
    assert session.get(Booking, started.id).status == BookingStatus.COMPLETED
    assert browser.post(close_url, data={"outcome": "cancelled"}).status_code == 400
    assert login(other).post(close_url, data={"outcome": "no_show"}).status_code == 404

    page = browser.get(f"/therapist/schedule?week={coming.starts_at.date()}").text
    assert '<button type="button" class="button small" disabled>Join (opens 10 minutes before)</button>' in page
    assert f"/therapist/schedule/sessions/{coming.id}/close" not in page
    response = browser.post(f"/therapist/schedule/sessions/{coming.id}/close", data={"outcome": "completed"})
    assert response.status_code == 302 and response.location == "/therapist/schedule"
    assert "A session can be marked once it has started." in text_of(browser.get(response.location))


def test_the_default_week_is_this_week(make, login):
    therapist = make.therapist(timezone="Asia/Kolkata")
    page = login(therapist).get("/therapist/schedule").text
    today = utcnow().astimezone(KOLKATA).date()
    assert f'<section class="week-day is-today" aria-labelledby="day-{today}">' in page
    assert page.count('class="week-day') == 7
