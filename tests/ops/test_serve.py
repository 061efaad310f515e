"""`eventfold serve` against a real `prefect server start`: the deployment is registered with the
cron schedule and time zone of sources.yaml, a run triggered through the Prefect API completes
and publishes a release; without PREFECT_API_URL, serve refuses."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.ops.procs import BIN, stop_group

REPO = Path(__file__).resolve().parents[2]
SAMPLE_TXT = REPO / "raw" / "sample" / "txt"


def test_serve_refuses_without_a_prefect_server(tmp_path, capsys):
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from eventfold.cli import main

    sources = tmp_path / "sources.yaml"
    sources.write_text(f"schedule: '0 * * * *'\nsources:\n  - {{name: a, kind: folder, "
                       f"path: {SAMPLE_TXT}}}\n")
    with temporary_settings(restore_defaults={PREFECT_API_URL}):
        assert main(["serve", "--sources", str(sources)]) == 2
    err = capsys.readouterr().err
    assert "needs a running Prefect server" in err and "cannot fire schedules" in err
    assert "prefect server start --host 127.0.0.1" in err
    assert "PREFECT_API_URL=http://127.0.0.1:4200/api" in err


def wait_for(what: str, check, timeout: float, proc: subprocess.Popen, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        if proc.poll() is not None:
            raise AssertionError(f"eventfold serve exited ({proc.returncode}) while waiting "
                                 f"for {what}:\n{log.read_text(errors='replace')[-4000:]}")
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}:\n"
                         f"{log.read_text(errors='replace')[-4000:]}")


@pytest.mark.server
def test_serve_registers_the_schedule_and_a_triggered_run_publishes(prefect_server, tmp_path):
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in sorted(SAMPLE_TXT.glob("*.txt"))[:3]:
        shutil.copy(path, corpus)
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"""
schedule: "30 4 * * 1-5"
timezone: Europe/Paris
sources:
  - name: corpus
    kind: folder
    path: {corpus}
""")
    data = tmp_path / "data"
    log = tmp_path / "serve.log"
    env = prefect_server.client_env(tmp_path / "serve-home", PREFECT_RUNNER_POLL_FREQUENCY="1")
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [str(BIN / "eventfold"), "serve", "--sources", str(sources), "--name", "ci",
             "--releases", str(data / "releases"), "--store", str(data / "store"),
             "--state", str(data / "state"), "--fetch-dir", str(data / "fetch")],
            env=env, cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True)
    started = time.monotonic()
    try:
        with temporary_settings(updates={PREFECT_API_URL: prefect_server.url}):
            with get_client(sync_client=True) as client:

                def deployment():
                    try:
                        return client.read_deployment_by_name("pipeline/ci")
                    except Exception:  # not registered yet
                        return None

                dep = wait_for("the deployment", deployment, 90, proc, log)
                registered = time.monotonic() - started
                (sched,) = dep.schedules
                assert sched.active
                assert sched.schedule.cron == "30 4 * * 1-5"
                assert sched.schedule.timezone == "Europe/Paris"
                assert dep.parameters["sources_file"] == str(sources.resolve())
                assert dep.entrypoint == "flows.pipeline.pipeline"

                run = client.create_flow_run_from_deployment(dep.id)

                def finished():
                    state = client.read_flow_run(run.id).state
                    return state if state is not None and state.is_final() else None

                state = wait_for("the flow run", finished, 180, proc, log)
                ran = time.monotonic() - started - registered
                assert state.is_completed(), (state, log.read_text(errors="replace")[-4000:])
    finally:
        stop_group(proc)
    index = json.loads((data / "releases" / "index.json").read_text())
    assert index["latest"] and len(index["releases"]) == 1
    release = data / "releases" / index["latest"]
    assert (release / "events.parquet").is_file() and (release / "manifest.json").is_file()
    manifest = json.loads((release / "manifest.json").read_text())
    assert manifest["source_snapshot"]["sources"] == str(sources.resolve())
    print(f"\nprefect server healthy in {prefect_server.startup_seconds:.1f} s; deployment "
          f"pipeline/ci registered in {registered:.1f} s; triggered run {state.name} in "
          f"{ran:.1f} s; release {index['latest']} with "
          f"{manifest['source_snapshot']['articles']} articles\n--- eventfold serve output ---\n"
          f"{log.read_text(errors='replace')[-2500:]}")
