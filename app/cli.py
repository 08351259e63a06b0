"""`flask` commands: database migrations, setting up citizens before any staff screen exists, the demo."""

from __future__ import annotations

import time
from datetime import timedelta
from io import StringIO

import click
import qrcode
from alembic import command
from alembic.config import Config as AlembicConfig
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlmodel import Session, select

from app import catalogs, clock
from app.config import INSTANCE_DIR, LANGUAGES, PROJECT_ROOT
from app.db import get_engine, get_session
from app.models import StaffUser
from app.services import audit
from app.services.activation import issue_code
from app.services.citizens import SetupError, add_task, create_citizen, set_schedule

db_cli = AppGroup("db", help="Database migrations (Alembic).")
i18n_cli = AppGroup("i18n", help="Message catalogs.")
staff_cli = AppGroup("staff", help="Staff accounts.")
citizens_cli = AppGroup("citizens", help="Set up citizens from the terminal.")


def alembic_config() -> AlembicConfig:
    """Alembic settings built in code: migrations/ beside app/, the app's database URL."""
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    cfg.attributes["engine"] = get_engine()
    return cfg


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Migrate the database to REVISION (default: head)."""
    command.upgrade(alembic_config(), revision)


@db_cli.command("revision")
@click.option("-m", "--message", required=True)
def db_revision(message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    command.revision(alembic_config(), message=message, autogenerate=True)


def activation_url(raw_code: str) -> str:
    """The URL a QR code carries."""
    return f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/a/{raw_code}"


def terminal_qr(url: str) -> str:
    """A QR code drawn with block characters, scannable from a terminal."""
    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(url)
    out = StringIO()
    code.print_ascii(out=out, invert=True)
    return out.getvalue()


def _consultant_for(email: str | None) -> StaffUser:
    """The active consultant a new citizen belongs to: the one named, or the only one there is.

    Her phone tells her that her consultant can see her log, so she is never created on no caseload."""
    session = get_session()
    consultants = session.exec(select(StaffUser).where(StaffUser.role == "consultant", StaffUser.active)
                               .order_by(StaffUser.id)).all()
    if email is None:
        if not consultants:
            raise click.UsageError("there is no active consultant yet: make one first with "
                                   "`flask --app app staff create --role consultant ...`, then pass --consultant EMAIL")
        if len(consultants) > 1:
            raise click.UsageError("there are several consultants: say whose caseload she joins with --consultant EMAIL "
                                   f"(one of {', '.join(c.email for c in consultants)})")
        click.echo(f"She joins the caseload of {consultants[0].name} <{consultants[0].email}>, the only consultant.", err=True)
        return consultants[0]
    wanted = email.strip().lower()
    for consultant in consultants:
        if consultant.email == wanted:
            return consultant
    raise click.UsageError(f"no active consultant with the e-mail {email}")


@citizens_cli.command("create")
@click.option("--name", required=True, help="Display name.")
@click.option("--language", required=True, type=click.Choice(LANGUAGES), help="Her preferred language.")
@click.option("--consultant", "consultant_email", default=None, metavar="EMAIL",
              help="E-mail of the consultant whose caseload she joins (needed when there is more than one).")
@click.option("--phone", default=None)
@click.option("--workplace", default="")
@click.option("--start", "start", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Course start (default today).")
def citizens_create(name: str, language: str, consultant_email: str | None, phone: str | None, workplace: str,
                    start: object) -> None:
    """Create a citizen with a 26-week course on a consultant's caseload; prints her id."""
    start_day = start.date() if start else clock.local_today()
    consultant = _consultant_for(consultant_email)
    try:
        citizen = create_citizen(get_session(), audit.SYSTEM, name=name, language=language, phone=phone,
                                 consultant_id=consultant.id, workplace=workplace, start=start_day,
                                 course_weeks=current_app.config["COURSE_WEEKS"])
    except SetupError as error:
        raise click.UsageError(str(error)) from None
    click.echo(citizen.id)


@citizens_cli.command("schedule")
@click.argument("citizen_id", type=int)
@click.option("--from", "valid_from", type=click.DateTime(["%Y-%m-%d"]), required=True, help="First day this plan holds.")
@click.option("--reason", default="")
@click.option("--mon", type=float, default=0)
@click.option("--tue", type=float, default=0)
@click.option("--wed", type=float, default=0)
@click.option("--thu", type=float, default=0)
@click.option("--fri", type=float, default=0)
@click.option("--sat", type=float, default=0)
@click.option("--sun", type=float, default=0)
def citizens_schedule(citizen_id: int, valid_from: object, reason: str, **hours: float) -> None:
    """Plan hours per weekday from a date (a new version; the old plan stays in the history)."""
    week = [hours[day] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")]
    try:
        version = set_schedule(get_session(), audit.SYSTEM, citizen_id, hours=week, valid_from=valid_from.date(), reason=reason)
    except SetupError as error:
        raise click.UsageError(str(error)) from None
    click.echo(f"Schedule {version.id}: {sum(week):g} hours a week from {version.valid_from.isoformat()}")


@citizens_cli.command("task")
@click.argument("citizen_id", type=int)
@click.option("--icon", required=True, help="Icon name, e.g. cleaning, dishes, stock.")
@click.option("--label", required=True, help="Label in Danish.")
@click.option("--ar", default="")
@click.option("--ur", default="")
@click.option("--so", default="")
def citizens_task(citizen_id: int, icon: str, label: str, ar: str, ur: str, so: str) -> None:
    """Add an agreed task with its labels."""
    try:
        task = add_task(get_session(), audit.SYSTEM, citizen_id, icon=icon, label_da=label,
                        translations={"ar": ar, "ur": ur, "so": so})
    except SetupError as error:
        raise click.UsageError(str(error)) from None
    click.echo(task.id)


@citizens_cli.command("qr")
@click.argument("citizen_id", type=int)
@click.option("--screen", is_flag=True, help="A short-lived code for showing on screen instead of a printed card.")
def citizens_qr(citizen_id: int, screen: bool) -> None:
    """Issue a new activation code (older unused codes stop working); prints the URL and the QR."""
    from app.models import Citizen

    session = get_session()
    if session.get(Citizen, citizen_id) is None:
        raise click.UsageError(f"no citizen with id {citizen_id}")
    config = current_app.config
    lifetime = timedelta(minutes=config["ACTIVATION_SCREEN_MINUTES"]) if screen else timedelta(days=config["ACTIVATION_CARD_DAYS"])
    raw = issue_code(session, audit.SYSTEM, citizen_id, purpose="screen" if screen else "card", lifetime=lifetime, now=clock.utcnow())
    url = activation_url(raw)
    click.echo(url)
    click.echo(terminal_qr(url))


@staff_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice(("admin", "consultant", "interpreter", "teacher")))
@click.option("--languages", default="", help="An interpreter's languages for spoken questions, e.g. ar,ur.")
def staff_create(email: str, name: str, role: str, languages: str) -> None:
    """Make a staff account with a one-time password: printed here only for the very first admin, e-mailed to everyone else."""
    from sqlmodel import select

    from app.models import StaffUser
    from app.services.invitations import invite_staff, one_time_password
    from app.services.mail import LOGGED, MailError, MailNotConfigured, MailSettings
    from app.services.staff import AccountError, create_staff

    session = get_session()
    config = current_app.config
    first_admin = role == "admin" and session.exec(select(StaffUser.id).where(StaffUser.role == "admin")).first() is None
    codes = [code.strip() for code in languages.split(",") if code.strip()]
    if any(code not in LANGUAGES for code in codes):
        raise click.UsageError(f"languages must be among {', '.join(LANGUAGES)}")
    try:
        if first_admin:
            password = one_time_password(email, config["PASSWORD_MIN_LENGTH"])
            user = create_staff(session, audit.SYSTEM, name=name, email=email, role=role, password=password, must_change_password=True,
                                now=clock.utcnow(), min_length=config["PASSWORD_MIN_LENGTH"])
        else:
            invited = invite_staff(session, audit.SYSTEM, made_by=None, name=name, email=email, role=role,
                                   mail=MailSettings.from_config(config), base_url=config["PUBLIC_BASE_URL"], now=clock.utcnow(),
                                   min_length=config["PASSWORD_MIN_LENGTH"])
            user = invited.user
    except AccountError as error:
        raise click.UsageError(str(error)) from None
    except MailNotConfigured:
        raise click.UsageError("no mail server is set up (LOGBOG_MAIL_SERVER): only the very first admin's password is printed "
                               "here; every other account gets its first password by e-mail. Nothing was made.") from None
    except MailError as error:
        raise click.ClickException(f"the e-mail with the first password could not be sent ({error}); nothing was made") from None
    if role == "interpreter" and codes:
        from app.services.audio import set_languages

        set_languages(session, audit.SYSTEM, user, codes)
    click.echo(f"Account {user.id} ({user.role}) made for {user.email}.")
    if first_admin:
        click.echo(f"The first admin's one-time password: {password}")
        click.echo("At her first sign-in she chooses her own password and sets up her authenticator app.")
    elif invited.delivery == LOGGED:
        click.echo("Development: no mail server is set up, so the e-mail with her first password was written to the log above.")
    else:
        click.echo(f"An e-mail with her first password was sent to {user.email}; she chooses her own at her first sign-in.")


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Seed demo citizens with weeks of logs when the database is empty; print how to get in."""
    from app.services.demo import DEMO_PASSWORD, demo_accounts, demo_grant, demo_links, seed_demo
    from app.services.demo_workplace import demo_workplace_link

    session = get_session()
    created = seed_demo(session, today=clock.local_today())
    click.echo("Demo data created." if created else "Database already has data; not seeding.")
    _demo_voice(session)
    config = current_app.config
    base = config["PUBLIC_BASE_URL"].rstrip("/")
    accounts = demo_accounts(session)
    if accounts:
        click.echo(f"\nStaff sign in at {base}/staff/sign-in with password {DEMO_PASSWORD} and a 6-digit code from an")
        click.echo("authenticator app set up with the key below (or run `make demo-code` for the current codes):")
        for user in accounts:
            click.echo(f"  {user.role:<12} {user.email:<28} key {user.totp_secret}")
        click.echo("Two admins: a woman moved onto a consultant account that is new or has never signed in waits until "
                   "the other admin approves it (Caseloads).")
        granted = demo_grant(session)
        if granted:
            click.echo(f"The demo interpreter may help {granted[1].display_name} (Arabic) for the next 8 hours.")
    click.echo("\nEach demo citizen's activation link (what her QR code holds; one use each, new links at every start):")
    for name, language, raw in demo_links(session, lifetime=timedelta(days=config["ACTIVATION_CARD_DAYS"])):
        click.echo(f"  {name} ({language}): {activation_url(raw)}")
    contact = demo_workplace_link(session, timedelta(days=config["WORKPLACE_LINK_DAYS"]), clock.utcnow())
    if contact is not None:
        name, workplace, raw = contact
        click.echo(f"\nThe workplace contact person {name} ({workplace}) confirms Amina Yusuf's weeks; her sign-in link "
                   f"(one use, a new one at every start):\n  {base}/w/{raw}")


def _demo_voice(session: Session) -> None:
    """Seed the demo's synthetic spoken questions (once; a real recording is never replaced) and say what it did."""
    from app.services.audio import synthetic_voices
    from app.services.demo import demo_accounts
    from app.services.demo_voice import seed_voice
    from app.web.spoken import spoken_words

    if not demo_accounts(session) or synthetic_voices(session):
        return
    started = time.monotonic()
    words = {code: spoken_words(session, code) for code in LANGUAGES}
    seeded = seed_voice(session, words, clock.utcnow(), current_app.config.get("DEMO_VOICE_CACHE", INSTANCE_DIR / "demo-voice"))
    if seeded.clips:
        counts = ", ".join(f"{code} {count}" for code, count in seeded.clips.items())
        click.echo(f"Demo spoken questions, a synthetic espeak-ng voice (marked so for staff): {counts} clips "
                   f"in {time.monotonic() - started:.1f} s.")
    for code, why in seeded.missing.items():
        click.echo(f"No demo clips in {code}: {why}. Record real ones on /recordings.")


@click.command("retention")
@click.option("--dry-run", is_flag=True, help="Only list who would be anonymised.")
@with_appcontext
def retention_command(dry_run: bool) -> None:
    """Anonymise women whose course ended more than RETENTION_MONTHS ago (run it daily from cron)."""
    from app.services.ratelimit import prune
    from app.services.rights import retention_due, run_retention

    session = get_session()
    months = current_app.config["RETENTION_MONTHS"]
    today = clock.local_today()
    if dry_run:
        due = retention_due(session, today, months)
        click.echo(f"{len(due)} would be anonymised: {', '.join(str(c.id) for c in due) or '-'}")
        return
    done = run_retention(session, today, clock.utcnow(), months)
    pruned = prune(session, before=clock.utcnow(), forget=timedelta(seconds=current_app.config["SIGN_IN_LOCKOUT_FORGET_SECONDS"]))
    click.echo(f"Anonymised {len(done)} (past {months} months after course end): {', '.join(map(str, done)) or '-'}; "
               f"removed {pruned} old rate-limit windows and lockouts.")


@click.command("workplace-reminders")
@with_appcontext
def workplace_reminders_command() -> None:
    """E-mail today's reminders to workplace contact persons, each with a fresh sign-in link (run it daily from cron,
    e.g. at 08:00; running it again the same day sends nothing twice)."""
    from app.services.mail import MailSettings
    from app.services.workplace_mail import send_reminders

    config = current_app.config
    sent, failed = send_reminders(get_session(), mail=MailSettings.from_config(config), base_url=config["PUBLIC_BASE_URL"],
                                  now=clock.utcnow(), today=clock.local_today(),
                                  lifetime=timedelta(days=config["WORKPLACE_LINK_DAYS"]))
    click.echo(f"Sent {sent} workplace reminders; {failed} could not be sent (tried again at the next run today).")
    if failed:
        raise SystemExit(1)


@click.command("restore-drill")
@click.option("--keep", is_flag=True, help="Leave the restored scratch copy in place to look at it.")
@click.option("--backup-file", type=click.Path(dir_okay=False), default=None,
              help="Keep the backup at this new path (never overwritten) instead of a temporary directory.")
@with_appcontext
def restore_drill_command(keep: bool, backup_file: str | None) -> None:
    """Back up the database, restore it into a fresh scratch database and compare every table (run it monthly)."""
    from app.ops.restore_drill import DrillError, run_drill

    try:
        result = run_drill(get_engine().url.render_as_string(hide_password=False), keep=keep, backup_file=backup_file)
    except DrillError as error:
        raise click.ClickException(f"restore drill could not run: {error}") from None
    for count in result.tables:
        restored = "missing" if count.restored is None else count.restored
        click.echo(f"{count.name} source={count.source} restored={restored} {'ok' if count.ok else 'DIFFERENT'}")
    for problem in result.problems:
        click.echo(f"problem: {problem}")
    if result.scratch_kept:
        click.echo(f"restored copy kept: {result.scratch}")
    if result.backup_path is not None:
        click.echo(f"backup kept: {result.backup_path}")
    summary = (f"{len(result.tables)} tables, {result.source_rows} rows, backup {result.backup_bytes} bytes, "
               f"{result.seconds:.2f} s")
    if result.ok:
        click.echo(f"restore drill OK: {summary}")
        return
    differing = ", ".join(result.differing_tables) or "none"
    click.echo(f"restore drill FAILED: tables that differ: {differing}; {len(result.problems)} other problems; {summary}")
    click.get_current_context().exit(1)


@click.command("demo-code")
@with_appcontext
def demo_code_command() -> None:
    """Print the current authenticator codes of the demo accounts (development only)."""
    import pyotp

    from app.services.demo import demo_accounts

    if not current_app.config.get("DEVELOPMENT"):
        raise click.UsageError("only in development (LOGBOG_ENV=development)")
    for user in demo_accounts(get_session()):
        click.echo(f"  {user.email:<28} {pyotp.TOTP(user.totp_secret).now()}")


@i18n_cli.command("extract")
def i18n_extract() -> None:
    """Write translations/messages.pot from the code and templates."""
    catalogs.extract()


@i18n_cli.command("update")
def i18n_update() -> None:
    """Extract, then merge new messages into every language's catalog."""
    catalogs.extract()
    catalogs.update()


@i18n_cli.command("compile")
def i18n_compile() -> None:
    """Compile the catalogs for the running app."""
    catalogs.compile_all()


def init_app(app: Flask) -> None:
    """Register the command groups."""
    app.cli.add_command(db_cli)
    app.cli.add_command(i18n_cli)
    app.cli.add_command(staff_cli)
    app.cli.add_command(citizens_cli)
    app.cli.add_command(demo_command)
    app.cli.add_command(demo_code_command)
    app.cli.add_command(retention_command)
    app.cli.add_command(workplace_reminders_command)
    app.cli.add_command(restore_drill_command)


