"""`eventfold run --gold` records this summary in the release; it is computed on real codings."""

from __future__ import annotations

import json

from eventfold.evaluate.scoring import accuracy_summary


def test_summary_of_a_tiny_gold_file(tmp_path):
    gold = tmp_path / "tiny.jsonl"
    doc = {"id": "t1", "url": None, "title": None, "published": "2019-03-26",
           "text": "Russia attacked Ukraine on Saturday.",
           "events": [{"type": "ASSAULT", "mode": None, "trigger": "attacked",
                       "source": [{"text": "Russia", "country": "RUS", "sector": None}],
                       "target": [{"text": "Ukraine", "country": "UKR", "sector": None}],
                       "date": "2019-03-23", "date_precision": "day", "location": None,
                       "sentence": 0}]}
    gold.write_text(json.dumps(doc) + "\n")
    summary = accuracy_summary([gold])
    assert summary["gold files"] == "tiny.jsonl" and summary["gold events"] == 1
    assert summary["type+source+target P / R / F1"] == "1.000 / 1.000 / 1.000"
    assert summary["date accuracy"] == "1.000 (1 events)"
    assert summary["tiny.jsonl: type+source+target F1"] == 1.0
