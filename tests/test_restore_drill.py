"""The restore drill restores a real backup into a fresh database, finds every difference, and cleans up.

It runs on the suite's database: a migrated SQLite file (the drill needs a file, not the in-memory
database the other tests use) or, with DATABASE_URL on PostgreSQL, the suite's own database, which
the drill only reads: its scratch database has a name of its own and is the only one it drops.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, create_engine, func, inspect, select, table, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool
from sqlmodel import Session, SQLModel

from app import create_app
from app.cli import alembic_config
from app.db import make_engine
from app.ops import restore_drill
from app.ops.restore_drill import DrillError, DrillResult, libpq_env, libpq_url, run_drill, scratch_database_name
from app.services.demo import seed_demo
from tests.conftest import ON_POSTGRES, TODAY

TABLE_LINE = re.compile(r"^(\w+) source=(\d+) restored=(\d+|missing) (ok|DIFFERENT)$")


@pytest.fixture(scope="module")
def seeded(postgres_engine: Engine | None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine | Path]:
    """A database built by the migrations and holding the demo, seeded once: the drill only reads it.

    PostgreSQL: the suite's database, emptied again at the end of this module. SQLite: a file that each
    test gets a copy of (the other tests' in-memory database cannot be backed up).
    """
    if postgres_engine is not None:
        if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
            pytest.skip("pg_dump/pg_restore not on PATH: the PostgreSQL restore drill needs the PostgreSQL client tools")
        _seed(postgres_engine)
        yield postgres_engine
        tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
        with postgres_engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        return
    path = tmp_path_factory.mktemp("template") / "source.sqlite3"
    database = make_engine(f"sqlite:///{path}")
    app = create_app({"DATABASE_URL": str(database.url), "SECRET_KEY": "x", "TESTING": True}, engine=database)
    with app.app_context():
        command.upgrade(alembic_config(), "head")
    _seed(database)
    database.dispose()
    yield path


def _seed(database: Engine) -> None:
    """The demo: weeks of logs, tasks, audit events and staff, across most tables."""
    with Session(database, expire_on_commit=False) as session:
        assert seed_demo(session, today=TODAY)


@pytest.fixture
def source(seeded: Engine | Path, tmp_path: Path) -> Iterator[Engine]:
    """The seeded database for one test (on SQLite a fresh copy of the closed template file)."""
    if isinstance(seeded, Engine):
        yield seeded
        return
    path = tmp_path / "source.sqlite3"
    shutil.copyfile(seeded, path)
    database = make_engine(f"sqlite:///{path}")
    yield database
    database.dispose()


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _scratch_exists(source: Engine, result: DrillResult) -> bool:
    if result.backend == "sqlite":
        return Path(result.scratch).exists()
    with source.connect() as connection:
        found = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": result.scratch})
        return found.first() is not None


def _remove_scratch(source: Engine, result: DrillResult) -> None:
    if result.backend == "sqlite":
        shutil.rmtree(Path(result.scratch).parent)
        return
    with source.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").execute(text(f'DROP DATABASE "{result.scratch}"'))


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {name: connection.execute(select(func.count()).select_from(table(name))).scalar_one()
                for name in inspect(connection).get_table_names()}


def _tamper(monkeypatch: pytest.MonkeyPatch, statements: list[str]) -> None:
    """Make the restore step damage the copy after restoring it, as a broken backup or restore would."""
    original = restore_drill.restore

    def damaged(backup: Path, target: URL) -> None:
        original(backup, target)
        copy = create_engine(target, poolclass=NullPool)
        with copy.begin() as connection:
            for statement in statements:
                connection.exec_driver_sql(statement)
        copy.dispose()

    monkeypatch.setattr(restore_drill, "restore", damaged)


def _runner(source: Engine) -> Callable[..., object]:
    app = create_app({"DATABASE_URL": _url(source), "SECRET_KEY": "x", "TESTING": True}, engine=source)
    return app.test_cli_runner().invoke


def test_the_restored_copy_holds_every_row_and_is_dropped_afterwards(source: Engine) -> None:
    expected = _counts(source)
    result = run_drill(_url(source))
    assert result.ok, (result.differing_tables, result.problems)
    assert {t.name: t.source for t in result.tables} == expected
    assert {t.name: t.restored for t in result.tables} == expected
    assert "alembic_version" in expected and expected["citizen"] >= 12 and expected["day_entry"] > 0
    assert result.source_revision == result.restored_revision is not None
    assert result.backup_bytes > 0 and result.seconds > 0 and result.backup_path is None
    assert result.scratch != source.url.database
    assert not result.scratch_kept and not _scratch_exists(source, result)
    assert _counts(source) == expected  # the source was only read


def test_keep_leaves_the_copy_and_backup_file_keeps_the_backup(source: Engine, tmp_path: Path) -> None:
    backup = tmp_path / "kept.backup"
    result = run_drill(_url(source), keep=True, backup_file=backup)
    try:
        assert result.ok and result.scratch_kept and _scratch_exists(source, result)
        assert result.backup_path == backup and backup.stat().st_size == result.backup_bytes
        assert backup.stat().st_mode & 0o077 == 0  # health data: readable by its owner only
        magic = b"PGDMP" if ON_POSTGRES else b"SQLite format 3\x00"  # pg_dump's custom format, or a database file
        assert backup.read_bytes().startswith(magic)
    finally:
        _remove_scratch(source, result)


def test_it_never_overwrites_an_existing_backup(source: Engine, tmp_path: Path) -> None:
    backup = tmp_path / "last-night.backup"
    backup.write_bytes(b"yesterday")
    with pytest.raises(DrillError, match="already exists"):
        run_drill(_url(source), backup_file=backup)
    assert backup.read_bytes() == b"yesterday"


def test_a_copy_missing_rows_is_a_failure_that_names_the_table(source: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    _tamper(monkeypatch, ["DELETE FROM audit_event WHERE id IN (SELECT id FROM audit_event ORDER BY id LIMIT 3)"])
    result = run_drill(_url(source))
    assert not result.ok
    assert result.differing_tables == ["audit_event"]
    (audit,) = [t for t in result.tables if t.name == "audit_event"]
    assert audit.restored == audit.source - 3
    assert not _scratch_exists(source, result)  # dropped even when the drill fails


def test_a_copy_at_another_revision_is_a_failure(source: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    _tamper(monkeypatch, ["UPDATE alembic_version SET version_num = '0001'"])
    result = run_drill(_url(source))
    assert not result.ok and result.differing_tables == []
    assert result.restored_revision == "0001" != result.source_revision
    assert any("Alembic revision" in problem for problem in result.problems)


def test_a_copy_with_a_row_missing_under_its_foreign_keys_is_a_failure(source: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """A task deleted from the copy while rows still point at it (foreign-key checks switched off the
    way each database allows). The count names the table; SQLite's foreign_key_check also reports it."""
    switch_off = "SET LOCAL session_replication_role = replica" if ON_POSTGRES else "PRAGMA foreign_keys=OFF"
    _tamper(monkeypatch, [switch_off, "DELETE FROM task WHERE id = (SELECT min(id) FROM task)"])
    result = run_drill(_url(source))
    assert not result.ok and result.differing_tables == ["task"]
    assert any(problem.startswith("foreign_key_check") for problem in result.problems) == (not ON_POSTGRES)


def test_the_command_prints_a_line_per_table_and_the_summary(source: Engine, tmp_path: Path) -> None:
    expected = _counts(source)
    result = _runner(source)(args=["restore-drill", "--backup-file", str(tmp_path / "b.backup")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    tables = {m.group(1): (int(m.group(2)), m.group(3), m.group(4)) for m in map(TABLE_LINE.match, lines) if m}
    assert tables == {name: (rows, str(rows), "ok") for name, rows in expected.items()}
    assert f"backup kept: {tmp_path / 'b.backup'}" in lines
    summary = re.fullmatch(r"restore drill OK: (\d+) tables, (\d+) rows, backup (\d+) bytes, \d+\.\d\d s", lines[-1])
    assert summary, lines[-1]
    assert (int(summary.group(1)), int(summary.group(2))) == (len(expected), sum(expected.values()))
    assert int(summary.group(3)) == (tmp_path / "b.backup").stat().st_size


def test_the_command_fails_with_exit_code_1_and_names_the_table(source: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    _tamper(monkeypatch, ["DELETE FROM audit_event"])
    result = _runner(source)(args=["restore-drill"])
    assert result.exit_code == 1
    assert re.search(r"^audit_event source=\d+ restored=0 DIFFERENT$", result.output, re.MULTILINE)
    assert result.output.splitlines()[-1].startswith("restore drill FAILED: tables that differ: audit_event;")


def test_missing_client_tools_are_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no pg_dump here; nothing is contacted before the check
    with pytest.raises(DrillError, match="pg_dump not found on PATH.*postgresql-client"):
        run_drill("postgresql+psycopg://nobody@127.0.0.1:1/nothing")


def test_an_in_memory_database_cannot_be_drilled() -> None:
    with pytest.raises(DrillError, match="in-memory"):
        run_drill("sqlite://")


def test_client_tools_get_a_libpq_url_and_the_password_only_through_the_environment() -> None:
    url = make_url("postgresql+psycopg://ops:s%40cret@db.example:5433/logbog?sslmode=require")
    assert libpq_url(url) == "postgresql://ops@db.example:5433/logbog?sslmode=require"
    assert libpq_env(url, base={"PATH": "/usr/bin"}) == {"PATH": "/usr/bin", "PGPASSWORD": "s@cret"}
    assert "PGPASSWORD" not in libpq_env(make_url("postgresql+psycopg://ops@db/logbog"), base={})


def test_the_scratch_name_is_never_the_source_and_fits_postgres() -> None:
    long_name = "logbog_" + "x" * 70
    names = {scratch_database_name("logbog") for _ in range(20)}
    assert all(name.startswith("logbog_drill_") for name in names) and len(names) > 1
    assert len(scratch_database_name(long_name).encode()) <= 63
