"""Issue 17, item 3: a new staff account's first password reaches only its owner, by e-mail (a real local SMTP
server here); the terminal prints it only for the very first admin; without a mail server nothing is half-made."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, func, select

from app.config import from_environment
from app.models import AuditEvent, StaffUser
from app.services.mail import MailError, MailSettings, compose, send
from tests.conftest import FROZEN_NOW
from tests.helpers import csrf_token
from tests.security.test_admin_health_data import mailed_password, post
from tests.smtp import Mailbox, free_port

NEW = {"name": "Ny Tolk", "email": "tolk@kommune.dk", "role": "interpreter"}


def staff_count(db: Session) -> int:
    db.expire_all()
    return db.exec(select(func.count()).select_from(StaffUser)).one()


def creations(db: Session) -> int:
    return db.exec(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "staff.create")).one()


def signs_in_to_enrolment(app: Flask, email: str, password: str) -> bool:
    browser = app.test_client()
    response = browser.post("/staff/sign-in", data={"csrf_token": csrf_token(browser, "/staff/sign-in"), "email": email,
                                                    "password": password})
    return response.headers.get("Location") == "/staff/enrol"


def test_without_a_mail_server_no_account_is_made_outside_development(app: Flask, db: Session, make_staff: Callable[..., StaffUser],
                                                                     sign_in: Callable[..., FlaskClient]) -> None:
    admin = sign_in(make_staff("admin"))
    before, made_before = staff_count(db), creations(db)
    response = post(admin, "/admin/staff", NEW)
    assert response.status_code == 422
    assert "LOGBOG_MAIL_SERVER" in response.get_data(as_text=True)
    assert (staff_count(db), creations(db)) == (before, made_before)


def test_when_the_mail_cannot_be_sent_nothing_is_made(app: Flask, db: Session, make_staff: Callable[..., StaffUser],
                                                     sign_in: Callable[..., FlaskClient]) -> None:
    admin = sign_in(make_staff("admin"))
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_STARTTLS=False, MAIL_TIMEOUT_SECONDS=2)
    before, made_before = staff_count(db), creations(db)
    response = post(admin, "/admin/staff", NEW)
    assert response.status_code == 503
    assert 'role="alert"' in response.get_data(as_text=True)
    assert (staff_count(db), creations(db)) == (before, made_before)


def test_in_development_the_mail_is_written_to_the_log(app: Flask, db: Session, make_staff: Callable[..., StaffUser],
                                                      sign_in: Callable[..., FlaskClient], caplog: pytest.LogCaptureFixture) -> None:
    admin = sign_in(make_staff("admin"))
    app.config.update(DEVELOPMENT=True)
    with caplog.at_level(logging.WARNING, logger="app.services.mail"):
        response = post(admin, "/admin/staff", NEW)
    assert response.status_code == 200
    [record] = [r for r in caplog.records if r.name == "app.services.mail"]
    logged = record.getMessage()
    assert "DEVELOPMENT ONLY" in logged and "To: tolk@kommune.dk" in logged
    password = mailed_password(logged.split("\n\n", 1)[1].split("-" * 60)[0])
    assert password not in response.get_data(as_text=True)
    assert signs_in_to_enrolment(app, "tolk@kommune.dk", password)


def test_the_terminal_prints_only_the_very_first_admins_password(app: Flask, db: Session, mailbox: Mailbox) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["staff", "create", "--email", "Admin@Kommune.dk", "--name", "Første Admin", "--role", "admin"])
    assert first.exit_code == 0, first.output
    password = re.search(r"one-time password: (\S+)", first.output).group(1)
    assert signs_in_to_enrolment(app, "admin@kommune.dk", password)
    assert mailbox.messages == []

    second = runner.invoke(args=["staff", "create", "--email", "anden@kommune.dk", "--name", "Anden Admin", "--role", "admin"])
    assert second.exit_code == 0, second.output
    [mail] = mailbox.messages
    assert mail.recipients == ["anden@kommune.dk"]
    mailed = mailed_password(mail.body)
    assert mailed not in second.output and "password:" not in second.output
    assert signs_in_to_enrolment(app, "anden@kommune.dk", mailed)
    assert db.exec(select(StaffUser.must_change_password)).all() == [True, True]


def test_the_terminal_refuses_every_later_account_without_a_mail_server(app: Flask, db: Session) -> None:
    runner = app.test_cli_runner()
    assert runner.invoke(args=["staff", "create", "--email", "a@k.dk", "--name", "A", "--role", "admin"]).exit_code == 0
    for role in ("admin", "consultant"):
        refused = runner.invoke(args=["staff", "create", "--email", f"{role}@k.dk", "--name", "B", "--role", role])
        assert refused.exit_code != 0 and "LOGBOG_MAIL_SERVER" in refused.output
    assert staff_count(db) == 1


def test_the_mail_settings_come_from_the_environment() -> None:
    settings = from_environment({"SECRET_KEY": "x", "LOGBOG_MAIL_SERVER": "smtp.kommune.dk", "LOGBOG_MAIL_PORT": "25",
                                 "LOGBOG_MAIL_FROM": "Logbog <logbog@kommune.dk>", "LOGBOG_MAIL_STARTTLS": "off",
                                 "LOGBOG_MAIL_USERNAME": "logbog", "LOGBOG_MAIL_PASSWORD": "secret"})
    mail = MailSettings.from_config(settings)
    assert (mail.server, mail.port, mail.sender, mail.starttls, mail.username, mail.password, mail.development) == (
        "smtp.kommune.dk", 25, "Logbog <logbog@kommune.dk>", False, "logbog", "secret", False)
    assert MailSettings.from_config(from_environment({"SECRET_KEY": "x"})).starttls is True
    # A mail password never travels without STARTTLS.
    with pytest.raises(MailError, match="STARTTLS"):
        send(mail, compose(mail, to="x@kommune.dk", subject="s", body="b"))


def test_an_address_that_could_forge_mail_headers_is_refused(db: Session, mailbox: Mailbox, make_staff: Callable[..., StaffUser],
                                                           sign_in: Callable[..., FlaskClient]) -> None:
    admin = sign_in(make_staff("admin"))
    before = staff_count(db)
    for address in ("ny@kommune.dk\r\nBcc: admin@evil.example", "ny@kommune.dk\nX: y", "a b@kommune.dk", "a@b@kommune.dk"):
        assert post(admin, "/admin/staff", {**NEW, "email": address}).status_code == 422, address
    assert staff_count(db) == before and mailbox.messages == []


def test_no_write_lock_is_held_while_the_mail_goes_out(tmp_path: Path) -> None:
    """On SQLite a write transaction open during a slow SMTP exchange would make every other write fail with
    "database is locked": the e-mail goes out before the account is written."""
    from sqlalchemy import text
    from sqlmodel import SQLModel

    from app.db import make_engine
    from app.services import audit
    from app.services.staff import create_staff

    url = f"sqlite:///{tmp_path / 'lock.sqlite3'}"
    engine, other = make_engine(url), make_engine(url)
    SQLModel.metadata.create_all(engine)
    others_wrote: list[bool] = []

    def deliver(user: object) -> None:
        with other.connect() as connection:
            connection.execute(text("PRAGMA busy_timeout = 0"))  # fail at once instead of waiting
            connection.execute(text("INSERT INTO rate_counter (key, window_start, count) VALUES ('k', '2026-11-18 10:00:00', 1)"))
            connection.commit()
        others_wrote.append(True)

    with Session(engine) as session:
        user = create_staff(session, audit.SYSTEM, name="Ny", email="ny@kommune.dk", role="consultant",
                            password="a long enough test password", must_change_password=True, now=FROZEN_NOW, deliver=deliver)
        assert others_wrote == [True] and user.id is not None
    engine.dispose()
    other.dispose()
