"""One copy of an internship agreement as HTML and as a PDF (WeasyPrint), wholly in the copy's language.

The copy is rendered under `force_locale(language)`, so every word comes from that language's catalog
(English msgids; for Arabic and Urdu the page is `dir="rtl"`, set in Naskh or Nastaliq by agreement.css).
What the consultant typed is printed as typed, isolated with <bdi> so a Danish line keeps its order
inside right-to-left text. The HTML goes to WeasyPrint only (never to a browser), read with the static
folder as base URL, like the work-capacity report (app/web/consultant/report.py).

One thing WeasyPrint does not do for us, done here. It ignores `dir="auto"`, and orders the inline boxes
of a line by their element's direction, not by the Unicode bidi algorithm: each typed text gets its
direction from its first strong letter (`text_dir`), so a Danish name keeps its word order in the Arabic
copy and an Arabic name in the Danish one. (A space in Arabic text is drawn with the Naskh face, the font
of the run it stands in: the vendored Naskh files have the font's own space, static/vendor/README.md.)
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path

from babel import Locale
from babel.dates import format_date, get_day_names
from flask import current_app, render_template
from flask_babel import force_locale, gettext

from app.domain.agreement import Agreement
from app.domain.flags.model import N_
from app.web.consultant.placement_details import SUPPORT_KIND_NAMES
from app.web.consultant.placements import KIND_NAMES

#: The common accommodations and aids by code: the same messages as the profile's (templates/consultant/_labels.html).
NEED_NAMES = {
    "no_heavy_lifting": N_("No heavy lifting"), "no_long_standing": N_("No standing for long"),
    "change_positions": N_("Changing work positions"), "breaks_lie_down": N_("Breaks and a chance to lie down"),
    "calm_surroundings": N_("Calm surroundings"), "start_after_10": N_("Cannot start before 10"),
    "avoid_noise_light": N_("Avoid noise and sharp light"), "chair_back_room": N_("A chair in the back room"),
    "trolley": N_("A trolley"), "ergonomic_stool": N_("An ergonomic stool"),
}
#: Above her copy's title, in Danish: what the employer (or a colleague) is holding.
KICKER = N_("Internship agreement, copy in %(language)s")
#: A date with its year, the month in words (a signed paper is read years later).
DATE_PATTERNS = {"da": "d. MMMM y", "ar": "d MMMM y", "ur": "d MMMM y", "so": "d MMMM y"}


def long_date(day: date, language: str) -> str:
    """"18. november 2026", "18 نوفمبر 2026"."""
    return format_date(day, DATE_PATTERNS.get(language, "d MMMM y"), locale=language)


def weekday_name(index: int, language: str) -> str:
    """Monday (0) .. Sunday (6) in full, as a line starts: "Mandag", "الاثنين"."""
    name = get_day_names("wide", locale=language)[index]
    return name[:1].upper() + name[1:]


def text_dir(text: str) -> str:
    """"rtl" when the text's first strong letter is right-to-left, else "ltr" (what `dir="auto"` means)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def agreement_html(copy: Agreement) -> str:
    """The copy as the HTML WeasyPrint draws."""
    language = copy.language
    with force_locale("da"):
        kicker = gettext(KICKER, language=Locale.parse("da").languages.get(language, language))
    with force_locale(language):
        return render_template(
            "consultant/agreement_document.html", copy=copy, facts=copy.facts, language=language,
            direction=Locale.parse(language).text_direction, kicker=kicker,
            long_date=lambda day: long_date(day, language), weekday=lambda index: weekday_name(index, language), text_dir=text_dir,
            kind_names=KIND_NAMES, support_names=SUPPORT_KIND_NAMES, need_names=NEED_NAMES)


def agreement_pdf(copy: Agreement, font_config: object | None = None) -> bytes:
    """The copy as an A4 PDF, in the app's own fonts (static/css/fonts.css); `font_config`: fonts already loaded."""
    from weasyprint import HTML  # heavy import (Pango, fonts): only when a PDF is made

    static = Path(current_app.static_folder or "static").resolve()
    return HTML(string=agreement_html(copy), base_url=static.as_uri() + "/").write_pdf(font_config=font_config)


def agreement_renderer() -> Callable[[Agreement], bytes]:
    """Draws the copies of one agreement, loading the fonts once: the second copy then takes a third of the time."""
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    return lambda copy: agreement_pdf(copy, fonts)
