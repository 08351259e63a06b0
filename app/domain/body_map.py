"""The weekly body map: where it hurt this week, on a front and a back silhouette.

Once a week her day form carries an optional extra question, "Where did it hurt this week?".
The answer is a set of body regions (or "nowhere"), stored with that day's entry so it is
saved, replayed and corrected exactly like the rest of the day. Left and right are hers:
"left_shoulder" is her own left shoulder, whichever way the picture faces.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable, Mapping, Sequence

#: "It did not hurt anywhere": an answer of its own, so "nowhere" differs from "not answered".
NOWHERE = "none"


@dataclass(frozen=True)
class Region:
    """One tappable region: its code and the view (front or back) it is drawn on."""

    code: str
    view: str


#: About fifteen regions, in the order they are listed and read out (head to feet).
REGIONS: tuple[Region, ...] = (
    Region("head", "front"),
    Region("neck", "back"),
    Region("right_shoulder", "back"),
    Region("left_shoulder", "back"),
    Region("chest", "front"),
    Region("upper_back", "back"),
    Region("stomach", "front"),
    Region("lower_back", "back"),
    Region("right_arm", "front"),
    Region("left_arm", "front"),
    Region("right_hand", "front"),
    Region("left_hand", "front"),
    Region("right_leg", "front"),
    Region("left_leg", "front"),
    Region("right_foot", "front"),
    Region("left_foot", "front"),
)
REGION_CODES: tuple[str, ...] = tuple(region.code for region in REGIONS)

#: Settings for BODY_MAP_DAY: never ask, ask on her last planned work day of the week, or a weekday.
OFF, LAST_WORKDAY = "off", "last_workday"
WEEKDAYS: tuple[str, ...] = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def parse_regions(raw: Iterable[str]) -> tuple[str, ...] | None:
    """Submitted region codes as a sorted tuple in head-to-feet order, (NOWHERE,) or () when none ticked.

    Returns None when a code is unknown or "nowhere" comes together with a region.
    """
    chosen = set(raw)
    if not chosen <= {*REGION_CODES, NOWHERE}:
        return None
    if NOWHERE in chosen:
        return (NOWHERE,) if chosen == {NOWHERE} else None
    return tuple(code for code in REGION_CODES if code in chosen)


def encode(regions: Sequence[str] | None) -> str | None:
    """For the database: NULL when not answered, else comma-separated codes."""
    return ",".join(regions) if regions else None


def decode(stored: str | None) -> tuple[str, ...]:
    """The stored codes; () when not answered."""
    return tuple(code for code in (stored or "").split(",") if code)


def week_start(day: date) -> date:
    """Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def asking_day(setting: str, week_days_planned: Sequence[float], monday: date) -> date | None:
    """The day of the week starting `monday` from which the body map is asked, or None.

    `week_days_planned` are the planned hours Monday..Sunday. With LAST_WORKDAY it is her last
    planned day (no planned day: not asked that week); with a weekday name, that day.
    """
    if setting == LAST_WORKDAY:
        planned = [index for index, hours in enumerate(week_days_planned) if hours > 0]
        return monday + timedelta(days=planned[-1]) if planned else None
    if setting in WEEKDAYS:
        return monday + timedelta(days=WEEKDAYS.index(setting))
    return None


def asks_on(day: date, asking_from: date | None, answered_on: date | None) -> bool:
    """Whether the day's form carries the body map.

    From the asking day to Sunday, until one day of the week carries an answer; the day that
    carries it keeps showing it (so she can correct it). A missed asking day is caught up on
    her next entry that week.
    """
    if answered_on is not None:
        return answered_on == day
    return asking_from is not None and asking_from <= day


def weeks_by_region(answers: Mapping[date, Sequence[str]]) -> dict[str, set[date]]:
    """{region: weeks (Mondays) it hurt}, from {day: regions}; "nowhere" marks no region."""
    table: dict[str, set[date]] = {}
    for day, regions in answers.items():
        for code in regions:
            if code != NOWHERE:
                table.setdefault(code, set()).add(week_start(day))
    return table


@dataclass(frozen=True)
class BodyMapWeeks:
    """The body map over several weeks, for the consultant's timeline."""

    mondays: tuple[date, ...]
    answered: frozenset[date]  # weeks with an answer ("nowhere" included)
    rows: tuple[tuple[str, frozenset[date]], ...]  # (region, weeks it hurt), head to feet; only regions that hurt

    @property
    def any_answer(self) -> bool:
        """Whether she answered the body map in any of the weeks."""
        return bool(self.answered)


def body_map_weeks(answers: Mapping[date, Sequence[str]], mondays: Sequence[date]) -> BodyMapWeeks:
    """Which regions hurt in which of the weeks starting on `mondays`, from {day: regions}."""
    shown = set(mondays)
    answered = frozenset(week_start(day) for day, regions in answers.items() if regions and week_start(day) in shown)
    table = weeks_by_region(answers)
    rows = tuple((code, frozenset(table[code] & shown)) for code in REGION_CODES if table.get(code, set()) & shown)
    return BodyMapWeeks(mondays=tuple(mondays), answered=answered, rows=rows)
