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
