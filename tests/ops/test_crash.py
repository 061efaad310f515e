"""A run killed mid-coding (SIGKILL after its first coded batch) loses and duplicates nothing:
the next run codes only what is missing, and the tables equal an uninterrupted run's byte for
byte. While the first run holds the lock, a second one stops at once with exit code 3.

Every compared run is an `eventfold` subprocess against the session's Prefect server, so all of
them use the code on disk at the same moment."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from schemas.catalogue import CATALOGUE
from tests.ops.procs import BIN

EPOCH = "1764028800"

pytestmark = pytest.mark.server


def coded_batches(state: Path) -> list[list[str]]:
    out = []
    for path in sorted((state / "coded").glob("*/*.json.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            out.append(json.load(fh)["article_ids"])
    return out


def eventfold(env: dict, cwd: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([str(BIN / "eventfold"), *args], env=env, cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen) -> str:
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, out + err
    return out


def test_killed_run_resumes_without_loss_or_duplicates(prefect_server, prefect_harness,
                                                       tmp_path, capsys):
    from eventfold.cli import main
    from eventfold.ops.synth import write_jsonl

    inputs = tmp_path / "inputs"
    write_jsonl(inputs, 60, per_file=20)
    crashed, clean = tmp_path / "crashed", tmp_path / "clean"
    env = prefect_server.client_env(tmp_path / "home", SOURCE_DATE_EPOCH=EPOCH)
    # The uninterrupted run, alongside.
    uninterrupted = eventfold(env, tmp_path, "run", str(inputs), "--out", str(clean), "--quiet")
    proc = subprocess.Popen(
        [str(BIN / "eventfold"), "run", str(inputs), "--out", str(crashed), "--batch-size",
         "2", "--quiet"],
        env=env, cwd=tmp_path, start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while not coded_batches(crashed / "state"):
            assert proc.poll() is None, proc.stdout.read().decode()
            assert time.monotonic() < deadline, "no coded batch within 120 s"
            time.sleep(0.01)
        os.killpg(proc.pid, signal.SIGSTOP)  # frozen mid-run, still holding the run lock

        # A second run on the same state stops at once with the lock message and exit 3.
        assert main(["run", str(inputs), "--out", str(crashed)]) == 3
        err = capsys.readouterr().err
        assert "another eventfold run holds the lock" in err and f"pid {proc.pid}" in err
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    partial = {a for batch in coded_batches(crashed / "state") for a in batch}
    assert 0 < len(partial) < 60, "the run was not killed mid-coding"

    resumed = json.loads(finish(eventfold(env, tmp_path, "run", str(inputs), "--out",
                                          str(crashed), "--batch-size", "2", "--json")))
    assert resumed["counts"]["coded"] == 60 - len(partial)
    assert resumed["counts"]["already_coded"] == len(partial)
    ids = [a for batch in coded_batches(crashed / "state") for a in batch]
    assert len(ids) == len(set(ids)) == 60  # nothing lost, nothing coded twice

    finish(uninterrupted)
    for table in CATALOGUE.tables:
        assert (crashed / f"{table}.parquet").read_bytes() == \
            (clean / f"{table}.parquet").read_bytes(), table
