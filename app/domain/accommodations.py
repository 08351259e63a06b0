"""Accommodations (skånehensyn) and aids (hjælpemidler): common ones as codes, plus her own words.

Stored as text, one per line: a common one as "#code", anything else as written, so the
report can quote the free text and the screens can tick the common boxes.
"""

from __future__ import annotations

from typing import Iterable

COMMON_ACCOMMODATIONS: tuple[str, ...] = (
    "no_heavy_lifting", "no_long_standing", "change_positions", "breaks_lie_down", "calm_surroundings",
    "start_after_10", "avoid_noise_light",
)
COMMON_AIDS: tuple[str, ...] = ("chair_back_room", "trolley", "ergonomic_stool")


def encode(codes: Iterable[str], free_text: str, allowed: tuple[str, ...]) -> str:
    """Known codes (in their fixed order) and free text as stored text."""
    chosen = [f"#{code}" for code in allowed if code in set(codes)]
    extra = [line.strip() for line in free_text.splitlines() if line.strip() and not line.strip().startswith("#")]
    return "\n".join(chosen + extra)


def decode(text: str, allowed: tuple[str, ...]) -> tuple[list[str], str]:
    """Stored text back into (known codes, free text)."""
    codes, extra = [], []
    for line in text.splitlines():
        if line.startswith("#") and line[1:] in allowed:
            codes.append(line[1:])
        elif line.strip():
            extra.append(line)
    return codes, "\n".join(extra)
