"""The real coder over tests/fixtures/duplicates: reports of the same events in other words, on
other days and with other date detail merge; the near-misses do not.

reports.jsonl: D1 an al-Shabaab attack on the Beledweyne police station on 2025-04-15, told
"on Tuesday", "on April 15" and "In April" (+ near-miss: the same day in Jowhar); D2 EU
sanctions on Russia on 2025-06-12, told "on Thursday", "on June 12" and "last week" (+ near-miss:
new EU sanctions on 2025-07-17); D3 a visit to Kenya on 2025-06-02 by the invented minister
"Lena Marquart", named in full in one article, "Foreign Minister Marquart" and "Ms Marquart" in
two others.
later_report.jsonl: a second attack on the same police station on 2025-04-22, which makes the
"In April" report ambiguous (it must then join neither).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from eventfold.coding.coder import Coder
from eventfold.ingest import ArticleStore, ingest_inputs
from eventfold.normalize import build_tables
from eventfold.normalize.tables import normalize
from schemas.validation import validate_tables

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "duplicates"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """(articles by record id, codings by record id), coded once for the module."""
    result = ingest_inputs([CORPUS], ArticleStore(tmp_path_factory.mktemp("store")))
    assert not result.quarantine, result.quarantine
    codings = Coder().code(result.articles)
    ids = {a.article_id: a.url.rstrip("/").rsplit("/", 1)[-1] for a in result.articles}
    slug_to_record = {
        "beledweyne-police-station": "horn-wire-04-16", "beledweyne-attack": "ledger-04-17",
        "somalia-monthly": "review-05-20", "jowhar-police-station": "jowhar-04-16",
        "eu-sanctions-shipping": "brussels-06-13", "shadow-fleet": "baltic-06-14",
        "tankers-week": "energy-06-18", "eu-sanctions-banks": "brussels-07-18",
        "german-minister-visit": "nairobi-06-03", "marquart-kenia": "rhine-06-04",
        "marquart-mombasa": "coast-06-05",
        "beledweyne-again": "horn-wire-04-23",
    }
    articles = {slug_to_record[ids[a.article_id]]: a for a in result.articles}
    by_record = {slug_to_record[ids[c.article_id]]: c for c in codings}
    return articles, by_record


def tables_for(corpus, records):
    _, codings = corpus
    return normalize([codings[r] for r in records], "test")


REPORTS = ["horn-wire-04-16", "ledger-04-17", "review-05-20", "jowhar-04-16", "brussels-06-13",
           "baltic-06-14", "energy-06-18", "brussels-07-18", "nairobi-06-03", "rhine-06-04",
           "coast-06-05"]


def events_of(corpus, rows, record: str, event_type: str) -> set[str]:
    """The IDs of the events holding `record`'s mentions of `event_type`."""
    articles, _ = corpus
    article_id = articles[record].article_id
    types = {e["event_id"]: e["event_type"] for e in rows["events"]}
    return {m["event_id"] for m in rows["mentions"]
            if m["article_id"] == article_id and types[m["event_id"]] == event_type}


def merged_event(corpus, rows, records: list[str], event_type: str) -> dict:
    """The one event that every report the coder found among `records` belongs to. Robust to
    a coder that misses a report, as long as at least two are found."""
    found = {r: events_of(corpus, rows, r, event_type) for r in records}
    found = {r: ids for r, ids in found.items() if ids}
    assert len(found) >= 2, f"the coder found {event_type} in fewer than two of {records}"
    ids = set().union(*found.values())
    assert len(ids) == 1, f"{event_type} reports not merged: {found}"
    event = next(e for e in rows["events"] if e["event_id"] in ids)
    assert event["num_articles"] == event["num_sources"] == len(found)
    return event


def test_three_reports_of_the_beledweyne_attack_are_one_event(corpus):
    rows = tables_for(corpus, REPORTS)
    attack = merged_event(corpus, rows, ["horn-wire-04-16", "ledger-04-17", "review-05-20"],
                          "ASSAULT")
    assert events_of(corpus, rows, "review-05-20", "ASSAULT") == {attack["event_id"]}
    assert (attack["event_date"].isoformat(), attack["date_precision"]) == ("2025-04-15", "day")
    assert attack["location_name"] == "Beledweyne"
    jowhar = events_of(corpus, rows, "jowhar-04-16", "ASSAULT")
    assert jowhar and attack["event_id"] not in jowhar  # same day, another town


def test_three_reports_of_the_eu_sanctions_are_one_event(corpus):
    rows = tables_for(corpus, REPORTS)
    june = merged_event(corpus, rows, ["brussels-06-13", "baltic-06-14", "energy-06-18"],
                        "SANCTION")
    assert events_of(corpus, rows, "energy-06-18", "SANCTION") == {june["event_id"]}  # a week
    assert (june["event_date"].isoformat(), june["date_precision"]) == ("2025-06-12", "day")
    july = events_of(corpus, rows, "brussels-07-18", "SANCTION")
    assert july and june["event_id"] not in july  # same dyad, a month later


def test_a_surname_in_other_articles_is_the_same_minister(corpus):
    rows = tables_for(corpus, REPORTS)
    visit = merged_event(corpus, rows, ["nairobi-06-03", "rhine-06-04", "coast-06-05"],
                         "CONSULT")
    assert events_of(corpus, rows, "nairobi-06-03", "CONSULT") == {visit["event_id"]}
    people = {a["name"]: a for a in rows["actors"] if a["actor_type"] == "person"}
    assert [name for name in people if "Marquart" in name] == ["Lena Marquart"]
    lena = people["Lena Marquart"]
    assert "Marquart" in lena["aliases"] and lena["country"] == "DEU"
    relations = {(r["relation_type"], r["source_actor_id"], r["target_actor_id"]): r
                 for r in rows["relations"]}
    assert relations[("cooperates_with", "DEU", "KEN")]["evidence"] == [visit["event_id"]]
    assert relations[("cooperates_with", lena["actor_id"], "KEN")]["num_events"] == 1


def test_a_second_april_attack_leaves_the_month_report_apart(corpus):
    before = tables_for(corpus, REPORTS)
    after = tables_for(corpus, [*REPORTS, "horn-wire-04-23"])
    (attack,) = events_of(corpus, before, "ledger-04-17", "ASSAULT")
    assert events_of(corpus, before, "review-05-20", "ASSAULT") == {attack}
    assert events_of(corpus, after, "ledger-04-17", "ASSAULT") == {attack}  # not renamed
    (month,) = events_of(corpus, after, "review-05-20", "ASSAULT")
    (second,) = events_of(corpus, after, "horn-wire-04-23", "ASSAULT")
    assert len({attack, month, second}) == 3
    by_id = {e["event_id"]: e for e in after["events"]}
    assert (by_id[month]["date_precision"], by_id[second]["event_date"].isoformat()) == (
        "month", "2025-04-22")
    # adding the article renamed no actor
    assert {a["actor_id"] for a in before["actors"]} <= {a["actor_id"] for a in after["actors"]}


def test_shuffled_articles_give_identical_tables(corpus):
    articles, codings = corpus
    records = sorted(codings)
    expected = build_tables([articles[r] for r in records], [codings[r] for r in records], [],
                            "test")
    assert validate_tables(expected).ok
    rng = random.Random(7)
    for _ in range(3):
        rng.shuffle(records)
        got = build_tables([articles[r] for r in records], [codings[r] for r in records], [],
                           "test")
        for name in ("events", "mentions", "event_actors", "actors", "relations"):
            assert got[name].equals(expected[name]), name
