"""What makes the citizen's pages an installable web app: the manifest and the service worker.

The service worker is served from the site root (its scope is every page) with a version
derived from the files it keeps, so a new release replaces the phone's copies.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from flask import Blueprint, jsonify, make_response, render_template, send_from_directory, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from app.config import PROJECT_ROOT

bp = Blueprint("pwa", __name__)

#: Static files every phone keeps so the offline page looks and works as usual.
SHELL_ASSETS = (
    "css/app.css",
    "vendor/htmx-2.0.11/htmx.min.js",
    "js/outbox.js",
    "js/offline.js",
    "js/speak.js",
    "icons/sprite.svg",
    "icons/app-192.png",
)
#: Kept only once a page has used them: the Urdu font is 102 KB that other phones never need.
ON_USE_ASSETS = (
    "css/urdu.css",
    "vendor/noto-nastaliq-urdu-5.3.0/noto-nastaliq-urdu-400.woff2",
)


@lru_cache(maxsize=1)
def assets_version() -> str:
    """A short hash of the kept files and the worker itself: it changes whenever one of them does."""
    digest = hashlib.sha256()
    static = PROJECT_ROOT / "static"
    for path in (*(static / name for name in SHELL_ASSETS + ON_USE_ASSETS), PROJECT_ROOT / "templates" / "pwa" / "sw.js"):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


#: A week: the icon rarely changes, and a browser asks for it on every site it visits.
FAVICON_MAX_AGE = 7 * 24 * 3600


@bp.get("/favicon.ico")
def favicon() -> Response:
    """The app's icon where every browser looks for it (static/favicon.ico, made from icons/app-512.png)."""
    return send_from_directory(PROJECT_ROOT / "static", "favicon.ico", mimetype="image/vnd.microsoft.icon",
                               max_age=FAVICON_MAX_AGE)


@bp.get("/manifest.webmanifest")
def manifest() -> Response:
    """Name, icons and start page for "Add to home screen", in the language of the page that links it."""
    locale = get_locale()
    body = {
        "name": "Logbog",
        "short_name": "Logbog",
        "description": _("Your internship log"),
        "lang": str(locale),
        "dir": locale.text_direction if locale else "ltr",
        "start_url": url_for("citizen.today"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#fbfaf7",
        "theme_color": "#0b5cad",
        "icons": [
            {"src": url_for("static", filename="icons/app-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": url_for("static", filename="icons/app-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": url_for("static", filename="icons/app-maskable-512.png"), "sizes": "512x512", "type": "image/png",
             "purpose": "maskable"},
        ],
    }
    response = jsonify(body)
    response.mimetype = "application/manifest+json"
    return response


@bp.get("/sw.js")
def service_worker() -> Response:
    """The service worker script, at the root so it may serve every page of the site."""
    script = render_template(
        "pwa/sw.js", version=assets_version(), offline_url=url_for("citizen.offline"),
        assets=[url_for("static", filename=name) for name in SHELL_ASSETS] + [url_for("pwa.manifest")],
        on_use_assets=[url_for("static", filename=name) for name in ON_USE_ASSETS],
    )
    response = make_response(script)
    response.mimetype = "text/javascript"
    # Like every page it is sent with no-store (app/web/security.py), so a phone never runs a stale worker.
    response.headers["Service-Worker-Allowed"] = "/"
    return response
