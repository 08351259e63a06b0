"""Properties of the flag engine over generated courses (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.day import Attendance
from app.domain.flags import evaluate
from app.domain.flags.series import LOOKBACK_DAYS
from app.domain.schedule import PlanVersion, planned_hours
from app.domain.week import DayFacts
from tests.unit.flags.helpers import TODAY

START = TODAY - timedelta(weeks=20)
HOURS = st.sampled_from([0.0, 0.0, 0.0, 1.0, 2.0, 2.5, 3.0, 4.0])
WEEK = st.tuples(*[HOURS] * 7)


@st.composite
def plans(draw: st.DrawFn, max_versions: int = 3) -> list[PlanVersion]:
    later = sorted(draw(st.lists(st.integers(1, 140), max_size=max_versions - 1)))
    return [PlanVersion(START + timedelta(days=offset), draw(WEEK)) for offset in [0, *later]]


FACTS = st.builds(
    DayFacts,
    attendance=st.sampled_from([Attendance.FULL, Attendance.EARLY, Attendance.ABSENT, None]),
    hours_worked=st.sampled_from([None, 0.0, 0.5, 1.0, 1.5, 2.0, 3.5]),
    pain=st.integers(0, 10),
    evening=st.one_of(st.none(), st.integers(1, 5)),
    early_reasons=st.sampled_from([(), ("pain",), ("tired",), ("family",), ("pain", "tired")]),
    planned_around=st.just(False),
    extra_hours=st.sampled_from([None, 0.5, 1.0, 2.5]),  # hours she stayed beyond the plan
)


@st.composite
def courses(draw: st.DrawFn) -> tuple[list[PlanVersion], dict[date, DayFacts], list[date]]:
    versions = draw(plans())
    days = draw(st.lists(st.integers(0, 160), max_size=90, unique=True))
    entries = {START + timedelta(days=d): draw(FACTS) for d in days}
    calls = [START + timedelta(days=d) for d in draw(st.lists(st.integers(100, 145), max_size=2))]
    return versions, entries, calls


@settings(max_examples=300, deadline=None)
@given(courses(), st.one_of(st.none(), st.just(START)))
def test_it_never_crashes_and_never_flags_from_outside_the_window(course: tuple, since: date | None) -> None:
    versions, entries, calls = course
    report = evaluate(versions, entries, TODAY, calls=calls, logging_since=since)
    for flag in report.shown + report.quiet:
        assert flag.sentences
        for day in flag.days:
            assert TODAY - timedelta(days=LOOKBACK_DAYS) <= day <= TODAY, (flag.rule, day)
        assert flag.fired_on <= TODAY
    assert len({f.rule for f in report.shown + report.quiet}) == len(report.shown + report.quiet)


@st.composite
def settled_courses(draw: st.DrawFn) -> tuple[PlanVersion, dict[date, DayFacts], date]:
    """One plan; her baseline long complete; then any recent days; and a planned day in the window without an entry."""
    plan = PlanVersion(START, draw(WEEK.filter(lambda week: sum(1 for h in week if h) >= 2)))
    planned = [START + timedelta(days=n) for n in range((TODAY - START).days + 1) if planned_hours([plan], START + timedelta(days=n))]
    early_days = [d for d in planned if d < TODAY - timedelta(days=40)]
    entries = {d: DayFacts(Attendance.FULL, None, draw(st.integers(2, 5)), draw(st.integers(1, 3))) for d in early_days}
    recent = [d for d in planned if d >= TODAY - timedelta(days=40)]
    for day in recent:
        if draw(st.booleans()):
            entries[day] = draw(FACTS.filter(lambda f: f.attendance is not None))
    window = [d for d in recent if d >= TODAY - timedelta(days=13) and d not in entries]
    if not window:
        window = [max(recent)]
        entries.pop(window[0], None)
    return plan, entries, draw(st.sampled_from(window))


@settings(max_examples=300, deadline=None)
@given(settled_courses())
def test_an_ordinary_day_never_raises_a_new_warning(course: tuple) -> None:
    plan, entries, gap = course
    before = evaluate([plan], entries, TODAY, logging_since=START)
    usual = min(4, min((f.pain for f in entries.values()), default=4))
    ordinary = DayFacts(Attendance.FULL, None, usual, 1)
    after = evaluate([plan], entries | {gap: ordinary}, TODAY, logging_since=START)
    levels_before = {f.rule: f.level for f in before.warnings}
    for flag in after.warnings:
        assert flag.rule in levels_before and flag.level <= levels_before[flag.rule], (flag.rule, flag.level, levels_before)
