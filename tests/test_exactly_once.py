"""An entry arrives exactly once: the real server (gunicorn, two workers) under parallel submits,
answers cut on the way back, and repeated SIGKILLs. The scenarios live in bench/exactly_once.py;
here they run small, on the suite's database kind (a scratch PostgreSQL database on PostgreSQL)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import make_url, text

from app.db import make_engine
from bench import exactly_once
from tests.conftest import DATABASE_URL, ON_POSTGRES


@pytest.fixture
def scratch_url(tmp_path: Path) -> Iterator[str]:
    """An empty database of its own: a SQLite file, or a new PostgreSQL database beside the suite's."""
    if not ON_POSTGRES:
        yield f"sqlite:///{tmp_path / 'once.sqlite3'}"
        return
    url = make_url(DATABASE_URL)
    name = f"{url.database}_exactly_once"
    admin = make_engine(url.render_as_string(hide_password=False)).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_nothing_is_lost_or_duplicated_by_parallel_submits_cut_answers_or_killed_servers(scratch_url: str, tmp_path: Path) -> None:
    lines: list[str] = []
    verdicts, confirmed, phones = exactly_once.run(scratch_url, citizens=16, phones=4, kills=3, parallel_threads=12, cuts=6, workers=2,
                                log=tmp_path / "gunicorn.log", report=lines.append)
    report = "\n".join(lines)
    for scenario in ("parallel", "cut", "kill"):
        verdict = verdicts[scenario]
        assert (verdict.lost, verdict.duplicated, verdict.integrity) == (0, 0, "ok"), report
    assert verdicts["parallel"].outcomes["created"] == 1 and verdicts["parallel"].outcomes["replayed"] == 11, report
    assert "6 answers cut" in report, report
    kills = int(re.search(r"(\d+) SIGKILLs", report).group(1))
    unanswered = int(re.search(r"after (\d+) sends without an answer", report).group(1))
    assert kills == 3 and unanswered >= 1, report  # the kills did cut requests off, and every one was sent again
    assert verdicts["kill"].rows == 1 + 6 + 16 * 6, report  # every day once, however often it was corrected

    # The check itself is not blind: one day's answer changed behind the phones' backs is a loss.
    engine = make_engine(scratch_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE day_entry SET pain = (pain + 1) % 11 WHERE id = (SELECT max(id) FROM day_entry)"))
    engine.dispose()
    assert exactly_once.verify(scratch_url, confirmed, phones).lost == 1


def test_waiting_for_the_server_closes_every_probe_even_one_that_timed_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A slow start (the first probe connects but gets no answer in time) left that socket to the
    garbage collector: an 'unclosed socket' ResourceWarning that failed the suite now and then."""
    import gc
    import socket
    import threading
    import warnings

    listener = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []

    def slow_then_ready() -> None:
        """The first connection hears nothing (a worker still booting); the next gets 200."""
        first, _ = listener.accept()
        held.append(first)
        second, _ = listener.accept()
        with second:
            second.recv(65536)
            second.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")

    thread = threading.Thread(target=slow_then_ready, daemon=True)
    thread.start()
    # Only gunicorn's launch is left out; the waiting loop is the real one.
    monkeypatch.setattr(exactly_once.subprocess, "Popen", lambda *args, **kwargs: object())
    server = exactly_once.Server("sqlite://", 1, tmp_path / "gunicorn.log")
    server.port, server.probe_timeout = listener.getsockname()[1], 0.3
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            server.start()
            gc.collect()
    finally:
        server.process = None
        thread.join(timeout=5)
        for sock in (*held, listener):
            sock.close()
    assert not thread.is_alive()
    assert [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)] == []
