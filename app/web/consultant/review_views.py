"""What one table row and one review item of the caseload show, as small frozen values.

They are the only inputs of the row, review-item and flag-card macros: every figure, word key and link the markup
shows is a field here, so two equal views (in the same language, on the same day, under the same path prefix) render
the same bytes. That is what lets `app.web.fragment_cache` keep each woman's rendered row and review item between
views: a woman whose figures, flags and episodes did not change is not drawn again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import url_for
from markupsafe import Markup

from app.domain.flags import Flag, Sentence
from app.services.caseload import CaseloadRow
from app.services.flags import OpenEpisode
from app.web.charts.strip import FlagStrip


@dataclass(frozen=True)
class ShownSentence:
    """A flag's sentence with its values frozen (a `Sentence` holds a dict, so it cannot be a key)."""

    message: str
    items: tuple[tuple[str, object], ...]
    plural: str | None
    n: str

    @property
    def values(self) -> dict[str, object]:
        """The values as `explain` reads them."""
        return dict(self.items)

    @classmethod
    def of(cls, sentence: Sentence) -> ShownSentence:
        """The sentence, frozen."""
        return cls(sentence.message, tuple(sentence.values.items()), sentence.plural, sentence.n)


@dataclass(frozen=True)
class CardView:
    """One flag card: the flag, the days behind it in its strip, what she answered, and where "Respond" leads."""

    citizen_id: int
    rule: str
    level: str  # the level's css name
    sentences: tuple[ShownSentence, ...]
    strip_width: float
    strip_height: float
    strip_first: date
    strip_last: date
    strip_behind: tuple[date, ...]
    strip_rects: Markup  # the strip's cells: a pure function of its days, level and day (kept by `flag_strip`)
    acknowledged: bool
    ack_reason: str | None
    verdict: str | None
    respond_url: str

    @property
    def flag_id(self) -> str:
        """The card's element id (the htmx target and the plain form's way back)."""
        return f"flag-{self.citizen_id}-{self.rule}"


_PROBE = 987654321


@dataclass
class IdUrls:
    """One endpoint's URLs for many women: `url_for` once, her id put in its place after (a review list links each
    woman and each flag; `url_for` costs more than the rest of her row). Any other value is fixed (`rule`)."""

    endpoint: str
    values: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        probe = url_for(self.endpoint, citizen_id=_PROBE, **self.values)
        # An int converter writes the bare digits; should the probe show up twice, ask url_for every time.
        self._parts = probe.split(str(_PROBE)) if probe.count(str(_PROBE)) == 1 else None

    def __call__(self, citizen_id: int) -> str:
        if self._parts is None:
            return url_for(self.endpoint, citizen_id=citizen_id, **self.values)
        return f"{self._parts[0]}{int(citizen_id)}{self._parts[1]}"


class RespondUrls(dict[str, IdUrls]):
    """Each rule's "Respond" URLs, made when first asked for."""

    def __missing__(self, rule: str) -> IdUrls:
        self[rule] = urls = IdUrls("consultant.respond_to_flag", {"rule": rule})
        return urls


def card_view(citizen_id: int, flag: Flag, state: OpenEpisode | None, strip: FlagStrip,
              respond: RespondUrls | None = None) -> CardView:
    """The card of `flag` with its episode `state` (None: not stored yet) and strip (`respond`: URLs kept for a page)."""
    acknowledged = state is not None and state.acknowledged_at is not None
    return CardView(citizen_id, flag.rule, flag.level.css, tuple(ShownSentence.of(s) for s in flag.sentences),
                    strip.width, strip.height, strip.first, strip.last, strip.behind, strip.rects(),
                    acknowledged, state.ack_reason if acknowledged and state else None,
                    state.verdict if state else None,
                    (respond if respond is not None else RespondUrls())[flag.rule](citizen_id))


@dataclass(frozen=True)
class ItemView:
    """A woman on the review list with her cards of one section."""

    citizen_id: int
    name: str
    workplace: str
    timeline_url: str
    cards: tuple[CardView, ...]
    placement_since: date | None = None  # her placement changed lately: the days behind her flags span two workplaces


@dataclass(frozen=True)
class RowView:
    """One row of the caseload table."""

    name: str
    language: str  # her language's code (named in itself on the page)
    workplace: str
    timeline_url: str
    week_worked: float
    week_known_planned: float
    week_unwritten: float  # planned this week up to today, not written about
    last_week_worked: float
    last_week_planned: float
    last_week_unknown: float
    last_entry: date | None
    days_ago: int | None
    recent_pain: float | None
    usual_pain: float | None
    open_calls: int
    flags: tuple[tuple[str, str], ...]  # (level css, rule) of each flag shown
    placement_since: date | None = None  # her placement changed lately: her recent figures span two workplaces


def row_view(row: CaseloadRow, timeline_url: str, today: date) -> RowView:
    """The table row of `row` as seen on `today`."""
    return RowView(row.citizen.display_name, row.citizen.preferred_language, row.workplace, timeline_url,
                   row.week_worked, row.week_known_planned, row.week_planned - row.week_known_planned,
                   row.last_week_worked, row.last_week_planned, row.last_week_unknown,
                   row.last_entry, (today - row.last_entry).days if row.last_entry else None,
                   row.recent_pain, row.usual_pain, row.open_calls,
                   tuple((flag.level.css, flag.rule) for flag in row.flags), row.placement_since)
