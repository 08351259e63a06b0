"""Test recordings made on the spot: a tone in the formats browsers and phones record in."""

from __future__ import annotations

import io
import math
import struct

import av

#: (container, codec) as Chrome, Firefox and Safari's MediaRecorder and a phone's recorder give them.
FORMATS = {"webm": ("webm", "libopus"), "ogg": ("ogg", "libopus"), "m4a": ("mp4", "aac"), "wav": ("wav", "pcm_s16le")}


def tone(seconds: float, kind: str = "webm", rate: int = 48_000, hertz: float = 440.0) -> bytes:
    """`seconds` of a sine tone, encoded as `kind` (a key of FORMATS)."""
    container, codec = FORMATS[kind]
    buffer = io.BytesIO()
    with av.open(buffer, "w", format=container) as output:
        stream = output.add_stream(codec, rate=rate)
        stream.layout = "mono"
        step, total, start = 960, int(seconds * rate), 0
        while start < total:
            count = min(step, total - start)
            frame = av.AudioFrame(format="s16", layout="mono", samples=count)
            frame.planes[0].update(b"".join(struct.pack("<h", int(6000 * math.sin(2 * math.pi * hertz * (start + i) / rate)))
                                            for i in range(count)))
            frame.sample_rate, frame.pts = rate, start
            start += count
            output.mux(stream.encode(frame))
        output.mux(stream.encode(None))
    return buffer.getvalue()
