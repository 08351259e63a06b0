"""Approving spoken questions: an admin or a consultant listens to an interpreter's new recording, then
approves it (women hear it from then on, under its own address) or rejects it (the old one stays).

Consultants review but do not record; interpreters record but do not review (404 here, audited).
"""

from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, request, url_for
from sqlmodel import select
from werkzeug.wrappers import Response

from app import clock
from app.config import LANGUAGES
from app.db import get_session
from app.models import StaffUser
from app.services import audio
from app.services.staff import staff_actor
from app.web.audio import clip_address
from app.web.auth import require_role
from app.web.i18n import LANGUAGE_NAMES
from app.web.spoken import recordable

bp = Blueprint("recording_review", __name__, url_prefix="/recordings/review")
bp.before_request(require_role(*audio.REVIEWERS))


@bp.get("/")
def pending() -> str:
    """Every recording waiting for approval, beside the one women hear now, with the words it should say."""
    session = get_session()
    shown = {code: recordable(session, code) for code in LANGUAGES}
    waiting = [info for info in audio.clips(session, status=audio.PENDING) if info.prompt in shown[info.language].keys]
    live = {(info.language, info.prompt): info for info in audio.clips(session)}
    recorders = {user.id: user.name for user in session.exec(
        select(StaffUser).where(StaffUser.id.in_({info.recorded_by for info in waiting}))).all()} if waiting else {}
    return render_template(
        "recordings/review.html", waiting=waiting, live=live, words={code: shown[code].words for code in LANGUAGES},
        danish={code: shown[code].danish for code in LANGUAGES}, recorders=recorders, synthetic=audio.synthetic_voices(session),
        addresses={info.id: clip_address(info) for info in [*waiting, *live.values()]}, language_names=LANGUAGE_NAMES,
        done=request.args.get("done"))


def _decided(outcome: str) -> Response:
    return redirect(url_for("recording_review.pending", done=outcome), code=303)


@bp.post("/<int:clip_id>/approve")
def approve(clip_id: int) -> Response:
    """Make the new recording the one women hear."""
    clip = audio.approve_clip(get_session(), staff_actor(g.staff), clip_id, request.form.get("digest", "")[:64], clock.utcnow())
    return _decided("approved" if clip is not None else "gone")


@bp.post("/<int:clip_id>/reject")
def reject(clip_id: int) -> Response:
    """Discard the new recording; women keep hearing the old one."""
    rejected = audio.reject_clip(get_session(), staff_actor(g.staff), clip_id, request.form.get("digest", "")[:64])
    return _decided("rejected" if rejected else "gone")
