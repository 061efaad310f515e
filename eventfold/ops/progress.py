"""Progress on a terminal and one summary line per stage — no Prefect, no extra dependency.

`Progress` redraws one stderr line (`code: 1,280/10,000 articles (12.8%)  41.3/s  ETA 3m31s`)
as work finishes, only when the stream is a terminal; `StageTimes` records how long each stage
took and how many articles it handled, for the log, the CLI summary and `--json`.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO


def format_duration(seconds: float) -> str:
    """`42s`, `3m31s`, `1h02m`."""
    seconds = max(0, int(round(seconds)))
    if seconds < 60:
        return f"{seconds}s"
    minutes, secs = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


def progress_text(label: str, done: int, total: int, elapsed: float, unit: str = "articles"
                  ) -> str:
    """One progress line: counts, percentage, rate and ETA (once a rate is known)."""
    pct = 100.0 * done / total if total else 100.0
    text = f"{label}: {done:,}/{total:,} {unit} ({pct:.1f}%)"
    if done and elapsed > 0:
        rate = done / elapsed
        text += f"  {rate:,.1f}/s"
        if done < total:
            text += f"  ETA {format_duration((total - done) / rate)}"
        else:
            text += f"  in {format_duration(elapsed)}"
    return text


class Progress:
    """A progress line redrawn in place on a terminal; silent when the stream is not a TTY
    (cron, pipes, CI) or when disabled. Use as a context manager, call `advance(n)`."""

    def __init__(self, label: str, total: int, *, unit: str = "articles",
                 stream: TextIO | None = None, enabled: bool | None = None,
                 min_interval: float = 0.2,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.label, self.total, self.unit = label, total, unit
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = enabled
        self.min_interval = min_interval
        self.clock = clock
        self.started = clock()
        self.done = 0
        self._last_draw = float("-inf")
        self._width = 0

    def __enter__(self) -> Progress:
        self._draw(force=True)
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def advance(self, n: int = 1) -> None:
        self.done += n
        self._draw(force=self.done >= self.total)

    def _draw(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if not force and now - self._last_draw < self.min_interval:
            return
        self._last_draw = now
        text = progress_text(self.label, self.done, self.total, now - self.started, self.unit)
        pad = max(0, self._width - len(text))
        self._width = len(text)
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self._width:
            self._draw(force=True)
            self.stream.write("\n")
            self.stream.flush()
            self._width = 0


@dataclass
class Stage:
    name: str
    seconds: float
    articles: int  # items handled: articles, or files for `fetch`
    detail: str = ""
    unit: str = "articles"

    @property
    def per_second(self) -> float | None:
        return self.articles / self.seconds if self.seconds > 0 and self.articles else None

    def line(self) -> str:
        rate = self.per_second
        text = f"{self.name}: {self.articles:,} {self.unit} in {self.seconds:.2f} s"
        if rate is not None:
            text += f" ({rate:,.1f} {self.unit}/s)"
        if self.detail:
            text += f"; {self.detail}"
        return text

    def to_dict(self) -> dict:
        rate = self.per_second
        return {"seconds": round(self.seconds, 3), "articles": self.articles,
                "articles_per_second": None if rate is None else round(rate, 2)}


@dataclass
class StageTimes:
    """Stages in the order they ran; `measure` times a block and logs its summary line."""

    stages: list[Stage] = field(default_factory=list)
    on_stage: Callable[[Stage], None] | None = None
    clock: Callable[[], float] = time.perf_counter

    def add(self, name: str, seconds: float, articles: int, detail: str = "",
            unit: str = "articles") -> Stage:
        stage = Stage(name, seconds, articles, detail, unit)
        self.stages.append(stage)
        if self.on_stage is not None:
            self.on_stage(stage)
        return stage

    def start(self) -> float:
        return self.clock()

    def since(self, started: float) -> float:
        return self.clock() - started

    def to_dict(self) -> dict[str, dict]:
        return {s.name: s.to_dict() for s in self.stages}
