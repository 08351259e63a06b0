"""Printable QR cards and the short-lived code shown on the consultant's screen.

The card is one A6 page: her name, a large QR code and three pictured steps, in her language
and in Danish (so the consultant, a colleague or her workplace can help her). It is served as
HTML (to print from the browser, on A6 or centred on A4 with a cut line) and as a PDF made by
WeasyPrint from the same template. No function here touches the database: the caller issues
the code and passes the activation URL and its expiry time.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import qrcode
import qrcode.image.svg
from flask import current_app, render_template, url_for
from flask_babel import force_locale, format_date, gettext, ngettext
from markupsafe import Markup, escape

from app import clock
from app.clock import LOCAL_ZONE
from app.models import Citizen
from app.web.i18n import bdi, time_label

_SVG_NS = "http://www.w3.org/2000/svg"
_RTL_LANGUAGES = frozenset({"ar", "ur"})
#: Icons of the three steps: scan the code, press the button, write every work day. They are the
#: pictures she then meets in the app: the button on the welcome page, the "Today" tab.
_STEP_ICONS = ("scan", "save", "today")
#: Under the third step: the first answer she taps each day, as her day form draws it.
ANSWER_ICONS = ("attend-full", "attend-early", "attend-absent")
_ICON_NAME = re.compile(r"[a-z0-9-]+")


def text_direction(language: str) -> str:
    """"rtl" for Arabic and Urdu, else "ltr"."""
    return "rtl" if language in _RTL_LANGUAGES else "ltr"


# --- QR code -------------------------------------------------------------------------------------------------------

def qr_svg(url: str, label: str | None = None) -> Markup:
    """`url` as an inline, scalable QR code: black modules on white, quiet zone included.

    One <path> (error correction M) in a viewBox of modules, no width or height: CSS sizes it.
    `label` becomes the aria-label (default: "QR code" in the current language).
    """
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=10, border=4,
                         image_factory=qrcode.image.svg.SvgPathImage)
    code.add_data(url)
    code.make(fit=True)
    image = code.make_image()
    # With box_size 10 one module is one user unit, so the viewBox counts modules (quiet zone included).
    raw = image.to_string(encoding="unicode")
    raw = re.sub(r"^\s*<\?xml[^>]*\?>\s*", "", raw)
    # Safe (B314): the SVG qrcode just wrote for our own URL, not outside input
    root = ET.fromstring(raw)  # nosec B314
    size = code.modules_count + 2 * code.border
    path = root.find(f"{{{_SVG_NS}}}path")
    if path is None:  # pragma: no cover - qrcode always draws one path
        raise RuntimeError("qrcode made an SVG without a path")
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" class="qr" viewBox="0 0 {size} {size}" role="img" aria-label="{label}"'
        ' shape-rendering="crispEdges" preserveAspectRatio="xMidYMid meet">'
        '<rect width="{size}" height="{size}" fill="#ffffff"/><path d="{d}" fill="#000000"/></svg>'
    ).format(size=size, label=label if label is not None else gettext("QR code"), d=path.get("d", ""))


# --- Icons ---------------------------------------------------------------------------------------------------------

def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _copy_without_namespace(element: ET.Element) -> ET.Element:
    copy = ET.Element(_local(element.tag), {_local(k): v for k, v in element.attrib.items()})
    copy.text, copy.tail = element.text, element.tail
    copy.extend(_copy_without_namespace(child) for child in element)
    return copy


@lru_cache(maxsize=8)
def _sprite_symbols(sprite_path: str, mtime_ns: int) -> dict[str, str]:
    """Every <symbol> of the sprite as a standalone <svg> string, by icon name (cached per file version)."""
    del mtime_ns  # only part of the cache key
    symbols: dict[str, str] = {}
    # Safe (B314): our vendored sprite file
    for symbol in ET.parse(sprite_path).getroot().iter(f"{{{_SVG_NS}}}symbol"):  # nosec B314
        symbol_id = symbol.get("id", "")
        if not symbol_id.startswith("i-"):
            continue
        svg = ET.Element("svg", {_local(k): v for k, v in symbol.attrib.items() if _local(k) != "id"})
        svg.set("class", "icon")
        svg.set("aria-hidden", "true")
        svg.set("focusable", "false")
        svg.extend(_copy_without_namespace(child) for child in symbol)
        markup = ET.tostring(svg, encoding="unicode", short_empty_elements=True)
        symbols[symbol_id[2:]] = markup.replace("<svg ", f'<svg xmlns="{_SVG_NS}" ', 1)
    return symbols


def inline_icon(name: str) -> Markup:
    """The sprite's icon `name` (without "i-") as a standalone inline <svg aria-hidden="true">.

    WeasyPrint cannot follow <use href="sprite.svg#i-..."> into another file, so printed pages use this.
    Raises KeyError for an unknown icon.
    """
    if not _ICON_NAME.fullmatch(name):
        raise KeyError(name)
    sprite = Path(current_app.static_folder or "static") / "icons" / "sprite.svg"
    symbols = _sprite_symbols(str(sprite), sprite.stat().st_mtime_ns)
    # Safe (B704): a symbol of our own sprite file, name checked against a pattern
    return Markup(symbols[name])  # nosec B704


# --- Texts in one language -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CardTexts:
    """The card's words in one language, with the attributes its block carries."""

    language: str
    direction: str
    steps: tuple[tuple[str, str], ...]  # (icon name, sentence)
    valid_until: Markup
    qr_label: str


def _local_time(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("expires_at must be timezone-aware (UTC)")
    return moment.astimezone(LOCAL_ZONE)


def card_texts(language: str, expires_at: datetime) -> CardTexts:
    """The card's sentences rendered in `language` (English until a translator has been at them)."""
    local_day = _local_time(expires_at).date()  # a date: Babel does not move it to another time zone
    with force_locale(language):
        steps = (
            (_STEP_ICONS[0], gettext("Scan the code with your phone's camera.")),
            (_STEP_ICONS[1], gettext("Press the button.")),
            (_STEP_ICONS[2], gettext("Write in the logbook every work day.")),
        )
        # Safe (B704): escaped first; % escapes the value
        valid_until = Markup(escape(gettext("The code works until %(date)s"))) % {  # nosec B704
            "date": bdi(format_date(local_day, format="long"))}
        return CardTexts(language=language, direction=text_direction(language), steps=steps,
                         valid_until=valid_until, qr_label=gettext("QR code"))


# --- The card ------------------------------------------------------------------------------------------------------

def _card_html(citizen: Citizen, url: str, expires_at: datetime, *, for_pdf: bool) -> str:
    language = citizen.preferred_language
    hers = card_texts(language, expires_at)
    danish = None if language == "da" else card_texts("da", expires_at)
    # WeasyPrint reads files relative to base_url (the static folder); the browser asks the server.
    stylesheet = "css/card.css" if for_pdf else url_for("static", filename="css/card.css")
    with force_locale("da"):
        cut_note = gettext("Cut along the line.")  # for the consultant, who prints and cuts
    return render_template(
        "consultant/card.html", citizen=citizen, hers=hers, danish=danish, for_pdf=for_pdf, cut_note=cut_note,
        qr=qr_svg(url, label=hers.qr_label), icons={name: inline_icon(name) for name in _STEP_ICONS + ANSWER_ICONS}, answer_icons=ANSWER_ICONS,
        stylesheet=stylesheet,
    )


def render_card(citizen: Citizen, url: str, expires_at: datetime) -> str:
    """The card as a standalone HTML page, for the browser (prints on A6, or centred on A4 with a cut line)."""
    return _card_html(citizen, url, expires_at, for_pdf=False)


def card_pdf(citizen: Citizen, url: str, expires_at: datetime) -> bytes:
    """The card as a one-page A6 PDF, made by WeasyPrint from the same template."""
    from weasyprint import HTML  # heavy import (Pango, fonts): only when a PDF is asked for

    static = Path(current_app.static_folder or "static").resolve()
    html = _card_html(citizen, url, expires_at, for_pdf=True)
    return HTML(string=html, base_url=static.as_uri() + "/").write_pdf()


# --- Code on the consultant's screen -------------------------------------------------------------------------------

def render_screen_code(citizen: Citizen, url: str, expires_at: datetime, *, now: datetime | None = None) -> str:
    """A page for the consultant's screen: a very large QR, her name, the three steps in her language and the expiry.

    `now` (default: app.clock.utcnow()) gives the minutes left. The page's frame stays in the
    consultant's language; the block she reads is in hers, with a Danish line on the expiry.
    """
    now = now or clock.utcnow()
    minutes = max(0, math.ceil((expires_at - now).total_seconds() / 60))
    _local_time(expires_at)  # refuses a naive time

    def expiry(language: str) -> tuple[str, Markup]:
        with force_locale(language):
            works_for = ngettext("This code works for %(minutes)s minute", "This code works for %(minutes)s minutes",
                                 minutes, minutes=minutes)
            # Safe (B704): escaped first; % escapes the value
            until = Markup(escape(gettext("It stops working at %(time)s."))) % {  # nosec B704
                "time": bdi(time_label(expires_at))}
        return works_for, until

    language = citizen.preferred_language
    hers = card_texts(language, expires_at)
    return render_template(
        "consultant/screen_code.html", citizen=citizen, hers=hers,
        hers_expiry=expiry(language), danish_expiry=None if language == "da" else expiry("da"),
        qr=qr_svg(url, label=hers.qr_label),
        icons={name: inline_icon(name) for name in _STEP_ICONS + ANSWER_ICONS}, answer_icons=ANSWER_ICONS, expires_at=expires_at, minutes=minutes,
    )
