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
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    app = create_app({"DATABASE_URL": str(engine.url), "SECRET_KEY": "x", "TESTING": True}, engine=engine)
    with app.app_context():
        command.upgrade(alembic_config(), "0001")
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO staff_user (name, email, password_hash, role, active, created_at) "
                                    "VALUES ('K', 'k@x.dk', '', 'consultant', 1, '2026-11-01 10:00:00')"))
            connection.execute(text("INSERT INTO citizen (display_name, preferred_language, consultant_id, created_at) "
                                    "VALUES ('A', 'so', 1, '2026-11-01 10:00:00')"))
        command.upgrade(alembic_config(), "head")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT must_change_password FROM staff_user")).scalar() == 0
        assert connection.execute(text("SELECT consultant_id FROM citizen")).scalar() == 1
        assert connection.execute(text("PRAGMA foreign_key_check")).fetchall() == []
    assert _differences(engine) == []
    engine.dispose()
