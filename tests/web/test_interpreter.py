"""Interpreters: with a live grant she helps in the woman's language; without one she sees nothing."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select

from app.models import AuditEvent, Citizen, DayEntry, EntryRevision, InterpreterGrant, NoteTranslation, StaffUser, TaskLabel
from tests.conftest import Clock, TODAY
from tests.helpers import csrf_token, form_key, post_day, translated

MONDAY = date(2026, 11, 16)


@dataclass
class Scene:
    citizen: Citizen
    other: Citizen
    consultant: FlaskClient
    interpreter: FlaskClient
    interpreter_user: StaffUser


@pytest.fixture
def scene(app: Flask, db: Session, make_citizen: Callable[..., Citizen], make_staff: Callable[..., StaffUser],
          sign_in: Callable[..., FlaskClient], activate: Callable[..., None]) -> Scene:
    consultant_user, interpreter_user = make_staff("consultant"), make_staff("interpreter", name="Tolk Tarek")
    citizen = make_citizen(name="Fatima", language="ar")
    other = make_citizen(name="Hodan", language="so")
    for woman in (citizen, other):
        woman.consultant_id = consultant_user.id
        db.add(woman)
    db.commit()
    phone = app.test_client()
    activate(phone, citizen)
    post_day(phone, MONDAY, {"attendance": "early", "hours_worked": "1.5", "early_reasons": "pain", "pain": "7", "evening": "4",
                             "note": "ظهري يؤلمني كثيرا"})
    return Scene(citizen, other, sign_in(consultant_user), sign_in(interpreter_user), interpreter_user)


def grant(scene: Scene, hours: str = "2", citizen: Citizen | None = None) -> None:
    who = citizen or scene.citizen
    response = scene.consultant.post(f"/c/citizens/{who.id}/grants", data={
        "csrf_token": csrf_token(scene.consultant, "/c/"), "interpreter_id": str(scene.interpreter_user.id),
        "language": who.preferred_language, "hours": hours})
    assert response.status_code == 303


def interpreter_pages(scene: Scene, citizen: Citizen) -> list[str]:
    return [f"/i/citizens/{citizen.id}", f"/i/citizens/{citizen.id}/translate", f"/i/citizens/{citizen.id}/day/{TODAY.isoformat()}"]


def test_it_shows_nothing_without_a_grant(scene: Scene) -> None:
    for path in interpreter_pages(scene, scene.citizen):
        assert scene.interpreter.get(path).status_code == 404
    assert "Fatima" not in scene.interpreter.get("/i/").get_data(as_text=True)


def test_it_opens_her_log_in_two_languages_with_a_live_grant(app: Flask, scene: Scene) -> None:
    grant(scene)
    assert "Fatima" in scene.interpreter.get("/i/").get_data(as_text=True)
    html = scene.interpreter.get(f"/i/citizens/{scene.citizen.id}").get_data(as_text=True)
    question_da = translated(app, "da", "How much pain did you have that day?")
    question_ar = translated(app, "ar", "How much pain did you have that day?")
    assert re.search(r'<td lang="da" dir="ltr">' + re.escape(question_da) + "</td>", html)
    assert re.search(r'<td lang="ar" dir="rtl">' + re.escape(question_ar) + "</td>", html)
    assert translated(app, "ar", "Yes, but I went home early") in html and translated(app, "da", "Yes, but I went home early") in html
    assert "ظهري يؤلمني كثيرا" in html
    for path in interpreter_pages(scene, scene.citizen):
        assert scene.interpreter.get(path).status_code == 200, path


def test_it_fills_in_a_day_with_her_and_records_who_helped(db: Session, scene: Scene) -> None:
    grant(scene)
    url = f"/i/citizens/{scene.citizen.id}/day/{TODAY.isoformat()}"
    page = scene.interpreter.get(url).get_data(as_text=True)
    assert '<div class="her-form" lang="ar" dir="rtl">' in page
    response = scene.interpreter.post(url, data={"csrf_token": csrf_token(scene.interpreter, "/i/"), "idempotency_key": form_key(page),
                                                 "attendance": "full", "pain": "5", "evening": "2", "confirmed": "1"})
    assert response.status_code == 303
    entry = db.exec(select(DayEntry).where(DayEntry.day == TODAY)).one()
    assert (entry.entered_by, entry.entered_by_staff_id, entry.note_language, entry.confirmed_by_citizen) == (
        "interpreter", scene.interpreter_user.id, "ar", True)


def test_it_corrects_a_day_with_her_and_keeps_the_old_version(db: Session, scene: Scene) -> None:
    grant(scene)
    url = f"/i/citizens/{scene.citizen.id}/day/{MONDAY.isoformat()}"
    page = scene.interpreter.get(url).get_data(as_text=True)
    assert 'name="pain" value="7" checked' in page
    response = scene.interpreter.post(url, data={"csrf_token": csrf_token(scene.interpreter, "/i/"), "idempotency_key": form_key(page),
                                                 "attendance": "early", "hours_worked": "1.5", "early_reasons": "pain", "pain": "8",
                                                 "evening": "4", "note": "ظهري يؤلمني كثيرا"})
    assert response.status_code == 303
    entry = db.exec(select(DayEntry).where(DayEntry.day == MONDAY)).one()
    assert (entry.pain, entry.entered_by, entry.confirmed_by_citizen) == (8, "interpreter", False)
    revision = db.exec(select(EntryRevision)).one()
    assert '"entered_by": "self"' in revision.old_values and '"pain": 7' in revision.old_values


def test_her_note_reaches_the_consultant_in_danish(db: Session, scene: Scene) -> None:
    grant(scene)
    queue = scene.interpreter.get(f"/i/citizens/{scene.citizen.id}/translate").get_data(as_text=True)
    entry = db.exec(select(DayEntry)).one()
    assert "ظهري يؤلمني كثيرا" in queue
    response = scene.interpreter.post(f"/i/citizens/{scene.citizen.id}/notes/{entry.id}", data={
        "csrf_token": csrf_token(scene.interpreter, "/i/"), "text_da": "Min ryg gør meget ondt"})
    assert response.status_code == 303
    assert "ظهري يؤلمني كثيرا" not in scene.interpreter.get(f"/i/citizens/{scene.citizen.id}/translate").get_data(as_text=True)
    timeline = scene.consultant.get(f"/c/citizens/{scene.citizen.id}").get_data(as_text=True)
    assert "ظهري يؤلمني كثيرا" in timeline and "Min ryg gør meget ondt" in timeline and "Tolk Tarek" in timeline
    assert db.exec(select(NoteTranslation)).one().source_text == "ظهري يؤلمني كثيرا"


def test_it_gives_her_tasks_words_in_her_language(app: Flask, db: Session, scene: Scene, activate: Callable[..., None]) -> None:
    grant(scene)
    task_id = re.search(r'/tasks/(\d+)"', scene.interpreter.get(f"/i/citizens/{scene.citizen.id}/translate").get_data(as_text=True)).group(1)
    response = scene.interpreter.post(f"/i/citizens/{scene.citizen.id}/tasks/{task_id}", data={
        "csrf_token": csrf_token(scene.interpreter, "/i/"), "label": "تنظيف"})
    assert response.status_code == 303
    label = db.exec(select(TaskLabel).where(TaskLabel.language == "ar")).one()
    assert (label.text, label.translated_by_id) == ("تنظيف", scene.interpreter_user.id)
    phone = app.test_client()
    activate(phone, scene.citizen)
    assert "تنظيف" in phone.get("/today").get_data(as_text=True)


def test_it_shuts_her_out_the_moment_a_grant_expires(scene: Scene, frozen_clock: Clock, make_staff: Callable[..., StaffUser],
                                                     sign_in: Callable[..., FlaskClient]) -> None:
    grant(scene, hours="1")
    for _ in range(3):  # she keeps working (her own session stays alive) until the hour is over
        assert scene.interpreter.get(f"/i/citizens/{scene.citizen.id}").status_code == 200
        frozen_clock.advance(minutes=20)
    frozen_clock.advance(minutes=1)
    for path in interpreter_pages(scene, scene.citizen):
        assert scene.interpreter.get(path).status_code == 404


def test_it_shuts_her_out_the_moment_a_grant_is_revoked(db: Session, scene: Scene) -> None:
    grant(scene, hours="48")
    assert scene.interpreter.get(f"/i/citizens/{scene.citizen.id}").status_code == 200
    grant_id = db.exec(select(InterpreterGrant)).one().id
    response = scene.consultant.post(f"/c/citizens/{scene.citizen.id}/grants/{grant_id}/revoke",
                                     data={"csrf_token": csrf_token(scene.consultant, "/c/")})
    assert response.status_code == 303
    entry = db.exec(select(DayEntry)).one()
    token = csrf_token(scene.interpreter, "/i/")
    assert scene.interpreter.get(f"/i/citizens/{scene.citizen.id}").status_code == 404
    assert scene.interpreter.post(f"/i/citizens/{scene.citizen.id}/notes/{entry.id}",
                                  data={"csrf_token": token, "text_da": "x"}).status_code == 404
    actions = [e.action for e in db.exec(select(AuditEvent).where(AuditEvent.object_type == "interpreter_grant")).all()]
    assert actions == ["grant.create", "grant.revoke"]
    denied = db.exec(select(AuditEvent).where(AuditEvent.actor_id == scene.interpreter_user.id, AuditEvent.outcome == "denied")).all()
    assert denied  # the refused uses are audited too


def test_a_grant_for_one_woman_opens_nothing_of_another(scene: Scene) -> None:
    grant(scene)
    for path in interpreter_pages(scene, scene.other):
        assert scene.interpreter.get(path).status_code == 404
    assert scene.interpreter.get("/c/").status_code == 404  # and never the consultant's pages


def test_it_limits_grants_to_a_few_days(db: Session, scene: Scene) -> None:
    response = scene.consultant.post(f"/c/citizens/{scene.citizen.id}/grants", data={
        "csrf_token": csrf_token(scene.consultant, "/c/"), "interpreter_id": str(scene.interpreter_user.id), "language": "ar",
        "hours": "500"})
    assert response.status_code == 422
    assert db.exec(select(InterpreterGrant)).first() is None


