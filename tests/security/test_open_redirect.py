"""Issue 17, security 1: `next` never sends a browser off the site, through the staff sign-in or the language switch.

Werkzeug drops a tab from a Location header, so `/\t/evil.example` went out as `//evil.example`;
a newline gave a 500 after the authenticator code was accepted, leaving a session row without a cookie.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, func, select

from app.models import StaffSession, StaffUser
from app.web.redirects import safe_next
from tests.conftest import STAFF_PASSWORD, Clock
from tests.helpers import csrf_token

BAD_NEXT = [
    "/\t/evil.example/x", "/\r/evil.example/x", "/\n/evil.example/x", "/\x00/evil.example/x", "/\r\nSet-Cookie: x=1",
    "/\u00a0/evil.example/x", "/\u2028/evil.example/x", "/\u3000/evil.example/x", "/\u200b/evil.example/x",
    "/\\evil.example", "/\\/evil.example", "//evil.example", "///evil.example", "/%2F/evil.example", "/%2f%2fevil.example",
    "/%5Cevil.example", "/%09/evil.example", "https://evil.example", "http:/evil.example", "javascript:alert(1)",
    "evil.example", " /evil", "",
]
IDS = [repr(target)[1:-1][:24] or "empty" for target in BAD_NEXT]
#: A NUL byte is refused with 400 before any view runs (app/web/security.py): nothing redirects at all.
THROUGH_VIEWS = [pytest.param(target, id=name) for target, name in zip(BAD_NEXT, IDS) if "\x00" not in target]


def _assert_local(response: object) -> str:
    status = response.status_code  # type: ignore[attr-defined]
    assert status == 303, status
    location = response.headers["Location"]  # type: ignore[attr-defined]
    parts = urlsplit(location)
    assert location.startswith("/") and not location.startswith("//") and "\\" not in location, location
    assert not parts.scheme and not parts.netloc, location
    return location


def _full_sign_in(app: Flask, user: StaffUser, clock: Clock, target: str) -> object:
    """The staff sign-in from a link carrying `next`: the page, the password (with the form's `next`), the code."""
    browser = app.test_client()
    page = browser.get("/staff/sign-in", query_string={"next": target})
    assert page.status_code == 200
    token = csrf_token(browser, "/staff/sign-in")
    # The raw value, as a crafted form would post it (the page itself drops a bad one already).
    answer = browser.post("/staff/sign-in", data={"csrf_token": token, "email": user.email, "password": STAFF_PASSWORD,
                                                  "next": target})
    assert answer.status_code == 303
    return browser.post("/staff/code", data={"csrf_token": token, "code": pyotp.TOTP(user.totp_secret).at(clock.now)})


@pytest.mark.parametrize("target", BAD_NEXT, ids=IDS)
def test_the_helper_refuses_anything_but_a_local_path(target: str) -> None:
    assert safe_next(target) is None


@pytest.mark.parametrize("target", ["/c/citizens/1?x=1", "/c/?q=Pia%20Hansen", "/", "/i/citizens/2/day/2026-11-18"])
def test_the_helper_keeps_a_local_path(target: str) -> None:
    assert safe_next(target) == target


@pytest.mark.parametrize("target", THROUGH_VIEWS)
def test_a_staff_sign_in_never_redirects_off_the_site(app: Flask, db: Session, make_staff: Callable[..., StaffUser],
                                                      frozen_clock: Clock, target: str) -> None:
    user = make_staff()
    response = _full_sign_in(app, user, frozen_clock, target)
    assert _assert_local(response) == "/c/"  # the home page instead
    assert db.exec(select(func.count()).select_from(StaffSession)).one() == 1


def test_a_nul_in_next_is_refused_before_any_redirect(app: Flask, db: Session, make_staff: Callable[..., StaffUser],
                                                      client: FlaskClient) -> None:
    user = make_staff()
    token = csrf_token(client, "/staff/sign-in")
    signed = client.post("/staff/sign-in", data={"csrf_token": token, "email": user.email, "password": STAFF_PASSWORD,
                                                 "next": "/\x00/evil.example"})
    switched = client.post("/language", data={"csrf_token": token, "language": "so", "next": "/\x00/evil.example"})
    assert signed.status_code == switched.status_code == 400
    assert "Location" not in signed.headers and "Location" not in switched.headers
    assert db.exec(select(func.count()).select_from(StaffSession)).one() == 0


def test_a_newline_in_next_leaves_exactly_one_session_and_a_cookie(app: Flask, db: Session, make_staff: Callable[..., StaffUser],
                                                                   frozen_clock: Clock) -> None:
    user = make_staff()
    response = _full_sign_in(app, user, frozen_clock, "/c/\nX-Evil: 1")
    assert response.status_code == 303 and response.headers["Location"] == "/c/"
    assert db.exec(select(func.count()).select_from(StaffSession)).one() == 1
    assert "logbog_staff=" in response.headers.get("Set-Cookie", "")


def test_a_staff_sign_in_still_follows_a_local_next(app: Flask, make_staff: Callable[..., StaffUser], frozen_clock: Clock) -> None:
    response = _full_sign_in(app, make_staff(), frozen_clock, "/c/citizens/1?x=1")
    assert _assert_local(response) == "/c/citizens/1?x=1"


@pytest.mark.parametrize("target", THROUGH_VIEWS)
def test_the_language_switch_never_redirects_off_the_site(client: FlaskClient, target: str) -> None:
    response = client.post("/language", data={"csrf_token": csrf_token(client), "language": "so", "next": target})
    assert _assert_local(response) == "/"


def test_the_language_page_does_not_carry_a_bad_next_into_its_form(client: FlaskClient) -> None:
    html = client.get("/language", query_string={"next": "/\t/evil.example"}).get_data(as_text=True)
    assert 'name="next" value=""' in html


def test_the_language_switch_still_follows_a_local_next(client: FlaskClient) -> None:
    response = client.post("/language", data={"csrf_token": csrf_token(client), "language": "so", "next": "/c/citizens/1?x=1"})
    assert _assert_local(response) == "/c/citizens/1?x=1"
