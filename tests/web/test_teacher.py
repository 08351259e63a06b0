"""The teacher: signs in as staff do and lands on their own home, sees only the groups and sessions they lead, and takes
a session's register in one screen; the consultant of a woman in it opens and corrects the same register."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, func, select

from app.models import ActivityRegister, ActivityRegisterRevision, Citizen, StaffUser
from tests.conftest import STAFF_PASSWORD, TODAY, Clock
from tests.helpers import csrf_token, translated
from tests.registers_world import personal_series, teaching_group
from tests.smtp import Mailbox

MONDAY = date(2026, 11, 16)


@pytest.fixture
def world(db: Session, make_citizen: Callable[..., Citizen], make_staff: Callable[..., StaffUser], consultant: StaffUser) -> dict:
    teacher, stranger, other = make_staff("teacher", name="Tove Lærer"), make_staff("teacher"), make_staff("consultant")
    fatima, amina = make_citizen(name="Fatima Ali", language="ar"), make_citizen(name="Amina Yusuf")
    fatima.consultant_id = consultant.id
    db.add(fatima)
    db.commit()
    _group, series = teaching_group(db, "Hold A", [teacher.id], [fatima.id, amina.id], consultant.id)
    _other_group, other_series = teaching_group(db, "Hold B", [stranger.id], [make_citizen(name="Hodan").id], other.id, title="Syning")
    physio = personal_series(db, fatima.id, consultant.id, leader_id=teacher.id)
    return {"teacher": teacher, "stranger": stranger, "other": other, "fatima": fatima, "amina": amina, "series": series,
            "other_series": other_series, "physio": physio}


def _post(browser: FlaskClient, url: str, data: dict[str, str]) -> object:
    page = browser.get(url)
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page.get_data(as_text=True))
    return browser.post(url, data={"csrf_token": csrf_token(browser, "/language"),
                                   "idempotency_key": key.group(1) if key else "k", **data})


def test_it_signs_a_teacher_in_to_their_own_home(app: Flask, world: dict, frozen_clock: Clock) -> None:
    teacher = world["teacher"]
    browser = app.test_client()
    token = csrf_token(browser, "/staff/sign-in")
    assert browser.post("/staff/sign-in", data={"csrf_token": token, "email": teacher.email, "password": STAFF_PASSWORD}).status_code == 303
    landed = browser.post("/staff/code", data={"csrf_token": token, "code": pyotp.TOTP(teacher.totp_secret).at(frozen_clock.now)})
    assert landed.status_code == 303 and landed.headers["Location"] == "/t/"
    home = browser.get("/t/")
    text = home.get_data(as_text=True)
    assert home.status_code == 200 and 'lang="da"' in text
    assert "Hold A" in text and "Jobsøgning" in text and f"/t/sessions/{world['series'].id}/{MONDAY.isoformat()}" in text
    assert "Hold B" not in text and "Syning" not in text and "Fysioterapi" not in text  # another group; her treatment


def test_it_takes_the_register_in_one_screen(sign_in: Callable[..., FlaskClient], db: Session, world: dict) -> None:
    browser = sign_in(world["teacher"])
    url = f"/t/sessions/{world['series'].id}/{MONDAY.isoformat()}"
    page = browser.get(url).get_data(as_text=True)
    assert "Fatima" in page and "Amina" in page and "Ali" not in page and "Yusuf" not in page  # first names only
    assert page.count('value="present" checked') == 2
    amina = world["amina"].id
    saved = _post(browser, url, {f"mark-{amina}": "absent", f"reason-{amina}": "ill", f"mark-{world['fatima'].id}": "present"})
    assert saved.status_code == 303 and saved.headers["Location"].endswith(f"{url}?saved=1")
    again = browser.get(saved.headers["Location"]).get_data(as_text=True)
    assert 'role="status"' in again and 'value="absent" checked' in again and 'value="ill" selected' in again
    assert "Tove Lærer" in again


def test_it_refuses_with_a_message_and_keeps_what_was_tapped(app: Flask, sign_in: Callable[..., FlaskClient], db: Session,
                                                             world: dict) -> None:
    browser = sign_in(world["teacher"])
    amina, series = world["amina"].id, world["series"].id
    future = f"/t/sessions/{series}/{(TODAY + timedelta(days=5)).isoformat()}"
    assert translated(app, "da", "This session has not happened yet: take the register on the day.") in \
        browser.get(future).get_data(as_text=True)
    refused = _post(browser, future, {f"mark-{amina}": "late", f"reason-{amina}": "transport"})
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'role="alert"' in text and translated(app, "da", "This session has not happened yet.") in text
    assert 'value="late" checked' in text and 'value="transport" selected' in text
    tuesday = f"/t/sessions/{series}/{(MONDAY + timedelta(days=1)).isoformat()}"
    assert browser.get(tuesday).status_code == 404
    assert _post(browser, tuesday, {}).status_code == 422
    stranger = _post(browser, f"/t/sessions/{series}/{MONDAY.isoformat()}", {"mark-999999": "absent"})
    assert stranger.status_code == 422 and translated(app, "da", "Someone in the register is not in this session.") in stranger.get_data(as_text=True)
    assert db.exec(select(func.count()).select_from(ActivityRegister)).one() == 0


def test_it_saves_a_retried_post_once(sign_in: Callable[..., FlaskClient], db: Session, world: dict) -> None:
    browser = sign_in(world["teacher"])
    url = f"/t/sessions/{world['series'].id}/{MONDAY.isoformat()}"
    data = {"csrf_token": csrf_token(browser, "/language"), "idempotency_key": "3f1c1a52-0000-4000-8000-000000000001",
            f"mark-{world['amina'].id}": "late"}
    assert browser.post(url, data=data).status_code == 303
    assert browser.post(url, data=data).status_code == 303
    assert db.exec(select(func.count()).select_from(ActivityRegister)).one() == 1
    assert db.exec(select(func.count()).select_from(ActivityRegisterRevision)).one() == 0


def test_a_teacher_sees_nothing_else(sign_in: Callable[..., FlaskClient], world: dict) -> None:
    browser = sign_in(world["teacher"])
    fatima = world["fatima"].id
    assert browser.get(f"/t/sessions/{world['other_series'].id}/{MONDAY.isoformat()}").status_code == 404
    assert browser.get(f"/t/sessions/{world['physio'].id}/{TODAY.isoformat()}").status_code == 404  # her treatment
    assert browser.get("/t/sessions/999999/2026-11-16").status_code == 404
    assert browser.get(f"/t/sessions/{world['series'].id}/not-a-day").status_code == 404
    for url in ("/c/", f"/c/citizens/{fatima}", f"/c/citizens/{fatima}/report", f"/i/citizens/{fatima}", "/admin/",
                f"/c/sessions/{world['series'].id}/{MONDAY.isoformat()}"):
        assert browser.get(url).status_code == 404, url


def test_her_consultant_corrects_the_register_and_another_consultant_cannot(sign_in: Callable[..., FlaskClient], db: Session,
                                                                             world: dict, consultant: StaffUser) -> None:
    teacher, mine = sign_in(world["teacher"]), sign_in(consultant)
    fatima, series = world["fatima"].id, world["series"].id
    _post(teacher, f"/t/sessions/{series}/{MONDAY.isoformat()}", {f"mark-{fatima}": "absent"})
    url = f"/c/sessions/{series}/{MONDAY.isoformat()}"
    corrected = _post(mine, url, {f"mark-{fatima}": "late", f"reason-{fatima}": "child_ill"})
    assert corrected.status_code == 303
    text = mine.get(url).get_data(as_text=True)
    assert "Karen Konsulent" in text and 'value="late" checked' in text
    assert db.exec(select(func.count()).select_from(ActivityRegister)).one() == 1
    assert db.exec(select(func.count()).select_from(ActivityRegisterRevision)).one() == 1
    assert "Karen Konsulent" in teacher.get(f"/t/sessions/{series}/{MONDAY.isoformat()}").get_data(as_text=True)
    other = sign_in(world["other"])
    assert other.get(url).status_code == 404 and _post(other, url, {}).status_code == 404
    assert mine.get(f"/c/sessions/{world['other_series'].id}/{MONDAY.isoformat()}").status_code == 404
    assert mine.get(f"/c/sessions/{world['physio'].id}/{TODAY.isoformat()}").status_code == 200  # her own woman's treatment


def test_the_admin_makes_a_teacher_account(app: Flask, db: Session, make_staff: Callable[..., StaffUser],
                                           sign_in: Callable[..., FlaskClient], mailbox: Mailbox) -> None:
    admin = sign_in(make_staff("admin"))
    assert 'value="teacher"' in admin.get("/admin/").get_data(as_text=True)
    made = admin.post("/admin/staff", data={"csrf_token": csrf_token(admin, "/admin/"), "name": "Tove", "email": "tove@kommune.dk",
                                            "role": "teacher"})
    assert made.status_code == 200
    assert db.exec(select(StaffUser.role).where(StaffUser.email == "tove@kommune.dk")).one() == "teacher"


def test_her_consultant_finds_the_registers_of_her_women(app: Flask, sign_in: Callable[..., FlaskClient], world: dict,
                                                          consultant: StaffUser) -> None:
    mine = sign_in(consultant).get("/c/sessions").get_data(as_text=True)
    assert f"/c/sessions/{world['series'].id}/{MONDAY.isoformat()}" in mine and "Hold A" in mine and "Fysioterapi" in mine
    assert "Hold B" not in mine and "Syning" not in mine
    other = sign_in(world["other"]).get("/c/sessions").get_data(as_text=True)
    assert "Hold A" not in other and "Fysioterapi" not in other and \
        translated(app, "da", "None of your women has a session in these days.") in other
