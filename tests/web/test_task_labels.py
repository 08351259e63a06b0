"""A task the consultant named only in Danish: the setup page warns and takes her words; her interpreter may add them.

Her form shows a task without words in her language in the consultant's Danish, which she may not read. The
consultant's setup (and profile) page says so and links each such task to the field for her words; an interpreter
with a live grant for her adds them from the translation page, and nobody else can.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select

from app.models import AuditEvent, Citizen, StaffUser, Task, TaskLabel
from tests.helpers import csrf_token, translated

MISSING = "Missing: she sees the Danish words"


@pytest.fixture
def fatima(db: Session, make_citizen: Callable[..., Citizen], consultant: StaffUser) -> Citizen:
    """An Arabic-speaking woman whose two tasks have Danish words only (make_citizen adds Somali ones)."""
    citizen = make_citizen(name="Fatima", language="ar", tasks=(("cleaning", "Rengøring"), ("dishes", "Opvask")))
    citizen.consultant_id = consultant.id
    db.add(citizen)
    db.commit()
    return citizen


def _task(db: Session, label_da: str) -> Task:
    return db.exec(select(Task).where(Task.label_da == label_da)).one()


def _warning(html: str) -> str:
    match = re.search(r'<div class="notice notice-warn missing-labels" id="missing-labels">(.*?)</div></div>', html, re.S)
    return match.group(1) if match else ""


def _grant(consultant: FlaskClient, citizen: Citizen, interpreter: StaffUser) -> None:
    response = consultant.post(f"/c/citizens/{citizen.id}/grants", data={
        "csrf_token": csrf_token(consultant, "/c/"), "interpreter_id": str(interpreter.id),
        "language": citizen.preferred_language, "hours": "2"})
    assert response.status_code == 303


def test_it_warns_which_tasks_she_sees_in_danish(app: Flask, db: Session, browser: FlaskClient, fatima: Citizen) -> None:
    cleaning, dishes = _task(db, "Rengøring"), _task(db, "Opvask")
    html = browser.get(f"/c/citizens/{fatima.id}/setup").get_data(as_text=True)
    warning = _warning(html)
    assert "العربية" in warning  # her language, named
    assert f'href="#task-label-{cleaning.id}" lang="da">Rengøring</a>' in warning
    assert f'href="#task-label-{dishes.id}" lang="da">Opvask</a>' in warning
    # Each link lands on the field for her words, which says what is missing.
    assert f'id="task-label-{cleaning.id}" name="label_translated" value=""' in html
    assert f'aria-describedby="task-missing-{cleaning.id}"' in html
    assert html.count(translated(app, "da", MISSING)) == 2
    profile = browser.get(f"/c/citizens/{fatima.id}/edit").get_data(as_text=True)
    assert f'href="/c/citizens/{fatima.id}/setup#task-label-{dishes.id}"' in _warning(profile)


def test_it_says_nothing_when_her_words_are_there_or_she_reads_danish(
        db: Session, browser: FlaskClient, consultant: StaffUser, make_citizen: Callable[..., Citizen]) -> None:
    for language in ("so", "da"):  # make_citizen gives the tasks Somali words
        woman = make_citizen(name=f"Woman {language}", language=language)
        woman.consultant_id = consultant.id
        db.add(woman)
        db.commit()
        html = browser.get(f"/c/citizens/{woman.id}/setup").get_data(as_text=True)
        assert 'id="missing-labels"' not in html and "task-missing-" not in html


def test_a_retired_task_needs_no_words(db: Session, browser: FlaskClient, fatima: Citizen) -> None:
    dishes = _task(db, "Opvask")
    token = csrf_token(browser, "/c/")
    assert browser.post(f"/c/citizens/{fatima.id}/tasks/{dishes.id}", data={"csrf_token": token, "action": "retire"}).status_code == 303
    warning = _warning(browser.get(f"/c/citizens/{fatima.id}/setup").get_data(as_text=True))
    assert "Rengøring" in warning and "Opvask" not in warning


def test_the_consultant_enters_her_words_on_the_setup_page(app: Flask, db: Session, browser: FlaskClient, fatima: Citizen,
                                                           activate: Callable[..., None]) -> None:
    cleaning = _task(db, "Rengøring")
    response = browser.post(f"/c/citizens/{fatima.id}/tasks/{cleaning.id}", data={
        "csrf_token": csrf_token(browser, "/c/"), "action": "save", "icon": "cleaning", "label_da": "Rengøring",
        "label_translated": "تنظيف"})
    assert response.status_code == 303
    warning = _warning(browser.get(f"/c/citizens/{fatima.id}/setup").get_data(as_text=True))
    assert "Rengøring" not in warning and "Opvask" in warning
    phone = app.test_client()
    activate(phone, fatima)
    today = phone.get("/today").get_data(as_text=True)
    assert "تنظيف" in today and "Rengøring" not in today


def test_her_interpreter_adds_her_words_and_the_warning_goes(
        db: Session, browser: FlaskClient, fatima: Citizen, make_staff: Callable[..., StaffUser],
        sign_in: Callable[..., FlaskClient]) -> None:
    tolk = make_staff("interpreter", name="Tolk Tarek")
    _grant(browser, fatima, tolk)
    interpreter = sign_in(tolk)
    page = interpreter.get(f"/i/citizens/{fatima.id}/translate").get_data(as_text=True)
    dishes = _task(db, "Opvask")
    assert f'aria-describedby="task-missing-{dishes.id}"' in page  # the interpreter sees which words are missing too
    response = interpreter.post(f"/i/citizens/{fatima.id}/tasks/{dishes.id}", data={
        "csrf_token": csrf_token(interpreter, "/i/"), "label": "غسل الصحون"})
    assert response.status_code == 303
    label = db.exec(select(TaskLabel).where(TaskLabel.task_id == dishes.id, TaskLabel.language == "ar")).one()
    assert (label.text, label.translated_by_id) == ("غسل الصحون", tolk.id)
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "task.update", AuditEvent.actor_id == tolk.id,
                                             AuditEvent.object_type == "task")).one()
    assert (event.role, event.citizen_id, event.object_id, event.outcome) == ("interpreter", fatima.id, dishes.id, "ok")
    warning = _warning(browser.get(f"/c/citizens/{fatima.id}/setup").get_data(as_text=True))
    assert "Opvask" not in warning and "Rengøring" in warning


def test_another_interpreter_cannot_add_her_words(
        db: Session, browser: FlaskClient, fatima: Citizen, consultant: StaffUser, make_citizen: Callable[..., Citizen],
        make_staff: Callable[..., StaffUser], sign_in: Callable[..., FlaskClient]) -> None:
    hodan = make_citizen(name="Hodan", language="ar", tasks=(("laundry", "Vasketøj"),))
    hodan.consultant_id = consultant.id
    db.add(hodan)
    db.commit()
    hers, other = make_staff("interpreter", name="Tolk Tarek"), make_staff("interpreter", name="Tolk Omar")
    _grant(browser, fatima, hers)
    _grant(browser, hodan, other)
    dishes = _task(db, "Opvask")
    outsider = sign_in(other)
    token = csrf_token(outsider, "/i/")
    assert outsider.get(f"/i/citizens/{fatima.id}/translate").status_code == 404
    assert outsider.post(f"/i/citizens/{fatima.id}/tasks/{dishes.id}", data={"csrf_token": token, "label": "x"}).status_code == 404
    # Her own grant does not reach another woman's task through her woman's address either.
    helper = sign_in(hers)
    laundry = _task(db, "Vasketøj")
    assert helper.post(f"/i/citizens/{fatima.id}/tasks/{laundry.id}",
                       data={"csrf_token": csrf_token(helper, "/i/"), "label": "x"}).status_code == 404
    assert db.exec(select(TaskLabel).where(TaskLabel.language == "ar")).all() == []
    denied = db.exec(select(AuditEvent).where(AuditEvent.actor_id == other.id, AuditEvent.action == "task.update")).one()
    assert (denied.citizen_id, denied.outcome) == (fatima.id, "denied")
