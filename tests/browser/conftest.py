"""A real browser (Debian's Chromium through Playwright) against the app served on 127.0.0.1.

Locally these tests skip with the reason when Chromium or Playwright is missing; on CI
(CI=true) a missing browser is an error, never a skip.
"""

from __future__ import annotations

import os
import shutil
import threading
from typing import Any, Iterator

import pytest
from flask import Flask
from werkzeug.serving import make_server

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic",
                 # A fake microphone (it beeps) that needs no permission prompt: the recording page records from it.
                 "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]


def _chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


@pytest.fixture(scope="session")
def playwright_chromium() -> Iterator[Any]:
    """One headless Chromium for the session."""
    executable = _chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    missing = "Playwright is not installed (make install)" if sync_playwright is None else (
        "no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)" if executable is None else None)
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests must run on CI: {missing}")
        pytest.skip(missing)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        browser.devices = playwright.devices
        yield browser
        browser.close()


def _buffered(app: Flask) -> Any:
    """`app` with each response read whole and its iterable closed before a byte is sent.

    Werkzeug's development server skips the response's close() when the browser resets the
    connection while the server drains the request (a page closed mid-load, a service worker
    giving up): the open static file is then only freed by the garbage collector, whose
    ResourceWarning lands in whichever test runs next. Buffering keeps the file's life inside
    the request. Responses here are small pages and assets.
    """

    def buffered(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()

    return buffered


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """The test app over real HTTP, one request at a time (the test database has one connection)."""
    server = make_server("127.0.0.1", 0, _buffered(app), threaded=False)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


#: The phones the citizen's pages are proven on: a small 320 px Android and a Pixel 7.
SMALL_PHONE = {"viewport": {"width": 320, "height": 640}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True,
               "user_agent": "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120 Mobile Safari/537.36"}


def new_phone(browser: Any, device: str) -> Any:
    """A fresh browser context (no cookies, no service worker) emulating `device` ("small" or "pixel7")."""
    settings = SMALL_PHONE if device == "small" else browser.devices["Pixel 7"]
    context = browser.new_context(**settings)
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def phone(playwright_chromium: Any) -> Iterator[Any]:
    """A fresh Pixel 7 browser context (no cookies, no service worker yet)."""
    context = new_phone(playwright_chromium, "pixel7")
    yield context
    context.close()


class Words:
    """The app's own words and numbers in one language, so tests find elements by their accessible names."""

    def __init__(self, app: Flask, language: str) -> None:
        self.app, self.language = app, language

    def _in_language(self, render: Any) -> str:
        from flask_babel import force_locale

        with self.app.test_request_context("/"), force_locale(self.language):
            return render()

    def __call__(self, message: str, **values: object) -> str:
        from flask_babel import gettext

        return self._in_language(lambda: gettext(message, **values))

    def number(self, value: float) -> str:
        from app.web.i18n import format_number

        return self._in_language(lambda: format_number(value))

    def hours(self, value: float) -> str:
        from app.web.i18n import hours_label

        return self._in_language(lambda: hours_label(value))

    def day_short(self, day: Any) -> str:
        """A day as her week list writes it: weekday and month in full (the name is the list's older short form)."""
        from app.web.i18n import day_label

        return self._in_language(lambda: day_label(day))


def saved_report_text(page: Any, live_server: str, citizen_id: int, words: "Words", pdftotext: str, pdf: Any,
                      period: str = "start=2026-11-02&end=2026-11-18") -> str:
    """Save her report for `period` as the consultant does (an assessment, then Save), download its PDF to `pdf` and
    return the PDF's text with its white space made single spaces."""
    import re
    import subprocess

    page.goto(f"{live_server}/c/citizens/{citizen_id}/report?{period}")
    page.get_by_label(re.compile(re.escape(words("The consultant's assessment")))).fill("Vurdering")
    page.get_by_role("button", name=words("Save the report")).click()
    page.wait_for_url(re.compile(r".*/reports/\d+"))
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(words("PDF"))).first.click()
    download.value.save_as(pdf)
    return " ".join(subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
