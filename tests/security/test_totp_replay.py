"""Issue 17, security 6: an authenticator code opens one session only, even when two requests race with it,
and a reused code says so (with its own audit row) instead of "did not work"."""

from __future__ import annotations

from collections.abc import Callable

import pyotp
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from app.models import AuditEvent, StaffUser
from app.services.staff import CodeResult, verify_code
from tests.conftest import STAFF_PASSWORD, Clock
from tests.helpers import csrf_token, translated

REUSED = "That code was already used. Wait until your app shows a new code and type that one."
WRONG = "That code did not work. Type the 6 digits your app shows now."


def _password_step(app: Flask, user: StaffUser) -> tuple[FlaskClient, str]:
    browser = app.test_client()
    token = csrf_token(browser, "/staff/sign-in")
    assert browser.post("/staff/sign-in", data={"csrf_token": token, "email": user.email,
                                                "password": STAFF_PASSWORD}).status_code == 303
    return browser, token


def test_two_sessions_that_read_the_account_before_either_wrote_accept_a_code_once(
        engine: Engine, make_staff: Callable[..., StaffUser], frozen_clock: Clock) -> None:
    user = make_staff()
    code = pyotp.TOTP(user.totp_secret).at(frozen_clock.now)
    with Session(engine, expire_on_commit=False) as first, Session(engine, expire_on_commit=False) as second:
        # Both requests have loaded her row, neither has used a code yet: the race two parallel POSTs run.
        mine, theirs = first.get(StaffUser, user.id), second.get(StaffUser, user.id)
        assert mine.totp_last_step is None and theirs.totp_last_step is None
        results = [verify_code(first, mine, code, frozen_clock.now), verify_code(second, theirs, code, frozen_clock.now)]
    assert results == [CodeResult.ACCEPTED, CodeResult.REUSED]


def test_a_code_is_accepted_once_and_the_step_is_stored(db: Session, make_staff: Callable[..., StaffUser],
                                                        frozen_clock: Clock) -> None:
    user = make_staff(totp_confirmed_at=None)
    code = pyotp.TOTP(user.totp_secret).at(frozen_clock.now)
    assert verify_code(db, user, "123", frozen_clock.now) is CodeResult.WRONG
    assert verify_code(db, user, code, frozen_clock.now) is CodeResult.ACCEPTED
    assert user.totp_confirmed_at is not None and user.totp_last_step == int(frozen_clock.now.timestamp()) // 30
    assert verify_code(db, user, code, frozen_clock.now) is CodeResult.REUSED
    frozen_clock.advance(seconds=30)
    assert verify_code(db, user, pyotp.TOTP(user.totp_secret).at(frozen_clock.now), frozen_clock.now) is CodeResult.ACCEPTED


def test_a_reused_code_says_so_and_a_wrong_one_says_it_did_not_work(app: Flask, db: Session, make_staff: Callable[..., StaffUser],
                                                                    frozen_clock: Clock) -> None:
    user = make_staff()
    code = pyotp.TOTP(user.totp_secret).at(frozen_clock.now)
    first, token = _password_step(app, user)
    assert first.post("/staff/code", data={"csrf_token": token, "code": code}).status_code == 303
    second, token = _password_step(app, user)
    reused = second.post("/staff/code", data={"csrf_token": token, "code": code})
    assert reused.status_code == 401
    html = reused.get_data(as_text=True)
    assert translated(app, "da", REUSED) in html and translated(app, "da", WRONG) not in html
    wrong = second.post("/staff/code", data={"csrf_token": token, "code": "000000" if code != "000000" else "111111"})
    assert wrong.status_code == 401
    html = wrong.get_data(as_text=True)
    assert translated(app, "da", WRONG) in html and translated(app, "da", REUSED) not in html


def test_a_wrong_or_reused_code_writes_an_audit_row_naming_her(app: Flask, db: Session, make_staff: Callable[..., StaffUser],
                                                               frozen_clock: Clock) -> None:
    user = make_staff()
    code = pyotp.TOTP(user.totp_secret).at(frozen_clock.now)
    first, token = _password_step(app, user)
    first.post("/staff/code", data={"csrf_token": token, "code": code})
    second, token = _password_step(app, user)
    second.post("/staff/code", data={"csrf_token": token, "code": code})
    second.post("/staff/code", data={"csrf_token": token, "code": "000000" if code != "000000" else "111111"})
    rows = db.exec(select(AuditEvent).where(AuditEvent.action == "staff.code").order_by(AuditEvent.id)).all()
    assert [(r.actor_kind, r.actor_id, r.role, r.object_type, r.object_id, r.outcome) for r in rows] == [
        ("staff", user.id, "consultant", "staff_user", user.id, "reused"),
        ("staff", user.id, "consultant", "staff_user", user.id, "failed"),
    ]
