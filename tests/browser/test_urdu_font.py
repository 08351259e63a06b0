"""Her Urdu page is drawn in Nastaliq: every Arabic-script letter on it by the app's subset font, none by a fallback.

The Nastaliq file is cut down to the Urdu alphabet (static/vendor/fetch.sh, which also checks that the subset shapes
every Urdu message as the full font does). A letter left out would be drawn by another font, and a word that mixes
two fonts loses its joins. Chromium says which font drew each element's text (CSS.getPlatformFontsForNode).
"""

from __future__ import annotations

import re
from typing import Any, Callable

from sqlmodel import Session

from app.models import Citizen
from tests.browser.test_offline import _activate

ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")


def test_every_urdu_letter_on_her_today_page_is_drawn_by_the_nastaliq_subset(
        phone: Any, live_server: str, db: Session, make_citizen: Callable[..., Citizen]) -> None:
    page = _activate(phone, live_server, db, make_citizen(language="ur"))
    page.evaluate("document.fonts.ready")
    assert page.evaluate("[...document.fonts].some(f => f.family.includes('Noto Nastaliq Urdu') && f.status === 'loaded')")
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    nodes = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "h1, legend, .choice-label, .tabs a, button"})["nodeIds"]
    drawn = 0
    for node in nodes:
        # The fonts Chromium used for the element's text, its children's included.
        html = cdp.send("DOM.getOuterHTML", {"nodeId": node})["outerHTML"]
        text = page.evaluate("(html) => { const d = document.createElement('div'); d.innerHTML = html; return d.textContent; }", html)
        if not ARABIC_SCRIPT.search(text):
            continue
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        if not fonts:
            continue  # not drawn (a question shown only after another answer)
        nastaliq = [f for f in fonts if f["isCustomFont"] and "Nastaliq" in f["familyName"]]
        assert nastaliq, (text, fonts)
        # Another font may draw only what Nastaliq has not (digits, Latin, symbols): never an Arabic-script letter.
        not_arabic = len(re.findall(r"[^\u0600-\u06ff\s\u200c-\u200f]", text))
        assert sum(f["glyphCount"] for f in fonts if f not in nastaliq) <= not_arabic, (text, fonts)
        drawn += 1
    assert drawn >= 10  # the page's headings, questions, answers and tabs
