"""The admin: staff accounts and caseloads, no health data."""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select

from app.models import Citizen, StaffUser
from tests.helpers import csrf_token
from tests.security.test_admin_health_data import LONG_AGO
from tests.smtp import Mailbox


def post(browser: FlaskClient, url: str, data: dict[str, object]) -> object:
    return browser.post(url, data={"csrf_token": csrf_token(browser, "/admin/"), **data})


def test_it_makes_an_account_and_mails_her_the_one_time_password(app: Flask, db: Session, make_staff: Callable[..., StaffUser],
                                                                 sign_in: Callable[..., FlaskClient], mailbox: Mailbox) -> None:
    admin = sign_in(make_staff("admin"))
    response = post(admin, "/admin/staff", {"name": "Tolk T", "email": "tolk@kommune.dk", "role": "interpreter"})
    assert response.status_code == 200
    password = re.search(r":\s*([A-Za-z0-9_-]{16})\s*$", mailbox.messages[0].body, re.MULTILINE).group(1)
    assert password not in response.get_data(as_text=True)
    user = db.exec(select(StaffUser).where(StaffUser.email == "tolk@kommune.dk")).one()
    assert user.must_change_password and user.totp_confirmed_at is None and len(password) >= 12
    browser = app.test_client()
    first = browser.post("/staff/sign-in", data={"csrf_token": csrf_token(browser, "/staff/sign-in"), "email": "tolk@kommune.dk",
                                                 "password": password})
    assert first.headers["Location"] == "/staff/enrol"
    assert post(admin, "/admin/staff", {"name": "X", "email": "tolk@kommune.dk", "role": "interpreter"}).status_code == 422
    assert post(admin, "/admin/staff", {"name": "X", "email": "x@kommune.dk", "role": "superuser"}).status_code == 422
    assert len(mailbox.messages) == 1


def test_it_disables_an_account_and_its_sessions_end(make_staff: Callable[..., StaffUser], sign_in: Callable[..., FlaskClient]) -> None:
    consultant = make_staff("consultant")
    consultant_browser = sign_in(consultant)
    admin = sign_in(make_staff("admin"))
    assert post(admin, f"/admin/staff/{consultant.id}/active", {"active": "0"}).status_code == 303
    assert consultant_browser.get("/c/").status_code == 302


def test_it_moves_a_woman_to_another_caseload(db: Session, make_staff: Callable[..., StaffUser], sign_in: Callable[..., FlaskClient],
                                              make_citizen: Callable[..., Citizen]) -> None:
    # Both consultants made long ago and signed in: a move between established accounts applies at once.
    first, second = make_staff("consultant", created_at=LONG_AGO), make_staff("consultant", created_at=LONG_AGO)
    first_browser, second_browser = sign_in(first), sign_in(second)
    citizen = make_citizen(name="Deeqa")
    citizen.consultant_id = first.id
    db.add(citizen)
    db.commit()
    admin = sign_in(make_staff("admin"))
    assert post(admin, f"/admin/caseloads/{citizen.id}", {"consultant_id": str(second.id)}).status_code == 303
    assert "Deeqa" in second_browser.get("/c/").get_data(as_text=True)
    assert "Deeqa" not in first_browser.get("/c/").get_data(as_text=True)
    interpreter = make_staff("interpreter")
    assert post(admin, f"/admin/caseloads/{citizen.id}", {"consultant_id": str(interpreter.id)}).status_code == 404
