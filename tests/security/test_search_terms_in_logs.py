"""Search terms (a woman's name, an id, her reason text in the follow-up questions) travel in query strings:
no log line keeps them. The dev server's and gunicorn's access lines hold the path alone, the app's request
log names the endpoint only."""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from flask import Flask
from gunicorn.config import Config
from werkzeug.serving import make_server

from app.web.request_log import JsonFormatter, logger
from app.web.security import redact

ROOT = Path(__file__).resolve().parents[2]
SEARCHES = ("/c/?q=Secretname&language=so", "/admin/audit?citizen_id=4711&action=citizen.read",
            "/day/2026-11-18/followups?attendance=absent&reason_text=Secretreason")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            response.read()
    except urllib.error.HTTPError as error:
        error.close()


def test_redaction_keeps_the_path_and_drops_the_query() -> None:
    line = '127.0.0.1 - - [18/Nov/2026 11:00:00] "GET /c/?q=Secretname&language=so HTTP/1.1" 200 -'
    assert redact(line) == '127.0.0.1 - - [18/Nov/2026 11:00:00] "GET /c/ HTTP/1.1" 200 -'
    assert redact('"GET /a/abcDEF123_-x?utm=1 HTTP/1.1"') == '"GET /a/[code] HTTP/1.1"'
    assert redact("no query here") == "no query here"


def test_the_development_server_logs_no_query_string(app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    """`make run` serves with werkzeug, which writes the request line; it reaches the log without its query."""
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with caplog.at_level(logging.INFO, logger="werkzeug"):
            for search in SEARCHES:
                _get(f"http://127.0.0.1:{server.server_port}{search}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    lines = [record.getMessage() for record in caplog.records if record.name == "werkzeug"]
    assert any("GET /c/ HTTP/1.1" in line for line in lines), lines  # werkzeug may colour the request line
    assert any("GET /admin/audit HTTP/1.1" in line for line in lines), lines
    assert not [line for line in lines if "Secret" in line or "4711" in line or "?" in line]


def test_the_request_log_names_the_endpoint_without_the_query(app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    browser = app.test_client()
    with caplog.at_level(logging.INFO, logger="logbog.requests"):
        logger.propagate = True
        try:
            for search in SEARCHES:
                browser.get(search)
        finally:
            logger.propagate = False
    lines = [JsonFormatter().format(record) for record in caplog.records if record.name == "logbog.requests"]
    assert {json.loads(line)["endpoint"] for line in lines} >= {"consultant.caseload", "admin.audit_log"}
    assert not [line for line in lines if "Secret" in line or "4711" in line]


def test_gunicorns_access_log_format_leaves_out_the_query() -> None:
    """The checkout's gunicorn.conf.py: path without query (%(U)s), no request line, referrer or user agent."""
    assert Config().config == "./gunicorn.conf.py"  # what gunicorn reads from its working directory, the checkout
    namespace: dict[str, object] = {}
    exec(compile((ROOT / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), namespace)  # noqa: S102 - our own file
    access_format = str(namespace["access_log_format"])
    assert "%(U)s" in access_format
    for atom in ("%(r)s", "%(q)s", "%(f)s", "%(a)s", "%({"):
        assert atom not in access_format


def test_a_real_gunicorn_logs_searches_without_their_terms(tmp_path: Path) -> None:
    """gunicorn started as `make serve` and systemd start it (from the checkout), with its access log turned on."""
    port = _free_port()
    access = tmp_path / "access.log"
    env = {**os.environ, "LOGBOG_ENV": "development", "SECRET_KEY": "gunicorn-test", "DATABASE_URL": f"sqlite:///{tmp_path / 'g.sqlite3'}"}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}", "--no-control-socket",
                               "--access-logfile", str(access), "app:create_app()"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                _get(f"{base}/language")
                break
            except OSError:
                time.sleep(0.1)
        for search in SEARCHES:
            _get(base + search)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)
    log = access.read_text()
    assert '"GET /c/ HTTP/1.1" 302' in log and '"GET /admin/audit HTTP/1.1" 302' in log, log
    assert "Secret" not in log and "4711" not in log and "?" not in log, log
