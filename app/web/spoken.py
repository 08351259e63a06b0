"""What staff can record in a language, with the words to say: the fixed prompts (app/web/prompts.py) and the
labels on the women's task buttons, grouped as the recording screen shows them."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlmodel import Session

from app.services import audio
from app.web.i18n import format_number
from app.web.prompts import CONSENT, COURSE, PROMPTS, QUESTIONS, Message, Plural, Prompt, task_label_key


@dataclass(frozen=True)
class Group:
    """One heading of the recording screen and the prompts under it. `spoken_title`: the heading is itself words
    to record (a question), shown in the recorded language; else it is the screen's own heading."""

    id: str
    title: str
    prompts: tuple[Prompt, ...]
    spoken_title: bool = True


@dataclass(frozen=True)
class Recordable:
    """Everything recordable in one language: the groups, each key's words in it, and (other languages) in Danish."""

    groups: tuple[Group, ...]
    words: dict[str, str]
    danish: dict[str, str]

    @property
    def keys(self) -> frozenset[str]:
        """Every key a clip may be kept under in this language."""
        return frozenset(self.words)


def _say(message: Message) -> str:
    if isinstance(message, Plural):
        n = current_app.config[message.setting]
        return ngettext(message.singular, message.plural, n, **{message.name: format_number(n)})
    return _(message)


def prompt_words(language: str) -> dict[str, str]:
    """Each fixed prompt's words as she will hear them: in `language`, questions joined to their hints."""
    with force_locale(language):
        return {key: " ".join(_say(message) for message in prompt.messages) for key, prompt in PROMPTS.items()}


def _task_prompts(session: Session, language: str) -> tuple[tuple[Prompt, ...], dict[str, str]]:
    """A prompt per label her task buttons show in `language`, and each one's Danish label."""
    labels = audio.task_labels(session, language)
    prompts = tuple(Prompt(task_label_key(label), (label,)) for label in sorted(labels))
    return prompts, {prompt.key: labels[str(prompt.messages[0])] for prompt in prompts}


def spoken_words(session: Session, language: str) -> dict[str, str]:
    """Every key recordable in `language` with the words its clip says (no request needed: the demo's voice)."""
    tasks, _danish = _task_prompts(session, language)
    return prompt_words(language) | {prompt.key: str(prompt.messages[0]) for prompt in tasks}


def recordable(session: Session, language: str) -> Recordable:
    """What can be recorded in `language`: her questions, her task labels, the consent screen, her course page."""
    tasks, danish_labels = _task_prompts(session, language)
    words = prompt_words(language) | {prompt.key: str(prompt.messages[0]) for prompt in tasks}
    danish = prompt_words("da") | danish_labels if language != "da" else {}
    groups = tuple(Group(question.name, words[question.prompt.key], question.prompts) for question in QUESTIONS)
    groups += (Group("task_labels", _("Her tasks, in the words on her buttons"), tasks, spoken_title=False),
               Group("consent", _("About your data (the screen she agrees to)"), CONSENT, spoken_title=False),
               Group("course", _("Her course: why she is here, where she works, her week"), COURSE, spoken_title=False))
    return Recordable(groups, words, danish)
