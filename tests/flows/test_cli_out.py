"""`eventfold run GOLD --out DIR` writes every table, readable by pandas, polars and DuckDB."""

from __future__ import annotations

import pytest

from schemas.catalogue import CATALOGUE

pytestmark = pytest.mark.e2e


def test_run_seed_article_to_out_dir(prefect_harness, shared_eval, tmp_path, capsys):
    import duckdb
    import pandas as pd
    import polars as pl

    from eventfold.cli import main

    out = tmp_path / "x"
    assert main(["run", str(shared_eval / "seed_gold.jsonl"), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "tables written to" in printed
    for table in CATALOGUE.tables:
        path = out / f"{table}.parquet"
        frame = pd.read_parquet(path, dtype_backend="pyarrow")
        assert list(frame.columns) == CATALOGUE.table(table).columns
        assert pl.read_parquet(path).columns == CATALOGUE.table(table).columns
        n = duckdb.sql(f"select count(*) from read_parquet('{path}')").fetchall()[0][0]
        assert n == len(frame)
    events = pd.read_parquet(out / "events.parquet")
    assert len(events) >= 5
    kinds = duckdb.sql(
        f"select typeof(event_date) from read_parquet('{out / 'events.parquet'}') limit 1"
    ).fetchall()[0][0]
    assert kinds == "DATE"
    assert not (tmp_path / "processed").exists()


def test_help_on_every_command(capsys):
    from eventfold.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name in sub.choices:
        with pytest.raises(SystemExit) as done:
            parser.parse_args([name, "--help"])
        assert done.value.code == 0
        assert "usage: eventfold " + name in capsys.readouterr().out
