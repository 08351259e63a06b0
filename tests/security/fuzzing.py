"""Fuzzing every form: hypothesis drives each one through the test client (500 examples each), and afterwards
no 5xx came back, no out-of-range row is stored and no markup was rendered unescaped.

The forms are in three test files (`test_fuzz_*.py`), so that `make test` can run them on two workers side by side:
the fuzzer is about half of the suite's time, and one file runs on one worker (`--dist loadfile`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlmodel import Session, select

from app import clock
from app.models import (ActivityMark, ActivityRegister, ActivitySeries, AttendanceRecord, Citizen, DayEntry, GroupMember, Internship,
                        StaffUser, Task, WorkplaceDay, WorkplacePace, WorkplaceTaskRating)
from app.services import audit
from app.services.grants import make_grant
from app.services.workplace_access import invite
from tests.conftest import TODAY
from tests.helpers import csrf_token, new_key
from tests.registers_world import teaching_group

#: Markup that must never come back unescaped.
PAYLOADS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "<b>bold</b>", "javascript:alert(1)")
VALUE = st.one_of(st.text(max_size=40), st.sampled_from(PAYLOADS), st.sampled_from(["", "0", "10", "-1", "11", "2.5", "full", "early",
                                                                                   "absent", "yes", "so", "ar", "2026-11-18", "9999-99-99", "none",
                                                                                   "16", "16.5", "17", "0.5", "1e308", "nan", "weekly",
                                                                                   "rotation", "monthly", "160", "160.5", "21:30", "25:00",
                                                                                   "outside", "moved", "reached", "mentor", "ill_pain", "family",
                                                                                   "kontanthjaelp", "sygedagpenge"]))


def form(*fields: str) -> st.SearchStrategy[dict[str, str]]:
    """The form's own fields with any values, sometimes an unknown field too."""
    known = st.fixed_dictionaries({}, optional={name: VALUE for name in fields})
    return st.tuples(known, st.dictionaries(st.sampled_from(["citizen_id", "role", "x"]), VALUE, max_size=1)).map(lambda p: {**p[0], **p[1]})


@dataclass
class Target:
    """A form: who posts it, where, and which fields it has."""

    principal: str
    method: str
    path: str
    fields: tuple[str, ...]


@pytest.fixture
def people(app: Flask, db: Session, make_citizen: Callable[..., Citizen], make_staff: Callable[..., StaffUser],
           sign_in: Callable[..., FlaskClient], activate: Callable[..., None]) -> tuple[dict[str, FlaskClient], dict[str, int]]:
    consultant, interpreter, admin, spare = make_staff("consultant"), make_staff("interpreter"), make_staff("admin"), make_staff("interpreter")
    her = make_citizen(name="Fatima", language="ar")
    her.consultant_id = consultant.id
    db.add(her)
    db.commit()
    make_grant(db, audit.Actor("staff", consultant.id, "consultant"), her.id, interpreter_id=interpreter.id, language="ar", hours=72,
               max_hours=72, now=clock.utcnow())
    phone = app.test_client()
    activate(phone, her)
    ids = {"her": her.id, "task": db.exec(select(Task)).first().id, "spare": spare.id, "placement": db.exec(select(Internship)).first().id}
    # The placement's contact person, signed in on their phone through a link (issue 21).
    raw = invite(db, audit.Actor("staff", consultant.id, "consultant"), db.get(Internship, ids["placement"]), None, now=clock.utcnow(),
                 lifetime=timedelta(days=14))
    workplace = app.test_client()
    assert workplace.post(f"/w/{raw}", data={"csrf_token": csrf_token(workplace, f"/w/{raw}")}).status_code == 303
    # A teacher leading her group (issue 22), whose register the teacher takes and her consultant corrects.
    teacher = make_staff("teacher")
    ids["amina"] = make_citizen(name="Amina").id
    ids["series"] = teaching_group(db, "Hold A", [teacher.id], [her.id, ids["amina"]], consultant.id)[1].id
    ids["group"] = db.get(ActivitySeries, ids["series"]).group_id
    return {"citizen": phone, "anonymous": app.test_client(), "consultant": sign_in(consultant), "interpreter": sign_in(interpreter),
            "admin": sign_in(admin), "workplace": workplace, "teacher": sign_in(teacher)}, ids


DAY = ("attendance", "hours_worked", "extra_hours", "early_reasons", "absence_reason", "told_in_advance", "reason_text", "pain", "difficulty",
       "breaks", "evening", "note", "tasks", "hard_tasks")
#: A session's register: her mark and reason, another woman's, one who is not in the session, and the form's key.
REGISTER = ("mark-{her}", "reason-{her}", "mark-{amina}", "reason-{amina}", "mark-0", "mark-x", "idempotency_key")
#: A series of activities: its days, times and words, then its kind and days (app/web/consultant/activities.py).
SERIES = ("title", "place", "leader_id", "weekdays", "start", "end", "kind", "first_day", "last_day")


def check_rows(db: Session) -> None:
    """Whatever was accepted is in range."""
    db.expire_all()
    for entry in db.exec(select(DayEntry)).all():
        assert (0 <= entry.pain <= 10 if entry.pain is not None else entry.attendance == "absent") and (entry.difficulty is None or 0 <= entry.difficulty <= 10)
        assert entry.evening is None or 1 <= entry.evening <= 5
        assert entry.hours_worked is None or 0 <= entry.hours_worked <= 16
        assert entry.extra_hours is None or 0 < entry.extra_hours and (entry.hours_worked or 0) + entry.extra_hours <= 16
        assert len(entry.note) <= 1000 and entry.day <= TODAY
    bad_hours = db.execute(text("SELECT count(*) FROM schedule_version WHERE hours_mon < 0 OR hours_mon > 12 OR hours_sun > 12"
                                " OR even_hours_wed < 0 OR even_hours_wed > 12 OR (mode = 'monthly' AND NOT (monthly_hours > 0"
                                " AND monthly_hours <= 160)) OR paid_hours < 0")).scalar()
    assert bad_hours == 0
    # Placements never share a day (app/domain/placements.py).
    assert db.execute(text("SELECT count(*) FROM internship a JOIN internship b ON a.course_id = b.course_id AND a.id < b.id"
                           " WHERE (a.\"end\" IS NULL OR b.start <= a.\"end\") AND (b.\"end\" IS NULL OR a.start <= b.\"end\")")).scalar() == 0
    assert db.execute(text("SELECT count(*) FROM citizen WHERE length(display_name) > 120 OR length(display_name) = 0")).scalar() == 0
    # The workplace's account: its steps only, days of the placement up to today, the placement's own tasks.
    for pace in db.exec(select(WorkplacePace)).all():
        assert pace.percent in (None, 10, 25, 50, 75, 100) and pace.week.weekday() == 0 and len(pace.went_well) <= 500
    placement_tasks = {task.id: task.internship_id for task in db.exec(select(Task)).all()}
    for day in db.exec(select(WorkplaceDay)).all():
        placement = db.get(Internship, day.internship_id)
        assert placement.start <= day.day <= TODAY and day.status in ("came", "late", "left_early", "absent", "day_off")
    for rating in db.exec(select(WorkplaceTaskRating)).all():
        assert placement_tasks[rating.task_id] == rating.internship_id
    # Registers: one per session, never before it happened, marks only for the women in it (Hold A's members).
    members = {member.citizen_id for member in db.exec(select(GroupMember)).all()}
    registers = db.exec(select(ActivityRegister)).all()
    assert len({(r.series_id, r.day) for r in registers}) == len(registers) and all(r.day <= TODAY for r in registers)
    assert all(mark.citizen_id in members for mark in db.exec(select(ActivityMark)).all())
    # Activities: within the course of the woman they are hers (Fatima's course began on 2 November), a weekday a version.
    for series in db.exec(select(ActivitySeries)).all():
        assert series.first_day <= series.last_day and (series.citizen_id is None or series.first_day >= date(2026, 11, 2))
    for record in db.exec(select(AttendanceRecord)).all():  # a day she did not log, never in the future, hours a day can hold
        assert record.day <= TODAY and (record.hours is None or 0 <= record.hours <= 16)


def holds_under_fuzzing(target: Target, name: str, db: Session, people: tuple[dict[str, FlaskClient], dict[str, int]]) -> None:
    """Post 500 generated forms to the target as its principal; each answer is below 500 and echoes no payload raw,
    and afterwards every stored row is in range."""
    browsers, ids = people
    browser = browsers[target.principal]
    token = csrf_token(browser, "/language")

    @settings(max_examples=500, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(data=form(*(field.format(**ids) for field in target.fields)), code=st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=80))
    def attempt(data: dict[str, str], code: str) -> None:
        path = target.path.format(today=TODAY.isoformat(), code=code, **ids)
        if target.method == "GET":
            response = browser.get(path, query_string=data)
        else:
            response = browser.post(path, data={"csrf_token": token, "idempotency_key": new_key(), **data})
        assert response.status_code < 500, (name, data, response.status_code)
        body = response.get_data(as_text=True)
        for payload in PAYLOADS[:3]:
            if any(payload in value for value in data.values()):
                assert payload not in body, (name, payload)
        response.close()

    attempt()
    check_rows(db)
