"""The flask commands usable before any consultant screen exists."""

from __future__ import annotations

import os
import re
import shutil
from datetime import date

from typing import Callable

import pytest
from flask.testing import FlaskCliRunner
from sqlmodel import Session, select

from app.models import (ActivationToken, ActivityGroup, ActivityMark, ActivityRegister, ActivitySeries, AttendanceRecord, Citizen, Course, DayEntry, Internship, ScheduleVersion, StaffUser, Task,
                        GroupMember, TaskLabel, WorkplaceDay, WorkplacePace)
from app.services.tokens import hash_token
from tests.conftest import TODAY
from tests.helpers import csrf_token


@pytest.fixture(autouse=True)
def one_consultant(consultant: StaffUser) -> StaffUser:
    """A woman always joins a consultant's caseload: these tests have exactly one, the default."""
    return consultant


def test_it_creates_a_citizen_and_prints_her_id(runner: FlaskCliRunner, db: Session) -> None:
    result = runner.invoke(args=["citizens", "create", "--name", "Hodan Ali", "--language", "so"])
    assert result.exit_code == 0, result.output
    citizen = db.get(Citizen, int(result.stdout.strip()))  # only her id on stdout, for scripts
    assert (citizen.display_name, citizen.preferred_language) == ("Hodan Ali", "so")


def test_with_one_consultant_she_joins_her_caseload_and_the_command_says_so(
        runner: FlaskCliRunner, db: Session, consultant: StaffUser, make_staff: Callable[..., StaffUser]) -> None:
    make_staff("admin")
    make_staff("interpreter")
    make_staff("consultant", active=False)  # a former colleague does not count
    result = runner.invoke(args=["citizens", "create", "--name", "Hodan Ali", "--language", "so"])
    assert result.exit_code == 0, result.output
    assert db.get(Citizen, int(result.stdout.strip())).consultant_id == consultant.id
    assert f"She joins the caseload of Karen Konsulent <{consultant.email}>, the only consultant." in result.stderr


def test_with_several_consultants_the_consultant_must_be_named(
        runner: FlaskCliRunner, db: Session, consultant: StaffUser, make_staff: Callable[..., StaffUser]) -> None:
    other = make_staff("consultant", name="Mette Mortensen")
    refused = runner.invoke(args=["citizens", "create", "--name", "Hodan Ali", "--language", "so"])
    assert refused.exit_code == 2
    assert "--consultant EMAIL" in refused.output and consultant.email in refused.output and other.email in refused.output
    named = runner.invoke(args=["citizens", "create", "--name", "Hodan Ali", "--language", "so", "--consultant", f" {other.email.upper()} "])
    assert named.exit_code == 0, named.output
    assert db.get(Citizen, int(named.stdout.strip())).consultant_id == other.id
    assert named.stderr == ""
    assert len(db.exec(select(Citizen)).all()) == 1  # the refusal made no one


def test_an_unknown_or_non_consultant_email_is_refused(
        runner: FlaskCliRunner, db: Session, make_staff: Callable[..., StaffUser]) -> None:
    interpreter = make_staff("interpreter")
    gone = make_staff("consultant", active=False)
    for email in ("nobody@example.dk", interpreter.email, gone.email):
        result = runner.invoke(args=["citizens", "create", "--name", "A", "--language", "da", "--consultant", email])
        assert result.exit_code == 2 and f"no active consultant with the e-mail {email}" in result.output, result.output
    assert db.exec(select(Citizen)).all() == []


def test_without_any_consultant_she_is_not_created(runner: FlaskCliRunner, db: Session, consultant: StaffUser) -> None:
    consultant.active = False
    db.add(consultant)
    db.commit()
    result = runner.invoke(args=["citizens", "create", "--name", "A", "--language", "da"])
    assert result.exit_code == 2
    assert "there is no active consultant yet" in result.output and "staff create --role consultant" in result.output
    assert db.exec(select(Citizen)).all() == []


def test_it_refuses_an_unknown_language(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["citizens", "create", "--name", "X", "--language", "en"])
    assert result.exit_code != 0


def test_it_adds_schedule_versions_without_overwriting(runner: FlaskCliRunner, db: Session) -> None:
    citizen_id = runner.invoke(args=["citizens", "create", "--name", "A", "--language", "ar"]).stdout.strip()
    first = runner.invoke(args=["citizens", "schedule", citizen_id, "--mon", "3", "--wed", "3", "--from", "2026-11-02"])
    second = runner.invoke(args=["citizens", "schedule", citizen_id, "--mon", "2", "--wed", "2", "--from", "2026-11-30",
                                 "--reason", "Pain rose"])
    assert first.exit_code == second.exit_code == 0
    assert "6 hours a week" in first.output
    versions = db.exec(select(ScheduleVersion).order_by(ScheduleVersion.id)).all()
    assert [(v.valid_from, v.hours_mon, v.hours_wed) for v in versions] == [(date(2026, 11, 2), 3, 3), (date(2026, 11, 30), 2, 2)]
    bad = runner.invoke(args=["citizens", "schedule", citizen_id, "--mon", "3.25", "--from", "2026-11-02"])
    assert bad.exit_code != 0


def test_it_adds_a_task_with_its_translations(runner: FlaskCliRunner, db: Session) -> None:
    citizen_id = runner.invoke(args=["citizens", "create", "--name", "A", "--language", "ur"]).stdout.strip()
    result = runner.invoke(args=["citizens", "task", citizen_id, "--icon", "dishes", "--label", "Opvask", "--ur", "برتن دھونا"])
    assert result.exit_code == 0
    assert db.exec(select(Task)).one().label_da == "Opvask"
    assert db.exec(select(TaskLabel)).one().text == "برتن دھونا"


def test_it_prints_the_activation_url_and_a_terminal_qr(runner: FlaskCliRunner, db: Session) -> None:
    citizen_id = runner.invoke(args=["citizens", "create", "--name", "A", "--language", "da"]).stdout.strip()
    result = runner.invoke(args=["citizens", "qr", citizen_id])
    assert result.exit_code == 0
    url = result.output.splitlines()[0]
    code = re.fullmatch(r"http://localhost/a/([A-Za-z0-9_-]{43})", url).group(1)
    assert db.exec(select(ActivationToken)).one().token_hash == hash_token(code)
    assert "█" in result.output or "▀" in result.output
    assert runner.invoke(args=["citizens", "qr", "999"]).exit_code != 0


def test_it_seeds_the_demo_once(runner: FlaskCliRunner, db: Session) -> None:
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "Demo data created." in first.output
    consultant = db.exec(select(StaffUser).where(StaffUser.email == "konsulent@demo.logbog.dk")).one()
    caseload = db.exec(select(Citizen).where(Citizen.consultant_id == consultant.id)).all()
    assert first.output.count("http://localhost/a/") == len(caseload) >= 12
    # Two consultants, the interpreter, two admins (one approves the other's moves) and the group's teacher.
    assert first.output.count("@demo.logbog.dk") == 6
    assert "admin2@demo.logbog.dk" in first.output
    # The demo interpreter can record the spoken questions in the women's languages.
    assert db.exec(select(StaffUser).where(StaffUser.email == "tolk@demo.logbog.dk")).one().languages == "ar,ur,so"
    # Her spoken questions in a synthetic voice where espeak-ng speaks the language; Somali has none, and says so.
    assert "No demo clips in so: espeak-ng has no voice" in first.output
    if shutil.which("espeak-ng") or os.environ.get("CI") == "true":  # CI installs it: there the clips must be made
        assert re.search(r"synthetic espeak-ng voice .*: da \d+, ar \d+, ur \d+ clips", first.output), first.output
    # One woman moved when her first workplace closed: both placements are kept, the first ended with its reason.
    mariam = db.exec(select(Citizen).where(Citizen.display_name == "Mariam Haddad")).one()
    moved = db.exec(select(Internship).join(Course).where(Course.citizen_id == mariam.id).order_by(Internship.start)).all()
    assert [(p.workplace, p.end_reason) for p in moved] == [("Skolekøkkenet", "workplace_closed"), ("Kantinen Vesterbro", None)]
    days = db.exec(select(DayEntry.day)).all()
    entries = len(days)
    assert entries >= 5 * 6 * 2  # five women logging about two days a week for six weeks and more
    assert (max(days) - min(days)).days >= 6 * 7
    # The workplace's account: Lone Andersen confirmed Amina Yusuf's weeks, once with an account that differs from hers,
    # and the laundry told the consultant about a day Hodan Ali did not log. Lone's sign-in link is printed and works.
    lone = re.search(r"Lone Andersen \(Plejecenter Solgården\).*\n  http://localhost/w/(\S+)", first.output)
    assert lone, first.output
    weeks = db.exec(select(WorkplacePace)).all()
    assert len(weeks) >= 5 and {pace.percent for pace in weeks} == {25, 50}
    assert "left_early" in {day.status for day in db.exec(select(WorkplaceDay)).all()}
    assert db.exec(select(AttendanceRecord)).one().source == "workplace"
    phone = runner.app.test_client()
    assert phone.post(f"/w/{lone.group(1)}", data={"csrf_token": csrf_token(phone, f"/w/{lone.group(1)}")}).status_code == 303
    assert "Amina" in phone.get("/w/").get_data(as_text=True)
    # The same day (issue 23): on this Wednesday Amina said at 7:40 that she cannot come (her child is ill, the workplace
    # not told yet); she is on kontanthjælp, so her phone tells her to call the job centre too.
    notice = db.exec(select(DayEntry).where(DayEntry.day == TODAY, DayEntry.attendance == "absent")).one()
    assert (db.get(Citizen, notice.citizen_id).display_name, notice.absence_reason, notice.told_in_advance, notice.pain) == \
        ("Amina Yusuf", "family", False, None)
    assert db.exec(select(Course).where(Course.citizen_id == notice.citizen_id)).one().benefit == "kontanthjaelp"
    # The course beyond the internship: a group of eight with four weeks of teaching registers, a workshop, and one
    # woman's weekly physiotherapy; their courses' referred hours.
    group = db.exec(select(ActivityGroup)).one()
    assert len(db.exec(select(GroupMember).where(GroupMember.group_id == group.id)).all()) == 8
    assert {series.kind for series in db.exec(select(ActivitySeries)).all()} == {"teaching", "workshop", "treatment"}
    registers = db.exec(select(ActivityRegister)).all()
    assert len(registers) >= 4 * 3 - 1 and (max(r.day for r in registers) - min(r.day for r in registers)).days >= 3 * 7
    assert {mark.mark for mark in db.exec(select(ActivityMark)).all()} == {"present", "late", "absent"}
    assert {course.referred_hours for course in db.exec(select(Course)).all()} >= {12.0, 4.0}
    second = runner.invoke(args=["demo"])
    assert "not seeding" in second.output
    assert len(db.exec(select(DayEntry)).all()) == entries
