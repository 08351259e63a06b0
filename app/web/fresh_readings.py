"""Recompute the flag readings a request made stale once its answer is on its way.

A write (her entry, a plan, a "call me") marks her reading stale in its own transaction
(app/model_events.py). Left there, the consultant's next view of the review list would
recompute it while she waits; instead it is recomputed right after the writer's response is
sent (`call_on_close`: the writer does not wait either), so the list stays a query. If that
fails or the process stops first, nothing is lost: the reading is still stale, and the next
view recomputes it as before.
"""

from __future__ import annotations

import logging
from datetime import date

from flask import Flask, Response, current_app, g
from sqlmodel import Session

from app import clock, model_events
from app.db import get_engine
from app.services.flags import refresh

logger = logging.getLogger("logbog.readings")


def _after_request(response: Response) -> Response:
    session = g.get("db_session")
    if session is None or not current_app.config["FLAG_READINGS"]:
        return response
    stale = model_events.made_stale(session)
    if stale and response.status_code < 500:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        today = clock.local_today()
        response.call_on_close(lambda: _refresh(app, stale, today))
    return response


def _refresh(app: Flask, citizen_ids: set[int], today: date) -> None:
    with app.app_context(), Session(get_engine(), expire_on_commit=False) as session:
        try:
            refresh(session, citizen_ids, today)
        except Exception:  # the reading stays stale; the next view of the list recomputes it
            session.rollback()
            logger.exception("readings.refresh_failed")


def init_app(app: Flask) -> None:
    """Register the hook (after the request log, so its time is the writer's own)."""
    app.after_request(_after_request)
