"""Rate limits answer 429 on code redemption, sign-in and writes, and are shared by all workers."""

from __future__ import annotations

import http.cookiejar
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
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import Engine

from app import create_app
from app.config import DEFAULTS
from app.models import Citizen
from tests.helpers import csrf_token

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def strict_app(engine: Engine) -> Flask:
    """The app with its default limits."""
    return create_app({"DATABASE_URL": str(engine.url), "SECRET_KEY": "x", "TESTING": True, "SESSION_COOKIE_SECURE": False}, engine=engine)


def test_it_stops_password_guessing_with_429(strict_app: Flask) -> None:
    browser = strict_app.test_client()
    token = csrf_token(browser, "/staff/sign-in")
    statuses = [browser.post("/staff/sign-in", data={"csrf_token": token, "email": "a@b.dk", "password": f"guess {n}"}).status_code
                for n in range(DEFAULTS["RATE_LIMIT_SIGN_IN"] + 2)]
    assert statuses[: DEFAULTS["RATE_LIMIT_SIGN_IN"]] == [401] * DEFAULTS["RATE_LIMIT_SIGN_IN"]
    assert statuses[-1] == 429


def test_it_stops_code_guessing_with_429(strict_app: Flask) -> None:
    browser = strict_app.test_client()
    token = csrf_token(browser)
    statuses = [browser.post(f"/a/guess{n}", data={"csrf_token": token}).status_code for n in range(DEFAULTS["RATE_LIMIT_ACTIVATION"] + 1)]
    assert statuses[-1] == 429 and 429 not in statuses[:-1]
    assert browser.get("/language").status_code == 200  # reading is not limited


def test_it_limits_writes(strict_app: Flask, db: object, make_citizen: Callable[..., Citizen]) -> None:
    browser = strict_app.test_client()
    token = csrf_token(browser)
    answers = {browser.post("/language", data={"csrf_token": token, "language": "da"}).status_code
               for _ in range(DEFAULTS["RATE_LIMIT_WRITES"] + 1)}
    assert answers == {303, 429}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_limit_is_shared_by_gunicorn_workers(tmp_path: Path) -> None:
    """A real gunicorn with two workers: the eleventh sign-in attempt is refused whichever worker answers."""
    port = _free_port()
    env = {**os.environ, "LOGBOG_ENV": "development", "SECRET_KEY": "gunicorn-test", "DATABASE_URL": f"sqlite:///{tmp_path / 'g.sqlite3'}"}
    env.pop("LOGBOG_RATE_LIMIT_SIGN_IN", None)
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
        def attempt(n: int) -> int:
            # A new browser each time (new cookies).
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
            page = opener.open(f"{base}/staff/sign-in", timeout=5).read().decode()
            token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
            body = urllib.parse.urlencode({"csrf_token": token, "email": "a@b.dk", "password": f"guess {n}"}).encode()
            try:
                return opener.open(f"{base}/staff/sign-in", data=body, timeout=5).status
            except urllib.error.HTTPError as error:
                return error.code

        def hold_a_worker() -> socket.socket:
            """A request that never finishes keeps the worker that took it busy, so the other one answers."""
            held = socket.create_connection(("127.0.0.1", port))
            held.sendall(b"GET /staff/sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            time.sleep(0.5)
            return held

        total = DEFAULTS["RATE_LIMIT_SIGN_IN"] + 2
        first = hold_a_worker()  # worker A is held: B answers the first half
        statuses = [attempt(n) for n in range(total // 2)]
        second = hold_a_worker()  # only B is free to take this one
        first.close()  # A is free again and answers the second half
        statuses += [attempt(n) for n in range(total // 2, total)]
        second.close()
        assert statuses[: DEFAULTS["RATE_LIMIT_SIGN_IN"]] == [401] * DEFAULTS["RATE_LIMIT_SIGN_IN"], statuses
        assert statuses[-2:] == [429, 429], statuses
    finally:
        server.send_signal(signal.SIGTERM)
        output = server.communicate(timeout=10)[0]
    booted = re.findall(r"Booting worker with pid: (\d+)", output)
    assert len(set(booted)) >= 2, output
    # Both workers answered sign-in attempts, and the count still ran out at the limit: it is shared.
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
