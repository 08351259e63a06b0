"""The e-mails a workplace contact person gets: the sign-in link, and the weekly reminder, in Danish.

Nothing of her health goes in a mail (issue 21): they name her first name, the workplace and the link, and nothing she
wrote. Each reminder carries a fresh sign-in link of its own, so a contact person who reads it on another phone (or
whose session ended on this one) still gets in with one tap; the links follow the same rules as the first one.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from email.message import EmailMessage

from flask_babel import force_locale, format_date, gettext
from sqlmodel import Session, select

from app.domain.workplace import session_open
from app.models import Internship, PlacementContact, WorkplaceAccess
from app.services import audit
from app.services.audit import Actor
from app.services.mail import MailSettings, compose, send
from app.services.tokens import hash_token
from app.services.workplace_access import first_name, invite, placement_owner


def link_url(base_url: str, raw: str) -> str:
    """The address a sign-in link opens."""
    return base_url.rstrip("/") + "/w/" + raw


def _message(mail: MailSettings, contact: PlacementContact, subject: str, lead: str, url: str, expires: datetime) -> EmailMessage:
    with force_locale("da"):
        body = "\n\n".join((
            gettext("Hello %(name)s,", name=contact.name),
            lead,
            gettext("Open this link on your phone: %(url)s", url=url),
            gettext("The link works once and until %(day)s. After that, the phone you opened it on stays signed in "
                    "until the internship has ended.", day=format_date(expires.date(), "d. MMMM y")),
            gettext("If you did not expect this e-mail, tell the job consultant, or just delete it."),
        ))
    return compose(mail, to=contact.email, subject=subject, body=body)


def invitation(mail: MailSettings, contact: PlacementContact, her_first_name: str, workplace: str, url: str,
               expires: datetime) -> EmailMessage:
    """The first e-mail: what is asked of them, and the link."""
    with force_locale("da"):
        subject = gettext("Logbog: the internship at %(workplace)s", workplace=workplace)
        lead = gettext("%(name)s is in an internship with you at %(workplace)s. Once a week, please tell us in Logbog how it "
                       "went: which days she came, her pace and her tasks. It takes about a minute.",
                       name=her_first_name, workplace=workplace)
    return _message(mail, contact, subject, lead, url, expires)


def reminder(mail: MailSettings, contact: PlacementContact, her_first_name: str, workplace: str, url: str,
             expires: datetime) -> EmailMessage:
    """The weekly reminder: one line and a fresh link."""
    with force_locale("da"):
        subject = gettext("Logbog: how did the week go at %(workplace)s?", workplace=workplace)
        lead = gettext("A reminder: please tell us how %(name)s's week went in the internship.", name=her_first_name)
    return _message(mail, contact, subject, lead, url, expires)


def send_invitation(session: Session, actor: Actor, placement: Internship, contact: PlacementContact, *, mail: MailSettings,
                    base_url: str, now: datetime, lifetime: timedelta) -> str:
    """Make a link for a contact person and e-mail it; if the mail cannot go, the link is revoked at once and
    MailError is raised (a link nobody received must not stay usable). Returns mail.SENT or mail.LOGGED."""
    mail.require()
    if not contact.email:
        raise ValueError("the contact person has no e-mail address")
    owner = placement_owner(session, placement.id)
    raw = invite(session, actor, placement, contact, now=now, lifetime=lifetime)
    message = invitation(mail, contact, first_name(owner[1]), placement.workplace, link_url(base_url, raw), now + lifetime)
    try:
        return send(mail, message)
    except Exception:
        _revoke_unsent(session, raw, now)
        raise


def _revoke_unsent(session: Session, raw: str, now: datetime) -> None:
    access = session.exec(select(WorkplaceAccess).where(WorkplaceAccess.token_hash == hash_token(raw))).one()
    access.revoked_at = now
    session.add(access)
    session.commit()


def due_reminders(session: Session, today: date) -> list[tuple[PlacementContact, Internship, int]]:
    """Contact persons to remind today: their weekday is today's, none went today, they have an e-mail, they were
    invited before (the staff member who last invited them is the new link's maker), and their placement has started
    and its session time is not over."""
    rows = session.exec(select(PlacementContact, Internship).join(Internship, Internship.id == PlacementContact.internship_id)
                        .where(PlacementContact.reminder_weekday == today.weekday(), PlacementContact.email != "")).all()
    due = []
    for contact, placement in rows:
        if contact.reminded_on == today or placement.start > today or not session_open(today, placement.end, revoked=False):
            continue
        inviter = session.exec(select(WorkplaceAccess.created_by_id).where(WorkplaceAccess.contact_id == contact.id)
                               .order_by(WorkplaceAccess.created_at.desc(), WorkplaceAccess.id.desc())).first()
        if inviter is not None:
            due.append((contact, placement, inviter))
    return due


def send_reminders(session: Session, *, mail: MailSettings, base_url: str, now: datetime, today: date,
                   lifetime: timedelta) -> tuple[int, int]:
    """E-mail today's reminders, each with a fresh link (run daily from cron: `flask workplace remind`). A reminder
    that could not go is tried again at the next run the same day. Returns (sent, failed)."""
    mail.require()
    sent = failed = 0
    for contact, placement, inviter in due_reminders(session, today):
        owner = placement_owner(session, placement.id)
        raw = invite(session, audit.SYSTEM, placement, contact, now=now, lifetime=lifetime, made_by_id=inviter)
        message = reminder(mail, contact, first_name(owner[1]), placement.workplace, link_url(base_url, raw), now + lifetime)
        try:
            send(mail, message)
        except Exception:  # noqa: BLE001 (one address that fails must not stop the others' reminders)
            _revoke_unsent(session, raw, now)
            failed += 1
            continue
        contact.reminded_on = today
        session.add(contact)
        audit.record(session, audit.SYSTEM, "workplace.remind", citizen_id=owner[1].id, object_type="placement_contact",
                     object_id=contact.id)
        session.commit()
        sent += 1
    return sent, failed
