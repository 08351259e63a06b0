"""What an internship agreement states, from plain values: the plan in force on its day in every mode, the paid split,
the copies by language, task labels in her language (Danish marked when there is none), and dropped goals left out."""

from __future__ import annotations

from datetime import date, time

from app.domain import agreement
from app.domain.schedule import MONTHLY, ROTATION, PlanVersion

MONDAY = date(2026, 11, 16)  # ISO week 47: odd


def test_a_weekly_plan_is_its_days_with_start_and_end_times() -> None:
    plan = PlanVersion(MONDAY, hours=(3, 0, 2.5, 0, 0, 0, 0), starts=(time(9), None, None, None, None, None, None))
    stated = agreement.agreed_hours(plan, MONDAY)
    (week,) = stated.weeks
    assert week.kind == "every" and week.hours == 5.5
    monday, wednesday = week.days
    assert (monday.weekday, monday.hours, monday.start, monday.end) == (0, 3.0, time(9), time(12))
    assert (wednesday.weekday, wednesday.start, wednesday.end) == (2, None, None)
    assert stated.paid is None and stated.unpaid is None


def test_a_day_that_ends_at_midnight_ends_at_midnight() -> None:
    assert agreement.WorkDay(4, 2, time(22)).end == time(0)


def test_a_rotation_states_its_odd_and_even_weeks_and_which_week_the_agreement_is_made_in() -> None:
    plan = PlanVersion(MONDAY, mode=ROTATION, hours=(0, 0, 3, 0, 3, 0, 0), even_hours=(3, 0, 3, 0, 3, 0, 0))
    odd = agreement.agreed_hours(plan, MONDAY)
    assert [w.kind for w in odd.weeks] == ["odd", "even"] and [w.hours for w in odd.weeks] == [6, 9]
    assert odd.week_number == 47 and odd.odd_week_now
    assert not agreement.agreed_hours(plan, date(2026, 11, 23)).odd_week_now


def test_a_monthly_budget_has_no_days_and_splits_the_months_hours() -> None:
    plan = PlanVersion(MONDAY, mode=MONTHLY, monthly_hours=26, paid_hours=8, paid_review_on=date(2027, 1, 11))
    stated = agreement.agreed_hours(plan, MONDAY)
    assert stated.weeks == () and stated.monthly_hours == 26
    assert (stated.paid, stated.unpaid, stated.paid_review_on) == (8, 18, date(2027, 1, 11))


def test_paid_hours_of_a_rotation_are_part_of_its_average_week() -> None:
    plan = PlanVersion(MONDAY, mode=ROTATION, hours=(2, 0, 2, 0, 0, 0, 0), even_hours=(2, 0, 2, 0, 2, 0, 0), paid_hours=2)
    assert (agreement.agreed_hours(plan, MONDAY).paid, agreement.agreed_hours(plan, MONDAY).unpaid) == (2, 3)


def test_no_paid_hours_is_no_split() -> None:
    assert agreement.agreed_hours(PlanVersion(MONDAY, hours=(3, 0, 0, 0, 0, 0, 0), paid_hours=0), MONDAY).paid is None


def test_the_agreements_day_is_today_moved_inside_the_placement() -> None:
    start, end = date(2026, 11, 2), date(2026, 11, 30)
    assert agreement.agreement_day(date(2026, 11, 18), start, end) == date(2026, 11, 18)
    assert agreement.agreement_day(date(2026, 10, 20), start, end) == start  # agreed at the start-up meeting before day one
    assert agreement.agreement_day(date(2026, 12, 18), start, end) == end  # an ended placement: the plan it ended with
    assert agreement.agreement_day(date(2027, 1, 4), start, None) == date(2027, 1, 4)


def test_the_plan_is_the_one_in_force_on_the_day_or_the_first_to_come() -> None:
    first = PlanVersion(date(2026, 11, 2), hours=(3, 0, 0, 0, 0, 0, 0))
    raised = PlanVersion(date(2026, 11, 16), hours=(4, 0, 0, 0, 0, 0, 0))
    corrected = PlanVersion(date(2026, 11, 16), hours=(5, 0, 0, 0, 0, 0, 0))  # made later, same day: it wins
    assert agreement.plan_for([first, raised, corrected], date(2026, 11, 18)) is corrected
    assert agreement.plan_for([first, raised], date(2026, 11, 10)) is first
    assert agreement.plan_for([raised, first], date(2026, 10, 1)) is first
    assert agreement.plan_for([], date(2026, 11, 18)) is None


def test_a_danish_speaking_woman_gets_one_copy_and_another_two() -> None:
    assert agreement.copies("da") == ("da",)
    assert agreement.copies("ur") == ("da", "ur")


def test_tasks_are_named_in_her_language_and_in_danish_marked_when_unlabelled() -> None:
    tasks = [("Opvask", {"ar": "غسل الصحون", "so": "Weel dhaqid"}), ("Kasse", {"so": " "})]
    assert agreement.task_labels(tasks, "ar") == (agreement.AgreedTask("غسل الصحون"), agreement.AgreedTask("Kasse", in_danish=True))
    assert agreement.task_labels(tasks, "so")[1] == agreement.AgreedTask("Kasse", in_danish=True)  # a blank label is none
    assert agreement.task_labels(tasks, "da") == (agreement.AgreedTask("Opvask"), agreement.AgreedTask("Kasse"))


def test_dropped_goals_and_sub_goals_are_left_out() -> None:
    def goal(text: str, status: str = "open") -> agreement.AgreedGoal:
        return agreement.AgreedGoal(text, status, MONDAY)

    tree = [(goal("Arbejde 3 timer"), [goal("Pause", "reached"), goal("Løfte", "dropped")]), (goal("Kasse", "dropped"), [goal("Tælle")])]
    assert agreement.goals_to_agree(tree) == (agreement.AgreedGoal("Arbejde 3 timer", "open", MONDAY, (goal("Pause", "reached"),)),)


def test_accommodations_are_common_codes_and_typed_lines() -> None:
    stated = agreement.needs("#no_heavy_lifting\nMå sidde ned hver time\n\n#unknown", ("no_heavy_lifting", "trolley"))
    assert stated.codes == ("no_heavy_lifting",) and stated.typed == ("Må sidde ned hver time", "#unknown") and not stated.empty
    assert agreement.needs("", ("trolley",)).empty


def test_a_placement_without_tasks_is_refused() -> None:
    assert agreement.refusal([]) == agreement.NO_TASKS
    assert agreement.refusal([("Opvask", {})]) is None
