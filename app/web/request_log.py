"""One structured (JSON) log line per request, without personal data.

It names the endpoint, never the path (a path can hold an activation code or a woman's id),
and no address, name, form value or text: who and what is the audit log's job, not the log's.
"""

from __future__ import annotations

import json
import logging
import time
import traceback
from pathlib import Path

from flask import Flask, Response, g, request

logger = logging.getLogger("logbog.requests")


class JsonFormatter(logging.Formatter):
    """Render the record's `fields` as one JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        payload = {"level": record.levelname.lower(), "event": record.getMessage(), **getattr(record, "fields", {})}
        return json.dumps(payload, separators=(",", ":"), sort_keys=True)


def _start() -> None:
    g.request_started = time.perf_counter()


def _finish(response: Response) -> Response:
    role = ("staff:" + g.staff.role if g.get("staff") is not None else "citizen" if g.get("citizen") is not None
            else "workplace" if g.get("workplace") is not None else "anonymous")
    logger.info("request", extra={"fields": {
        "method": request.method, "endpoint": request.endpoint or "-", "status": response.status_code, "role": role,
        "ms": round((time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000, 1),
    }})
    return response


def log_exception(error: BaseException) -> None:
    """Where an unexpected error happened: its type and the code lines, never its message (it may quote data)."""
    frames = [f"{Path(frame.filename).name}:{frame.lineno}:{frame.name}" for frame in traceback.extract_tb(error.__traceback__)]
    logger.error("exception", extra={"fields": {
        "endpoint": request.endpoint or "-", "type": f"{type(error).__module__}.{type(error).__qualname__}", "frames": frames[-15:],
    }})


def init_app(app: Flask) -> None:
    """Time every request and log it once."""
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    app.before_request(_start)
    app.after_request(_finish)
