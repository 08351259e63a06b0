"""A day the consultant recorded for her (workplace.effective_facts) counts for R1-R3's attendance, never as a pain, an
evening or her own writing: every rule, baseline and median that reads those skips it rather than read 0 or crash."""

from __future__ import annotations

from datetime import timedelta

from app.domain.caseload import row_figures
from app.domain.day import Attendance
from app.domain.workplace import Recorded, effective_facts
from tests.unit.flags.helpers import PLAN, START, TODAY, flags, full, rules_of, steady, work_days

LAST_TWO_WEEKS = work_days(TODAY - timedelta(days=13), TODAY)


def recorded(attendance: Attendance, hours: float | None = None):  # noqa: ANN201 - a DayFacts
    facts = effective_facts(None, Recorded(attendance, hours, "workplace"))
    assert facts is not None and facts.pain is None and facts.evening is None
    return facts


def test_recorded_absences_count_for_r1_on_days_she_did_not_log() -> None:
    entries = {d: f for d, f in steady().items() if d not in LAST_TWO_WEEKS[-3:]}
    assert "R1" not in rules_of(flags(entries))  # unknown, not absent
    assert rules_of(flags(entries | {d: recorded(Attendance.ABSENT) for d in LAST_TWO_WEEKS[-3:]}))["R1"] == "RED"


def test_the_pain_rules_read_her_last_five_days_with_a_pain_and_skip_recorded_ones() -> None:
    entries = steady() | {d: full(pain=9) for d in LAST_TWO_WEEKS[-6:]}
    entries |= {d: recorded(Attendance.FULL) for d in LAST_TWO_WEEKS[-6:-1:2]}
    report = flags(entries)
    (r2,) = [f for f in report.shown if f.rule == "R2"]
    assert r2.sentences[0].values["total"] == 5 and not set(r2.days) & set(LAST_TWO_WEEKS[-6:-1:2])


def test_a_course_of_recorded_days_only_has_no_baseline_no_pain_flag_and_no_crash() -> None:
    entries = {d: recorded(Attendance.FULL) for d in work_days(START, TODAY)}
    report = flags(entries)
    assert not {"R2", "R5", "R6", "R7"} & set(rules_of(report))
    figures = row_figures([PLAN], entries, TODAY, START)
    assert (figures.usual_pain, figures.recent_pain, figures.last_entry) == (None, None, None)  # none of it is her writing


def test_recorded_days_are_not_her_writing_for_r8() -> None:
    entries = steady(last=LAST_TWO_WEEKS[-5]) | {d: recorded(Attendance.FULL) for d in LAST_TWO_WEEKS[-4:]}
    assert "R8" in rules_of(flags(entries))  # the last three planned days up to yesterday: no word from her
    assert "R1" not in rules_of(flags(entries))  # and yet she was at work
