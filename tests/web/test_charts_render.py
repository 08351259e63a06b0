"""The timeline charts as markup: well-formed inline SVG, labelled for screen readers, CSP-clean."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from flask import Flask, render_template_string

from app.domain.day import Attendance
from app.domain.schedule import PlanVersion
from app.domain.timeline import build_timeline
from app.domain.week import DayFacts
from app.web.charts import Charts, timeline_charts

SVG = "{http://www.w3.org/2000/svg}"
TODAY = date(2026, 11, 18)
PLANS = [PlanVersion(date(2026, 8, 31), (2, 0, 2, 0, 2, 0, 0)), PlanVersion(date(2026, 10, 19), (3, 0, 3, 0, 3, 0, 0))]
PAGE = """{% from "consultant/_charts.html" import pain_chart, attendance_calendar, hours_chart, evening_chart with context %}
<div>{{ pain_chart(charts.pain) }}{{ attendance_calendar(charts.calendar) }}{{ hours_chart(charts.hours) }}{{ evening_chart(charts.evening) }}</div>"""


def varied() -> Charts:
    """Eight weeks: a baseline, a step-up, early days, absences, a silent week, logged days off."""
    entries: dict[date, DayFacts] = {}
    day = date(2026, 8, 31)
    while day <= TODAY:
        silent = date(2026, 10, 5) <= day <= date(2026, 10, 11)
        if day.weekday() in (0, 2, 4) and not silent:
            attendance = [Attendance.FULL, Attendance.EARLY, Attendance.ABSENT][day.day % 3] if day >= date(2026, 10, 19) else Attendance.FULL
            entries[day] = DayFacts(attendance, 1.5 if attendance is Attendance.EARLY else None,
                                    7 if day >= date(2026, 10, 19) else 3, 5 if day.day % 2 else 2)
        elif day.weekday() == 6:
            entries[day] = DayFacts(None, None, 2, 1)
        day += timedelta(days=1)
    return timeline_charts(build_timeline(plans=PLANS, entries=entries, today=TODAY, weeks=8))


def empty() -> Charts:
    return timeline_charts(build_timeline(plans=[], entries={}, today=TODAY, weeks=4))


def render(app: Flask, charts: Charts) -> str:
    with app.test_request_context():
        return render_template_string(PAGE, charts=charts)


@pytest.mark.parametrize("make", [varied, empty], ids=["varied", "empty"])
def test_it_renders_four_well_formed_labelled_svgs(app: Flask, make: Callable[[], Charts]) -> None:
    html = render(app, make())
    root = ET.fromstring(html)  # raises on anything that is not well-formed
    svgs = list(root.iter(f"{SVG}svg"))
    charts = [s for s in svgs if s.get("role") == "img"]
    assert len(charts) == 4
    for svg in charts:
        assert svg.get("viewBox", "").startswith("0 0 640 ") and svg.get("width") == "100%"
        title = svg.find(f"{SVG}title")
        assert title is not None and title.text and title.text.strip() == svg.get("aria-label")
        assert len(svg.get("aria-label", "")) > 30
    # The legend's little keys are decoration: hidden from screen readers.
    assert all(s.get("aria-hidden") == "true" for s in svgs if s.get("role") != "img")
    assert len(root.findall("figure")) == 4 and all(f.find("figcaption") is None for f in root.findall("figure"))


@pytest.mark.parametrize("make", [varied, empty], ids=["varied", "empty"])
def test_it_uses_no_inline_style_or_script(app: Flask, make: Callable[[], Charts]) -> None:
    html = render(app, make())
    assert "<script" not in html.lower() and "<style" not in html.lower()
    assert not re.search(r"\sstyle\s*=", html)
    assert not any("style" in element.attrib for element in ET.fromstring(html).iter())


def test_it_keeps_element_ids_unique(app: Flask) -> None:
    ids = re.findall(r'\sid="([^"]+)"', render(app, varied()))
    assert len(ids) == len(set(ids))


def danish(app: Flask, message: str, **variables: object) -> str:
    """`message` as the consultant reads it (the staff pages are Danish)."""
    from flask_babel import force_locale, gettext

    with app.test_request_context(), force_locale("da"):
        return gettext(message, **variables)


def test_it_draws_every_mark_of_a_varied_timeline(app: Flask) -> None:
    html = render(app, varied())
    for css in ("ch-band", "ch-line", "ch-line-gap", "ch-dot", "ch-dot ch-dot-off", "ch-marker", "cal-attended", "cal-early",
                "cal-absent", "cal-unknown", "cal-not_planned", "cal-future", "is-today", "ch-bar-planned",
                "ch-bar-worked", "ch-bar-unwritten", "ch-evening ch-evening-tired", "ch-tired-mark"):
        assert f'class="{css}' in html or f' {css}"' in html or f" {css} " in html, css
    for symbol in ("✓", "↘", "✕", "·", "?"):
        assert f">{symbol}</text>" in html
    assert danish(app, "from %(old)s to %(new)s h/week", old="6", new="9") in html
    assert re.search(r'class="ch-ratio" [^>]*>\d+ %</text>', html)
    assert 'class="ch-ratio ch-ratio-unknown"' in html  # the silent week
    assert danish(app, "Hours changed from %(old)s to %(new)s a week on %(day)s", old="6", new="9", day="man. 19. okt.") in html
    assert "%(" not in html


def test_it_says_nothing_is_written_on_an_empty_timeline(app: Flask) -> None:
    html = render(app, empty())
    assert html.count('class="ch-empty"') == 2  # pain and evening
    assert html.count(">–</text>") == 4  # no ratio in any of the four weeks
    charts = [s for s in ET.fromstring(html).iter(f"{SVG}svg") if s.get("role") == "img"]
    marks = [e for svg in charts for e in svg.iter() if e.tag in (f"{SVG}circle", f"{SVG}polyline", f"{SVG}path")]
    assert marks == []
    assert danish(app, "Nothing written yet.") in charts[0].get("aria-label", "")


def test_it_prints_dates_and_numbers_in_her_language(app: Flask) -> None:
    html = render(app, varied())  # the consultant's pages are Danish
    assert "man. 28. sep." in html
    assert re.search(r'class="cal-hours"[^>]*>' + re.escape(danish(app, "%(worked)s of %(planned)s h", worked="1,5", planned="3")) + "</text>", html)


def test_it_adds_a_caption_only_when_asked(app: Flask) -> None:
    page = """{% from "consultant/_charts.html" import hours_chart with context %}<div>{{ hours_chart(charts.hours, caption=true) }}</div>"""
    with app.test_request_context():
        html = render_template_string(page, charts=empty())
    assert ET.fromstring(html).find("figure/figcaption").text == danish(app, "Hours per week")  # type: ignore[union-attr]
