"""Headers on every response, kind error pages, and the public start page."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.web.errors import render_error
from app.models import Citizen
from tests.helpers import csrf_token


def test_it_sends_security_headers(citizen_client: tuple[FlaskClient, Citizen]) -> None:
    client, _citizen = citizen_client
    for path in ("/", "/today", "/week", "/language", "/nowhere"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert headers["Cache-Control"] == "no-store"


def test_it_loads_no_inline_script_or_style(citizen_client: tuple[FlaskClient, Citizen]) -> None:
    client, _citizen = citizen_client
    html = client.get("/today").get_data(as_text=True)
    assert "<script>" not in html and "<style" not in html and " style=" not in html and " on" + "click=" not in html
    assert '"allowEval":false' in html and '"includeIndicatorStyles":false' in html


def test_it_loads_the_urdu_font_only_for_urdu(client: FlaskClient) -> None:
    assert "urdu.css" not in client.get("/").get_data(as_text=True)
    assert "woff2" not in client.get("/").get_data(as_text=True)
    client.post("/language", data={"csrf_token": csrf_token(client), "language": "ur"})
    html = client.get("/").get_data(as_text=True)
    assert "urdu.css" in html
    # Asked for with the stylesheets, not after them: less of her page moves when the Nastaliq arrives.
    assert ('<link rel="preload" href="/static/vendor/noto-nastaliq-urdu-5.3.0/noto-nastaliq-urdu-400.woff2" as="font" '
            'type="font/woff2" crossorigin>') in html
    assert html.index("noto-nastaliq-urdu-400.woff2") < html.index("urdu.css")
    for path in ("/static/css/urdu.css", "/static/vendor/noto-nastaliq-urdu-5.3.0/noto-nastaliq-urdu-400.woff2"):
        with client.get(path) as response:  # static files stream: close them
            assert response.status_code == 200


def test_it_shows_a_kind_page_for_unknown_urls(client: FlaskClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert 'href="/"' in response.get_data(as_text=True)


def test_it_hides_internal_errors(engine: object) -> None:
    from app import create_app

    app = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "x"}, engine=engine)  # not TESTING: production handlers

    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("secret detail")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "secret detail" not in response.get_data(as_text=True) and "Traceback" not in response.get_data(as_text=True)


def test_it_renders_an_error_with_a_specific_message(app: Flask) -> None:
    with app.test_request_context("/"):
        html, status = render_error(403, "Title here", "Message here")
    assert status == 403 and "Title here" in html and "Message here" in html


def test_it_refuses_requests_over_the_size_limit(citizen_client: tuple[FlaskClient, Citizen]) -> None:
    client, _citizen = citizen_client
    response = client.post("/day/2026-11-18", data={"csrf_token": csrf_token(client, "/today"), "note": "x" * 70_000})
    assert response.status_code == 413
    assert "<html" in response.get_data(as_text=True) and "Traceback" not in response.get_data(as_text=True)


def test_it_sends_hsts_only_over_tls(client: FlaskClient) -> None:
    assert "Strict-Transport-Security" not in client.get("/").headers
    assert client.get("/", base_url="https://localhost").headers["Strict-Transport-Security"].startswith("max-age=")


def test_it_shows_error_pages_in_her_language(citizen_client: tuple[FlaskClient, Citizen]) -> None:
    client, _citizen = citizen_client
    page = client.get("/no/such/page").get_data(as_text=True)
    assert '<html lang="so" dir="ltr">' in page


def test_it_refuses_nul_bytes_anywhere_in_the_input(citizen_client: tuple[FlaskClient, Citizen]) -> None:
    client, _citizen = citizen_client
    assert client.get("/c/?q=a%00b").status_code == 400
    response = client.post("/language", data={"csrf_token": csrf_token(client), "language": "da", "next": "/\x00"})
    assert response.status_code == 400 and "Traceback" not in response.get_data(as_text=True)


def test_a_database_error_still_gets_the_error_page_and_a_log_line_without_data(engine: object, caplog: pytest.LogCaptureFixture) -> None:
    """A failed statement must not break the error page too, and the log says where, never what."""
    import logging

    from sqlalchemy import text

    from app import create_app
    from app.db import get_session

    app = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "x"}, engine=engine)

    @app.get("/boom")
    def boom() -> str:
        get_session().execute(text("SELECT no_such_column FROM citizen WHERE name = :name"), {"name": "Amina Secret"})
        return "unreachable"

    logger = logging.getLogger("logbog.requests")
    logger.addHandler(caplog.handler)
    try:
        response = app.test_client().get("/boom")
    finally:
        logger.removeHandler(caplog.handler)
    assert response.status_code == 500 and "<html" in response.get_data(as_text=True)
    [record] = [r for r in caplog.records if r.getMessage() == "exception"]
    assert record.fields["type"] in ("sqlalchemy.exc.OperationalError", "sqlalchemy.exc.ProgrammingError") and any("test_pages.py" in f for f in record.fields["frames"])
    assert "Amina Secret" not in caplog.text


def test_favicon_ico_is_the_apps_icon_cached_for_a_week(client: FlaskClient, citizen_client: tuple[FlaskClient, Citizen]) -> None:
    """Browsers ask every site for /favicon.ico: it was a 404 on every page."""
    import io

    from PIL import Image

    with client.get("/favicon.ico") as response:  # a file response streams: close it
        assert response.status_code == 200
        assert response.mimetype == "image/vnd.microsoft.icon"
        assert response.headers["Cache-Control"] == "public, max-age=604800"
        assert "Cookie" not in response.headers.get("Vary", "")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        icon = Image.open(io.BytesIO(response.get_data()))
        etag = response.headers["ETag"]
    assert icon.format == "ICO" and {(16, 16), (32, 32), (48, 48)} <= icon.info["sizes"]
    with client.get("/favicon.ico", headers={"If-None-Match": etag}) as again:
        assert again.status_code == 304
    # Every page names it, the staff's and hers.
    phone, _citizen = citizen_client
    for browser, path in ((client, "/"), (client, "/staff/sign-in"), (phone, "/today"), (phone, "/week")):
        assert '<link rel="icon" href="/favicon.ico" sizes="16x16 32x32 48x48">' in browser.get(path).get_data(as_text=True), path
