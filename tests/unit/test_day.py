"""What a day's entry means: attended, early, absent, unknown, not planned."""

import pytest

from app.domain.day import Attendance, DayStatus, day_status, worked_hours


@pytest.mark.parametrize(("attendance", "planned", "hours", "expected"), [
    (Attendance.FULL, 3.0, None, 3.0),
    (Attendance.FULL, 3.0, 1.0, 3.0),  # "all of it" means the plan, whatever else was sent
    (Attendance.EARLY, 3.0, 1.5, 1.5),
    (Attendance.EARLY, 3.0, None, 0.0),
    (Attendance.ABSENT, 3.0, None, 0.0),
    (None, 0.0, None, 0.0),
])
def test_it_counts_worked_hours(attendance: Attendance | None, planned: float, hours: float | None, expected: float) -> None:
    assert worked_hours(attendance, planned, hours) == expected


def test_it_classifies_days() -> None:
    assert day_status(3, Attendance.FULL, True) is DayStatus.ATTENDED
    assert day_status(3, Attendance.EARLY, True) is DayStatus.EARLY
    assert day_status(3, Attendance.ABSENT, True) is DayStatus.ABSENT
    assert day_status(0, None, True) is DayStatus.NOT_PLANNED
    assert day_status(3, None, True, is_future=True) is DayStatus.FUTURE


def test_it_reads_a_planned_day_without_entry_as_unknown_not_absent() -> None:
    assert day_status(3, None, False) is DayStatus.UNKNOWN
