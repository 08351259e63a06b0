"""Her rights: all her data (page and JSON), who looked at it, erasure with confirmation, retention."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select

from app.models import AuditEvent, Citizen, Course, DayEntry, DeviceSession, EntryRevision, StaffUser
from tests.conftest import Clock, TODAY
from tests.helpers import csrf_token, post_day


@pytest.fixture
def amina(app: Flask, db: Session, make_citizen: Callable[..., Citizen], consultant: StaffUser, activate: Callable[..., None]) -> tuple[Citizen, FlaskClient]:
    citizen = make_citizen(name="Amina Yusuf")
    citizen.consultant_id = consultant.id
    citizen.phone = "+45 11 22 33 44"
    db.add(citizen)
    db.commit()
    phone = app.test_client()
    activate(phone, citizen)
    post_day(phone, TODAY - timedelta(days=2), {"attendance": "full", "pain": "5", "note": "Dhabarkaygu wuu i xanuunay"})
    post_day(phone, TODAY - timedelta(days=2), {"attendance": "full", "pain": "6", "note": "Dhabarkaygu wuu i xanuunay aad"})
    return citizen, phone


def test_it_exports_all_her_data_without_secrets(db: Session, consultant: StaffUser, sign_in: Callable[..., FlaskClient],
                                                 amina: tuple[Citizen, FlaskClient]) -> None:
    citizen, _phone = amina
    browser = sign_in(consultant)
    response = browser.get(f"/c/citizens/{citizen.id}/data.json")
    data = json.loads(response.get_data(as_text=True))
    assert data["citizen"]["display_name"] == "Amina Yusuf" and data["citizen"]["phone"] == "+45 11 22 33 44"
    assert [e["note"] for e in data["entries"]] == ["Dhabarkaygu wuu i xanuunay aad"]
    assert len(data["entry_revisions"]) == 1 and data["devices"] and data["access_log"]
    text = response.get_data(as_text=True)
    assert "token_hash" not in text and "password" not in text and "payload_hash" not in text
    assert "Dhabarkaygu" in browser.get(f"/c/citizens/{citizen.id}/data").get_data(as_text=True)
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "citizen.export")).first() is not None


def test_the_access_extract_lists_dates_and_purposes(consultant: StaffUser, make_staff: Callable[..., StaffUser],
                                                     sign_in: Callable[..., FlaskClient], amina: tuple[Citizen, FlaskClient]) -> None:
    citizen, _phone = amina
    sign_in(consultant).get(f"/c/citizens/{citizen.id}")
    admin = sign_in(make_staff("admin"))
    extract = admin.get(f"/admin/audit/citizens/{citizen.id}").get_data(as_text=True)
    assert "citizen.read" in extract and "entry.create" in extract and "consultant" in extract
    search = admin.get(f"/admin/audit?citizen_id={citizen.id}&action=entry").get_data(as_text=True)
    assert "entry.create" in search and "citizen.read" not in search
    assert "Dhabarkaygu" not in extract + search  # the log holds no texts


def test_it_erases_only_after_the_name_is_typed(db: Session, consultant: StaffUser, sign_in: Callable[..., FlaskClient],
                                                amina: tuple[Citizen, FlaskClient]) -> None:
    citizen, phone = amina
    browser = sign_in(consultant)
    token = csrf_token(browser, "/c/")
    assert browser.post(f"/c/citizens/{citizen.id}/erase", data={"csrf_token": token, "confirm_name": "Amina"}).status_code == 422
    db.refresh(citizen)
    assert citizen.display_name == "Amina Yusuf"
    assert browser.post(f"/c/citizens/{citizen.id}/erase", data={"csrf_token": token, "confirm_name": "Amina Yusuf"}).status_code == 303
    db.expire_all()
    citizen = db.get(Citizen, citizen.id)
    assert citizen.display_name.startswith("Anonymiseret borger") and citizen.phone is None
    assert [e.note for e in db.exec(select(DayEntry)).all()] == [""] and db.exec(select(EntryRevision)).first() is None
    assert db.exec(select(DeviceSession)).first() is None
    assert phone.get("/today").status_code == 401  # her phone is out at once
    assert db.exec(select(DayEntry)).one().pain == 6  # the numbers stay, without her name


def test_the_retention_job_anonymises_after_the_period(app: Flask, db: Session, frozen_clock: Clock, amina: tuple[Citizen, FlaskClient]) -> None:
    citizen, _phone = amina
    course = db.exec(select(Course).where(Course.citizen_id == citizen.id)).one()
    runner = app.test_cli_runner()
    assert "0 would be anonymised" in runner.invoke(args=["retention", "--dry-run"]).output
    frozen_clock.now = frozen_clock.now.replace(year=course.planned_end.year + 1, month=course.planned_end.month) + timedelta(days=40)
    assert f"1 would be anonymised: {citizen.id}" in runner.invoke(args=["retention", "--dry-run"]).output
    db.expire_all()
    assert db.get(Citizen, citizen.id).display_name == "Amina Yusuf"  # a dry run changes nothing
    result = runner.invoke(args=["retention"])
    assert f"Anonymised 1" in result.output, result.output
    db.expire_all()
    assert db.get(Citizen, citizen.id).display_name.startswith("Anonymiseret borger")
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "retention.anonymise")).one().citizen_id == citizen.id
    assert "Anonymised 0" in runner.invoke(args=["retention"]).output


