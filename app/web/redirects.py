"""Where a `next` parameter may send a browser: a path on this site, and nothing else.

Browsers and Werkzeug forgive a lot: a tab or newline is dropped (`/\t/evil` becomes
`//evil`), a backslash reads as a slash, `%2F` may be decoded on the way. So anything
that is not plainly a local path is refused, and the caller falls back to the home page.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote, urlsplit

#: Control and format characters (TAB, CR, LF, NUL, bidi marks, zero-width) and every Unicode space.
_REFUSED = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})
#: Only control and format characters: a percent-encoded space in a query is harmless.
_REFUSED_DECODED = frozenset({"Cc", "Cf", "Zl", "Zp"})
_MAX_LENGTH = 2048


def _has(text: str, categories: frozenset[str]) -> bool:
    return "\\" in text or any(unicodedata.category(char) in categories for char in text)


def safe_next(target: str | None) -> str | None:
    """`target` if it is a local path like `/c/citizens/1?x=1`, else None."""
    if not target or len(target) > _MAX_LENGTH or _has(target, _REFUSED):
        return None
    if not target.startswith("/") or target.startswith("//"):
        return None
    try:
        parts = urlsplit(target)
    except ValueError:
        return None
    if parts.scheme or parts.netloc:
        return None
    decoded = unquote(target)
    if decoded.startswith(("//", "/\\")) or _has(decoded, _REFUSED_DECODED):
        return None
    return target
