"""The README's "Use the data" snippets run as written on a real release: every Python block,
the DuckDB SQL, and the `eventfold download` commands (the example address swapped for a local
HTTP server)."""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from pathlib import Path

import duckdb

from eventfold.cli import main

README = Path(__file__).resolve().parents[2] / "README.md"
EXAMPLE_URL = "https://data.example.org/eventfold/releases"


def _section() -> str:
    text = README.read_text("utf-8")
    start = text.index("## Use the data\n")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", _section(), flags=re.S)


def test_python_and_sql_snippets_run(releases, copy_tree, tmp_path, monkeypatch):
    copy_tree(releases, tmp_path / "processed" / "releases")
    monkeypatch.chdir(tmp_path)
    python = _blocks("python")
    assert len(python) >= 3
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for code in python:
            exec(compile(code, "README.md", "exec"), {})
    assert "source_name" in out.getvalue()
    sql = _blocks("sql")
    assert sql
    for query in sql:
        rows = duckdb.sql(query).fetchall()
        assert rows and rows[0][2]  # a source name


def test_download_commands_run(releases, copy_tree, serve, tmp_path, monkeypatch, capsys):
    copy_tree(releases, tmp_path / "processed" / "releases")
    monkeypatch.chdir(tmp_path)
    url, _ = serve(tmp_path / "processed" / "releases")
    commands = [line for block in _blocks("sh") for line in block.splitlines()
                if line.startswith("eventfold download")]
    assert len(commands) == 2 and EXAMPLE_URL in commands[0]
    for line in commands:
        args = shlex.split(line.replace(EXAMPLE_URL, url.rstrip("/")))[1:]
        assert main(args) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert (tmp_path / "data" / "2026.11.25" / "report.html").is_file()
    assert "events.parquet" in out and "already present, verified" in out
