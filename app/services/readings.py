"""Stored flag readings: what the engine makes of her log, kept until her log, plan, calls or the day change.

A reading is her active flags (before acknowledgements, which are applied when it is read, so
an acknowledgement never makes it stale), her caseload row's figures, and what the list shows
beside them: her open "accounts differ" days and her word of today for the "today" lane (both
depend only on what already makes a reading stale, and the day). It is fresh while
its `as_of` is today, its `engine` is the fingerprint of the code and settings that computed
it, and its `generation` has not moved since. Writers never compute readings: every change to
what a reading depends on bumps the generation and empties `as_of` in the writer's own
transaction (app/model_events.py). Readers recompute the stale ones in one batch and store
each only if its generation is still the one they saw, so a reading computed from a log that
changed meanwhile is never kept as fresh.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, lru_cache
from pathlib import Path
from typing import Iterable, Protocol, Sequence

from sqlalchemy import bindparam, select, update
from sqlmodel import Session

from app.domain.caseload import RowFigures, logging_since, row_figures
from app.domain.flags import Flag, FlagSettings, active_flags
from app.domain.same_day import DayWord, day_word
from app.domain.schedule import plan_in_force
from app.domain.stored import dumps, loads
from app.model_events import dialect_insert
from app.models import FlagReading
from app.services.accounts_differ import Difference, differences
from app.services.bulk_logs import EVERYTHING, Has, Written, has_of, load_logs, local_day, open_call_days

_TABLE = FlagReading.__table__
#: The code a reading is computed by: a change to any of these files makes every stored reading stale.
_SOURCES = (Path(__file__).resolve().parent.parent / "domain", Path(__file__).resolve().parent / "bulk_logs.py",
            Path(__file__).resolve().parent / "accounts_differ.py", Path(__file__).resolve())


class Her(Protocol):
    """What computing her reading needs to know of her besides her log (a Citizen, or a row of the caseload's query)."""

    @property
    def id(self) -> int | None: ...

    @property
    def consent_at(self) -> datetime | None: ...


@dataclass(frozen=True)
class Beside:
    """What the caseload shows of her beside her flags, kept with her reading so that a warm list runs no statement
    for it: the open days where her entry and another account differ, and what is known of her today (None: the
    "today" lane can have nothing to say of her today)."""

    differences: tuple[Difference, ...] = ()
    today: DayWord | None = None


@dataclass(frozen=True)
class Reading:
    """Her active flags as of a day (most serious first, before acknowledgements), her row's figures, and what the
    list shows beside them."""

    active: tuple[Flag, ...]
    figures: RowFigures
    beside: Beside = Beside()


@dataclass(frozen=True)
class Stored:
    """What the table holds for some women: the fresh readings, and the generation seen of every other one."""

    fresh: dict[int, Reading]
    seen: dict[int, int | None]  # None: she has no row yet


@cache
def fingerprint(settings: FlagSettings) -> str:
    """A short hash of the engine's code and its settings: readings made by other code are stale."""
    digest = hashlib.sha256(repr(settings).encode())
    for source in _SOURCES:
        for path in sorted(source.rglob("*.py")) if source.is_dir() else [source]:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=8192)
def _flags_of(text: str) -> tuple[Flag, ...]:
    """Decoded once per distinct stored text (a pure function of it; the flags are frozen)."""
    return loads(tuple[Flag, ...], text)


@lru_cache(maxsize=8192)
def _figures_of(text: str) -> RowFigures:
    """Decoded once per distinct stored text."""
    return loads(RowFigures, text)


@lru_cache(maxsize=8192)
def _beside_of(text: str) -> Beside:
    """Decoded once per distinct stored text."""
    return loads(Beside, text)


def stored(session: Session, ids: list[int], today: date, settings: FlagSettings) -> Stored:
    """The fresh readings of the women in `ids`; the others are to be recomputed."""
    rows = session.connection().execute(
        select(_TABLE.c.citizen_id, _TABLE.c.generation, _TABLE.c.as_of, _TABLE.c.engine, _TABLE.c.flags, _TABLE.c.figures,
               _TABLE.c.beside)
        .where(_TABLE.c.citizen_id.in_(ids))).all()
    found = sort_out(rows, today, settings)
    return Stored(found.fresh, {**dict.fromkeys(ids), **found.seen})


def is_fresh(columns: Sequence[object], today: date, settings: FlagSettings = FlagSettings()) -> bool:
    """Whether a stored reading's columns (generation, as of, engine, flags, figures, beside) hold a reading of
    `today` by the running engine."""
    _generation, as_of, made_by, flags, figures, beside = columns
    return as_of == today and made_by == fingerprint(settings) and None not in (flags, figures, beside)


def sort_out(rows: Iterable[Sequence[object]], today: date, settings: FlagSettings = FlagSettings()) -> Stored:
    """Stored rows (citizen id, generation, as of, engine, flags, figures, beside; all but the id None where she
    has none yet) sorted into the fresh readings and the generation seen of each stale one."""
    fresh: dict[int, Reading] = {}
    seen: dict[int, int | None] = {}
    for citizen_id, generation, as_of, made_by, flags, figures, beside in rows:
        if is_fresh((generation, as_of, made_by, flags, figures, beside), today, settings):
            fresh[citizen_id] = Reading(_flags_of(flags), _figures_of(figures), _beside_of(beside))
        else:
            seen[citizen_id] = generation
    return Stored(fresh, seen)


def compute(session: Session, citizens: Sequence[Her], today: date, settings: FlagSettings,
            has: dict[int, Has] | None = None) -> dict[int, Reading]:
    """Their readings from their logs (loaded for these women only); `has`: what each has at all, when the caller
    read it already (else one statement reads it)."""
    ids = [c.id for c in citizens]
    has = has if has is not None else has_of(session, ids, today)
    logs = load_logs(session, ids, today, has)
    call_ids = [i for i in ids if has.get(i, EVERYTHING).calls]
    calls = open_call_days(session, call_ids) if call_ids else {}
    differ_ids = [i for i in ids if has.get(i, EVERYTHING).other_accounts]
    differ = differences(session, differ_ids) if differ_ids else {}
    found = {}
    for citizen in citizens:
        plans, entries = logs.plans.get(citizen.id, []), logs.entries.get(citizen.id, {})
        since = logging_since(local_day(citizen.consent_at) if citizen.consent_at else None, plans)
        active = active_flags(plans, entries, today, calls=calls.get(citizen.id, []), logging_since=since, settings=settings,
                              marked=logs.marked.get(citizen.id, ()))
        confirmed = has.get(citizen.id, EVERYTHING).confirmed_today or citizen.id in logs.recorded_today
        written = logs.today.get(citizen.id, Written(None, None, None, None))
        word = day_word(citizen.id, plan_in_force(plans, today), today, attendance=written.attendance,
                        absence_reason=written.absence_reason, told_workplace=written.told_in_advance,
                        reported_at=written.created_at, confirmed_elsewhere=confirmed)
        found[citizen.id] = Reading(tuple(active), row_figures(plans, entries, today, since),
                                    Beside(tuple(differ.get(citizen.id, ())), word))
    return found


#: A reading kept only if its generation is still the one seen (built once: it runs after every entry she saves).
_STORE = (update(_TABLE).where(_TABLE.c.citizen_id == bindparam("cid"), _TABLE.c.generation == bindparam("seen"))
          .values(flags=bindparam("flags_json"), figures=bindparam("figures_json"), beside=bindparam("beside_json"), as_of=bindparam("day"),
                  engine=bindparam("made_by"), computed_at=bindparam("at")))


def store(session: Session, readings: dict[int, Reading], seen: dict[int, int | None], today: date, now: datetime,
          settings: FlagSettings) -> None:
    """Keep the readings whose generation is still the one seen (in citizen order: no deadlock between two readers)."""
    values = {"as_of": today, "engine": fingerprint(settings), "computed_at": now}
    rows = [{"cid": citizen_id, "seen": seen[citizen_id], "flags_json": dumps(readings[citizen_id].active),
             "figures_json": dumps(readings[citizen_id].figures), "beside_json": dumps(readings[citizen_id].beside)}
            for citizen_id in sorted(readings)]
    connection = session.connection()
    known = [{**row, "day": today, "made_by": values["engine"], "at": now} for row in rows if row["seen"] is not None]
    if known:
        connection.execute(_STORE, known)
    new = [{"citizen_id": row["cid"], "generation": 0, "flags": row["flags_json"], "figures": row["figures_json"],
            "beside": row["beside_json"], **values}
           for row in rows if row["seen"] is None]
    if new:
        # A row that appeared meanwhile was made by a writer (her log changed) or by another reader: keep it.
        connection.execute(dialect_insert(connection)(_TABLE).on_conflict_do_nothing(index_elements=["citizen_id"]), new)
