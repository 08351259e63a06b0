"""The raw log of a report's period, ready for its data files: task names, the placement of each day, and her notes
with their Danish translation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from app.domain.activities import Session as ActivitySession
from app.domain.placements import Span, current_on
from app.domain.workplace_account import merged_days
from app.models import DayEntry, EntryTask, NoteTranslation, Task
from app.services.activities import her_marks, her_sessions
from app.services.placements import span_of
from app.services.reports import placements_between
from app.services.translations import translations_for
from app.services.workplace_account import workplace_accounts


@dataclass(frozen=True)
class ExportRow:
    """One entry of the period with what a reader needs beside the codes."""

    entry: DayEntry
    tasks: tuple[tuple[int, str, bool], ...]  # (task id, Danish name, hard), in her task order
    translation: NoteTranslation | None
    placement: Span | None = None  # where she was that day (a period may hold several placements)
    workplace: str | None = None  # the workplace's account of the day (workplace.DAY_STATUSES), if it gave one

    @property
    def untranslated(self) -> bool:
        """Her note still waits for its Danish translation."""
        return needs_translation(self.entry, self.translation is not None)


def needs_translation(entry: DayEntry, translated: bool) -> bool:
    """A note not written in Danish (or in a language not recorded) without a translation of its current words."""
    return bool(entry.note) and entry.note_language != "da" and not translated


def _entries(session: Session, citizen_id: int, first: date, last: date) -> list[DayEntry]:
    return list(session.exec(select(DayEntry).where(DayEntry.citizen_id == citizen_id, DayEntry.day >= first, DayEntry.day <= last)
                             .order_by(DayEntry.day)).all())


def export_rows(session: Session, citizen_id: int, first: date, last: date) -> list[ExportRow]:
    """Her entries of [first, last], oldest first, each with its tasks by name, its placement and its note's translation."""
    entries = _entries(session, citizen_id, first, last)
    if not entries:
        return []
    translations = translations_for(session, entries)
    marks = session.exec(select(EntryTask).where(EntryTask.entry_id.in_([e.id for e in entries]))).all()
    tasks = {t.id: t for t in session.exec(select(Task).where(Task.id.in_(sorted({m.task_id for m in marks})))).all()} if marks else {}
    done: dict[int, list[tuple[int, str, bool]]] = {}
    for mark in sorted(marks, key=lambda m: (tasks[m.task_id].position, m.task_id)):
        done.setdefault(mark.entry_id, []).append((mark.task_id, tasks[mark.task_id].label_da, mark.hard))
    spans = placement_spans(session, citizen_id, first, last)
    workplace = merged_days(workplace_accounts(session, spans, first, last))
    return [ExportRow(entry, tuple(done.get(entry.id, ())), translations[entry.id][0] if entry.id in translations else None,
                      current_on(spans, entry.day), workplace[entry.day].status if entry.day in workplace else None)
            for entry in entries]


def placement_spans(session: Session, citizen_id: int, first: date, last: date) -> list[Span]:
    """Her placements with a day in [first, last], oldest first, as the data files name them (id, workplace, days)."""
    return [span_of(p) for p in placements_between(session, citizen_id, first, last)]


def untranslated_between(session: Session, citizen_id: int, first: date, last: date) -> list[DayEntry]:
    """Her notes of [first, last] that would go out without a Danish translation, oldest first."""
    entries = [e for e in _entries(session, citizen_id, first, last) if e.note]
    translated = translations_for(session, entries)
    return [e for e in entries if needs_translation(e, e.id in translated)]


def activity_rows(session: Session, citizen_id: int, first: date, last: date) -> list[tuple[ActivitySession, str | None]]:
    """Her sessions of [first, last] with her mark in their register (None: no register taken), by day and start."""
    marks = her_marks(session, citizen_id, first, last)
    return [(one, marks.get((one.series_id, one.day))) for one in her_sessions(session, citizen_id, first, last)]
