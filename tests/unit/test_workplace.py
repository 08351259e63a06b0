"""The workplace's voice: its vocabularies, when accounts differ, confirmed days, recorded attendance and the checks."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.day import Attendance
from app.domain.placements import Span
from app.domain.week import DayFacts
from app.domain.workplace import (DAY_STATUSES, PACE_STEPS, SOURCES, TASK_LEVELS, Recorded, Refused, check_day,
                                  check_level, check_pace, check_record, check_source, check_status, check_task,
                                  check_week, confirmed_days, disagreement, effective_facts, session_ends_on,
                                  session_open)
from app.models import AttendanceRecord, WorkplaceDay, WorkplacePace, WorkplaceTaskRating

MON, TUE, WED, THU = date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 4), date(2026, 11, 5)
PLACEMENT = Span(1, "Kantinen", date(2026, 11, 2), date(2026, 11, 30))


def _check_values(table: type, name: str) -> str:
    """The SQL text of a table's CHECK constraint `name`."""
    return next(str(c.sqltext) for c in table.__table__.constraints if getattr(c, "name", None) == name)


def test_the_tables_checks_hold_the_same_vocabularies_as_the_domain() -> None:
    for status in DAY_STATUSES:
        assert f"'{status}'" in _check_values(WorkplaceDay, "ck_workplace_day_status")
    for level in TASK_LEVELS:
        assert f"'{level}'" in _check_values(WorkplaceTaskRating, "ck_workplace_task_rating_level")
    for source in SOURCES:
        assert f"'{source}'" in _check_values(AttendanceRecord, "ck_attendance_record_source")
    assert "(10, 25, 50, 75, 100)" in _check_values(WorkplacePace, "ck_workplace_pace_percent") and PACE_STEPS == (10, 25, 50, 75, 100)


@pytest.mark.parametrize(("hers", "theirs"), [
    ("full", "came"), ("full", "late"), ("early", "left_early"), ("early", "late"), ("absent", "absent"),
    ("absent", "day_off"),
])
def test_it_sees_no_disagreement_where_the_accounts_fit(hers: str, theirs: str) -> None:
    assert not disagreement(Attendance(hers), theirs)


@pytest.mark.parametrize(("hers", "theirs"), [
    ("full", "absent"), ("early", "absent"),  # she wrote she worked, the workplace "did not come"
    ("absent", "came"), ("absent", "late"), ("absent", "left_early"),  # and the reverse
    ("full", "left_early"), ("early", "came"),  # all of it against part of it: the hours differ
    ("full", "day_off"), ("early", "day_off"),  # she worked on a day the workplace had not agreed
])
def test_it_sees_a_disagreement_where_the_accounts_put_her_in_different_places(hers: str, theirs: str) -> None:
    assert disagreement(hers, theirs)


def test_a_day_one_side_did_not_answer_is_unknown_not_contested() -> None:
    assert not disagreement(None, "absent")
    assert not disagreement(Attendance.FULL, None)


def test_a_disagreement_refuses_a_status_outside_the_vocabulary() -> None:
    with pytest.raises(Refused):
        disagreement(Attendance.FULL, "sick")


def test_a_confirmed_day_counts_and_only_planned_days_at_work_do() -> None:
    answers = {MON: "came", TUE: "late", WED: "absent", THU: "left_early", date(2026, 11, 7): "came"}  # Saturday unplanned
    assert confirmed_days([MON, TUE, WED, THU], answers) == 3
    assert confirmed_days([MON, MON, WED], answers) == 1  # a day counts once
    assert confirmed_days([MON, TUE], {MON: "day_off"}) == 0  # a day off and an unanswered day confirm nothing
    assert confirmed_days([], answers) == 0


def test_her_own_entry_wins_over_a_recorded_day() -> None:
    hers = DayFacts(Attendance.FULL, 3.0, 4, 2)
    assert effective_facts(hers, Recorded(Attendance.ABSENT, None, "workplace")) is hers


def test_a_day_without_her_entry_or_a_record_stays_unknown() -> None:
    assert effective_facts(None, None) is None


def test_a_recorded_day_counts_with_its_attendance_and_hours_but_no_pain_or_evening() -> None:
    early = effective_facts(None, Recorded(Attendance.EARLY, 1.5, "her_by_phone"))
    assert early == DayFacts(Attendance.EARLY, 1.5, None, None, recorded=True)  # counted for R1-R3, not her writing
    assert early is not None and early.early_reasons == () and not early.planned_around
    absent = effective_facts(None, Recorded(Attendance.ABSENT, None, "workplace"))
    assert absent is not None and absent.attendance is Attendance.ABSENT and absent.hours_worked == 0.0
    full = effective_facts(None, Recorded(Attendance.FULL, None, "consultant"))
    assert full is not None and full.attendance is Attendance.FULL and full.hours_worked is None  # the plan's hours


@pytest.mark.parametrize("percent", [10, 25, 50, 75, 100, None])
def test_a_pace_step_or_cannot_say_yet_is_taken(percent: int | None) -> None:
    assert check_pace(percent) == percent


@pytest.mark.parametrize("percent", [300, 0, 60, -10, True])
def test_a_pace_off_the_steps_is_refused(percent: int) -> None:
    with pytest.raises(Refused) as refused:
        check_pace(percent)
    assert refused.value.field == "pace"


def test_the_vocabularies_refuse_unknown_words() -> None:
    assert check_status("day_off") == "day_off" and check_level("some_help") == "some_help"
    assert check_source("her_by_phone") == "her_by_phone"
    for check, word in ((check_status, "sick"), (check_level, "expert"), (check_source, "neighbour")):
        with pytest.raises(Refused):
            check(word)


def test_a_day_must_be_one_of_the_placements_days() -> None:
    assert check_day(PLACEMENT, MON) == MON
    assert check_day(PLACEMENT, date(2026, 11, 30)) == date(2026, 11, 30)
    for outside in (date(2026, 11, 1), date(2026, 12, 1)):
        with pytest.raises(Refused) as refused:
            check_day(PLACEMENT, outside)
        assert refused.value.field == "day"


def test_a_week_is_a_monday_that_meets_the_placement() -> None:
    assert check_week(PLACEMENT, date(2026, 11, 30)) == date(2026, 11, 30)
    assert check_week(Span(1, "K", WED, None), MON) == MON  # the placement starts mid-week
    for refused in (TUE, date(2026, 12, 7), date(2026, 10, 26)):
        with pytest.raises(Refused):
            check_week(PLACEMENT, refused)


def test_a_task_must_belong_to_the_placement() -> None:
    assert check_task(4, {3, 4}) == 4
    with pytest.raises(Refused) as refused:
        check_task(9, {3, 4})  # another placement's task
    assert refused.value.field == "task"


def test_a_consultants_record_is_checked() -> None:
    assert check_record("early", 2.0, "workplace") == Recorded(Attendance.EARLY, 2.0, "workplace")
    assert check_record(Attendance.ABSENT, None, "consultant").hours is None
    for attendance, hours, source in (("maybe", None, "workplace"), ("early", None, "workplace"), ("absent", 2.0, "workplace"),
                                      ("full", 17.0, "workplace"), ("full", -1.0, "workplace"), ("full", None, "boss")):
        with pytest.raises(Refused):
            check_record(attendance, hours, source)


def test_a_contact_persons_session_ends_14_days_after_the_placement_or_when_revoked() -> None:
    assert session_ends_on(date(2026, 11, 30)) == date(2026, 12, 14)
    assert session_ends_on(None) is None
    assert session_open(date(2026, 12, 14), date(2026, 11, 30), revoked=False)
    assert not session_open(date(2026, 12, 15), date(2026, 11, 30), revoked=False)
    assert session_open(date(2027, 6, 1), None, revoked=False)  # a running placement
    assert not session_open(MON, None, revoked=True)
