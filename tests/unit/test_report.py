"""The report's figures match the log for constructed courses."""

from __future__ import annotations

from datetime import date, timedelta

from app.domain.day import Attendance
from app.domain.placements import Span
from app.domain.report import LoggedEntry, report_facts
from app.domain.schedule import PlanVersion

START = date(2026, 8, 3)  # a Monday
THREE_DAYS = PlanVersion(START, (2, 0, 2, 0, 2, 0, 0))  # 6 h a week over 3 days
CUT = PlanVersion(START + timedelta(weeks=4), (2, 0, 2, 0, 0, 0, 0))  # 2 x 2 h
RAISED = PlanVersion(START + timedelta(weeks=4), (3, 0, 3, 0, 3, 0, 0))  # 9 h


def entry(day: date, attendance: Attendance = Attendance.FULL, pain: int = 4, hours: float | None = None, difficulty: int | None = 2,
          evening: int = 2, reasons: tuple[str, ...] = (), absence: str | None = None, told: bool | None = None,
          entered_by: str = "self") -> LoggedEntry:
    return LoggedEntry(day, attendance, hours, pain, difficulty if attendance is not Attendance.ABSENT else None,
                       "none" if attendance is not Attendance.ABSENT else None, evening, reasons, absence, told, entered_by)


def cut_after_four_bad_weeks() -> dict[date, LoggedEntry]:
    """Weeks 1-4 at 6 h: pain rising 4 -> 8, two sick days and an early departure; weeks 5-10 at 2 x 2 h, steady."""
    entries = {}
    for week in range(10):
        monday = START + timedelta(weeks=week)
        days = [monday, monday + timedelta(days=2), monday + timedelta(days=4)] if week < 4 else [monday, monday + timedelta(days=2)]
        for n, day in enumerate(days):
            if week < 4:
                pain = 4 + week + (n == 2)
                if (week, n) in ((2, 1), (3, 0)):
                    entries[day] = entry(day, Attendance.ABSENT, pain=pain + 1, absence="ill_pain", told=(week, n) == (2, 1))
                elif (week, n) == (3, 2):
                    entries[day] = entry(day, Attendance.EARLY, pain=8, hours=1.0, difficulty=7, evening=5, reasons=("pain", "tired"))
                else:
                    entries[day] = entry(day, pain=pain, difficulty=4, evening=4 if week >= 2 else 2)
            else:
                entries[day] = entry(day, pain=4, difficulty=2, evening=2, entered_by="interpreter" if week == 5 and n == 0 else "self")
    return entries


def test_it_counts_attendance_by_week() -> None:
    facts = report_facts([THREE_DAYS, CUT], cut_after_four_bad_weeks(), START, START + timedelta(weeks=10, days=-1))
    assert len(facts.weeks) == 10
    week3, week4 = facts.weeks[2], facts.weeks[3]
    assert (week3.planned_days, week3.attended_days, week3.absent_days, week3.planned_hours, week3.worked_hours) == (3, 2, 1, 6, 4)
    assert (week4.attended_days, week4.early_days, week4.absent_days, week4.worked_hours) == (1, 1, 1, 3)
    assert all((w.planned_days, w.worked_hours) == (2, 4) for w in facts.weeks[4:])
    assert (facts.absences, facts.absences_told) == (2, 1)
    assert facts.absence_reasons == {"ill_pain": 2} and facts.early_reasons == {"pain": 1, "tired": 1}
    assert facts.longest_full_run == 12  # all six weeks at 2 x 2 h
    assert (facts.planned_days, facts.logged_days, facts.logged_share) == (24, 24, 1.0)
    assert facts.entered_by == {"self": 23, "interpreter": 1}


def test_it_shows_the_cut_and_which_level_held() -> None:
    facts = report_facts([THREE_DAYS, CUT], cut_after_four_bad_weeks(), START, START + timedelta(weeks=10, days=-1))
    first, second = facts.plans
    assert (first.weekly_hours, first.planned_hours, first.worked_hours, first.held) == (6, 24, 19, False)
    assert (second.weekly_hours, second.weeks, second.held) == (4, 6, True)
    assert facts.highest_held is second


def test_it_shows_how_pain_and_attendance_answered_the_cut() -> None:
    facts = report_facts([THREE_DAYS, CUT], cut_after_four_bad_weeks(), START, START + timedelta(weeks=10, days=-1))
    (response,) = facts.responses
    assert (response.change.from_hours, response.change.to_hours) == (6, 4)
    assert response.pain_before > response.pain_after == 4
    assert response.ratio_before < 0.9 and response.ratio_after == 1.0
    assert response.tired_before > response.tired_after == 0


def test_it_reports_effective_hours_from_d3_and_pain_against_baseline() -> None:
    facts = report_facts([THREE_DAYS, CUT], cut_after_four_bad_weeks(), START, START + timedelta(weeks=10, days=-1))
    assert facts.worked_hours == 19 + 24
    # 2 h days at D3 4 -> 1.2 h; the early day 1 h at D3 7 -> 0.3 h; 2 h days at D3 2 -> 1.6 h.
    assert round(facts.effective_hours, 2) == round(9 * 1.2 + 0.3 + 12 * 1.6, 2)
    assert facts.baseline is not None and facts.recent_pain == 4
    assert facts.tired_share == 4 / 24  # very tired on 2 days in week 3 and 2 in week 4, of 24 written evenings


def test_it_finds_the_highest_level_held_when_hours_were_raised_and_held() -> None:
    entries = {}
    for week in range(10):
        monday = START + timedelta(weeks=week)
        for offset in (0, 2, 4):
            day = monday + timedelta(days=offset)
            entries[day] = entry(day, pain=4)
    facts = report_facts([THREE_DAYS, RAISED], entries, START, START + timedelta(weeks=10, days=-1))
    assert [(p.weekly_hours, p.held) for p in facts.plans] == [(6, True), (9, True)]
    assert facts.highest_held.weekly_hours == 9 and facts.highest_held.weeks == 6
    (response,) = facts.responses
    assert (response.pain_before, response.pain_after, response.ratio_after) == (4, 4, 1.0)


def test_a_short_period_holds_no_level() -> None:
    facts = report_facts([THREE_DAYS, RAISED], {}, START + timedelta(weeks=3), START + timedelta(weeks=5))
    assert facts.highest_held is None and facts.logged_days == 0 and facts.ratio is None


def test_it_counts_the_weeks_each_region_hurt_from_the_weekly_body_map() -> None:
    entries = cut_after_four_bad_weeks()
    fridays = [START + timedelta(weeks=week, days=4) for week in range(4)]
    answers = [("lower_back", "neck"), ("lower_back",), ("none",), ("neck", "lower_back")]
    for day, regions in zip(fridays, answers):
        entries[day] = entries[day]._replace(body_regions=regions)
    facts = report_facts([THREE_DAYS, CUT], entries, START, START + timedelta(weeks=10, days=-1))
    assert facts.body_map_weeks == 4  # "nowhere" is an answer
    assert list(facts.body_regions.items()) == [("neck", 2), ("lower_back", 3)]  # head to feet
    later = report_facts([THREE_DAYS, CUT], entries, START + timedelta(weeks=4), START + timedelta(weeks=10, days=-1))
    assert later.body_map_weeks == 0 and not later.body_regions


def test_an_appointment_she_announced_is_listed_apart_not_as_an_absence() -> None:
    entries = cut_after_four_bad_weeks()
    doctor, unannounced = START + timedelta(weeks=6), START + timedelta(weeks=7)
    entries[doctor] = entry(doctor, Attendance.ABSENT, absence="appointment", told=True)
    entries[unannounced] = entry(unannounced, Attendance.ABSENT, absence="appointment", told=False)
    facts = report_facts([THREE_DAYS, CUT], entries, START, START + timedelta(weeks=10, days=-1))
    assert facts.appointments == 1
    assert (facts.absences, facts.absences_told) == (3, 1)  # the unannounced one is still an absence
    week7 = facts.weeks[6]
    assert (week7.planned_days, week7.absent_days, week7.planned_hours, week7.worked_hours) == (1, 0, 2, 2)
    assert facts.planned_days == 23


# Two placements: the kitchen from START to Wednesday of week 3, the canteen from that Thursday on (she moves mid-week).
KITCHEN = Span(1, "Skolekøkkenet", START, START + timedelta(days=16))
CANTEEN = Span(2, "Kantinen Vesterbro", START + timedelta(days=17))
SIX_WEEKS = START + timedelta(weeks=6, days=-1)


def moved_mid_week() -> dict[date, LoggedEntry]:
    """Six weeks at 2 h on Mon, Wed, Fri, all of it, but one absence at the kitchen and one early day at the canteen."""
    entries = {}
    for day in (START + timedelta(days=n) for n in range(42)):
        if day.weekday() in (0, 2, 4):
            entries[day] = entry(day)
    absent, early = START + timedelta(days=9), START + timedelta(weeks=4)  # Wed of week 2; Mon of week 5
    entries[absent] = entry(absent, Attendance.ABSENT, absence="ill_pain", told=True)
    entries[early] = entry(early, Attendance.EARLY, hours=1.0, reasons=("tired",))
    return entries


def test_with_two_placements_each_week_names_its_placement_and_the_week_of_the_move_names_both() -> None:
    facts = report_facts([THREE_DAYS], moved_mid_week(), START, SIX_WEEKS, [CANTEEN, KITCHEN])
    assert [tuple(p.name for p in w.placements) for w in facts.weeks] == [
        ("Skolekøkkenet",), ("Skolekøkkenet",), ("Skolekøkkenet", "Kantinen Vesterbro"),
        ("Kantinen Vesterbro",), ("Kantinen Vesterbro",), ("Kantinen Vesterbro",)]
    assert facts.weeks[2].planned_days == 3  # the week's figures are the whole week's, as with one placement


def test_each_placement_has_its_own_subtotal_that_adds_up_to_the_period() -> None:
    facts = report_facts([THREE_DAYS], moved_mid_week(), START, SIX_WEEKS, [KITCHEN, CANTEEN])
    kitchen, canteen = facts.placements
    assert (kitchen.placement, kitchen.first, kitchen.last) == (KITCHEN, START, KITCHEN.end)
    assert (canteen.placement, canteen.first, canteen.last) == (CANTEEN, CANTEEN.start, SIX_WEEKS)
    # The kitchen: weeks 1-2 and Mon + Wed of week 3 (8 days, one absent); the canteen: Fri of week 3 and weeks 4-6.
    assert (kitchen.planned_days, kitchen.attended_days, kitchen.absent_days, kitchen.worked_hours, kitchen.planned_hours) == (8, 7, 1, 14, 16)
    assert (canteen.planned_days, canteen.attended_days, canteen.early_days, canteen.worked_hours, canteen.planned_hours) == (10, 9, 1, 19, 20)
    assert kitchen.ratio == 14 / 16 and canteen.ratio == 19 / 20
    assert kitchen.planned_days + canteen.planned_days == facts.planned_days
    assert kitchen.worked_hours + canteen.worked_hours == facts.worked_hours


def test_hours_over_time_is_cut_where_the_placement_changed_and_a_level_kept_across_it_is_held_for_all_of_it() -> None:
    facts = report_facts([THREE_DAYS], moved_mid_week(), START, SIX_WEEKS, [KITCHEN, CANTEEN])
    assert [(p.placement, p.start, p.end, p.weekly_hours) for p in facts.plans] == [
        (KITCHEN, START, KITCHEN.end, 6), (CANTEEN, CANTEEN.start, SIX_WEEKS, 6)]
    assert [p.held for p in facts.plans] == [False, True]  # 14 of 16 h at the kitchen; 19 of 20 at the canteen
    # Neither row is 4 weeks at 90 %, but 6 h a week were kept over the whole six weeks (33 of 36 h).
    held = facts.highest_held
    assert held is not None and (held.start, held.end, held.weekly_hours, held.placement) == (START, SIX_WEEKS, 6, None)


def test_a_change_of_hours_within_a_placement_still_cuts_its_rows() -> None:
    facts = report_facts([THREE_DAYS, RAISED], moved_mid_week(), START, SIX_WEEKS, [KITCHEN, CANTEEN])
    assert [(p.placement.name, p.start, p.weekly_hours) for p in facts.plans] == [
        ("Skolekøkkenet", START, 6), ("Kantinen Vesterbro", CANTEEN.start, 6), ("Kantinen Vesterbro", RAISED.valid_from, 9)]


def test_with_one_placement_the_facts_are_those_without_placements() -> None:
    entries = cut_after_four_bad_weeks()
    last = START + timedelta(weeks=10, days=-1)
    alone = report_facts([THREE_DAYS, CUT], entries, START, last, [Span(1, "Køkkenet", START - timedelta(weeks=2))])
    plain = report_facts([THREE_DAYS, CUT], entries, START, last)
    assert alone.plans == plain.plans and alone.highest_held == plain.highest_held
    assert [w.planned_hours for w in alone.weeks] == [w.planned_hours for w in plain.weeks]
    assert [t.placement.name for t in alone.placements] == ["Køkkenet"] and not plain.placements


def test_a_placement_outside_the_period_is_not_named() -> None:
    earlier = Span(1, "Syværkstedet", START - timedelta(weeks=8), START - timedelta(days=1))
    facts = report_facts([THREE_DAYS], moved_mid_week(), START, SIX_WEEKS, [earlier, KITCHEN, CANTEEN])
    assert [t.placement for t in facts.placements] == [KITCHEN, CANTEEN]
    assert all(earlier not in w.placements for w in facts.weeks)


def test_a_monthly_budget_and_hours_beyond_the_plan_are_worked_hours_against_the_hours_due() -> None:
    from app.domain.schedule import MONTHLY

    budget = PlanVersion(START + timedelta(weeks=4), mode=MONTHLY, monthly_hours=31, paid_hours=10)  # August: 1 hour a day
    entries = {d: entry(d) for d in (START, START + timedelta(days=2))}  # two planned days, 2 h each
    entries[START + timedelta(days=4)] = entry(START + timedelta(days=4))._replace(extra_hours=1.5)  # Friday: 2 + 1.5
    entries[START + timedelta(days=5)] = entry(START + timedelta(days=5), hours=3.0)  # a free Saturday she worked
    worked_on_budget = [START + timedelta(weeks=4, days=n) for n in (0, 3, 7, 10)]  # 31 Aug, 3, 7 and 10 Sep
    entries |= {d: entry(d, hours=4.0) for d in worked_on_budget}
    facts = report_facts([THREE_DAYS, budget], entries, START, START + timedelta(weeks=4, days=10))  # 3 Aug to 10 Sep
    # Worked: 2 + 2 + 3.5 + 3 (weeks 1-4) + 4 x 4 on the budget. Due: 6 h in week 1 (the other weeks unwritten), and the
    # budget's shares: 31 Aug (31/31) and 1-10 Sep (10 x 31/30).
    assert facts.worked_hours == 2 + 2 + 3.5 + 3 + 16
    assert facts.planned_hours == round(6 + 1 + 10 * 31 / 30, 2)
    assert (facts.extra_days, facts.extra_hours, facts.unplanned_days, facts.unplanned_hours) == (1, 1.5, 5, 19.0)
    on_budget = facts.plans[-1]
    assert (on_budget.monthly_hours, on_budget.paid_hours, on_budget.logged_days) == (31, 10, 4)
    assert facts.worked_days == 8  # every day she worked is a work day for the work questions
