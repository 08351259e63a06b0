"""Make docs/citizen-today.png, the README's picture, from the browser tests' screenshots.

tests/browser/test_citizen_flow.py saves every citizen screen in every language at 320 px to
screenshots/ (ignored by git). This puts the today page in Danish, Arabic, Urdu and Somali
side by side, top of the page, so the README shows what the browser really drew.

    .venv/bin/python -m pytest tests/browser/test_citizen_flow.py -k small   # needs Chromium
    .venv/bin/python docs/make_screenshot.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "screenshots"
LANGUAGES = ("da", "ar", "ur", "so")
#: The top of the page at the screenshots' scale (320 css px at 2x): the question, her plan, the answers.
HEIGHT = 1300
GAP = 24


def main() -> None:
    """Compose the four today pages into one picture."""
    paths = [SHOTS / f"citizen-{language}-2-today.png" for language in LANGUAGES]
    missing = [path.name for path in paths if not path.exists()]
    if missing:
        sys.exit(f"missing {', '.join(missing)}: run the browser tests first (see this file's docstring)")
    pages = [Image.open(path).convert("RGB") for path in paths]
    pages = [page.crop((0, 0, page.width, min(HEIGHT, page.height))) for page in pages]
    width = sum(page.width for page in pages) + GAP * (len(pages) - 1)
    picture = Image.new("RGB", (width, max(page.height for page in pages)), "white")
    x = 0
    for page in pages:
        picture.paste(page, (x, 0))
        x += page.width + GAP
    picture = picture.resize((picture.width // 2, picture.height // 2), Image.LANCZOS)
    out = ROOT / "docs" / "citizen-today.png"
    picture.save(out, optimize=True)
    print(f"wrote {out.relative_to(ROOT)} ({picture.width}x{picture.height}, {out.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
