"""The whole path of issue 2, in each language: create her from the terminal, scan, agree,
log a day, correct it, and see it in "my week"."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlmodel import Session, select

from app.models import AuditEvent, DayEntry, EntryRevision, StaffUser
from tests.conftest import TODAY
from tests.helpers import csrf_token, form_key, translated


@pytest.mark.parametrize(("language", "direction"), [("da", "ltr"), ("ar", "rtl"), ("ur", "rtl"), ("so", "ltr")])
def test_it_goes_from_terminal_to_my_week(app: Flask, runner: FlaskCliRunner, db: Session, make_staff: Callable[..., StaffUser],
                                          language: str, direction: str) -> None:
    consultant = make_staff("consultant")
    created = runner.invoke(args=["citizens", "create", "--name", "Test Borger", "--language", language, "--consultant", consultant.email])
    citizen_id = created.output.strip()
    runner.invoke(args=["citizens", "schedule", citizen_id, "--mon", "2", "--wed", "3", "--from", "2026-11-02"])
    runner.invoke(args=["citizens", "task", citizen_id, "--icon", "cleaning", "--label", "Rengøring"])
    url = runner.invoke(args=["citizens", "qr", citizen_id]).output.splitlines()[0]
    path = url.removeprefix("http://localhost")

    phone = app.test_client()
    welcome = phone.get(path).get_data(as_text=True)
    assert f'<html lang="{language}" dir="{direction}">' in welcome

    assert translated(app, language, "Who sees it") in welcome
    assert translated(app, language, "I understand and agree") in welcome

    agree = phone.post(path, data={"csrf_token": csrf_token(phone, path)})
    assert agree.headers["Location"] == "/today"

    today = phone.get("/today").get_data(as_text=True)
    assert translated(app, language, "Were you at work?") in today
    task_id = re.search(r'name="tasks" value="(\d+)"', today).group(1)
    token = csrf_token(phone, "/today")
    saved = phone.post(f"/day/{TODAY.isoformat()}", data={
        "csrf_token": token, "idempotency_key": form_key(today), "attendance": "full", "pain": "5",
        "difficulty": "4", "evening": "3", "breaks": "none", "tasks": task_id, "note": "ملاحظة · qoraal · note"})
    assert saved.status_code == 303

    correction = phone.get("/today").get_data(as_text=True)
    assert 'name="pain" value="5" checked' in correction
    corrected = phone.post(f"/day/{TODAY.isoformat()}", data={
        "csrf_token": token, "idempotency_key": form_key(correction), "attendance": "early", "hours_worked": "1.5",
        "early_reasons": "pain", "pain": "7", "evening": "4", "breaks": "some", "tasks": task_id, "hard_tasks": task_id})
    assert corrected.status_code == 303

    week = phone.get(corrected.headers["Location"]).get_data(as_text=True)
    assert translated(app, language, "Saved. Thank you!") in week
    assert translated(app, language, "Went home early") in week
    assert 'class="pain-chip scale-7"' in week

    entry = db.exec(select(DayEntry)).one()
    assert (entry.attendance, entry.hours_worked, entry.pain, entry.note_language) == ("early", 1.5, 7, language)
    assert len(db.exec(select(EntryRevision)).all()) == 1
    actions = [event.action for event in db.exec(select(AuditEvent).order_by(AuditEvent.id)).all()]
    assert {"activation.issue", "activation.redeem", "citizen.consent", "entry.create", "entry.update", "entry.read"} <= set(actions)
