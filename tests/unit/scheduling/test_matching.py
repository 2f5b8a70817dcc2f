"""Therapist matching: hard rules, score, order and the plain-language reasons, on hand-made cases."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from mindhaven.scheduling.matching import (
    Candidate,
    Preferences,
    in_preferred_times,
    rank_therapists,
    usable_slots,
)
from mindhaven.scheduling.slots import Slot

NOW = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)  # a Monday
NO_SLOTS = "no open slots in your preferred times yet"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A UTC time in late November / December 2026."""
    return datetime(2026, 11, 1, hour, minute, tzinfo=UTC) + timedelta(days=day - 1)


def slot(start: datetime, *, reduced: bool = False) -> Slot:
    return Slot(start=start, end=start + timedelta(minutes=50), reduced_fee=reduced)


def prefs(**changes: Any) -> Preferences:
    fields: dict[str, Any] = {
        "concerns": frozenset({"anxiety"}),
        "languages": frozenset(),
        "gender": None,
        "budget_minor": None,
        "needs_reduced_fee": False,
        "days": frozenset(),
        "times": frozenset(),
        "timezone": "UTC",
    }
    fields.update(changes)
    return Preferences(**fields)


def cand(therapist_id: int, **changes: Any) -> Candidate:
    fields: dict[str, Any] = {
        "therapist_id": therapist_id,
        "name": f"Therapist {therapist_id}",
        "languages": ("en",),
        "specialties": ("anxiety",),
        "gender": "woman",
        "fee_minor": 2000,
        "reduced_fee_minor": None,
        "free_consultation": False,
        "open_slots": (),
        "caseload": 0,
        "max_caseload": 10,
    }
    fields.update(changes)
    return Candidate(**fields)


def ids(matches: list) -> list[int]:
    return [match.therapist_id for match in matches]


def rank(p: Preferences, candidates: list[Candidate], **kwargs: Any) -> list:
    kwargs.setdefault("limit", 10)
    return rank_therapists(p, candidates, now=NOW, **kwargs)


# --- language -------------------------------------------------------------------------------------------------------


def test_language_is_a_hard_constraint():
    p = prefs(languages=frozenset({"hi"}))
    matches = rank(p, [cand(1, languages=("en",)), cand(2, languages=("en", "hi"))])
    assert ids(matches) == [2]
    assert matches[0].reasons[0] == "speaks Hindi"


def test_language_reason_names_at_most_two_in_vocabulary_order():
    p = prefs(languages=frozenset({"ta", "hi", "en"}))
    [match] = rank(p, [cand(1, languages=("ta", "hi", "en"))])
    assert match.reasons[0] == "speaks English and Hindi"


def test_no_language_preference_accepts_anyone_and_says_nothing_about_language():
    matches = rank(prefs(), [cand(1, languages=("ta",)), cand(2, languages=("zh",))])
    assert ids(matches) == [1, 2]
    assert all(not reason.startswith("speaks") for match in matches for reason in match.reasons)


# --- budget and sliding scale ---------------------------------------------------------------------------------------


def test_budget_is_a_hard_constraint_and_equal_fee_fits():
    p = prefs(budget_minor=1500)
    assert ids(rank(p, [cand(1, fee_minor=2000), cand(2, fee_minor=1500), cand(3, fee_minor=1499)])) == [2, 3]


def test_free_first_consultation_does_not_waive_the_budget():
    p = prefs(budget_minor=1000)
    assert rank(p, [cand(1, fee_minor=2000, free_consultation=True)]) == []
    [match] = rank(prefs(), [cand(1, fee_minor=2000, free_consultation=True)])
    assert match.reasons == ("works with anxiety", NO_SLOTS, "free first consultation")


SLIDING = {
    "fee_minor": 2000,
    "reduced_fee_minor": 800,
    "open_slots": (slot(at(24, 10)), slot(at(25, 10), reduced=True)),
}


def test_sliding_scale_rescues_a_client_who_declared_need():
    p = prefs(budget_minor=1000, needs_reduced_fee=True)
    [match] = rank(p, [cand(1, **SLIDING)])
    assert match.fee_minor == 800
    assert match.uses_reduced_fee is True
    assert match.usable_slots == (slot(at(25, 10), reduced=True),)
    assert match.reasons == (
        "works with anxiety",
        "1 open slot this week within your budget",
        "reduced fee 8.00 for you",
    )
    # specialty 1.0, availability 1/6, headroom 1.0, gender 1.0
    assert match.score == 0.75


def test_reduced_fee_is_shown_with_the_callers_money_format():
    p = prefs(budget_minor=1000, needs_reduced_fee=True)
    [match] = rank(p, [cand(1, **SLIDING)], money=lambda minor: f"₹{minor // 100}")
    assert "reduced fee ₹8 for you" in match.reasons


def test_sliding_scale_is_no_rescue_without_declared_need():
    assert rank(prefs(budget_minor=1000), [cand(1, **SLIDING)]) == []


def test_sliding_scale_is_no_rescue_when_the_reduced_fee_is_still_too_high():
    p = prefs(budget_minor=1000, needs_reduced_fee=True)
    assert rank(p, [cand(1, **{**SLIDING, "reduced_fee_minor": 1200})]) == []


def test_sliding_scale_is_no_rescue_without_an_open_reduced_slot():
    p = prefs(budget_minor=1000, needs_reduced_fee=True)
    only_standard = cand(1, **{**SLIDING, "open_slots": (slot(at(24, 10)),)})
    assert usable_slots(p, only_standard) is None
    assert rank(p, [only_standard]) == []
    # A reduced slot that has already started cannot be booked either.
    started = cand(1, **{**SLIDING, "open_slots": (slot(NOW - timedelta(minutes=10), reduced=True),)})
    assert usable_slots(p, started) is not None
    assert rank(p, [started]) == []


def test_sliding_scale_needs_a_reduced_fee_on_record():
    p = prefs(budget_minor=1000, needs_reduced_fee=True)
    assert rank(p, [cand(1, **{**SLIDING, "reduced_fee_minor": None})]) == []


def test_reduced_slots_are_hidden_from_clients_without_need():
    standard, reduced = slot(at(24, 10)), slot(at(25, 10), reduced=True)
    c = cand(1, fee_minor=2000, reduced_fee_minor=800, open_slots=(reduced, standard))
    assert usable_slots(prefs(), c) == ((standard,), 2000, False)
    only_reduced = replace(c, open_slots=(reduced,))
    [match] = rank(prefs(), [only_reduced])
    assert match.usable_slots == ()
    assert match.preferred_slots == 0
    assert match.reasons == ("works with anxiety", NO_SLOTS)


def test_client_with_need_within_budget_sees_both_kinds_at_the_standard_fee():
    standard, reduced = slot(at(24, 10)), slot(at(25, 10), reduced=True)
    c = cand(1, fee_minor=2000, reduced_fee_minor=800, open_slots=(reduced, standard))
    p = prefs(budget_minor=2000, needs_reduced_fee=True)
    assert usable_slots(p, c) == ((standard, reduced), 2000, False)
    [match] = rank(p, [c])
    assert (match.fee_minor, match.uses_reduced_fee, match.preferred_slots) == (2000, False, 2)
    assert "reduced fee 8.00 for you" not in match.reasons


def test_client_with_need_and_only_reduced_slots_pays_the_reduced_fee():
    reduced = slot(at(25, 10), reduced=True)
    c = cand(1, fee_minor=2000, reduced_fee_minor=800, open_slots=(reduced,))
    assert usable_slots(prefs(needs_reduced_fee=True), c) == ((reduced,), 800, True)


def test_reduced_slots_without_a_reduced_fee_are_never_offered():
    reduced = slot(at(25, 10), reduced=True)
    c = cand(1, fee_minor=2000, reduced_fee_minor=None, open_slots=(reduced,))
    assert usable_slots(prefs(needs_reduced_fee=True), c) == ((), 2000, False)


# --- specialty ------------------------------------------------------------------------------------------------------


def test_specialty_overlap_ranks_higher():
    p = prefs(concerns=frozenset({"anxiety", "sleep"}))
    matches = rank(
        p,
        [
            cand(1, specialties=("depression",)),
            cand(2, specialties=("anxiety",)),
            cand(3, specialties=("trauma", "sleep", "anxiety")),
        ],
    )
    assert ids(matches) == [3, 2, 1]
    # No slots, empty caseload, no gender preference: 0.40 * specialty + 0.15 + 0.15.
    assert [m.score for m in matches] == [0.7, 0.5, 0.3]
    assert [m.reasons for m in matches] == [
        ("works with anxiety and sleep", NO_SLOTS),
        ("works with anxiety", NO_SLOTS),
        (NO_SLOTS,),
    ]


def test_specialty_score_is_rounded_to_four_places():
    p = prefs(concerns=frozenset({"anxiety", "sleep", "trauma"}))
    [match] = rank(p, [cand(1, specialties=("anxiety",))])
    assert match.score == 0.4333


def test_concern_names_are_lower_case_and_at_most_two():
    p = prefs(concerns=frozenset({"grief", "trauma", "self-esteem"}))
    [match] = rank(p, [cand(1, specialties=("self-esteem", "trauma", "grief"))])
    assert match.reasons[0] == "works with grief and loss and trauma"


@pytest.mark.parametrize(
    "concerns, specialties, score",
    [
        (frozenset({"other"}), ("other",), 0.5),
        (frozenset(), ("anxiety",), 0.5),
        (frozenset({"anxiety", "other"}), ("anxiety", "other"), 0.7),
        (frozenset({"anxiety", "other"}), ("other",), 0.3),
    ],
)
def test_other_concerns_count_as_neutral(concerns, specialties, score):
    [match] = rank(prefs(concerns=concerns), [cand(1, specialties=specialties)])
    assert match.score == score
    assert not any(reason.startswith("works with") and "other" in reason for reason in match.reasons)


# --- preferred times ------------------------------------------------------------------------------------------------


def test_afternoon_in_utc_is_evening_in_kolkata():
    s = slot(at(24, 13))  # Tue 13:00 UTC = Tue 18:30 IST
    assert in_preferred_times(s, prefs(timezone="Asia/Kolkata", times=frozenset({"evening"})))
    assert not in_preferred_times(s, prefs(timezone="Asia/Kolkata", times=frozenset({"afternoon"})))
    assert not in_preferred_times(s, prefs(timezone="UTC", times=frozenset({"evening"})))
    assert in_preferred_times(s, prefs(timezone="UTC", times=frozenset({"afternoon", "evening"})))


def test_weekday_is_the_clients_weekday():
    s = slot(at(24, 2))  # Tue 02:00 UTC = Mon 21:00 in New York (EST)
    ny = {"timezone": "America/New_York", "times": frozenset({"evening"})}
    assert in_preferred_times(s, prefs(days=frozenset({0}), **ny))
    assert not in_preferred_times(s, prefs(days=frozenset({1}), **ny))
    assert in_preferred_times(s, prefs(days=frozenset({1})))  # Tuesday in UTC, any time


def test_hours_outside_every_range_only_count_when_times_are_open():
    s = slot(at(24, 22, 30))
    assert not in_preferred_times(s, prefs(times=frozenset({"morning", "afternoon", "evening"})))
    assert in_preferred_times(s, prefs())
    assert not in_preferred_times(slot(at(24, 5, 59)), prefs(times=frozenset({"morning"})))
    assert in_preferred_times(slot(at(24, 6)), prefs(times=frozenset({"morning"})))
    assert not in_preferred_times(slot(at(24, 12)), prefs(times=frozenset({"morning"})))


def test_preferred_slots_are_counted_in_the_clients_timezone():
    p = prefs(timezone="Asia/Kolkata", times=frozenset({"evening"}))
    slots = (
        slot(at(27, 13)),  # 18:30 IST
        slot(at(24, 13)),  # 18:30 IST
        slot(at(25, 4)),  # 09:30 IST
        slot(at(26, 17)),  # 22:30 IST
    )
    [match] = rank(p, [cand(1, open_slots=slots)])
    assert match.usable_slots == tuple(sorted(slots, key=lambda s: s.start))
    assert match.preferred_slots == 2
    # 0.40 + 0.30 * 2/6 + 0.15 + 0.15
    assert match.score == 0.8
    assert match.reasons == ("works with anxiety", "2 open slots this week")  # no budget given: not mentioned


def test_availability_is_capped_at_six_preferred_slots():
    many = tuple(slot(at(24 + day, 10)) for day in range(8))
    [match] = rank(prefs(), [cand(1, open_slots=many)])
    assert match.preferred_slots == 8
    assert match.score == 1.0
    assert match.reasons == ("works with anxiety", "6 open slots this week")


# --- headroom, gender and tie order ---------------------------------------------------------------------------------


def test_caseload_headroom_breaks_a_tie():
    matches = rank(prefs(), [cand(1, caseload=5), cand(2, caseload=0), cand(3, caseload=9)])
    assert ids(matches) == [2, 1, 3]
    assert [m.score for m in matches] == [0.7, 0.625, 0.565]
    assert matches[2].reasons == ("works with anxiety", NO_SLOTS, "caseload nearly full")
    assert "caseload nearly full" not in matches[1].reasons


def test_nearly_full_starts_below_one_fifth_headroom():
    exactly_a_fifth, over_full = cand(1, caseload=8), cand(2, caseload=12)
    matches = rank(prefs(), [exactly_a_fifth, over_full])
    assert ids(matches) == [1, 2]
    assert "caseload nearly full" not in matches[0].reasons
    assert matches[1].reasons[-1] == "caseload nearly full"
    assert matches[1].score == 0.55  # headroom is floored at 0


def test_gender_preference_breaks_a_tie_and_is_explained():
    p = prefs(gender="woman")
    matches = rank(p, [cand(1, gender="man"), cand(2, gender="woman"), cand(3, gender="undisclosed")])
    assert ids(matches) == [2, 1, 3]
    assert [m.score for m in matches] == [0.7, 0.55, 0.55]
    assert matches[0].reasons == ("works with anxiety", NO_SLOTS, "woman therapist, as you asked")
    assert matches[1].reasons == ("works with anxiety", NO_SLOTS)


def test_non_binary_preference_reason():
    [match] = rank(prefs(gender="non-binary"), [cand(1, gender="non-binary")])
    assert match.reasons[-1] == "non-binary therapist, as you asked"


def test_no_gender_preference_scores_everyone_alike():
    matches = rank(prefs(), [cand(1, gender="man"), cand(2, gender="woman")])
    assert [m.score for m in matches] == [0.7, 0.7]
    assert all(not r.endswith("as you asked") for m in matches for r in m.reasons)


def test_equal_scores_sort_by_id():
    assert ids(rank(prefs(), [cand(5), cand(2), cand(9)])) == [2, 5, 9]


def test_equal_scores_prefer_more_preferred_slots_before_id():
    six = tuple(slot(at(24 + day, 10)) for day in range(6))
    eight = tuple(slot(at(24 + day, 10)) for day in range(8))
    matches = rank(prefs(), [cand(3, open_slots=six), cand(7, open_slots=eight)])
    assert [m.score for m in matches] == [1.0, 1.0]
    assert ids(matches) == [7, 3]


def test_ranking_does_not_depend_on_input_order():
    people = [cand(4, caseload=3), cand(1, specialties=("sleep",)), cand(8), cand(2, gender="man")]
    assert ids(rank(prefs(), people)) == ids(rank(prefs(), list(reversed(people)))) == [2, 8, 4, 1]


def test_limit():
    people = [cand(i) for i in range(1, 6)]
    assert ids(rank_therapists(prefs(), people, now=NOW)) == [1, 2, 3]
    assert ids(rank(prefs(), people, limit=1)) == [1]
    assert rank(prefs(), people, limit=0) == []
    assert ids(rank(prefs(), people, limit=50)) == [1, 2, 3, 4, 5]


# --- the availability phrase ----------------------------------------------------------------------------------------


def test_one_open_slot_is_singular_and_the_budget_is_named_only_when_given():
    [match] = rank(prefs(), [cand(1, open_slots=(slot(at(29, 10)),))])
    assert match.reasons[1] == "1 open slot this week"
    [match] = rank(prefs(budget_minor=9000), [cand(1, open_slots=(slot(at(29, 10)),))])
    assert match.reasons[1] == "1 open slot this week within your budget"


def test_next_open_slot_when_none_this_week():
    week_edge = NOW + timedelta(days=7)  # Mon 30 Nov 06:00 UTC: next week already
    c = cand(1, open_slots=(slot(at(30, 10) + timedelta(days=1)), slot(week_edge)))
    [match] = rank(prefs(), [c])
    assert match.preferred_slots == 2
    assert match.reasons[1] == "next open slot Mon 30 Nov"
    [later] = rank(prefs(), [cand(1, open_slots=(slot(datetime(2026, 12, 1, 10, tzinfo=UTC)),))])
    assert later.reasons[1] == "next open slot Tue 1 Dec"


def test_next_open_slot_is_dated_in_the_clients_timezone():
    s = slot(datetime(2026, 12, 1, 20, 0, tzinfo=UTC))  # Wed 2 Dec 01:30 IST
    [match] = rank(prefs(timezone="Asia/Kolkata"), [cand(1, open_slots=(s,))])
    assert match.reasons[1] == "next open slot Wed 2 Dec"


def test_next_open_slot_counts_only_preferred_slots():
    c = cand(1, open_slots=(slot(at(24, 10)), slot(datetime(2026, 12, 2, 18, tzinfo=UTC))))
    [match] = rank(prefs(times=frozenset({"evening"})), [c])
    assert match.preferred_slots == 1
    assert len(match.usable_slots) == 2
    assert match.reasons[1] == "next open slot Wed 2 Dec"


def test_no_open_slots_in_preferred_times():
    morning_only = cand(1, open_slots=(slot(at(24, 9)), slot(at(25, 9))))
    [match] = rank(prefs(times=frozenset({"evening"})), [morning_only])
    assert match.preferred_slots == 0
    assert len(match.usable_slots) == 2
    assert match.reasons[1] == NO_SLOTS
    assert match.score == 0.7


def test_slots_outside_the_next_fourteen_days_are_ignored():
    past, beyond = slot(NOW - timedelta(hours=1)), slot(NOW + timedelta(days=14))
    last = slot(NOW + timedelta(days=14) - timedelta(minutes=1))
    [match] = rank(prefs(), [cand(1, open_slots=(past, beyond, last))])
    assert match.usable_slots == (last,)
    assert match.reasons[1] == "next open slot Mon 7 Dec"


# --- all reasons together -------------------------------------------------------------------------------------------


def test_every_reason_in_order():
    p = Preferences(
        concerns=frozenset({"sleep", "anxiety"}),
        languages=frozenset({"hi"}),
        gender="woman",
        budget_minor=1000,
        needs_reduced_fee=True,
        days=frozenset(),
        times=frozenset({"evening"}),
        timezone="Asia/Kolkata",
    )
    c = cand(
        1,
        languages=("en", "hi"),
        specialties=("sleep", "anxiety"),
        fee_minor=2500,
        reduced_fee_minor=900,
        free_consultation=True,
        open_slots=(slot(at(24, 13), reduced=True), slot(at(26, 13), reduced=True), slot(at(25, 13))),
        caseload=9,
    )
    [match] = rank(p, [c])
    assert match.reasons == (
        "speaks Hindi",
        "works with anxiety and sleep",
        "2 open slots this week within your budget",
        "reduced fee 9.00 for you",
        "free first consultation",
        "woman therapist, as you asked",
        "caseload nearly full",
    )
    assert " · ".join(match.reasons).startswith("speaks Hindi · works with anxiety and sleep · 2 open slots")
    # 0.40 * 1 + 0.30 * 2/6 + 0.15 * 0.1 + 0.15 * 1
    assert match.score == 0.665
    assert (match.fee_minor, match.uses_reduced_fee, match.preferred_slots) == (900, True, 2)
    assert match.name == "Therapist 1"


# --- validation -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"concerns": frozenset({"anxiety", "worry"})}, "Unknown concern: 'worry'"),
        ({"concerns": "anxiety"}, "not a single string"),
        ({"languages": frozenset({"xx"})}, "Unknown language: 'xx'"),
        ({"gender": "female"}, "Unknown gender preference 'female'"),
        ({"gender": "undisclosed"}, "Unknown gender preference 'undisclosed'"),
        ({"times": frozenset({"night"})}, "Unknown time of day: 'night'"),
        ({"days": frozenset({7})}, "Weekdays must be whole numbers 0"),
        ({"days": frozenset({-1})}, "Weekdays must be whole numbers 0"),
        ({"days": frozenset({"mon"})}, "Weekdays must be whole numbers 0"),
        ({"budget_minor": -1}, "Budget cannot be negative"),
        ({"timezone": "Mars/Olympus_Mons"}, "Unknown timezone 'Mars/Olympus_Mons'"),
        ({"timezone": ""}, "Unknown timezone ''"),
    ],
)
def test_bad_preferences_are_refused(changes, message):
    with pytest.raises(ValueError, match=message):
        prefs(**changes)


def test_preferences_accept_any_collection_and_store_frozensets():
    p = prefs(concerns=["anxiety"], languages={"en"}, days=[0, 6], times=("morning",))
    assert p.concerns == frozenset({"anxiety"}) and p.days == frozenset({0, 6})
    assert isinstance(p.languages, frozenset) and isinstance(p.times, frozenset)
    assert prefs(budget_minor=0).budget_minor == 0
    hash(p)


def test_naive_now_is_refused():
    with pytest.raises(ValueError, match="now must be timezone-aware"):
        rank_therapists(prefs(), [cand(1)], now=datetime(2026, 11, 23, 6, 0))


def test_negative_limit_is_refused():
    with pytest.raises(ValueError, match="limit cannot be negative"):
        rank_therapists(prefs(), [cand(1)], now=NOW, limit=-1)


@pytest.mark.parametrize("changes", [{"max_caseload": 0}, {"caseload": -1}])
def test_impossible_caseloads_are_refused(changes):
    with pytest.raises(ValueError, match="Therapist 1: "):
        cand(1, **changes)
