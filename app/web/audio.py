"""Spoken questions: playing clips (any signed-in phone or staff), and recording them (interpreters in their
languages, admins in all; review and approval: app/web/recording_review.py).

Playing: /audio/<id>-<digest>.mp3. The digest is part of the address, so a clip is cached for a
year and a replaced clip simply has a new address. The day form asks `clip_url(key)` for each
prompt; a missing clip has no address, and its speaker button is left out. Clips play for a
signed-in phone or staff, except the consent screen's: she hears those on the QR code's page,
before she has a session.

Recording lists what app/web/spoken.py says can be recorded in a language: every wording of each
question, each answer, the labels on the women's task buttons, the consent screen's paragraphs.

Recording: /recordings lists every prompt per language, what is missing or waiting for approval,
and a recorder per prompt. The browser records with MediaRecorder (static/js/recorder.js) into an ordinary file
field, so a phone without it can still hand over a file from its own recorder.
"""

from __future__ import annotations

from flask import Blueprint, Flask, abort, current_app, g, make_response, redirect, render_template, request, url_for
from flask_babel import get_locale
from werkzeug.wrappers import Response

from app import clock
from app.config import LANGUAGES
from app.db import get_session
from app.models import AudioClip
from app.services import audio, audit
from app.services.staff import staff_actor
from app.web.auth import require_role
from app.web.i18n import LANGUAGE_NAMES
from app.web.prompts import BY_NAME, PROMPTS, TASK_LABEL_PREFIX, task_label_key
from app.web.spoken import recordable

playback = Blueprint("audio", __name__)
bp = Blueprint("recordings", __name__, url_prefix="/recordings")
bp.before_request(require_role("interpreter", "admin"))

DIGEST_LENGTH = 16
CONSENT_PREFIX = "consent."
#: The upload form's own fields around the sound (the CSRF token, the file's part headers).
_FORM_OVERHEAD = 16 * 1024


def init_app(app: Flask) -> None:
    """Let recordings past the app-wide request limit, before CSRF protection reads the form."""
    app.before_request(_allow_recording_size)
    app.jinja_env.globals.update(clip_url=clip_url, spoken_questions=BY_NAME, task_prompt=task_prompt)


def _allow_recording_size() -> None:
    if request.endpoint == "recordings.upload":
        request.max_content_length = current_app.config["AUDIO_MAX_BYTES"] + _FORM_OVERHEAD


def _limits() -> audio.ClipLimits:
    config = current_app.config
    return audio.ClipLimits(max_bytes=config["AUDIO_MAX_BYTES"], max_seconds=config["AUDIO_MAX_SECONDS"],
                            min_milliseconds=config["AUDIO_MIN_MILLISECONDS"])


def clip_address(info: audio.ClipInfo) -> str:
    """Where a clip plays: its id and the start of its digest, so a new recording gets a new address."""
    return url_for("audio.play", clip_id=info.id, digest=info.digest[:DIGEST_LENGTH])


def clip_url(key: str) -> str | None:
    """The address of the prompt's clip in the page's language, or None (loaded once per request)."""
    language = str(get_locale())
    kept: dict[str, dict[str, str]] = g.setdefault("spoken", {})
    if language not in kept:
        kept[language] = {info.prompt: clip_address(info) for info in audio.clips(get_session(), language)}
    return kept[language].get(key)


def task_prompt(label: str, icon: str) -> str:
    """The clip a task button's answer plays: its own label's, when recorded in the page's language; else the
    generic name of its picture ("Laundry" for "Folding towels")."""
    own = task_label_key(label)
    return own if clip_url(own) else f"a.tasks.{icon}"


# --- Playing ---------------------------------------------------------------------------------------------------

@playback.get("/audio/<int:clip_id>-<digest>.mp3")
def play(clip_id: int, digest: str) -> Response:
    """A clip's sound, for a signed-in phone or staff member; cached for good (the address changes with it)."""
    if len(digest) != DIGEST_LENGTH:
        abort(404)
    signed_in = g.get("citizen") is not None or g.get("staff") is not None
    if signed_in and request.if_none_match and request.if_none_match.contains(digest):
        response = make_response("", 304)
    else:
        clip = audio.clip_by_address(get_session(), clip_id, digest)
        if clip is None or (clip.status != audio.LIVE and not _may_hear_pending(clip)):
            abort(404)
        # The consent screen is read before she has a session (the QR code's welcome page): its clips say the
        # words that page shows anyone, nothing about a woman; every other clip needs a signed-in phone or staff.
        if not signed_in and not clip.prompt.startswith(CONSENT_PREFIX):
            abort(404)
        response = make_response(clip.content)
        response.mimetype = clip.mime_type
    response.set_etag(digest)
    # Private: the phone keeps it, shared caches do not (it is only served to signed-in people).
    response.headers["Cache-Control"] = "private, max-age=31536000, immutable"
    return response


def _may_hear_pending(clip: AudioClip) -> bool:
    """A clip waiting for approval is heard by its reviewers (admins, consultants) and its recorder, never by her phone."""
    staff = g.get("staff")
    return staff is not None and (staff.role in audio.REVIEWERS or staff.id == clip.recorded_by)


# --- Recording -------------------------------------------------------------------------------------------------

def _deny(action: str) -> None:
    """Out of scope is 404, audited."""
    session = get_session()
    audit.record(session, staff_actor(g.staff), action, object_type="audio_clip", outcome="denied")
    session.commit()
    abort(404)


def _language(raw: str | None) -> str | None:
    """The language asked for, if she records in it; else her first (Arabic for most interpreters, Danish for an admin).

    None when she records in no language yet. A language she does not record in is out of scope (404, audited)."""
    allowed = audio.recording_languages(g.staff)
    if raw in allowed:
        return str(raw)
    if raw in LANGUAGES:
        _deny("audio.read")
    preferred = "da" if g.staff.role == "admin" else "ar"
    return preferred if preferred in allowed else (allowed[0] if allowed else None)


def _by_prompt(infos: list[audio.ClipInfo], keys: dict[str, frozenset[str]]) -> dict[str, dict[str, audio.ClipInfo]]:
    found: dict[str, dict[str, audio.ClipInfo]] = {code: {} for code in keys}
    for info in infos:
        if info.language in found and info.prompt in keys[info.language]:
            found[info.language][info.prompt] = info
    return found


def _overview(language: str | None, errors: dict[str, str] | None = None, status: int = 200) -> Response:
    session = get_session()
    languages = audio.recording_languages(g.staff)
    if language is None:  # an interpreter an admin has not given a language yet
        html = render_template("recordings/overview.html", language=None, languages=languages)
        return make_response(html, status)
    keys = {code: recordable(session, code).keys for code in languages}
    shown = recordable(session, language)
    recorded = _by_prompt(audio.clips(session), keys)
    pending = _by_prompt(audio.clips(session, status=audio.PENDING), keys)
    missing = {code: len(keys[code]) - len(recorded[code]) for code in languages}
    only_missing = request.args.get("show") == "missing"
    html = render_template(
        "recordings/overview.html", language=language, languages=languages, language_names=LANGUAGE_NAMES,
        groups=shown.groups, words=shown.words, danish=shown.danish or None,
        recorded=recorded[language], addresses={key: clip_address(info) for key, info in recorded[language].items()},
        pending=pending[language], pending_addresses={key: clip_address(info) for key, info in pending[language].items()},
        missing=missing, total=len(keys[language]), only_missing=only_missing, errors=errors or {},
        direction="rtl" if language in ("ar", "ur") else "ltr", limits=_limits(), synthetic=audio.synthetic_voices(session),
        saved=request.args.get("saved"), reviewed=g.staff.role != "admin",
    )
    response = make_response(html, status)
    # The one page that may use the microphone (every other page forbids it: app/web/security.py).
    response.headers["Permissions-Policy"] = "camera=(), geolocation=(), microphone=(self)"
    return response


@bp.get("/")
def overview() -> Response:
    """Every prompt in one language: recorded or missing, with a recorder beside each."""
    return _overview(_language(request.args.get("lang")))


def _checked(prompt: str, language: str, action: str) -> None:
    if language not in LANGUAGES or not (prompt in PROMPTS or prompt.startswith(TASK_LABEL_PREFIX)):
        abort(404)
    if language not in audio.recording_languages(g.staff):
        _deny(action)
    if prompt not in PROMPTS and prompt not in recordable(get_session(), language).keys:
        abort(404)  # a task label no button shows in this language (any more)


def _back(language: str, prompt: str, saved: bool = False) -> Response:
    args: dict[str, str] = {"lang": language}
    if request.form.get("show") == "missing":
        args["show"] = "missing"
    if saved:
        args["saved"] = prompt
    return redirect(url_for("recordings.overview", **args, _anchor=f"p-{prompt}"))


@bp.post("/<language>/<prompt>")
def upload(language: str, prompt: str) -> Response:
    """Keep a recording for the prompt: an admin's replaces the live one, an interpreter's waits for approval."""
    _checked(prompt, language, "audio.record")
    upload_file = request.files.get("clip")
    raw = upload_file.read(current_app.config["AUDIO_MAX_BYTES"] + 1) if upload_file else b""
    try:
        converted = audio.convert(raw, _limits())
    except audio.ClipError as error:
        return _overview(language, errors={prompt: error.code}, status=422)
    audio.save_clip(get_session(), staff_actor(g.staff), prompt, language, converted, clock.utcnow())
    return _back(language, prompt, saved=True)


@bp.post("/<language>/<prompt>/delete")
def delete(language: str, prompt: str) -> Response:
    """Withdraw a recording waiting for approval, or (admins) remove a live clip: its speaker button disappears."""
    _checked(prompt, language, "audio.delete")
    which = audio.PENDING if request.form.get("which") == audio.PENDING else audio.LIVE
    if which == audio.LIVE and g.staff.role != "admin":
        _deny("audio.delete")  # an interpreter's change to what women hear always goes through approval
    audio.delete_clip(get_session(), staff_actor(g.staff), prompt, language, which)
    return _back(language, prompt)

