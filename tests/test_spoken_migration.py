"""Clips recorded before questions had one clip per wording keep playing: each becomes its "today" wording's."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import text

from app import create_app
from app.cli import alembic_config
from app.db import make_engine
from app.web.prompts import PROMPTS


def _clips(connection: object) -> set[tuple[str, str, str]]:
    return set(connection.execute(text("SELECT prompt, language, status FROM audio_clip")).fetchall())  # type: ignore[attr-defined]


def test_it_moves_old_question_clips_to_their_today_wording_and_back(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'clips.sqlite3'}")
    app = create_app({"DATABASE_URL": str(engine.url), "SECRET_KEY": "x", "TESTING": True}, engine=engine)
    with app.app_context():
        command.upgrade(alembic_config(), "0013")
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO staff_user (name, email, password_hash, role, active, created_at) "
                                    "VALUES ('A', 'a@x.dk', '', 'admin', 1, '2026-11-01 10:00:00')"))
            for prompt, language, status in (("q.pain", "da", "live"), ("q.pain", "da", "pending"), ("q.evening", "ar", "live"),
                                             ("q.tasks", "so", "live"), ("q.difficulty", "ur", "live"), ("q.attendance", "da", "live")):
                connection.execute(text(
                    "INSERT INTO audio_clip (prompt, language, mime_type, content, digest, duration_ms, recorded_by, recorded_at, status)"
                    " VALUES (:prompt, :language, 'audio/mpeg', x'00', :digest, 900, 1, '2026-11-01 10:00:00', :status)"),
                    {"prompt": prompt, "language": language, "status": status, "digest": f"{prompt}{language}{status}"})
        command.upgrade(alembic_config(), "head")
        with engine.connect() as connection:
            moved = _clips(connection)
        assert moved == {("q.pain.today", "da", "live"), ("q.pain.today", "da", "pending"), ("q.evening.after_work.today", "ar", "live"),
                         ("q.tasks.today", "so", "live"), ("q.difficulty.today", "ur", "live"), ("q.attendance", "da", "live")}
        assert {prompt for prompt, _language, _status in moved} <= set(PROMPTS)  # every one is a key the app plays
        command.downgrade(alembic_config(), "0013")
        with engine.connect() as connection:
            assert {prompt for prompt, _language, _status in _clips(connection)} == {
                "q.pain", "q.evening", "q.tasks", "q.difficulty", "q.attendance"}
    engine.dispose()
