"""A new staff account whose first password goes to its owner by e-mail: whoever makes it never sees it.

Without the first password an admin cannot sign in as the account she made and, through it, read
the health data of any woman she then moves there (issue 17, security.md).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage

from flask_babel import force_locale, gettext
from sqlmodel import Session

from app.models import StaffUser
from app.services.audit import Actor
from app.services.mail import MailSettings, compose, send
from app.services.passwords import password_problem
from app.services.staff import AccountError, create_staff


@dataclass(frozen=True)
class Invitation:
    """The account made, and how its e-mail went (mail.SENT, or mail.LOGGED in development)."""

    user: StaffUser
    delivery: str


def one_time_password(email: str = "", min_length: int = 12) -> str:
    """A random first password (16 characters) that passes the password rules (a random one may, rarely, hold her
    e-mail's short local part); she replaces it at her first sign-in."""
    while True:
        candidate = secrets.token_urlsafe(12)
        if password_problem(candidate, min_length, email.strip().lower()) is None:
            return candidate


def invite_staff(session: Session, actor: Actor, *, made_by: str | None, name: str, email: str, role: str, mail: MailSettings,
                 base_url: str, now: datetime, min_length: int) -> Invitation:
    """Make the account and e-mail her its first password; if the e-mail cannot go, nothing is made."""
    mail.require()
    local, at, domain = email.strip().partition("@")
    if not (local and at and domain) or "@" in domain or any(c.isspace() or not c.isprintable() for c in email.strip()):
        raise AccountError("a valid e-mail address is needed")  # also keeps line breaks out of the mail's headers
    password = one_time_password(email, min_length)
    delivery: list[str] = []

    def deliver(user: StaffUser) -> None:
        delivery.append(send(mail, account_message(mail, user, password, made_by=made_by, base_url=base_url)))

    user = create_staff(session, actor, name=name, email=email, role=role, password=password, must_change_password=True,
                        now=now, min_length=min_length, deliver=deliver)
    return Invitation(user, delivery[0])


def account_message(mail: MailSettings, user: StaffUser, password: str, *, made_by: str | None, base_url: str) -> EmailMessage:
    """The e-mail to the new user, in Danish: who made the account (None: on the server's command line), where and how
    to sign in the first time."""
    sign_in_url = base_url.rstrip("/") + "/staff/sign-in"
    with force_locale("da"):
        subject = gettext("Your Logbog account")
        body = "\n\n".join((
            gettext("Hello %(name)s,", name=user.name),
            gettext("%(admin)s has made a Logbog account for you.", admin=made_by) if made_by else
            gettext("A Logbog administrator has made a Logbog account for you on the server's command line."),
            gettext("Sign in at: %(url)s", url=sign_in_url),
            gettext("E-mail: %(email)s", email=user.email) + "\n"
            + gettext("One-time password: %(password)s", password=password),
            gettext("At your first sign-in you choose your own password and set up an authenticator app on your phone. "
                    "The one-time password then stops working."),
            gettext("This password was sent to you alone. If you did not expect this e-mail, tell your Logbog administrator."),
        ))
    return compose(mail, to=user.email, subject=subject, body=body)
