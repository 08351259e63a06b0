"""Helpers for tests that act like a browser: CSRF tokens, idempotency keys, day forms."""

from __future__ import annotations

import os
import re
import shutil
import uuid
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse


def csrf_token(client: FlaskClient, path: str = "/language") -> str:
    """The CSRF token a page hands the browser."""
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def form_key(html: str) -> str:
    """The idempotency key a day form carries."""
    match = re.search(r'name="idempotency_key" value="([^"]+)"', html)
    assert match, "no idempotency key in the form"
    return match.group(1)


def post_day(client: FlaskClient, day: date, answers: dict[str, object], key: str | None = None,
             headers: dict[str, str] | None = None) -> TestResponse:
    """Submit a day's form like the browser: CSRF token and idempotency key from the page."""
    page = client.get(f"/day/{day.isoformat()}", follow_redirects=True).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    data: dict[str, object] = {"csrf_token": token.group(1), "idempotency_key": key or form_key(page)}
    data.update(answers)
    return client.post(f"/day/{day.isoformat()}", data=data, headers=headers or {})


def new_key() -> str:
    """A fresh idempotency key, as a client makes it."""
    return str(uuid.uuid4())


def translated(app: Flask, language: str, message: str, **values: object) -> str:
    """`message` as the catalog of `language` renders it (with `values` filled in, when given)."""
    from flask_babel import force_locale, gettext

    with app.test_request_context("/"), force_locale(language):
        return gettext(message, **values) if values else gettext(message)


def translated_plural(app: Flask, language: str, singular: str, plural: str, num: int) -> str:
    """A plural message for `num` as the catalog of `language` renders it."""
    from flask_babel import force_locale, ngettext

    with app.test_request_context("/"), force_locale(language):
        return ngettext(singular, plural, num)


def require_program(name: str, package: str) -> str:
    """The path of a program a test needs: locally a missing one skips with the package to install;
    on CI (CI=true) it fails, since there every test must run."""
    path = shutil.which(name)
    if path is None:
        message = f"`{name}` is not installed (apt-get install {package})"
        if os.environ.get("CI") == "true":
            pytest.fail(message + ": CI must have it")
        pytest.skip(message)
    return path
