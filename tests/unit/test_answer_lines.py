"""The answers an interpreter reads back to her are the ones she gave, under the question she saw."""

from __future__ import annotations

from datetime import UTC, date, datetime

from app.models import DayEntry
from app.web.answers import entry_lines

NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


def _entry(**answers: object) -> DayEntry:
    return DayEntry(citizen_id=1, day=date(2026, 11, 16), pain=4, idempotency_key="k", payload_hash="x",
                    created_at=NOW, updated_at=NOW, **answers)


def test_an_answer_the_form_chose_for_her_is_not_read_back_as_hers() -> None:
    questions = [line.question for line in entry_lines(_entry(attendance="full", breaks="none", untouched="breaks"), {}, {})]
    assert "Did you need extra breaks?" not in questions
    questions = [line.question for line in entry_lines(_entry(attendance="full", breaks="none"), {}, {})]
    assert "Did you need extra breaks?" in questions


def test_the_evening_question_follows_whether_she_worked() -> None:
    worked = entry_lines(_entry(attendance="early", hours_worked=1.0, early_reasons="pain", evening=4), {}, {})
    absent = entry_lines(_entry(attendance="absent", absence_reason="ill_pain", told_in_advance=True, evening=4), {}, {})
    day_off = entry_lines(_entry(evening=2), {}, {})
    assert worked[-1].question == "How were you that evening, after work?"
    assert absent[-1].question == day_off[-1].question == "How were you that evening?"
