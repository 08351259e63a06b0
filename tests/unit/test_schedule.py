"""Which plan is in force, and how many hours it plans."""

from datetime import date

from app.domain.schedule import PlanVersion, plan_in_force, planned_hours

THREE_DAYS = PlanVersion(date(2026, 11, 2), (2, 0, 2, 0, 2, 0, 0))
TWO_BY_TWO = PlanVersion(date(2026, 11, 30), (2, 0, 2, 0, 0, 0, 0))


def test_it_finds_no_plan_before_the_first_version() -> None:
    assert plan_in_force([THREE_DAYS], date(2026, 11, 1)) is None
    assert planned_hours([THREE_DAYS], date(2026, 11, 1)) == 0


def test_it_uses_the_latest_version_valid_on_the_day() -> None:
    versions = [THREE_DAYS, TWO_BY_TWO]
    assert planned_hours(versions, date(2026, 11, 27)) == 2  # a Friday under the first plan
    assert planned_hours(versions, date(2026, 12, 4)) == 0  # a Friday after the cut
    assert plan_in_force(versions, date(2026, 12, 2)) is TWO_BY_TWO


def test_it_lets_a_later_version_with_the_same_date_supersede() -> None:
    fix = PlanVersion(date(2026, 11, 2), (3, 0, 3, 0, 0, 0, 0))
    assert planned_hours([THREE_DAYS, fix], date(2026, 11, 2)) == 3


def test_it_adds_up_the_week() -> None:
    assert THREE_DAYS.weekly_hours == 6


def test_it_skips_pauses_when_listing_changes_of_hours() -> None:
    from app.domain.schedule import hour_changes

    holiday = PlanVersion(date(2026, 12, 21), (0, 0, 0, 0, 0, 0, 0))
    back = PlanVersion(date(2027, 1, 4), (2, 0, 2, 0, 2, 0, 0))
    raised = PlanVersion(date(2027, 2, 1), (3, 0, 3, 0, 3, 0, 0))
    changes = hour_changes([THREE_DAYS, holiday, back, raised])
    assert [(c.day, c.from_hours, c.to_hours, c.is_step_up) for c in changes] == [(date(2027, 2, 1), 6, 9, True)]
