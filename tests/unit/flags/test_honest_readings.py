"""Flags a consultant can trust: today's numbers, true sentences, and no alarm for what was planned around.

Each test is a course as a consultant would read it on her review list (issue: "Flags a
consultant can trust").
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.baseline import baselines
from app.domain.day import Attendance
from app.domain.flags import Flag, Level, evaluate
from app.domain.schedule import PlanVersion
from app.domain.week import DayFacts
from tests.unit.flags.helpers import PLAN, START, TODAY, absent, early, flags, full, rules_of, steady, work_days

LAST_TWO_WEEKS = work_days(TODAY - timedelta(days=13), TODAY)  # 6, 9, 11, 13, 16, 18 Nov


def flag(report_flags: list[Flag], rule: str) -> Flag:
    return next(f for f in report_flags if f.rule == rule)


def messages(found: Flag) -> list[str]:
    return [s.message for s in found.sentences]


# 1. A held flag reads with today's figures ----------------------------------------------------------

def test_a_held_attendance_flag_gives_todays_hours_and_since_when_they_are_back_in_range() -> None:
    # One bad week: absent Fri 30 Oct, Mon 2 and Wed 4 Nov (red: three in a row). Since then every day in full.
    bad = work_days(date(2026, 10, 30), date(2026, 11, 4))
    entries = steady() | {d: absent() for d in bad}
    r1 = flag(flags(entries).shown, "R1")
    assert r1.level is Level.RED  # held for two weeks after the pattern ended
    # Today (18 Nov) the last 14 days hold only full days: 6 of them, 18 of 18 hours.
    assert r1.sentences[0].values == {"worked": 18, "planned": 18, "percent": 100}
    # Its 14-day window last held two of those days on 15 Nov (2 and 4 Nov: two in a row, amber).
    assert r1.in_range_since == date(2026, 11, 16) and r1.fired_on == date(2026, 11, 15)
    assert r1.sentences[-1].values == {"day": date(2026, 11, 16), "clear": date(2026, 11, 29)}
    assert "Back in range since" in r1.sentences[-1].message


def test_a_flag_still_firing_gives_todays_figures_and_names_the_day_it_was_worst() -> None:
    # Red from 9 Nov (4, 6 and 9 Nov missed: three in a row); today only amber: 12 of 18 hours in her 14 days.
    entries = steady() | {d: absent() for d in (date(2026, 11, 4), date(2026, 11, 6), date(2026, 11, 9))}
    r1 = flag(flags(entries).shown, "R1")
    assert r1.level is Level.RED and r1.in_range_since is None
    assert r1.sentences[0].values == {"worked": 12, "planned": 18, "percent": 67}
    assert r1.sentences[-1].message.startswith("At its most serious")
    assert r1.sentences[-1].values == {"day": date(2026, 11, 17)}  # the most serious reading: the held level's day


def test_a_flag_firing_at_the_same_level_as_its_worst_day_speaks_for_today_alone() -> None:
    # Home early for pain on 4 and 6 Nov; very tired evenings on 11, 13 and 16 Nov. Yesterday both parts held
    # (the more serious reading); today only the evenings and one early departure: still amber, today's figures.
    entries = (steady() | {d: early(evening=2) for d in (date(2026, 11, 4), date(2026, 11, 6))}
               | {d: full(evening=5) for d in (date(2026, 11, 11), date(2026, 11, 13), date(2026, 11, 16))})
    yesterday = flag(flags(entries, today=TODAY - timedelta(days=1)).shown, "R3")
    r3 = flag(flags(entries).shown, "R3")
    assert r3.level is yesterday.level is Level.AMBER and r3.in_range_since is None
    assert r3.sentences[0].values == {"count": 3, "total": 5} and len(r3.sentences) == 1  # no "most serious on ..."
    assert r3.severity == yesterday.severity > 4  # acknowledgements still compare with the worst reading


def test_a_held_pain_flag_gives_her_pain_of_today() -> None:
    bad = work_days(date(2026, 11, 2), date(2026, 11, 6))  # 2, 4, 6 Nov at 8
    entries = steady() | {d: full(pain=8) for d in bad}
    r2 = flag(flags(entries).shown, "R2")
    assert r2.in_range_since is not None
    # Her last 5 logged work days today: 9, 11, 13, 16, 18 Nov, all at 4.
    assert r2.sentences[0].values == {"total": 5, "pain": 4}
    assert r2.sentences[1].values["usual"] == 4.0


@st.composite
def courses(draw: st.DrawFn) -> dict[date, DayFacts]:
    """Her ten weeks on Mon/Wed/Fri, any mix of full days, early departures and absences in the last six."""
    entries = steady(last=TODAY - timedelta(weeks=6))
    facts = st.one_of(st.builds(full, pain=st.integers(0, 10), evening=st.integers(1, 5)),
                      st.builds(early, hours=st.sampled_from([0.5, 1.0, 2.0]), pain=st.integers(0, 10)),
                      st.builds(absent, pain=st.integers(0, 10)), st.none())
    for day in work_days(TODAY - timedelta(weeks=6) + timedelta(days=1), TODAY):
        found = draw(facts)
        if found is not None:
            entries[day] = found
    return entries


@settings(max_examples=200, deadline=None)
@given(courses())
def test_for_any_course_a_held_flag_gives_the_numbers_of_the_day_it_is_read(entries: dict[date, DayFacts]) -> None:
    report = flags(entries)
    window = [d for d in LAST_TWO_WEEKS if d in entries]
    planned = 3.0 * len(window)
    worked = sum(3.0 if entries[d].attendance is Attendance.FULL else (entries[d].hours_worked or 0.0)
                 if entries[d].attendance is Attendance.EARLY else 0.0 for d in window)
    for found in report.shown + report.quiet:
        if found.rule == "R1" and planned:
            assert found.sentences[0].values == {"worked": worked, "planned": planned, "percent": round(100 * worked / planned)}
        if found.rule == "R2" and found.in_range_since is not None:
            last_five = sorted(d for d in entries if TODAY - timedelta(days=27) <= d <= TODAY)[-5:]
            pains = [entries[d].pain for d in last_five]
            assert found.sentences[0].values.get("low", found.sentences[0].values.get("pain")) == min(pains)
            assert found.sentences[0].values.get("high", found.sentences[0].values.get("pain")) == max(pains)
        if found.in_range_since is not None:
            assert found.in_range_since <= TODAY and any("Back in range since" in m for m in messages(found))


# 2. R8 says when she last wrote, whenever that was ------------------------------------------------

def test_r8_names_her_last_entry_even_before_the_window() -> None:
    last = date(2026, 10, 26)  # she wrote for seven weeks, then nothing for three weeks
    entries = {d: f for d, f in steady().items() if d <= last}
    r8 = flag(flags(entries).shown, "R8")
    assert {"last": last} in [s.values for s in r8.sentences]
    assert not any("none before" in m for m in messages(r8))


def test_r8_flags_a_woman_with_no_entry_since_her_start() -> None:
    r8 = flag(flags({}, today=START + timedelta(days=10)).shown, "R8")
    assert r8.level is Level.CONTACT
    assert {"start": START} in [s.values for s in r8.sentences]


# 3. R7 and R2 name the baseline's days; R7 gives its real span -----------------------------------

def test_r7_names_the_rebaseline_and_the_real_span() -> None:
    raise_day = date(2026, 9, 14)  # a Sunday added: more hours; her new usual is measured 5 Oct to 1 Nov
    plans = [PLAN, PlanVersion(raise_day, (3, 0, 3, 0, 3, 0, 2))]
    entries = steady(pain=7, plans=plans)
    history = baselines({d: f.pain for d, f in entries.items()}, plans)
    second = history[-1]
    later = {d: full(pain=4) for d in work_days(second.since + timedelta(days=1), TODAY, plans)}
    r7 = flag(flags(entries | later, plans=plans).shown, "R7")
    recent, usual = r7.sentences
    assert usual.values == {"usual": 7.0, "first": second.days[0], "last": second.days[-1]}
    assert second.days[0] >= raise_day + timedelta(weeks=3)  # not "at the start"
    assert recent.values["first"] == min(later) and recent.values["last"] == TODAY  # the days it really spans


# 4. An appointment she announced is planned around -----------------------------------------------

def appointment(told: bool) -> DayFacts:
    return DayFacts(Attendance.ABSENT, 0.0, 4, None, (), planned_around=told)


def test_two_announced_appointments_leave_a_steady_woman_without_a_warning() -> None:
    entries = steady() | {LAST_TWO_WEEKS[2]: appointment(True), LAST_TWO_WEEKS[3]: appointment(True)}
    report = flags(entries)
    assert not report.warnings
    assert "R8" not in rules_of(report)


def test_two_absences_in_a_row_not_announced_still_count() -> None:
    entries = steady() | {LAST_TWO_WEEKS[2]: absent(4), LAST_TWO_WEEKS[3]: absent(4)}
    assert rules_of(flags(entries))["R1"] == "AMBER"


# 5. A robust baseline: her bad weeks are part of her usual ---------------------------------------

def test_a_rebaseline_is_never_narrower_than_her_first() -> None:
    raise_day = START + timedelta(weeks=4)
    plans = [PLAN, PlanVersion(raise_day, (3, 0, 3, 0, 3, 0, 2))]
    days = work_days(START, TODAY, plans)
    pains = {d: (2, 4, 6, 4)[i % 4] for i, d in enumerate(days) if d < raise_day + timedelta(weeks=3)}
    pains |= {d: 4 for d in days if d >= raise_day + timedelta(weeks=3)}  # two calm weeks and more
    first, second = baselines(pains, plans)
    assert second.spread == first.spread > 1.0


def test_a_rebaseline_spans_four_weeks_and_the_first_her_first_ten_days() -> None:
    five_days = PlanVersion(START, (2, 2, 2, 2, 2, 0, 0))
    step = START + timedelta(weeks=3)
    plans = [five_days, PlanVersion(step, (3, 2, 2, 2, 2, 0, 0))]
    days = work_days(START, TODAY, plans)
    first, second = baselines({d: 4 for d in days}, plans)
    assert len(first.days) == 10 and first.since == START + timedelta(days=11)  # measures.md: her first 10 logged days
    rebaseline_start = step + timedelta(weeks=3)
    assert len(second.days) == 20 and second.since == rebaseline_start + timedelta(days=27)


def fluctuating(plans: list[PlanVersion]) -> dict[date, DayFacts]:
    """Pain 4 in two weeks of three, 7 in the third (a bad week, counted from her start)."""
    return {d: full(pain=7 if ((d - START).days // 7) % 3 == 2 else 4)
            for d in work_days(START, TODAY, plans)}


def test_her_usual_bad_week_after_a_step_up_is_no_reason_to_step_back() -> None:
    step = date(2026, 11, 9)  # a bad week (week 9 from her start) follows the step-up
    plans = [PLAN, PlanVersion(step, (3, 0, 3, 0, 3, 0, 2))]
    report = flags(fluctuating(plans), plans=plans, today=date(2026, 11, 15))
    assert "R5" not in rules_of(report)
    # A real rise after the step still counts: pain 9 on every day since.
    rising = fluctuating(plans) | {d: full(pain=9) for d in work_days(step, date(2026, 11, 15), plans)}
    assert "R5" in rules_of(flags(rising, plans=plans, today=date(2026, 11, 15)))


# 7. Wording: say what happened, over the days measures.md names ---------------------------------

def test_r1_says_missed_when_every_day_was_missed_and_left_early_when_every_day_was_cut_short() -> None:
    missed = flag(flags(steady() | {d: absent() for d in LAST_TWO_WEEKS[-3:]}).shown, "R1")
    assert missed.sentences[1].message.startswith("Missed %(count)s")
    cut = flag(flags(steady() | {d: early() for d in LAST_TWO_WEEKS[-2:]}).shown, "R1")
    assert cut.sentences[1].message.startswith("Left early on %(count)s")
    mixed = flag(flags(steady() | {LAST_TWO_WEEKS[-2]: absent(), LAST_TWO_WEEKS[-1]: early()}).shown, "R1")
    assert mixed.sentences[1].message.startswith("Missed or left early")


def test_r2_on_a_two_day_plan_reads_her_last_five_logged_days() -> None:
    two_days = PlanVersion(START, (3, 0, 0, 3, 0, 0, 0))  # Mon and Thu: 4 days in 14
    entries = steady(plans=[two_days]) | {d: full(pain=8) for d in work_days(TODAY - timedelta(days=13), TODAY, [two_days])}
    r2 = flag(evaluate([two_days], entries, TODAY, logging_since=START).shown, "R2")
    assert r2.sentences[0].values["total"] == 5 and r2.sentences[0].values["count"] == 4
