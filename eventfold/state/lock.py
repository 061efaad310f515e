"""One run at a time per state folder: an advisory lock file held for the whole run."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


class RunLocked(RuntimeError):
    pass


class RunLock:
    """`with RunLock(dir):` — a second process gets RunLocked with a clear message."""

    def __init__(self, directory: Path) -> None:
        self.path = Path(directory) / "run.lock"
        self._fh = None

    def __enter__(self) -> RunLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(self.path, "a+")
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            fh.close()
            raise RunLocked(
                f"another eventfold run holds the lock {self.path} ({holder}); "
                f"wait for it to finish (the lock is released when that process ends)"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}\n")
        fh.flush()
        self._fh = fh
        return self

    def __exit__(self, *exc) -> None:
        if self._fh is not None:
            fcntl.flock(self._fh.fileno(), fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None
