"""The printed PDFs (QR card, work-capacity report, internship agreement) are set in the app's own fonts (static/vendor/),
so a PDF looks the same on every machine: on a fresh one without fonts-noto-core the card fell back to DejaVu Sans.

WeasyPrint names an embedded font after the family it was asked for (`/BaseFont /ABCDEF+Logbog-Noto-Sans-Bold`),
so the vendored faces ("Logbog ...") are told apart from the system's Noto Sans even where both are installed.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
import zlib
from collections.abc import Callable, Iterator
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from fontTools.ttLib import TTFont
from sqlmodel import Session

from app.models import Citizen, StaffUser
from app.web.cards import card_pdf
from tests.conftest import FROZEN_NOW
from tests.web.test_agreements import _downloads, _make, _pdf_text, _woman
from tests.web.test_cards import pdf_objects
from tests.web.test_report import ARABIC, URDU, fatima, save  # noqa: F401 - fatima is a fixture

STATIC = Path(__file__).resolve().parents[2] / "static"
VENDORED = ("Logbog-Noto-Sans", "Logbog-Naskh-Arabic", "Logbog-Nastaliq-Urdu")
URL = "http://localhost/a/" + "kq3Z9_xY-T" * 4 + "abc"
EXPIRES = FROZEN_NOW + timedelta(days=14)
NAMES = {"da": "Birgitte Sørensen", "ar": "فاطمة الزهراء", "ur": "ثمینہ پروین", "so": "Amina Cabdi Xasan"}


@pytest.fixture
def documents(app: Flask, make_citizen: Callable[..., Citizen], browser: FlaskClient, fatima: Citizen,  # noqa: F811
              monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, tuple[bytes, dict[str, Any]]]]:
    """Each PDF as the app makes it, with the HTML and base URL it gave WeasyPrint (recorded on the way)."""
    import weasyprint

    given: list[dict[str, Any]] = []
    real = weasyprint.HTML

    def recording(*args: Any, **kwargs: Any) -> Any:
        given.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", recording)
    made: dict[str, tuple[bytes, dict[str, Any]]] = {}
    with app.test_request_context("/"):
        for language, name in NAMES.items():
            made[f"card-{language}"] = (card_pdf(make_citizen(name=name, language=language), URL, EXPIRES), given[-1])
    location = save(browser, fatima, assessment="Kan holde 4 timer om ugen.", summary="Fāṭima Çelik, Århus")
    response = browser.get(f"{location}/pdf?untranslated=mark")
    assert response.status_code == 200
    made["report"] = (response.data, given[-1])
    yield made


def _fonts(pdf: bytes) -> set[str]:
    """The embedded fonts' names without the subset tag, e.g. 'Logbog-Noto-Sans-Bold'."""
    return {name.decode() for name in re.findall(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([\w-]+)", pdf_objects(pdf))}


def _assert_only_vendored(name: str, fonts: set[str]) -> None:
    assert fonts, name
    assert all(font.startswith(VENDORED) for font in fonts), (name, fonts)
    assert not any("DejaVu" in font for font in fonts), (name, fonts)
    wanted = {"card-da": {"Logbog-Noto-Sans"}, "card-so": {"Logbog-Noto-Sans"},
              "card-ar": {"Logbog-Noto-Sans", "Logbog-Naskh-Arabic"},
              "card-ur": {"Logbog-Noto-Sans", "Logbog-Nastaliq-Urdu"}, "report": set(VENDORED)}[name]
    assert wanted <= {family for family in VENDORED for font in fonts if font.startswith(family)}, (name, fonts)


BLIND = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""

RENDER = """
import json, sys
from weasyprint import HTML
for job in json.load(sys.stdin):
    HTML(string=job["html"], base_url=job["base_url"]).write_pdf(job["out"])
"""


class _Text(HTMLParser):
    """The text a document prints (no <head>, no <style> inside the charts)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("head", "style", "script")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("head", "style", "script")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _assert_every_letter_has_a_glyph(documents: dict[str, tuple[bytes, dict[str, Any]]]) -> None:
    """Without system fonts a letter the vendored files lack would print as an empty box."""
    covered: set[int] = set()
    for path in (STATIC / "vendor").glob("noto-*/*.woff2"):
        covered |= set(TTFont(path).getBestCmap())
    for name, (_pdf, given) in documents.items():
        parser = _Text()
        parser.feed(given["string"])
        text = "".join(parser.parts)
        if name == "report":
            assert ARABIC in text and URDU in text
        # Format characters (bidi isolates and marks) are not drawn.
        missing = sorted({ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf" and ord(ch) not in covered})
        assert not missing, (name, [f"U+{ord(ch):04X}" for ch in missing])


def test_the_pdfs_embed_only_the_vendored_fonts_here_and_on_a_machine_without_any_font(
        documents: dict[str, tuple[bytes, dict[str, Any]]], tmp_path: Path) -> None:
    """One render set, two machines (the PDFs are slow to make)."""
    # Here, where Noto Sans and DejaVu may well be installed: no face comes from the system.
    for name, (pdf, _given) in documents.items():
        _assert_only_vendored(name, _fonts(pdf))
    assert any(font.endswith("Bold") for font in _fonts(documents["report"][0]))  # headings: the vendored bold face

    # WeasyPrint in a process whose fontconfig knows no font at all (no <dir>): what a fresh machine has at most.
    config = tmp_path / "fonts.conf"
    config.write_text(BLIND.format(cache=tmp_path / "fc-cache"))
    jobs = [{"html": given["string"], "base_url": str(given["base_url"]), "out": str(tmp_path / f"{name}.pdf")}
            for name, (_pdf, given) in documents.items()]
    env = {"FONTCONFIG_FILE": str(config), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", RENDER], input=json.dumps(jobs), text=True, env=env,
                          capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "No fonts configured" in done.stderr  # the process really saw no system font
    for name in documents:
        _assert_only_vendored(name, _fonts((tmp_path / f"{name}.pdf").read_bytes()))
    _assert_every_letter_has_a_glyph(documents)


# --- a space in Arabic text ------------------------------------------------------------------------------------------
# Pango draws a space with the font of the run it stands in, so a space between Arabic words is drawn with the Naskh
# face: Fontsource's "arabic" Naskh file had none, and the PDFs showed an empty box (.notdef) between Arabic words.
# The vendored files now have the font's own space and no-break space (static/vendor/fetch.sh).

def _naskh_range() -> set[int]:
    """The code points of the Naskh faces' unicode-range in fonts.css (each face must declare the same)."""
    ranges = {face.group(1) for face in re.finditer(r'@font-face\s*{[^}]*"Logbog Naskh Arabic"[^}]*unicode-range:\s*([^;]+);',
                                                    (STATIC / "css" / "fonts.css").read_text())}
    assert len(ranges) == 1, ranges
    points: set[int] = set()
    for part in ranges.pop().split(","):
        first, _, last = part.strip().removeprefix("U+").partition("-")
        points |= set(range(int(first, 16), int(last or first, 16) + 1))
    return points


def _streams(pdf: bytes) -> dict[int, bytes]:
    """The PDF's stream objects by number, inflated."""
    streams = {}
    for number, body in re.findall(rb"(\d+) 0 obj\s*<<.*?>>\s*stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            streams[int(number)] = zlib.decompress(body)
        except zlib.error:
            streams[int(number)] = body
    return streams


def _drawn(pdf: bytes) -> dict[str, tuple[str, list[str]]]:
    """Per embedded font (name without the subset tag): the text its glyphs stand for (its ToUnicode map), and the
    codes it draws as .notdef. WeasyPrint encodes a font with /Identity-H, except when Pango found no glyph for a
    character: then the font gets a CMap of its own, which maps the codes of the missing glyphs to CID 0 (.notdef)."""
    streams, drawn = _streams(pdf), {}
    for font in re.findall(rb"<<(/Type /Font/Subtype /Type0[^<>]*)>>", pdf_objects(pdf)):
        name = re.search(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([\w-]+)", font)
        to_unicode = re.search(rb"/ToUnicode\s+(\d+) 0 R", font)
        encoding = re.search(rb"/Encoding\s*(/Identity-H|(\d+) 0 R)", font)
        assert name and to_unicode and encoding, font
        pairs = b"".join(re.findall(rb"beginbfchar(.*?)endbfchar", streams[int(to_unicode.group(1))], re.S))
        text = "".join(bytes.fromhex(target.decode()).decode("utf-16-be")
                       for target in re.findall(rb"<[0-9a-fA-F]+>\s*<([0-9a-fA-F]+)>", pairs))
        cids = b"" if encoding.group(2) is None else b"".join(
            re.findall(rb"begincidchar(.*?)endcidchar", streams[int(encoding.group(2))], re.S))
        notdef = [code.decode() for code in re.findall(rb"<([0-9a-fA-F]+)>\s+0\b", cids)]
        earlier_text, earlier_notdef = drawn.get(name.group(1).decode(), ("", []))
        drawn[name.group(1).decode()] = (earlier_text + text, earlier_notdef + notdef)
    return drawn


def _assert_arabic_spaces_drawn(name: str, pdf: bytes, tmp_path: Path, *phrases: str) -> None:
    """No font draws a .notdef; the Naskh face draws the spaces between Arabic words and nothing outside its
    unicode-range (Latin letters, digits and punctuation come from Noto Sans); pdftotext reads the phrases back
    with their spaces."""
    fonts = _drawn(pdf)
    assert {font: notdef for font, (_text, notdef) in fonts.items() if notdef} == {}, name
    naskh = {font: text for font, (text, _notdef) in fonts.items() if font.startswith("Logbog-Naskh-Arabic")}
    assert naskh, (name, set(fonts))
    allowed = _naskh_range()
    for font, text in naskh.items():
        assert " " in text, (name, font)
        assert sorted({f"U+{ord(char):04X}" for char in text if ord(char) not in allowed}) == [], (name, font)
    text = _pdf_text(pdf, tmp_path, name)
    for phrase in phrases:
        assert phrase in text, (name, phrase, text)


def _no_notdef_logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if ".notdef" in record.getMessage()]


def test_the_naskh_faces_have_a_space_and_a_no_break_space() -> None:
    for path in sorted((STATIC / "vendor").glob("noto-naskh-arabic-*/*.woff2")):
        font = TTFont(path)
        cmap = font.getBestCmap()
        assert 0x20 in cmap and 0xA0 in cmap, path.name
        assert font["hmtx"][cmap[0x20]][0] > 0 and font["hmtx"][cmap[0xA0]] == font["hmtx"][cmap[0x20]], path.name
        assert font["name"].getDebugName(5) == "Version 2.016", path.name  # 2.021's shared dots do not read back
    assert {0x20, 0xA0} <= _naskh_range()


def test_the_arabic_card_draws_the_spaces_between_arabic_words(app: Flask, make_citizen: Callable[..., Citizen],
                                                               tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with app.test_request_context("/"):
        pdf = card_pdf(make_citizen(name=NAMES["ar"], language="ar"), URL, EXPIRES)
    assert _no_notdef_logged(caplog) == []
    _assert_arabic_spaces_drawn("card-ar", pdf, tmp_path, NAMES["ar"])


def test_both_copies_of_an_arabic_agreement_draw_the_spaces_between_arabic_words(
        db: Session, browser: FlaskClient, make_citizen: Callable[..., Citizen], consultant: StaffUser, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    citizen, placement = _woman(db, make_citizen, consultant, "فاطمة حداد", "ar", {"ar": "المساعدة في المطبخ"})
    status, page = _make(browser, citizen, placement)
    assert status == 303
    danish, arabic = (browser.get(url).data for url in _downloads(page))
    assert _no_notdef_logged(caplog) == []
    _assert_arabic_spaces_drawn("agreement-da", danish, tmp_path, "فاطمة حداد")  # her name in the Danish copy
    _assert_arabic_spaces_drawn("agreement-ar", arabic, tmp_path, "فاطمة حداد", "المساعدة في المطبخ", "Hanne Nielsen")
    assert "Logbog-Noto-Sans" in _drawn(arabic)  # the Danish words in her copy: Noto Sans
