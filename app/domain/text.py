"""Names and labels as people type them: one normal form, and look-alikes found before they confuse anyone.

`clean_text` is applied to every name and task label on input (services and CLI alike):
- Unicode NFC, so "é" typed as e + combining accent and as one character are the same name;
- every control and format character is removed (categories Cc, Cf, Cs: bidi overrides and
  isolates U+202A-202E, U+2066-2069, marks U+200E/200F, zero-width space U+200B, U+FEFF...),
  which could reorder what a consultant reads or make two equal-looking names differ;
- except ZWNJ (U+200C) and ZWJ (U+200D) between two Arabic-script letters: Urdu and Persian
  spelling needs them there (ZWNJ keeps a letter from joining the next one). Anywhere else
  they only hide a difference, so they go;
- all whitespace (tabs, newlines, no-break and other Unicode spaces) becomes one space, and the
  ends are trimmed.

`skeleton` is what a name looks like, for warnings only (never stored): NFKC, common Cyrillic
and Greek look-alikes of Latin letters mapped to those letters, case folded, accents and other
marks removed, and only letters and digits kept. Two names with one skeleton look alike on a
list. The table is small and explicit (the letters a name in these four languages might meet),
not Unicode's whole confusables list: it warns, it does not decide.
"""

from __future__ import annotations

import unicodedata

_JOINERS = {"\u200c", "\u200d"}  # ZWNJ, ZWJ
_REMOVED_CATEGORIES = {"Cc", "Cf", "Cs"}

#: Cyrillic and Greek letters that look like a Latin letter, upper and lower case apart (Η is H, η is n).
_LOOKALIKES = str.maketrans({
    # Cyrillic capitals and small letters
    "А": "A", "В": "B", "Е": "E", "Ё": "E", "З": "3", "І": "I", "Ї": "I", "Ј": "J", "К": "K", "М": "M", "Н": "H",
    "О": "O", "Р": "P", "С": "C", "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S", "Ԁ": "D", "Ԛ": "Q", "Ԝ": "W", "Ү": "Y",
    "Һ": "H", "Ӏ": "I",
    "а": "a", "е": "e", "ё": "e", "і": "i", "ї": "i", "ј": "j", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x",
    "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l", "ү": "y", "ь": "b", "п": "n", "г": "r",
    # Greek capitals and small letters
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P",
    "Τ": "T", "Υ": "Y", "Χ": "X",
    "α": "a", "β": "b", "γ": "y", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
    "υ": "u", "χ": "x", "ω": "w",
})


def _arabic_letter(char: str) -> bool:
    return unicodedata.category(char).startswith("L") and unicodedata.name(char, "").startswith("ARABIC")


def clean_text(value: str) -> str:
    """`value` in NFC, without control or format characters (ZWNJ/ZWJ kept inside Arabic-script words), spaces collapsed."""
    text = unicodedata.normalize("NFC", value)
    kept: list[str] = []
    for index, char in enumerate(text):
        if char.isspace():
            kept.append(" ")
        elif char in _JOINERS:
            before = next((c for c in reversed(kept) if c not in _JOINERS), "")
            after = next((c for c in text[index + 1:] if c not in _JOINERS and unicodedata.category(c) not in _REMOVED_CATEGORIES), "")
            if before and after and _arabic_letter(before) and _arabic_letter(after):
                kept.append(char)
        elif unicodedata.category(char) not in _REMOVED_CATEGORIES:
            kept.append(char)
    return " ".join(part for part in "".join(kept).split(" ") if part)


def skeleton(name: str) -> str:
    """What a name looks like on a list: equal skeletons read alike (see the module docstring)."""
    text = unicodedata.normalize("NFKC", clean_text(name)).translate(_LOOKALIKES).casefold()
    text = unicodedata.normalize("NFD", text)
    return "".join(char for char in text if unicodedata.category(char)[0] in "LN").translate(_LOOKALIKES)


def _script(char: str) -> str | None:
    """A letter's script, from its Unicode name (LATIN, CYRILLIC, GREEK, ARABIC...); None for anything else."""
    if not unicodedata.category(char).startswith("L"):
        return None
    return unicodedata.name(char, "?").split(" ")[0]


def mixed_script_words(name: str) -> list[tuple[str, tuple[str, ...]]]:
    """Words of `name` that mix letters of two scripts (Latin with Cyrillic, say), with those scripts, sorted:
    a sign of a look-alike letter typed on another keyboard."""
    mixed = []
    for word in clean_text(name).split(" "):
        scripts = {script for script in map(_script, word) if script}
        if len(scripts) > 1:
            mixed.append((word, tuple(sorted(scripts))))
    return mixed


def lookalikes(name: str, others: dict[int, str]) -> list[int]:
    """Ids among `others` (id -> name) whose names look like `name`."""
    mine = skeleton(name)
    return [other_id for other_id, other in others.items() if mine and skeleton(other) == mine]
