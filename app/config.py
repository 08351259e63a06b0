"""All settings in one place: the only module that reads the environment.

Every threshold and time limit the app uses is named here with its default, so a
municipality can tune it without touching code (see measures.md / security.md).
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any, Mapping

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"

#: The citizen's languages, in the order the switcher shows them.
LANGUAGES: tuple[str, ...] = ("da", "ar", "ur", "so")

DEFAULTS: dict[str, Any] = {
    # Printed QR card and code shown on screen (security.md).
    "ACTIVATION_CARD_DAYS": 14,
    "ACTIVATION_SCREEN_MINUTES": 15,
    # Citizen device sessions slide: 60 days idle (documented deviation).
    "DEVICE_SESSION_IDLE_DAYS": 60,
    # Her optional PIN (security.md): asked after this long without using the phone; this many
    # wrong PINs in a row sign the phone out.
    "PIN_IDLE_MINUTES": 30,
    "PIN_MAX_TRIES": 5,
    # She may correct the last 7 days (issue 2).
    "ENTRY_EDIT_DAYS": 7,
    # How many days "my week" shows.
    "MY_WEEK_DAYS": 14,
    # Months after course end before data is removed (told to her at consent).
    "RETENTION_MONTHS": 12,
    # A default course lasts 26 weeks.
    "COURSE_WEEKS": 26,
    # The follow-up an internship agreement promises (domain.md): a call every N weeks, a visit to the
    # workplace every M weeks; 0 leaves that line out.
    "FOLLOW_UP_CALL_WEEKS": 1,
    "FOLLOW_UP_VISIT_WEEKS": 2,
    "NOTE_MAX_LENGTH": 1000,
    # The weekly body map (issue 10): "last_workday" (her last planned day of the week; missed,
    # it is asked on her next entry that week), a weekday ("friday"), or "off".
    "BODY_MAP_DAY": "last_workday",
    # Spoken questions and answers (issue 10): what a recording may be. Uploads above the size are
    # refused before they are read; the length is measured by decoding the sound.
    "AUDIO_MAX_BYTES": 2_000_000,
    "AUDIO_MAX_SECONDS": 20,
    "AUDIO_MIN_MILLISECONDS": 300,
    "REASON_TEXT_MAX_LENGTH": 200,
    "MAX_CONTENT_LENGTH": 64 * 1024,
    "BABEL_DEFAULT_LOCALE": "da",
    "BABEL_DEFAULT_TIMEZONE": "Europe/Copenhagen",
    "BABEL_TRANSLATION_DIRECTORIES": str(PROJECT_ROOT / "translations"),
    "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session; a day's form may stay open for hours
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "DEVICE_COOKIE_NAME": "logbog_device",
    # A workplace contact person's session cookie (one placement; app/web/workplace.py), and how long a sign-in link
    # sent by e-mail or printed as a QR stays usable before it is redeemed.
    "WORKPLACE_COOKIE_NAME": "logbog_workplace",
    "WORKPLACE_LINK_DAYS": 14,
    # Same day (issue 23): the job centre's number her phone shows when she cannot come and her benefit asks her to
    # call it too (the municipality's own; "" shows the reminder without a number), and how long after her planned
    # start a planned day with no word from her or the workplace joins the consultant's "today" lane (12:00
    # without a start time).
    "JOB_CENTRE_PHONE": "",
    "TODAY_LANE_GRACE_MINUTES": 60,
    # The address QR codes point to (set it to the public https address in production).
    "PUBLIC_BASE_URL": "http://127.0.0.1:5000",
    # Staff sessions (security.md): 30 minutes idle, 12 hours at most.
    "STAFF_IDLE_MINUTES": 30,
    "STAFF_ABSOLUTE_HOURS": 12,
    "STAFF_COOKIE_NAME": "logbog_staff",
    # Between the password and the authenticator code.
    "SIGN_IN_PENDING_MINUTES": 5,
    "PASSWORD_MIN_LENGTH": 12,
    # Interpreter access: from a meeting's length up to a few days.
    "GRANT_HOURS_CHOICES": (1, 2, 4, 8, 24, 48, 72),
    "GRANT_MAX_HOURS": 72,
    # Rate limits (security.md), counted in the database so all workers share them. Sign-in and
    # activation count failures only, so an office or a group session behind one address gets in.
    "RATE_LIMIT_WINDOW_SECONDS": 600,
    "RATE_LIMIT_ACTIVATION": 30,  # failed code redemptions per client address per window
    "RATE_LIMIT_SIGN_IN": 100,  # failed password or code attempts per client address per window
    "RATE_LIMIT_WRITES": 120,  # any other unsafe request, per signed-in session (anonymous: per address)
    # Per account: locked 60 s after 5 failures, doubling with each further failure up to 15 minutes.
    # A full sign-in, or a day without failures, starts the count afresh.
    "SIGN_IN_LOCKOUT_AFTER": 5,
    "SIGN_IN_LOCKOUT_SECONDS": 60,
    "SIGN_IN_LOCKOUT_MAX_SECONDS": 900,
    "SIGN_IN_LOCKOUT_FORGET_SECONDS": 86_400,
    # Staff accounts: the first password goes to the new user by e-mail, never to the admin (security.md).
    # LOGBOG_MAIL_SERVER names the SMTP host; without it, staff accounts are made only in development,
    # where the e-mail is written to the server's log instead.
    "MAIL_SERVER": "",
    "MAIL_PORT": 587,
    "MAIL_FROM": "",
    "MAIL_STARTTLS": True,
    "MAIL_USERNAME": "",
    "MAIL_PASSWORD": "",
    "MAIL_TIMEOUT_SECONDS": 10,
    # A woman moved onto a consultant account younger than this, never signed in, or made by the
    # admin asking, waits for a second admin's approval (security.md).
    "CASELOAD_MOVE_NEW_ACCOUNT_DAYS": 14,
    # Flag readings (app/services/readings.py): each woman's flags and caseload figures are stored and
    # recomputed only when her log, plan, "call me" requests or the day change, so the review list is a
    # query. LOGBOG_FLAG_READINGS=0 recomputes every woman on every view and stores nothing (the path
    # before readings were stored; the benchmarks print both).
    "FLAG_READINGS": True,
    # Reverse proxies in front of the app whose X-Forwarded-For/-Proto/-Host it may believe (1 behind
    # nginx). 0 trusts none: a client could otherwise claim any address and slip past the rate limits.
    "TRUSTED_PROXIES": 0,
}


def _default_database_url() -> str:
    return f"sqlite:///{INSTANCE_DIR / 'logbog.sqlite3'}"


def _secret_key(environ: Mapping[str, str], development: bool) -> str:
    """Return SECRET_KEY from the environment; in development, keep one in instance/."""
    if environ.get("SECRET_KEY"):
        return environ["SECRET_KEY"]
    if not development:
        raise RuntimeError("SECRET_KEY must be set outside development (LOGBOG_ENV=development).")
    key_file = INSTANCE_DIR / "secret_key"
    if not key_file.exists():
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _switch(value: str) -> bool:
    """An on/off setting: off, 0, false and no turn it off."""
    return value.strip().lower() not in ("off", "0", "false", "no")


def _mail_settings(environ: Mapping[str, str]) -> dict[str, Any]:
    """The SMTP server for staff account e-mails (LOGBOG_MAIL_*); MAIL_PORT is read with the other numbers."""
    return {
        "MAIL_SERVER": environ.get("LOGBOG_MAIL_SERVER", "").strip(),
        "MAIL_FROM": environ.get("LOGBOG_MAIL_FROM", "").strip(),
        "MAIL_STARTTLS": _switch(environ.get("LOGBOG_MAIL_STARTTLS", "on")),
        "MAIL_USERNAME": environ.get("LOGBOG_MAIL_USERNAME", ""),
        "MAIL_PASSWORD": environ.get("LOGBOG_MAIL_PASSWORD", ""),
    }


def from_environment(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Build the settings from DEFAULTS and the environment."""
    environ = os.environ if environ is None else environ
    development = environ.get("LOGBOG_ENV", "production") == "development"
    settings = dict(DEFAULTS)
    settings.update(
        DEVELOPMENT=development,
        DATABASE_URL=environ.get("DATABASE_URL") or _default_database_url(),
        SECRET_KEY=_secret_key(environ, development),
        PUBLIC_BASE_URL=environ.get("PUBLIC_BASE_URL", DEFAULTS["PUBLIC_BASE_URL"]),
        # Secure cookies everywhere except plain-http local development.
        SESSION_COOKIE_SECURE=not development,
    )
    # Flask's session carries only the CSRF token and a visitor's language; it lasts as long as a device session may idle.
    settings["PERMANENT_SESSION_LIFETIME"] = timedelta(days=settings["DEVICE_SESSION_IDLE_DAYS"])
    for name, default in DEFAULTS.items():
        if isinstance(default, int) and not isinstance(default, bool) and f"LOGBOG_{name}" in environ:
            settings[name] = int(environ[f"LOGBOG_{name}"])
    settings.update(_mail_settings(environ))
    if "LOGBOG_FLAG_READINGS" in environ:
        settings["FLAG_READINGS"] = _switch(environ["LOGBOG_FLAG_READINGS"])
    if "LOGBOG_JOB_CENTRE_PHONE" in environ:
        settings["JOB_CENTRE_PHONE"] = environ["LOGBOG_JOB_CENTRE_PHONE"].strip()
    if "LOGBOG_BODY_MAP_DAY" in environ:
        settings["BODY_MAP_DAY"] = environ["LOGBOG_BODY_MAP_DAY"].strip().lower()
    return settings
