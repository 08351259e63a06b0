"""Issue 17, security 6: a failed staff sign-in leaves an audit row naming the account, never what was typed."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from sqlmodel import Session, select

from app.models import AuditEvent, StaffUser
from app.services import audit
from app.services.staff import set_active
from tests.conftest import Clock
from tests.helpers import csrf_token

GUESS = "Tr0ub4dor&3 guess"


def _try(app: Flask, email: str, password: str = GUESS) -> int:
    browser = app.test_client()
    token = csrf_token(browser, "/staff/sign-in")
    return browser.post("/staff/sign-in", data={"csrf_token": token, "email": email, "password": password}).status_code


def _failed(db: Session) -> list[tuple[object, ...]]:
    rows = db.exec(select(AuditEvent).where(AuditEvent.action == "staff.sign_in", AuditEvent.outcome == "failed")
                   .order_by(AuditEvent.id)).all()
    return [(r.actor_kind, r.actor_id, r.role, r.citizen_id, r.object_type, r.object_id) for r in rows]


def test_a_wrong_password_is_audited_against_her_account(app: Flask, db: Session, make_staff: Callable[..., StaffUser]) -> None:
    user = make_staff()
    assert _try(app, user.email.upper()) == 401
    assert _failed(db) == [("anonymous", None, "", None, "staff_user", user.id)]


def test_an_unknown_email_is_audited_without_an_account_or_the_text(app: Flask, db: Session) -> None:
    assert _try(app, "nobody.at.all@example.dk") == 401
    assert _failed(db) == [("anonymous", None, "", None, "staff_user", None)]


def test_a_disabled_account_with_the_right_password_is_audited_as_failed(app: Flask, db: Session, make_staff: Callable[..., StaffUser],
                                                                          frozen_clock: Clock) -> None:
    from tests.conftest import STAFF_PASSWORD

    user = make_staff()
    set_active(db, audit.SYSTEM, user, False, frozen_clock.now)
    assert _try(app, user.email, STAFF_PASSWORD) == 401
    assert _failed(db) == [("anonymous", None, "", None, "staff_user", user.id)]


def test_no_audit_row_holds_the_typed_password_or_email(app: Flask, db: Session, make_staff: Callable[..., StaffUser]) -> None:
    user = make_staff()
    _try(app, user.email)
    _try(app, "typed.address@example.dk")
    for row in db.exec(select(AuditEvent)).all():
        text = " ".join(str(value) for value in row.model_dump().values())
        assert GUESS not in text and "typed.address" not in text and user.email not in text
