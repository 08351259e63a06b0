"""E-mail through the municipality's SMTP server, on the standard library alone.

It carries one thing today: a new staff account's first password goes to its owner, never to the
admin who made the account (security.md). In development with no server set up, the message is
written to the server's log instead, clearly labelled, so the demo works without one.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any, Mapping
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

#: How `send` delivered a message.
SENT, LOGGED = "sent", "logged"


class MailError(RuntimeError):
    """A message that could not be sent."""


class MailNotConfigured(MailError):
    """No SMTP server is set up, outside development."""


@dataclass(frozen=True)
class MailSettings:
    """Where and how to send: LOGBOG_MAIL_SERVER, _PORT, _FROM, _STARTTLS, _USERNAME, _PASSWORD."""

    server: str
    port: int
    sender: str
    starttls: bool
    username: str
    password: str
    timeout: float
    development: bool

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> MailSettings:
        """The settings from the app's config; the sender defaults to noreply at the public host."""
        host = urlsplit(str(config.get("PUBLIC_BASE_URL", ""))).hostname or "localhost"
        return cls(server=str(config.get("MAIL_SERVER", "")), port=int(config.get("MAIL_PORT", 587)),
                   sender=str(config.get("MAIL_FROM", "")) or f"Logbog <noreply@{host}>",
                   starttls=bool(config.get("MAIL_STARTTLS", True)), username=str(config.get("MAIL_USERNAME", "")),
                   password=str(config.get("MAIL_PASSWORD", "")), timeout=float(config.get("MAIL_TIMEOUT_SECONDS", 10)),
                   development=bool(config.get("DEVELOPMENT", False)))

    def require(self) -> None:
        """Raise MailNotConfigured unless a message can go somewhere (a server, or the log in development)."""
        if not self.server and not self.development:
            raise MailNotConfigured("no mail server is set up (LOGBOG_MAIL_SERVER)")


def compose(settings: MailSettings, *, to: str, subject: str, body: str) -> EmailMessage:
    """A plain-text message from Logbog's sender."""
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2].strip(">") or None)
    message.set_content(body)
    return message


def send(settings: MailSettings, message: EmailMessage) -> str:
    """Hand the message to the SMTP server (SENT), or in development without one write it to the log (LOGGED)."""
    settings.require()
    if not settings.server:
        readable = f"From: {message['From']}\nTo: {message['To']}\nSubject: {message['Subject']}\n\n{message.get_content()}"
        log.warning("DEVELOPMENT ONLY - no mail server is set up (LOGBOG_MAIL_SERVER), so this e-mail was not sent "
                    "and is shown here instead:\n%s\n%s%s", "-" * 60, readable, "-" * 60)
        return LOGGED
    if settings.username and not settings.starttls:
        raise MailError("refusing to send the mail password without STARTTLS (LOGBOG_MAIL_STARTTLS)")
    try:
        with smtplib.SMTP(settings.server, settings.port, timeout=settings.timeout) as smtp:
            if settings.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.username:
                smtp.login(settings.username, settings.password)
            refused = smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(f"the mail server did not take the message: {error.__class__.__name__}") from error
    if refused:
        raise MailError("the mail server refused the recipient")
    return SENT
