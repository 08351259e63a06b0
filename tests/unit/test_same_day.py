"""The same day (issue 23): when her phone offers "I can't come today", and who is in the consultant's today lane
as the clock moves through a workday."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from app.domain.entry import UnknownFieldError, parse_absence_notice
from app.domain.same_day import DayWord, calls_job_centre, can_report_absence, day_word, lane_item, not_heard_after, today_lane
from app.domain.schedule import MONTHLY, ROTATION, PlanVersion


def test_her_phone_offers_it_on_a_planned_day_she_has_not_written_until_her_hours_are_over() -> None:
    nine = time(9, 0)
    assert can_report_absence(3, nine, time(7, 30), has_entry=False)  # before her hours
    assert can_report_absence(3, nine, time(11, 59), has_entry=False)  # during them
    assert not can_report_absence(3, nine, time(12, 0), has_entry=False)  # 9 + 3 hours: the day is over
    assert not can_report_absence(3, nine, time(8, 0), has_entry=True)  # she wrote the day already
    assert not can_report_absence(0, None, time(8, 0), has_entry=False)  # a day her plan leaves free
    assert can_report_absence(3, None, time(16, 0), has_entry=False)  # no start time: all day
    assert can_report_absence(4, time(22, 0), time(23, 30), has_entry=False)  # a night shift that ends after midnight


def test_only_kontanthjaelp_and_integrationsydelse_call_the_job_centre_too() -> None:
    assert calls_job_centre("kontanthjaelp") and calls_job_centre("integrationsydelse")
    assert not any(calls_job_centre(benefit) for benefit in ("sygedagpenge", "other", None))


def test_no_word_counts_from_an_hour_after_her_start_or_from_noon_without_one() -> None:
    assert not_heard_after(time(8, 0)) == time(9, 0)
    assert not_heard_after(time(8, 0), timedelta(minutes=30)) == time(8, 30)
    assert not_heard_after(None) == time(12, 0)
    assert not_heard_after(time(23, 30)) == time.max  # never today


def test_the_lane_through_a_morning_with_a_moved_clock() -> None:
    reported = datetime(2026, 11, 18, 6, 40, tzinfo=UTC)
    words = [
        DayWord(1, 3, time(8, 0)),  # planned from 8, nothing yet
        DayWord(2, 3, time(8, 0), attendance="absent", absence_reason="ill_pain", told_workplace=False, reported_at=reported),
        DayWord(3, 3, None),  # planned, no start time
        DayWord(4, 3, time(8, 0), confirmed_elsewhere=True),  # the workplace said she came
        DayWord(5, 3, time(8, 0), attendance="full"),  # she wrote already
        DayWord(6, 0, None),  # not a work day
        DayWord(7, 3, time(10, 0)),  # starts later
    ]
    at = {moment: [(item.citizen_id, item.kind) for item in today_lane(words, moment)]
          for moment in (time(7, 0), time(9, 0), time(11, 0), time(12, 0))}
    assert at[time(7, 0)] == [(2, "absent")]  # her own word comes at once
    assert at[time(9, 0)] == [(2, "absent"), (1, "not_heard")]
    assert at[time(11, 0)] == [(2, "absent"), (1, "not_heard"), (7, "not_heard")]
    assert at[time(12, 0)] == [(2, "absent"), (1, "not_heard"), (7, "not_heard"), (3, "not_heard")]
    item = lane_item(words[1], time(7, 0))
    assert item is not None and (item.absence_reason, item.told_workplace, item.reported_at) == ("ill_pain", False, reported)


def test_her_notice_is_an_absence_without_pain_and_refuses_what_the_form_does_not_have() -> None:
    answers, errors = parse_absence_notice({"attendance": ["absent"], "absence_reason": ["family"], "told_in_advance": ["yes"]})
    assert errors == {} and answers is not None
    assert (answers.attendance.value, answers.hours_worked, answers.absence_reason, answers.told_in_advance, answers.pain) == \
        ("absent", 0.0, "family", True, None)
    assert parse_absence_notice({"attendance": ["absent"]})[1] == {"absence_reason": "required", "told_in_advance": "required"}
    assert parse_absence_notice({"attendance": ["full"], "absence_reason": ["family"], "told_in_advance": ["no"]})[1] == \
        {"attendance": "invalid"}
    assert parse_absence_notice({"attendance": ["absent"], "absence_reason": ["holiday"], "told_in_advance": ["maybe"]})[1] == \
        {"absence_reason": "invalid", "told_in_advance": "invalid"}
    with pytest.raises(UnknownFieldError):
        parse_absence_notice({"attendance": ["absent"], "absence_reason": ["family"], "told_in_advance": ["no"], "pain": ["3"]})


def test_her_word_of_today_comes_from_the_plan_in_force_and_her_entry() -> None:
    monday = date(2026, 11, 16)  # a Monday
    weekly = PlanVersion(date(2026, 11, 1), (4, 0, 4, 0, 0, 0, 0), starts=(time(9), None, time(8), None, None, None, None))
    assert day_word(1, weekly, monday) == DayWord(1, 4, time(9))
    assert day_word(1, weekly, monday + timedelta(days=1)) is None  # a free day, nothing written
    assert day_word(1, weekly, monday, confirmed_elsewhere=True) is None  # the workplace accounted for it
    reported = datetime(2026, 11, 16, 6, 40, tzinfo=UTC)
    absent = day_word(1, weekly, monday, attendance="absent", absence_reason="child_sick", told_workplace=False,
                      reported_at=reported)
    assert absent == DayWord(1, 4, time(9), "absent", "child_sick", False, reported)
    assert day_word(1, None, monday, attendance="full") == DayWord(1, 0.0, None, "full")  # written without a plan
    budget = PlanVersion(date(2026, 11, 1), mode=MONTHLY, monthly_hours=40)
    assert day_word(1, budget, monday) is None  # a monthly budget fixes no day
    rotation = PlanVersion(date(2026, 11, 1), (0,) * 7, mode=ROTATION, even_hours=(5, 0, 0, 0, 0, 0, 0),
                           even_starts=(time(7), None, None, None, None, None, None))
    words = [day_word(1, rotation, monday + timedelta(weeks=n)) for n in (0, 1)]
    assert sorted(str(w) for w in words if w is not None) == [str(DayWord(1, 5, time(7)))]  # one week of the two
