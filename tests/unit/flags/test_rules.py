"""Each rule fires on the pattern it names and stays quiet on near misses."""

from __future__ import annotations

from datetime import timedelta

from app.domain.flags import Acknowledgement, Level
from app.domain.schedule import PlanVersion
from tests.unit.flags.helpers import (
    PLAN, TODAY, absent, early, flags, full, rules_of, steady, work_days,
)

LAST_TWO_WEEKS = work_days(TODAY - timedelta(days=13), TODAY)  # 6 planned days: 6, 9, 11, 13, 16, 18 Nov


def test_a_steady_woman_has_no_warnings_and_is_ready_for_more() -> None:
    assert rules_of(flags(steady())) == {"R6": "SUGGESTION"}


# R1 attendance ---------------------------------------------------------------------------------

def test_r1_goes_amber_under_80_percent() -> None:
    entries = steady() | {LAST_TWO_WEEKS[0]: early(1.5), LAST_TWO_WEEKS[2]: early(1.5)}  # 15 of 18 = 83 % ... plus
    entries[LAST_TWO_WEEKS[4]] = early(1.0)  # 13 of 18 = 72 %
    report = flags(entries)
    assert rules_of(report)["R1"] == "AMBER"
    r1 = next(f for f in report.shown if f.rule == "R1")
    assert r1.sentences[0].values == {"worked": 13.0, "planned": 18.0, "percent": 72}
    assert set(r1.days) == {LAST_TWO_WEEKS[0], LAST_TWO_WEEKS[2], LAST_TWO_WEEKS[4]}


def test_r1_goes_red_on_three_missed_days_in_a_row() -> None:
    entries = steady() | {d: absent() for d in LAST_TWO_WEEKS[-3:]}
    assert rules_of(flags(entries))["R1"] == "RED"


def test_r1_goes_amber_on_two_days_in_a_row_cut_short() -> None:
    entries = steady() | {LAST_TWO_WEEKS[-2]: early(2.5), LAST_TWO_WEEKS[-1]: early(2.5)}
    assert rules_of(flags(entries))["R1"] == "AMBER"


def test_r1_ignores_one_bad_day() -> None:
    assert "R1" not in rules_of(flags(steady() | {LAST_TWO_WEEKS[-1]: absent()}))


def test_r1_does_not_count_missing_days_as_absent() -> None:
    entries = {d: f for d, f in steady().items() if d not in LAST_TWO_WEEKS[-4:]}
    assert "R1" not in rules_of(flags(entries))


# R2 pain ---------------------------------------------------------------------------------------

def test_r2_fires_on_three_of_five_days_well_above_her_usual() -> None:
    entries = steady() | {d: full(pain=7) for d in LAST_TWO_WEEKS[-3:]}
    report = flags(entries)
    r2 = next(f for f in report.shown if f.rule == "R2")
    assert r2.level is Level.AMBER and r2.days == tuple(LAST_TWO_WEEKS[-3:])
    assert r2.sentences[0].values == {"pain": 7, "count": 3, "total": 5}  # one value: "7", not "7–7"
    assert r2.sentences[1].values["usual"] == 4.0


def test_r2_gives_the_range_when_the_high_days_differ() -> None:
    entries = steady() | {d: full(pain=p) for d, p in zip(LAST_TWO_WEEKS[-3:], (7, 9, 8))}
    r2 = next(f for f in flags(entries).shown if f.rule == "R2")
    assert r2.sentences[0].values == {"low": 7, "high": 9, "count": 3, "total": 5}


def test_r2_ignores_one_bad_day_and_two_of_five() -> None:
    assert "R2" not in rules_of(flags(steady() | {LAST_TWO_WEEKS[-1]: full(pain=9)}))
    assert "R2" not in rules_of(flags(steady() | {d: full(pain=8) for d in LAST_TWO_WEEKS[-2:]}))


def test_r2_ignores_a_rise_within_her_band() -> None:
    assert "R2" not in rules_of(flags(steady() | {d: full(pain=5) for d in LAST_TWO_WEEKS[-4:]}))


def test_r2_ignores_a_painful_weekend() -> None:
    weekend = [TODAY - timedelta(days=n) for n in (3, 4, 10, 11)]  # Sat/Sun
    assert "R2" not in rules_of(flags(steady() | {d: full(pain=9) for d in weekend}))


def test_r2_uses_only_the_absolute_rule_for_a_new_woman_without_baseline() -> None:
    new_start = TODAY - timedelta(days=13)
    sevens = {d: full(pain=7) for d in work_days(new_start, TODAY)}
    assert "R2" not in rules_of(flags(sevens, plans=[PlanVersion(new_start, PLAN.hours)], since=new_start))
    eights = {d: full(pain=8) for d in work_days(new_start, TODAY)}
    assert "R2" in rules_of(flags(eights, plans=[PlanVersion(new_start, PLAN.hours)], since=new_start))


# R3 cost of work -------------------------------------------------------------------------------

def test_r3_fires_on_three_exhausted_evenings_of_five() -> None:
    assert "R3" in rules_of(flags(steady() | {d: full(evening=5) for d in LAST_TWO_WEEKS[-3:]}))
    assert "R3" not in rules_of(flags(steady() | {d: full(evening=4) for d in LAST_TWO_WEEKS[-2:]}))


def test_r3_fires_on_two_early_departures_for_pain_but_not_for_family() -> None:
    pain_days = {LAST_TWO_WEEKS[0]: early(2.5, reasons=("pain",), evening=2), LAST_TWO_WEEKS[3]: early(2.5, reasons=("tired",), evening=2)}
    assert "R3" in rules_of(flags(steady() | pain_days))
    family = {d: early(2.5, reasons=("family",), evening=2) for d in (LAST_TWO_WEEKS[0], LAST_TWO_WEEKS[3])}
    assert "R3" not in rules_of(flags(steady() | family))


# R4 escalation ---------------------------------------------------------------------------------

def test_r4_is_red_when_pain_rises_and_attendance_falls() -> None:
    entries = steady() | {d: early(1.0, pain=8, reasons=("family",), evening=2) for d in LAST_TWO_WEEKS[-3:]}
    report = flags(entries)
    assert rules_of(report)["R4"] == "RED" and report.top.rule == "R4"


def test_r4_is_red_at_once_when_she_asks_to_be_called() -> None:
    report = flags(steady(), calls=(TODAY,))
    assert report.top.rule == "R4" and report.top.level is Level.RED


def test_r4_stays_quiet_on_pain_alone() -> None:
    assert "R4" not in rules_of(flags(steady() | {d: full(pain=8) for d in LAST_TWO_WEEKS[-3:]}))


# R5 after a step-up ----------------------------------------------------------------------------

RAISED = PlanVersion(TODAY - timedelta(days=14), (3, 0, 3, 0, 3, 0, 2))


def test_r5_suggests_stepping_back_when_pain_rises_after_more_hours() -> None:
    plans = [PLAN, RAISED]
    entries = steady(plans=plans) | {d: full(pain=7) for d in work_days(RAISED.valid_from, TODAY, plans)}
    report = flags(entries, plans=plans)
    r5 = next(f for f in report.shown if f.rule == "R5")
    assert r5.sentences[0].values["old"] == 9 and r5.sentences[0].values["new"] == 11


def test_r5_stays_quiet_on_a_small_rise_and_after_three_weeks() -> None:
    plans = [PLAN, RAISED]
    mild = steady(plans=plans) | {d: full(pain=5) for d in work_days(RAISED.valid_from, TODAY, plans)}
    assert "R5" not in rules_of(flags(mild, plans=plans))
    old_raise = [PLAN, PlanVersion(TODAY - timedelta(weeks=6), RAISED.hours)]
    later = steady(plans=old_raise) | {d: full(pain=7) for d in work_days(TODAY - timedelta(weeks=6), TODAY, old_raise)}
    assert "R5" not in rules_of(flags(later, plans=old_raise))


def test_r5_does_not_count_coming_back_from_a_holiday_as_a_step_up() -> None:
    plans = [PLAN, PlanVersion(TODAY - timedelta(days=28), (0,) * 7), PlanVersion(TODAY - timedelta(days=14), PLAN.hours)]
    entries = {d: f for d, f in steady(plans=plans).items()} | {d: full(pain=7) for d in work_days(TODAY - timedelta(days=14), TODAY, plans)}
    assert "R5" not in rules_of(flags(entries, plans=plans))


# R6 ready for more -----------------------------------------------------------------------------

def test_r6_suggests_more_hours_after_three_good_weeks() -> None:
    report = flags(steady(pain=4) | {d: full(pain=3, evening=1) for d in work_days(TODAY - timedelta(days=20), TODAY)})
    assert rules_of(report)["R6"] == "SUGGESTION"


def test_r6_waits_when_a_week_had_two_early_departures_or_no_baseline() -> None:
    entries = steady() | {LAST_TWO_WEEKS[-1]: early(2.5, pain=4, reasons=("family",), evening=2),
                          LAST_TWO_WEEKS[-2]: early(2.5, pain=4, reasons=("family",), evening=2)}
    assert "R6" not in rules_of(flags(entries))
    new_start = TODAY - timedelta(days=20)
    fresh = {d: full(pain=3) for d in work_days(new_start, TODAY)}
    assert "R6" not in rules_of(flags(fresh, plans=[PlanVersion(new_start, PLAN.hours)], since=new_start))


# R7 improvement --------------------------------------------------------------------------------

def test_r7_notes_a_lasting_fall_in_pain() -> None:
    entries = steady(pain=7) | {d: full(pain=4) for d in work_days(TODAY - timedelta(days=27), TODAY)}
    report = flags(entries)
    assert rules_of(report)["R7"] == "NOTE"
    assert "R7" not in rules_of(flags(steady(pain=7) | {d: full(pain=6) for d in work_days(TODAY - timedelta(days=27), TODAY)}))


# R8 silence ------------------------------------------------------------------------------------

def test_r8_asks_for_contact_after_three_silent_planned_days() -> None:
    silent = {d: f for d, f in steady().items() if d not in LAST_TWO_WEEKS[-4:-1]}  # 11, 13, 16 Nov missing; today may come
    report = flags(silent)
    assert rules_of(report)["R8"] == "CONTACT"
    assert set(LAST_TWO_WEEKS[-4:-1]) <= set(next(f for f in report.shown if f.rule == "R8").days)


def test_r8_waits_for_today_and_for_two_missing_days() -> None:
    assert "R8" not in rules_of(flags({d: f for d, f in steady().items() if d not in LAST_TWO_WEEKS[-2:]}))


def test_r8_is_quiet_on_a_holiday_and_before_she_has_the_app() -> None:
    holiday = [PLAN, PlanVersion(TODAY - timedelta(days=10), (0,) * 7)]
    entries = {d: f for d, f in steady().items() if d < TODAY - timedelta(days=10)}
    assert "R8" not in rules_of(flags(entries, plans=holiday))
    assert "R8" not in rules_of(flags({}, since=None))


# Alarm fatigue ---------------------------------------------------------------------------------

def test_a_flag_holds_for_two_weeks_after_its_pattern_ends() -> None:
    bad = work_days(TODAY - timedelta(days=12), TODAY - timedelta(days=7))  # 6, 9, 11 Nov; 13-18 Nov are ordinary again
    entries = steady() | {d: full(pain=8) for d in bad}
    assert "R2" in rules_of(flags(entries))  # back in range since, but not for two weeks
    later = TODAY + timedelta(days=14)
    assert "R2" not in rules_of(flags(entries | steady(last=later, first=TODAY + timedelta(days=1)), today=later))


def test_an_acknowledged_flag_stays_quiet_until_it_gets_worse() -> None:
    entries = steady() | {d: full(pain=7) for d in LAST_TWO_WEEKS[-3:]}
    flag = next(f for f in flags(entries).shown if f.rule == "R2")
    ack = Acknowledgement("R2", flag.level, flag.severity, at=None, reason="known_flare")  # type: ignore[arg-type]
    report = flags(entries, acks=(ack,))
    assert "R2" not in rules_of(report) and [f.rule for f in report.quiet] == ["R2"]
    worse = entries | {d: full(pain=9) for d in LAST_TWO_WEEKS[-4:]}
    assert "R2" in rules_of(flags(worse, acks=(ack,)))


def test_each_domain_has_one_flag() -> None:
    entries = steady() | {d: absent(pain=9) for d in LAST_TWO_WEEKS[-4:]}
    rules = [f.rule for f in flags(entries).shown]
    assert len(rules) == len(set(rules))




def test_every_threshold_is_a_setting() -> None:
    from app.domain.flags import FlagSettings, evaluate

    two_bad_days = steady() | {d: full(pain=8) for d in LAST_TWO_WEEKS[-2:]}
    assert "R2" not in rules_of(flags(two_bad_days))
    stricter = evaluate([PLAN], two_bad_days, TODAY, logging_since=PLAN.valid_from, settings=FlagSettings(r2_high_days=2))
    assert "R2" in {flag.rule for flag in stricter.shown}
