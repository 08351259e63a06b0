"""One place that keeps stored flag readings in step with everything they are read from.

A reading (app/services/readings.py) depends on her entries, her plan (schedule versions, and
the internships and courses that tie them to her), her open "call me" requests, when she
consented, and the workplace's voice: attendance a consultant recorded for a day she did not log
(counted for R1-R3) and the workplace's account of her days (by placement), and her marks at the
course's sessions (R1): a mark, its register, its series and the series' versions (a session's
kind and hours), and her group memberships. Rather than every writer remembering to say so, two session events see every
write to those tables and mark her reading stale in the writer's own transaction:

- `after_flush`: objects added, changed or deleted through the ORM;
- `do_orm_execute`: INSERT / UPDATE / DELETE statements run with `session.execute` (bulk
  inserts, conditional updates), which bypass the flush. Their women are found by running
  the statement's own WHERE clause as a SELECT first (or from an insert's parameters).

Statements run on a bare Connection (`session.connection().execute`, `engine.begin()`) and
textual SQL are not seen: write these tables through the Session with SQL expressions. Registered on import of app.models, so
every process that can write them (app, CLI, benchmarks, tests) keeps readings honest.
"""

from __future__ import annotations

from functools import cache
from itertools import chain
from typing import Any, Iterable

from sqlalchemy import Connection, bindparam, event, inspect, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from app.models.activities import ActivityMark, ActivityRegister, ActivitySeries, ActivityVersion, GroupMember
from app.models.course import Course, Internship, ScheduleVersion
from app.models.flags import FlagReading
from app.models.log import CallRequest, DayEntry
from app.models.people import Citizen
from app.models.workplace import AttendanceRecord, WorkplaceDay

_READING = FlagReading.__table__


def invalidate(connection: Connection, ids: Iterable[int]) -> None:
    """Her reading is stale from now on, in the caller's transaction (a row is made if she has none yet,
    so a reader who found none cannot store one computed from the log as it was before this write)."""
    ordered = sorted({i for i in ids if i is not None})  # in citizen order: two writers never wait for each other in a circle
    if not ordered:
        return
    connection.execute(_bump(connection.dialect.name), [{"her": citizen_id} for citizen_id in ordered])


@cache
def _bump(dialect: str):  # type: ignore[no-untyped-def]
    """The upsert that makes one reading stale, built once per database (it runs on every write of a log)."""
    insert = (postgresql if dialect == "postgresql" else sqlite).insert
    return insert(_READING).values(citizen_id=bindparam("her"), generation=1).on_conflict_do_update(
        index_elements=["citizen_id"], set_={"generation": _READING.c.generation + 1, "as_of": None})


#: session.info key: the women whose readings this session made stale (see `made_stale`).
STALE = "logbog_stale_readings"


def _remember(session: Session, ids: Iterable[int]) -> None:
    """Note whose readings went stale, so the request can recompute them once its answer is sent."""
    session.info.setdefault(STALE, set()).update(i for i in ids if i is not None)


def made_stale(session: Session) -> set[int]:
    """The women whose readings this session made stale since last asked (and forget them)."""
    return session.info.pop(STALE, set())


def forget(session: Session, citizen_id: int) -> None:
    """Her reading must not be recomputed after this request (she was erased)."""
    session.info.get(STALE, set()).discard(citizen_id)


def invalidate_all(connection: Connection) -> None:
    """Every stored reading is stale (a write whose women cannot be told)."""
    connection.execute(update(_READING).values(generation=_READING.c.generation + 1, as_of=None))


def dialect_insert(connection: Connection):  # type: ignore[no-untyped-def]
    """INSERT with ON CONFLICT for the connection's database."""
    return (postgresql if connection.dialect.name == "postgresql" else sqlite).insert


#: Tables whose rows name her directly.
_OWN = (DayEntry, CallRequest, Course, AttendanceRecord, ActivityMark, GroupMember)


def _via_courses(connection: Connection, course_ids: Iterable[int]) -> set[int]:
    ids = {i for i in course_ids if i is not None}
    return set(connection.execute(select(Course.citizen_id).where(Course.id.in_(ids))).scalars()) if ids else set()


def _via_internships(connection: Connection, internship_ids: Iterable[int]) -> set[int]:
    ids = {i for i in internship_ids if i is not None}
    if not ids:
        return set()
    return set(connection.execute(select(Course.citizen_id).join(Internship, Internship.course_id == Course.id)
                                  .where(Internship.id.in_(ids))).scalars())


def _via_series(connection: Connection, series_ids: Iterable[int]) -> set[int]:
    """The women with a mark in a register of these series (what R1 reads of a series), or whose series it is."""
    ids = {i for i in series_ids if i is not None}
    if not ids:
        return set()
    marked = select(ActivityMark.citizen_id).join(ActivityRegister, ActivityMark.register_id == ActivityRegister.id) \
        .where(ActivityRegister.series_id.in_(ids))
    own = select(ActivitySeries.citizen_id).where(ActivitySeries.id.in_(ids), ActivitySeries.citizen_id.is_not(None))
    return set(connection.execute(marked.union(own)).scalars())


def _consent_changed(citizen: Citizen) -> bool:
    return inspect(citizen).attrs.consent_at.history.has_changes()


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: UOWTransaction) -> None:
    """Objects written by this flush (their history is still readable here)."""
    own: set[int] = set()
    courses: set[int] = set()
    internships: set[int] = set()
    series: set[int] = set()
    for obj in chain(session.new, session.dirty, session.deleted):
        if obj in session.dirty and not session.is_modified(obj):
            continue  # touched but unchanged
        if isinstance(obj, _OWN):
            own.add(obj.citizen_id)
        elif isinstance(obj, Internship):
            courses.add(obj.course_id)
        elif isinstance(obj, (ScheduleVersion, WorkplaceDay)):
            internships.add(obj.internship_id)
        elif isinstance(obj, Citizen) and obj not in session.new and _consent_changed(obj):
            own.add(obj.id)
        elif isinstance(obj, (ActivityRegister, ActivityVersion)):
            series.add(obj.series_id)
        elif isinstance(obj, ActivitySeries) and obj not in session.new:
            series.add(obj.id)
    if own or courses or internships or series:
        connection = session.connection()
        ids = own | _via_courses(connection, courses) | _via_internships(connection, internships) | _via_series(connection, series)
        invalidate(connection, ids)
        _remember(session, ids)


#: For a statement on each table: the SELECT of her id that its WHERE clause narrows down.
_WHOSE = {
    DayEntry.__table__: lambda: select(DayEntry.citizen_id),
    CallRequest.__table__: lambda: select(CallRequest.citizen_id),
    Course.__table__: lambda: select(Course.citizen_id),
    Citizen.__table__: lambda: select(Citizen.id),
    Internship.__table__: lambda: select(Course.citizen_id).select_from(Internship).join(Course, Internship.course_id == Course.id),
    ScheduleVersion.__table__: lambda: select(Course.citizen_id).select_from(ScheduleVersion)
    .join(Internship, ScheduleVersion.internship_id == Internship.id).join(Course, Internship.course_id == Course.id),
    AttendanceRecord.__table__: lambda: select(AttendanceRecord.citizen_id),
    WorkplaceDay.__table__: lambda: select(Course.citizen_id).select_from(WorkplaceDay)
    .join(Internship, WorkplaceDay.internship_id == Internship.id).join(Course, Internship.course_id == Course.id),
    ActivityMark.__table__: lambda: select(ActivityMark.citizen_id),
    GroupMember.__table__: lambda: select(GroupMember.citizen_id),
    ActivityRegister.__table__: lambda: select(ActivityMark.citizen_id).select_from(ActivityRegister)
    .join(ActivityMark, ActivityMark.register_id == ActivityRegister.id),
    ActivitySeries.__table__: lambda: select(ActivityMark.citizen_id).select_from(ActivitySeries)
    .join(ActivityRegister, ActivityRegister.series_id == ActivitySeries.id).join(ActivityMark, ActivityMark.register_id == ActivityRegister.id),
    ActivityVersion.__table__: lambda: select(ActivityMark.citizen_id).select_from(ActivityVersion)
    .join(ActivityRegister, ActivityRegister.series_id == ActivityVersion.series_id)
    .join(ActivityMark, ActivityMark.register_id == ActivityRegister.id),
}
#: For an INSERT into each table: the column that leads to her, and how.
_INSERTED = {
    DayEntry.__table__: ("citizen_id", None),
    CallRequest.__table__: ("citizen_id", None),
    Course.__table__: ("citizen_id", None),
    Internship.__table__: ("course_id", _via_courses),
    ScheduleVersion.__table__: ("internship_id", _via_internships),
    AttendanceRecord.__table__: ("citizen_id", None),
    WorkplaceDay.__table__: ("internship_id", _via_internships),
    ActivityMark.__table__: ("citizen_id", None),
    GroupMember.__table__: ("citizen_id", None),
    ActivityVersion.__table__: ("series_id", _via_series),
}


@event.listens_for(Session, "do_orm_execute")
def _on_statement(state: ORMExecuteState) -> None:
    """INSERT / UPDATE / DELETE statements on the tables readings depend on."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if table not in _WHOSE:
        return
    connection = state.session.connection()
    if state.is_insert:
        if table not in _INSERTED:
            return  # a new woman has no reading
        column, lead = _INSERTED[table]
        values = _inserted_values(state, column)
        if values is None:
            invalidate_all(connection)
            return
        ids = lead(connection, values) if lead else values
        invalidate(connection, ids)
        _remember(state.session, ids)
        return
    query = _WHOSE[table]()
    where = state.statement.whereclause
    if where is not None:  # without one (every row, or a bulk UPDATE by primary keys) every woman in the table
        query = query.where(where)
    ids = set(connection.execute(query).scalars())
    invalidate(connection, ids)
    _remember(state.session, ids)


def _inserted_values(state: ORMExecuteState, column: str) -> set[Any] | None:
    """The values of `column` an INSERT writes; None when they cannot be told."""
    parameters = state.parameters
    if isinstance(parameters, dict):
        parameters = [parameters]
    if parameters and all(column in row for row in parameters):
        return {row[column] for row in parameters}
    # insert(...).values(...): one row binds the column by its name, several as citizen_id_m0, citizen_id_m1, ...
    compiled = state.statement.compile().params
    found = {value for key, value in compiled.items() if key == column or key.startswith(f"{column}_m")}
    return found or None
