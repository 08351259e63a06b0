"""Demo data: a consultant and women with weeks of realistic logs, so every screen has something to show.

The patterns follow the providers' case notes in domain.md: a stable woman, one whose pain
rose after her hours were raised, one ready for more hours, one who fell silent, one with
frequent absences, and a newcomer who has not started yet.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, time
from typing import Callable
import uuid

import pyotp
from sqlmodel import Session, select

from app import clock
from app.clock import LOCAL_ZONE
from app.domain import body_map
from app.domain.day import Attendance
from app.domain.entry import EntryAnswers
from app.domain.schedule import MONTHLY, ROTATION, PlanVersion, plan_in_force, planned_hours
from app.models import Citizen, StaffUser
from app.services import audit
from app.services.activation import issue_code
from app.services.citizens import (add_task, create_citizen, current_course, current_internship, plan_versions, set_plan, set_schedule,
                                   tasks_for)
from app.services.demo_placement_details import seed_next_placement_details, seed_placement_details
from app.services.demo_activities import seed_activities
from app.services.demo_same_day import seed_same_day
from app.services.demo_workplace import seed_called_about, seed_workplace_account
from app.services.entries import Provenance, save_entry
from app.services.placements import NextPlacement, start_placement
from app.services.staff import hash_password

DEMO_CONSULTANT_EMAIL = "konsulent@demo.logbog.dk"

#: (icon, Danish, Arabic, Urdu, Somali)
TASKS = {
    "cleaning": ("cleaning", "Rengøring", "تنظيف", "صفائی", "Nadiifin"),
    "dishes": ("dishes", "Opvask", "غسل الصحون", "برتن دھونا", "Weel dhaqid"),
    "stock": ("stock", "Varer på hylder", "ترتيب البضائع على الرفوف", "سامان شیلف پر رکھنا", "Alaab saarid"),
    "laundry": ("laundry", "Vasketøj", "الغسيل", "کپڑے دھونا", "Dhar dhaqid"),
    "cooking": ("cooking", "Hjælp i køkkenet", "المساعدة في المطبخ", "باورچی خانے میں مدد", "Caawinta jikada"),
    "food": ("food-serving", "Servering", "تقديم الطعام", "کھانا پیش کرنا", "Cunto bixin"),
    "reception": ("reception", "Telefon og reception", "الهاتف والاستقبال", "فون اور استقبالیہ", "Telefoonka iyo soo dhaweynta"),
    "office": ("office", "Kontoropgaver", "أعمال مكتبية", "دفتر کا کام", "Shaqo xafiis"),
    "care": ("care", "Hjælp til beboerne", "مساعدة المقيمين", "رہنے والوں کی مدد", "Caawinta dadka degan"),
}


@dataclass(frozen=True)
class Persona:
    """One demo woman and how her days tend to go."""

    name: str
    language: str
    workplace: str
    weeks_ago: int
    # (days after start, Mon..Sun hours or a whole plan version in any mode (its valid_from is replaced), reason)
    plans: list[tuple[int, tuple[float, ...] | PlanVersion, str]]
    tasks: list[str]
    day: Callable[[random.Random, int, int], dict[str, object] | None]  # (rng, day index, days to today) -> answers
    consented: bool = True
    moved: tuple[int, str, str] | None = None  # (days after start, her next workplace, why the first one ended)


def _clamp(value: float, low: int = 0, high: int = 10) -> int:
    return int(max(low, min(high, round(value))))


def _stable(rng: random.Random, _i: int, _left: int) -> dict[str, object] | None:
    if rng.random() < 0.05:
        return None
    if rng.random() < 0.05:
        return {"attendance": "absent", "absence_reason": "family", "told_in_advance": True, "pain": _clamp(rng.gauss(4, 1))}
    return {"attendance": "full", "pain": _clamp(rng.gauss(4, 1)), "difficulty": _clamp(rng.gauss(3, 1)),
            "evening": rng.choice([1, 2, 2, 3])}


def _rising_after_step_up(rng: random.Random, i: int, left: int) -> dict[str, object] | None:
    after = left <= 18  # hours were raised about 2.5 weeks ago
    pain = rng.gauss(7.5 if after else 4.5, 1)
    if after and rng.random() < 0.35:
        return {"attendance": "early", "early_reasons": ("pain", "tired"), "pain": _clamp(pain), "difficulty": _clamp(pain - 1),
                "evening": 5, "breaks": "many", "note": "ظهري يؤلمني كثيرًا بعد الأيام الطويلة."}
    if after and rng.random() < 0.15:
        return {"attendance": "absent", "absence_reason": "ill_pain", "told_in_advance": True, "pain": _clamp(pain + 1)}
    return {"attendance": "full", "pain": _clamp(pain), "difficulty": _clamp(pain - 2),
            "evening": 4 if after else rng.choice([2, 3]), "breaks": "some" if after else "none"}


def _ready_for_more(rng: random.Random, _i: int, _left: int) -> dict[str, object] | None:
    return {"attendance": "full", "pain": _clamp(rng.gauss(3, 0.8)), "difficulty": _clamp(rng.gauss(2, 0.8)),
            "evening": rng.choice([1, 1, 2])}


def _silent_lately(rng: random.Random, i: int, left: int) -> dict[str, object] | None:
    if left <= 9:
        return None
    return _stable(rng, i, left)


def _often_absent(rng: random.Random, _i: int, _left: int) -> dict[str, object] | None:
    roll = rng.random()
    pain = _clamp(rng.gauss(6.5, 1.5))
    if roll < 0.3:
        return {"attendance": "absent", "absence_reason": rng.choice(["ill_pain", "family", "appointment"]),
                "told_in_advance": rng.random() < 0.6, "pain": pain}
    if roll < 0.45:
        return {"attendance": "early", "early_reasons": ("family",), "pain": pain, "evening": 4, "difficulty": _clamp(pain - 2)}
    return {"attendance": "full", "pain": pain, "difficulty": _clamp(pain - 2), "evening": rng.choice([3, 4])}


def _tired_evenings(rng: random.Random, _i: int, _left: int) -> dict[str, object] | None:
    """Works every planned hour, but evenings cost her a lot."""
    return {"attendance": "full", "pain": _clamp(rng.gauss(5, 1)), "difficulty": _clamp(rng.gauss(4, 1)),
            "evening": rng.choice([4, 4, 5, 3]), "breaks": "some"}


def _improving(rng: random.Random, i: int, _left: int) -> dict[str, object] | None:
    """Pain falls over the weeks in a calm placement."""
    return {"attendance": "full", "pain": _clamp(rng.gauss(7 - i / 12, 0.8)), "difficulty": _clamp(rng.gauss(5 - i / 15, 1)),
            "evening": rng.choice([2, 3]) if i > 25 else rng.choice([3, 4])}


def _family_early(rng: random.Random, _i: int, _left: int) -> dict[str, object] | None:
    """A small son often ill: early departures and absences for family."""
    if rng.random() < 0.25:
        return {"attendance": "early", "early_reasons": ("family",), "pain": _clamp(rng.gauss(4, 1)), "evening": 3,
                "difficulty": 3, "note": "Wiilkayga ayaa xanuunsanaa, dugsiga ayaa i soo wacay."}
    if rng.random() < 0.12:
        return {"attendance": "absent", "absence_reason": "family", "told_in_advance": rng.random() < 0.5, "pain": _clamp(rng.gauss(4, 1))}
    return _stable(rng, _i, _left)


def _cut_then_stable(rng: random.Random, i: int, left: int) -> dict[str, object] | None:
    """Worse in the first month at 6 h; after the cut to 2 x 2 h she steadies."""
    if i < 28:
        pain = rng.gauss(6 + i / 10, 1)
        if rng.random() < 0.3:
            return {"attendance": "absent", "absence_reason": "ill_pain", "told_in_advance": True, "pain": _clamp(pain + 1)}
        return {"attendance": "full", "pain": _clamp(pain), "difficulty": _clamp(pain - 1), "evening": rng.choice([4, 5])}
    return {"attendance": "full", "pain": _clamp(rng.gauss(5, 1)), "difficulty": _clamp(rng.gauss(3, 1)), "evening": rng.choice([2, 3])}


PERSONAS = [
    Persona("Amina Yusuf", "so", "Plejecenter Solgården", 8, [(0, (3, 0, 3, 0, 0, 0, 0), "Start")],
            ["cleaning", "laundry"], _stable),
    Persona("Fatima Al-Sayed", "ar", "Kantinen på Rådhuset", 9,
            [(0, (2, 0, 2, 0, 2, 0, 0), "Start"), (44, (3, 0, 3, 0, 3, 0, 0), "Går godt, prøver 9 timer")],
            ["dishes", "cooking", "food"], _rising_after_step_up),
    Persona("Nasreen Akhtar", "ur", "Netto Vestergade", 7, [(0, (0, 2, 0, 2, 0, 0, 0), "Start, 2 x 2 timer")],
            ["stock", "cleaning"], _ready_for_more),
    Persona("Hodan Ali", "so", "Vaskeriet Nord", 6, [(0, (2, 0, 2, 0, 2, 0, 0), "Start")],
            ["laundry"], _silent_lately),
    Persona("Leyla Demir", "da", "Borgerservice", 8, [(0, (2, 2, 0, 2, 0, 0, 0), "Start")],
            ["reception", "office"], _often_absent),
    Persona("Khadija Hassan", "ar", "Børnehuset Mælkebøtten", 0, [(3, (0, 2, 0, 2, 0, 0, 0), "Start")],
            ["cleaning"], lambda *_: None, consented=False),
    Persona("Sahra Warsame", "so", "Plejecenter Egebo", 7, [(0, (3, 0, 0, 3, 0, 0, 0), "Start")],
            ["care", "food"], _tired_evenings),
    Persona("Rukhsana Begum", "ur", "Genbrugsbutikken", 8,
            [(0, (2, 0, 2, 0, 0, 0, 0), "Start, rolig butik"),
             # Paid hours beside the internship: 2 of her 6 hours a week are løntimer, with start times.
             (35, PlanVersion(date.min, hours=(2, 0, 2, 0, 2, 0, 0), starts=(time(10), None, time(10), None, time(9, 30), None, None),
                              paid_hours=2, paid_review_on=date(2027, 1, 11)),
              "Butikken betaler 2 løntimer om ugen (fredag)")],
            ["stock", "cleaning"], _improving),
    Persona("Mariam Haddad", "ar", "Skolekøkkenet", 6, [(0, (0, 3, 0, 3, 0, 0, 0), "Start")],
            ["cooking", "dishes"], _stable, moved=(21, "Kantinen Vesterbro", "workplace_closed")),
    Persona("Deeqa Mohamed", "so", "Rengøringsservice Syd", 7,
            [(0, (2, 0, 2, 0, 2, 0, 0), "Start"),
             # Her health changes from week to week: hours as a monthly budget, the days she can.
             (21, PlanVersion(date.min, mode=MONTHLY, monthly_hours=26), "Timer efter helbred: 26 timer om måneden, ingen faste dage")],
            ["cleaning"], _family_early),
    Persona("Zainab Karimi", "da", "Kontorhuset", 8,
            [(0, (2, 0, 2, 0, 2, 0, 0), "Start, 6 timer over 3 dage"), (28, (2, 0, 0, 2, 0, 0, 0), "Flere smerter og sygedage: ned på 2 x 2 timer")],
            ["office", "reception"], _cut_then_stable),
    Persona("Huda Nasser", "ar", "Vaskeriet Nord", 6,
            [(0, (0, 0, 3, 0, 3, 0, 0), "Start"),
             (14, PlanVersion(date.min, mode=ROTATION, hours=(0, 0, 3, 0, 3, 0, 0), even_hours=(3, 0, 3, 0, 3, 0, 0)),
              "Vagtplanen: en ekstra mandag i lige uger")],
            ["laundry"], _ready_for_more),
]

#: Women followed by the second demo consultant: the first consultant must not see them.
OTHER_PERSONAS = [
    Persona("Ayaan Farah", "so", "Café Hjørnet", 6, [(0, (3, 0, 3, 0, 0, 0, 0), "Start")], ["dishes"], _stable),
    Persona("Shazia Iqbal", "ur", "Bageriet", 5, [(0, (0, 2, 0, 2, 0, 0, 0), "Start")], ["food"], _stable),
]

DEMO_DOMAIN = "demo.logbog.dk"
DEMO_PASSWORD = "logbog-demo-2026"
#: The demo's staff: (name, e-mail, role).
DEMO_STAFF = (
    ("Demo Konsulent", DEMO_CONSULTANT_EMAIL, "consultant"),
    ("Anden Konsulent", f"konsulent2@{DEMO_DOMAIN}", "consultant"),
    ("Demo Tolk", f"tolk@{DEMO_DOMAIN}", "interpreter"),
    ("Demo Admin", f"admin@{DEMO_DOMAIN}", "admin"),
    # A second admin approves what the first asks: a woman moved onto a new or never-used account (security.md).
    ("Anden Admin", f"admin2@{DEMO_DOMAIN}", "admin"),
    # The group's teacher: registers attendance at its teaching, sees nothing of the women's health (issue 22).
    ("Mette Underviser", f"underviser@{DEMO_DOMAIN}", "teacher"),
)
#: The demo's accounts were made well before the course began, so they count as established.
DEMO_STAFF_AGE = timedelta(days=120)


def _breaks(raw: dict[str, object]) -> str | None:
    """Her answer about extra breaks; like real women, she sometimes skips it (on some days of a
    pain level the demo picks without drawing from the random stream, so the courses stay as they were)."""
    if raw.get("breaks"):
        return str(raw["breaks"])
    return None if int(raw["pain"]) % 4 == 0 else "none"  # type: ignore[call-overload]


def _answers(raw: dict[str, object], planned: float, tasks: list[int], rng: random.Random) -> EntryAnswers:
    attendance = Attendance(str(raw["attendance"]))
    worked = attendance is not Attendance.ABSENT
    hours = planned if attendance is Attendance.FULL else 0.0
    if attendance is Attendance.FULL and not planned:
        hours = float(raw["hours_worked"])  # type: ignore[arg-type]  # a day her plan left free: her own hours
    if attendance is Attendance.EARLY:
        hours = max(0.5, planned - rng.choice([0.5, 1.0, 1.5]))
        hours = min(hours, planned - 0.5)
    done = tuple((task_id, rng.random() < 0.15) for task_id in tasks if rng.random() < 0.8) if worked else ()
    return EntryAnswers(
        attendance=attendance, hours_worked=hours, early_reasons=tuple(raw.get("early_reasons", ())),  # type: ignore[arg-type]
        absence_reason=raw.get("absence_reason"), told_in_advance=raw.get("told_in_advance"),  # type: ignore[arg-type]
        reason_text="", pain=int(raw["pain"]),  # type: ignore[call-overload]
        difficulty=raw.get("difficulty") if worked else None, breaks=_breaks(raw) if worked else None,  # type: ignore[arg-type]
        tasks=tuple(sorted(done)), evening=raw.get("evening"), note=str(raw.get("note", "")),  # type: ignore[arg-type]
        extra_hours=raw.get("extra_hours"),  # type: ignore[arg-type]
    )


def seed_demo(session: Session, today: date, seed: int = 7) -> bool:
    """Create the demo when the database has no citizens; returns whether it did."""
    if session.exec(select(Citizen.id)).first() is not None:
        return False
    rng = random.Random(seed)
    staff = [_demo_staff(session, name, email, role) for name, email, role in DEMO_STAFF]
    for consultant, personas in ((staff[0], PERSONAS), (staff[1], OTHER_PERSONAS)):
        _seed_caseload(session, consultant, personas, today, rng)
    seed_activities(session, staff[0], staff[-1], today)
    seed_same_day(session, staff[0].id, today)
    return True


def _demo_staff(session: Session, name: str, email: str, role: str) -> StaffUser:
    """A demo account with a known password and an authenticator already set up."""
    user = StaffUser(name=name, email=email, role=role, password_hash=hash_password(DEMO_PASSWORD),
                     totp_secret=pyotp.random_base32(), totp_confirmed_at=clock.utcnow(),
                     created_at=clock.utcnow() - DEMO_STAFF_AGE,
                     # The demo interpreter records the spoken questions in the women's languages (for approval).
                     languages="ar,ur,so" if role == "interpreter" else "")
    session.add(user)
    session.commit()
    return user


def _seed_caseload(session: Session, consultant: StaffUser, personas: list[Persona], today: date, rng: random.Random) -> None:
    actor = audit.Actor("staff", consultant.id, "consultant")
    for persona in personas:
        start = today - timedelta(weeks=persona.weeks_ago, days=today.weekday())
        citizen = create_citizen(session, actor, name=persona.name, language=persona.language, start=start,
                                 consultant_id=consultant.id, workplace=persona.workplace)
        for offset, hours, reason in persona.plans:
            if isinstance(hours, PlanVersion):
                set_plan(session, actor, citizen.id, replace(hours, valid_from=start + timedelta(days=offset)), reason)
            else:
                set_schedule(session, actor, citizen.id, hours=hours, valid_from=start + timedelta(days=offset), reason=reason)
        for key in persona.tasks:
            icon, da, ar, ur, so = TASKS[key]
            add_task(session, actor, citizen.id, icon=icon, label_da=da, translations={"ar": ar, "ur": ur, "so": so})
        seed_placement_details(session, actor, current_internship(session, citizen.id), today)  # type: ignore[arg-type]
        if persona.consented:
            citizen.consent_at = datetime.combine(start, time(9), tzinfo=LOCAL_ZONE)
            session.add(citizen)
            session.commit()
        if persona.moved is None:
            _log_days(session, citizen, persona, start, today, rng)
            seed_workplace_account(session, actor, current_internship(session, citizen.id), citizen, today)  # type: ignore[arg-type]
            seed_called_about(session, actor, citizen, today)
            continue
        # A woman whose first workplace closed: her log before the move ticks the first placement's tasks.
        offset, workplace, why = persona.moved
        moved_on = start + timedelta(days=offset)
        _log_days(session, citizen, persona, start, moved_on, rng)
        following = start_placement(session, actor, current_course(session, citizen.id),  # type: ignore[arg-type]
                                    NextPlacement(workplace=workplace, kind="outside", trade="Køkken", start=moved_on, end_reason=why,
                                                  copy_goals=True))
        seed_next_placement_details(session, actor, following, today)
        _log_days(session, citizen, persona, moved_on, today, rng)


#: Where chronic pain most often sits: the demo's body maps draw from these.
_USUAL_PLACES = ("lower_back", "neck", "right_shoulder", "left_shoulder", "upper_back", "right_leg", "left_leg", "head", "right_hand")


def _body_map(pain: int, places: tuple[str, ...], rng: random.Random) -> tuple[str, ...]:
    """Her weekly body map as the demo fills it in: her usual places, more of them when pain is high."""
    if pain <= 2:
        return (body_map.NOWHERE,)
    count = 1 if pain < 5 else 2 if pain < 7 else 3
    chosen = set(places[:count]) | ({rng.choice(_USUAL_PLACES)} if rng.random() < 0.2 else set())
    return tuple(code for code in body_map.REGION_CODES if code in chosen)


def _log_days(session: Session, citizen: Citizen, persona: Persona, start: date, today: date, rng: random.Random) -> None:
    plans = plan_versions(session, citizen.id)
    task_ids = [task.id for task in tasks_for(session, citizen.id, "da")]
    actor = audit.Actor("citizen", citizen.id, "citizen")
    # Its own random stream, so adding the body map left the rest of the demo as it was.
    places_rng = random.Random(citizen.id)
    places = tuple(places_rng.sample(_USUAL_PLACES, 3))
    extra_rng = random.Random(citizen.id * 31 + 7)  # extra and unplanned hours: their own stream too
    day = start
    while day < today:
        version = plan_in_force(plans, day)
        planned = version.planned_on(day) if version else 0.0
        raw = persona.day(rng, (day - start).days, (today - day).days) if planned else None
        if version is not None and version.mode == MONTHLY:
            raw = _budget_day(persona, rng, day, start, today)  # she writes the days she worked
        elif raw is None and planned == 0 and version is not None and day.weekday() == 5 and extra_rng.random() < 0.08:
            # Now and then a Saturday she helped out: worked hours, never planned ones.
            raw = {"attendance": "full", "hours_worked": 2.0, "pain": _clamp(extra_rng.gauss(4, 1)), "evening": 2}
        elif raw is not None and planned and raw.get("attendance") == "full" and extra_rng.random() < 0.06:
            raw = {**raw, "extra_hours": 1.0}  # she stayed an hour longer
        if raw is not None:
            answers = _answers(raw, planned, task_ids, rng)
            monday = body_map.week_start(day)
            week = [planned_hours(plans, monday + timedelta(days=offset)) for offset in range(7)]
            if body_map.asking_day(body_map.LAST_WORKDAY, week, monday) == day:
                answers = replace(answers, body_regions=_body_map(answers.pain, places, places_rng))
            logged_at = datetime.combine(day, time(16, rng.randint(0, 59)), tzinfo=LOCAL_ZONE)
            save_entry(session, actor, citizen.id, day, answers, str(uuid.UUID(int=rng.getrandbits(128))),
                       today=day, edit_days=0, now=logged_at, provenance=Provenance(language=citizen.preferred_language))
        day += timedelta(days=1)


def _budget_day(persona: Persona, rng: random.Random, day: date, start: date, today: date) -> dict[str, object] | None:
    """A day on a monthly budget: about two days a week she works 3 to 4 hours, as her health lets her."""
    if day.weekday() >= 5 or rng.random() > 0.45:
        return None
    raw = persona.day(rng, (day - start).days, (today - day).days)
    if raw is None or raw.get("attendance") != "full":
        return None
    return {**raw, "hours_worked": rng.choice([3.0, 3.5, 4.0])}


def demo_accounts(session: Session) -> list[StaffUser]:
    """The demo's staff accounts (for printing how to sign in)."""
    return list(session.exec(select(StaffUser).where(StaffUser.email.endswith(f"@{DEMO_DOMAIN}")).order_by(StaffUser.id)).all())


def demo_grant(session: Session, hours: float = 8) -> tuple[StaffUser, Citizen] | None:
    """Give the demo interpreter a fresh grant for the first Arabic-speaking demo woman (at every start)."""
    from app.services.grants import live_grant, make_grant

    interpreter = session.exec(select(StaffUser).where(StaffUser.email == f"tolk@{DEMO_DOMAIN}")).first()
    consultant = session.exec(select(StaffUser).where(StaffUser.email == DEMO_CONSULTANT_EMAIL)).first()
    citizen = session.exec(select(Citizen).where(Citizen.display_name == "Fatima Al-Sayed")).first()
    if interpreter is None or consultant is None or citizen is None:
        return None
    if live_grant(session, interpreter.id, citizen.id, clock.utcnow()) is None:
        make_grant(session, audit.Actor("staff", consultant.id, "consultant"), citizen.id, interpreter_id=interpreter.id,
                   language="ar", hours=hours, max_hours=hours, now=clock.utcnow())
    return interpreter, citizen


def demo_links(session: Session, lifetime: timedelta) -> list[tuple[str, str, str]]:
    """A fresh activation code for each demo citizen of the first consultant: (name, language, raw code)."""
    now = clock.utcnow()
    links = []
    consultant = session.exec(select(StaffUser).where(StaffUser.email == DEMO_CONSULTANT_EMAIL)).first()
    for citizen in session.exec(select(Citizen).where(Citizen.consultant_id == (consultant.id if consultant else None))
                                .order_by(Citizen.id)).all():
        raw = issue_code(session, audit.SYSTEM, citizen.id, purpose="card", lifetime=lifetime, now=now)
        links.append((citizen.display_name, citizen.preferred_language, raw))
    return links
