"""Her activities beside the plan: the week ahead carries each day's sessions by start (a free day of the plan may hold
teaching), and the timeline's weeks add the activities' course hours (never treatment) to the internship's."""

from __future__ import annotations

from datetime import date, time

from app.domain.activities import Session
from app.domain.report import activity_facts
from app.domain.schedule import PlanVersion
from app.domain.timeline import build_timeline, course_weeks
from app.domain.week_ahead import FREE, WORK, week_ahead

MONDAY = date(2026, 11, 16)


def held(day: date, start: int, kind: str = "teaching", series_id: int = 1) -> Session:
    return Session(series_id, kind, day, time(start), time(start + 2), f"{kind} {start}", "Lokale 2")


def test_it_puts_each_session_on_its_day_by_start_time() -> None:
    plan = PlanVersion(date(2026, 11, 2), (3, 0, 3, 0, 0, 0, 0))
    tuesday = date(2026, 11, 17)
    week = week_ahead([plan], MONDAY, sessions=[held(tuesday, 13), held(tuesday, 9, "treatment", 2), held(MONDAY, 12)])
    monday, tue = week.days[0], week.days[1]
    assert monday.kind == WORK and [s.start for s in monday.sessions] == [time(12)]
    assert tue.kind == FREE and [s.kind for s in tue.sessions] == ["treatment", "teaching"]
    assert week.has_sessions and week.kinds == ["teaching", "treatment"]
    assert not week_ahead([plan], MONDAY).has_sessions


def test_the_course_hours_of_a_week_are_the_internships_and_the_activities_but_never_treatment() -> None:
    plan = PlanVersion(date(2026, 11, 2), (3, 0, 3, 0, 0, 0, 0))
    timeline = build_timeline(plans=[plan], entries={}, difficulty={}, today=date(2026, 11, 22), weeks=2)
    facts = activity_facts([held(date(2026, 11, 10), 9), held(date(2026, 11, 12), 9), held(date(2026, 11, 13), 9, "treatment", 2)],
                           {(1, date(2026, 11, 10)): "absent"})
    weeks = course_weeks(timeline.weeks, facts.weeks)
    assert [(w.monday, w.internship_hours, w.activity_hours, w.planned_hours) for w in weeks] == [
        (date(2026, 11, 9), 6.0, 4.0, 10.0), (MONDAY, 6.0, 0.0, 6.0)]
    assert weeks[0].activities is not None and weeks[0].activities.cell("teaching") == (0, 1) and weeks[1].activities is None
