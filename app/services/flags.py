"""Flags for real women: their stored readings, the episodes, and the consultant's answers to them.

The engine recomputes every flag from the log; a woman's reading (app/services/readings.py)
keeps its result until her log, plan, calls or the day change, so a warm review list reads
stored rows. FlagState rows keep what must persist (when an episode began, the
acknowledgement and the verdict); they change only when a reading does, so they are brought
up to date when one is recomputed, and acknowledgements are applied when a reading is read.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Mapping, NamedTuple, Sequence

from sqlalchemy import and_, bindparam
from sqlalchemy import select as core_select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, select

from app import clock
from app.domain.flags import Acknowledgement, Flag, FlagReport, FlagSettings, Level, split_acknowledged
from app.models import Citizen, FlagReading, FlagState
from app.services import audit, readings
from app.services.audit import Actor
from app.services.bulk_logs import HAS_COLUMNS, Has
from app.services.readings import Reading

ACK_REASONS = ("known_flare", "holiday", "handled_by_phone", "other")


class EpisodeRead(NamedTuple):
    """An open episode as a page reads it: the columns of its `FlagState` that a page shows or applies."""

    citizen_id: int
    rule: str
    level: int
    severity: float
    since: date
    ack_reason: str | None
    ack_level: int | None
    ack_severity: float | None
    acknowledged_at: datetime | None
    verdict: str | None


#: An open episode on a page: read as values, or (hers, when her reading was recomputed) the row just brought up to date.
OpenEpisode = EpisodeRead | FlagState


@dataclass(frozen=True)
class CitizenFlags:
    """A woman's report and her open episodes by rule."""

    report: FlagReport
    states: Mapping[str, OpenEpisode]


#: Its columns, in its order: a caller that joins open episodes to a query of its own selects these.
EPISODE_COLUMNS = tuple(getattr(FlagState, name) for name in EpisodeRead._fields)
_OPEN_EPISODES = core_select(*EPISODE_COLUMNS).where(
    FlagState.citizen_id.in_(bindparam("ids", expanding=True)), FlagState.cleared_on.is_(None))


def _open_episodes(session: Session, ids: list[int]) -> dict[int, dict[str, OpenEpisode]]:
    """The open episodes of the women in `ids`, as plain values to read (a page reads some sixty; making each an
    object it could change cost more than the rest of the query)."""
    episodes: dict[int, dict[str, OpenEpisode]] = defaultdict(dict)
    for row in session.connection().execute(_OPEN_EPISODES, {"ids": ids}):
        episodes[row.citizen_id][row.rule] = EpisodeRead(*row)
    return episodes


def _unchanged(episode: OpenEpisode, flag: Flag) -> bool:
    """Whether the episode holds the flag's level and severity already."""
    return episode.level == int(flag.level) and abs(episode.severity - flag.severity) < 1e-9


def _in_step(flags: Sequence[Flag], episodes: Mapping[str, OpenEpisode]) -> bool:
    """Whether her open episodes are her active flags already, unchanged (nothing to write)."""
    return len(flags) == len(episodes) and all(
        (episode := episodes.get(flag.rule)) is not None and _unchanged(episode, flag) for flag in flags)


def _open_states(session: Session, ids: list[int]) -> dict[int, dict[str, FlagState]]:
    """The open episodes of the women in `ids`, as objects to bring up to date."""
    states: dict[int, dict[str, FlagState]] = defaultdict(dict)
    for state in session.exec(select(FlagState).where(FlagState.citizen_id.in_(ids), FlagState.cleared_on.is_(None))).all():
        states[state.citizen_id][state.rule] = state
    return states


def _acks(states: Mapping[str, OpenEpisode]) -> list[Acknowledgement]:
    return [Acknowledgement(rule, Level(s.ack_level), s.ack_severity or 0.0, s.acknowledged_at, s.ack_reason or "")
            for rule, s in states.items() if s.acknowledged_at is not None and s.ack_level is not None]


def _recently_cleared(session: Session, citizen_id: int, rule: str, today: date, within_days: int) -> FlagState | None:
    """Her episode of `rule` that cleared in the last `within_days` days, if any (the newest)."""
    return session.exec(select(FlagState).where(FlagState.citizen_id == citizen_id, FlagState.rule == rule,
                                                FlagState.cleared_on >= today - timedelta(days=within_days))
                        .order_by(FlagState.cleared_on.desc(), FlagState.id.desc())).first()


def _sync(session: Session, citizen_id: int, flags: Sequence[Flag], states: dict[str, FlagState], today: date,
          settings: FlagSettings) -> bool:
    """Open, update or close episodes to match her active flags; returns whether anything was written."""
    changed = False
    active = {flag.rule: flag for flag in flags}
    for rule, state in list(states.items()):
        if rule not in active:
            state.cleared_on = today
            session.add(state)
            del states[rule]
            changed = True
    for rule, flag in active.items():
        state = states.get(rule)
        if state is None:
            # Back within a week of clearing (a corrected entry, or a flare that comes every third week): the same
            # episode goes on, with its acknowledgement, so a known pattern is not a new alarm each time.
            state = _recently_cleared(session, citizen_id, rule, today, settings.reopen_within_days) or FlagState(
                citizen_id=citizen_id, rule=rule, level=int(flag.level), severity=flag.severity, since=today)
            state.cleared_on = None
            states[rule] = state
        elif _unchanged(state, flag):
            continue
        state.level, state.severity = int(flag.level), flag.severity
        session.add(state)
        changed = True
    return changed


def flags_for(session: Session, citizens: list[Citizen], today: date, *, stored: bool = True,
              settings: FlagSettings = FlagSettings()) -> dict[int, CitizenFlags]:
    """Each woman's flags as of today, with her open episodes brought up to date.

    `stored=False` (the FLAG_READINGS setting off) recomputes every woman and keeps no reading:
    the path before readings were stored, for comparison.
    """
    return flags_and_readings(session, citizens, today, stored=stored, settings=settings)[0]


def flags_and_readings(session: Session, citizens: Sequence[readings.Her], today: date, *, stored: bool = True,
                       settings: FlagSettings = FlagSettings(), kept: list[Sequence[object]] | None = None,
                       episodes: dict[int, dict[str, OpenEpisode]] | None = None, has: dict[int, Has] | None = None,
                       ) -> tuple[dict[int, CitizenFlags], dict[int, Reading]]:
    """`flags_for`, with the readings behind it (their caseload figures).

    A caller that read their stored readings with a query of its own passes them as `kept` (one row per woman,
    as `readings.sort_out` takes them), and likewise their open episodes (`EpisodeRead`s by woman and rule) and what
    they have (`has`): on PostgreSQL each statement spared is a round trip.
    """
    try:
        return _flags_and_readings(session, citizens, today, stored, settings, kept, episodes, has)
    except (IntegrityError, OperationalError):
        # Another request opened the same episode a moment ago (or, on SQLite, wrote first): read again, and find it.
        session.rollback()
        return _flags_and_readings(session, citizens, today, stored, settings, None, None, None)


def _flags_and_readings(session: Session, citizens: Sequence[readings.Her], today: date, stored: bool, settings: FlagSettings,
                        kept: list[Sequence[object]] | None, episodes: dict[int, dict[str, OpenEpisode]] | None,
                        has: dict[int, Has] | None) -> tuple[dict[int, CitizenFlags], dict[int, Reading]]:
    ids = [c.id for c in citizens]
    if not ids:
        return {}, {}
    if not stored:
        found = readings.Stored({}, dict.fromkeys(ids))
    else:
        found = readings.sort_out(kept, today, settings) if kept is not None else readings.stored(session, ids, today, settings)
    stale = [c for c in citizens if c.id not in found.fresh]
    states = defaultdict(dict, episodes) if episodes is not None else _open_episodes(session, ids)
    computed = readings.compute(session, stale, today, settings, has) if stale else {}
    changed = False
    changing = [c.id for c in stale if not _in_step(computed[c.id].active, states[c.id])]
    if changing:  # their episodes open, close or change level: loaded again as objects to change
        to_sync = _open_states(session, changing)
        for citizen_id in changing:
            changed |= _sync(session, citizen_id, computed[citizen_id].active, to_sync[citizen_id], today, settings)
            states[citizen_id] = dict(to_sync[citizen_id])
    if stored and computed:
        session.flush()  # episodes first, then readings, in every request: two readers never wait in a circle
        readings.store(session, computed, found.seen, today, clock.utcnow(), settings)
        changed = True
    if changed:
        session.commit()
    every = {**found.fresh, **computed}
    return ({c.id: CitizenFlags(split_acknowledged(every[c.id].active, _acks(states[c.id])), dict(states[c.id]))
             for c in citizens}, every)


#: Some women (`ids`) with what computing their readings needs to know of them, which of the rarer things they
#: have at all (`bulk_logs.Has`), their stored readings' columns (as `readings.sort_out` takes them) and their open
#: episodes (a row per episode; one with None for its columns when she has none): one statement where a refresh would
#: otherwise run five (on PostgreSQL each is a round trip, after every entry she saves).
_HER_AND_READING = (
    core_select(Citizen.id, Citizen.consent_at, *HAS_COLUMNS, FlagReading.generation, FlagReading.as_of,
                FlagReading.engine, FlagReading.flags, FlagReading.figures, FlagReading.beside, *EPISODE_COLUMNS)
    .outerjoin(FlagReading, FlagReading.citizen_id == Citizen.id)
    .outerjoin(FlagState, and_(FlagState.citizen_id == Citizen.id, FlagState.cleared_on.is_(None)))
    .where(Citizen.id.in_(bindparam("ids", expanding=True))).order_by(Citizen.id))
_HAS = slice(2, 2 + len(HAS_COLUMNS))
_READING = slice(_HAS.stop, _HAS.stop + 6)
_EPISODE = slice(_READING.stop, None)


def refresh(session: Session, citizen_ids: set[int], today: date, settings: FlagSettings = FlagSettings()) -> None:
    """Recompute these women's stale readings now (after the write that made them stale), so the review
    list finds them fresh instead of recomputing them while the consultant waits."""
    her: dict[int, Any] = {}
    kept, has, episodes = [], {}, defaultdict(dict)
    for row in session.connection().execute(_HER_AND_READING, {"ids": sorted(citizen_ids), "today": today}):
        if row.id not in her:
            her[row.id] = row
            kept.append((row.id, *row[_READING]))
            has[row.id] = Has(*map(bool, row[_HAS]))
        episode = EpisodeRead(*row[_EPISODE])
        if episode.rule is not None:
            episodes[row.id][episode.rule] = episode
    if her:
        flags_and_readings(session, list(her.values()), today, settings=settings, kept=kept, episodes=episodes, has=has)


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
