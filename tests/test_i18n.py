"""Catalogs complete and current; right-to-left where it belongs; every citizen page in every language."""

from __future__ import annotations

import gettext
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask

from app import catalogs
from app.config import LANGUAGES
from app.models import Citizen
from tests.helpers import translated

CITIZEN_PAGES = ("/today", "/day/2026-11-16", "/day/2026-11-17", "/week", "/my-data", "/call-me", "/language", "/")


def _read(path: Path) -> object:
    with path.open("rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_has_a_complete_catalog(language: str) -> None:
    catalog = _read(catalogs.TRANSLATIONS / language / "LC_MESSAGES" / "messages.po")
    template = _read(catalogs.TEMPLATE)
    untranslated = [m.id for m in catalog if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string)]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    missing = [m.id for m in template if m.id and m.id not in catalog]
    assert untranslated == [] and fuzzy == [] and missing == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_keeps_every_placeholder(language: str) -> None:
    import re

    catalog = _read(catalogs.TRANSLATIONS / language / "LC_MESSAGES" / "messages.po")
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(re.findall(r"%\(\w+\)s", ids[-1]))
        for form, string in enumerate(strings):
            found = set(re.findall(r"%\(\w+\)s", string))
            if language == "ar" and form in (1, 2) and len(ids) == 2:
                # Arabic says one and two in words ("ساعة واحدة", "ساعتان"): the count's own number may go.
                assert found <= wanted and len(wanted - found) <= 1, (language, message.id, string)
            else:
                assert found == wanted, (language, message.id, string)


def test_arabic_plural_forms_are_chosen_as_babel_chooses_them() -> None:
    """The catalog's Plural-Forms header picks the form CLDR names for each number (zero, one, two, few 3-10,
    many 11-99, other 100-102 ...), as Babel and GNU gettext order them; every plural entry renders that form."""
    catalog = _read(catalogs.TRANSLATIONS / "ar" / "LC_MESSAGES" / "messages.po")
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    gnu = gettext.GNUTranslations(compiled)
    rule, order = Locale.parse("ar").plural_form, ("zero", "one", "two", "few", "many", "other")
    entries = [m for m in catalog if m.id and isinstance(m.id, tuple)]
    assert entries
    for message in entries:
        for n in (0, 1, 2, 3, 10, 11, 26, 99, 100, 101, 102, 103, 111):
            assert gnu.ngettext(message.id[0], message.id[1], n) == message.string[order.index(rule(n))], (message.id[0], n)


def test_it_has_a_current_message_template(tmp_path: Path) -> None:
    fresh = tmp_path / "messages.pot"
    catalogs.extract(fresh)
    assert [m.id for m in _read(fresh)] == [m.id for m in _read(catalogs.TEMPLATE)], \
        "translations/messages.pot is stale: run `make messages` and translate the new entries"


@pytest.mark.parametrize(("language", "direction"), [("da", "ltr"), ("ar", "rtl"), ("ur", "rtl"), ("so", "ltr")])
def test_it_renders_every_citizen_page_in_every_language(app: Flask, make_citizen: Callable[..., Citizen],
                                                        activate: Callable[..., None], language: str, direction: str) -> None:
    phone = app.test_client()
    activate(phone, make_citizen(language=language))
    today_question = translated(app, language, "Were you at work?")
    for path in CITIZEN_PAGES:
        response = phone.get(path, follow_redirects=True)
        html = response.get_data(as_text=True)
        assert response.status_code == 200, path
        assert f'<html lang="{language}" dir="{direction}">' in html, path
        assert ("Logbog" in html) and ("Were you at work?" not in html or language == "en")
    html = phone.get("/today").get_data(as_text=True)
    assert today_question in html
    assert ("urdu.css" in html) == (language == "ur")


@pytest.mark.parametrize("language", ["ar", "ur"])
def test_it_writes_no_digit_ranges_that_right_to_left_text_would_reverse(language: str) -> None:
    """"1–2" inside Arabic or Urdu text shows as "2–1": ranges are written with a word ("1 أو 2", "1 یا 2")."""
    import re

    catalog = _read(catalogs.TRANSLATIONS / language / "LC_MESSAGES" / "messages.po")
    for message in catalog:
        if not message.id:
            continue  # the header
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            assert not re.search(r"(\d|%\(\w+\)s)\s*[–-]\s*(\d|%\(\w+\)s)", string or ""), (message.id, string)


def test_it_keeps_the_pages_catalog_per_request_and_follows_a_forced_language(app: Flask) -> None:
    """The page's catalog and locale are kept for the request, never across a `force_locale` either way."""
    from datetime import date

    from babel.dates import format_skeleton
    from flask_babel import force_locale

    from app.domain.flags import Sentence
    from app.web.i18n import day_short, explain

    said, day = [Sentence("Pain")], date(2026, 12, 7)
    with app.test_request_context("/c/"):  # a staff page: Danish
        page = explain(said), day_short(day)
        assert page == (translated(app, "da", "Pain"), format_skeleton("MMMEd", day, locale="da"))
        with force_locale("ar"):
            assert (explain(said), day_short(day)) == (translated(app, "ar", "Pain"), format_skeleton("MMMEd", day, locale="ar"))
            with force_locale("da"):
                assert (explain(said), day_short(day)) == page
            assert explain(said) == translated(app, "ar", "Pain")
        assert (explain(said), day_short(day)) == page
