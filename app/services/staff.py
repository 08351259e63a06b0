"""Staff accounts: passwords (argon2), authenticator codes (TOTP) and server-side sessions.

A staff session lives in the StaffSession table and is checked on every request: it ends
after 30 minutes without use, 12 hours after sign-in, at sign-out, or when the account is
disabled (all settings).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.domain.text import clean_text
from app.models import StaffSession, StaffUser
from app.services import audit
from app.services.activation import summarize_user_agent
from app.services.audit import ANONYMOUS, Actor
from app.services.passwords import password_problem
from app.services.tokens import hash_token, new_token

ROLES = ("consultant", "interpreter", "admin", "teacher")
ISSUER = "Logbog"
_hasher = PasswordHasher()
# Verifying against this when the e-mail is unknown keeps both answers equally slow.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


class AccountError(ValueError):
    """Input that cannot make or change an account."""


class PasswordError(AccountError):
    """A new password the rules refuse; `problem` names which rule (app/services/passwords.py)."""

    def __init__(self, problem: str, message: str) -> None:
        super().__init__(message)
        self.problem = problem


class CodeResult(Enum):
    """What became of an authenticator code."""

    ACCEPTED = "accepted"
    REUSED = "reused"  # right, but already used: wait for the next one
    WRONG = "wrong"


@dataclass(frozen=True)
class SessionLimits:
    """How long a staff session may idle, and live at most."""

    idle: timedelta
    absolute: timedelta


def staff_actor(user: StaffUser) -> Actor:
    """The audit actor for a staff member."""
    return Actor("staff", user.id, user.role)


def hash_password(password: str) -> str:
    """An argon2id hash of `password`."""
    return _hasher.hash(password)


_PASSWORD_MESSAGES = {
    "short": "the password must be at least {n} characters",
    "long": "the password is too long",
    "repetitive": "the password needs more different characters",
    "email": "the password must not contain the e-mail address",
    "common": "that password is too common: choose another",
}


def check_password_rules(password: str, min_length: int, email: str = "") -> None:
    """Raise PasswordError unless the password is long enough, uncommon, varied and not her e-mail."""
    problem = password_problem(password, min_length, email)
    if problem is not None:
        raise PasswordError(problem, _PASSWORD_MESSAGES[problem].format(n=min_length))


def create_staff(session: Session, actor: Actor, *, name: str, email: str, role: str, password: str,
                 must_change_password: bool, now: datetime, min_length: int = 12,
                 deliver: Callable[[StaffUser], None] | None = None) -> StaffUser:
    """Make a staff account; she enrols an authenticator at her first sign-in.

    `deliver` (the e-mail with her first password) runs after the checks and before anything is written: if it
    raises, nothing is made, and a slow mail server never holds the database's write lock.
    """
    email, name = email.strip().lower(), clean_text(name)
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if "@" not in email or len(email) > 254:
        raise AccountError("a valid e-mail address is needed")
    if not name or len(name) > 120:
        raise AccountError("name must be 1-120 characters")
    if session.exec(select(StaffUser).where(StaffUser.email == email)).first() is not None:
        raise AccountError("an account with that e-mail exists")
    check_password_rules(password, min_length, email)
    user = StaffUser(name=name, email=email, role=role, password_hash=hash_password(password),
                     must_change_password=must_change_password, created_at=now)
    if deliver is not None:
        session.commit()  # end the transaction: nothing is held while the mail goes out
        deliver(user)
    session.add(user)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()  # made by someone else meanwhile
        raise AccountError("an account with that e-mail exists") from None
    audit.record(session, actor, "staff.create", object_type="staff_user", object_id=user.id)
    session.commit()
    return user


def authenticate(session: Session, email: str, password: str) -> StaffUser | None:
    """The active account with this e-mail and password, or None (the same answer for every failure)."""
    user = session.exec(select(StaffUser).where(StaffUser.email == email.strip().lower())).first()
    try:
        _hasher.verify(user.password_hash if user and user.password_hash else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        _failed_sign_in(session, user)
        return None
    if user is None or not user.active or not user.password_hash:
        _failed_sign_in(session, user)
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        session.add(user)
        session.commit()
    return user


def _failed_sign_in(session: Session, user: StaffUser | None) -> None:
    """Audit a refused password step: the account if the e-mail names one, never what was typed."""
    audit.record(session, ANONYMOUS, "staff.sign_in", object_type="staff_user", object_id=user.id if user else None,
                 outcome="failed")
    session.commit()


def set_password(session: Session, user: StaffUser, password: str, min_length: int) -> None:
    """Set her own password."""
    check_password_rules(password, min_length, user.email)
    user.password_hash = hash_password(password)
    user.must_change_password = False
    session.add(user)
    audit.record(session, staff_actor(user), "staff.password", object_type="staff_user", object_id=user.id)
    session.commit()


def enrolment_secret(session: Session, user: StaffUser) -> str:
    """Her authenticator secret, made on first need; a confirmed one is never shown again."""
    if user.totp_confirmed_at is not None:
        raise AccountError("the authenticator is already enrolled")
    if not user.totp_secret:
        user.totp_secret = pyotp.random_base32()
        session.add(user)
        session.commit()
    return user.totp_secret


def provisioning_uri(user: StaffUser) -> str:
    """The otpauth:// URI an authenticator app reads from the enrolment QR code."""
    return pyotp.TOTP(user.totp_secret or "").provisioning_uri(name=user.email, issuer_name=ISSUER)


def verify_code(session: Session, user: StaffUser, code: str, now: datetime) -> CodeResult:
    """Accept a current 6-digit code once (the step before and after count too, for clock drift).

    The step is claimed by one conditional UPDATE, so two requests racing with the same code
    cannot both win, whatever each of them read before.
    """
    code = code.strip().replace(" ", "")
    matched = None
    if user.totp_secret and len(code) == 6 and code.isascii() and code.isdigit():
        totp = pyotp.TOTP(user.totp_secret)
        step = int(now.timestamp()) // totp.interval
        matched = next((candidate for candidate in (step, step - 1, step + 1)
                        if secrets.compare_digest(totp.at(candidate * totp.interval), code)), None)
    if matched is None:
        result = CodeResult.WRONG
    else:
        claimed = session.execute(
            update(StaffUser)
            .where(StaffUser.id == user.id, or_(StaffUser.totp_last_step.is_(None), StaffUser.totp_last_step < matched))
            .values(totp_last_step=matched, totp_confirmed_at=func.coalesce(StaffUser.totp_confirmed_at, now))
            .execution_options(synchronize_session=False)
        ).rowcount
        result = CodeResult.ACCEPTED if claimed == 1 else CodeResult.REUSED
    if result is not CodeResult.ACCEPTED:
        audit.record(session, staff_actor(user), "staff.code", object_type="staff_user", object_id=user.id,
                     outcome="failed" if result is CodeResult.WRONG else "reused")
    session.commit()
    if result is CodeResult.ACCEPTED:
        session.refresh(user)
    return result


def start_session(session: Session, user: StaffUser, *, user_agent: str, now: datetime) -> str:
    """Open a staff session; returns the secret for the cookie (a new one at every sign-in)."""
    secret, digest = new_token()
    session.add(StaffSession(staff_id=user.id, token_hash=digest, created_at=now, last_seen_at=now,
                             user_agent_summary=summarize_user_agent(user_agent)))
    audit.record(session, staff_actor(user), "staff.sign_in", object_type="staff_user", object_id=user.id)
    session.commit()
    return secret


#: A staff session's last-seen time is written at most this often.
TOUCH_INTERVAL = timedelta(seconds=60)


def resume_session(session: Session, secret: str, *, now: datetime, limits: SessionLimits) -> tuple[StaffSession, StaffUser] | None:
    """The live session and its active user for a cookie, or None; expired sessions are closed."""
    # One statement for both: it runs before every staff page.
    found = session.exec(select(StaffSession, StaffUser).join(StaffUser, StaffUser.id == StaffSession.staff_id)
                         .where(StaffSession.token_hash == hash_token(secret))).first()
    if found is None or found[0].revoked_at is not None:
        return None
    row, user = found
    if (not user.active or now - row.last_seen_at > limits.idle
            or now - row.created_at > limits.absolute):
        row.revoked_at = now
        session.add(row)
        session.commit()
        return None
    if now - row.last_seen_at >= TOUCH_INTERVAL:
        row.last_seen_at = now
        session.add(row)
        session.commit()
    return row, user


def end_session(session: Session, row: StaffSession, now: datetime) -> None:
    """Sign out: the cookie is worthless from the next request on."""
    row.revoked_at = now
    session.add(row)
    audit.record(session, Actor("staff", row.staff_id), "staff.sign_out", object_type="staff_session", object_id=row.id)
    session.commit()


def change_password(session: Session, user: StaffUser, current: str, new: str, *, min_length: int,
                    keep: StaffSession, now: datetime) -> None:
    """She changes her own password: the current one first, then the rules; her other sessions end."""
    try:
        _hasher.verify(user.password_hash or _DUMMY_HASH, current)
    except (VerificationError, InvalidHashError):
        audit.record(session, staff_actor(user), "staff.password", object_type="staff_user", object_id=user.id,
                     outcome="failed")
        session.commit()
        raise AccountError("the current password is wrong") from None
    check_password_rules(new, min_length, user.email)
    session.execute(update(StaffSession)
                    .where(StaffSession.staff_id == user.id, StaffSession.id != keep.id, StaffSession.revoked_at.is_(None))
                    .values(revoked_at=now))
    set_password(session, user, new, min_length)


def set_active(session: Session, actor: Actor, user: StaffUser, active: bool, now: datetime) -> None:
    """Enable or disable an account; disabling ends all her sessions at once."""
    user.active = active
    session.add(user)
    if not active:
        session.execute(update(StaffSession).where(StaffSession.staff_id == user.id, StaffSession.revoked_at.is_(None))
                        .values(revoked_at=now))
    audit.record(session, actor, "staff.enable" if active else "staff.disable", object_type="staff_user", object_id=user.id)
    session.commit()
