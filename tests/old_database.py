"""A database as an older release left it: a SQLite file migrated to a given revision, filled with rows
in that revision's shape, then upgraded (or downgraded) by the real migrations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import Engine, text

from app import create_app
from app.cli import alembic_config
from app.db import make_engine


class OldDatabase:
    """A fresh SQLite file at `revision`."""

    def __init__(self, tmp_path: Path, revision: str) -> None:
        self.engine: Engine = make_engine(f"sqlite:///{tmp_path / f'at-{revision}.sqlite3'}")
        self.app = create_app({"DATABASE_URL": str(self.engine.url), "SECRET_KEY": "x", "TESTING": True}, engine=self.engine)
        self.migrate("upgrade", revision)

    def migrate(self, direction: str, revision: str = "head") -> None:
        """Run the migrations up or down to `revision`."""
        with self.app.app_context():
            getattr(command, direction)(alembic_config(), revision)

    def execute(self, sql: str, params: dict[str, Any] | None = None) -> None:
        """One statement, committed."""
        with self.engine.begin() as connection:
            connection.execute(text(sql), params or {})

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        """What a query returns, as plain tuples."""
        with self.engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql)).fetchall()]
