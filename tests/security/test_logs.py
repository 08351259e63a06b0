"""Logs are structured and hold no personal data: no names, notes, codes, paths with ids or addresses."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session

from app import clock
from app.models import Citizen, StaffUser
from app.services import audit
from app.services.activation import issue_code
from app.web.request_log import JsonFormatter, logger
from tests.conftest import TODAY
from tests.helpers import post_day


def test_the_request_log_is_json_without_personal_data(app: Flask, db: Session, make_citizen: Callable[..., Citizen],
                                                        make_staff: Callable[..., StaffUser], sign_in: Callable[..., FlaskClient],
                                                        activate: Callable[..., None], caplog: pytest.LogCaptureFixture) -> None:
    citizen = make_citizen(name="Hodan Secretname")
    consultant = make_staff("consultant")
    citizen.consultant_id = consultant.id
    db.add(citizen)
    db.commit()
    code = issue_code(db, audit.SYSTEM, citizen.id, purpose="card", lifetime=timedelta(days=1), now=clock.utcnow())
    phone = app.test_client()
    with caplog.at_level(logging.INFO, logger="logbog.requests"):
        logger.propagate = True  # let pytest see the records
        try:
            phone.get(f"/a/{code}")
            activate(phone, citizen)
            post_day(phone, TODAY, {"attendance": "full", "pain": "7", "note": "very private words"})
            sign_in(consultant).get(f"/c/citizens/{citizen.id}")
        finally:
            logger.propagate = False
    lines = [JsonFormatter().format(record) for record in caplog.records if record.name == "logbog.requests"]
    assert len(lines) >= 6
    for line in lines:
        fields = json.loads(line)
        assert set(fields) == {"level", "event", "method", "endpoint", "status", "role", "ms"}
        assert "Secretname" not in line and "private" not in line and code not in line and "127.0.0.1" not in line
        assert f"/{citizen.id}" not in line
    assert any(json.loads(line)["endpoint"] == "consultant.timeline" and json.loads(line)["role"] == "staff:consultant" for line in lines)
