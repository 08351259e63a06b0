"""Her words reach the consultant in Danish: note translations by an interpreter, original kept."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from app.models import DayEntry, NoteTranslation, StaffUser
from app.services import audit
from app.services.audit import Actor


def translations_for(session: Session, entries: list[DayEntry]) -> dict[int, tuple[NoteTranslation, StaffUser]]:
    """The newest translation of each entry's current note, with its translator."""
    ids = [e.id for e in entries if e.note]
    if not ids:
        return {}
    current = {e.id: e.note for e in entries}
    found: dict[int, tuple[NoteTranslation, StaffUser]] = {}
    for translation, translator in session.exec(
            select(NoteTranslation, StaffUser).join(StaffUser, StaffUser.id == NoteTranslation.translator_id)
            .where(NoteTranslation.entry_id.in_(ids)).order_by(NoteTranslation.created_at)).all():
        if translation.source_text == current[translation.entry_id]:
            found[translation.entry_id] = (translation, translator)
    return found


def untranslated_notes(session: Session, citizen_id: int) -> list[DayEntry]:
    """Her entries whose note (as it is now) has no Danish translation yet, newest first."""
    entries = list(session.exec(select(DayEntry).where(DayEntry.citizen_id == citizen_id, DayEntry.note != "")
                                .order_by(DayEntry.day.desc())).all())
    done = translations_for(session, entries)
    return [e for e in entries if e.id not in done]


def translate_note(session: Session, actor: Actor, citizen_id: int, entry_id: int, text_da: str, now: datetime) -> NoteTranslation | None:
    """Store a Danish translation beside her note; None when the entry is not hers or has no note."""
    entry = session.get(DayEntry, entry_id)
    text_da = text_da.strip()
    if entry is None or entry.citizen_id != citizen_id or not entry.note or not text_da:
        return None
    translation = NoteTranslation(entry_id=entry.id, source_language=entry.note_language or "", source_text=entry.note,
                                  text_da=text_da, translator_id=actor.id, created_at=now)
    session.add(translation)
    session.flush()
    audit.record(session, actor, "note.translate", citizen_id=citizen_id, object_type="note_translation", object_id=translation.id)
    session.commit()
    return translation
