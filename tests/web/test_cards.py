"""The printed QR card and the code on the consultant's screen: her name, the QR, three steps in her language and in
Danish, right-to-left where it belongs, nothing the CSP would block, and a one-page A6 PDF.

PDF text checks use poppler's `pdftotext` and decoding the QR uses zbar's `zbarimg`. Without them those checks skip
(apt-get install poppler-utils zbar-tools); on CI (CI=true) a missing `pdftotext` fails instead of skipping.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import qrcode
from flask import Flask
from markupsafe import escape

from app.models import Citizen
from app.web import cards
from app.web.cards import card_pdf, inline_icon, qr_svg, render_card, render_screen_code
from tests.conftest import FROZEN_NOW
from tests.helpers import require_program

SVG = "{http://www.w3.org/2000/svg}"
URL = "http://localhost/a/" + "kq3Z9_xY-T" * 4 + "abc"  # a code is 43 URL-safe characters
EXPIRES = FROZEN_NOW + timedelta(days=14)
STEPS = ("Scan the code with your phone's camera.", "Press the button.", "Write in the logbook every work day.")
NAMES = {"da": "Birgitte Sørensen", "ar": "فاطمة الزهراء", "ur": "ثمینہ پروین", "so": "Amina Cabdi Xasan"}
LANGUAGES = [("da", "ltr"), ("ar", "rtl"), ("ur", "rtl"), ("so", "ltr")]
#: Marks pdftotext puts around right-to-left runs.
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
STEP_TEXT = re.compile(r'<span class="step-text step-(hers|da)" lang="([^"]*)" dir="([^"]*)">([^<]*)</span>')


@pytest.fixture
def request_context(app: Flask) -> Iterator[None]:
    with app.test_request_context("/"):
        yield


def _minutes(language: str, minutes: int) -> str:
    """"This code works for N minutes" in `language`, with the right plural form."""
    from flask_babel import force_locale, ngettext

    with force_locale(language):
        return ngettext("This code works for %(minutes)s minute", "This code works for %(minutes)s minutes", minutes, minutes=minutes)


def _translated(language: str, message: str) -> str:
    from flask_babel import force_locale, gettext

    with force_locale(language):
        return gettext(message)


def _assert_csp_clean(html: str) -> None:
    assert "<style" not in html
    assert " style=" not in html
    assert re.search(r"<script(?![^>]*\bsrc=)", html) is None, "inline script"


def _require_tool(name: str, package: str = "poppler-utils") -> str:
    return require_program(name, package)


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    pdftotext = _require_tool("pdftotext")
    source = tmp_path / "card.pdf"
    source.write_bytes(pdf)
    out = subprocess.run([pdftotext, "-enc", "UTF-8", str(source), "-"], capture_output=True, check=True, timeout=60)
    return unicodedata.normalize("NFKC", out.stdout.decode("utf-8")).translate(BIDI_CONTROLS)


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF with its compressed streams (object streams too) inflated, to search page dictionaries."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def _modules(svg: ET.Element) -> set[tuple[int, int]]:
    """The dark modules the SVG path draws (qrcode writes one "Mx,yHx+1Vy+1Hxz" square per module)."""
    path = svg.find(f"{SVG}path")
    assert path is not None
    squares = re.findall(r"M(\d+),(\d+)H(\d+)V(\d+)H(\d+)z", path.get("d", ""))
    assert squares and "".join(f"M{x},{y}H{x2}V{y2}H{x3}z" for x, y, x2, y2, x3 in squares) == path.get("d")
    dark = set()
    for x, y, x2, y2, x3 in squares:
        assert (int(x2) - int(x), int(y2) - int(y), x3) == (1, 1, x)
        dark.add((int(x), int(y)))
    return dark


# --- the card as HTML ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_the_card_has_her_name_the_qr_and_the_steps_in_her_language_and_danish(
        app: Flask, make_citizen: Callable[..., Citizen], request_context: None, language: str, direction: str) -> None:
    citizen = make_citizen(name=NAMES[language], language=language)
    html = render_card(citizen, URL, EXPIRES)

    assert f'<html lang="{language}" dir="{direction}"' in html
    assert f"<bdi>{escape(NAMES[language])}</bdi>" in html
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="qr"') == 1
    assert "Logbog" in html
    steps = STEP_TEXT.findall(html)
    hers = [(lang, d, text) for kind, lang, d, text in steps if kind == "hers"]
    danish = [(lang, d, text) for kind, lang, d, text in steps if kind == "da"]
    assert hers == [(language, direction, str(escape(_translated(language, s)))) for s in STEPS]
    if language == "da":
        assert danish == []
    else:
        assert danish == [("da", "ltr", str(escape(_translated("da", s)))) for s in STEPS]
    # The validity line in her language and, unless that is Danish, in Danish too.
    assert f'class="valid-hers" lang="{language}" dir="{direction}"' in html
    assert ('class="valid-da" lang="da" dir="ltr"' in html) == (language != "da")
    _assert_csp_clean(html)
    assert "<use" not in html, "WeasyPrint cannot follow <use> into the sprite"


def test_the_card_gives_the_last_day_in_copenhagen(make_citizen: Callable[..., Citizen], request_context: None) -> None:
    # 23:30 UTC on 2 December is already 3 December in Copenhagen.
    html = render_card(make_citizen(language="da"), URL, datetime(2026, 12, 2, 23, 30, tzinfo=UTC))
    assert "<bdi>3. december 2026</bdi>" in html


def test_the_card_escapes_her_name(make_citizen: Callable[..., Citizen], request_context: None) -> None:
    html = render_card(make_citizen(name='<b onclick="x()">Amina</b>', language="so"), URL, EXPIRES)
    assert "<b onclick" not in html and "&lt;b onclick=&#34;x()&#34;&gt;Amina&lt;/b&gt;" in html


def test_the_card_refuses_a_naive_expiry(make_citizen: Callable[..., Citizen], request_context: None) -> None:
    with pytest.raises(ValueError):
        render_card(make_citizen(), URL, datetime(2026, 12, 2, 12, 0))


def test_the_card_links_its_stylesheet_and_sets_a6_and_nastaliq_in_it(
        app: Flask, make_citizen: Callable[..., Citizen], request_context: None) -> None:
    html = render_card(make_citizen(language="ur"), URL, EXPIRES)
    assert '<link rel="stylesheet" href="/static/css/card.css">' in html
    css = (Path(app.static_folder or "") / "css" / "card.css").read_text()
    assert re.search(r"@page\s*\{\s*size:\s*A6;\s*margin:\s*0;?\s*\}", css)
    # The fonts come from fonts.css, imported by a URL relative to card.css, and every file it names is there.
    assert css.lstrip().startswith("/*") and '@import url("fonts.css");' in css.split("@page")[0]
    fonts = (Path(app.static_folder or "") / "css" / "fonts.css").read_text()
    files = re.findall(r'url\("([^"]+\.woff2)"\)', fonts)
    assert files and all((Path(app.static_folder or "") / "css" / file).resolve().is_file() for file in files)
    assert re.search(r':lang\(ur\)\s*\{[^}]*Nastaliq[^}]*line-height:\s*2', css)
    assert re.search(r':lang\(ar\)\s*\{[^}]*"Logbog Naskh Arabic"', css)


# --- the card as PDF -----------------------------------------------------------------------------------------------

def test_the_card_pdf_is_one_a6_page(make_citizen: Callable[..., Citizen], request_context: None) -> None:
    pdf = card_pdf(make_citizen(name=NAMES["ur"], language="ur"), URL, EXPIRES)
    assert pdf.startswith(b"%PDF")
    objects = pdf_objects(pdf)
    assert len(re.findall(rb"/Type\s*/Page(?![s\w])", objects)) == 1
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", objects)
    assert len(boxes) == 1
    width, height = (float(v) for v in boxes[0])
    assert width == pytest.approx(297.6, abs=0.5) and height == pytest.approx(419.5, abs=0.5)  # 105 x 148 mm


@pytest.mark.parametrize("language", ["so", "ar"])
def test_her_name_can_be_read_from_the_pdf(make_citizen: Callable[..., Citizen], request_context: None,
                                          tmp_path: Path, language: str) -> None:
    name = NAMES[language]
    text = _pdf_text(card_pdf(make_citizen(name=name, language=language), URL, EXPIRES), tmp_path)
    assert name in text
    assert "Logbog".upper() in text.upper()


def test_the_pdf_loads_the_stylesheet_and_the_vendored_nastaliq(make_citizen: Callable[..., Citizen],
                                                                request_context: None) -> None:
    pdf = card_pdf(make_citizen(name=NAMES["ur"], language="ur"), URL, EXPIRES)
    fonts = set(re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([\w-]+)", pdf_objects(pdf)))
    # The vendored face under its own family name (not mixed up with the system's Noto Nastaliq Urdu), and the
    # Danish lines in the vendored Noto Sans: both only when card.css (and fonts.css) were read from the static folder.
    assert b"Logbog-Nastaliq-Urdu" in fonts and b"Logbog-Noto-Sans" in fonts, fonts


# --- the QR code ---------------------------------------------------------------------------------------------------

def test_the_qr_svg_is_inline_scalable_and_labelled(request_context: None) -> None:
    markup = str(qr_svg(URL))
    assert markup.startswith("<svg ") and "<?xml" not in markup
    svg = ET.fromstring(markup)
    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "img" and svg.get("aria-label")
    assert svg.get("width") is None and svg.get("height") is None
    size = int(svg.get("viewBox", "").split()[3])
    assert svg.get("viewBox") == f"0 0 {size} {size}"
    assert (size - 8 - 17) % 4 == 0  # a QR version's modules plus a quiet zone of 4 on each side
    rect = svg.find(f"{SVG}rect")
    assert rect is not None and rect.get("fill") == "#ffffff" and rect.get("width") == str(size)
    path = svg.find(f"{SVG}path")
    assert path is not None and path.get("fill") == "#000000" and path.get("id") is None
    # Every dark module lies inside the quiet zone.
    assert all(4 <= x < size - 4 and 4 <= y < size - 4 for x, y in _modules(svg))


def test_the_qr_svg_draws_the_matrix_of_the_url(request_context: None) -> None:
    """Not a decode (see the next test): the modules drawn are those qrcode computes for the URL at level M."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(URL)
    code.make(fit=True)
    wanted = {(x + 4, y + 4) for y, row in enumerate(code.get_matrix()) for x, dark in enumerate(row) if dark}
    assert _modules(ET.fromstring(str(qr_svg(URL)))) == wanted


def test_the_qr_svg_decodes_to_the_url(request_context: None, tmp_path: Path) -> None:
    zbarimg = _require_tool("zbarimg", "zbar-tools")
    from PIL import Image, ImageDraw

    svg = ET.fromstring(str(qr_svg(URL)))
    size, scale = int(svg.get("viewBox", "").split()[3]), 8
    image = Image.new("L", (size * scale, size * scale), 255)
    draw = ImageDraw.Draw(image)
    for x, y in _modules(svg):
        draw.rectangle((x * scale, y * scale, (x + 1) * scale - 1, (y + 1) * scale - 1), fill=0)
    image.save(tmp_path / "qr.png")
    out = subprocess.run([zbarimg, "--quiet", "--raw", str(tmp_path / "qr.png")], capture_output=True, timeout=60)
    assert out.stdout.decode().strip() == URL


def test_the_qr_label_can_be_given(request_context: None) -> None:
    assert 'aria-label="Scan &amp; go"' in str(qr_svg(URL, label="Scan & go"))


# --- icons ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["scan", "tap", "today", "qr", "phone", "save"])
def test_an_icon_is_a_standalone_hidden_svg(request_context: None, name: str) -> None:
    markup = str(inline_icon(name))
    svg = ET.fromstring(markup)
    assert svg.tag == f"{SVG}svg"
    assert svg.get("viewBox") == "0 0 24 24" and svg.get("aria-hidden") == "true" and svg.get("id") is None
    assert len(svg) > 0 and "<use" not in markup and "ns0:" not in markup


def test_icons_are_cached_and_unknown_ones_refused(request_context: None) -> None:
    inline_icon("scan")
    before = cards._sprite_symbols.cache_info()
    assert inline_icon("tap") and cards._sprite_symbols.cache_info().hits == before.hits + 1
    with pytest.raises(KeyError):
        inline_icon("no-such-icon")
    with pytest.raises(KeyError):
        inline_icon("../secret")


# --- the code on the consultant's screen ---------------------------------------------------------------------------

@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_the_screen_code_shows_a_large_qr_her_name_and_the_steps_in_her_language(
        make_citizen: Callable[..., Citizen], request_context: None, language: str, direction: str) -> None:
    citizen = make_citizen(name=NAMES[language], language=language)
    html = render_screen_code(citizen, URL, FROZEN_NOW + timedelta(minutes=15))

    assert "<main" in html and "topbar" in html  # it extends base.html
    assert f'<section class="screen-code" lang="{language}" dir="{direction}">' in html
    assert f"<bdi>{escape(NAMES[language])}</bdi>" in html
    assert '<div class="screen-qr"><svg xmlns="http://www.w3.org/2000/svg" class="qr"' in html
    assert "/static/css/card.css" in html
    for step in STEPS:
        assert str(escape(_translated(language, step))) in html
    assert _minutes(language, 15) in html
    # 10:15 UTC is 11:15 in Copenhagen; Danish writes it 11.15.
    assert '<time datetime="2026-11-18T10:15:00+00:00">' in html
    assert "<bdi>11.15</bdi>" in html  # at least in the Danish line for the consultant
    assert ('class="screen-expiry screen-expiry-da" lang="da" dir="ltr"' in html) == (language != "da")
    _assert_csp_clean(html)


def test_the_screen_code_counts_the_minutes_left(make_citizen: Callable[..., Citizen], request_context: None) -> None:
    html = render_screen_code(make_citizen(language="da"), URL, FROZEN_NOW + timedelta(minutes=1),
                              now=FROZEN_NOW + timedelta(seconds=5))
    assert _minutes("da", 1) in html and _minutes("da", 2).replace("2", "1") not in html
