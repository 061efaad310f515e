"""Coding on a Dask cluster (a LocalCluster with 2 worker processes) through prefect-dask,
against a real Prefect server, gives byte-identical tables to a local run; without a Prefect
server, --dask-address is refused with the reason."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from schemas.catalogue import CATALOGUE
from tests.ops.procs import BIN

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "raw" / "sample"
EPOCH = "1764028800"


def test_dask_address_needs_a_prefect_server(tmp_path, capsys):
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from eventfold.cli import main

    with temporary_settings(restore_defaults={PREFECT_API_URL}):
        code = main(["run", str(SAMPLE / "txt"), "--out", str(tmp_path / "o"),
                     "--dask-address", "tcp://127.0.0.1:1"])
    assert code == 2
    err = capsys.readouterr().err
    assert "needs a Prefect server" in err and "temporary Prefect server" in err
    assert "PREFECT_API_URL" in err
    assert not (tmp_path / "o").exists()


@pytest.mark.server
def test_dask_run_equals_local_run_byte_for_byte(prefect_server, tmp_path):
    from distributed import Client, LocalCluster

    on_dask, local = tmp_path / "dask", tmp_path / "local"
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        env = prefect_server.client_env(tmp_path / "home", SOURCE_DATE_EPOCH=EPOCH)
        # The local run, alongside (a subprocess too: both use the code on disk right now).
        local_run = subprocess.Popen(
            [str(BIN / "eventfold"), "run", str(SAMPLE), "--out", str(local), "--quiet",
             "--batch-size", "4"], env=env, cwd=tmp_path, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True)
        done = subprocess.run(
            [str(BIN / "eventfold"), "run", str(SAMPLE), "--out", str(on_dask), "--json",
             "--batch-size", "4", "--dask-address", cluster.scheduler_address],
            env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        summary = json.loads(done.stdout)
        assert summary["counts"]["coded"] == summary["counts"]["articles"] > 20

        def coder_loaded() -> bool:
            import flows.code

            return flows.code._coder is not None

        loaded = client.run(coder_loaded)
        assert sorted(loaded.values()) == [True, True], loaded  # both workers coded batches

    out, _ = local_run.communicate(timeout=300)
    assert local_run.returncode == 0, out
    for table in CATALOGUE.tables:
        assert (on_dask / f"{table}.parquet").read_bytes() == \
            (local / f"{table}.parquet").read_bytes(), table
