"""The caseload list: who she follows, how this week goes, and who needs her."""

from __future__ import annotations

from flask import render_template, request

from app.config import LANGUAGES
from app.db import get_session
from app.services.caseload import caseload as caseload_rows
from app.web.consultant.blueprint import bp, me, today


@bp.get("/")
def caseload() -> str:
    """Every woman in her caseload, searchable by name or workplace and filterable by language."""
    query = request.args.get("q", "")[:100]
    language = request.args.get("language", "")
    if language not in LANGUAGES:
        language = ""
    rows = caseload_rows(get_session(), me().id, today(), query=query, language=language)
    template = "consultant/_caseload_rows.html" if request.headers.get("HX-Request") == "true" else "consultant/caseload.html"
    response = render_template(template, rows=rows, query=query, language=language, today=today())
    return response
