"""Report weeks: Monday 00:00 to the next Monday 00:00 in a person's own timezone, as UTC instants.

Pure functions, no database. A week that contains a daylight-saving change is 167 or 169 hours long: the
boundaries are local midnights, converted to UTC one by one, never "start + 7 days" in UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mindhaven.errors import ValidationFailed

FIRST_YEAR, LAST_YEAR = 2000, 2999  # a sane range for ?week=: far dates would overflow timezone arithmetic


def zone(name: str | None) -> ZoneInfo:
    """The timezone called `name`; UTC for an empty or unknown name (a report is better than none)."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def local_midnight(day: date, tz: str | None) -> datetime:
    """The UTC instant at which `day` begins in `tz`."""
    return datetime.combine(day, time(0, 0), tzinfo=zone(tz)).astimezone(UTC)


def week_bounds(day: date, tz: str | None) -> tuple[datetime, datetime]:
    """[start, end) in UTC of the Monday-to-Sunday week containing `day`, in timezone `tz`."""
    monday = monday_of(day)
    return local_midnight(monday, tz), local_midnight(monday + timedelta(days=7), tz)


def local_date(instant: datetime, tz: str | None) -> date:
    """The calendar day `instant` (aware, or naive UTC) falls on in `tz`."""
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(zone(tz)).date()


def last_full_week(now: datetime, tz: str | None) -> date:
    """The Monday of the week that most recently ended in `tz` (the week before the current local one)."""
    return monday_of(local_date(now, tz)) - timedelta(days=7)


def parse_week(text: str | None, now: datetime, tz: str | None) -> date:
    """?week=YYYY-MM-DD (any day of the week) -> its Monday; empty -> the last full week. ValidationFailed if bad."""
    if text is None or text == "":
        return last_full_week(now, tz)
    try:
        day = date.fromisoformat(text)
    except (TypeError, ValueError):
        raise ValidationFailed("The week must be a date written as YYYY-MM-DD.", "week") from None
    if len(text) != 10 or not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValidationFailed("The week must be a date written as YYYY-MM-DD, after the year 2000.", "week")
    return monday_of(day)
