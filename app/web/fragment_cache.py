"""Rendered fragments kept per process: a review list draws the same sixty rows and cards on every view.

A fragment is the output of one macro whose only argument is a frozen view (app/web/consultant/review_views.py):
every value it shows is a field of that view, and the rest comes from the page's language, the day, the path prefix
the app is served under and the templates themselves. The key holds all of those, so a kept fragment is the very
bytes the macro would draw now. Nothing of the viewer is in a fragment: one with a CSRF token (an open card's
forms) is drawn by its page and never kept.

Off when templates may change under a running process (Jinja's auto-reload, debug) or `RENDER_CACHE` is false
(the tests compare both ways).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from datetime import date
from typing import Any, Callable, Hashable, TypeVar

from flask import Flask, current_app, request
from jinja2.runtime import Macro
from markupsafe import Markup

from app.web.i18n import _locale_code, page_context

#: Templates whose macros draw kept fragments; their sources make the key's version token.
TEMPLATES = ("consultant/_caseload_row.html", "consultant/_review_item.html", "consultant/_flag_card.html",
             "consultant/_labels.html", "consultant/_today_item.html", "_macros/ui.html")
SIZE = 4096  # some sixty women per consultant, a row and an item or two each: room for many consultants
T = TypeVar("T")


class FragmentCache:
    """A bounded least-recently-used map from key to rendered Markup (or a tuple of it), safe across threads."""

    def __init__(self, size: int = SIZE) -> None:
        self.size = size
        self._kept: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        """The kept fragment, marked as just used; None when not kept."""
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
            return found

    def put(self, key: Hashable, fragment: Any) -> None:
        """Keep `fragment`, forgetting the least recently used beyond the size."""
        with self._lock:
            self._kept[key] = fragment
            self._kept.move_to_end(key)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)

    def __len__(self) -> int:
        return len(self._kept)


def _version(app: Flask) -> str:
    """A digest of the fragment templates' sources: another template, another key."""
    digest = hashlib.sha256()
    for name in TEMPLATES:
        source, _filename, _uptodate = app.jinja_loader.get_source(app.jinja_env, name)  # type: ignore[union-attr]
        digest.update(name.encode() + b"\0" + source.encode() + b"\0")
    return digest.hexdigest()[:16]


def enabled(app: Flask) -> bool:
    """Whether fragments may be kept: not while templates can change under the process."""
    return bool(app.config.get("RENDER_CACHE", True)) and not app.jinja_env.auto_reload and not app.debug


class Fragments:
    """One page's fragments: each view's kept output, or its macro's output drawn now (and kept).

    The macros are taken from their templates made with this request's template context, once per page and only
    when a fragment is missing: a warm page draws no macro and makes no module (importing a macro file "with
    context" costs about as much as drawing the sixty rows it is for).
    """

    def __init__(self, today: date) -> None:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        self._app = app
        self._modules: dict[str, Any] = {}
        self._kept: FragmentCache | None = None
        if enabled(app):
            state = app.extensions.get("fragment_cache")
            if state is None:
                state = app.extensions["fragment_cache"] = (FragmentCache(), _version(app))
            self._kept, version = state
            self._page = (_locale_code(), today, request.script_root, version)

    def macro(self, template: str, name: str) -> Macro:
        """The macro `name` of `template`, as an import "with context" on this page would give it."""
        module = self._modules.get(template)
        if module is None:
            module = self._modules[template] = self._module(template)
        return getattr(module, name)

    def _module(self, template: str) -> Any:
        """`template` made into a module with this request's template context; while fragments are kept, made once
        per page key and kept with them (a review list with one woman changed draws her alone, and making the row's
        module costs about 2 ms, as much as drawing her). A kept module is made with the page-wide context alone
        (`i18n.page_context`: the language and the icons' address, which the key holds): nothing of the viewer, and
        the request's own objects are left to Jinja's globals, Flask's proxies, which find the request a macro is
        called in (its CSRF token, its address builder)."""
        if self._kept is None:
            context: dict[str, Any] = {}
            self._app.update_template_context(context)
            return self._app.jinja_env.get_template(template).make_module(context)
        key = ("module", template, self._page)
        module = self._kept.get(key)
        if module is None:
            module = self._app.jinja_env.get_template(template).make_module(page_context())
            self._kept.put(key, module)
        return module

    def keep(self, key: Hashable, make: Callable[[], T]) -> T:
        """What `make()` draws from data that `key` holds all of (with this page's language, day, prefix and templates):
        kept, or made now (and kept). For a woman's whole part of a page, keyed by what was read of her, so a warm
        page does not even build her views. What it makes must not change once made (Markup, tuples of them)."""
        if self._kept is None:
            return make()
        full = ("kept", key, self._page)
        found = self._kept.get(full)
        if found is None:
            found = make()
            self._kept.put(full, found)  # type: ignore[arg-type]
        return found  # type: ignore[return-value]

    def draw(self, template: str, name: str, view: Hashable) -> Markup:
        """The output of macro `name` of `template` for `view`: kept, or drawn now."""
        if self._kept is None:
            return self.macro(template, name)(view)  # a macro's output is Markup already (autoescaped)
        key = (template, name, view, self._page)
        found = self._kept.get(key)
        if found is None:
            found = self.macro(template, name)(view)
            self._kept.put(key, found)
        return found
