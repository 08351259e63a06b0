"""spoken questions keyed by the wording shown: a clip recorded for a question becomes its "today" wording's

The day form's questions that change with the day now have one clip per wording (app/web/prompts.py):
"q.pain" said "How much pain have you had today?", so it becomes "q.pain.today"; "q.evening" said
"...this evening, after work?", so it becomes "q.evening.after_work.today". The other wordings start
without a clip (their Listen button is left out until someone records them). Data only, no schema change.

Revision ID: 0014
Revises: 0013
"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

RENAMED = {
    "q.pain": "q.pain.today",
    "q.difficulty": "q.difficulty.today",
    "q.tasks": "q.tasks.today",
    "q.evening": "q.evening.after_work.today",
}

_MOVE = sa.text(
    "UPDATE audio_clip SET prompt = :new WHERE prompt = :old AND NOT EXISTS ("
    "SELECT 1 FROM audio_clip AS taken WHERE taken.prompt = :new AND taken.language = audio_clip.language"
    " AND taken.status = audio_clip.status)")


def _move(pairs: dict[str, str]) -> None:
    for old, new in pairs.items():
        op.execute(_MOVE.bindparams(old=old, new=new))


def upgrade() -> None:
    _move(RENAMED)


def downgrade() -> None:
    # The older app knows one clip per question: the "today" wording's goes back under the question's key.
    _move({new: old for old, new in RENAMED.items()})
