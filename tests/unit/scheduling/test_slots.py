"""Open slots from weekly availability: hand-computed expectations, including daylight-saving nights."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from mindhaven.scheduling.slots import Interval, Schedule, Slot, WeeklyWindow, local_to_utc, open_slots

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)  # "now" far in the past: min_notice hides nothing


def utc(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=UTC)


def schedule(*weekly: WeeklyWindow, tz: str = "UTC", **kwargs) -> Schedule:
    kwargs.setdefault("overrides", {})
    return Schedule(timezone=tz, weekly=weekly, **kwargs)


def monday(start: time, end: time, reduced_fee: bool = False) -> WeeklyWindow:
    return WeeklyWindow(0, start, end, reduced_fee)


def starts(slots: list[Slot]) -> list[datetime]:
    return [slot.start for slot in slots]


# 2026-06-01 is a Monday.
MON = date(2026, 6, 1)
WEEK_START, WEEK_END = utc(2026, 6, 1), utc(2026, 6, 8)


def week_slots(sched: Schedule, **kwargs) -> list[Slot]:
    kwargs.setdefault("now", LONG_AGO)
    return open_slots(sched, WEEK_START, WEEK_END, **kwargs)


# --- plain week ---------------------------------------------------------------------------------------------


def test_plain_week_steps_by_session_plus_buffer_and_last_slot_fits_exactly():
    slots = week_slots(schedule(monday(time(9), time(12))))
    assert slots == [
        Slot(utc(2026, 6, 1, 9), utc(2026, 6, 1, 9, 50), False),
        Slot(utc(2026, 6, 1, 10), utc(2026, 6, 1, 10, 50), False),
        Slot(utc(2026, 6, 1, 11), utc(2026, 6, 1, 11, 50), False),  # ends 11:50 <= 12:00
    ]


def test_window_end_just_past_a_slot_gives_no_extra_slot():
    # 12:10 leaves room for a 12:00 start but not a 12:00-12:50 session.
    assert starts(week_slots(schedule(monday(time(9), time(12, 10))))) == [
        utc(2026, 6, 1, 9),
        utc(2026, 6, 1, 10),
        utc(2026, 6, 1, 11),
    ]
    # One minute short of the third session: only two.
    assert starts(week_slots(schedule(monday(time(9), time(11, 49))))) == [utc(2026, 6, 1, 9), utc(2026, 6, 1, 10)]


def test_weekly_window_recurs_every_matching_weekday():
    sched = schedule(monday(time(9), time(10)))
    slots = open_slots(sched, utc(2026, 6, 1), utc(2026, 6, 22), now=LONG_AGO)
    assert starts(slots) == [utc(2026, 6, 1, 9), utc(2026, 6, 8, 9), utc(2026, 6, 15, 9)]


def test_slots_outside_the_query_window_are_dropped_half_open():
    sched = schedule(monday(time(9), time(12)))
    slots = open_slots(sched, utc(2026, 6, 1, 10), utc(2026, 6, 1, 11), now=LONG_AGO)
    assert starts(slots) == [utc(2026, 6, 1, 10)]  # 09:00 before, 11:00 == window_end excluded


def test_custom_session_and_buffer_lengths():
    sched = schedule(monday(time(9), time(11)), session_minutes=25, buffer_minutes=5)
    assert starts(week_slots(sched)) == [
        utc(2026, 6, 1, 9),
        utc(2026, 6, 1, 9, 30),
        utc(2026, 6, 1, 10),
        utc(2026, 6, 1, 10, 30),
    ]
    assert week_slots(sched)[0].end == utc(2026, 6, 1, 9, 25)


# --- timezones and daylight saving --------------------------------------------------------------------------


def ny_monday_slot(day: date) -> Slot:
    """The single slot of a Monday 09:00-10:00 New York window on `day`."""
    sched = schedule(monday(time(9), time(10)), tz="America/New_York")
    start = datetime.combine(day, time(), tzinfo=UTC)
    [slot] = open_slots(sched, start, start + timedelta(days=1), now=LONG_AGO)
    return slot


def test_new_york_morning_is_13_utc_in_summer_and_14_utc_in_winter():
    assert ny_monday_slot(date(2026, 7, 6)).start == utc(2026, 7, 6, 13)  # EDT, UTC-4
    assert ny_monday_slot(date(2026, 1, 5)).start == utc(2026, 1, 5, 14)  # EST, UTC-5


def test_new_york_spring_forward_keeps_wall_clock_and_moves_utc():
    before = ny_monday_slot(date(2026, 3, 2))  # Monday before Sunday 2026-03-08
    after = ny_monday_slot(date(2026, 3, 9))  # Monday after
    assert before.start == utc(2026, 3, 2, 14)
    assert after.start == utc(2026, 3, 9, 13)
    assert before.start.astimezone(NEW_YORK).time() == after.start.astimezone(NEW_YORK).time() == time(9)


def test_new_york_fall_back_keeps_wall_clock_and_moves_utc():
    before = ny_monday_slot(date(2026, 10, 26))  # Monday before Sunday 2026-11-01
    after = ny_monday_slot(date(2026, 11, 2))
    assert before.start == utc(2026, 10, 26, 13)
    assert after.start == utc(2026, 11, 2, 14)
    assert before.start.astimezone(NEW_YORK).time() == after.start.astimezone(NEW_YORK).time() == time(9)


def london_sunday(day: date, start: time, end: time) -> list[Slot]:
    sched = schedule(WeeklyWindow(6, start, end), tz="Europe/London")
    return open_slots(
        sched,
        datetime.combine(day, time(), tzinfo=UTC) - timedelta(hours=12),
        datetime.combine(day, time(), tzinfo=UTC) + timedelta(days=1),
        now=LONG_AGO,
    )


def test_fall_back_night_window_gives_four_real_hours_of_slots():
    # 2026-10-25 01:00 BST (first occurrence) = 00:00 UTC; 04:00 GMT = 04:00 UTC: four real hours.
    slots = london_sunday(date(2026, 10, 25), time(1), time(4))
    assert starts(slots) == [utc(2026, 10, 25, h) for h in (0, 1, 2, 3)]
    # The same window a week earlier (all BST) is three real hours: 00:00-03:00 UTC.
    assert starts(london_sunday(date(2026, 10, 18), time(1), time(4))) == [utc(2026, 10, 18, h) for h in (0, 1, 2)]


def test_spring_forward_night_window_is_only_two_real_hours():
    # 00:30 GMT = 00:30 UTC; 03:30 BST = 02:30 UTC; 01:00-02:00 local never happens.
    slots = london_sunday(date(2026, 3, 29), time(0, 30), time(3, 30))
    assert starts(slots) == [utc(2026, 3, 29, 0, 30), utc(2026, 3, 29, 1, 30)]


def test_window_starting_in_the_gap_starts_at_the_gap_end():
    # 01:30 does not exist on 2026-03-29 in London; the window starts at 02:00 BST = 01:00 UTC.
    slots = london_sunday(date(2026, 3, 29), time(1, 30), time(3, 30))
    assert starts(slots) == [utc(2026, 3, 29, 1)]  # 02:00 UTC + 50 min would end after 02:30 UTC
    assert slots[0].start.astimezone(LONDON).time() == time(2)


def test_local_to_utc_resolves_ambiguous_and_missing_wall_times():
    assert local_to_utc(date(2026, 6, 1), time(9), LONDON) == utc(2026, 6, 1, 8)
    assert local_to_utc(date(2026, 1, 5), time(9), LONDON) == utc(2026, 1, 5, 9)
    # Fall-back: 01:30 happens twice; the first occurrence (BST) wins, even if fold=1 is passed.
    assert local_to_utc(date(2026, 10, 25), time(1, 30), LONDON) == utc(2026, 10, 25, 0, 30)
    assert local_to_utc(date(2026, 10, 25), time(1, 30, fold=1), LONDON) == utc(2026, 10, 25, 0, 30)
    # Spring-forward gap: moves to the gap's end.
    assert local_to_utc(date(2026, 3, 29), time(1), LONDON) == utc(2026, 3, 29, 1)
    assert local_to_utc(date(2026, 3, 29), time(1, 59), LONDON) == utc(2026, 3, 29, 1)
    assert local_to_utc(date(2026, 3, 29), time(0, 59), LONDON) == utc(2026, 3, 29, 0, 59)
    assert local_to_utc(date(2026, 3, 8), time(2, 30), NEW_YORK) == utc(2026, 3, 8, 7)  # 03:00 EDT
    # A 30-minute gap: Lord Howe Island jumps 02:00 -> 02:30 (+10:30 -> +11) on 2026-10-04.
    assert local_to_utc(date(2026, 10, 4), time(2, 15), ZoneInfo("Australia/Lord_Howe")) == utc(2026, 10, 3, 15, 30)
    assert local_to_utc(date(2026, 6, 1), time(9), LONDON).tzinfo is UTC


def test_client_in_kolkata_sees_the_same_utc_slot_at_their_wall_time():
    [slot] = open_slots(schedule(monday(time(13), time(14))), WEEK_START, WEEK_END, now=LONG_AGO)
    assert slot.start == utc(2026, 6, 1, 13)
    assert slot.start.astimezone(ZoneInfo("Asia/Kolkata")).replace(tzinfo=None) == datetime(2026, 6, 1, 18, 30)


def test_non_utc_aware_inputs_are_accepted_and_results_are_utc():
    sched = schedule(monday(time(9), time(10)))
    kolkata = ZoneInfo("Asia/Kolkata")
    slots = open_slots(
        sched, WEEK_START.astimezone(kolkata), WEEK_END.astimezone(kolkata), now=LONG_AGO.astimezone(kolkata)
    )
    assert slots == [Slot(utc(2026, 6, 1, 9), utc(2026, 6, 1, 9, 50), False)]
    assert slots[0].start.tzinfo is UTC


# --- overrides ----------------------------------------------------------------------------------------------


def test_override_replaces_weekly_windows_for_that_date_only():
    sched = schedule(monday(time(9), time(12), reduced_fee=True), overrides={MON: ((time(14), time(16)),)})
    slots = open_slots(sched, utc(2026, 6, 1), utc(2026, 6, 9), now=LONG_AGO)
    assert slots == [
        Slot(utc(2026, 6, 1, 14), utc(2026, 6, 1, 14, 50), False),  # override windows are never reduced
        Slot(utc(2026, 6, 1, 15), utc(2026, 6, 1, 15, 50), False),
        Slot(utc(2026, 6, 8, 9), utc(2026, 6, 8, 9, 50), True),  # next Monday: weekly again
        Slot(utc(2026, 6, 8, 10), utc(2026, 6, 8, 10, 50), True),
        Slot(utc(2026, 6, 8, 11), utc(2026, 6, 8, 11, 50), True),
    ]


def test_empty_override_closes_the_day():
    sched = schedule(monday(time(9), time(12)), overrides={MON: ()})
    slots = open_slots(sched, utc(2026, 6, 1), utc(2026, 6, 9), now=LONG_AGO)
    assert starts(slots) == [utc(2026, 6, 8, h) for h in (9, 10, 11)]


def test_override_opens_a_day_without_weekly_windows():
    saturday = date(2026, 6, 6)
    sched = schedule(monday(time(9), time(10)), overrides={saturday: ((time(10), time(11)),)})
    assert starts(week_slots(sched)) == [utc(2026, 6, 1, 9), utc(2026, 6, 6, 10)]


def test_override_date_is_the_therapists_local_date():
    # 2026-06-01 00:30 in Auckland (UTC+12) is 2026-05-31 12:30 UTC.
    sched = schedule(tz="Pacific/Auckland", overrides={MON: ((time(0, 30), time(1, 30)),)})
    assert starts(open_slots(sched, utc(2026, 5, 31), utc(2026, 6, 1), now=LONG_AGO)) == [utc(2026, 5, 31, 12, 30)]


# --- time off, bookings, notice -----------------------------------------------------------------------------


def test_time_off_removes_only_overlapping_slots():
    sched = schedule(monday(time(9), time(12)), time_off=(Interval(utc(2026, 6, 1, 10, 30), utc(2026, 6, 1, 11)),))
    assert starts(week_slots(sched)) == [utc(2026, 6, 1, 9), utc(2026, 6, 1, 11)]


def test_time_off_in_the_gap_between_sessions_removes_nothing():
    # [09:50, 10:00) touches 09:00-09:50 and 10:00-10:50 only at their half-open edges.
    sched = schedule(monday(time(9), time(12)), time_off=(Interval(utc(2026, 6, 1, 9, 50), utc(2026, 6, 1, 10)),))
    assert starts(week_slots(sched)) == [utc(2026, 6, 1, h) for h in (9, 10, 11)]


def test_multi_day_time_off_closes_every_day_it_covers():
    sched = schedule(monday(time(9), time(10)), time_off=(Interval(utc(2026, 5, 30), utc(2026, 6, 10)),))
    assert starts(open_slots(sched, utc(2026, 6, 1), utc(2026, 6, 16), now=LONG_AGO)) == [utc(2026, 6, 15, 9)]


def test_booking_blocks_its_own_slot_but_neighbours_just_outside_the_buffer_stay():
    # Booking 10:00-10:50. 09:00 slot: [08:50, 10:00) does not reach 10:00 (half-open), stays.
    # 11:00 slot: [10:50, 12:00) starts exactly where the booking ends, stays.
    sched = schedule(monday(time(9), time(12)), busy=(Interval(utc(2026, 6, 1, 10), utc(2026, 6, 1, 10, 50)),))
    assert starts(week_slots(sched)) == [utc(2026, 6, 1, 9), utc(2026, 6, 1, 11)]


def test_booking_within_the_buffer_removes_a_slot_that_does_not_itself_overlap():
    # Booking 09:55-10:45: the 09:00-09:50 slot does not overlap it, but 09:50 + 10 min buffer does.
    # The 11:00 slot's buffer starts at 10:50, after the booking ends: it stays.
    sched = schedule(monday(time(9), time(12)), busy=(Interval(utc(2026, 6, 1, 9, 55), utc(2026, 6, 1, 10, 45)),))
    assert starts(week_slots(sched)) == [utc(2026, 6, 1, 11)]
    # A booking ending 08:55 is inside the buffer before the 09:00 slot ([08:50, ...)).
    sched = schedule(monday(time(9), time(12)), busy=(Interval(utc(2026, 6, 1, 8), utc(2026, 6, 1, 8, 55)),))
    assert starts(week_slots(sched)) == [utc(2026, 6, 1, 10), utc(2026, 6, 1, 11)]
    # ...but one ending 08:50 is not.
    sched = schedule(monday(time(9), time(12)), busy=(Interval(utc(2026, 6, 1, 8), utc(2026, 6, 1, 8, 50)),))
    assert starts(week_slots(sched)) == [utc(2026, 6, 1, h) for h in (9, 10, 11)]


def test_zero_buffer_lets_sessions_sit_back_to_back_with_bookings():
    sched = schedule(
        monday(time(9), time(12)),
        busy=(Interval(utc(2026, 6, 1, 9, 50), utc(2026, 6, 1, 10, 40)),),
        session_minutes=50,
        buffer_minutes=0,
    )
    # Slots at 09:00, 09:50, 10:40 (11:30 + 50 > 12:00); only 09:50 overlaps the booking.
    assert starts(week_slots(sched)) == [utc(2026, 6, 1, 9), utc(2026, 6, 1, 10, 40)]


def test_busy_interval_that_swallows_a_later_one_is_still_seen():
    # A long booking sorted first must still block slots after a short one nested inside it.
    sched = schedule(
        monday(time(9), time(12)),
        busy=(
            Interval(utc(2026, 6, 1, 9, 30), utc(2026, 6, 1, 9, 40)),
            Interval(utc(2026, 6, 1, 8), utc(2026, 6, 1, 11, 5)),
        ),
    )
    assert starts(week_slots(sched)) == []


def test_min_notice_hides_slots_that_start_too_soon():
    sched = schedule(monday(time(9), time(12)))
    # now 07:30 + default 2 h = 09:30: the 09:00 slot is too soon.
    assert starts(week_slots(sched, now=utc(2026, 6, 1, 7, 30))) == [utc(2026, 6, 1, 10), utc(2026, 6, 1, 11)]
    # now 07:00 + 2 h = 09:00 exactly: the 09:00 slot is still bookable.
    assert starts(week_slots(sched, now=utc(2026, 6, 1, 7))) == [utc(2026, 6, 1, h) for h in (9, 10, 11)]
    # A custom notice of 24 h from Sunday 10:30 hides Monday 09:00 and 10:00.
    assert starts(week_slots(sched, now=utc(2026, 5, 31, 10, 30), min_notice=timedelta(hours=24))) == [
        utc(2026, 6, 1, 11)
    ]
    assert starts(week_slots(sched, now=utc(2026, 6, 1, 9), min_notice=timedelta(0))) == [
        utc(2026, 6, 1, h) for h in (9, 10, 11)
    ]


# --- reduced fee and de-duplication -------------------------------------------------------------------------


def test_reduced_fee_flag_is_carried_from_the_window():
    sched = schedule(monday(time(9), time(10), reduced_fee=True), monday(time(10), time(12)))
    assert [(s.start, s.reduced_fee) for s in week_slots(sched)] == [
        (utc(2026, 6, 1, 9), True),
        (utc(2026, 6, 1, 10), False),
        (utc(2026, 6, 1, 11), False),
    ]


def test_same_start_from_two_windows_is_one_slot_reduced_only_if_all_windows_are():
    mixed = schedule(monday(time(9), time(10), reduced_fee=True), monday(time(9), time(11)))
    assert [(s.start, s.reduced_fee) for s in week_slots(mixed)] == [
        (utc(2026, 6, 1, 9), False),
        (utc(2026, 6, 1, 10), False),
    ]
    both = schedule(monday(time(9), time(10), reduced_fee=True), monday(time(9), time(11), reduced_fee=True))
    assert [(s.start, s.reduced_fee) for s in week_slots(both)] == [
        (utc(2026, 6, 1, 9), True),
        (utc(2026, 6, 1, 10), True),
    ]


# --- Interval -----------------------------------------------------------------------------------------------


def test_interval_overlap_is_half_open():
    a = Interval(utc(2026, 6, 1, 9), utc(2026, 6, 1, 10))
    assert a.overlaps(Interval(utc(2026, 6, 1, 9, 59), utc(2026, 6, 1, 11)))
    assert a.overlaps(Interval(utc(2026, 6, 1, 8), utc(2026, 6, 1, 12)))
    assert not a.overlaps(Interval(utc(2026, 6, 1, 10), utc(2026, 6, 1, 11)))
    assert not a.overlaps(Interval(utc(2026, 6, 1, 8), utc(2026, 6, 1, 9)))
    assert not a.overlaps(Interval(utc(2026, 6, 1, 9, 30), utc(2026, 6, 1, 9, 30)))  # empty


# --- a year of bookings -------------------------------------------------------------------------------------


def test_many_bookings_match_a_brute_force_check():
    rng = random.Random(20260601)
    weekly = tuple(WeeklyWindow(d, time(8), time(20), reduced_fee=d == 5) for d in range(6))
    busy = []
    for _ in range(500):
        start = utc(2026, 1, 1) + timedelta(minutes=5 * rng.randrange(365 * 24 * 12))
        busy.append(Interval(start, start + timedelta(minutes=rng.choice((50, 50, 50, 25, 600)))))
    sched = Schedule("Europe/London", weekly, {}, busy=tuple(busy))
    window_start, window_end = utc(2026, 3, 20), utc(2026, 4, 3)  # 14 days across the spring change

    result = open_slots(sched, window_start, window_end, now=LONG_AGO)

    unfiltered = open_slots(Schedule("Europe/London", weekly, {}), window_start, window_end, now=LONG_AGO)
    buffer = timedelta(minutes=10)
    expected = [s for s in unfiltered if not any(Interval(s.start - buffer, s.end + buffer).overlaps(b) for b in busy)]
    assert result == expected
    assert 0 < len(result) < len(unfiltered)


# --- validation ---------------------------------------------------------------------------------------------

GOOD = schedule(monday(time(9), time(12)))


@pytest.mark.parametrize(
    ("window_start", "window_end", "now", "message"),
    [
        (datetime(2026, 6, 1), WEEK_END, LONG_AGO, "window_start must be timezone-aware"),
        (WEEK_START, datetime(2026, 6, 8), LONG_AGO, "window_end must be timezone-aware"),
        (WEEK_START, WEEK_END, datetime(2026, 6, 1), "now must be timezone-aware"),
        (WEEK_END, WEEK_START, LONG_AGO, "must be after window_start"),
        (WEEK_START, WEEK_START, LONG_AGO, "must be after window_start"),
    ],
)
def test_bad_query_raises(window_start, window_end, now, message):
    with pytest.raises(ValueError, match=message):
        open_slots(GOOD, window_start, window_end, now=now)


@pytest.mark.parametrize(
    ("sched", "message"),
    [
        (schedule(monday(time(9), time(12)), session_minutes=0), "session_minutes"),
        (schedule(monday(time(9), time(12)), session_minutes=4), "session_minutes"),
        (schedule(monday(time(9), time(12)), session_minutes=52), "session_minutes"),
        (schedule(monday(time(9), time(12)), buffer_minutes=-5), "buffer_minutes"),
        (schedule(monday(time(9), time(12)), buffer_minutes=7), "buffer_minutes"),
        (schedule(monday(time(12), time(9))), "window end 09:00:00 must be after start 12:00:00"),
        (schedule(monday(time(9), time(9))), "must be after start"),
        (schedule(overrides={MON: ((time(15), time(14)),)}), "override on 2026-06-01"),
        (schedule(WeeklyWindow(7, time(9), time(10))), "weekday"),
        (schedule(monday(time(9), time(12)), tz="Mars/Olympus_Mons"), "unknown timezone 'Mars/Olympus_Mons'"),
        (schedule(monday(time(9), time(12)), tz=""), "unknown timezone"),
        (
            schedule(busy=(Interval(datetime(2026, 6, 1, 9), utc(2026, 6, 1, 10)),)),
            r"busy\[0\].start must be timezone-aware",
        ),
        (
            schedule(time_off=(Interval(utc(2026, 6, 1, 9), datetime(2026, 6, 1, 10)),)),
            r"time_off\[0\].end must be timezone-aware",
        ),
        (schedule(busy=(Interval(utc(2026, 6, 1, 10), utc(2026, 6, 1, 9)),)), r"busy\[0\]: end .* is before start"),
    ],
)
def test_bad_schedule_raises(sched, message):
    with pytest.raises(ValueError, match=message):
        open_slots(sched, WEEK_START, WEEK_END, now=LONG_AGO)


def test_negative_min_notice_raises():
    with pytest.raises(ValueError, match="min_notice"):
        open_slots(GOOD, WEEK_START, WEEK_END, now=LONG_AGO, min_notice=timedelta(minutes=-1))


def test_local_to_utc_rejects_an_aware_wall_time():
    with pytest.raises(ValueError, match="naive"):
        local_to_utc(MON, time(9, tzinfo=UTC), LONDON)
