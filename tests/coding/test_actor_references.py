"""Actors named by reference: "that group" for the organisation named just before, "the head
of the planning directorate" for the body's leader, and the nominal event such a person does
inside another event ("established ties through the visit of …")."""

from __future__ import annotations

import pytest

from eventfold.coding.coder import Coder
from tests.coding.test_coder_events import code


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


def found(coder: Coder, text: str, published: str | None = "2022-07-02"):
    return [(m.event_type, [(a.actor_id, a.text) for a in m.sources],
             [a.actor_id for a in m.targets], m.event_date and m.event_date.isoformat(),
             m.date_precision) for m in code(coder, text, published).mentions]


def test_that_group_is_the_organisation_named_before(coder):
    events = found(coder, "Morocco is part of the Negev Summit committee. The most recent "
                   "meeting of that group was in late June.")
    assert len(events) == 1
    kind, sources, _, when, precision = events[0]
    assert kind == "CONSULT" and (when, precision) == ("2022-06-01", "month")
    assert [text for _, text in sources] == ["the Negev Summit committee"]


def test_the_group_after_a_named_armed_group(coder):
    events = found(coder, "Islamic State fighters attacked a checkpoint in Raqqa on Monday. "
                   "The group said it killed ten soldiers.", "2019-03-27")
    assert [s[0][0] for _, s, *_ in events] == ["GRP_IS", "GRP_IS"]


def test_descriptions_are_not_references(coder):
    # "a group of gunmen" names no organisation; "the movement of workers" is not "the movement"
    events = found(coder, "A group of gunmen attacked a church in Kaduna on Monday. The group "
                   "fled into the forest.", "2019-03-27")
    assert all(not ident.startswith("GRP_") for _, src, *_ in events for ident, _ in src)
    events = found(coder, "Hamas fired rockets at Israel on Monday. Israel restricted the "
                   "movement of Palestinian workers on Tuesday.", "2019-03-27")
    assert all("GRP_HAMAS" not in targets for kind, _, targets, *_ in events if kind == "COERCE")
    assert any(kind == "COERCE" for kind, *_ in events)


def test_head_of_a_body_acts_for_it(coder):
    events = found(coder, "The head of the foreign ministry's Africa division visited Rabat "
                   "on Monday.")
    assert events[0][0] == "CONSULT"
    ident, text = events[0][1][0]
    assert ident.endswith("_GOV") and text == "The head of the foreign ministry's Africa division"
    assert not ident.startswith("MAR")  # a visitor is not localised to the place visited


def test_a_noun_event_with_its_own_doer_inside_a_verb_event(coder):
    events = found(coder, "By March, Israel and Morocco had established direct public military "
                   "ties through the visit of the head of the Israeli planning directorate.")
    kinds = {(kind, tuple(i for i, _ in src)) for kind, src, *_ in events}
    assert ("CONSULT", ("ISR_GOV",)) in kinds and ("SUPPORT", ("ISR", "MAR")) in kinds
    # "killed … in an attack" is still one event: the noun names no doer of its own
    assert [k for k, *_ in found(coder, "Russian forces killed 20 people in an attack on "
                                 "Juba.")] == ["ASSAULT"]
