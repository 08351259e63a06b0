"""Plan modes (docs/plan-modes.md): what a day or a month plans in each mode, and how the flags read them."""

from __future__ import annotations

from datetime import date, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.day import Attendance
from app.domain.flags import evaluate
from app.domain.schedule import (MONTHLY, ROTATION, WEEKLY, PlanVersion, days_in_month, hour_changes, hours_due,
                                 plan_in_force, plan_problems, planned_hours, planned_on_days)
from app.domain.week import DayFacts
from tests.unit.flags.helpers import TODAY, full

START = date(2026, 6, 1)
HOURS = st.sampled_from([0.0, 0.0, 0.0, 1.0, 2.0, 2.5, 3.0, 4.0])
WEEK = st.tuples(*[HOURS] * 7)


@st.composite
def versions(draw: st.DrawFn) -> PlanVersion:
    """One plan version in any mode, from some day of the course."""
    mode = draw(st.sampled_from([WEEKLY, ROTATION, MONTHLY]))
    return PlanVersion(valid_from=START + timedelta(days=draw(st.integers(0, 170))), mode=mode, hours=draw(WEEK),
                       even_hours=draw(WEEK) if mode == ROTATION else (0.0,) * 7,
                       monthly_hours=draw(st.sampled_from([10.0, 26.0, 40.0, 64.5])) if mode == MONTHLY else 0.0)


HISTORIES = st.lists(versions(), min_size=1, max_size=5)


def _in_force(history: list[PlanVersion], day: date) -> PlanVersion | None:
    """The version in force, found the slow, obvious way: the latest start on or before the day, later-made wins."""
    started = [(v.valid_from, index, v) for index, v in enumerate(history) if v.valid_from <= day]
    return max(started, key=lambda item: (item[0], item[1]))[2] if started else None


def _expected(version: PlanVersion | None, day: date) -> float:
    if version is None or version.mode == MONTHLY:
        return 0.0
    week = version.even_hours if version.mode == ROTATION and day.isocalendar().week % 2 == 0 else version.hours
    return week[day.weekday()]


@settings(max_examples=200, deadline=None)
@given(HISTORIES, st.integers(0, 200))
def test_the_planned_hours_of_a_day_are_what_the_version_in_force_says(history: list[PlanVersion], offset: int) -> None:
    day = START + timedelta(days=offset)
    assert plan_in_force(history, day) == _in_force(history, day)
    assert planned_hours(history, day) == _expected(_in_force(history, day), day)
    span = [START + timedelta(days=n) for n in range(201)]
    assert planned_on_days(history, span) == [_expected(_in_force(history, d), d) for d in span]


@settings(max_examples=200, deadline=None)
@given(HISTORIES, st.integers(0, 6))
def test_the_hours_due_in_a_month_are_what_the_versions_in_force_say(history: list[PlanVersion], month_offset: int) -> None:
    first = date(2026, 6 + month_offset, 1)
    month = [first + timedelta(days=n) for n in range(days_in_month(first))]
    due = hours_due(history, month)
    expected = 0.0
    for day in month:
        version = _in_force(history, day)
        if version is not None and version.mode == MONTHLY:
            expected += version.monthly_hours / len(month)
        else:
            expected += _expected(version, day)
    assert abs(due - expected) < 1e-9
    whole = [v for v in history if v.mode == MONTHLY and all(_in_force(history, d) is v for d in month)]
    if whole:  # a budget in force all month asks for exactly the budget
        assert abs(due - whole[0].monthly_hours) < 1e-9


def _unplanned_work(history: list[PlanVersion], entries: dict[date, DayFacts], weekdays: tuple[int, ...]) -> dict[date, DayFacts]:
    """Entries with, on each of `weekdays` the plans leave free, 'yes, I worked' and some hours."""
    worked = dict(entries)
    day = START
    while day <= TODAY:
        if planned_hours(history, day) == 0 and day.weekday() in weekdays:
            worked[day] = DayFacts(Attendance.FULL, 2.0, 4, 2)
        day += timedelta(days=1)
    return worked


@settings(max_examples=150, deadline=None)
@given(HISTORIES, st.dictionaries(st.integers(0, 170), st.sampled_from(["full", "absent", "early"]), max_size=60))
def test_flags_never_count_an_unplanned_day_as_a_missed_one(history: list[PlanVersion], answers: dict[int, str]) -> None:
    entries = {}
    for offset, answer in answers.items():
        day = START + timedelta(days=offset)
        if planned_hours(history, day) > 0:  # she can only miss, or leave early from, a planned day
            entries[day] = {"full": full(), "absent": DayFacts(Attendance.ABSENT, 0.0, 5, None),
                            "early": DayFacts(Attendance.EARLY, 0.5, 5, 3, ("pain",))}[answer]
    # Free Tuesdays worked; then free Thursdays worked as well. (On a budget every day is free and a
    # period with no entry at all is silence, R8, not R1: both sides hold work in every 14 days.)
    base = _unplanned_work(history, entries, (1,))
    worked = _unplanned_work(history, entries, (1, 3))
    for flag in evaluate(history, worked, TODAY, logging_since=START).shown:
        if flag.rule == "R1":
            # The days behind R1 are missed or cut-short days; none of them was a free day she worked.
            assert all(planned_hours(history, d) > 0 for d in flag.days), flag.days
    before = {f.rule: f.level for f in evaluate(history, base, TODAY, logging_since=START).shown}
    after = {f.rule: f.level for f in evaluate(history, worked, TODAY, logging_since=START).shown}
    # Working one more free day never makes attendance look worse.
    if "R1" in after:
        assert "R1" in before and after["R1"] <= before["R1"]


def test_a_rotation_plans_odd_and_even_weeks_and_counts_their_average_as_its_weekly_hours() -> None:
    plan = PlanVersion(date(2026, 11, 2), mode=ROTATION, hours=(4, 0, 4, 0, 0, 0, 0), even_hours=(0, 4, 0, 4, 4, 0, 0))
    even_monday, odd_monday = date(2026, 11, 9), date(2026, 11, 16)
    assert even_monday.isocalendar().week == 46 and odd_monday.isocalendar().week == 47
    assert plan.planned_on(even_monday) == 0 and plan.planned_on(even_monday + timedelta(days=1)) == 4
    assert plan.planned_on(odd_monday) == 4 and plan.planned_on(odd_monday + timedelta(days=4)) == 0
    assert plan.weekly_hours == 10


def test_start_times_belong_to_their_day_and_week() -> None:
    plan = PlanVersion(date(2026, 11, 2), hours=(0, 0, 0, 0, 2, 0, 0), starts=(None, None, None, None, time(10), None, None))
    assert plan.start_on(date(2026, 11, 20)) == time(10) and plan.start_on(date(2026, 11, 19)) is None


def test_a_change_of_mode_is_a_change_of_hours_when_the_average_week_changes() -> None:
    weekly = PlanVersion(date(2026, 9, 7), hours=(3, 0, 3, 0, 3, 0, 0))
    budget = PlanVersion(date(2026, 10, 5), mode=MONTHLY, monthly_hours=52)  # 52 h a month is 12 h a week
    assert [(c.from_hours, c.to_hours, c.is_step_up) for c in hour_changes([weekly, budget])] == [(9, 12, True)]


def test_bad_plans_get_a_problem_per_field() -> None:
    assert plan_problems(PlanVersion(TODAY, mode=MONTHLY, monthly_hours=0)) == {"monthly_hours": "budget_empty"}
    assert plan_problems(PlanVersion(TODAY, mode=MONTHLY, monthly_hours=160.5)) == {"monthly_hours": "budget_over"}
    assert plan_problems(PlanVersion(TODAY, mode=MONTHLY, monthly_hours=160)) == {}
    late = PlanVersion(TODAY, hours=(0, 0, 0, 0, 4, 0, 0), starts=(time(9), None, None, None, time(21), None, None))
    assert plan_problems(late) == {"start_mon": "start_without_hours", "start_fri": "ends_after_midnight"}
    assert plan_problems(PlanVersion(TODAY, hours=(4,) + (0,) * 6, paid_hours=5)) == {"paid_hours": "paid_over_total"}
    assert plan_problems(PlanVersion(TODAY, mode=ROTATION)) == {"mode": "rotation_empty"}


BUDGET = PlanVersion(date(2026, 9, 7), mode=MONTHLY, monthly_hours=40)  # about 9 hours a week, no fixed days


def _worked(days: list[date], hours: float, pain: int = 4) -> dict[date, DayFacts]:
    return {d: DayFacts(Attendance.FULL, hours, pain, 2) for d in days}


def _every(weekdays: tuple[int, ...], first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1) if (first + timedelta(days=n)).weekday() in weekdays]


def test_r1_on_a_monthly_budget_reads_the_month_to_date_against_its_pro_rata_share() -> None:
    # 18 Nov: the month to date is 18 days, 40 x 18/30 = 24 hours due. Mondays and Thursdays, 3 hours: 5 x 3 = 15 of 24.
    entries = _worked(_every((0, 3), date(2026, 9, 7), date(2026, 10, 31)), 4.5) | _worked(_every((0, 3), date(2026, 11, 1), TODAY), 3)
    r1 = next(f for f in evaluate([BUDGET], entries, TODAY, logging_since=BUDGET.valid_from).shown if f.rule == "R1")
    assert r1.level.name == "AMBER" and r1.days == ()  # no day was missed: the month is short of hours
    assert r1.sentences[0].values == {"worked": 15.0, "planned": 24.0, "first": date(2026, 11, 1), "last": TODAY, "percent": 62}
    # The same hours, spread over free days of a weekly plan, count as worked: a budget met is no flag.
    met = _worked(_every((0, 3), date(2026, 9, 7), TODAY), 5)
    assert "R1" not in {f.rule for f in evaluate([BUDGET], met, TODAY, logging_since=BUDGET.valid_from).shown}


def test_r8_on_a_monthly_budget_is_ten_days_without_an_entry() -> None:
    entries = _worked(_every((0, 3), date(2026, 9, 7), date(2026, 11, 5)), 5)
    quiet = {f.rule: f for f in evaluate([BUDGET], entries, TODAY, logging_since=BUDGET.valid_from).shown}
    assert "R8" in quiet and quiet["R8"].sentences[0].values == {"count": 12}  # 6 to 17 Nov
    recent = _worked(_every((0, 3), date(2026, 9, 7), date(2026, 11, 9)), 5)
    assert "R8" not in {f.rule for f in evaluate([BUDGET], recent, TODAY, logging_since=BUDGET.valid_from).shown}


def test_extra_hours_count_toward_ready_for_more_and_never_against_her() -> None:
    plan = PlanVersion(date(2026, 9, 7), hours=(3, 0, 3, 0, 3, 0, 0))
    days = _every((0, 2, 4), date(2026, 9, 7), TODAY)
    with_extra = {d: DayFacts(Attendance.FULL, 3.0, 4, 2, extra_hours=1.0) for d in days}
    rules = {f.rule for f in evaluate([plan], with_extra, TODAY, logging_since=plan.valid_from).shown}
    assert "R6" in rules and "R1" not in rules
    # Left early twice (2 of 3 hours) but stayed an hour longer on other days: worked hours include the extra.
    mixed = dict(with_extra) | {date(2026, 11, 16): DayFacts(Attendance.EARLY, 2.0, 4, 2, ("tired",)),
                                date(2026, 11, 11): DayFacts(Attendance.EARLY, 2.0, 4, 2, ("tired",))}
    assert "R1" not in {f.rule for f in evaluate([plan], mixed, TODAY, logging_since=plan.valid_from).shown}
