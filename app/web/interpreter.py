"""The interpreter's pages. Grants and the bilingual view arrive with issue 5; until then she sees no one."""

from __future__ import annotations

from flask import Blueprint, render_template

from app.web.auth import require_role

bp = Blueprint("interpreter", __name__, url_prefix="/i")
bp.before_request(require_role("interpreter"))


@bp.get("/")
def home() -> str:
    """Her open grants (none exist before issue 5)."""
    return render_template("interpreter/home.html", grants=[])
