"""Every page, in a real browser: axe-core finds no WCAG 2.2 A/AA violation, in every language.

Her pages are also checked on a 320 px phone: nothing is wider than the screen, every control
she taps is at least 48 x 48 px, and with the text at 200 % both still hold, also in a font wider
than the one her pages ask for (a phone without Noto). A last test checks
that the walk covers every page the app has, so a new page cannot slip past it.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import uuid
from dataclasses import dataclass
from datetime import time, timedelta
from typing import Any, Callable

import pytest
from flask import Flask
from sqlmodel import Session, select

from app import clock
from app.domain.entry import parse_entry
from app.domain.schedule import PlanVersion
from app.models import ActivitySeries, Citizen, Course, DayEntry, DeviceSession, Internship, PlacementAgreement, StaffUser
from app.services import audit
from app.services import placement_details as details
from app.services.activation import issue_code
from app.services.audio import convert, save_clip
from app.services.caseload_moves import request_move
from app.services.citizens import current_internship, set_plan
from app.services.entries import Provenance, request_call, save_entry
from app.services.grants import make_grant
from app.services.staff import start_session
from app.web.day_form import limits_from
from tests import activity_rows
from tests.browser.conftest import SMALL_PHONE, Words
from tests.conftest import FROZEN_NOW, STAFF_PASSWORD, TODAY, Clock
from tests.registers_world import personal_series, teaching_group
from tests.sound import tone
from tests.web.test_review_list import RECENT, woman

LANGUAGES = ("da", "ar", "ur", "so")
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]},
        "resultTypes": ["violations"]}
#: GET endpoints that answer with something other than a page (or a fragment of one already walked).
NOT_PAGES = {
    "static": "files", "pwa.manifest": "JSON", "pwa.service_worker": "JavaScript", "pwa.favicon": "an icon",
    "citizen.followups": "an htmx fragment of the day page", "interpreter.followups": "an htmx fragment of the day page",
    "consultant.citizen_data_json": "JSON export", "consultant.pdf_report": "PDF", "consultant.csv_report": "CSV",
    "consultant.json_report": "JSON export", "consultant.agreement_file": "PDF",
    "audio.play": "an MP3 clip",
}
#: A wide face every test machine has (fonts-dejavu-core): on a phone without Noto, "system-ui" is such a font, and
#: a long Somali word set in it is wider than in Noto. Added through the page's own style sheet, which its
#: Content-Security-Policy allows (a new <style> element it would block).
WIDE_FAMILY = "DejaVu Sans"
WIDE_FONT = f"document.styleSheets[0].insertRule('* {{ font-family: \"{WIDE_FAMILY}\" !important; }}', 0)"
#: Endpoints the walk reached, filled in by the tests below and checked by the last one.
WALKED: set[str] = set()

_TARGETS = """() => {
  const small = [];
  for (const el of document.querySelectorAll('a[href], button, select, textarea, summary, input:not([type=hidden]), label.choice, label.hard-toggle, label.check, label.region')) {
    if (el.matches('input') && el.closest('label')) continue;  // she taps the label around it
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;  // not shown
    if (box.width < 47.5 || box.height < 47.5)
      small.push(`${el.tagName.toLowerCase()}.${el.className} "${(el.innerText || el.value || '').trim().slice(0, 40)}" ${Math.round(box.width)}x${Math.round(box.height)}`);
  }
  return small;
}"""


def _axe(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page, options=WCAG).response["violations"]
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]} {v['nodes'][0]['failureSummary'][:200]}"
            for v in violations]


def _endpoint(app: Flask, url: str) -> str:
    """The endpoint a URL of the app reaches ("404" for none)."""
    from werkzeug.exceptions import NotFound

    path = "/" + url.split("://", 1)[-1].split("/", 1)[-1]
    try:
        return app.url_map.bind("localhost").match(path.split("?")[0].split("#")[0], method="GET")[0]
    except NotFound:
        return "404"


def _check_page(page: Any, app: Flask, url: str, problems: list[str], *, phone: bool, status: int = 200) -> None:
    """Open `url` and collect what is wrong with it (the page it ends on counts as walked)."""
    response = page.goto(url)
    WALKED.add(_endpoint(app, page.url))
    problems += [f"{url}: {v}" for v in _axe(page)]
    if response is None or response.status != status:
        problems.append(f"{url}: status {response.status if response else None}, not {status}")
    if phone:
        _check_fit(page, url, problems, "")
        page.evaluate("document.documentElement.style.fontSize = '200%'")  # text zoomed to 200 %
        _check_fit(page, url, problems, " at 200 % text")
        page.evaluate(WIDE_FONT)  # and a phone whose own font is wider than Noto
        _check_fit(page, url, problems, f" at 200 % text in {WIDE_FAMILY}")


def _check_fit(page: Any, url: str, problems: list[str], how: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > SMALL_PHONE["viewport"]["width"]:
        problems.append(f"{url}{how}: {width} px wide on a 320 px screen")
    problems += [f"{url}{how}: small target {target}" for target in page.evaluate(_TARGETS)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_her_pages_pass_axe_fit_320_px_and_have_big_targets(playwright_chromium: Any, live_server: str, app: Flask,
                                                           db: Session, make_citizen: Callable[..., Citizen],
                                                           make_staff: Callable[..., StaffUser], frozen_clock: Clock,
                                                           language: str) -> None:
    if not subprocess.run(["fc-list", WIDE_FAMILY], capture_output=True, text=True).stdout:  # the wide-font pass would test nothing
        message = f"{WIDE_FAMILY} is not installed (apt-get install fonts-dejavu-core)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + ": CI must have it")
        pytest.skip(message)
    citizen = make_citizen(name="Nour", language=language, hours=(3, 3, 3, 3, 3, 0, 0), consented=False,
                           tasks=(("cleaning", "Rengøring"), ("dishes", "Opvask")))
    # "My course" with a workplace, a contact to call and agreed start times from today (the hours stay as they were).
    placement = current_internship(db, citizen.id)
    placement.workplace, placement.address = "Plejecenter Solgården", "Solvej 4, 2700 Brønshøj"
    db.add(placement)
    db.commit()
    details.add_contact(db, audit.SYSTEM, placement, details.ContactGiven("Lone Andersen", "Leder af rengøringen", "+45 31 52 74 96"))
    set_plan(db, audit.SYSTEM, citizen.id, PlanVersion(TODAY, hours=(3, 3, 3, 3, 3, 0, 0), starts=(time(10),) * 5 + (None, None)))
    # Her activities (issue 22) on "My course" and today: teaching with her group today, her own appointment on Saturday.
    staff = make_staff("consultant")
    team = activity_rows.group(db, staff, "Hold A", [citizen], TODAY)
    activity_rows.series(db, staff, "teaching", TODAY, TODAY + timedelta(weeks=4), {TODAY.weekday()}, time(13), time(15, 30),
                         "Jobsøgning, CV og ansøgninger til rengøringsjob", "Jobcentret, Lokale 2.14, Blegdamsvej 12", group=team)
    activity_rows.series(db, staff, "treatment", TODAY, TODAY + timedelta(weeks=4), {5}, time(9), time(10),
                         "Fysioterapi hos Sundhedshuset", "Sundhedshuset, Nørrebrogade 200", citizen=citizen)
    raw = issue_code(db, audit.SYSTEM, citizen.id, purpose="card", lifetime=timedelta(days=14), now=clock.utcnow())
    # Spoken questions recorded in her language, so the speaker buttons are on the pages walked.
    recorder = audit.Actor("staff", make_staff("admin").id, "admin")  # an admin's recordings are live at once
    for prompt in ("q.attendance", "a.attendance.full", "q.pain.today", "q.pain.past", "q.evening.after_work.today",
                   "q.evening.today", "q.body_map", "a.body_map.neck", "q.note", "consent.why", "course.why.clarify",
                   "course.contact", "course.week", "course.activities", "course.kind.teaching", "course.kind.treatment"):
        save_clip(db, recorder, prompt, language, convert(tone(0.5)), clock.utcnow())
    context = playwright_chromium.new_context(**SMALL_PHONE)
    page = context.new_page()
    words = Words(app, language)
    problems: list[str] = []
    try:
        _check_page(page, app, f"{live_server}/a/{raw}", problems, phone=True)
        page.goto(f"{live_server}/a/{raw}")
        page.get_by_role("button", name=words("I understand and agree")).click()
        page.wait_for_url("**/today")
        # Last Friday, her last work day of last week, carries the weekly body map.
        # Her whole log: an older page of "my week", a day too old to change (read-only) and one with nothing written.
        old_day = TODAY - timedelta(days=14)
        answers, _errors = parse_entry({"attendance": ["full"], "pain": ["4"], "evening": ["2"], "breaks": ["some"], "note": ["Træt"]},
                                       planned_hours=3, task_ids=set(), limits=limits_from(app.config))
        save_entry(db, audit.Actor("citizen", citizen.id, "citizen"), citizen.id, old_day, answers, str(uuid.uuid4()), today=old_day,
                   edit_days=app.config["ENTRY_EDIT_DAYS"], now=clock.utcnow(), provenance=Provenance(language=language))
        for path in ("/today", f"/day/{(TODAY - timedelta(days=1)).isoformat()}", f"/day/{(TODAY - timedelta(days=5)).isoformat()}",
                     "/week", f"/week?before={(TODAY - timedelta(days=13)).isoformat()}", f"/day/{old_day.isoformat()}",
                     f"/day/{(old_day - timedelta(days=1)).isoformat()}", "/course", "/my-data", "/call-me", "/language", "/offline", "/"):
            _check_page(page, app, f"{live_server}{path}", problems, phone=True)
        page.goto(f"{live_server}/day/{(TODAY - timedelta(days=5)).isoformat()}")
        assert page.locator("label.region").count() == 16 and page.locator("button.speak:visible").count() == 4
        # The day with its follow-up questions open and with the errors a half-filled form gets.
        page.goto(f"{live_server}/today")
        page.get_by_role("radio", name=words("Yes, but I went home early")).locator("xpath=ancestor::label[1]").click()
        page.get_by_role("group", name=words("Why did you go home early?")).wait_for()
        problems += [f"/today, went home early: {v}" for v in _axe(page)]
        page.get_by_role("button", name=words("Save")).click()
        page.locator("p.field-error[id^=err-]").first.wait_for()
        problems += [f"/today, errors shown: {v}" for v in _axe(page)]
        _check_fit(page, "/today, errors shown", problems, "")
        # "I can't come today" (issue 23): the screen, its errors, and what to do next (workplace and job centre to call).
        course = db.exec(select(Course).where(Course.citizen_id == citizen.id)).one()
        course.benefit = "kontanthjaelp"
        db.add(course)
        db.commit()
        app.config["JOB_CENTRE_PHONE"] = "70 11 22 33"
        _check_page(page, app, f"{live_server}/today/cant-come", problems, phone=True)
        page.goto(f"{live_server}/today/cant-come")
        page.get_by_role("button", name=words("Send")).click()
        page.locator("p.field-error[id^=err-]").first.wait_for()
        problems += [f"/today/cant-come, errors shown: {v}" for v in _axe(page)]
        page.get_by_role("radio", name=words("Child or family")).locator("xpath=ancestor::label[1]").click()
        page.get_by_role("radio", name=words("No"), exact=True).locator("xpath=ancestor::label[1]").click()
        page.get_by_role("button", name=words("Send")).click()
        page.locator('a[href="tel:+4531527496"]').wait_for()
        assert page.locator('a[href="tel:70112233"]').count() == 1
        _check_page(page, app, f"{live_server}/day/{TODAY.isoformat()}/cant-come/next", problems, phone=True)
        # Her phone: choosing a PIN (and a mismatch), changing and removing it, the PIN asked after 30 idle
        # minutes (and a wrong one), and signing out.
        for path in ("/phone", "/phone/pin", "/phone/sign-out"):
            _check_page(page, app, f"{live_server}{path}", problems, phone=True)
        page.goto(f"{live_server}/phone/pin")
        page.locator('input[name="pin"]').fill("2580")
        page.locator('input[name="pin_again"]').fill("2581")
        page.get_by_role("button", name=words("Save PIN")).click()
        page.locator("p.field-error").first.wait_for()
        problems += [f"/phone/pin, PINs differ: {v}" for v in _axe(page)]
        page.locator('input[name="pin_again"]').fill("2580")
        page.locator('input[name="pin"]').fill("2580")
        page.get_by_role("button", name=words("Save PIN")).click()
        page.wait_for_url("**/phone?done=set")
        for path in ("/phone?done=set", "/phone/pin", "/phone/pin/remove"):
            _check_page(page, app, f"{live_server}{path}", problems, phone=True)
        frozen_clock.advance(minutes=31)
        _check_page(page, app, f"{live_server}/week", problems, phone=True)  # it ends on the PIN page
        assert "/phone/unlock" in page.url
        page.goto(page.url)
        page.locator('input[name="current_pin"]').fill("1111")
        page.get_by_role("button", name=words("Open")).click()
        page.locator("p.field-error").first.wait_for()
        problems += [f"/phone/unlock, wrong PIN: {v}" for v in _axe(page)]
        _check_fit(page, "/phone/unlock, wrong PIN", problems, "")
        page.locator('input[name="current_pin"]').fill("2580")
        page.get_by_role("button", name=words("Open")).click()
        page.wait_for_url("**/week")
        page.goto(f"{live_server}/phone/sign-out")
        page.get_by_role("button", name=words("Sign out"), exact=True).click()
        page.get_by_role("heading", name=words("You are signed out of this phone")).wait_for()
        problems += [f"signed out: {v}" for v in _axe(page)]
        _check_fit(page, "signed out", problems, "")
        # Signed out on this phone, and a page that does not exist.
        context.clear_cookies()
        for path, status in (("/today", 401), ("/", 200), ("/no/such/page", 404)):
            _check_page(page, app, f"{live_server}{path}", problems, phone=True, status=status)
    finally:
        context.close()
    assert not problems, "\n".join(problems)


@dataclass
class Staff:
    consultant: StaffUser
    interpreter: StaffUser
    admin: StaffUser
    woman: Citizen


@pytest.fixture
def staff(db: Session, make_citizen: Callable[..., Citizen], make_staff: Callable[..., StaffUser],
          consultant: StaffUser) -> Staff:
    """A consultant with a caseload (flags, a call request), an interpreter with a live grant, an admin."""
    pia = woman(db, make_citizen, consultant, "Painful Pia", lambda d: 8 if d >= RECENT else 4)
    pia.preferred_language = "ar"
    # A PIN, and a phone it signed out after wrong tries: both show on her set-up page.
    pia.pin_hash = "$argon2id$not-a-real-hash"
    db.add(pia)
    db.add(DeviceSession(citizen_id=pia.id, token_hash="0" * 64, created_at=clock.utcnow(), last_seen_at=clock.utcnow(),
                         expires_at=clock.utcnow(), revoked_at=clock.utcnow(), revoked_reason="pin_lockout", pin_failures=5,
                         user_agent_summary="Android · Chrome"))
    db.commit()
    woman(db, make_citizen, consultant, "Steady Sahra", lambda d: 4)
    request_call(db, audit.Actor("citizen", pia.id, "citizen"), pia.id, clock.utcnow())
    # Two weeks of body map answers for her timeline.
    for entry in db.exec(select(DayEntry).where(DayEntry.citizen_id == pia.id).order_by(DayEntry.day.desc())).all()[:8:4]:
        entry.body_regions = "neck,lower_back"
        db.add(entry)
    # A note not yet translated: the report lists it before any export.
    entry.note, entry.note_language = "ظهري يؤلمني", "ar"
    db.commit()
    interpreter, admin = make_staff("interpreter", languages="ar,ur"), make_staff("admin")
    save_clip(db, audit.Actor("staff", admin.id, "admin"), "q.attendance", "ar", convert(tone(0.5)), clock.utcnow())
    # A new recording waiting for approval, so the review page and the pending state are walked too.
    save_clip(db, audit.Actor("staff", interpreter.id, "interpreter"), "q.attendance", "ar", convert(tone(0.6)), clock.utcnow())
    make_grant(db, audit.Actor("staff", consultant.id, "consultant"), pia.id, interpreter_id=interpreter.id,
               language="ar", hours=8, max_hours=72, now=clock.utcnow())
    return Staff(consultant, interpreter, admin, pia)


def _placement_with_details(db: Session, staff: Staff) -> int:
    """Her placement with a contact, a goal with a reached sub-goal, a mentor and an agreement: its page has every kind of row."""
    placement = db.exec(select(Internship).join(Course).where(Course.citizen_id == staff.woman.id)).first()
    karen = audit.Actor("staff", staff.consultant.id, "consultant")
    details.add_contact(db, karen, placement, details.ContactGiven("Lise Holm", "Køkkenleder", "+45 20 30 40 50", "lise@bybo.dk"))
    goal = details.add_goal(db, karen, placement, "Arbejde 3 timer i træk", today=TODAY)
    sub = details.add_goal(db, karen, placement, "Holde pause selv", today=TODAY, parent_id=goal.id)
    details.set_goal_status(db, karen, placement, sub.id, "reached", TODAY, today=TODAY)
    details.add_support(db, karen, placement, details.SupportGiven("mentor", "Hanne Nielsen", "Fast makker"))
    for language in ("da", staff.woman.preferred_language):  # a version of its agreement, listed with its copies
        db.add(PlacementAgreement(internship_id=placement.id, version=1, language=language, made_on=TODAY, created_at=FROZEN_NOW,
                                  made_by_id=staff.consultant.id, pdf=b"%PDF", sha256=hashlib.sha256(b"%PDF").hexdigest()))
    db.commit()
    return placement.id


def _signed_in(browser: Any, db: Session, base: str, user: StaffUser) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    secret = start_session(db, user, user_agent="axe", now=clock.utcnow())
    context.add_cookies([{"name": "logbog_staff", "value": secret, "url": base}])
    return context


def test_every_staff_page_passes_axe(playwright_chromium: Any, live_server: str, app: Flask, db: Session,
                                     staff: Staff, sign_in: Callable[..., Any], make_staff: Callable[..., StaffUser]) -> None:
    her = staff.woman.id
    # A saved report, made the way the consultant makes one.
    consultant_browser = sign_in(staff.consultant)
    from tests.helpers import csrf_token

    token = csrf_token(consultant_browser, f"/c/citizens/{her}/report")
    saved = consultant_browser.post(f"/c/citizens/{her}/reports", data={
        "csrf_token": token, "start": "2026-09-07", "end": TODAY.isoformat(), "assessment": "Vurdering"})
    assert saved.status_code == 303, saved.status_code
    report_url = saved.headers["Location"].split("#")[0]
    # A move waiting for a second admin: the caseloads page shows its buttons, the moves record a row.
    request_move(db, make_staff("admin"), staff.woman, make_staff("consultant"), now=clock.utcnow(), new_days=14)
    placement = _placement_with_details(db, staff)
    # A teacher leading the group she is in (issue 22): their home and a session's register; her consultant's view of it.
    teacher = make_staff("teacher")
    series = teaching_group(db, "Hold A", [teacher.id], [her], staff.consultant.id)[1].id
    register = f"sessions/{series}/{TODAY.isoformat()}"
    # Her group's page and her own activities, with a weekly treatment of hers (their forms and lists drawn).
    group = db.get(ActivitySeries, series).group_id
    personal_series(db, her, staff.consultant.id)
    problems: list[str] = []
    pages = [
        (teacher, ["/t/", f"/t/{register}"]),
        (staff.consultant, ["/c/sessions", f"/c/{register}"]),
        (staff.consultant, ["/c/groups", f"/c/groups/{group}", f"/c/citizens/{her}/activities"]),
        (staff.consultant, ["/staff/password", "/c/", f"/c/?reason_needed=flag-{her}-R2", f"/c/citizens/{her}/flags/R2", "/c/?q=Pia", f"/c/citizens/{her}", f"/c/citizens/{her}?weeks=4", f"/c/citizens/{her}/setup",
                           f"/c/citizens/{her}/placements", f"/c/citizens/{her}/placements/{placement}", f"/c/citizens/{her}/attendance",
                           f"/c/citizens/{her}/edit", "/c/citizens/new", f"/c/citizens/{her}/report", report_url,
                           f"{report_url}/print?untranslated=mark", f"/c/citizens/{her}/data", f"/c/citizens/{her}/erase",
                           "/recordings/review/"]),
        (staff.admin, ["/admin/", "/admin/caseloads", "/admin/moves", "/admin/audit", f"/admin/audit/citizens/{her}", "/recordings/",
                       "/recordings/review/"]),
        (staff.interpreter, ["/i/", f"/i/citizens/{her}", f"/i/citizens/{her}/day/{TODAY.isoformat()}",
                             f"/i/citizens/{her}/translate", "/recordings/?lang=ar", "/recordings/?lang=ur&show=missing"]),
    ]
    for user, paths in pages:
        context = _signed_in(playwright_chromium, db, live_server, user)
        page = context.new_page()
        for path in paths:
            _check_page(page, app, f"{live_server}{path}", problems, phone=False)
        if user is staff.consultant:  # a flag's controls, fetched into the review list when "Respond" is unfolded
            page.goto(f"{live_server}/c/")
            flag = page.locator(f"#flag-{her}-R2")
            flag.get_by_text(Words(app, "da")("Respond"), exact=True).first.click()
            flag.get_by_role("button", name=Words(app, "da")("Acknowledge")).wait_for()
            problems += [f"/c/ with controls unfolded: {v}" for v in _axe(page)]
        if user is staff.consultant:  # a contact refused on the placement's page: the message and the marked field
            page.goto(f"{live_server}/c/citizens/{her}/placements/{placement}")
            new_contact = page.get_by_role("form", name=Words(app, "da")("New contact person"))
            new_contact.get_by_label(Words(app, "da")("Name")).fill("Lise Holm")
            new_contact.get_by_label(Words(app, "da")("E-mail (optional)")).fill("lise@bybo")  # a browser takes it, the server not
            new_contact.get_by_role("button", name=Words(app, "da")("Add contact person")).click()
            page.locator("#problem-contact-new").wait_for()
            problems += [f"placement page, contact refused: {v}" for v in _axe(page)]
        if user is staff.consultant:  # an export while her note waits for its translation: the list and the choice
            _check_page(page, app, f"{live_server}{report_url}/print", problems, phone=False, status=409)
        if user is staff.consultant:  # the printed card and the code on screen open from the set-up page
            for button in ("New card to print", "Show code on screen"):
                page.goto(f"{live_server}/c/citizens/{her}/setup")
                target = page.get_by_role("button", name=Words(app, "da")(button))
                if button == "New card to print":
                    with context.expect_page() as opened:
                        target.click()
                    shown = opened.value
                    shown.wait_for_load_state()
                else:
                    target.click()
                    shown = page
                    shown.wait_for_load_state()
                problems += [f"{button}: {v}" for v in _axe(shown)]
        context.close()

    # Sign-in, the code, and enrolling an authenticator, as the staff member walks through them.
    newcomer = make_staff("consultant", totp_confirmed_at=None)
    context = playwright_chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    words = Words(app, "da")
    for user in (staff.consultant, newcomer):
        _check_page(page, app, f"{live_server}/staff/sign-in", problems, phone=False)
        page.get_by_label(words("E-mail")).fill(user.email)
        page.get_by_label(words("Password")).fill(STAFF_PASSWORD)
        page.get_by_role("button", name=words("Next")).click()
        page.wait_for_load_state()
        WALKED.add(_endpoint(app, page.url))
        problems += [f"{page.url}: {v}" for v in _axe(page)]
    context.close()
    assert FROZEN_NOW  # the staff pages run on the suite's frozen clock
    assert not problems, "\n".join(problems)


def test_the_workplace_pages_pass_axe_fit_320_px_and_have_big_targets(playwright_chromium: Any, live_server: str, app: Flask,
                                                                      db: Session, make_citizen: Callable[..., Citizen],
                                                                      consultant: StaffUser, frozen_clock: Clock) -> None:
    """The contact person's pages on a small phone: the link's page, the week (empty, refused, saved), signed out, and
    the one page for a link that does not work."""
    from app.services.workplace_access import invite
    from tests.helpers import csrf_token

    her = make_citizen(name="Amina Yusuf", tasks=(("cleaning", "Rengøring"), ("laundry", "Vasketøj")))
    placement = db.exec(select(Internship).join(Course).where(Course.citizen_id == her.id)).one()
    placement.workplace = "Plejecenter Solgården"
    db.add(placement)
    db.commit()
    contact = details.add_contact(db, audit.Actor("staff", consultant.id, "consultant"), placement,
                                  details.ContactGiven("Lone Andersen", "Leder", "", "lone@example.dk"))
    raw = invite(db, audit.Actor("staff", consultant.id, "consultant"), placement, contact, now=clock.utcnow(),
                 lifetime=timedelta(days=14))
    words = Words(app, "da")
    problems: list[str] = []
    context = playwright_chromium.new_context(**SMALL_PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        _check_page(page, app, f"{live_server}/w/{raw}", problems, phone=True)
        page.goto(f"{live_server}/w/{raw}")
        page.get_by_role("button", name=words("Start on this phone")).click()
        page.wait_for_url("**/w/")
        _check_page(page, app, f"{live_server}/w/", problems, phone=True)
        page.goto(f"{live_server}/w/")
        page.get_by_role("button", name=words("Save the week")).click()  # no pace: refused, marked
        page.locator("#err-pace").wait_for()
        problems += [f"/w/, refused: {v}" for v in _axe(page)]
        _check_fit(page, "/w/, refused", problems, "")
        page.locator("label.choice").filter(has_text=words("About %(percent)s %%", percent=50)).click()
        page.get_by_role("button", name=words("Save the week")).click()
        page.get_by_text(words("Thank you. Your answers are saved.")).wait_for()
        problems += [f"/w/, saved: {v}" for v in _axe(page)]
        page.get_by_role("button", name=words("Sign out")).click()
        page.get_by_role("heading", name=words("You are signed out")).wait_for()
        problems += [f"/w/ signed out: {v}" for v in _axe(page)]
        _check_fit(page, "/w/ signed out", problems, "")
        _check_page(page, app, f"{live_server}/w/", problems, phone=True, status=401)
        _check_page(page, app, f"{live_server}/w/{raw}", problems, phone=True, status=410)
    finally:
        context.close()
    # The sign-in QR the consultant prints for the agreement.
    staff_context = _signed_in(playwright_chromium, db, live_server, consultant)
    staff_page = staff_context.new_page()
    try:
        her.consultant_id = consultant.id
        db.add(her)
        db.commit()
        staff_page.goto(f"{live_server}/c/citizens/{her.id}/placements/{placement.id}#workplace")
        staff_page.locator("#workplace").get_by_role("button", name=words("Print sign-in QR")).click()
        staff_page.get_by_role("heading", name=words("Logbog: the workplace's account")).wait_for()
        problems += [f"workplace QR: {v}" for v in _axe(staff_page)]
    finally:
        staff_context.close()
    assert csrf_token and not problems, "\n".join(problems)


TABLET = {"viewport": {"width": 768, "height": 1024}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def test_a_teacher_takes_a_register_on_a_tablet(playwright_chromium: Any, live_server: str, app: Flask, db: Session,
                                                make_citizen: Callable[..., Citizen], make_staff: Callable[..., StaffUser],
                                                consultant: StaffUser) -> None:
    """The register on a tablet: every woman's row and the save button are big targets, nothing is wider than the screen,
    axe finds nothing before, after saving, and when a session that has not happened yet is refused; her consultant sees
    the marks."""
    teacher = make_staff("teacher", name="Tove Lærer")
    women = [make_citizen(name=name) for name in ("Amina Yusuf", "Fatima Ali", "Hodan Warsame", "Sahra Nur")]
    for woman_ in women:
        woman_.consultant_id = consultant.id
        db.add(woman_)
    db.commit()
    series = teaching_group(db, "Hold A", [teacher.id], [w.id for w in women], consultant.id)[1].id
    words = Words(app, "da")
    form_targets = _TARGETS.replace("document.querySelectorAll(", "document.querySelector('.register-form').querySelectorAll(")
    problems: list[str] = []
    context = _signed_in(playwright_chromium, db, live_server, teacher)
    page = context.new_page()
    page.set_viewport_size(TABLET["viewport"])
    try:
        page.goto(f"{live_server}/t/sessions/{series}/{TODAY.isoformat()}")
        problems += [f"register: {v}" for v in _axe(page)]
        problems += [f"register: small target {t}" for t in page.evaluate(form_targets)]
        if page.evaluate("document.documentElement.scrollWidth") > TABLET["viewport"]["width"]:
            problems.append("register: wider than a tablet")
        row = page.get_by_role("group", name="Hodan")
        row.locator("label.choice").filter(has_text=words("Absent")).click()
        row.get_by_label(words("Reason, if known"), exact=False).select_option("ill")
        page.get_by_role("button", name=words("Save the register")).click()
        page.get_by_text(words("The register is saved.")).wait_for()
        problems += [f"register saved: {v}" for v in _axe(page)]
        page.goto(f"{live_server}/t/sessions/{series}/{(TODAY + timedelta(days=5)).isoformat()}")
        page.get_by_role("button", name=words("Save the register")).click()
        page.locator("#problem-register").wait_for()
        problems += [f"register refused: {v}" for v in _axe(page)]
    finally:
        context.close()
    staff_context = _signed_in(playwright_chromium, db, live_server, consultant)
    staff_page = staff_context.new_page()
    try:
        staff_page.goto(f"{live_server}/c/sessions/{series}/{TODAY.isoformat()}")
        hodan = staff_page.get_by_role("group", name="Hodan")
        assert hodan.locator("input[value=absent]").is_checked() and hodan.locator("select").input_value() == "ill"
    finally:
        staff_context.close()
    assert not problems, "\n".join(problems)


def test_the_walk_covers_every_page(app: Flask) -> None:
    """Runs after the walks above (same module, in order): every GET page was opened by one of them."""
    if not WALKED:
        pytest.skip("the walks above did not run in this session (run the whole module)")
    pages = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods} - set(NOT_PAGES)
    assert pages - WALKED == set()
