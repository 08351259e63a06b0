"""Restore drill: prove that a backup taken the recommended way can be restored, and is complete.

A backup that has never been restored is a hope, not a backup. The drill takes a backup exactly
as docs/deploy.md tells operations to (PostgreSQL: `pg_dump --format=custom`; SQLite: the online
backup API, never a file copy of a live WAL database), restores it into a *fresh* database that
has its own name (the source is only ever read), and compares the copy with the source: the row
count of every table, alembic_version included, and the Alembic revision; on SQLite also
`PRAGMA integrity_check` and `PRAGMA foreign_key_check`. The scratch copy is removed afterwards
unless the operator asks to keep it.

The source counts are taken in the very snapshot the backup holds, so a citizen saving her day
while the drill runs cannot make a good backup look bad: on PostgreSQL pg_dump imports the
snapshot the counting transaction exported (`--snapshot`); on SQLite the backup is copied inside
the counting read transaction.

Nothing here needs Flask: `run_drill` takes a database URL and returns a `DrillResult`;
`flask restore-drill` (app/cli.py) prints it.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, column, create_engine, event, func, inspect, select, table, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

#: Alembic's bookkeeping table; it is counted like any other, and its content is the revision.
ALEMBIC_TABLE = "alembic_version"
#: PostgreSQL truncates identifiers longer than this (bytes); the scratch name must fit.
PG_MAX_IDENTIFIER = 63
#: How long a SQLite reader waits for a writer, as the app does (app/db.py).
SQLITE_BUSY_TIMEOUT_MS = 5000


class DrillError(RuntimeError):
    """The drill could not run to the end: a tool is missing, the database is unreachable, or a step failed."""


@dataclass(frozen=True)
class TableCount:
    """One table's rows in the source and in the restored copy (`restored` is None when the copy lacks the table)."""

    name: str
    source: int
    restored: int | None

    @property
    def ok(self) -> bool:
        """Whether the copy holds as many rows as the source did at backup time."""
        return self.restored == self.source


@dataclass
class DrillResult:
    """What the drill found. `ok` is the one answer operations needs; the rest says why."""

    backend: str
    tables: list[TableCount]
    source_revision: str | None
    restored_revision: str | None
    backup_bytes: int
    seconds: float
    #: The scratch database's name (PostgreSQL) or file (SQLite); it exists afterwards only if kept.
    scratch: str
    scratch_kept: bool
    #: Where the backup file was left, or None when it lived in a temporary directory now removed.
    backup_path: Path | None
    #: Failures other than a table's row count: revision, integrity, foreign keys, tables only in the copy.
    problems: list[str] = field(default_factory=list)

    @property
    def differing_tables(self) -> list[str]:
        """The tables whose restored row count is not the source's."""
        return [t.name for t in self.tables if not t.ok]

    @property
    def source_rows(self) -> int:
        """All rows of all tables in the source at backup time."""
        return sum(t.source for t in self.tables)

    @property
    def ok(self) -> bool:
        """True only when every table matches and no other check failed."""
        return bool(self.tables) and not self.differing_tables and not self.problems


def run_drill(database_url: str, *, keep: bool = False, backup_file: str | Path | None = None) -> DrillResult:
    """Back up the database at `database_url`, restore it into a fresh database, compare, clean up.

    `keep` leaves the restored scratch copy in place (to look at it); `backup_file` keeps the backup
    at that path (a new file, never an existing one overwritten) instead of a temporary directory.
    Raises DrillError when a step cannot run; a restore that runs but differs is a result with ok False.
    """
    url = make_url(database_url)
    backend = url.get_backend_name()
    if backend == "postgresql":
        return _drill_postgres(url, keep=keep, backup_file=backup_file)
    if backend == "sqlite":
        return _drill_sqlite(url, keep=keep, backup_file=backup_file)
    raise DrillError(f"no restore drill for {backend} databases (PostgreSQL and SQLite only)")


def restore(backup: Path, target: URL) -> None:
    """Restore `backup` into the empty database `target`, as an operator would after losing the server.

    PostgreSQL: `pg_restore --no-owner --exit-on-error` into the (already created, empty) database,
    so objects belong to whoever restores and the first error stops the restore instead of leaving
    a half copy that looks finished. SQLite: the backup file is copied into place, which is what
    restoring it means (it is not live, so a plain copy is safe here, unlike for the source).
    """
    if target.get_backend_name() == "postgresql":
        _run([_tool("pg_restore"), "--no-owner", "--exit-on-error", f"--dbname={libpq_url(target)}", str(backup)],
             env=libpq_env(target), what="pg_restore")
    else:
        shutil.copyfile(backup, _sqlite_path(target))


# -- PostgreSQL --------------------------------------------------------------------------------


def libpq_url(url: URL) -> str:
    """The libpq connection URL pg_dump and pg_restore understand, without the password.

    The password goes through PGPASSWORD (`libpq_env`) instead: a command line is visible to every
    user of the host in the process list.
    """
    plain = URL.create("postgresql", username=url.username, host=url.host, port=url.port,
                       database=url.database, query=url.query)
    return plain.render_as_string(hide_password=False)


def libpq_env(url: URL, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for a client tool: the current one, plus PGPASSWORD when the URL has a password."""
    env = dict(os.environ if base is None else base)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    return env


def scratch_database_name(source: str, now: datetime | None = None) -> str:
    """`<db>_drill_<timestamp>_<random>`: never the source's name, unique even for two drills in one second."""
    suffix = f"_drill_{(now or datetime.now()):%Y%m%d%H%M%S}_{secrets.token_hex(2)}"
    prefix = source.encode()[: PG_MAX_IDENTIFIER - len(suffix)].decode(errors="ignore")
    return prefix + suffix


def _drill_postgres(url: URL, *, keep: bool, backup_file: str | Path | None) -> DrillResult:
    started = time.monotonic()
    pg_dump = _tool("pg_dump")
    _tool("pg_restore")  # fail before any work when the restore could not run anyway
    if not url.database:
        raise DrillError("DATABASE_URL names no database")
    scratch = scratch_database_name(url.database)
    source = create_engine(url, poolclass=NullPool)  # no pooled connection may outlive the drill
    try:
        with _backup_target(backup_file, ".dump") as backup:
            counts, revision = _dump_postgres(source, url, pg_dump, backup)
            size = backup.stat().st_size
            _create_database(source, scratch)
            try:
                restore(backup, url.set(database=scratch))
                tables, restored_revision, problems = _compare(counts, revision, url.set(database=scratch))
            finally:
                if not keep:
                    _drop_database(source, scratch)
    finally:
        source.dispose()
    return DrillResult(backend="postgresql", tables=tables, source_revision=revision, restored_revision=restored_revision,
                       backup_bytes=size, seconds=time.monotonic() - started, scratch=scratch, scratch_kept=keep,
                       backup_path=Path(backup_file) if backup_file is not None else None, problems=problems)


def _dump_postgres(source: Engine, url: URL, pg_dump: str, backup: Path) -> tuple[dict[str, int], str | None]:
    """Run pg_dump on a snapshot exported by the transaction that counts the rows, so both see the same data."""
    with _connect(source) as connection:
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            try:
                _run([pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={backup}",
                      f"--dbname={libpq_url(url)}"], env=libpq_env(url), what="pg_dump")
            except DrillError:
                backup.unlink(missing_ok=True)  # a partial dump must not pass for a backup
                raise
            return _counts_and_revision(connection)


def _create_database(source: Engine, name: str) -> None:
    """Create the empty scratch database from template0 with the source's encoding and locale."""
    with _connect(source) as connection:
        connection = connection.execution_options(isolation_level="AUTOCOMMIT")  # CREATE DATABASE refuses a transaction
        encoding, collate, ctype = connection.execute(text(
            "SELECT pg_encoding_to_char(encoding), datcollate, datctype FROM pg_database WHERE datname = current_database()"
        )).one()
        statement = (f"CREATE DATABASE {_quote(source, name)} TEMPLATE template0 ENCODING {_literal(encoding)} "
                     f"LC_COLLATE {_literal(collate)} LC_CTYPE {_literal(ctype)}")
        try:
            connection.execute(text(statement))
        except SQLAlchemyError as error:
            raise DrillError(f"cannot create the scratch database {name} (the role needs CREATEDB): "
                             f"{_first_line(error)}") from error


def _drop_database(source: Engine, name: str) -> None:
    with _connect(source) as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").execute(text(f"DROP DATABASE IF EXISTS {_quote(source, name)}"))


def _quote(engine: Engine, identifier: str) -> str:
    return engine.dialect.identifier_preparer.quote_identifier(identifier)


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _tool(name: str) -> str:
    """The path of a PostgreSQL client tool, or a DrillError that says how to get it."""
    path = shutil.which(name)
    if path is None:
        raise DrillError(f"{name} not found on PATH: install the PostgreSQL client tools of the server's major "
                         f"version or newer (Debian/Ubuntu: apt install postgresql-client)")
    return path


def _run(args: list[str], *, env: dict[str, str], what: str) -> None:
    # An argument list and no shell: nothing in a URL or a path can be read as a command.
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise DrillError(f"{what} failed (exit {done.returncode}): {done.stderr.strip() or done.stdout.strip()}")


# -- SQLite ------------------------------------------------------------------------------------


def _drill_sqlite(url: URL, *, keep: bool, backup_file: str | Path | None) -> DrillResult:
    started = time.monotonic()
    source_path = _sqlite_path(url)
    if not source_path.is_file():
        raise DrillError(f"no SQLite database at {source_path}")
    scratch_dir = Path(tempfile.mkdtemp(prefix="logbog-drill-"))  # private (0700): the copy holds health data
    scratch = scratch_dir / "restored.sqlite3"
    try:
        with _backup_target(backup_file, ".sqlite3") as backup:
            counts, revision = _backup_sqlite(url, backup)
            size = backup.stat().st_size
            restore(backup, URL.create("sqlite", database=str(scratch)))
            tables, restored_revision, problems = _compare(counts, revision, URL.create("sqlite", database=str(scratch)))
    finally:
        if not keep:
            shutil.rmtree(scratch_dir, ignore_errors=True)
    return DrillResult(backend="sqlite", tables=tables, source_revision=revision, restored_revision=restored_revision,
                       backup_bytes=size, seconds=time.monotonic() - started, scratch=str(scratch), scratch_kept=keep,
                       backup_path=Path(backup_file) if backup_file is not None else None, problems=problems)


def _sqlite_path(url: URL) -> Path:
    if url.database in (None, "", ":memory:"):
        raise DrillError("an in-memory SQLite database cannot be backed up: the drill needs a database file")
    return Path(url.database)


def _sqlite_engine(url: URL) -> Engine:
    """An engine whose transactions really begin (pysqlite's own handling would skip BEGIN before a SELECT).

    This is SQLAlchemy's documented recipe for pysqlite: let the driver autocommit and emit BEGIN
    ourselves, so counting and copying run in one read transaction, that is, one snapshot.
    """
    engine = create_engine(url, poolclass=NullPool)

    @event.listens_for(engine, "connect")
    def _connect_hook(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")

    @event.listens_for(engine, "begin")
    def _begin_hook(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


def _backup_sqlite(url: URL, backup: Path) -> tuple[dict[str, int], str | None]:
    """Count the rows and copy the database with the online backup API inside one read transaction.

    A file copy of a live WAL database can miss committed pages still in the -wal file or catch a
    write halfway; the backup API copies a consistent snapshot. The copy is then switched out of
    WAL so the backup is one self-contained file.
    """
    engine = _sqlite_engine(url)
    try:
        with engine.begin() as connection:
            counts, revision = _counts_and_revision(connection)
            target = sqlite3.connect(backup)
            try:
                connection.connection.driver_connection.backup(target)  # type: ignore[union-attr]
                target.execute("PRAGMA journal_mode=DELETE")
            finally:
                target.close()
    except (sqlite3.Error, SQLAlchemyError) as error:
        backup.unlink(missing_ok=True)
        raise DrillError(f"SQLite backup failed: {_first_line(error)}") from error
    finally:
        engine.dispose()
    return counts, revision


# -- Both --------------------------------------------------------------------------------------


@contextmanager
def _backup_target(backup_file: str | Path | None, suffix: str) -> Iterator[Path]:
    """Where the backup goes: the operator's new file (owner-only), else a private temporary directory removed afterwards."""
    if backup_file is not None:
        path = Path(backup_file)
        try:
            # Made here, empty and 0600, so that the backup of health data is never readable by others,
            # and O_EXCL so that the drill never overwrites an existing backup.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            raise DrillError(f"{path} already exists; the drill never overwrites a backup") from None
        except OSError as error:
            raise DrillError(f"cannot create {path}: {error.strerror}") from None
        yield path
        return
    directory = Path(tempfile.mkdtemp(prefix="logbog-backup-"))
    try:
        yield directory / f"backup{suffix}"
    finally:
        shutil.rmtree(directory, ignore_errors=True)


@contextmanager
def _connect(engine: Engine) -> Iterator[Connection]:
    try:
        connection = engine.connect()
    except SQLAlchemyError as error:
        raise DrillError(f"cannot connect to {engine.url}: {_first_line(error)}") from error
    with connection:
        yield connection


def _count(connection: Connection, name: str) -> int:
    return int(connection.execute(select(func.count()).select_from(table(name))).scalar_one())


def _revision(connection: Connection, names: set[str]) -> str | None:
    """The Alembic revision(s) the database is at, or None when it was never migrated."""
    if ALEMBIC_TABLE not in names:
        return None
    rows = connection.execute(select(column("version_num")).select_from(table(ALEMBIC_TABLE))).scalars().all()
    return ",".join(sorted(rows)) or None


def _counts_and_revision(connection: Connection) -> tuple[dict[str, int], str | None]:
    names = sorted(inspect(connection).get_table_names())
    return {name: _count(connection, name) for name in names}, _revision(connection, set(names))


def _compare(counts: dict[str, int], revision: str | None, restored: URL) -> tuple[list[TableCount], str | None, list[str]]:
    """Count the restored copy's rows per source table and run the checks the backend offers."""
    problems: list[str] = []
    engine = create_engine(restored, poolclass=NullPool)
    try:
        with _connect(engine) as connection:
            present = set(inspect(connection).get_table_names())
            tables = [TableCount(name, rows, _count(connection, name) if name in present else None)
                      for name, rows in counts.items()]
            if extra := sorted(present - set(counts)):
                problems.append(f"tables only in the restored copy: {', '.join(extra)}")
            restored_revision = _revision(connection, present)
            if restored_revision != revision:
                problems.append(f"Alembic revision: source {revision}, restored {restored_revision}")
            if engine.dialect.name == "sqlite":
                integrity = connection.exec_driver_sql("PRAGMA integrity_check").scalars().all()
                if integrity != ["ok"]:
                    problems.append(f"integrity_check: {'; '.join(map(str, integrity[:5]))}")
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    problems.append(f"foreign_key_check: {len(broken)} rows point nowhere, e.g. {tuple(broken[0])}")
    finally:
        engine.dispose()
    return tables, restored_revision, problems


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
