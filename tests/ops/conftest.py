"""A real Prefect server for the operations tests: `prefect server start` on 127.0.0.1 and a
free port, with its own temporary PREFECT_HOME, started once per session as a subprocess in
its own process group and stopped by that group's id."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.ops.procs import BIN, QUIET, free_port, stop_group, wait_healthy


@dataclass
class PrefectServer:
    url: str  # http://127.0.0.1:<port>/api
    home: Path
    log: Path
    startup_seconds: float

    def client_env(self, home: Path, **extra: str) -> dict[str, str]:
        """Environment for a client process of this server (its own PREFECT_HOME)."""
        env = {**os.environ, **QUIET, "PREFECT_HOME": str(home), "PREFECT_API_URL": self.url}
        env.update(extra)
        return env


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory) -> Iterator[PrefectServer]:
    home = tmp_path_factory.mktemp("prefect-server-home")
    log = home / "server.log"
    port = free_port()
    env = {**os.environ, **QUIET, "PREFECT_HOME": str(home), "PREFECT_UI_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port",
             str(port), "--no-ui", "--analytics-off"],
            env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/api"
        seconds = wait_healthy(url, proc, log, timeout=120)
        yield PrefectServer(url=url, home=home, log=log, startup_seconds=seconds)
    finally:
        stop_group(proc)
