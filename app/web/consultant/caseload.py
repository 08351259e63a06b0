"""The caseload list: who she follows, how this week goes, and who needs her."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app, render_template, request

from app.domain.flags import Flag
from app.models import FlagState

from app.config import LANGUAGES
from app.db import get_session
from app.services import audit
from app.services.caseload import CaseloadRow
from app.services.caseload import caseload as caseload_rows
from app.services.flags import ACK_REASONS, CitizenFlags
from app.web.charts.strip import FlagStrip, flag_strip
from app.web.consultant.blueprint import actor, bp, me, today


#: Review list sections and the rules they gather (R5 "consider stepping back" sits with the suggestions).
SECTIONS = {"now": ("R4", "R1", "R2", "R3", "R8"), "suggestions": ("R5", "R6"), "report": ("R7",)}


@bp.get("/")
def caseload() -> str:
    """Every woman in her caseload, searchable by name or workplace and filterable by language."""
    query = request.args.get("q", "")[:100]
    language = request.args.get("language", "")
    if language not in LANGUAGES:
        language = ""
    session = get_session()
    rows, found = caseload_rows(session, me().id, today(), query=query, language=language,
                                stored=current_app.config["FLAG_READINGS"])
    # The list shows health-derived flags: one audit row per view (not one per woman: a search types many views).
    audit.record(session, actor(), "caseload.view", object_type="caseload", object_id=me().id)
    session.commit()
    template = "consultant/_caseload_rows.html" if request.headers.get("HX-Request") == "true" else "consultant/caseload.html"
    return render_template(template, rows=rows, review=review_list(rows, found, today()), reasons=ACK_REASONS,
                           query=query, language=language, today=today())


@dataclass(frozen=True)
class ReviewItem:
    """A woman on the review list with her flags of one section, their episodes and strips."""

    row: CaseloadRow
    flags: list[tuple[Flag, FlagState | None, FlagStrip]]

    @property
    def top(self) -> Flag:
        """Her most serious flag in the section."""
        return self.flags[0][0]


def review_list(rows: list[CaseloadRow], found: dict[int, CitizenFlags], day: date) -> dict[str, list[ReviewItem]]:
    """Her caseload sorted by the most serious flag, in three sections: needs you now, suggestions, for the report."""
    sections: dict[str, list[ReviewItem]] = {name: [] for name in SECTIONS}
    for row in rows:
        flags = found[row.citizen.id]
        for name, rules in SECTIONS.items():
            mine = [(f, flags.states.get(f.rule), flag_strip(f, day)) for f in flags.report.shown if f.rule in rules]
            if mine:
                sections[name].append(ReviewItem(row, mine))
    for items in sections.values():
        items.sort(key=lambda item: (-item.top.level, -item.top.severity, item.row.citizen.display_name))
    return sections
