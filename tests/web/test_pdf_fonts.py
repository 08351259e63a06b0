"""The printed PDFs (QR card, work-capacity report) are set in the app's own fonts (static/vendor/), so a PDF looks
the same on every machine: on a fresh one without fonts-noto-core the card fell back to DejaVu Sans.

WeasyPrint names an embedded font after the family it was asked for (`/BaseFont /ABCDEF+Logbog-Noto-Sans-Bold`),
so the vendored faces ("Logbog ...") are told apart from the system's Noto Sans even where both are installed.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from collections.abc import Callable, Iterator
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from fontTools.ttLib import TTFont

from app.models import Citizen
from app.web.cards import card_pdf
from tests.conftest import FROZEN_NOW
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
