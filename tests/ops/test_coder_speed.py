"""`eventfold bench --corpus`: the bare coder timed staged and whole on real inputs."""

from __future__ import annotations

import json
from pathlib import Path

from eventfold.cli import main

SAMPLE_TXT = Path(__file__).resolve().parents[2] / "raw" / "sample" / "txt"


def test_corpus_bench_times_both_runs_on_real_inputs(capsys):
    assert main(["bench", "--corpus", str(SAMPLE_TXT), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    staged, whole = out["modes"]
    assert (staged["mode"], whole["mode"]) == ("staged", "whole")
    n = len(list(SAMPLE_TXT.glob("*.txt")))
    assert out["articles"] == staged["articles"] == whole["articles"] == n
    assert staged["tokens"] > staged["parsed"] > 0 and 0 < staged["ner"] < staged["tokens"]
    assert whole["parsed"] == whole["ner"] == whole["tokens"] == staged["tokens"]
    assert staged["words"] == whole["words"] > 100 * n
    agree = out["agreement"]
    assert agree["same"] >= 0.95 * (agree["same"] + agree["only_whole"])
    assert staged["articles_per_second_at_600_words"] == round(
        staged["words"] / staged["seconds"] / 600, 2)


def test_corpus_bench_refuses_a_missing_input(tmp_path, capsys):
    assert main(["bench", "--corpus", str(tmp_path / "nothing-here")]) == 2
    assert "no such input" in capsys.readouterr().err
