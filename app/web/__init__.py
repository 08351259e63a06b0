"""The web layer: one blueprint per audience, plus i18n, security and error pages."""

from __future__ import annotations

from flask import Flask

from app.web import answers, activation, admin, audio, auth, citizen, consultant, errors, i18n, interpreter, public, pwa, ratelimit, request_log, security
from app.web import phone  # noqa: F401  (her phone's settings register on the citizen blueprint)
from app.web import citizen_course  # noqa: F401  (her course page registers on the citizen blueprint)
from app.web import cant_come  # noqa: F401  (her "I can't come today" registers on the citizen blueprint)
from app.web import recording_review
from app.web import fresh_readings
from app.web import ids
from app.web import workplace
from app.web import teacher


def register_web(app: Flask) -> None:
    """Wire extensions, request hooks and blueprints into `app`."""
    ids.init_app(app)  # before any blueprint adds a rule with <int:...>
    i18n.init_app(app)
    request_log.init_app(app)
    audio.init_app(app)  # before CSRF protection reads a recording's form
    security.init_app(app)
    errors.init_app(app)
    citizen.init_app(app)
    auth.init_app(app)
    ratelimit.init_app(app)  # after the session loaders: a signed-in user's writes count per session
    fresh_readings.init_app(app)
    # The body map's region names, for every page that shows them (her form, the consultant's timeline).
    app.jinja_env.globals.update(body_regions=answers.BODY_REGIONS)
    for blueprint in (public.bp, pwa.bp, activation.bp, citizen.bp, auth.bp, consultant.bp, admin.bp, interpreter.bp,
                      audio.playback, audio.bp, recording_review.bp, workplace.bp, teacher.bp):
        app.register_blueprint(blueprint)
