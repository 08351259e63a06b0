"""The caseload list: who she follows, how this week goes, and who needs her."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from flask import current_app, render_template, request
from markupsafe import Markup

from app.domain.flags import Flag
from app.domain.flags.ranking import Episode, Standing, domains_involved, review_order
from app.domain.same_day import LaneItem, today_lane

from app import clock
from app.config import LANGUAGES
from app.db import get_session
from app.services import audit
from app.services.activity_setup import caseload_groups
from app.services.caseload import CaseloadRow
from app.services.caseload import caseload as caseload_rows
from app.services.flags import ACK_REASONS, CitizenFlags, OpenEpisode
from app.web.answers import ABSENCE_REASONS
from app.web.charts.strip import flag_strip
from app.web.consultant.attendance import ATTENDANCE_NAMES, SOURCE_NAMES, STATUS_NAMES
from app.web.consultant.blueprint import actor, bp, me, today
from app.web.consultant.review_views import IdUrls, ItemView, RespondUrls, card_view, row_view
from app.web.fragment_cache import Fragments
from app.web.ids import db_int


#: Review list sections and the rules they gather (R5 "consider stepping back" sits with the suggestions).
SECTIONS = {"now": ("R4", "R1", "R2", "R3", "R8"), "suggestions": ("R5", "R6"), "report": ("R7",)}


@bp.get("/")
def caseload() -> str:
    """Every woman in her caseload, searchable by name or workplace and filterable by language and group."""
    query = request.args.get("q", "")[:100]
    language = request.args.get("language", "")
    if language not in LANGUAGES:
        language = ""
    group = request.args.get("group", type=db_int)  # not hers: none of her women are in it, the list is empty
    session = get_session()
    rows, found = caseload_rows(session, me().id, today(), query=query, language=language, group_id=group,
                                stored=current_app.config["FLAG_READINGS"])
    groups = caseload_groups(session, me().id) if request.headers.get("HX-Request") != "true" else []
    # The list shows health-derived flags: one audit row per view (not one per woman: a search types many views).
    # Recorded last, so the whole view is one transaction (on PostgreSQL each one begun costs round trips).
    audit.record(session, actor(), "caseload.view", object_type="caseload", object_id=me().id)
    session.commit()
    day = today()
    timeline = IdUrls("consultant.timeline")
    timeline_urls = {row.citizen.id: timeline(row.citizen.id) for row in rows}
    drawn = Fragments(day)
    # A plain form came back without a reason: that card is drawn open, asking for it (its forms are never kept).
    asking = request.args.get("reason_needed", "")[:40]
    respond = RespondUrls()
    table: list[Markup] = []
    placed: dict[str, list[tuple[tuple[object, ...], Markup]]] = {name: [] for name in SECTIONS}
    for row in rows:
        def draw_her(row: CaseloadRow = row) -> Drawn:
            return drawn_woman(drawn, row, found[row.citizen.id], day, timeline_urls[row.citizen.id], respond, asking)
        # A woman whose listing read the same as before is kept whole: her row and cards, not even their views built.
        her = drawn.keep(("caseload", row.source), draw_her) if row.source is not None and not asking else draw_her()
        table.append(her.row)
        for name, order, item in her.items:
            placed[name].append((order, item))
    if request.headers.get("HX-Request") == "true":  # a search as she types: the table alone
        return render_template("consultant/_caseload_rows.html", rows=table)
    review = {name: [item for _, item in sorted(items, key=lambda pair: pair[0])] for name, items in placed.items()}
    # "Accounts differ" is information beside the flags, never one of them; "today" (issue 23) is who said she cannot
    # come and whom no one has heard from by now, for the call routine. Both are kept with her reading.
    accounts = [(row, list(row.beside.differences)) for row in rows if row.beside.differences]
    now = clock.local_now(clock.utcnow()).time()
    grace = timedelta(minutes=current_app.config["TODAY_LANE_GRACE_MINUTES"])
    by_id = {row.citizen.id: row for row in rows}
    words = [row.beside.today for row in rows if row.beside.today is not None]
    today_items = [drawn.draw(TODAY_ITEM, "today_item", TodayView(item, by_id[item.citizen_id].citizen.display_name,
                                                                   timeline_urls[item.citizen_id],
                                                                   ABSENCE_REASONS.get(item.absence_reason or "other", "")))
                   for item in today_lane(words, now, grace)]
    return render_template("consultant/caseload.html", rows=table, review=review, query=query, language=language,
                           groups=groups, group=group, accounts=accounts,
                           attendance_names=ATTENDANCE_NAMES, status_names=STATUS_NAMES, source_names=SOURCE_NAMES,
                           today_items=today_items)


#: The templates of a table row, of a review item and of a woman in the today lane (their macros draw from frozen views alone).
ROW, ITEM, TODAY_ITEM = "consultant/_caseload_row.html", "consultant/_review_item.html", "consultant/_today_item.html"


@dataclass(frozen=True)
class TodayView:
    """A woman in the today lane, as her line shows her: the lane's item, her name, her timeline, why she cannot come."""

    item: LaneItem
    name: str
    url: str
    reason: str  # a message to translate ("" unless she reported an absence)


@dataclass(frozen=True)
class ReviewItem(ItemView):
    """A woman on the review list with her cards of one section."""

    def asks(self, target: str) -> bool:
        """Whether the card with element id `target` is hers (it came back asking for a reason)."""
        return any(card.flag_id == target for card in self.cards)


class Drawn(NamedTuple):
    """A woman's part of the caseload page: her table row, and her review items with their section and sort key."""

    row: Markup
    items: tuple[tuple[str, tuple[object, ...], Markup], ...]


def drawn_woman(drawn: Fragments, row: CaseloadRow, flags: CitizenFlags, day: date, timeline_url: str,
                respond: RespondUrls, asking: str = "") -> Drawn:
    """Her row and her review items (one per section with a flag of hers), each with its place in `review_order`;
    the card with element id `asking` is drawn open, asking for its reason."""
    items = []
    for name, order, item in review_items(row, flags, day, timeline_url, respond):
        markup = (drawn.macro(ITEM, "review_item")(item, ACK_REASONS, asking) if asking and item.asks(asking)
                  else drawn.draw(ITEM, "review_item", item))
        items.append((name, order, markup))
    return Drawn(drawn.draw(ROW, "caseload_row", row_view(row, timeline_url, day)), tuple(items))


def review_items(row: CaseloadRow, flags: CitizenFlags, day: date, timeline_url: str,
                 respond: RespondUrls) -> list[tuple[str, tuple[object, ...], ReviewItem]]:
    """Her items on the review list: one per section (needs you now, suggestions, for the report) with a flag of hers,
    each with its sort key (`review_order`)."""
    domains = domains_involved(flags.report.shown, flags.report.quiet)
    items = []
    for name, rules in SECTIONS.items():
        mine = [(f, flags.states.get(f.rule)) for f in flags.report.shown if f.rule in rules]
        if mine:
            standing = Standing(row.citizen.display_name, [_episode(f, state, day) for f, state in mine], domains,
                                row.last_entry or row.writing_since)
            cards = tuple(card_view(row.citizen.id, f, state, flag_strip(f, day), respond) for f, state in mine)
            items.append((name, review_order(standing, day), ReviewItem(row.citizen.id, row.citizen.display_name, row.workplace,
                                                                        timeline_url, cards, row.placement_since)))
    return items


def _episode(flag: Flag, state: OpenEpisode | None, day: date) -> Episode:
    """The flag with its episode; an episode not yet stored began today."""
    return Episode(flag, state.since if state else day, state is not None and state.acknowledged_at is not None)
