"""Staff sign-in: password, then an authenticator code; sessions live on the server."""

from __future__ import annotations

import re
from collections.abc import Callable

import pyotp
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select

from app import clock
from app.models import StaffSession, StaffUser
from app.services import audit
from app.services.staff import create_staff, set_active
from tests.conftest import STAFF_PASSWORD, Clock
from tests.helpers import csrf_token


def password_step(browser: FlaskClient, email: str, password: str = STAFF_PASSWORD) -> object:
    return browser.post("/staff/sign-in", data={"csrf_token": csrf_token(browser, "/staff/sign-in"), "email": email, "password": password})


def code_step(browser: FlaskClient, code: str) -> object:
    return browser.post("/staff/code", data={"csrf_token": csrf_token(browser, "/staff/sign-in"), "code": code})


def test_it_needs_both_password_and_code(app: Flask, make_staff: Callable[..., StaffUser], frozen_clock: Clock) -> None:
    user = make_staff()
    browser = app.test_client()
    assert password_step(browser, user.email).headers["Location"] == "/staff/code"
    assert browser.get("/c/").status_code == 302  # the password alone opens nothing
    assert code_step(browser, "000000").status_code == 401
    response = code_step(browser, pyotp.TOTP(user.totp_secret).at(frozen_clock.now))
    assert response.status_code == 303 and response.headers["Location"] == "/c/"
    cookie = browser.get_cookie("logbog_staff")
    assert cookie.http_only and cookie.same_site == "Lax"
    assert browser.get("/c/").status_code == 200


def test_it_answers_the_same_for_a_wrong_password_and_an_unknown_email(app: Flask, make_staff: Callable[..., StaffUser]) -> None:
    user = make_staff()
    wrong = password_step(app.test_client(), user.email, "not the password at all")
    unknown = password_step(app.test_client(), "nobody@example.dk")
    assert wrong.status_code == unknown.status_code == 401
    # Same page either way: it must not tell whether the account exists.
    strip = lambda html: re.sub(r'[\w-]{20,}\.[\w-]+\.[\w-]+', "", html)  # noqa: E731 - the CSRF token differs per browser
    assert strip(wrong.get_data(as_text=True)) == strip(unknown.get_data(as_text=True))


def test_it_accepts_a_code_only_once(app: Flask, make_staff: Callable[..., StaffUser], frozen_clock: Clock) -> None:
    user = make_staff()
    code = pyotp.TOTP(user.totp_secret).at(frozen_clock.now)
    first, second = app.test_client(), app.test_client()
    password_step(first, user.email)
    assert code_step(first, code).status_code == 303
    password_step(second, user.email)
    assert code_step(second, code).status_code == 401  # a replayed code


def test_it_enrols_the_authenticator_and_her_own_password_at_first_sign_in(app: Flask, db: Session, frozen_clock: Clock) -> None:
    user = create_staff(db, audit.SYSTEM, name="Ny", email="ny@example.dk", role="consultant", password="one time password!",
                        must_change_password=True, now=frozen_clock.now)
    browser = app.test_client()
    assert password_step(browser, user.email, "one time password!").headers["Location"] == "/staff/enrol"
    page = browser.get("/staff/enrol").get_data(as_text=True)
    assert "<svg" in page and 'name="new_password"' in page
    db.refresh(user)
    code = pyotp.TOTP(user.totp_secret).at(frozen_clock.now)
    token = csrf_token(browser, "/staff/enrol")
    short = browser.post("/staff/enrol", data={"csrf_token": token, "code": code, "new_password": "short", "repeat_password": "short"})
    assert short.status_code == 400
    frozen_clock.advance(seconds=30)
    code = pyotp.TOTP(user.totp_secret).at(frozen_clock.now)
    done = browser.post("/staff/enrol", data={"csrf_token": token, "code": code, "new_password": "my own long password",
                                              "repeat_password": "my own long password"})
    assert done.status_code == 303
    db.refresh(user)
    assert user.totp_confirmed_at is not None and not user.must_change_password
    assert password_step(app.test_client(), user.email, "one time password!").status_code == 401
    assert password_step(app.test_client(), user.email, "my own long password").headers["Location"] == "/staff/code"


def test_it_ends_a_session_after_30_idle_minutes(make_staff: Callable[..., StaffUser], sign_in: Callable[..., FlaskClient],
                                                 frozen_clock: Clock) -> None:
    browser = sign_in(make_staff())
    frozen_clock.advance(minutes=29)
    assert browser.get("/c/").status_code == 200
    frozen_clock.advance(minutes=29)  # used a moment ago: still alive
    assert browser.get("/c/").status_code == 200
    frozen_clock.advance(minutes=31)
    assert browser.get("/c/").status_code == 302


def test_it_ends_a_session_after_12_hours_however_busy(make_staff: Callable[..., StaffUser], sign_in: Callable[..., FlaskClient],
                                                       frozen_clock: Clock) -> None:
    browser = sign_in(make_staff())
    for _ in range(24):
        frozen_clock.advance(minutes=29)
        assert browser.get("/c/").status_code == 200
    frozen_clock.advance(minutes=29)
    assert browser.get("/c/").status_code == 302


def test_it_refuses_a_replayed_cookie_after_sign_out(app: Flask, make_staff: Callable[..., StaffUser],
                                                      sign_in: Callable[..., FlaskClient], db: Session) -> None:
    browser = sign_in(make_staff())
    stolen = browser.get_cookie("logbog_staff").value
    browser.post("/staff/sign-out", data={"csrf_token": csrf_token(browser, "/c/")})
    thief = app.test_client()
    thief.set_cookie("logbog_staff", stolen)
    assert thief.get("/c/").status_code == 302
    assert db.exec(select(StaffSession)).one().revoked_at is not None


def test_it_shuts_out_a_disabled_account_on_the_next_request(make_staff: Callable[..., StaffUser], sign_in: Callable[..., FlaskClient],
                                                              db: Session) -> None:
    user = make_staff()
    browser = sign_in(user)
    assert browser.get("/c/").status_code == 200
    set_active(db, audit.SYSTEM, user, False, clock.utcnow())
    assert browser.get("/c/").status_code == 302


def test_it_gives_a_new_session_id_at_every_sign_in(make_staff: Callable[..., StaffUser], sign_in: Callable[..., FlaskClient]) -> None:
    user = make_staff()
    assert sign_in(user).get_cookie("logbog_staff").value != sign_in(user).get_cookie("logbog_staff").value


def test_it_sends_each_role_home(make_staff: Callable[..., StaffUser], sign_in: Callable[..., FlaskClient]) -> None:
    assert sign_in(make_staff("admin")).get("/admin/").status_code == 200
    assert sign_in(make_staff("interpreter")).get("/i/").status_code == 200


def test_it_speaks_danish_to_staff(make_staff: Callable[..., StaffUser], sign_in: Callable[..., FlaskClient]) -> None:
    html = sign_in(make_staff()).get("/c/", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert '<html lang="da" dir="ltr">' in html


def test_it_makes_the_first_admin_from_the_terminal(app: Flask, db: Session) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(args=["staff", "create", "--email", "Admin@Kommune.dk", "--name", "Admin", "--role", "admin"])
    assert result.exit_code == 0, result.output
    assert "one-time password" in result.output  # printed for the very first admin only (tests/security/test_staff_first_password.py)
    user = db.exec(select(StaffUser)).one()
    assert (user.email, user.role, user.totp_confirmed_at, user.must_change_password) == ("admin@kommune.dk", "admin", None, True)
    second = runner.invoke(args=["staff", "create", "--email", "b@kommune.dk", "--name", "B", "--role", "admin"])
    assert second.exit_code != 0 and "LOGBOG_MAIL_SERVER" in second.output  # later accounts get theirs by e-mail
