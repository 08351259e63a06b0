"""Print what the citizen's today page transfers on a first load, gzip-compressed, per language.

Counts the HTML and every stylesheet, script, icon sprite and font it references
(fonts from the stylesheets), the way a phone fetches them with an empty cache.

    .venv/bin/python bench/page_weight.py
"""

from __future__ import annotations

import gzip
import re
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlmodel import SQLModel  # noqa: E402

from app import clock, create_app  # noqa: E402
from app.db import get_engine, get_session  # noqa: E402
from app.services.demo import demo_links, seed_demo  # noqa: E402


def gz(data: bytes) -> int:
    """Bytes after gzip at level 6 (a typical server setting)."""
    return len(gzip.compress(data, compresslevel=6))


def main() -> None:
    """Seed a demo in memory, open each language's today page, and add up its assets."""
    app = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "bench", "TESTING": True, "SESSION_COOKIE_SECURE": False})
    with app.app_context():
        SQLModel.metadata.create_all(get_engine())
        seed_demo(get_session(), clock.local_today())
        links = demo_links(get_session(), timedelta(days=1))
    seen: set[str] = set()
    print(f"{'language':<10}{'html':>8}{'css':>8}{'js':>8}{'icons':>8}{'fonts':>8}{'total':>9}  (bytes, gzip)")
    for name, language, raw in links:
        if language in seen:
            continue
        seen.add(language)
        phone = app.test_client()
        phone.post(f"/a/{raw}", data={"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"',
                                                               phone.get(f"/a/{raw}").get_data(as_text=True)).group(1)})
        html = phone.get("/today").get_data()
        sizes = {"html": gz(html), "css": 0, "js": 0, "icons": 0, "fonts": 0}
        refs = set(re.findall(rb'(?:href|src)="(/static/[^"#]+)', html))
        fonts = {ref.decode() for ref in refs if ref.endswith(b".woff2")}  # preloaded, and named again by its stylesheet
        for ref in sorted(refs - {font.encode() for font in fonts}):
            with phone.get(ref.decode()) as response:
                body = response.get_data()
            kind = "css" if ref.endswith(b".css") else "js" if ref.endswith(b".js") else "icons"
            sizes[kind] += gz(body)
            if kind == "css":
                for font in re.findall(rb'url\("?([^")]+\.woff2)', body):
                    fonts.add((Path(ref.decode()).parent / font.decode()).resolve().as_posix())
        for font_path in sorted(fonts):
            with phone.get(font_path) as font_response:
                sizes["fonts"] += len(font_response.get_data())  # woff2 is already compressed
        total = sum(sizes.values())
        print(f"{language:<10}{sizes['html']:>8}{sizes['css']:>8}{sizes['js']:>8}{sizes['icons']:>8}{sizes['fonts']:>8}{total:>9}  ({name})")


if __name__ == "__main__":
    main()
