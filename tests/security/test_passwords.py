"""Issue 17, security 6: common, repetitive and e-mail passwords are refused wherever one is chosen,
and a signed-in staff member changes her own password (her other sessions end)."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select

from app.models import AuditEvent, StaffSession, StaffUser
from app.services import audit
from app.services.demo import DEMO_PASSWORD
from app.services.passwords import common_passwords, password_problem
from app.services.staff import AccountError, PasswordError, check_password_rules, create_staff
from tests.conftest import STAFF_PASSWORD, Clock
from tests.helpers import csrf_token, translated

ROOT = Path(__file__).resolve().parents[2]
WEAK = ["aaaaaaaaaaaa", "password1234", "123456789012", "abababababab", "Password1234!", "iloveyou2026", "123456123456"]
GOOD = ["correct horse battery staple", "kaffe efter klokken tre", STAFF_PASSWORD, DEMO_PASSWORD]


@pytest.mark.parametrize("password", WEAK)
def test_weak_passwords_are_refused(password: str) -> None:
    with pytest.raises(PasswordError):
        check_password_rules(password, 12, "karen@example.dk")


@pytest.mark.parametrize("password", GOOD)
def test_a_good_passphrase_is_accepted(password: str) -> None:
    check_password_rules(password, 12, "karen.hansen@example.dk")


def test_each_rule_names_its_problem() -> None:
    assert password_problem("short one", 12) == "short"
    assert password_problem("x" * 300, 12) == "long"
    assert password_problem("aaaaaaaaaaaa", 12) == "repetitive"
    assert password_problem("Karen.Hansen loves tea", 12, "karen.hansen@example.dk") == "email"
    assert password_problem("password1234", 12) == "common"
    assert password_problem("a long enough passphrase", 12, "ab@example.dk") is None  # a 2-letter local part is not looked for


def test_the_list_ships_in_the_package_with_its_licence() -> None:
    assert len(common_passwords()) > 19_000 and "password" in common_passwords()
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["app"]
    for name in ("common-passwords.txt.gz", "common-passwords.LICENSE", "common-passwords.NOTICE"):
        assert f"data/{name}" in package_data and (ROOT / "app" / "data" / name).is_file()
    assert "Django Software Foundation" in (ROOT / "app" / "data" / "common-passwords.LICENSE").read_text()


def test_an_account_cannot_be_made_with_a_weak_password(db: Session, frozen_clock: Clock) -> None:
    for password in ("aaaaaaaaaaaa", "password1234", "123456789012", "anna.berg is here"):
        with pytest.raises(AccountError):
            create_staff(db, audit.SYSTEM, name="Anna", email="anna.berg@example.dk", role="consultant", password=password,
                         must_change_password=False, now=frozen_clock.now)


def test_the_terminal_makes_the_first_admin_a_password_that_passes_the_rules(app: Flask, db: Session) -> None:
    """The terminal no longer takes a password: it makes a one-time one (replaced at enrolment) that passes the rules."""
    import re

    from app.services.staff import check_password_rules

    result = app.test_cli_runner().invoke(args=["staff", "create", "--email", "first@k.dk", "--name", "A", "--role", "admin"])
    assert result.exit_code == 0, result.output
    password = re.search(r"one-time password: (\S+)", result.output).group(1)
    check_password_rules(password, 12, "first@k.dk")


def test_enrolment_refuses_a_common_password_before_the_code_is_used(app: Flask, db: Session, frozen_clock: Clock) -> None:
    user = create_staff(db, audit.SYSTEM, name="Ny", email="ny@example.dk", role="consultant", password="one time password!",
                        must_change_password=True, now=frozen_clock.now)
    browser = app.test_client()
    token = csrf_token(browser, "/staff/sign-in")
    browser.post("/staff/sign-in", data={"csrf_token": token, "email": user.email, "password": "one time password!"})
    browser.get("/staff/enrol")
    db.refresh(user)
    code = pyotp.TOTP(user.totp_secret).at(frozen_clock.now)
    refused = browser.post("/staff/enrol", data={"csrf_token": token, "code": code, "new_password": "password1234",
                                                 "repeat_password": "password1234"})
    assert refused.status_code == 400
    assert translated(app, "da", "That password is too common and easy to guess. Try a few words in a row.") in refused.get_data(as_text=True)
    db.refresh(user)
    assert user.totp_confirmed_at is None and user.totp_last_step is None  # the code was not spent


def _change(browser: FlaskClient, current: str, new: str, repeat: str | None = None) -> object:
    return browser.post("/staff/password", data={"csrf_token": csrf_token(browser, "/staff/password"), "current_password": current,
                                                 "new_password": new, "repeat_password": new if repeat is None else repeat})


def _password_step(app: Flask, email: str, password: str) -> int:
    browser = app.test_client()
    token = csrf_token(browser, "/staff/sign-in")
    return browser.post("/staff/sign-in", data={"csrf_token": token, "email": email, "password": password}).status_code


@pytest.mark.parametrize("role", ["consultant", "interpreter", "admin"])
def test_she_changes_her_password_and_her_other_sessions_end(app: Flask, db: Session, make_staff: Callable[..., StaffUser],
                                                            sign_in: Callable[..., FlaskClient], role: str) -> None:
    user = make_staff(role)
    elsewhere, here = sign_in(user), sign_in(user)
    page = here.get("/staff/password")
    assert page.status_code == 200 and 'name="current_password"' in page.get_data(as_text=True)
    home = {"consultant": "/c/", "interpreter": "/i/", "admin": "/admin/"}[role]
    assert 'href="/staff/password"' in here.get(home).get_data(as_text=True)  # linked from the top bar
    done = _change(here, STAFF_PASSWORD, "a brand new pass phrase")
    assert done.status_code == 303 and done.headers["Location"] == "/staff/password?changed=1"
    assert here.get("/staff/password?changed=1").status_code == 200  # this session lives on
    assert elsewhere.get("/staff/password").status_code == 302  # the other one ended
    assert len(db.exec(select(StaffSession).where(StaffSession.revoked_at.is_(None))).all()) == 1
    assert _password_step(app, user.email, STAFF_PASSWORD) == 401
    assert _password_step(app, user.email, "a brand new pass phrase") == 303
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "staff.password", AuditEvent.outcome == "ok",
                                            AuditEvent.object_id == user.id)).one().actor_id == user.id


def test_a_wrong_current_password_is_refused_and_audited(app: Flask, db: Session, make_staff: Callable[..., StaffUser],
                                                         sign_in: Callable[..., FlaskClient]) -> None:
    user = make_staff()
    browser = sign_in(user)
    refused = _change(browser, "not my password at all", "a brand new pass phrase")
    assert refused.status_code == 400
    assert translated(app, "da", "Your current password is not right.") in refused.get_data(as_text=True)
    assert _password_step(app, user.email, STAFF_PASSWORD) == 303
    row = db.exec(select(AuditEvent).where(AuditEvent.action == "staff.password")).one()
    assert (row.actor_id, row.object_id, row.outcome) == (user.id, user.id, "failed")


@pytest.mark.parametrize(("new", "repeat", "message"), [
    ("password1234", None, "That password is too common and easy to guess. Try a few words in a row."),
    ("aaaaaaaaaaaa", None, "That password uses too few different characters. Try a few words in a row."),
    ("short", None, "Choose a password of at least %(n)s characters."),
    ("a brand new pass phrase", "a brand new pass phrasE", "The two passwords are not the same."),
])
def test_a_weak_or_mistyped_new_password_is_refused(app: Flask, make_staff: Callable[..., StaffUser],
                                                    sign_in: Callable[..., FlaskClient], new: str, repeat: str | None,
                                                    message: str) -> None:
    user = make_staff()
    browser = sign_in(user)
    refused = _change(browser, STAFF_PASSWORD, new, repeat)
    assert refused.status_code == 400
    expected = translated(app, "da", message).replace("%(n)s", "12")
    assert expected in refused.get_data(as_text=True)
    assert _password_step(app, user.email, STAFF_PASSWORD) == 303
    assert _password_step(app, user.email, new) == 401
