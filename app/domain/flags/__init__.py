"""Who is getting worse, who is ready for more, and why: rules R1-R8 of measures.md (pure)."""

from app.domain.flags.engine import FlagReport, active_flags, evaluate, split_acknowledged
from app.domain.flags.model import Acknowledgement, Flag, Level, Sentence
from app.domain.flags.settings import FlagSettings

__all__ = ["Acknowledgement", "Flag", "FlagReport", "FlagSettings", "Level", "Sentence", "active_flags", "evaluate", "split_acknowledged"]
