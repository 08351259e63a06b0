"""Her language follows her: the locale comes from her profile, not from the browser."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Sequence
from functools import lru_cache

from babel.dates import format_date, format_skeleton, format_time, get_time_format
from babel.numbers import format_decimal as babel_format_decimal
from babel.support import Translations
from flask import Flask, g, request, session, url_for
from markupsafe import Markup
from flask_babel import Babel, force_locale, get_locale, get_translations, gettext, ngettext

from app.clock import LOCAL_ZONE
from app.config import LANGUAGES
from app.domain.flags import Sentence

#: Each language named in itself, for the switcher.
LANGUAGE_NAMES: dict[str, str] = {"da": "Dansk", "ar": "العربية", "ur": "اردو", "so": "Soomaali"}
SESSION_LANGUAGE_KEY = "lang"


#: Blueprints of the staff side, and the workplace contact person's pages, shown in Danish (translatable like the rest).
STAFF_BLUEPRINTS = frozenset({"auth", "consultant", "admin", "interpreter", "workplace", "teacher"})


def select_locale() -> str:
    """Staff pages in Danish; else the signed-in citizen's language; else the page's subject's
    (a code's owner); else the visitor's choice."""
    if request and request.blueprint in STAFF_BLUEPRINTS:
        return "da"
    citizen = g.get("citizen")
    if citizen is not None:
        return citizen.preferred_language
    for candidate in (g.get("page_language"), session.get(SESSION_LANGUAGE_KEY)):
        if candidate in LANGUAGES:
            return candidate
    return "da"


def remember_visitor_language(language: str) -> None:
    """Keep an anonymous visitor's language choice in her session."""
    if language in LANGUAGES:
        session[SESSION_LANGUAGE_KEY] = language
        session.permanent = True


def page_context() -> dict[str, object]:
    """What every template may read of the page: its language, direction and the icons' address (one per language
    and path prefix, so app/web/fragment_cache.py keeps template modules made with it alone)."""
    locale = get_locale()
    return {
        "sprite_url": url_for("static", filename="icons/sprite.svg"),  # once per page, not once per icon
        "page_language": str(locale),
        "page_direction": locale.text_direction if locale else "ltr",
        "language_names": LANGUAGE_NAMES,
    }


def format_number(value: float) -> str:
    """A number as her language writes it (1,5 in Danish)."""
    return _decimal(value, _locale_code())


@lru_cache(maxsize=4096)
def _decimal(value: float, locale: str) -> str:
    # Babel parses the pattern on every call; a caseload writes the same few numbers hundreds of times.
    return babel_format_decimal(value, format="#,##0.#", locale=locale)


def hours_label(hours: float) -> str:
    """"3 hours", "1 hour", "1,5 hours" in her language."""
    if hours == int(hours):
        return ngettext("%(hours)s hour", "%(hours)s hours", int(hours), hours=format_number(hours))
    return gettext("%(hours)s hours", hours=format_number(hours))


@lru_cache(maxsize=4096)
def _skeleton(skeleton: str, day: date, locale: str) -> str:
    # Babel's skeleton matching is slow; a caseload formats the same few days many times.
    return format_skeleton(skeleton, day, locale=locale)


#: A day in words, the weekday in full: abbreviations ("man.", "Isn") are hard for a reader with little schooling.
#: CLDR's own patterns abbreviate the weekday (Danish, Somali) or put the month first (Somali) when the year is left out.
DAY_PATTERNS = {"da": "EEEE 'd.' d. MMMM", "so": "EEEE, d MMMM", "ar": "EEEE، d MMMM", "ur": "EEEE، d MMMM"}


@lru_cache(maxsize=4096)
def _day_in_words(day: date, locale: str) -> str:
    return format_date(day, DAY_PATTERNS.get(locale, "EEEE d MMMM"), locale=locale)


def day_label(day: date) -> str:
    """Weekday in full, day and month in her language ("mandag d. 23. november", "Isniin, 23 Noofeembar")."""
    return _day_in_words(day, _locale_code())


@lru_cache(maxsize=8)
def _time_pattern(locale: str) -> str:
    """The language's own short time if it counts 24 hours (Danish "15.45"), else "15:45" (CLDR's Arabic, Urdu and
    Somali ones are 12-hour: "3:45 PM" inside Urdu text)."""
    own = get_time_format("short", locale=locale).pattern
    return own if "H" in own else "HH:mm"


def time_label(moment: datetime) -> str:
    """A time of day in Copenhagen, 24-hour in every language."""
    return format_time(moment, _time_pattern(_locale_code()), tzinfo=LOCAL_ZONE, locale=_locale_code())


def clock_label(moment: time) -> str:
    """A wall-clock time from her plan ("10.00" in Danish, "10:00" elsewhere), 24-hour in every language."""
    return format_time(moment, _time_pattern(_locale_code()), locale=_locale_code())


def day_short(day: date) -> str:
    """Short weekday, day and month ("Mon 23 Nov") for staff tables and charts only: her own pages write a day
    with `day_label`, in full words."""
    return _skeleton("MMMEd", day, _locale_code())


def explain(sentences: Sequence[Sentence]) -> str:
    """A flag's sentences in the page's language, numbers and dates formatted by Babel."""
    def shown(value: object) -> object:
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, (int, float)):
            return format_number(value)
        if isinstance(value, date):
            return day_short(value)
        return value

    catalog = _catalog()

    def said(s: Sentence) -> str:
        values = {k: shown(v) for k, v in s.values.items()}
        if s.plural is not None:
            return catalog.ungettext(s.message, s.plural, int(s.values[s.n])) % values
        return catalog.ugettext(s.message) % values if values else catalog.ugettext(s.message)

    text = " ".join(said(s) for s in sentences)
    return text.replace("..", ".")  # Danish short dates end in a full stop, as do the sentences


def in_language(language: str, message: str, **values: object) -> str:
    """`message` in `language`, whatever the page's language (for side-by-side views)."""
    with force_locale(language):
        return gettext(message, **values) if values else gettext(message)


def number_in(language: str, value: float) -> str:
    """A number as `language` writes it."""
    with force_locale(language):
        return format_number(value)


def bdi(text: str) -> Markup:
    """Isolate a name or other left-to-right text inside a right-to-left sentence (escaped)."""
    return Markup("<bdi>{}</bdi>").format(text)


def _catalog() -> Translations:
    """The catalog of the page's language."""
    return _page_language()[0]


def _locale_code() -> str:
    """The page's locale as Babel names it ("da", "ar")."""
    return _page_language()[1]


def _page_language() -> tuple[Translations, str]:
    """The page's catalog and locale code, looked up once per request and locale.

    A review list asks hundreds of times, and Flask-Babel's `get_locale` walks `g` three times per call. The pair is
    kept beside Flask-Babel's own state and used only while its locale is the very object it was made for:
    `force_locale` puts another in place and restores the old one after, so a forced language never reads the
    page's catalog, nor the page the forced one.
    """
    try:
        state = g._flask_babel
    except (AttributeError, RuntimeError):  # Flask-Babel has not looked yet, or outside an app context
        state = None
    locale = getattr(state, "babel_locale", None)
    kept = getattr(state, "logbog_language", None)
    if locale is not None and kept is not None and kept[0] is locale:
        return kept[1]
    if not g:  # outside an app context: Flask-Babel's own answers (no translations)
        return get_translations(), str(get_locale())
    locale = get_locale()  # sets g._flask_babel.babel_locale
    found = (get_translations(), str(locale))
    g._flask_babel.logbog_language = (locale, found)
    return found


def init_app(app: Flask) -> None:
    """Set up Flask-Babel with the locale selector, template context and formatting helpers."""
    Babel(app, locale_selector=select_locale)
    # Flask-Babel finds the catalog afresh for every message; a review list translates hundreds.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: _catalog().ugettext(s), ngettext=lambda s, p, n: _catalog().ungettext(s, p, n),
        pgettext=lambda c, s: _catalog().upgettext(c, s), npgettext=lambda c, s, p, n: _catalog().unpgettext(c, s, p, n),
        newstyle=True)
    app.context_processor(page_context)
    app.jinja_env.globals.update(format_number=format_number, hours_label=hours_label, clock_label=clock_label, time_label=time_label,
                                 day_label=day_label, day_short=day_short, bdi=bdi, explain=explain,
                                 in_language=in_language, number_in=number_in,
                                 timedelta_days=lambda n: timedelta(days=n))
