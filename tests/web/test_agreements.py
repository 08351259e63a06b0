"""The internship agreement on a placement's page: made with one button, printed in Danish and in her language (RTL for
Arabic and Urdu, Nastaliq for Urdu), every version kept and downloadable, a placement without tasks refused on the page,
and another consultant's woman as if she did not exist.

PDF text checks use poppler's `pdftotext` and `pdffonts` (apt-get install poppler-utils): skipped without them locally,
failed on CI. The other tests draw the copy as HTML instead of a PDF (the same HTML WeasyPrint gets), which is quicker.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections.abc import Callable, Iterator
from datetime import date, time
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from sqlalchemy import update
from sqlmodel import Session, select

from app.domain.agreement import NO_TASKS, Agreement
from app.domain.schedule import MONTHLY, ROTATION, PlanVersion
from app.models import AuditEvent, Citizen, Internship, PlacementAgreement, StaffUser, Task
from app.services import audit
from app.services import placement_details as details
from app.services.citizens import add_task, current_course, set_plan
from app.services.placements import placements
from app.web.consultant import agreements as views
from app.web.consultant.agreement_document import agreement_html
from tests.helpers import csrf_token, require_program, translated, translated_plural
from tests.web.test_report import _in_order_share

#: Marks pdftotext puts around right-to-left runs.
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def _woman(db: Session, make_citizen: Callable[..., Citizen], consultant: StaffUser, name: str, language: str,
           labels: dict[str, str]) -> tuple[Citizen, Internship]:
    """A woman of Karen's caseload with a placement that has everything an agreement states."""
    citizen = make_citizen(name=name, language=language, tasks=())
    citizen.consultant_id = consultant.id
    db.add(citizen)
    karen = audit.Actor("staff", consultant.id, "consultant")
    add_task(db, karen, citizen.id, icon="cooking", label_da="Hjælp i køkkenet", translations=labels)
    add_task(db, karen, citizen.id, icon="dishes", label_da="Opvask")
    (placement,) = placements(db, current_course(db, citizen.id).id)
    placement.workplace, placement.address, placement.planned_end = "Skolekøkkenet", "Skolevej 4, 2450 København SV", date(2027, 1, 29)
    placement.accommodations, placement.aids = "#no_heavy_lifting\nMå sidde ned hver time", "#trolley"
    db.add(placement)
    db.commit()
    set_plan(db, karen, citizen.id, PlanVersion(date(2026, 11, 16), hours=(3, 0, 3, 0, 0, 0, 0), starts=(time(9),) + (None,) * 6,
                                                paid_hours=2, paid_review_on=date(2027, 1, 11)))
    details.add_contact(db, karen, placement, details.ContactGiven("Birgitte Holm", "Køkkenleder", "+45 21 43 65 87"))
    goal = details.add_goal(db, karen, placement, "Arbejde 3 timer i træk", today=placement.start)
    details.add_goal(db, karen, placement, "Holde sin pause", today=placement.start, parent_id=goal.id)
    details.add_support(db, karen, placement, details.SupportGiven("mentor", "Hanne Nielsen", "Fast makker"))
    return citizen, placement


@pytest.fixture
def fatima(db: Session, make_citizen: Callable[..., Citizen], consultant: StaffUser) -> tuple[Citizen, Internship]:
    return _woman(db, make_citizen, consultant, "فاطمة حداد", "ar", {"ar": "المساعدة في المطبخ"})


@pytest.fixture
def drawn_as_html(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Copies drawn as their HTML (what WeasyPrint would get), kept in order."""
    made: list[str] = []

    def html(copy: Agreement) -> bytes:
        made.append(agreement_html(copy))
        return made[-1].encode()

    monkeypatch.setattr(views, "agreement_renderer", lambda: html)
    yield made


def _page(citizen: Citizen, placement: Internship) -> str:
    return f"/c/citizens/{citizen.id}/placements/{placement.id}"


def _make(browser: FlaskClient, citizen: Citizen, placement: Internship) -> tuple[int, str]:
    """Press "Make agreement"; the page it ends on (or the refusal)."""
    page = _page(citizen, placement)
    response = browser.post(f"{page}/agreements", data={"csrf_token": csrf_token(browser, page)})
    if response.status_code == 303:
        assert response.headers["Location"] == f"{page}#agreement"
        return 303, browser.get(page).get_data(as_text=True)
    return response.status_code, response.get_data(as_text=True)


def _downloads(html: str) -> list[str]:
    return re.findall(r'href="(/c/citizens/\d+/placements/\d+/agreements/\d+)"', html)


def _pdf_text(pdf: bytes, tmp_path: Path, name: str) -> str:
    source = tmp_path / f"{name}.pdf"
    source.write_bytes(pdf)
    out = subprocess.run([require_program("pdftotext", "poppler-utils"), "-enc", "UTF-8", str(source), "-"],
                         capture_output=True, check=True, timeout=60)
    text = unicodedata.normalize("NFKC", out.stdout.decode("utf-8")).translate(BIDI_CONTROLS)
    return " ".join(text.split())


#: Arabic marks (poppler leaves the kasra of "مرشدكِ" out) and the punctuation next to a word.
_MARKS = re.compile(r"[\u064b-\u065f\u0670\u060c.,:()]")


def _words_of(app: Flask, language: str, *messages: str) -> set[str]:
    """The words of the messages in `language`, without marks and punctuation."""
    return {_MARKS.sub("", word) for message in messages for word in translated(app, language, message).split()} - {""}


def test_it_prints_the_agreement_in_danish_and_in_arabic_with_every_part(
        app: Flask, db: Session, browser: FlaskClient, fatima: tuple[Citizen, Internship], tmp_path: Path) -> None:
    citizen, placement = fatima
    status, page = _make(browser, citizen, placement)
    assert status == 303
    danish_url, arabic_url = _downloads(page)
    danish, arabic = browser.get(danish_url), browser.get(arabic_url)
    for response in (danish, arabic):
        assert response.status_code == 200 and response.data.startswith(b"%PDF")
        assert response.headers["Content-Type"] == "application/pdf" and response.headers["Cache-Control"] == "no-store"
        assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    text = _pdf_text(danish.data, tmp_path, "da")
    for part in ("Praktikaftale (praktikplan)", "Version 1, lavet 18. november 2026", "Parter", "Skolekøkkenet",
                 "Skolevej 4, 2450 København SV", "Ekstern arbejdsplads", "Karen Konsulent",
                 translated(app, "da", "The aim is to find out what work you can do, and for how many hours. The job centre uses it to "
                                       "plan your next step."),
                 "Hjælp i køkkenet", "Opvask", "Arbejde 3 timer i træk", "Holde sin pause",
                 "Mandag kl. 09.00–12.00 (3 timer)", "Onsdag: 3 timer", "I alt: 6 timer om ugen.",
                 "Du får løn for 2 timer om ugen. 4 timer om ugen er praktiktimer uden løn.", "Løntimer drøftes igen 11. januar 2027.",
                 "Ingen tunge løft", "Må sidde ned hver time", "En rullevogn", "Birgitte Holm", "Køkkenleder", "+45 21 43 65 87",
                 "Mentor: Hanne Nielsen", "Fast makker", "Første dag: 2. november 2026", "Planlagt sidste dag: 29. januar 2027",
                 "Din konsulent ringer til dig hver uge.",
                 translated_plural(app, "da", "Your consultant visits you at the workplace every %(num)s week.",
                                   "Your consultant visits you at the workplace every %(num)s weeks.", 2) % {"num": 2},
                 "Underskrifter"):
        assert part in text, part
    assert text.count("Underskrift ") + text.endswith("Underskrift") >= 3 and text.count("Dato") >= 3  # citizen, workplace, consultant
    assert all(word in text for word in "فاطمة حداد".split())  # her name as typed, in the Danish copy too
    # Her copy: the catalog's Arabic, her task's Arabic label, the one without a label in Danish and marked, typed text as typed.
    hers = _pdf_text(arabic.data, tmp_path, "ar")
    wanted = _words_of(app, "ar", "Internship agreement", "Your work tasks", "What you train for", "Your hours", "Follow-up", "Signatures",
                       "The aim is to find out what work you can do, and for how many hours. The job centre uses it to plan your next step.",
                       "Your consultant calls you every week.", "in Danish") | {"المساعدة", "المطبخ", "الاثنين", "0900", "1200"}
    assert sorted(word for word in wanted if word not in _MARKS.sub("", hers)) == []
    for typed in ("Opvask", "Skolekøkkenet", "Arbejde 3 timer i træk", "Birgitte Holm", "+45 21 43 65 87", "Praktikaftale, kopi på arabisk"):
        assert typed in hers, typed
    downloads = db.exec(select(AuditEvent).where(AuditEvent.action == "placement_agreement.download",
                                                 AuditEvent.object_type == "placement_agreement")).all()
    assert [(e.citizen_id, e.outcome) for e in downloads] == [(citizen.id, "ok")] * 2


def test_the_urdu_copy_is_right_to_left_in_nastaliq(app: Flask, db: Session, browser: FlaskClient, make_citizen: Callable[..., Citizen],
                                                    consultant: StaffUser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint

    given: list[str] = []
    real = weasyprint.HTML

    def recording(*args: object, string: str, **kwargs: object) -> object:
        given.append(string)
        return real(*args, string=string, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", recording)
    citizen, placement = _woman(db, make_citizen, consultant, "ثمینہ پروین", "ur", {"ur": "باورچی خانے میں مدد"})
    _status, page = _make(browser, citizen, placement)
    assert "اردو" in page and "Dansk" in page  # her copy and the Danish one, listed
    danish_html, urdu_html = given
    assert '<html lang="da" dir="ltr">' in danish_html and '<html lang="ur" dir="rtl">' in urdu_html
    assert '<bdi dir="ltr">Skolekøkkenet</bdi>' in urdu_html  # typed Danish keeps its order inside the right-to-left copy
    assert '<bdi dir="rtl">ثمینہ پروین</bdi>' in danish_html  # and her name its own in the Danish one
    pdf = browser.get(_downloads(page)[1]).data
    source = tmp_path / "ur.pdf"
    source.write_bytes(pdf)
    fonts = subprocess.run([require_program("pdffonts", "poppler-utils"), str(source)], capture_output=True, text=True, check=True).stdout
    assert "Logbog-Nastaliq-Urdu" in fonts
    # Nastaliq draws whole words as ligatures and poppler maps some back to fewer letters (test_report.py): in order, 80 %.
    text = _pdf_text(pdf, tmp_path, "ur")
    for message in ("Your work tasks", "Your consultant calls you every week.",
                    "The aim is to find out what work you can do, and for how many hours. The job centre uses it to plan your next step."):
        assert _in_order_share(translated(app, "ur", message), text) >= 0.8, message


def test_her_copy_is_right_to_left_and_typed_text_keeps_its_order(app: Flask, browser: FlaskClient, fatima: tuple[Citizen, Internship],
                                                                  drawn_as_html: list[str]) -> None:
    citizen, placement = fatima
    _make(browser, citizen, placement)
    danish, arabic = drawn_as_html
    assert '<html lang="da" dir="ltr">' in danish and '<html lang="ar" dir="rtl">' in arabic
    assert '<bdi dir="ltr">Hanne Nielsen</bdi>' in arabic and '<bdi dir="rtl">فاطمة حداد</bdi>' in danish
    # Spaces in Arabic text are drawn with the Naskh face, which has one of its own: checked in the PDFs themselves
    # (tests/web/test_pdf_fonts.py: no .notdef, and pdftotext reads the words back with their spaces).
    assert "Arbejde 3 timer i træk" in arabic
    assert "(" + translated(app, "ar", "in Danish") + ")" in arabic  # the unlabelled task, marked


def test_every_mode_of_hours_is_stated_in_words(db: Session, browser: FlaskClient, consultant: StaffUser, fatima: tuple[Citizen, Internship],
                                                drawn_as_html: list[str]) -> None:
    citizen, placement = fatima
    karen = audit.Actor("staff", consultant.id, "consultant")
    set_plan(db, karen, citizen.id, PlanVersion(date(2026, 11, 17), mode=ROTATION, hours=(0, 0, 3, 0, 0, 0, 0),
                                                even_hours=(3, 0, 3, 0, 0, 0, 0), even_starts=(time(10),) + (None,) * 6))
    _make(browser, citizen, placement)
    rotation = drawn_as_html[0]
    for part in ("Aftalen er lavet i uge 47, en ulige uge.", "Ulige uger (uge 1, 3, 5 og så videre)", "Onsdag: 3 timer", "I alt: 3 timer om ugen.",
                 "Lige uger (uge 2, 4, 6 og så videre)", "Mandag kl. 10.00–13.00 (3 timer)", "I alt: 6 timer om ugen.",
                 "Alle timer er praktiktimer uden løn."):
        assert str(escape(part)) in rotation, part
    set_plan(db, karen, citizen.id, PlanVersion(date(2026, 11, 18), mode=MONTHLY, monthly_hours=26, paid_hours=6))
    _make(browser, citizen, placement)
    monthly = drawn_as_html[2]
    for part in ("26 timer om måneden, ingen faste dage.", "Du får løn for 6 timer om måneden. 20 timer om måneden er praktiktimer uden løn.",
                 "Der er endnu ikke aftalt en dag, hvor løntimer drøftes igen."):
        assert part in monthly, part


def test_every_version_is_kept_and_stays_downloadable(db: Session, browser: FlaskClient, fatima: tuple[Citizen, Internship],
                                                      drawn_as_html: list[str]) -> None:
    citizen, placement = fatima
    _make(browser, citizen, placement)
    first = [browser.get(url).data for url in _downloads(browser.get(_page(citizen, placement)).get_data(as_text=True))]
    details.add_contact(db, audit.Actor("staff", citizen.consultant_id, "consultant"), placement, details.ContactGiven("Ole Nyholm"))
    _status, page = _make(browser, citizen, placement)
    section = page.split('id="agreement"')[1]
    assert section.index("<td>2</td>") < section.index("<td>1</td>")  # newest first, each with its day and maker
    assert section.count("Karen Konsulent") == 2 and section.count("18. nov.") == 2
    urls = _downloads(page)
    assert len(urls) == 4
    assert [browser.get(url).data for url in urls[2:]] == first  # version 1 as it was made
    assert b"Ole Nyholm" in browser.get(urls[0]).data and b"Ole Nyholm" not in first[0]
    assert len(db.exec(select(PlacementAgreement)).all()) == 4


def test_a_danish_speaking_woman_gets_one_copy(db: Session, browser: FlaskClient, make_citizen: Callable[..., Citizen],
                                              consultant: StaffUser, drawn_as_html: list[str]) -> None:
    citizen, placement = _woman(db, make_citizen, consultant, "Birgitte Sørensen", "da", {})
    _status, page = _make(browser, citizen, placement)
    assert len(_downloads(page)) == 1 and len(drawn_as_html) == 1


def test_a_placement_without_tasks_is_refused_on_the_page_and_nothing_is_stored(
        app: Flask, db: Session, browser: FlaskClient, fatima: tuple[Citizen, Internship], drawn_as_html: list[str]) -> None:
    citizen, placement = fatima
    db.exec(update(Task).values(active=False))
    db.commit()
    status, page = _make(browser, citizen, placement)
    assert status == 422
    assert '<p class="field-error" role="alert" id="problem-agreement">' in page
    assert str(escape(translated(app, "da", NO_TASKS))) in page and "Praktikken har endnu ingen arbejdsopgaver" in page
    assert drawn_as_html == [] and db.exec(select(PlacementAgreement)).all() == []


def test_another_consultants_woman_and_another_placements_copy_are_not_found(
        db: Session, browser: FlaskClient, fatima: tuple[Citizen, Internship], make_staff: Callable[..., StaffUser],
        sign_in: Callable[[StaffUser], FlaskClient], make_citizen: Callable[..., Citizen], drawn_as_html: list[str]) -> None:
    citizen, placement = fatima
    _make(browser, citizen, placement)
    copy = db.exec(select(PlacementAgreement)).first()
    stranger = sign_in(make_staff("consultant"))
    page = _page(citizen, placement)
    assert stranger.get(f"{page}/agreements/{copy.id}").status_code == 404
    assert stranger.post(f"{page}/agreements", data={"csrf_token": csrf_token(stranger, "/c/")}).status_code == 404
    other = make_citizen(name="Hodan")
    other.consultant_id = citizen.consultant_id
    db.add(other)
    db.commit()
    (elsewhere,) = placements(db, current_course(db, other.id).id)
    assert browser.get(f"{_page(other, elsewhere)}/agreements/{copy.id}").status_code == 404  # her own placement, another's copy
    assert browser.get(f"/c/citizens/{other.id}/placements/{placement.id}/agreements/{copy.id}").status_code == 404
    assert len(db.exec(select(PlacementAgreement)).all()) == 2
    denied = db.exec(select(AuditEvent).where(AuditEvent.outcome == "denied")).all()
    assert len(denied) >= 3


def test_making_one_needs_the_csrf_token(db: Session, browser: FlaskClient, fatima: tuple[Citizen, Internship],
                                         drawn_as_html: list[str]) -> None:
    citizen, placement = fatima
    assert browser.post(f"{_page(citizen, placement)}/agreements").status_code == 400
    assert drawn_as_html == [] and db.exec(select(PlacementAgreement)).all() == []


def test_the_placement_page_offers_it_before_any_is_made(browser: FlaskClient, fatima: tuple[Citizen, Internship]) -> None:
    citizen, placement = fatima
    page = browser.get(_page(citizen, placement)).get_data(as_text=True)
    section = page.split('<section id="agreement">')[1].split("</section>")[0]
    assert f'action="{_page(citizen, placement)}/agreements"' in section and "Lav praktikaftale" in section
    assert "Ingen praktikaftale lavet endnu." in section


@pytest.mark.parametrize("language", ["da", "ar", "ur", "so"])
def test_the_copy_holds_no_digit_range_in_right_to_left_text(app: Flask, db: Session, browser: FlaskClient, language: str,
                                                             make_citizen: Callable[..., Citizen], consultant: StaffUser,
                                                             drawn_as_html: list[str]) -> None:
    """"9–12" reads "12–9" in Arabic or Urdu: there the times are written "from 9 to 12" in words."""
    citizen, placement = _woman(db, make_citizen, consultant, "Amina", language, {})
    _make(browser, citizen, placement)
    hers = drawn_as_html[-1]
    assert f'<html lang="{language}"' in hers
    ranged = re.search(r"\d\s*[–-]\s*\d", re.sub(r"<[^>]+>", "", hers.split("<body", 1)[1]).replace("+45 21 43 65 87", ""))
    assert (ranged is not None) == (language == "da"), language  # Danish writes "kl. 09.00–12.00"
