"""An event told twice in one article is coded once, at its first report, with the date and
place the retelling gives (GUIDELINES: "annotate it once, at its first clear report"); events
that only look alike stay apart."""

from __future__ import annotations

from datetime import date

import pytest

from eventfold.coding.coder import Coder
from eventfold.coding.coreference import same_stem
from tests.coding.test_coder_events import code


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


def mentions(coder: Coder, text: str, published: str | None = "2019-03-27"):
    return code(coder, text, published).mentions


def test_retelling_gives_the_first_report_its_date_and_place(coder):
    found = mentions(coder, "There was the Moroccan participation in an exercise alongside eight "
                     "countries. The ministry said it continues the FAR's participation in the "
                     "multinational exercise, which was held in Israel last year.", "2022-07-01")
    assert len(found) == 1
    m = found[0]
    assert (m.event_type, m.trigger, m.sentence_index) == ("COOPERATE", "participation", 0)
    assert (m.event_date, m.date_precision, m.date_source) == (date(2021, 1, 1), "year", "text")
    assert m.place.country == "ISR"


def test_noun_and_verb_of_one_visit_in_a_sentence_are_one_event(coder):
    found = mentions(coder, "The visit of IDF Chief of Staff Aviv Kohavi to Morocco marks the "
                     "first time that Israel's top military officer has visited the country.",
                     None)
    assert [(m.event_type, m.trigger) for m in found] == [("CONSULT", "visit")]


@pytest.mark.parametrize("text", [
    # another day, another town
    "Israeli troops raided Jenin on Monday. Israeli troops raided Nablus on Tuesday.",
    "Police arrested 20 protesters in Lagos. Police arrested 12 protesters in Abuja.",
    "Militants attacked a checkpoint in Djibo. Militants attacked a patrol near Arbinda.",
    # a word that makes it another event
    "Gantz met Bayoud in Rabat. Gantz again met Bayoud on Thursday.",
    "Russia attacked Ukraine on Monday. Russia launched another attack on Ukraine.",
])
def test_look_alike_events_stay_apart(coder, text):
    assert len(mentions(coder, text)) == 2


def test_same_trigger_word_across_verb_and_noun():
    assert same_stem("participate", "participation")
    assert same_stem("visit", "visit")
    assert same_stem("meet", "meeting")
    assert same_stem("sign", "signing")
    assert not same_stem("attack", "attend")
    assert not same_stem("ban", "bank")  # too short to be a stem: must be equal
