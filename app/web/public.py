"""Pages for anyone: the start page and the language switcher."""

from __future__ import annotations

from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from app.config import LANGUAGES
from app.db import get_session
from app.services import audit
from app.web.citizen import citizen_actor
from app.web.pin_lock import is_locked
from app.web.i18n import remember_visitor_language
from app.web.redirects import safe_next

bp = Blueprint("public", __name__)


@bp.get("/")
def start() -> str | Response:
    """A signed-in citizen goes to today's entry; anyone else learns how to get in."""
    if g.get("citizen") is not None:
        return redirect(url_for("citizen.today"))
    return render_template("public/start.html")


@bp.get("/language")
def language_choice() -> str:
    """Four big buttons, each language named in itself."""
    return render_template("public/language.html", next_url=safe_next(request.args.get("next")) or "")


@bp.post("/language")
def set_language() -> Response:
    """Switch language: on her profile when signed in (it follows her to every phone), else for this visit."""
    language = request.form.get("language", "")
    if language not in LANGUAGES:
        abort(400)
    citizen = g.get("citizen")
    if citizen is not None and is_locked():
        # A phone waiting for her PIN changes nothing of hers (not even her language) until it is typed.
        return redirect(url_for("citizen.unlock"), code=303)
    if citizen is not None:
        session = get_session()
        citizen.preferred_language = language
        session.add(citizen)
        audit.record(session, citizen_actor(citizen), "citizen.language", citizen_id=citizen.id,
                     object_type="citizen", object_id=citizen.id)
        session.commit()
    remember_visitor_language(language)
    return redirect(safe_next(request.form.get("next")) or url_for("public.start"), code=303)
