"""Everything on her day form that can be spoken: each question and each of its answers.

A prompt's key names what a clip says ("q.attendance" for the question, "a.attendance.full" for
one answer). The recording screen lists them with the words to read aloud; the day form's
speaker button beside a question plays its clip and then its answers' clips, in form order.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.body_map import NOWHERE, REGION_CODES
from app.domain.flags.model import N_
from app.web.answers import ABSENCE_REASONS, ATTENDANCE, BODY_REGIONS, BREAKS, EARLY_REASONS, EVENING, TASK_NAMES


@dataclass(frozen=True)
class Prompt:
    """One clip's place: its key and the messages it says (a question may have a hint after it)."""

    key: str
    messages: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    """A question of the form, its spoken words and its answers'."""

    name: str
    prompt: Prompt
    answers: tuple[Prompt, ...] = ()
    field: str = ""  # the form field its answers are (default: the name)

    @property
    def answer_values(self) -> tuple[tuple[str, str], ...]:
        """(prompt key, form value) of each answer, in order."""
        return tuple((answer.key, answer.key.removeprefix(f"a.{self.name}.")) for answer in self.answers)

    @property
    def prompts(self) -> tuple[Prompt, ...]:
        """The question first, then its answers."""
        return (self.prompt, *self.answers)


def _question(name: str, *messages: str, answers: dict[object, str] | None = None, field: str = "") -> Question:
    spoken = tuple(Prompt(f"a.{name}.{code}", (text,)) for code, text in (answers or {}).items())
    return Question(name, Prompt(f"q.{name}", messages), spoken, field or name)


#: In the order of the form. The words are the "today" wording; other days use the same clips.
QUESTIONS: tuple[Question, ...] = (
    _question("attendance", N_("Were you at work?"), answers=ATTENDANCE),
    _question("hours_worked", N_("How many hours did you work?")),
    _question("early_reasons", N_("Why did you go home early?"), N_("You can choose more than one."), answers=EARLY_REASONS),
    _question("absence_reason", N_("Why were you not at work?"), answers=ABSENCE_REASONS),
    _question("told_in_advance", N_("Did you tell work before?"), answers={"yes": N_("Yes, I told them"), "no": N_("No")}),
    _question("reason_text", N_("Do you want to say more about why? (you do not have to)")),
    _question("pain", N_("How much pain have you had today?"), N_("0 = no pain. 10 = the worst pain you can imagine.")),
    _question("difficulty", N_("How much did pain or your health make work hard today?"), N_("0 = not at all. 10 = I could not work.")),
    _question("breaks", N_("Did you need extra breaks?"), answers=BREAKS),
    _question("tasks", N_("What did you do today?"), N_("Tap what you did. If it was hard, also tap “Hard”."),
              answers={**TASK_NAMES, "hard": N_("Hard")}),
    _question("evening", N_("How are you this evening, after work?"), answers=EVENING),
    _question("body_map", N_("Where did it hurt this week?"), N_("You do not have to answer. Tap where it hurt."),
              answers={**{code: BODY_REGIONS[code] for code in REGION_CODES}, NOWHERE: N_("It did not hurt anywhere")},
              field="body_regions"),
    _question("note", N_("Anything else? You can write in your own language.")),
)
PROMPTS: dict[str, Prompt] = {prompt.key: prompt for question in QUESTIONS for prompt in question.prompts}
BY_NAME: dict[str, Question] = {question.name: question for question in QUESTIONS}
