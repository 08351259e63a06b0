"""Message catalogs: extract, update and compile, defined once for the Makefile, the CLI and the tests."""

from __future__ import annotations

from pathlib import Path

from babel.messages.frontend import CommandLineInterface

from app.config import LANGUAGES, PROJECT_ROOT

TRANSLATIONS = PROJECT_ROOT / "translations"
TEMPLATE = TRANSLATIONS / "messages.pot"


def extract(output: Path = TEMPLATE) -> None:
    """Write the message template from app/ and templates/.

    Babel skips folders starting with "_" by default; templates/_macros holds messages too.
    The header is left out so the template only changes when a message does.
    """
    CommandLineInterface().run([
        "pybabel", "-q", "extract", "-F", str(TRANSLATIONS / "babel.cfg"), "-k", "_l", "-k", "lazy_gettext", "-k", "Np_:1,2",
        "--no-location", "--sort-output", "--omit-header", "--ignore-dirs", ".* node_modules",
        "-o", str(output), str(PROJECT_ROOT),
    ])


def update() -> None:
    """Merge the template into every language's catalog (new messages arrive untranslated)."""
    CommandLineInterface().run(["pybabel", "-q", "update", "-i", str(TEMPLATE), "-d", str(TRANSLATIONS),
                                "--no-fuzzy-matching", "--ignore-obsolete"])


def compile_all() -> None:
    """Compile every catalog to .mo for the running app."""
    for language in LANGUAGES:
        CommandLineInterface().run(["pybabel", "-q", "compile", "-d", str(TRANSLATIONS), "-l", language])
