"""The course's activities as pure rules: recurring sessions with exceptions and changes from a date (history stays),
hours toward the course (never treatment), a woman's clashes, registers' marks, and attendance counted only where a
register was taken."""

from __future__ import annotations

from datetime import date, time

import pytest

from app.domain.activities import (ABSENT, LATE, PRESENT, TEACHING, TREATMENT, WORKSHOP, ActivityRefused, Series, Version, attendance,
                                   change_from, check_days, check_marks, check_register_day, check_version, clash, member_on,
                                   planned_course_hours, sessions, sessions_of_all)

MON_WED_THU = Version(date(2026, 11, 2), frozenset({0, 2, 3}), time(9, 0), time(11, 30), "Jobsøgning", "Lokale 2", 7)


def _teaching(**changes: object) -> Series:
    values = {"id": 1, "kind": TEACHING, "first_day": date(2026, 11, 2), "last_day": date(2026, 11, 29),
              "versions": (MON_WED_THU,), "group_id": 3, **changes}
    return Series(**values)  # type: ignore[arg-type]


def test_it_makes_every_monday_wednesday_and_thursday_of_the_weeks_but_the_holiday() -> None:
    days = [s.day for s in sessions(_teaching(exceptions=frozenset({date(2026, 11, 12)})), date(2026, 11, 1), date(2026, 11, 15))]
    assert days == [date(2026, 11, 2), date(2026, 11, 4), date(2026, 11, 5), date(2026, 11, 9), date(2026, 11, 11)]
    assert all(s.hours == 2.5 and s.place == "Lokale 2" and s.leader_id == 7 for s in sessions(_teaching(), date(2026, 11, 2), date(2026, 11, 2)))


def test_a_change_from_a_date_keeps_the_weeks_before_as_they_were() -> None:
    series = _teaching()
    afternoons = Version(date(2026, 11, 16), frozenset({1}), time(13, 0), time(15, 0), "Jobsøgning", "Lokale 4", 7)
    changed = Series(**{**series.__dict__, "versions": change_from(series, afternoons, today=date(2026, 11, 10))})
    found = sessions(changed, date(2026, 11, 9), date(2026, 11, 22))
    assert [(s.day, s.start, s.place) for s in found] == [
        (date(2026, 11, 9), time(9), "Lokale 2"), (date(2026, 11, 11), time(9), "Lokale 2"), (date(2026, 11, 12), time(9), "Lokale 2"),
        (date(2026, 11, 17), time(13), "Lokale 4")]
    assert changed.version_on(date(2026, 11, 15)) == MON_WED_THU  # history stays


@pytest.mark.parametrize("valid_from, today", [(date(2026, 11, 2), date(2026, 11, 1)),  # not after the last change
                                               (date(2026, 11, 9), date(2026, 11, 10)),  # in the past
                                               (date(2026, 12, 7), date(2026, 11, 10))])  # after the series
def test_a_change_is_refused_before_the_last_one_in_the_past_or_outside_the_series(valid_from: date, today: date) -> None:
    with pytest.raises(ActivityRefused) as refused:
        change_from(_teaching(), Version(valid_from, frozenset({1}), time(13), time(15), "X"), today=today)
    assert refused.value.field == "valid_from"


def test_treatment_is_never_course_hours_nor_missed() -> None:
    physio = Series(2, TREATMENT, date(2026, 11, 2), date(2026, 11, 29), (Version(date(2026, 11, 2), frozenset({1}), time(8), time(9), "Fysioterapi"),),
                    citizen_id=5)
    week = sessions_of_all([_teaching(), physio], date(2026, 11, 2), date(2026, 11, 8))
    assert [s.kind for s in week] == [TEACHING, TREATMENT, TEACHING, TEACHING]
    assert planned_course_hours(week) == 7.5
    marks = {(1, date(2026, 11, 2)): PRESENT, (1, date(2026, 11, 4)): ABSENT, (2, date(2026, 11, 3)): ABSENT}
    counted = attendance(week, marks)
    assert counted.planned == {TEACHING: 2} and counted.attended == {TEACHING: 1} and counted.missed(TEACHING) == 1
    assert counted.missed(TREATMENT) == 0  # her own appointment is never a missed course hour


def test_a_session_without_a_register_is_unknown_not_missed_and_late_is_attended() -> None:
    week = sessions(_teaching(), date(2026, 11, 2), date(2026, 11, 8))
    counted = attendance(week, {(1, date(2026, 11, 5)): LATE})
    assert counted.planned == {TEACHING: 1} and counted.attended == {TEACHING: 1}


def test_her_sessions_clash_when_they_overlap_in_time_on_a_day() -> None:
    workshop = Series(4, WORKSHOP, date(2026, 11, 2), date(2026, 11, 8), (Version(date(2026, 11, 2), frozenset({0}), time(11), time(13), "Køkken"),),
                      group_id=9)
    teaching = sessions(_teaching(), date(2026, 11, 2), date(2026, 11, 8))
    old, new = clash(teaching, sessions(workshop, date(2026, 11, 2), date(2026, 11, 8)))
    assert (old.day, new.series_id) == (date(2026, 11, 2), 4)
    afternoon = Series(5, WORKSHOP, date(2026, 11, 2), date(2026, 11, 8), (Version(date(2026, 11, 2), frozenset({0}), time(11, 30), time(13), "Køkken"),),
                       group_id=9)
    assert clash(teaching, sessions(afternoon, date(2026, 11, 2), date(2026, 11, 8))) is None  # it starts as teaching ends
    assert clash(teaching, teaching) is None  # the same session is no clash


@pytest.mark.parametrize("version, field", [
    (Version(date(2026, 11, 2), frozenset({0}), time(11), time(9), "X"), "end"),
    (Version(date(2026, 11, 2), frozenset({0}), time(5), time(9), "X"), "end"),
    (Version(date(2026, 11, 2), frozenset(), time(9), time(11), "X"), "weekdays"),
    (Version(date(2026, 11, 2), frozenset({0}), time(9), time(11), "  "), "title")])
def test_impossible_times_days_or_titles_are_refused(version: Version, field: str) -> None:
    with pytest.raises(ActivityRefused) as refused:
        check_version(version)
    assert refused.value.field == field


def test_a_series_lies_within_the_course() -> None:
    assert check_days(date(2026, 11, 2), date(2026, 11, 29), date(2026, 11, 2), date(2027, 5, 2))
    for first, last in ((date(2026, 10, 26), date(2026, 11, 29)), (date(2026, 11, 2), date(2027, 6, 1)), (date(2026, 11, 9), date(2026, 11, 2))):
        with pytest.raises(ActivityRefused):
            check_days(first, last, date(2026, 11, 2), date(2027, 5, 2))


def test_a_register_marks_everyone_present_unless_told_and_refuses_strangers_and_the_future() -> None:
    assert check_marks({2: (ABSENT, "ill")}, [1, 2, 3]) == {1: (PRESENT, ""), 2: (ABSENT, "ill"), 3: (PRESENT, "")}
    for marks in ({9: (ABSENT, "")}, {1: ("asleep", "")}, {1: (PRESENT, "ill")}, {1: (ABSENT, "bored")}):
        with pytest.raises(ActivityRefused):
            check_marks(marks, [1, 2])
    with pytest.raises(ActivityRefused):
        check_register_day(date(2026, 11, 19), today=date(2026, 11, 18))
    assert check_register_day(date(2026, 11, 18), today=date(2026, 11, 18))


def test_a_member_is_in_the_group_from_joining_to_her_last_day() -> None:
    assert not member_on(date(2026, 11, 4), None, date(2026, 11, 3))
    assert member_on(date(2026, 11, 4), date(2026, 11, 20), date(2026, 11, 20))
    assert not member_on(date(2026, 11, 4), date(2026, 11, 20), date(2026, 11, 21))
