"""Clips recorded before questions had one clip per wording keep playing: each becomes its "today" wording's."""

from __future__ import annotations

from pathlib import Path

from app.web.prompts import PROMPTS
from tests.old_database import OldDatabase

CLIPS = "SELECT prompt, language, status FROM audio_clip"


def test_it_moves_old_question_clips_to_their_today_wording_and_back(tmp_path: Path) -> None:
    old = OldDatabase(tmp_path, "0013")
    old.execute("INSERT INTO staff_user (name, email, password_hash, role, active, created_at) "
                "VALUES ('A', 'a@x.dk', '', 'admin', 1, '2026-11-01 10:00:00')")
    for prompt, language, status in (("q.pain", "da", "live"), ("q.pain", "da", "pending"), ("q.evening", "ar", "live"),
                                     ("q.tasks", "so", "live"), ("q.difficulty", "ur", "live"), ("q.attendance", "da", "live")):
        old.execute(
            "INSERT INTO audio_clip (prompt, language, mime_type, content, digest, duration_ms, recorded_by, recorded_at, status)"
            " VALUES (:prompt, :language, 'audio/mpeg', x'00', :digest, 900, 1, '2026-11-01 10:00:00', :status)",
            {"prompt": prompt, "language": language, "status": status, "digest": f"{prompt}{language}{status}"})
    old.migrate("upgrade")
    moved = set(old.rows(CLIPS))
    assert moved == {("q.pain.today", "da", "live"), ("q.pain.today", "da", "pending"), ("q.evening.after_work.today", "ar", "live"),
                     ("q.tasks.today", "so", "live"), ("q.difficulty.today", "ur", "live"), ("q.attendance", "da", "live")}
    assert {prompt for prompt, _language, _status in moved} <= set(PROMPTS)  # every one is a key the app plays
    old.migrate("downgrade", "0013")
    assert {prompt for prompt, _language, _status in old.rows(CLIPS)} == {
        "q.pain", "q.evening", "q.tasks", "q.difficulty", "q.attendance"}
    old.engine.dispose()
