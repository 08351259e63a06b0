"""Shared fixtures: an app on a fresh database per test, a frozen clock, and factories for personas.

The suite runs on SQLite by default (a fresh in-memory database per test) and on
PostgreSQL when DATABASE_URL points at one: then the schema is built once by the Alembic
migrations (so they are tested too) and every table is emptied after each test.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import Engine, text
from sqlmodel import Session, SQLModel

from app import clock, create_app
from app.db import make_engine
from app.domain.flags import FlagSettings
from app.models import Citizen, StaffUser
from app.services import audit, bulk_logs, readings
from app.services.activation import issue_code
from app.services.citizens import add_task, create_citizen, set_schedule
from app.services.staff import create_staff
from tests.helpers import csrf_token
from tests.smtp import Mailbox, local_smtp

def _database_of_this_worker(url: str) -> str:
    """On PostgreSQL under pytest-xdist (`make test` runs workers side by side), a database per worker
    ("test_gw0", made once if missing), since every test empties the tables afterwards."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url.startswith("postgresql") or not worker:
        return url
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"{base.database}_{worker}"
    admin = make_engine(url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        if connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}).first() is None:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    mine = base.set(database=name).render_as_string(hide_password=False)
    os.environ["DATABASE_URL"] = mine  # servers the tests start in subprocesses use it too
    return mine


DATABASE_URL = _database_of_this_worker(os.environ.get("DATABASE_URL", ""))
ON_POSTGRES = DATABASE_URL.startswith("postgresql")

#: Wednesday 18 November 2026, 11:00 in Copenhagen.
FROZEN_NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
TODAY = date(2026, 11, 18)
STAFF_PASSWORD = "a long enough test password"


class Clock:
    """A settable stand-in for app.clock.utcnow."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        """Move time forward."""
        self.now += timedelta(**delta)


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Every test runs on Wednesday 18 November 2026 unless it moves the clock."""
    fake = Clock(FROZEN_NOW)
    monkeypatch.setattr(clock, "utcnow", fake)
    return fake


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 at production cost takes ~0.1 s a hash; tests use the same algorithm at minimum cost."""
    from argon2 import PasswordHasher

    from app.services import pin, staff

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(staff, "_hasher", cheap)
    # The hash an unknown e-mail is checked against keeps both answers equally slow: as cheap as the others here.
    monkeypatch.setattr(staff, "_DUMMY_HASH", cheap.hash("not anyone's password"))
    monkeypatch.setattr(pin, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture(scope="session")
def postgres_engine() -> Iterator[Engine | None]:
    """On PostgreSQL: one engine, schema built by the migrations."""
    if not ON_POSTGRES:
        yield None
        return
    engine = make_engine(DATABASE_URL)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    app = create_app({"DATABASE_URL": DATABASE_URL, "SECRET_KEY": "test", "TESTING": True}, engine=engine)
    from alembic import command

    from app.cli import alembic_config

    with app.app_context():
        command.upgrade(alembic_config(), "head")
    yield engine
    engine.dispose()


@pytest.fixture
def engine(postgres_engine: Engine | None) -> Iterator[Engine]:
    """A database for one test: fresh in-memory SQLite, or PostgreSQL emptied afterwards."""
    if postgres_engine is None:
        engine = make_engine("sqlite://")
        SQLModel.metadata.create_all(engine)
        yield engine
        engine.dispose()
        return
    yield postgres_engine
    tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with postgres_engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture
def app(engine: Engine) -> Iterator[Flask]:
    """The app in testing mode. CSRF stays on: tests send the token like a browser does."""
    app = create_app({
        "DATABASE_URL": str(engine.url), "SECRET_KEY": "test-secret", "TESTING": True,
        "SESSION_COOKIE_SECURE": False, "PUBLIC_BASE_URL": "http://localhost",
        # Every test browser comes from 127.0.0.1 within one frozen window; the limits themselves are
        # tested with their defaults in tests/security/test_rate_limits.py.
        "RATE_LIMIT_ACTIVATION": 10_000, "RATE_LIMIT_SIGN_IN": 10_000, "RATE_LIMIT_WRITES": 10_000, "SIGN_IN_LOCKOUT_AFTER": 10_000,
    }, engine=engine)
    # No app context stays pushed: Flask would reuse it, and its `g`, across test requests.
    yield app


@pytest.fixture
def db(engine: Engine) -> Iterator[Session]:
    """A session for arranging and checking data."""
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A browser without a device session."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """Runs `flask` commands."""
    return app.test_cli_runner()


@pytest.fixture
def make_citizen(db: Session) -> Callable[..., Citizen]:
    """Factory: a citizen with an internship, a schedule and tasks (Mon and Wed 3 h by default)."""

    def make(name: str = "Amina", language: str = "so", hours: tuple[float, ...] = (3, 0, 3, 0, 0, 0, 0),
             valid_from: date = date(2026, 11, 2), tasks: tuple[tuple[str, str], ...] = (("cleaning", "Rengøring"),),
             consented: bool = True) -> Citizen:
        citizen = create_citizen(db, audit.SYSTEM, name=name, language=language, start=valid_from)
        set_schedule(db, audit.SYSTEM, citizen.id, hours=hours, valid_from=valid_from)
        for icon, label in tasks:
            add_task(db, audit.SYSTEM, citizen.id, icon=icon, label_da=label, translations={"so": f"{label}-so"})
        if consented:
            citizen.consent_at = FROZEN_NOW - timedelta(days=10)
            db.add(citizen)
            db.commit()
        return citizen

    return make


@pytest.fixture
def activate(app: Flask, db: Session) -> Callable[[FlaskClient, Citizen], None]:
    """Sign a client in as a citizen the way she does it: scan, press the button."""

    def sign_in(client: FlaskClient, citizen: Citizen) -> None:
        raw = issue_code(db, audit.SYSTEM, citizen.id, purpose="card", lifetime=timedelta(days=14), now=clock.utcnow())
        token = csrf_token(client, f"/a/{raw}")
        response = client.post(f"/a/{raw}", data={"csrf_token": token})
        assert response.status_code == 303, response.status_code

    return sign_in


@pytest.fixture
def citizen_client(app: Flask, make_citizen: Callable[..., Citizen], activate: Callable[[FlaskClient, Citizen], None]) -> tuple[FlaskClient, Citizen]:
    """A phone signed in as a consented citizen."""
    citizen = make_citizen()
    client = app.test_client()
    activate(client, citizen)
    return client, citizen



@pytest.fixture
def make_staff(db: Session) -> Callable[..., StaffUser]:
    """Factory: a staff account with a known password and a confirmed authenticator."""
    counter = iter(range(1, 1000))

    def make(role: str = "consultant", name: str | None = None, **changes: object) -> StaffUser:
        number = next(counter)
        user = create_staff(db, audit.SYSTEM, name=name or f"{role.title()} {number}", email=f"{role}{number}@example.dk",
                            role=role, password=STAFF_PASSWORD, must_change_password=False, now=FROZEN_NOW)
        user.totp_secret = pyotp.random_base32()
        user.totp_confirmed_at = FROZEN_NOW
        for field, value in changes.items():
            setattr(user, field, value)
        db.add(user)
        db.commit()
        return user

    return make


@pytest.fixture
def sign_in(app: Flask, frozen_clock: Clock) -> Callable[[StaffUser], FlaskClient]:
    """A browser signed in as a staff member the way she does it: password, then the app's code."""

    def browser(user: StaffUser) -> FlaskClient:
        staff_browser = app.test_client()
        token = csrf_token(staff_browser, "/staff/sign-in")
        response = staff_browser.post("/staff/sign-in", data={"csrf_token": token, "email": user.email, "password": STAFF_PASSWORD})
        assert response.status_code == 303, response.status_code
        code = pyotp.TOTP(user.totp_secret).at(frozen_clock.now)
        response = staff_browser.post("/staff/code", data={"csrf_token": token, "code": code})
        assert response.status_code == 303, response.get_data(as_text=True)[-500:]
        frozen_clock.advance(seconds=30)  # the next sign-in needs the next code: codes work once
        return staff_browser

    return browser


@pytest.fixture
def consultant(make_staff: Callable[..., StaffUser]) -> StaffUser:
    """A consultant (the one whose caseload a test builds)."""
    return make_staff("consultant", name="Karen Konsulent")


@pytest.fixture
def browser(consultant: StaffUser, sign_in: Callable[[StaffUser], FlaskClient]) -> FlaskClient:
    """The consultant's signed-in browser."""
    return sign_in(consultant)


@pytest.fixture
def mailbox(app: Flask) -> Iterator[Mailbox]:
    """A real SMTP server (aiosmtpd on 127.0.0.1) that the app's staff account e-mails go to."""
    with local_smtp() as box:
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=box.port, MAIL_STARTTLS=False, MAIL_FROM="Logbog <logbog@kommune.example>")
        yield box


@pytest.fixture
def recomputed(monkeypatch: pytest.MonkeyPatch) -> list[list[int]]:
    """The ids of each batch of women whose flag readings were computed afresh."""
    batches: list[list[int]] = []
    original = readings.compute

    def spy(session: Session, citizens: list[Citizen], today: date, settings: FlagSettings,
            has: dict[int, bulk_logs.Has] | None = None) -> dict[int, readings.Reading]:
        batches.append(sorted(c.id for c in citizens))
        return original(session, citizens, today, settings, has)

    monkeypatch.setattr(readings, "compute", spy)
    return batches
