"""What a sentence only mentions is not reported news (GUIDELINES): the start of a state
("since the invasion") and the content of a claim held by a noun ("an admission that …")."""

from __future__ import annotations

import pytest

from eventfold.coding.coder import Coder
from tests.coding.test_coder_events import code


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


def kinds(coder: Coder, text: str) -> list[str]:
    return [m.event_type for m in code(coder, text, "2019-03-27").mentions]


def test_since_an_event_is_background(coder):
    assert "ASSAULT" not in kinds(coder, "Peru granted asylum to five Panamanian officers "
                                  "holed up in a residence since last month's U.S. invasion.")
    assert "RETREAT" not in kinds(coder, "Violence has grown in the region since French troops "
                                  "withdrew from Mali.")


def test_the_content_of_a_claim_noun_is_not_reported(coder):
    found = kinds(coder, "Poland's parliament demanded an admission by Moscow that Soviet "
                  "security forces murdered 15,000 Polish officers.")
    assert "REQUEST" in found and "ASSAULT" not in found


def test_a_reported_event_stays(coder):
    assert kinds(coder, "Soviet security forces murdered 15,000 Polish officers, the "
                 "parliament said.") == ["ASSAULT"]
