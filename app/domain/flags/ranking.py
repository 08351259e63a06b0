"""The review list's order: whom to look at first among women who carry the same level of flag.

Level first, highest first, except that a woman silent for more than a week ranks with the reds:
a woman gone quiet is often the most urgent (her flag keeps its own contact colour and words; only
its place changes). Among equals: more domains involved first (attendance, pain, cost of work),
then the newer episode. An acknowledged flag that came back worse after a long time sinks below a
new one of the same level: the consultant already knows that story, the new one she does not.
The name comes last, so the order never depends on the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Sequence

from app.domain.flags.model import Flag, Level
from app.domain.flags.settings import FlagSettings

#: The rules that are a domain of their own. R4 is no domain: it counts as its parts.
DOMAINS = {"R1": "attendance", "R2": "pain", "R3": "cost of work"}


@dataclass(frozen=True)
class Episode:
    """A shown flag with what its episode adds: since when, and whether she acknowledged it before it got worse."""

    flag: Flag
    since: date
    acknowledged: bool = False


@dataclass(frozen=True)
class Standing:
    """What the order needs to know of one woman in one section of the review list."""

    name: str
    episodes: Sequence[Episode]  # her shown flags in the section
    domains: int  # domains involved across all her flags (see `domains_involved`)
    last_contact: date | None  # her last entry of any kind; without one, the day she could start writing


def domains_involved(shown: Sequence[Flag], quiet: Sequence[Flag] = ()) -> int:
    """How many of attendance, pain and cost of work her shown flags involve; a shown R4 brings its parts.

    R4's parts are listed beside it, unless one of them was acknowledged and is quiet: they still
    count, as the engine builds R4 from them (attendance together with pain or cost, or attendance red).
    """
    involved = {DOMAINS[f.rule] for f in shown if f.rule in DOMAINS}
    if any(f.rule == "R4" for f in shown):
        active = {f.rule: f for f in (*shown, *quiet) if f.rule in DOMAINS}
        attendance = active.get("R1")
        if attendance is not None and (attendance.level is Level.RED or "R2" in active or "R3" in active):
            involved |= {DOMAINS[rule] for rule in active}
    return len(involved)


def rank_level(flag: Flag, last_contact: date | None, today: date, settings: FlagSettings = FlagSettings()) -> Level:
    """The level the flag is ranked at: its own, but silence of more than `rank_silence_days` ranks as red."""
    if flag.rule == "R8" and last_contact is not None and (today - last_contact).days > settings.rank_silence_days:
        return Level.RED
    return flag.level


def review_order(standing: Standing, today: date, settings: FlagSettings = FlagSettings()) -> tuple[object, ...]:
    """A sort key, smallest first: level, then known-and-long-standing last, more domains, newer episode, name."""
    levels = [(rank_level(e.flag, standing.last_contact, today, settings), e) for e in standing.episodes]
    level = max(rank for rank, _ in levels)
    top = [e for rank, e in levels if rank == level]
    known = all(e.acknowledged and (today - e.since).days >= settings.rank_known_after_days for e in top)
    newest = max(e.since for e in top)
    return -level, known, -standing.domains, -newest.toordinal(), standing.name.casefold(), standing.name
