"""Open session slots from a therapist's weekly availability, overrides, time off and bookings.

Availability is entered as local wall-clock times in the therapist's own timezone, because that is how a
therapist thinks about "Mondays 9 to 12". Everything else (bookings, time off, the query window, the result)
is an aware UTC instant, so that slot arithmetic is done on real elapsed time and stays correct across
daylight-saving changes. Pure standard library: no Flask, no database.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["Interval", "Schedule", "Slot", "WeeklyWindow", "local_to_utc", "open_slots"]


@dataclass(frozen=True)
class WeeklyWindow:
    """A recurring block of availability on one weekday, in the therapist's local wall-clock time."""

    weekday: int  # 0 = Monday ... 6 = Sunday, in the therapist's timezone
    start: time  # local wall-clock, naive
    end: time  # local, > start (no windows across midnight)
    reduced_fee: bool = False  # slots in this window are sliding-scale (reduced-fee) slots


@dataclass(frozen=True)
class Interval:
    """A half-open span [start, end) of real time, in aware UTC."""

    start: datetime
    end: datetime

    def overlaps(self, other: Interval) -> bool:
        """Half-open, so back-to-back intervals (one ends when the next starts) do not clash."""
        return max(self.start, other.start) < min(self.end, other.end)


@dataclass(frozen=True)
class Slot:
    """One bookable session: real start and end in aware UTC."""

    start: datetime
    end: datetime  # start + session length
    reduced_fee: bool


@dataclass(frozen=True)
class Schedule:
    """Everything needed to know when a therapist can take a session."""

    timezone: str  # IANA name, e.g. "Europe/London"
    weekly: tuple[WeeklyWindow, ...]
    # A date listed here REPLACES that date's weekly windows; an empty tuple closes the day.
    # Override windows are never reduced-fee.
    overrides: Mapping[date, tuple[tuple[time, time], ...]]
    time_off: tuple[Interval, ...] = ()
    busy: tuple[Interval, ...] = ()  # existing active bookings [start, end), without buffer
    session_minutes: int = 50
    buffer_minutes: int = 10


def local_to_utc(day: date, wall: time, tz: ZoneInfo) -> datetime:
    """Turn a local wall-clock time on a local date into an aware UTC instant.

    Ambiguous times (autumn fall-back) take the first occurrence (fold=0), so a window that starts in the
    repeated hour starts as early as possible. Times that do not exist (spring-forward gap) move to the end
    of the gap, the first real instant after it: the therapist cannot be available at a time that never
    happens, and the next time that does is the closest honest answer.
    """
    if wall.tzinfo is not None:
        raise ValueError(f"wall-clock time must be naive (local to the schedule), got {wall!r}")
    local = datetime.combine(day, wall.replace(fold=0), tzinfo=tz)
    utc = local.astimezone(UTC)
    if utc.astimezone(tz).replace(tzinfo=None) == local.replace(tzinfo=None):
        return utc
    return _gap_end(local, utc, tz)


def _gap_end(local: datetime, utc_fold0: datetime, tz: tzinfo) -> datetime:
    """Find the transition instant that ends the gap containing `local`.

    In a gap, fold=0 reads the wall time with the offset from before the transition and fold=1 with the
    offset from after it, so the two UTC readings bracket the transition. A binary search on whole seconds
    (tz transitions are on whole seconds) finds the first instant with the new offset.
    """
    a = local.replace(fold=1).astimezone(UTC)
    b = utc_fold0
    lo_ts, hi_ts = math.floor(min(a, b).timestamp()), math.ceil(max(a, b).timestamp())
    before = datetime.fromtimestamp(lo_ts, UTC).astimezone(tz).utcoffset()
    if datetime.fromtimestamp(hi_ts, UTC).astimezone(tz).utcoffset() == before:
        return utc_fold0  # no transition in the bracket; cannot happen with real tzdata, but never loop
    while hi_ts - lo_ts > 1:
        mid = (lo_ts + hi_ts) // 2
        if datetime.fromtimestamp(mid, UTC).astimezone(tz).utcoffset() == before:
            lo_ts = mid
        else:
            hi_ts = mid
    return datetime.fromtimestamp(hi_ts, UTC)


class _IntervalIndex:
    """Answers "does [start, end) overlap any of these intervals?" in O(log n).

    Intervals are sorted by start once; a running maximum of their ends means the intervals starting before
    the query's end overlap it exactly when the largest of their ends is after the query's start.
    """

    def __init__(self, intervals: Iterable[Interval]) -> None:
        ordered = sorted((i for i in intervals if i.start < i.end), key=lambda i: i.start)
        self._starts = [i.start for i in ordered]
        self._max_end: list[datetime] = []
        for interval in ordered:
            self._max_end.append(max(self._max_end[-1], interval.end) if self._max_end else interval.end)

    def overlaps(self, start: datetime, end: datetime) -> bool:
        count = bisect_left(self._starts, end)  # intervals that start before the query ends
        return count > 0 and self._max_end[count - 1] > start


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as error:
        raise ValueError(f"unknown timezone {name!r}") from error


def _utc(value: datetime, what: str) -> datetime:
    if not isinstance(value, datetime):
        raise ValueError(f"{what} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware (UTC), got naive {value.isoformat()}")
    return value.astimezone(UTC)


def _check_window(start: time, end: time, what: str) -> None:
    if start.tzinfo is not None or end.tzinfo is not None:
        raise ValueError(f"{what}: window times must be naive local wall-clock times")
    if end <= start:
        raise ValueError(f"{what}: window end {end.isoformat()} must be after start {start.isoformat()}")


def _utc_intervals(intervals: Iterable[Interval], what: str) -> list[Interval]:
    result = []
    for n, interval in enumerate(intervals):
        start = _utc(interval.start, f"{what}[{n}].start")
        end = _utc(interval.end, f"{what}[{n}].end")
        if end < start:
            raise ValueError(f"{what}[{n}]: end {end.isoformat()} is before start {start.isoformat()}")
        result.append(Interval(start, end))
    return result


def _validate(schedule: Schedule) -> None:
    if schedule.session_minutes < 5 or schedule.session_minutes % 5:
        raise ValueError(f"session_minutes must be a multiple of 5 and at least 5, got {schedule.session_minutes}")
    if schedule.buffer_minutes < 0 or schedule.buffer_minutes % 5:
        raise ValueError(f"buffer_minutes must be a multiple of 5 and not negative, got {schedule.buffer_minutes}")
    for window in schedule.weekly:
        if not 0 <= window.weekday <= 6:
            raise ValueError(f"weekday must be 0 (Monday) to 6 (Sunday), got {window.weekday}")
        _check_window(window.start, window.end, f"weekly window on weekday {window.weekday}")
    for day, windows in schedule.overrides.items():
        for start, end in windows:
            _check_window(start, end, f"override on {day.isoformat()}")


def open_slots(
    schedule: Schedule,
    window_start: datetime,
    window_end: datetime,
    *,
    now: datetime,
    min_notice: timedelta = timedelta(hours=2),
) -> list[Slot]:
    """List the slots a client could book that start in [window_start, window_end), sorted by start.

    Slots step through each availability window by session + buffer of real elapsed time, so a window on a
    daylight-saving night yields as many sessions as its real hours allow. A slot is dropped when it starts
    before now + min_notice, overlaps time off, or comes within the buffer of an existing booking.

    Two windows can produce the same start (overlapping windows, or a fall-back night); the result keeps
    one slot per start, and that slot is reduced-fee only if every window that produced it is reduced-fee,
    so a full-fee window is never silently turned into a reduced-fee one.

    Raises ValueError for naive datetimes, an empty or inverted query window, a bad session or buffer
    length, a window whose end is not after its start, a negative min_notice, or an unknown timezone.
    """
    window_start = _utc(window_start, "window_start")
    window_end = _utc(window_end, "window_end")
    now = _utc(now, "now")
    if window_end <= window_start:
        raise ValueError(f"window_end {window_end.isoformat()} must be after window_start {window_start.isoformat()}")
    if min_notice < timedelta(0):
        raise ValueError(f"min_notice must not be negative, got {min_notice}")
    _validate(schedule)
    tz = _zone(schedule.timezone)
    time_off = _IntervalIndex(_utc_intervals(schedule.time_off, "time_off"))
    busy = _IntervalIndex(_utc_intervals(schedule.busy, "busy"))

    session = timedelta(minutes=schedule.session_minutes)
    buffer = timedelta(minutes=schedule.buffer_minutes)
    step = session + buffer
    earliest = max(window_start, now + min_notice)

    weekly_by_day: dict[int, list[tuple[time, time, bool]]] = {d: [] for d in range(7)}
    for window in schedule.weekly:
        weekly_by_day[window.weekday].append((window.start, window.end, window.reduced_fee))

    found: dict[datetime, bool] = {}  # slot start -> reduced_fee
    day = window_start.astimezone(tz).date() - timedelta(days=1)
    last_day = window_end.astimezone(tz).date() + timedelta(days=1)
    while day <= last_day:
        if day in schedule.overrides:
            windows = [(start, end, False) for start, end in schedule.overrides[day]]
        else:
            windows = weekly_by_day[day.weekday()]
        for wall_start, wall_end, reduced in windows:
            start = local_to_utc(day, wall_start, tz)
            end = local_to_utc(day, wall_end, tz)
            while start + session <= end:
                if (
                    earliest <= start < window_end
                    and not time_off.overlaps(start, start + session)
                    and not busy.overlaps(start - buffer, start + session + buffer)
                ):
                    found[start] = found.get(start, True) and reduced
                start += step
        day += timedelta(days=1)

    return [Slot(start, start + session, found[start]) for start in sorted(found)]
