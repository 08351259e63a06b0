"""Rate limits stop guessing and floods without locking out an office or a group session (issue 17, item 4).

Sign-in and activation count failures only: per account (a lockout with backoff) and per address.
Other writes count per signed-in session, or per address when anonymous. The 429 page says the real
wait, as Retry-After does. The counts live in the database, shared by all gunicorn workers.
"""

from __future__ import annotations

import http.cookiejar
import math
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale, ngettext
from markupsafe import escape
from sqlalchemy import Engine
from sqlmodel import Session, func, select
from werkzeug.test import TestResponse

from app import clock, create_app
from app.config import DEFAULTS
from app.models import Citizen, RateCounter, SignInLockout, StaffUser
from app.services import audit
from app.services.activation import issue_code
from tests.conftest import STAFF_PASSWORD, Clock
from tests.helpers import csrf_token

ROOT = Path(__file__).resolve().parents[2]
WINDOW = DEFAULTS["RATE_LIMIT_WINDOW_SECONDS"]
LOCK_AFTER = DEFAULTS["SIGN_IN_LOCKOUT_AFTER"]


@pytest.fixture
def strict_app(engine: Engine) -> Flask:
    """The app with its default limits."""
    return create_app({"DATABASE_URL": str(engine.url), "SECRET_KEY": "x", "TESTING": True, "SESSION_COOKIE_SECURE": False}, engine=engine)


def _password(browser: FlaskClient, email: str, password: str) -> TestResponse:
    token = csrf_token(browser, "/staff/sign-in")
    return browser.post("/staff/sign-in", data={"csrf_token": token, "email": email, "password": password})


def _code(browser: FlaskClient, code: str) -> TestResponse:
    return browser.post("/staff/code", data={"csrf_token": csrf_token(browser, "/staff/sign-in"), "code": code})


def _sign_in(app: Flask, user: StaffUser, frozen_clock: Clock) -> tuple[int, int]:
    """A new browser signs in with the right password and code; the statuses of both steps."""
    browser = app.test_client()
    first = _password(browser, user.email, STAFF_PASSWORD).status_code
    return first, _code(browser, pyotp.TOTP(user.totp_secret).at(frozen_clock.now)).status_code


def _minutes_said(app: Flask, response: TestResponse) -> int:
    """The number of minutes the 429 page tells her to wait, in the page's language."""
    page = response.get_data(as_text=True)
    language = re.search(r'<html[^>]* lang="([^"]+)"', page).group(1)
    with app.test_request_context("/"), force_locale(language):
        said = [n for n in range(1, 61) if str(escape(ngettext(
            "Too many tries. Please wait %(minutes)s minute and try again.",
            "Too many tries. Please wait %(minutes)s minutes and try again.", n, minutes=n))) in page]
    assert len(said) == 1, page
    return said[0]


def _wait(app: Flask, response: TestResponse) -> int:
    """Retry-After of a 429, checked against the page's text (whole minutes, rounded up)."""
    assert response.status_code == 429
    seconds = int(response.headers["Retry-After"])
    assert _minutes_said(app, response) == max(1, math.ceil(seconds / 60))
    return seconds


def test_an_office_behind_one_address_signs_in(strict_app: Flask, make_staff: Callable[..., StaffUser],
                                               frozen_clock: Clock) -> None:
    """30 staff behind one NAT each sign in twice in one window, some mistyping first: nobody gets 429."""
    office = [make_staff() for _ in range(30)]
    for round_ in range(2):
        for n, user in enumerate(office):
            if n % 3 == 0:  # a third of the office mistypes twice first
                browser = strict_app.test_client()
                assert [_password(browser, user.email, f"typo {k}").status_code for k in range(2)] == [401, 401]
            assert _sign_in(strict_app, user, frozen_clock) == (303, 303), (round_, n)
        frozen_clock.advance(seconds=30)  # the next code (a code works once)
    # A colleague locks herself out; the others are not affected, with the right password or a wrong one.
    locked = strict_app.test_client()
    assert [_password(locked, office[0].email, "wrong").status_code for _ in range(LOCK_AFTER + 1)][-1] == 429
    assert _sign_in(strict_app, office[1], frozen_clock) == (303, 303)
    assert _password(strict_app.test_client(), office[2].email, "wrong").status_code == 401


def test_an_account_locks_with_backoff_and_says_how_long(strict_app: Flask, make_staff: Callable[..., StaffUser],
                                                         frozen_clock: Clock) -> None:
    user = make_staff()
    browser = strict_app.test_client()
    assert [_password(browser, user.email, f"guess {n}").status_code for n in range(LOCK_AFTER)] == [401] * LOCK_AFTER
    # Locked: even the right password (typed in capitals, from another browser) waits the real time.
    right = _password(strict_app.test_client(), user.email.upper(), STAFF_PASSWORD)
    assert _wait(strict_app, right) == 60
    frozen_clock.advance(seconds=45)
    assert _wait(strict_app, _password(browser, user.email, "guess")) == 15
    # Each further failure doubles the lockout: 2, 4, 8 minutes, then the 15-minute cap.
    frozen_clock.advance(seconds=15)
    for lock in (120, 240, 480, 900, 900):
        assert _password(browser, user.email, "guess").status_code == 401
        assert _wait(strict_app, _password(browser, user.email, STAFF_PASSWORD)) == lock
        frozen_clock.advance(seconds=lock)
    # The lockout has run out: the right password and code sign her in, and her count starts afresh.
    assert _sign_in(strict_app, user, frozen_clock) == (303, 303)
    assert [_password(browser, user.email, "guess").status_code for _ in range(LOCK_AFTER)] == [401] * LOCK_AFTER
    assert _wait(strict_app, _password(browser, user.email, "guess")) == 60


def test_wrong_codes_lock_the_account_too(strict_app: Flask, make_staff: Callable[..., StaffUser],
                                          frozen_clock: Clock) -> None:
    """Knowing the password does not buy unlimited code guesses; a right password never resets the count."""
    user = make_staff()
    right = pyotp.TOTP(user.totp_secret).at(frozen_clock.now)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    browser = strict_app.test_client()
    assert _password(browser, user.email, STAFF_PASSWORD).status_code == 303
    assert [_code(browser, wrong).status_code for _ in range(LOCK_AFTER - 1)] == [401] * (LOCK_AFTER - 1)
    assert _password(browser, user.email, STAFF_PASSWORD).status_code == 303  # does not clear the count
    assert _code(browser, wrong).status_code == 401
    assert _wait(strict_app, _code(browser, right)) == 60
    assert _wait(strict_app, _password(strict_app.test_client(), user.email, STAFF_PASSWORD)) == 60
    frozen_clock.advance(seconds=60)
    assert _code(browser, pyotp.TOTP(user.totp_secret).at(frozen_clock.now)).status_code == 303


def test_guessing_the_current_password_on_the_change_page_locks_the_account(strict_app: Flask, make_staff: Callable[..., StaffUser],
                                                                             frozen_clock: Clock) -> None:
    """A left-open staff session is no way round the lockout: a wrong current password counts like a wrong sign-in."""
    user = make_staff()
    browser = strict_app.test_client()
    assert _password(browser, user.email, STAFF_PASSWORD).status_code == 303
    assert _code(browser, pyotp.TOTP(user.totp_secret).at(frozen_clock.now)).status_code == 303
    token = csrf_token(browser, "/staff/password")

    def change(current: str) -> TestResponse:
        return browser.post("/staff/password", data={"csrf_token": token, "current_password": current,
                                                      "new_password": "a brand new pass phrase", "repeat_password": "a brand new pass phrase"})

    assert [change(f"guess {n}").status_code for n in range(LOCK_AFTER)] == [400] * LOCK_AFTER
    assert _wait(strict_app, change(STAFF_PASSWORD)) == 60
    assert _wait(strict_app, _password(strict_app.test_client(), user.email, STAFF_PASSWORD)) == 60


def test_wrong_codes_at_enrolment_lock_the_account(strict_app: Flask, make_staff: Callable[..., StaffUser]) -> None:
    user = make_staff(totp_confirmed_at=None)
    browser = strict_app.test_client()
    assert _password(browser, user.email, STAFF_PASSWORD).status_code == 303
    token = csrf_token(browser, "/staff/enrol")
    statuses = [browser.post("/staff/enrol", data={"csrf_token": token, "code": "99999x"}).status_code for _ in range(LOCK_AFTER)]
    assert statuses == [400] * LOCK_AFTER
    assert _wait(strict_app, browser.post("/staff/enrol", data={"csrf_token": token, "code": "99999x"})) == 60


def test_new_passwords_refused_at_enrolment_do_not_lock_the_account(strict_app: Flask, db: Session,
                                                                      make_staff: Callable[..., StaffUser], frozen_clock: Clock) -> None:
    """A new colleague trying out passwords the rules refuse is not guessing a secret: no lockout for that."""
    user = make_staff(totp_confirmed_at=None, must_change_password=True)
    browser = strict_app.test_client()
    assert _password(browser, user.email, STAFF_PASSWORD).status_code == 303
    token = csrf_token(browser, "/staff/enrol")
    db.refresh(user)

    def enrol(new_password: str, repeat: str | None = None) -> TestResponse:
        return browser.post("/staff/enrol", data={"csrf_token": token, "code": pyotp.TOTP(user.totp_secret).at(frozen_clock.now),
                                                   "new_password": new_password, "repeat_password": repeat or new_password})

    refused = [enrol("password1234"), enrol("aaaaaaaaaaaa"), enrol("123456789012"), enrol("short"),
               enrol("a good pass phrase", "another pass phrase"), enrol("qwertyuiop12")]
    assert [r.status_code for r in refused] == [400] * 6
    assert enrol("a good long pass phrase").status_code == 303


def test_an_unknown_e_mail_answers_like_a_known_one(strict_app: Flask, make_staff: Callable[..., StaffUser]) -> None:
    """No account enumeration: the same statuses and the same wait."""
    answers = []
    for email in (make_staff().email, "nobody@example.dk"):
        browser = strict_app.test_client()
        statuses = [_password(browser, email, "guess").status_code for _ in range(LOCK_AFTER)]
        last = _password(browser, email, "guess")
        answers.append((statuses, last.status_code, last.headers.get("Retry-After")))
    assert answers[0] == answers[1] == ([401] * LOCK_AFTER, 429, "60")


def test_an_address_has_a_budget_of_failures(strict_app: Flask, make_staff: Callable[..., StaffUser],
                                             frozen_clock: Clock) -> None:
    """Spraying many accounts from one address stops at the address's budget, until its window ends."""
    user = make_staff()
    limit = DEFAULTS["RATE_LIMIT_SIGN_IN"]
    sprayed = [make_staff().email for _ in range(math.ceil(limit / (LOCK_AFTER - 1)))]
    frozen_clock.advance(seconds=250)  # 350 s of this window remain
    browser = strict_app.test_client()
    statuses = [_password(browser, sprayed[n // (LOCK_AFTER - 1)], "guess").status_code for n in range(limit)]
    assert statuses == [401] * limit
    assert _wait(strict_app, _password(browser, sprayed[-1], "guess")) == WINDOW - 250
    frozen_clock.advance(seconds=WINDOW - 250)
    assert _sign_in(strict_app, user, frozen_clock) == (303, 303)


def _card(db: Session, citizen: Citizen) -> str:
    return issue_code(db, audit.SYSTEM, citizen.id, purpose="card", lifetime=timedelta(days=14), now=clock.utcnow())


def _scan(phone: FlaskClient, code: str) -> TestResponse:
    return phone.post(f"/a/{code}", data={"csrf_token": csrf_token(phone, "/language")})


def test_a_group_of_25_women_activates_on_one_wi_fi(strict_app: Flask, db: Session, frozen_clock: Clock,
                                                    make_citizen: Callable[..., Citizen]) -> None:
    """Each first scans her old card (replaced, so refused), then her new one: all 25 get in."""
    frozen_clock.advance(seconds=10)
    for n in range(25):
        citizen = make_citizen(name=f"Woman {n}")
        old = _card(db, citizen)
        new = _card(db, citizen)  # the new card revokes the old one
        phone = strict_app.test_client()
        assert _scan(phone, old).status_code == 410, n
        assert _scan(phone, new).status_code == 303, n
        assert phone.get("/today").status_code == 200
    # Guessing from the same address still stops at the failure budget.
    guesses = [_scan(strict_app.test_client(), f"guess{n}").status_code
               for n in range(DEFAULTS["RATE_LIMIT_ACTIVATION"] - 25)]
    assert guesses == [404] * (DEFAULTS["RATE_LIMIT_ACTIVATION"] - 25)
    late = _scan(strict_app.test_client(), _card(db, make_citizen(name="Late")))
    assert _wait(strict_app, late) == WINDOW - 10
    assert strict_app.test_client().get("/language").status_code == 200  # reading is not limited


def test_workplace_links_are_limited_as_her_codes_are(strict_app: Flask, db: Session, frozen_clock: Clock,
                                                      make_citizen: Callable[..., Citizen], make_staff: Callable[..., StaffUser]) -> None:
    """A contact person's sign-in link (issue 21): guesses spend the address's failure budget, then a real link waits."""
    from app.models import Internship
    from app.services.workplace_access import invite

    make_citizen()
    placement = db.exec(select(Internship)).one()
    consultant = audit.Actor("staff", make_staff().id, "consultant")
    frozen_clock.advance(seconds=10)
    guesser = strict_app.test_client()
    token = csrf_token(guesser, "/language")
    guesses = [guesser.post(f"/w/guess{n}", data={"csrf_token": token}).status_code for n in range(DEFAULTS["RATE_LIMIT_ACTIVATION"])]
    assert guesses == [410] * DEFAULTS["RATE_LIMIT_ACTIVATION"]
    link = invite(db, consultant, placement, None, now=clock.utcnow(), lifetime=timedelta(days=14))
    other = strict_app.test_client()  # another phone on the same address
    late = other.post(f"/w/{link}", data={"csrf_token": csrf_token(other, "/language")})
    assert late.status_code == 429 and int(late.headers["Retry-After"]) == WINDOW - 10
    frozen_clock.advance(seconds=WINDOW)
    phone = strict_app.test_client()
    assert phone.post(f"/w/{link}", data={"csrf_token": csrf_token(phone, "/language")}).status_code == 303  # one use, once the wait is over


def _flood(browser: FlaskClient, times: int) -> list[int]:
    token = csrf_token(browser)
    return [browser.post("/language", data={"csrf_token": token, "language": "da"}).status_code for _ in range(times)]


def test_an_anonymous_flood_does_not_block_a_signed_in_woman(strict_app: Flask, db: Session, frozen_clock: Clock,
                                                             make_citizen: Callable[..., Citizen]) -> None:
    phone = strict_app.test_client()
    assert _scan(phone, _card(db, make_citizen())).status_code == 303
    frozen_clock.advance(seconds=100)
    flood = _flood(strict_app.test_client(), DEFAULTS["RATE_LIMIT_WRITES"] + 1)
    assert set(flood[:-1]) == {303} and flood[-1] == 429
    assert phone.post("/call-me", data={"csrf_token": csrf_token(phone, "/call-me")}).status_code == 303


def test_one_flooding_session_gets_429_and_no_one_else(strict_app: Flask, db: Session, frozen_clock: Clock,
                                                      make_citizen: Callable[..., Citizen],
                                                      make_staff: Callable[..., StaffUser]) -> None:
    phone = strict_app.test_client()
    assert _scan(phone, _card(db, make_citizen())).status_code == 303
    staff = strict_app.test_client()
    user = make_staff()
    assert _password(staff, user.email, STAFF_PASSWORD).status_code == 303
    assert _code(staff, pyotp.TOTP(user.totp_secret).at(frozen_clock.now)).status_code == 303
    frozen_clock.advance(seconds=130)
    for browser in (phone, staff):
        flood = _flood(browser, DEFAULTS["RATE_LIMIT_WRITES"])
        assert set(flood) == {303}
        refused = browser.post("/language", data={"csrf_token": csrf_token(browser), "language": "da"})
        assert _wait(strict_app, refused) == WINDOW - 130
    # Her call-me button spends the same budget; a visitor at the same address has her own.
    assert phone.post("/call-me", data={"csrf_token": csrf_token(phone, "/call-me")}).status_code == 429
    assert _flood(strict_app.test_client(), 1) == [303]


def test_the_retention_job_prunes_windows_and_lockouts(strict_app: Flask, db: Session, frozen_clock: Clock,
                                                       make_staff: Callable[..., StaffUser]) -> None:
    browser = strict_app.test_client()
    a, b = make_staff().email, make_staff().email
    for email in (a, b):
        assert [_password(browser, email, "guess").status_code for _ in range(LOCK_AFTER)] == [401] * LOCK_AFTER
    frozen_clock.advance(hours=23)
    assert _password(browser, b, "guess").status_code == 401  # b failed again: kept
    frozen_clock.advance(hours=2)
    result = strict_app.test_cli_runner().invoke(args=["retention"])
    assert "removed 2 old rate-limit windows and lockouts" in result.output, result.output
    assert db.exec(select(func.count()).select_from(SignInLockout)).one() == 1
    assert db.exec(select(RateCounter.window_start)).all() == [frozen_clock.now - timedelta(hours=2)]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_lockout_is_shared_by_gunicorn_workers(tmp_path: Path) -> None:
    """A real gunicorn with two workers: an account locked by failures on one worker is locked on the other."""
    port = _free_port()
    env = {**os.environ, "LOGBOG_ENV": "development", "SECRET_KEY": "gunicorn-test", "DATABASE_URL": f"sqlite:///{tmp_path / 'g.sqlite3'}"}
    for name in DEFAULTS:
        env.pop(f"LOGBOG_{name}", None)
    subprocess.run([sys.executable, "-m", "flask", "--app", "app", "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}", "--no-control-socket",
                               "--access-logfile", "-", "--access-logformat", "served-by %(p)s %(m)s %(s)s", "app:create_app()"],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"{base}/staff/sign-in", timeout=2):
                    break
            except OSError:  # refused, or accepted while the workers still boot (a timeout)
                time.sleep(0.1)

        def attempt(email: str) -> tuple[int, str | None]:
            """A new browser each time (new cookies): its status and Retry-After."""
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
            with opener.open(f"{base}/staff/sign-in", timeout=5) as form:
                page = form.read().decode()
            token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
            body = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": "a wrong guess"}).encode()
            try:
                with opener.open(f"{base}/staff/sign-in", data=body, timeout=5) as response:
                    return response.status, response.headers.get("Retry-After")
            except urllib.error.HTTPError as error:
                with error:
                    return error.code, error.headers.get("Retry-After")

        def hold_a_worker() -> socket.socket:
            """A request that never finishes keeps the worker that took it busy, so the other one answers."""
            held = socket.create_connection(("127.0.0.1", port))
            held.sendall(b"GET /staff/sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            time.sleep(0.5)
            return held

        first = hold_a_worker()  # worker A is held: B answers the first failures
        answers = [attempt("karen@example.dk") for _ in range(LOCK_AFTER - 2)]
        second = hold_a_worker()  # only B is free to take this one
        first.close()  # A is free again and answers the rest
        answers += [attempt("karen@example.dk") for _ in range(4)]
        colleague = attempt("mette@example.dk")  # same address, another account: not locked
        second.close()
        statuses = [status for status, _ in answers]
        assert statuses == [401] * LOCK_AFTER + [429, 429], answers
        assert 0 < int(answers[-1][1] or 0) <= DEFAULTS["SIGN_IN_LOCKOUT_SECONDS"], answers
        assert colleague[0] == 401, colleague
    finally:
        server.send_signal(signal.SIGTERM)
        output = server.communicate(timeout=10)[0]
    booted = re.findall(r"Booting worker with pid: (\d+)", output)
    assert len(set(booted)) >= 2, output
    # Both workers answered sign-in attempts, and the account still locked at the threshold: the count is shared.
    posting = set(re.findall(r"served-by <(\d+)> POST", output)) | set(re.findall(r"served-by (\d+) POST", output))
    assert len(posting) >= 2, output


@pytest.mark.parametrize("proxies", [0, 1])
def test_it_counts_per_client_behind_a_trusted_proxy_only(engine: Engine, proxies: int) -> None:
    """Behind nginx (TRUSTED_PROXIES=1) each client has her own count; without a trusted proxy a
    forged X-Forwarded-For changes nothing, so it cannot be used to slip past the limit."""
    app = create_app({"DATABASE_URL": str(engine.url), "SECRET_KEY": "x", "TESTING": True, "SESSION_COOKIE_SECURE": False,
                      "TRUSTED_PROXIES": proxies}, engine=engine)
    browser = app.test_client()
    token = csrf_token(browser)
    statuses = [browser.post("/language", data={"csrf_token": token, "language": "da"},
                             headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code
                for n in range(DEFAULTS["RATE_LIMIT_WRITES"] + 1)]
    assert (429 in statuses) == (proxies == 0)
