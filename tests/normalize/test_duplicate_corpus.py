"""The real coder over tests/fixtures/duplicates: reports of the same events in other words, on
other days and with other date detail merge; the near-misses do not.

reports.jsonl: D1 an al-Shabaab attack on the Beledweyne police station on 2025-04-15, told
"on Tuesday", "on April 15" and "In April" (+ near-miss: the same day in Jowhar); D2 EU
sanctions on Russia on 2025-06-12, told "on Thursday", "on June 12" and "last week" (+ near-miss:
new EU sanctions on 2025-07-17); D3 a visit to Kenya on 2025-06-02 by the invented minister
"Lena Marquart", named in full in one article and "Foreign Minister Marquart" in the other.
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
        "beledweyne-again": "horn-wire-04-23",
    }
    articles = {slug_to_record[ids[a.article_id]]: a for a in result.articles}
    by_record = {slug_to_record[ids[c.article_id]]: c for c in codings}
    return articles, by_record


def tables_for(corpus, records):
    articles, codings = corpus
    return normalize([codings[r] for r in records], "test")


REPORTS = ["horn-wire-04-16", "ledger-04-17", "review-05-20", "jowhar-04-16", "brussels-06-13",
           "baltic-06-14", "energy-06-18", "brussels-07-18", "nairobi-06-03", "rhine-06-04"]


def event_of(corpus, rows, record: str, event_type: str) -> dict:
    """The event holding `record`'s (one) mention of `event_type`."""
    articles, _ = corpus
    article_id = articles[record].article_id
    by_id = {e["event_id"]: e for e in rows["events"]}
    found = {m["event_id"] for m in rows["mentions"] if m["article_id"] == article_id
             and by_id[m["event_id"]]["event_type"] == event_type}
    assert len(found) == 1, f"{record}: expected one {event_type} event, coder gave {found}"
    return by_id[found.pop()]


def test_three_reports_of_the_beledweyne_attack_are_one_event(corpus):
    rows = tables_for(corpus, REPORTS)
    events = {r: event_of(corpus, rows, r, "ASSAULT")
              for r in ("horn-wire-04-16", "ledger-04-17", "review-05-20", "jowhar-04-16")}
    attack = events["horn-wire-04-16"]
    assert events["ledger-04-17"] is attack and events["review-05-20"] is attack
    assert (attack["num_articles"], attack["num_sources"]) == (3, 3)
    assert (attack["event_date"].isoformat(), attack["date_precision"]) == ("2025-04-15", "day")
    assert attack["location_name"] == "Beledweyne"
    assert events["jowhar-04-16"]["event_id"] != attack["event_id"]  # same day, other town


def test_three_reports_of_the_eu_sanctions_are_one_event(corpus):
    rows = tables_for(corpus, REPORTS)
    events = {r: event_of(corpus, rows, r, "SANCTION")
              for r in ("brussels-06-13", "baltic-06-14", "energy-06-18", "brussels-07-18")}
    june = events["brussels-06-13"]
    assert events["baltic-06-14"] is june and events["energy-06-18"] is june  # day, day, week
    assert (june["num_articles"], june["event_date"].isoformat(), june["date_precision"]) == (
        3, "2025-06-12", "day")
    assert events["brussels-07-18"]["event_id"] != june["event_id"]  # same dyad, July


def test_a_surname_in_another_article_is_the_same_minister(corpus):
    rows = tables_for(corpus, REPORTS)
    visit = event_of(corpus, rows, "nairobi-06-03", "CONSULT")
    assert event_of(corpus, rows, "rhine-06-04", "CONSULT") is visit
    assert visit["num_articles"] == 2
    people = [a for a in rows["actors"] if a["actor_type"] == "person"]
    assert [p["name"] for p in people] == ["Lena Marquart"]
    assert "Marquart" in people[0]["aliases"]
    assert people[0]["country"] == "DEU"
    relations = {(r["relation_type"], r["source_actor_id"], r["target_actor_id"]): r
                 for r in rows["relations"]}
    assert relations[("cooperates_with", "DEU", "KEN")]["evidence"] == [visit["event_id"]]


def test_a_second_april_attack_leaves_the_month_report_apart(corpus):
    before = tables_for(corpus, REPORTS)
    after = tables_for(corpus, [*REPORTS, "horn-wire-04-23"])
    attack = event_of(corpus, before, "horn-wire-04-16", "ASSAULT")
    again = event_of(corpus, after, "horn-wire-04-16", "ASSAULT")
    assert again["event_id"] == attack["event_id"]
    assert again["num_articles"] == 2
    month = event_of(corpus, after, "review-05-20", "ASSAULT")
    second = event_of(corpus, after, "horn-wire-04-23", "ASSAULT")
    assert len({again["event_id"], month["event_id"], second["event_id"]}) == 3
    assert (month["date_precision"], second["event_date"].isoformat()) == ("month", "2025-04-22")
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
