"""Text cells a spreadsheet shows as text: a formula typed into her note must never run on a consultant's PC."""

from __future__ import annotations

#: What makes Excel or LibreOffice read a cell as a formula or a command (OWASP "CSV injection"),
#: with the line breaks and the full-width signs that some versions fold to the same meaning.
FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")


def spreadsheet_text(value: str) -> str:
    """`value` with a leading apostrophe when it (or its first visible character) could start a formula.

    Only text cells pass through here; numbers are written as numbers, so a negative number is never
    touched. The apostrophe is what a spreadsheet user types to force text, and it shows what happened.
    """
    if value[:1] in FORMULA_STARTS or value.lstrip()[:1] in FORMULA_STARTS:
        return "'" + value
    return value
