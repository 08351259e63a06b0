"""The web layer: one blueprint per audience, plus i18n, security and error pages."""

from __future__ import annotations

from flask import Flask

from app.web import activation, citizen, errors, i18n, public, security


def register_web(app: Flask) -> None:
    """Wire extensions, request hooks and blueprints into `app`."""
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    citizen.init_app(app)
    app.register_blueprint(public.bp)
    app.register_blueprint(activation.bp)
    app.register_blueprint(citizen.bp)
