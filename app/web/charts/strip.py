"""A small strip of the last four weeks with the days behind a flag filled in (for the review list)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from datetime import date, timedelta

from markupsafe import Markup

from app.domain.flags import Flag

STRIP_DAYS = 28
CELL = 9.0
GAP = 2.0


@dataclass(frozen=True)
class StripCell:
    """One day of the strip."""

    day: date
    x: float
    behind: bool  # one of the days behind the flag
    week_start: bool


@dataclass(frozen=True)
class FlagStrip:
    """The strip's cells and size."""

    cells: tuple[StripCell, ...]
    width: float
    height: float
    level: str
    first: date
    last: date
    behind: tuple[date, ...]


    @cached_property
    def _rects(self) -> Markup:
        # Safe (B704): numbers and fixed class names only
        return Markup("".join(  # nosec B704
            f'<rect class="strip-day{" strip-behind" if c.behind else ""}{" strip-monday" if c.week_start else ""}" '
            f'x="{c.x:g}" y="3" width="{CELL:g}" height="{CELL:g}" rx="1.5"/>' for c in self.cells))

    def rects(self) -> Markup:
        """The cells as SVG rectangles (built here, once per strip: a review list draws hundreds of them)."""
        return self._rects


def flag_strip(flag: Flag, today: date) -> FlagStrip:
    """The last 28 days up to today; days behind the flag marked."""
    return _strip(flag.days, flag.level.css, today)


@lru_cache(maxsize=4096)
def _strip(days: tuple[date, ...], level: str, today: date) -> FlagStrip:
    # A strip depends on nothing else: the review list draws the same ones on every view of the day.
    first = today - timedelta(days=STRIP_DAYS - 1)
    behind = set(days)
    calendar = [first + timedelta(days=n) for n in range(STRIP_DAYS)]
    cells = tuple(StripCell(day, n * (CELL + GAP), day in behind, day.weekday() == 0) for n, day in enumerate(calendar))
    return FlagStrip(cells, STRIP_DAYS * (CELL + GAP), CELL + 6, level, first, today,
                     tuple(sorted(d for d in behind if first <= d <= today)))
