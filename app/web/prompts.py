"""Everything she can hear read aloud: each question of her day form in each wording it shows, each answer, and
each paragraph of the consent screen, and the fixed words of her course page.

A prompt's key names what a clip says. A question whose words change with the day has one key per wording:
"q.pain.today" ("How much pain have you had today?") and "q.pain.past" ("...that day?"), so the clip she hears
is always the sentence on her screen. Answers: "a.attendance.full". Her own task labels (the consultant's
words, not the picture's generic name) are keyed by their text: see `task_label_key`. The recording screen
lists them all with the words to read aloud; the speaker button beside a question plays the clip of its shown
wording and then its answers' clips, in form order.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from app.domain.body_map import NOWHERE, REGION_CODES
from app.domain.flags.model import N_
from app.web.answers import ABSENCE_REASONS, ATTENDANCE, BODY_REGIONS, BREAKS, EARLY_REASONS, EVENING, TASK_NAMES


@dataclass(frozen=True)
class Plural:
    """Words with a number taken from the settings (the consent screen's months of keeping her data)."""

    singular: str
    plural: str
    setting: str
    name: str


Message = str | Plural


@dataclass(frozen=True)
class Prompt:
    """One clip's place: its key and the messages it says (a question may have a hint after it)."""

    key: str
    messages: tuple[Message, ...]


@dataclass(frozen=True)
class Question:
    """A question of the form, its spoken words in each wording the form shows, and its answers'."""

    name: str
    wordings: tuple[Prompt, ...]  # the first is the plain ("today", at work) one
    answers: tuple[Prompt, ...] = ()
    field: str = ""  # the form field its answers are (default: the name)

    @property
    def prompt(self) -> Prompt:
        """The question's first wording (its heading on the recording screen)."""
        return self.wordings[0]

    def worded(self, wording: str = "") -> Prompt:
        """The prompt of the wording the form shows ("today", "past", "after_work.today", ...; "" when it has one)."""
        key = f"q.{self.name}.{wording}" if wording else f"q.{self.name}"
        for prompt in self.wordings:
            if prompt.key == key:
                return prompt
        raise KeyError(key)

    @property
    def answer_values(self) -> tuple[tuple[str, str], ...]:
        """(prompt key, form value) of each answer, in order."""
        return tuple((answer.key, answer.key.removeprefix(f"a.{self.name}.")) for answer in self.answers)

    @property
    def prompts(self) -> tuple[Prompt, ...]:
        """Its wordings first, then its answers."""
        return (*self.wordings, *self.answers)


def _question(name: str, asked: str | dict[str, str], *hints: str, answers: dict[object, str] | None = None,
              field: str = "") -> Question:
    """`asked`: the question's one wording, or its wordings by name (each followed by the same hints)."""
    worded = {"": asked} if isinstance(asked, str) else asked
    wordings = tuple(Prompt(f"q.{name}.{wording}" if wording else f"q.{name}", (text, *hints)) for wording, text in worded.items())
    spoken = tuple(Prompt(f"a.{name}.{code}", (text,)) for code, text in (answers or {}).items())
    return Question(name, wordings, spoken, field or name)


#: In the order of the form, with every wording _day_form.html can show (tests/web/test_spoken_wording.py).
QUESTIONS: tuple[Question, ...] = (
    _question("attendance", N_("Were you at work?"), answers=ATTENDANCE),
    _question("extra_hours", N_("Did you work longer than your plan? Write the extra hours (you do not have to).")),
    # A day her plan leaves free (or any day on a monthly budget): did she work all the same?
    _question("worked_free_day", N_("Did you work on this day?"),
              answers={"full": N_("Yes, I worked"), "none": N_("No, I did not work")}, field="attendance"),
    _question("hours_worked", N_("How many hours did you work?")),
    _question("early_reasons", N_("Why did you go home early?"), N_("You can choose more than one."), answers=EARLY_REASONS),
    # "today": her "I can't come today" (citizen/cant_come.html) asks before the day, in the present.
    _question("absence_reason", {"": N_("Why were you not at work?"), "today": N_("Why can't you come today?")}, answers=ABSENCE_REASONS),
    _question("told_in_advance", {"": N_("Did you tell work before?"), "today": N_("Have you told your workplace?")},
              answers={"yes": N_("Yes, I told them"), "no": N_("No")}),
    _question("reason_text", N_("Do you want to say more about why? (you do not have to)")),
    _question("pain", {"today": N_("How much pain have you had today?"), "past": N_("How much pain did you have that day?")},
              N_("0 = no pain. 10 = the worst pain you can imagine.")),
    _question("difficulty", {"today": N_("How much did pain or your health make work hard today?"),
                             "past": N_("How much did pain or your health make work hard that day?")},
              N_("0 = not at all. 10 = I could not work.")),
    _question("breaks", N_("Did you need extra breaks?"), answers=BREAKS),
    _question("tasks", {"today": N_("What did you do today?"), "past": N_("What did you do that day?")},
              N_("Tap what you did. If it was hard, also tap “Hard”."), answers={**TASK_NAMES, "hard": N_("Hard")}),
    # "After work" only while she says she was at work: a day off, or a planned day she was not there, asks plainly.
    _question("evening", {"after_work.today": N_("How are you this evening, after work?"),
                          "after_work.past": N_("How were you that evening, after work?"),
                          "today": N_("How are you this evening?"), "past": N_("How were you that evening?")},
              answers=EVENING),
    _question("body_map", N_("Where did it hurt this week?"), N_("You do not have to answer. Tap where it hurt."),
              answers={**{code: BODY_REGIONS[code] for code in REGION_CODES}, NOWHERE: N_("It did not hurt anywhere")},
              field="body_regions"),
    _question("note", N_("Anything else? You can write in your own language.")),
)

#: The consent screen (citizen/_data_info.html, citizen/consent.html): each paragraph with its heading.
CONSENT: tuple[Prompt, ...] = (
    Prompt("consent.why", (N_("Why"), N_("The logbook helps you and your consultant see how work goes for you, so that your hours fit your health."))),
    Prompt("consent.what", (N_("What we write down"), N_("Your work days and hours. Your pain. Your tasks and breaks. How you feel in the evening. What you write yourself."))),
    Prompt("consent.who", (N_("Who sees it"), N_("Your consultant. An interpreter, only when they help you. The job centre gets a report that your consultant writes."))),
    Prompt("consent.how_long", (N_("For how long"), Plural("While your course runs. We delete it %(months)s month after your course ends.",
                                                          "While your course runs. We delete it %(months)s months after your course ends.",
                                                          "RETENTION_MONTHS", "months"))),
    Prompt("consent.rights", (N_("Your rights"), N_("You can see all your data. You can ask us to correct it or delete it. You can ask who has looked at it. Ask your consultant."))),
    Prompt("consent.optional", (N_("You do not have to use the logbook. If you have questions, press “Call me”."),)),
    # On "my data" only, beside who at her workplace looked or wrote (issue 21).
    Prompt("consent.workplace", (N_("Your workplace"), N_("Your contact person at work can tell your consultant which days you came, how fast you work and how your tasks go. They see your first name, your work days and your tasks. They never see what you write in the logbook."))),
)

#: Her course page (citizen/course.html): the fixed headings and sentences. Its facts (the workplace's name, a contact's
#: name and number, dates and times) change from woman to woman and week to week, so they have no clip: the page shows
#: them big beside an icon. Her tasks play their own labels' clips (`task_label_key`).
COURSE: tuple[Prompt, ...] = (
    Prompt("course.why.job", (N_("Why you are here"), N_("On this course you find out how many hours you can work. The goal is a small job with pay."))),
    Prompt("course.why.clarify", (N_("Why you are here"), N_("On this course you find out what work you can do, and how many hours."))),
    Prompt("course.workplace", (N_("Where you work"),)),
    Prompt("course.no_workplace", (N_("Where you work"), N_("You have no workplace right now. Your consultant will talk with you about it."))),
    Prompt("course.contact", (N_("Whom to ask at work"),)),
    Prompt("course.call", (N_("To call, press the button with the phone."),)),
    Prompt("course.tasks", (N_("What you do at work"),)),
    Prompt("course.week", (N_("Your next 7 days"), N_("Here you see the days you work, at what time, and how many hours."))),
    Prompt("course.budget", (N_("Your next 7 days"), N_("Your plan is a number of hours each month. You choose the days together with your workplace."))),
    Prompt("course.no_plan", (N_("Your next 7 days"), N_("Your plan of hours is not ready yet. Your consultant will tell you."))),
    # Her activities beside the work days: the heading and its sentence, then the word for each kind she has that week.
    Prompt("course.activities", (N_("Your activities"), N_("Here you see your teaching and your appointments: at what time and where."))),
    Prompt("course.kind.teaching", (N_("Teaching"),)),
    Prompt("course.kind.workshop", (N_("Workshop"),)),
    Prompt("course.kind.danish", (N_("Danish school"),)),
    Prompt("course.kind.treatment", (N_("Your appointment"),)),
    Prompt("course.kind.talk", (N_("A talk with your consultant"),)),
    Prompt("course.kind.other", (N_("On the course"),)),
)

PROMPTS: dict[str, Prompt] = {prompt.key: prompt for question in QUESTIONS for prompt in question.prompts} | {
    prompt.key: prompt for prompt in (*CONSENT, *COURSE)}
BY_NAME: dict[str, Question] = {question.name: question for question in QUESTIONS}
TASK_LABEL_PREFIX = "a.task."


def task_label_key(label: str) -> str:
    """The clip key of a task label as her button shows it: its words' digest, so a renamed task never plays the old
    words (its button falls back to the picture's generic name until the new label is recorded), and two tasks with
    the same label share one recording."""
    return TASK_LABEL_PREFIX + hashlib.sha256(label.strip().encode()).hexdigest()[:16]
