"""What a recorded question costs: conversion time, clip size and the bytes she downloads.

Makes a spoken-length test tone in each format a browser or phone records in, converts it the
way an upload is converted (app/services/audio.py), and prints the time taken and the MP3's
size. A clip is fetched once per phone and then kept (one-year cache, immutable address).

    .venv/bin/python bench/audio.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.services.audio import ClipLimits, convert  # noqa: E402
from tests.sound import FORMATS, tone  # noqa: E402

LENGTHS = (2.0, 5.0, 20.0)  # a short answer, a question with its hint, the longest allowed
RUNS = 5


def main() -> None:
    print(f"{'format':<6} {'seconds':>7} {'upload KB':>9} {'mp3 KB':>7} {'KB/s':>5} {'convert ms (median of 5)':>25}")
    for kind in sorted(FORMATS):
        for seconds in LENGTHS:
            raw = tone(seconds, kind)
            timings = []
            for _ in range(RUNS):
                started = time.perf_counter()
                converted = convert(raw, ClipLimits(max_bytes=10_000_000, max_seconds=int(seconds) + 1))
                timings.append((time.perf_counter() - started) * 1000)
            kb = len(converted.content) / 1000
            print(f"{kind:<6} {seconds:>7.0f} {len(raw) / 1000:>9.1f} {kb:>7.1f} {kb / seconds:>5.1f} {statistics.median(timings):>25.0f}")


if __name__ == "__main__":
    main()
