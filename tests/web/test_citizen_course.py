""""My course" on her phone: why she is here, where she works (whom to call, what she does) and her next 7 days, in
her language, with Listen buttons that say the words on the screen. Today is Wednesday 18 November 2026 (ISO week 47,
odd); Monday 23 November starts week 48 (even)."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from datetime import date, time, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlmodel import Session, select

from app.config import LANGUAGES
from app.domain.schedule import MONTHLY, ROTATION, PlanVersion
from app.models import AuditEvent, Citizen, StaffUser, Task
from app.services import audit
from app.services.citizens import current_course, current_internship, set_plan
from app.services.placement_details import ContactGiven, add_contact
from app.services.placements import NextPlacement, start_placement
from app.web.i18n import clock_label, day_label, hours_label
from app.web.prompts import PROMPTS, task_label_key
from tests.conftest import TODAY
from tests.helpers import post_day, translated
from tests.web.test_spoken_wording import record_all

START = date(2026, 11, 2)
NEXT_MONDAY = date(2026, 11, 23)

MakeCitizen = Callable[..., Citizen]
Activate = Callable[[FlaskClient, Citizen], None]


def _in(app: Flask, language: str, render: Callable[[], str]) -> str:
    """A date, time or number label as her page writes it in `language`."""
    with app.test_request_context("/"), force_locale(language):
        return render()


def _words(page: str) -> str:
    """The page's text without tags, spaces squeezed (the sentences she reads)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _section(page: str, heading_id: str) -> str:
    return page.split(f'aria-labelledby="{heading_id}"', 1)[1].split("</section>", 1)[0]


def _days(page: str) -> list[str]:
    """Her seven days ahead, as the page lists them."""
    return re.findall(r'<li class="day-ahead (ahead-[a-z]+)">', page)


@pytest.fixture
def phone_of(app: Flask, activate: Activate) -> Callable[[Citizen], FlaskClient]:
    def signed_in(citizen: Citizen) -> FlaskClient:
        client = app.test_client()
        activate(client, citizen)
        return client
    return signed_in


def _at_work(db: Session, citizen: Citizen, workplace: str = "Plejecenter Solgården", address: str = "Solvej 4, 2700 Brønshøj") -> None:
    placement = current_internship(db, citizen.id)
    placement.workplace, placement.address = workplace, address
    db.add(placement)
    db.commit()


def _page(phone: FlaskClient) -> str:
    response = phone.get("/course")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize(("purpose", "sentence"), [
    ("job", "On this course you find out how many hours you can work. The goal is a small job with pay."),
    ("clarify", "On this course you find out what work you can do, and how many hours."),
])
def test_it_says_in_plain_words_why_she_is_here_and_when_the_course_ends(app: Flask, db: Session, make_citizen: MakeCitizen,
                                                                        phone_of: Callable[[Citizen], FlaskClient],
                                                                        purpose: str, sentence: str) -> None:
    citizen = make_citizen(language="so")
    course = current_course(db, citizen.id)
    course.purpose = purpose
    db.add(course)
    db.commit()
    why = _words(_section(_page(phone_of(citizen)), "why"))
    assert translated(app, "so", sentence) in why
    ends = _in(app, "so", lambda: day_label(course.planned_end))
    assert translated(app, "so", "Your course ends on %(day)s.", day=ends) in why


def test_an_extended_course_says_it_was_made_longer_with_the_new_end(app: Flask, db: Session, make_citizen: MakeCitizen,
                                                                     phone_of: Callable[[Citizen], FlaskClient]) -> None:
    citizen = make_citizen(language="da")
    course = current_course(db, citizen.id)
    course.extended_to = course.planned_end + timedelta(weeks=8)
    db.add(course)
    db.commit()
    why = _words(_section(_page(phone_of(citizen)), "why"))
    assert translated(app, "da", "Your course was made longer. It now ends on %(day)s.",
                      day=_in(app, "da", lambda: day_label(course.extended_to))) in why


def test_it_shows_her_workplace_whom_to_call_and_her_tasks_in_her_language(app: Flask, db: Session, make_citizen: MakeCitizen,
                                                                           phone_of: Callable[[Citizen], FlaskClient]) -> None:
    citizen = make_citizen(language="so", tasks=(("cleaning", "Rengøring"), ("laundry", "Vasketøj")))
    _at_work(db, citizen)
    add_contact(db, audit.SYSTEM, current_internship(db, citizen.id), ContactGiven("Lone Andersen", "Leder af rengøringen", "+45 31 52 74 96"))
    where = _section(_page(phone_of(citizen)), "where")
    assert "Plejecenter Solgården" in where and "Solvej 4, 2700 Brønshøj" in where
    assert 'href="tel:+4531527496"' in where and "Lone Andersen" in where
    assert '<bdi lang="da">Leder af rengøringen</bdi>' in where  # the consultant's Danish words, marked as Danish
    assert '<span dir="ltr">+45 31 52 74 96</span>' in where  # the number reads left to right on any page
    assert "Rengøring-so" in where and "Vasketøj-so" in where  # her words for her tasks ...
    assert "#i-task-cleaning" in where and "#i-task-laundry" in where  # ... each beside its picture
    assert "Rengøring<" not in where


def test_a_contact_without_a_number_is_named_without_a_call_button(app: Flask, db: Session, make_citizen: MakeCitizen,
                                                                   phone_of: Callable[[Citizen], FlaskClient]) -> None:
    citizen = make_citizen(language="so")
    _at_work(db, citizen)
    add_contact(db, audit.SYSTEM, current_internship(db, citizen.id), ContactGiven("Birgitte Holm"))
    where = _section(_page(phone_of(citizen)), "where")
    assert "Birgitte Holm" in where and "tel:" not in where


def test_it_shows_the_workplace_of_today_and_says_when_the_next_one_begins(app: Flask, db: Session, make_citizen: MakeCitizen,
                                                                           phone_of: Callable[[Citizen], FlaskClient]) -> None:
    citizen = make_citizen(language="so", tasks=(("cleaning", "Rengøring"),))
    _at_work(db, citizen, "Skolekøkkenet")
    # Set up ahead: from next Monday she moves to the canteen, with its own task; the kitchen ends on Sunday.
    canteen = start_placement(db, audit.SYSTEM, current_course(db, citizen.id),
                              NextPlacement("Kantinen Vesterbro", "outside", NEXT_MONDAY, end_reason="moved", copy_tasks=False))
    db.add(Task(internship_id=canteen.id, icon="dishes", label_da="Opvask"))
    db.commit()
    where = _section(_page(phone_of(citizen)), "where")
    assert where.index("Skolekøkkenet") < where.index("Kantinen Vesterbro")
    assert translated(app, "so", "From %(day)s you work at %(workplace)s.", day=_in(app, "so", lambda: day_label(NEXT_MONDAY)),
                      workplace="<bdi>Kantinen Vesterbro</bdi>") in where  # the name kept apart from the sentence's direction
    assert "Rengøring-so" in where and "Opvask" not in where  # today's tasks, not the canteen's


def test_before_her_first_day_it_says_when_she_starts(app: Flask, db: Session, make_citizen: MakeCitizen,
                                                      phone_of: Callable[[Citizen], FlaskClient]) -> None:
    citizen = make_citizen(language="so", valid_from=NEXT_MONDAY)
    _at_work(db, citizen)
    page = _page(phone_of(citizen))
    where, why = _words(_section(page, "where")), _words(_section(page, "why"))
    monday = _in(app, "so", lambda: day_label(NEXT_MONDAY))
    assert "Plejecenter Solgården" in where and translated(app, "so", "You start on %(day)s.", day=monday) in where
    assert translated(app, "so", "Your course starts on %(day)s.", day=monday) in why


@pytest.mark.parametrize("ended", [False, True])
def test_a_woman_without_a_workplace_now_gets_a_kind_message(app: Flask, db: Session, make_citizen: MakeCitizen,
                                                             phone_of: Callable[[Citizen], FlaskClient], ended: bool) -> None:
    citizen = make_citizen(language="ar")  # her placement has no workplace named yet
    if ended:
        _at_work(db, citizen)
        placement = current_internship(db, citizen.id)
        placement.end, placement.end_reason = TODAY - timedelta(days=1), "absence"
        db.add(placement)
        db.commit()
    where = _words(_section(_page(phone_of(citizen)), "where"))
    assert translated(app, "ar", "You have no workplace right now. Your consultant will talk with you about it.") in where
    assert "Plejecenter" not in where and "tel:" not in where


def test_the_week_ahead_gives_work_days_with_hours_and_times_in_words(app: Flask, db: Session, make_citizen: MakeCitizen,
                                                                      phone_of: Callable[[Citizen], FlaskClient]) -> None:
    citizen = make_citizen(language="da")
    # From today: Wednesday 10:00 for 2 hours, Friday 2.5 hours with no time agreed.
    set_plan(db, audit.SYSTEM, citizen.id, PlanVersion(TODAY, hours=(0, 0, 2, 0, 2.5, 0, 0),
                                                       starts=(None, None, time(10), None, None, None, None)))
    page = _page(phone_of(citizen))
    assert _days(page) == ["ahead-work", "ahead-free", "ahead-work", "ahead-free", "ahead-free", "ahead-free", "ahead-free"]
    ahead = _words(_section(page, "ahead"))
    assert "I dag" in ahead and _in(app, "da", lambda: day_label(TODAY)) in ahead
    assert _in(app, "da", lambda: day_label(NEXT_MONDAY + timedelta(days=1))) in ahead  # seven days: today to next Tuesday
    assert _in(app, "da", lambda: day_label(NEXT_MONDAY + timedelta(days=2))) not in ahead
    assert "fra kl. 10.00 til kl. 12.00" in ahead  # the agreed start and when it ends, in words
    friday = ahead.split(_in(app, "da", lambda: day_label(date(2026, 11, 20))))[1].split(_in(app, "da", lambda: day_label(date(2026, 11, 21))))[0]
    assert "2,5 timer" in friday and " fra " not in friday  # no start agreed: the hours only


@pytest.mark.parametrize("language", ["ar", "ur"])
def test_times_are_words_not_a_dash_in_arabic_and_urdu(app: Flask, db: Session, make_citizen: MakeCitizen,
                                                       phone_of: Callable[[Citizen], FlaskClient], language: str) -> None:
    citizen = make_citizen(language=language)
    set_plan(db, audit.SYSTEM, citizen.id, PlanVersion(TODAY, hours=(0, 0, 2, 0, 0, 0, 0), starts=(None, None, time(10), None, None, None, None)))
    ahead = _words(_section(_page(phone_of(citizen)), "ahead"))
    start, end = _in(app, language, lambda: clock_label(time(10))), _in(app, language, lambda: clock_label(time(12)))
    said = translated(app, language, "from %(start)s o'clock to %(end)s o'clock", start=start, end=end)
    assert "o'clock" not in said  # translated ...
    assert said in ahead and start in said and end in said  # ... and on her page
    assert not re.search(r"\d\s*[-–—]\s*\d", ahead)  # no range written with a dash


def test_a_rotation_shows_the_odd_and_the_even_weeks_hours(app: Flask, db: Session, make_citizen: MakeCitizen,
                                                           phone_of: Callable[[Citizen], FlaskClient]) -> None:
    citizen = make_citizen(language="so")
    # Odd weeks (this one, 47): Monday and Wednesday 3 hours. Even weeks (next, 48): Tuesday 4 hours from 9:30.
    set_plan(db, audit.SYSTEM, citizen.id, PlanVersion(TODAY, mode=ROTATION, hours=(3, 0, 3, 0, 0, 0, 0), even_hours=(0, 4, 0, 0, 0, 0, 0),
                                                       even_starts=(None, time(9, 30), None, None, None, None, None)))
    page = _page(phone_of(citizen))
    # Wed 18 (odd: works), Thu-Sun free, Mon 23 (even: free, though odd Mondays work), Tue 24 (even: works).
    assert _days(page) == ["ahead-work", "ahead-free", "ahead-free", "ahead-free", "ahead-free", "ahead-free", "ahead-work"]
    ahead = _words(_section(page, "ahead"))
    tuesday = ahead.split(_in(app, "so", lambda: day_label(NEXT_MONDAY + timedelta(days=1))))[1]
    assert _in(app, "so", lambda: hours_label(4)) in tuesday and _in(app, "so", lambda: clock_label(time(13, 30))) in tuesday


def test_a_monthly_budget_gives_the_months_hours_and_what_she_has_worked_so_far(app: Flask, db: Session, make_citizen: MakeCitizen,
                                                                               phone_of: Callable[[Citizen], FlaskClient]) -> None:
    citizen = make_citizen(language="so")
    set_plan(db, audit.SYSTEM, citizen.id, PlanVersion(START, mode=MONTHLY, monthly_hours=26, paid_hours=6))
    phone = phone_of(citizen)
    post_day(phone, date(2026, 11, 16), {"attendance": "full", "hours_worked": "3.5", "pain": "3"})
    post_day(phone, date(2026, 11, 17), {"attendance": "full", "hours_worked": "4", "pain": "2"})
    page = _page(phone)
    ahead = _words(_section(page, "ahead"))
    assert translated(app, "so", "Your plan is a number of hours each month. You choose the days together with your workplace.") in ahead
    assert translated(app, "so", "Your hours this month: %(hours)s", hours=_in(app, "so", lambda: hours_label(26))) in ahead
    assert translated(app, "so", "Worked so far this month: %(hours)s", hours=_in(app, "so", lambda: hours_label(7.5))) in ahead
    assert translated(app, "so", "You get pay for %(hours)s each month.", hours=_in(app, "so", lambda: hours_label(6))) in ahead
    assert _days(page) == []  # seven days alike ("you choose") would only be noise


def test_paid_hours_of_a_weekly_plan_are_a_weeks(app: Flask, db: Session, make_citizen: MakeCitizen,
                                                 phone_of: Callable[[Citizen], FlaskClient]) -> None:
    citizen = make_citizen(language="da")
    set_plan(db, audit.SYSTEM, citizen.id, PlanVersion(TODAY, hours=(2, 0, 2, 0, 2, 0, 0), paid_hours=2))
    ahead = _words(_section(_page(phone_of(citizen)), "ahead"))
    assert translated(app, "da", "You get pay for %(hours)s each week.", hours="2 timer") in ahead


def test_without_a_plan_or_after_the_course_no_day_is_a_work_day(app: Flask, db: Session, make_citizen: MakeCitizen,
                                                                  phone_of: Callable[[Citizen], FlaskClient]) -> None:
    planless = make_citizen(name="Hodan", language="so", hours=(0,) * 7, valid_from=NEXT_MONDAY + timedelta(days=7))
    ahead = _words(_section(_page(phone_of(planless)), "ahead"))
    assert translated(app, "so", "Your plan of hours is not ready yet. Your consultant will tell you.") in ahead
    ending = make_citizen(name="Sahra", language="so", hours=(3, 3, 3, 3, 3, 0, 0))
    course = current_course(db, ending.id)
    course.planned_end = date(2026, 11, 20)  # Friday
    db.add(course)
    db.commit()
    assert _days(_page(phone_of(ending))) == ["ahead-work", "ahead-work", "ahead-work"] + ["ahead-ended"] * 4


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_is_in_her_language_and_direction_and_reachable_from_her_tabs(app: Flask, db: Session, make_citizen: MakeCitizen,
                                                                         phone_of: Callable[[Citizen], FlaskClient], language: str) -> None:
    citizen = make_citizen(language=language)
    _at_work(db, citizen)
    phone = phone_of(citizen)
    page = _page(phone)
    direction = "rtl" if language in ("ar", "ur") else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in page
    assert f'<h1>{translated(app, language, "My course")}</h1>' in page
    assert 'href="/course" aria-current="page"' in page
    assert 'href="/course"' in phone.get("/week").get_data(as_text=True)  # one tap from her other pages
    assert phone.get("/course").headers["Cache-Control"] == "no-store"


def test_it_shows_her_own_course_only_and_audits_the_read(app: Flask, db: Session, make_citizen: MakeCitizen,
                                                          phone_of: Callable[[Citizen], FlaskClient]) -> None:
    hers, other = make_citizen(name="Amina", language="so"), make_citizen(name="Fatima", language="so")
    _at_work(db, hers, "Netto Vestergade")
    _at_work(db, other, "Kantinen Vesterbro")
    add_contact(db, audit.SYSTEM, current_internship(db, other.id), ContactGiven("Jens Madsen", phone="+45 40 18 29 37"))
    page = _page(phone_of(hers))
    assert "Netto Vestergade" in page and "Kantinen Vesterbro" not in page and "Jens Madsen" not in page
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "course.read")).one()
    assert (event.actor_kind, event.actor_id, event.citizen_id) == ("citizen", hers.id, hers.id)
    assert phone_of(hers).post("/course").status_code == 405  # reading only


def _playlists(page: str) -> list[list[str]]:
    return [[item["src"] for item in json.loads(html.unescape(raw))] for raw in re.findall(r"data-speak='([^']*)'", page)]


def test_each_listen_button_says_the_words_on_her_screen(app: Flask, db: Session, make_citizen: MakeCitizen,
                                                         phone_of: Callable[[Citizen], FlaskClient],
                                                         make_staff: Callable[..., StaffUser]) -> None:
    citizen = make_citizen(language="so", tasks=(("cleaning", "Rengøring"),))
    _at_work(db, citizen)
    add_contact(db, audit.SYSTEM, current_internship(db, citizen.id), ContactGiven("Lone Andersen", phone="+45 31 52 74 96"))
    phone = phone_of(citizen)
    assert 'class="speak' not in _page(phone)  # nothing recorded yet: no button that cannot play
    course_keys = [key for key in PROMPTS if key.startswith("course.")]
    addresses = record_all(db, make_staff("admin"), "so", [*course_keys, task_label_key("Rengøring-so")])
    page = _page(phone)
    played = [[addresses[src] for src in playlist] for playlist in _playlists(page)]
    assert played == [["course.why.clarify"], ["course.workplace"], ["course.contact", "course.call"],
                      ["course.tasks", task_label_key("Rengøring-so")], ["course.week"]]
    shown = _words(page)
    for keys in played:
        for key in keys:
            for message in PROMPTS[key].messages if key in PROMPTS else ():
                assert translated(app, "so", str(message)) in shown, key  # every clip's words are on her screen
