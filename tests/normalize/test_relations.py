"""Relations: interactions aggregated from events, country dyads, affiliations, FK closure."""

from __future__ import annotations

from datetime import UTC, datetime

from eventfold.coding.lexicon import default_lexicon
from eventfold.ids import stable_id
from eventfold.normalize import build_tables
from eventfold.normalize.tables import normalize
from eventfold.records import Article
from schemas.validation import validate_tables


def relations_of(rows) -> dict[tuple[str, str, str], dict]:
    return {(r["relation_type"], r["source_actor_id"], r["target_actor_id"]): r
            for r in rows["relations"]}


def sudan_codings(b):
    usa, rsf = b.country("USA"), b.named("GRP_RSF")
    return [
        b.coding("a1", [b.mention("a1", "SANCTION", [usa], [rsf], on="2025-06-12"),
                        b.mention("a1", "ACCUSE", [usa], [rsf], on="2025-06-12", at=2)]),
        b.coding("a2", [b.mention("a2", "SANCTION", [usa], [rsf], on="2025-06-12",
                                  published="2025-06-14")]),
        b.coding("a3", [b.mention("a3", "SANCTION", [usa], [rsf], on="2025-07-17",
                                  published="2025-07-18"),
                        b.mention("a3", "AID", [b.country("NOR")], [b.generic("SDN", "REF")],
                                  on="2025-07-16", published="2025-07-18", at=3)]),
    ]


def test_interactions_count_events_not_mentions(b):
    rows = normalize(sudan_codings(b), "test")
    rel = relations_of(rows)[("conflicts_with", "USA", "GRP_RSF")]
    by_id = {e["event_id"]: e for e in rows["events"]}
    assert rel["num_events"] == 3  # SANCTION 12 June (two reports), ACCUSE, SANCTION 17 July
    assert sorted(rel["evidence"]) == rel["evidence"] and set(rel["evidence"]) <= set(by_id)
    intensities = [by_id[e]["intensity"] for e in rel["evidence"]]
    assert rel["mean_intensity"] == round(sum(intensities) / 3, 3)
    assert (rel["first_seen"].isoformat(), rel["last_seen"].isoformat()) == (
        "2025-06-12", "2025-07-17")
    assert rel["relation_id"] == stable_id("rel", "conflicts_with", "USA", "GRP_RSF")
    coop = relations_of(rows)[("cooperates_with", "NOR", "SDN_REF")]
    assert default_lexicon().type_info("AID", None).quad_class == 2
    assert coop["num_events"] == 1 and coop["mean_intensity"] > 0


def test_country_dyads_come_from_actors_countries(b):
    """Benny Gantz [ISR] visiting Morocco counts for ISR → MAR, and Israel then has a row."""
    gantz = b.person("Benny Gantz", "ISR", "GOV")
    loudiyi = b.person("Abdellatif Loudiyi", "MAR", "GOV")
    codings = [
        b.coding("a1", [b.mention("a1", "CONSULT", [gantz], [b.country("MAR")],
                                  on="2021-11-24"),
                        b.mention("a1", "SUPPORT", [gantz, loudiyi], [], on="2021-11-24",
                                  at=2),
                        b.mention("a1", "COOPERATE", [b.country("ISR"), b.country("MAR")], [],
                                  on="2022-06-01", precision="month", at=4)]),
    ]
    rows = normalize(codings, "test")
    rels = relations_of(rows)
    assert rels[("cooperates_with", gantz.actor_id, "MAR")]["num_events"] == 1
    assert rels[("cooperates_with", "ISR", "MAR")]["num_events"] == 2  # the visit, the exercise
    assert ("cooperates_with", gantz.actor_id, loudiyi.actor_id) not in rels  # SUPPORT: directed
    actors = {a["actor_id"]: a for a in rows["actors"]}
    assert actors["ISR"]["wikidata_id"] == b.DICT.countries["ISR"].wikidata_id
    assert actors["MAR"]["num_mentions"] == 2


def test_symmetric_parties_named_together_are_related_once(b):
    jpn, phl = b.country("JPN"), b.country("PHL")
    codings = [
        b.coding("a1", [b.mention("a1", "CONSULT", [phl, jpn], [], on="2025-07-08")]),
        b.coding("a2", [b.mention("a2", "CONSULT", [phl], [jpn], on="2025-07-08")]),
    ]
    rows = normalize(codings, "test")
    assert len(rows["events"]) == 1
    rels = relations_of(rows)
    assert list(rels) == [("cooperates_with", "JPN", "PHL")]
    assert rels[("cooperates_with", "JPN", "PHL")]["num_events"] == 1


def test_affiliations_cite_articles(b):
    gantz = b.person("Benny Gantz", "ISR", "GOV")
    isr = b.country("ISR")
    codings = [
        b.coding("a1", [], [b.affiliation(gantz, "member_of", isr)], published="2021-11-25"),
        b.coding("a2", [], [b.affiliation(b.person("Gantz", "ISR", "GOV"), "member_of", isr)],
                 published="2022-07-21"),
    ]
    rows = normalize(codings, "test")
    rel = relations_of(rows)[("member_of", gantz.actor_id, "ISR")]
    assert rel["evidence"] == ["a1", "a2"] and rel["num_events"] == 2
    assert rel["mean_intensity"] is None
    assert (rel["first_seen"].isoformat(), rel["last_seen"].isoformat()) == (
        "2021-11-25", "2022-07-21")
    actors = {a["actor_id"]: a for a in rows["actors"]}
    assert actors[gantz.actor_id]["num_mentions"] == 0


def _articles(codings) -> list[Article]:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    return [Article(c.article_id, f"https://x.invalid/{c.article_id}", "Src", None,
                    c.published_at, "en", "0" * 64, 300, now, f"{c.article_id}.txt", "")
            for c in codings]


def test_tables_close_over_their_foreign_keys_and_validate(b):
    gantz = b.person("Benny Gantz", "ISR", "GOV")
    codings = sudan_codings(b) + [
        b.coding("art_00000000000000a4", [b.mention("art_00000000000000a4", "CONSULT", [gantz],
                                                    [b.generic("MAR", "MIL")],
                                                    on="2021-11-24")],
                 [b.affiliation(gantz, "member_of", b.country("ISR"))]),
    ]
    for c in codings:  # article IDs must match the articles table's pattern
        if not c.article_id.startswith("art_"):
            new = f"art_{c.article_id.encode().hex():0>16}"
            for m in c.mentions:
                m.article_id = new
            c.article_id = new
    tables = build_tables(_articles(codings), codings, [], "test")
    actors = set(tables["actors"]["actor_id"])
    assert set(tables["event_actors"]["actor_id"]) <= actors
    assert set(tables["relations"]["source_actor_id"]) <= actors
    assert set(tables["relations"]["target_actor_id"]) <= actors
    assert set(tables["mentions"]["event_id"]) == set(tables["events"]["event_id"])
    assert {"ISR", "SDN", "MAR"} <= actors  # met only through their people and bodies
    report = validate_tables(tables)
    assert report.ok, str(report)
