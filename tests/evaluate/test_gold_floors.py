"""The coder on the project's own gold sets (tests/fixtures/gold): scores must stay above
floors set somewhat below what the coder reached when they were written, so a change that
breaks coding fails here. The gold of ../shared is scored by `eventfold evaluate`, not here."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventfold.coding.coder import Coder
from eventfold.evaluate.scoring import load_gold, score_documents

GOLD = Path(__file__).resolve().parents[1] / "fixtures" / "gold"

FLOORS = {
    # file: (type F1, type+source+target F1, date accuracy, location-country accuracy)
    "acled_style.jsonl": (0.92, 0.84, 0.96, 0.96),
    "news_leads.jsonl": (0.85, 0.76, 0.95, 0.85),
}


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_scores_stay_above_floors(coder, name):
    result = score_documents(name, load_gold(GOLD / name), coder).to_dict()
    type_f1, full_f1, date, loc = FLOORS[name]
    assert result["levels"]["type"]["f1"] >= type_f1, result["levels"]["type"]
    assert result["levels"]["type+source+target"]["f1"] >= full_f1
    assert result["date_accuracy"] >= date, result["date_accuracy"]
    assert result["location_country_accuracy"] >= loc, result["location_country_accuracy"]
