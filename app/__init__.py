"""Logbog: a phone-first internship logbook. `create_app` is the Flask app factory."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from app import config, db


def create_app(test_config: dict[str, Any] | None = None, engine: Engine | None = None) -> Flask:
    """Build the app: settings, database, i18n, security, blueprints, CLI. No other side effects."""
    app = Flask(
        __name__,
        # templates/, static/ and translations/ sit beside app/, not inside it.
        template_folder=str(config.PROJECT_ROOT / "templates"),
        static_folder=str(config.PROJECT_ROOT / "static"),
        instance_path=str(config.INSTANCE_DIR),
    )
    if test_config is None:
        app.config.update(config.from_environment())
    else:
        app.config.update(config.DEFAULTS)
        app.config.update(test_config)

    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        # The client's address, scheme and host as the proxy saw them (rate limits count per address).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)  # type: ignore[method-assign]
    db.init_app(app, engine)

    from app import cli
    from app.web import register_web

    register_web(app)
    cli.init_app(app)
    return app
