"""Scoring rules of `eventfold evaluate` on tiny hand-made cases."""

from __future__ import annotations

from eventfold.evaluate.matching import Actor, Ev, date_correct, event_match, match
from eventfold.evaluate.scoring import Counts

ISR = Actor("Israel", "ISR")
MAR = Actor("Morocco", "MAR")
GANTZ = Actor("Benny Gantz", "ISR")
UN = Actor("United Nations", None)


def test_actor_matches_by_country_when_both_have_one_else_by_name():
    assert event_match(Ev("CONSULT", (GANTZ,), (MAR,)), Ev("CONSULT", (ISR,), (MAR,)),
                       "type+source+target")
    assert event_match(Ev("REQUEST", (Actor("the UN", None),), ()),
                       Ev("REQUEST", (UN,), ()), "type+source") is False
    assert event_match(Ev("REQUEST", (Actor("UN", None),), ()),
                       Ev("REQUEST", (Actor("UN", None),), ()), "type+source")


def test_levels():
    pred = Ev("ASSAULT", (ISR,), (MAR,))
    gold = Ev("ASSAULT", (ISR,), (Actor("Hamas", None),))
    assert event_match(pred, gold, "type")
    assert event_match(pred, gold, "type+source")
    assert not event_match(pred, gold, "type+source+target")
    assert not event_match(Ev("ACCUSE", (ISR,), ()), gold, "type")


def test_symmetric_types_accept_either_direction():
    gold = Ev("CONSULT", (ISR,), (MAR,))
    assert event_match(Ev("CONSULT", (MAR,), (ISR,)), gold, "type+source+target")
    assert not event_match(Ev("ASSAULT", (MAR,), (ISR,)), Ev("ASSAULT", (ISR,), (MAR,)),
                           "type+source")


def test_no_gold_target_any_participant_may_be_the_source():
    gold = Ev("AGREE", (ISR, MAR), ())
    assert event_match(Ev("AGREE", (Actor("Jordan", "JOR"),), (MAR,)), gold,
                       "type+source+target")


def test_one_to_one():
    golds = [Ev("PROTEST", (Actor("students", "FRA"),), ())]
    preds = [Ev("PROTEST", (Actor("students", "FRA"),), ()),
             Ev("PROTEST", (Actor("students", "FRA"),), ())]
    assert match(preds, golds, "type") == [(0, 0)]
    c = Counts(tp=1, n_pred=2, n_gold=1)
    assert (c.precision, c.recall) == (0.5, 1.0)
    assert round(c.f1, 3) == 0.667


def test_an_earlier_gold_event_does_not_take_the_prediction_a_later_one_matches_exactly():
    # the Moroccan visit to Israel matches the Israeli visit to Morocco only with swapped roles
    golds = [Ev("CONSULT", (Actor("head of the directorate", "ISR"),), (MAR,)),
             Ev("CONSULT", (Actor("Moroccan officer", "MAR"),), (ISR,))]
    preds = [Ev("CONSULT", (Actor("Royal Moroccan Armed Forces", "MAR"),), (ISR,))]
    assert match(preds, golds, "type+source+target") == [(0, 1)]


def test_as_many_pairs_as_possible_then_the_nearest_sentence():
    golds = [Ev("ASSAULT", (ISR,), (), sentence=0), Ev("ASSAULT", (ISR,), (), sentence=4)]
    preds = [Ev("ASSAULT", (ISR,), (), sentence=4), Ev("ASSAULT", (ISR,), (), sentence=1)]
    assert sorted(match(preds, golds, "type+source")) == [(0, 1), (1, 0)]
    # a common noun shared by two names is not the same name
    golds = [Ev("ASSAULT", (Actor("US-backed Kurdish forces", "SYR"),), (), sentence=2),
             Ev("ASSAULT", (Actor("the Syrian military", "SYR"),), (), sentence=1)]
    preds = [Ev("ASSAULT", (Actor("forces", "SYR"),), (), sentence=1)]
    assert match(preds, golds, "type+source") == [(0, 1)]
    # nor is a name inside another: the US is not US Central Command
    golds = [Ev("CONSULT", (Actor("Negev Summit committee", None), Actor("US", "USA")), ())]
    preds = [Ev("CONSULT", (Actor("US Central Command", "USA"),), (ISR,), confidence=0.9),
             Ev("CONSULT", (Actor("the Negev Summit committee", None),), (), confidence=0.1)]
    assert match(preds, golds, "type+source+target") == [(1, 0)]


def test_date_right_at_gold_precision():
    gold = Ev("CONSULT", (ISR,), (), "2022-06", "month")
    assert date_correct(Ev("CONSULT", (ISR,), (), "2022-06-14", "day"), gold)
    assert date_correct(Ev("CONSULT", (ISR,), (), "2022-06", "month"), gold)
    assert not date_correct(Ev("CONSULT", (ISR,), (), "2022", "year"), gold)
    assert not date_correct(Ev("CONSULT", (ISR,), (), "2022-07", "month"), gold)
    assert not date_correct(Ev("CONSULT", (ISR,), (), None, None), gold)


def test_dates_and_places_are_scored_on_the_strictest_pairing():
    from eventfold.evaluate.matching import match_cascade

    golds = [Ev("CONSULT", (ISR,), (MAR,), "2021-11", "month")]
    preds = [Ev("CONSULT", (Actor("Iran", "IRN"),), (), "2022", "year", confidence=0.9),
             Ev("CONSULT", (ISR,), (MAR,), "2021-11", "month", confidence=0.6)]
    assert match_cascade(preds, golds) == [(1, 0)]  # the same event, for its date and place


def test_same_country_different_person_is_a_weaker_match():
    from eventfold.evaluate.matching import match_quality

    gold = Ev("CONSULT", (Actor("Benny Gantz", "ISR"),), (MAR,))
    kohavi = Ev("CONSULT", (Actor("Aviv Kohavi", "ISR"),), (MAR,))
    gantz = Ev("CONSULT", (Actor("Gantz", "ISR"),), (MAR,))
    level = "type+source+target"
    assert match_quality(gantz, gold, level) > match_quality(kohavi, gold, level) > 0


def test_errors_name_each_kind_once_with_both_sides():
    from eventfold.evaluate.errors import classify, summary

    isr, mar, usa = Actor("Israel", "ISR"), Actor("Morocco", "MAR"), Actor("US", "USA")
    golds = [
        Ev("CONSULT", (isr,), (mar,), "2022-03", "month", "MAR", sentence=0),  # right
        Ev("ASSAULT", (isr,), (mar,), sentence=1),  # coded as a THREATEN: wrong type
        Ev("ACCUSE", (usa,), (mar,), sentence=2),  # coded against Israel: wrong target
        Ev("AID", (usa,), (mar,), sentence=3),  # not coded at all
    ]
    preds = [
        Ev("CONSULT", (isr,), (mar,), "2022-04", "month", "ISR", sentence=0),
        Ev("THREATEN", (isr,), (mar,), sentence=1),
        Ev("ACCUSE", (usa,), (isr,), sentence=2),
        Ev("PROTEST", (mar,), (), sentence=5),  # nothing like it in the gold
    ]
    kinds = [r["kind"] for r in classify(preds, golds)]
    assert kinds == ["wrong_date", "wrong_location", "wrong_type", "wrong_target", "missed",
                     "extra"]
    wrong_target = classify(preds, golds)[3]
    assert wrong_target["gold"]["targets"] == ["Morocco (MAR)"]
    assert wrong_target["predicted"]["targets"] == ["Israel (ISR)"]
    assert summary(classify(preds, golds)).startswith("errors: missed 1, extra 1, wrong_type 1")
