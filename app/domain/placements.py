"""A course is several placements over time: at most one is hers on any day.

A placement runs from its start to its actual end (open while she is still there). Starting
the next one ends the current one the day before, with a reason; the job centre reads the
earlier placements as the effort made, so a placement is ended, never deleted or moved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable

#: What a placement is (issue: the placements of a course).
KINDS: tuple[str, ...] = ("internal", "outside", "paid_job")
#: Why a placement ended; "other" needs words.
END_REASONS: tuple[str, ...] = ("as_planned", "moved", "workplace_closed", "absence", "got_job", "her_wish", "other")


@dataclass(frozen=True)
class Span:
    """A placement's days: `end` is its actual end, None while it runs."""

    id: int
    name: str
    start: date
    end: date | None = None

    def holds(self, day: date) -> bool:
        """Whether `day` is one of its days."""
        return self.start <= day and (self.end is None or day <= self.end)

    def meets(self, start: date, end: date | None) -> bool:
        """Whether the days [start, end] (open when end is None) share a day with it."""
        return (end is None or self.start <= end) and (self.end is None or start <= self.end)


def current_on(spans: Iterable[Span], day: date) -> Span | None:
    """Her placement on `day`, if any."""
    return next((span for span in spans if span.holds(day)), None)


def clash(spans: Iterable[Span], start: date, end: date | None, *, besides: int | None = None) -> Span | None:
    """The first placement other than `besides` that shares a day with [start, end]: the one to name when refusing."""
    return next((span for span in sorted(spans, key=lambda s: s.start) if span.id != besides and span.meets(start, end)), None)


def ended_before(span: Span, next_start: date) -> Span:
    """`span` ended the day before the next placement starts."""
    return Span(span.id, span.name, span.start, next_start - timedelta(days=1))


#: How long the caseload says she changed placement: her figures of the last two weeks then span two workplaces.
NEW_PLACEMENT_DAYS = 14


def new_since(current_start: date | None, first_start: date | None, today: date) -> date | None:
    """The first day of her current placement when it began within the last NEW_PLACEMENT_DAYS days and was not
    her first one (a first placement is a start, not a change); else None."""
    if current_start is None or first_start is None or not first_start < current_start <= today:
        return None
    return current_start if current_start > today - timedelta(days=NEW_PLACEMENT_DAYS) else None
