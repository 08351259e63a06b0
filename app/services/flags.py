"""Flags for real women: load their logs in bulk, run the pure engine, keep the episodes.

The engine recomputes every flag from the log; FlagState rows keep what must persist (when
an episode began, the acknowledgement and the verdict). Rows are written only when something
changes, so reading the review list stays cheap.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select as sa_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.clock import LOCAL_ZONE
from app.domain.flags import Acknowledgement, Flag, FlagReport, FlagSettings, Level, evaluate
from app.models import CallRequest, Citizen, FlagState
from app.services import audit
from app.services.audit import Actor
from app.services.caseload import Logs, load_logs

ACK_REASONS = ("known_flare", "holiday", "handled_by_phone", "other")


@dataclass(frozen=True)
class CitizenFlags:
    """A woman's report and her open episodes by rule."""

    report: FlagReport
    states: dict[str, FlagState]


def _open_calls(session: Session, ids: list[int]) -> dict[int, list[date]]:
    calls: dict[int, list[date]] = defaultdict(list)
    for citizen_id, created in session.connection().execute(
            sa_select(CallRequest.citizen_id, CallRequest.created_at)
            .where(CallRequest.citizen_id.in_(ids), CallRequest.handled_at.is_(None))).all():
        calls[citizen_id].append(_local_day(created))
    return calls


def _local_day(moment: datetime) -> date:
    return moment.astimezone(LOCAL_ZONE).date() if moment.tzinfo else moment.date()


def logging_since(citizen: Citizen) -> date | None:
    """The day she could start writing (her consent); None before she has the app."""
    return _local_day(citizen.consent_at) if citizen.consent_at else None


def _open_states(session: Session, ids: list[int]) -> dict[int, dict[str, FlagState]]:
    states: dict[int, dict[str, FlagState]] = defaultdict(dict)
    for state in session.exec(select(FlagState).where(FlagState.citizen_id.in_(ids), FlagState.cleared_on.is_(None))).all():
        states[state.citizen_id][state.rule] = state
    return states


def _acks(states: dict[str, FlagState]) -> list[Acknowledgement]:
    return [Acknowledgement(rule, Level(s.ack_level), s.ack_severity or 0.0, s.acknowledged_at, s.ack_reason or "")
            for rule, s in states.items() if s.acknowledged_at is not None and s.ack_level is not None]


def _cleared_today(session: Session, citizen_id: int, rule: str, today: date) -> FlagState | None:
    return session.exec(select(FlagState).where(FlagState.citizen_id == citizen_id, FlagState.rule == rule,
                                                FlagState.cleared_on == today)).first()


def _sync(session: Session, citizen_id: int, report: FlagReport, states: dict[str, FlagState], today: date) -> bool:
    """Open, update or close episodes; returns whether anything was written."""
    changed = False
    active = {flag.rule: flag for flag in report.shown + report.quiet}
    for rule, state in list(states.items()):
        if rule not in active:
            state.cleared_on = today
            session.add(state)
            del states[rule]
            changed = True
    for rule, flag in active.items():
        state = states.get(rule)
        if state is None:
            # Cleared earlier today and back (a corrected entry): the same episode goes on.
            state = _cleared_today(session, citizen_id, rule, today) or FlagState(
                citizen_id=citizen_id, rule=rule, level=int(flag.level), severity=flag.severity, since=today)
            state.cleared_on = None
            states[rule] = state
        elif state.level == int(flag.level) and abs(state.severity - flag.severity) < 1e-9:
            continue
        state.level, state.severity = int(flag.level), flag.severity
        session.add(state)
        changed = True
    return changed


def flags_for(session: Session, citizens: list[Citizen], today: date, *, logs: Logs | None = None,
              settings: FlagSettings = FlagSettings()) -> dict[int, CitizenFlags]:
    """Each woman's flags as of today, with her open episodes brought up to date (reuses `logs` when given)."""
    try:
        return _flags_for(session, citizens, today, logs, settings)
    except IntegrityError:
        # Another request opened the same episode a moment ago: read again, and find it.
        session.rollback()
        return _flags_for(session, citizens, today, logs, settings)


def _flags_for(session: Session, citizens: list[Citizen], today: date, logs: Logs | None,
               settings: FlagSettings) -> dict[int, CitizenFlags]:
    ids = [c.id for c in citizens]
    if not ids:
        return {}
    logs = logs or load_logs(session, ids, today)
    plans, entries, calls, states = logs.plans, logs.entries, _open_calls(session, ids), _open_states(session, ids)
    result, changed = {}, False
    for citizen in citizens:
        mine = states[citizen.id]
        since = _local_day(citizen.consent_at) if citizen.consent_at else None
        report = evaluate(plans.get(citizen.id, []), entries.get(citizen.id, {}), today, calls=calls.get(citizen.id, []),
                          logging_since=since, acknowledgements=_acks(mine), settings=settings)
        changed |= _sync(session, citizen.id, report, mine, today)
        result[citizen.id] = CitizenFlags(report, dict(mine))
    if changed:
        session.commit()
    return result


def _open_state(session: Session, citizen_id: int, rule: str) -> FlagState | None:
    return session.exec(select(FlagState).where(FlagState.citizen_id == citizen_id, FlagState.rule == rule,
                                                FlagState.cleared_on.is_(None))).first()


def acknowledge(session: Session, actor: Actor, citizen_id: int, rule: str, reason: str, now: datetime) -> FlagState | None:
    """"I know": the flag stays quiet until it is worse than now. None when there is no such open flag."""
    state = _open_state(session, citizen_id, rule)
    if state is None or reason not in ACK_REASONS:
        return None
    state.ack_reason, state.ack_level, state.ack_severity = reason, state.level, state.severity
    state.acknowledged_at, state.acknowledged_by_id = now, actor.id
    session.add(state)
    audit.record(session, actor, "flag.acknowledge", citizen_id=citizen_id, object_type="flag_state", object_id=state.id)
    session.commit()
    return state


def record_verdict(session: Session, actor: Actor, citizen_id: int, rule: str, useful: bool, now: datetime) -> FlagState | None:
    """Keep the consultant's "useful / not useful" for tuning the thresholds."""
    state = _open_state(session, citizen_id, rule)
    if state is None:
        return None
    state.verdict, state.verdict_at, state.verdict_by_id = ("useful" if useful else "not_useful"), now, actor.id
    session.add(state)
    audit.record(session, actor, "flag.verdict", citizen_id=citizen_id, object_type="flag_state", object_id=state.id)
    session.commit()
    return state


def flag_of(report: FlagReport, rule: str) -> Flag | None:
    """The shown or quiet flag of `rule`."""
    return next((f for f in report.shown + report.quiet if f.rule == rule), None)
