"""Names and labels in one normal form; look-alike names and mixed alphabets found (app/domain/text.py)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.text import clean_text, lookalikes, mixed_script_words, skeleton

ZWNJ, ZWJ = "\u200c", "\u200d"


@pytest.mark.parametrize(("raw", "clean"), [
    ("Amina\u202e nissaH", "Amina nissaH"),  # right-to-left override
    ("\u2066Amina\u2069 \u2067Hassan\u2069", "Amina Hassan"),  # isolates
    ("A\u200bmi\u200ena\ufeff", "Amina"),  # zero-width space, left-to-right mark, BOM
    ("\u061cفاطمة\u200f", "فاطمة"),  # Arabic letter mark, right-to-left mark
    ("  Amina \t\n Hassan\u00a0 Ali\u2003 ", "Amina Hassan Ali"),  # tabs, newlines, no-break and em spaces
    ("Ami\x00na\x07\x1b", "Amina"),  # control characters
    ("Ame\u0301lie", "Amélie"),  # NFC: e + combining acute is é
    ("Ami" + ZWNJ + "na", "Amina"),  # ZWNJ between Latin letters hides a difference
    (ZWJ + "فاطمة" + ZWNJ, "فاطمة"),  # at the ends of a word it joins nothing
    ("", ""),
])
def test_clean_text_removes_what_cannot_be_seen(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_zwnj_and_zwj_stay_inside_arabic_script_words() -> None:
    urdu = "می" + ZWNJ + "کنم"  # Persian/Urdu spelling: the ZWNJ keeps ی from joining ک
    assert clean_text(urdu) == urdu
    assert clean_text("صاف" + ZWJ + "ی") == "صاف" + ZWJ + "ی"
    assert clean_text("می" + ZWNJ + "\u202e" + "کنم") == urdu  # an override next to it still goes


@given(st.text())
def test_clean_text_is_idempotent_and_leaves_no_format_or_control_characters(value: str) -> None:
    clean = clean_text(value)
    assert clean_text(clean) == clean
    assert clean == unicodedata.normalize("NFC", clean)
    assert clean == clean.strip() and "  " not in clean
    for index, char in enumerate(clean):
        category = unicodedata.category(char)
        if char in (ZWNJ, ZWJ):
            assert 0 < index < len(clean) - 1
        else:
            assert category not in ("Cc", "Cf", "Cs") and (not char.isspace() or char == " ")


@pytest.mark.parametrize(("one", "other"), [
    ("Amina Hassan", "Аmina Наssan"),  # Cyrillic А and Н
    ("Amina Hassan", "amina hassan"),
    ("Amina Hassan", "Amína Hassan"),  # an accent
    ("Amina Hassan", "AminaHassan"),
    ("Amina Hassan", "Amina-Hassan"),
    ("Amina Hassan", "Αmina Ηassan"),  # Greek Α and Η
    ("Amina", "Ami\u200bna"),
    ("Hodan", "Ноdаn"),
])
def test_look_alike_names_share_a_skeleton(one: str, other: str) -> None:
    assert skeleton(one) == skeleton(other)
    assert lookalikes(one, {7: other, 8: "Fatima"}) == [7]


def test_different_names_do_not() -> None:
    assert skeleton("Amina Hassan") != skeleton("Amina Hussein")
    assert lookalikes("Amina", {1: "Aminata", 2: "Fatima", 3: ""}) == []
    assert lookalikes("\u200b", {1: ""}) == []  # nothing to compare


def test_words_mixing_alphabets_are_found_with_their_alphabets() -> None:
    assert mixed_script_words("Аmina Hassan") == [("Аmina", ("CYRILLIC", "LATIN"))]
    assert mixed_script_words("Amina Hassan") == []
    assert mixed_script_words("فاطمة Amina") == []  # two alphabets, but not within a word
    assert mixed_script_words("Ηodan") == [("Ηodan", ("GREEK", "LATIN"))]
