"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, text
from sqlmodel import SQLModel

from app import create_app
from app.cli import alembic_config
from app.db import make_engine
from tests.conftest import ON_POSTGRES
from tests.old_database import OldDatabase


def _differences(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, SQLModel.metadata)


def test_it_migrates_an_empty_sqlite_file_to_the_models(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    app = create_app({"DATABASE_URL": str(engine.url), "SECRET_KEY": "x", "TESTING": True}, engine=engine)
    with app.app_context():
        command.upgrade(alembic_config(), "head")
    assert _differences(engine) == []
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


if ON_POSTGRES:  # the PostgreSQL run checks the schema its test session built from the migrations

    def test_it_migrated_postgres_to_the_models(engine: Engine) -> None:
        assert _differences(engine) == []


def test_it_upgrades_a_database_that_holds_data(tmp_path: Path) -> None:
    old = OldDatabase(tmp_path, "0001")
    old.execute("INSERT INTO staff_user (name, email, password_hash, role, active, created_at) "
                "VALUES ('K', 'k@x.dk', '', 'consultant', 1, '2026-11-01 10:00:00')")
    old.execute("INSERT INTO citizen (display_name, preferred_language, consultant_id, created_at) "
                "VALUES ('A', 'so', 1, '2026-11-01 10:00:00')")
    old.migrate("upgrade")
    assert old.rows("SELECT must_change_password, consultant_id FROM staff_user, citizen") == [(0, 1)]
    assert old.rows("PRAGMA foreign_key_check") == []
    assert _differences(old.engine) == []


def test_it_marks_the_breaks_answer_the_old_form_chose_for_her_without_changing_it(tmp_path: Path) -> None:
    old = OldDatabase(tmp_path, "0012")
    old.execute("INSERT INTO citizen (display_name, preferred_language, created_at) VALUES ('A', 'so', '2026-11-01 10:00:00')")
    for day, breaks in (("2026-11-02", "none"), ("2026-11-03", "some"), ("2026-11-04", None)):
        old.execute("INSERT INTO day_entry (citizen_id, day, attendance, early_reasons, reason_text, pain, breaks, note,"
                    " entered_by, confirmed_by_citizen, idempotency_key, payload_hash, created_at, updated_at)"
                    " VALUES (1, :day, 'full', '', '', 3, :breaks, '', 'self', 1, :key, 'x',"
                    " '2026-11-05 10:00:00', '2026-11-05 10:00:00')", {"day": day, "breaks": breaks, "key": f"k{day}"})
    old.migrate("upgrade")
    # The value stays (nothing is lost); the "none" the form had chosen is marked as not hers.
    assert old.rows("SELECT breaks, untouched FROM day_entry ORDER BY day") == [("none", "breaks"), ("some", ""), (None, "")]
    old.engine.dispose()
