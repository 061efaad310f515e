"""Canonical actors: one row per real actor across articles, with stable IDs."""

from __future__ import annotations

from eventfold.normalize.canonical import ActorResolver
from eventfold.normalize.tables import normalize


def actors_of(codings) -> dict[str, dict]:
    return {r["actor_id"]: r for r in normalize(codings, "test")["actors"]}


def gantz_codings(b):
    full = b.person("Benny Gantz", "ISR", "GOV")
    surname = b.person("Gantz", None, None)
    titled = b.person("Defence Minister Benny Gantz", "ISR", "GOV")
    mar = b.country("MAR")
    return [
        b.coding("a1", [b.mention("a1", "CONSULT", [full], [mar], on="2021-11-24",
                                  published="2021-11-25")]),
        b.coding("a2", [b.mention("a2", "SUPPORT", [surname], [mar], on="2021-11-24",
                                  published="2021-11-26")]),
        b.coding("a3", [b.mention("a3", "AGREE", [titled], [mar], on="2021-11-25",
                                  published="2021-11-26")]),
    ]


def test_one_person_written_three_ways_is_one_actor(b):
    rows = normalize(gantz_codings(b), "test")
    full_id = b.person("Benny Gantz").actor_id
    people = [r for r in rows["actors"] if r["actor_type"] == "person"]
    assert [p["actor_id"] for p in people] == [full_id]
    (gantz,) = people
    assert gantz["name"] == "Benny Gantz"
    assert {"Gantz", "Defence Minister Benny Gantz"} <= set(gantz["aliases"])
    assert gantz["num_mentions"] == 3
    assert (gantz["country"], gantz["sector"]) == ("ISR", "GOV")
    assert {r["actor_id"] for r in rows["event_actors"]} == {full_id, "MAR"}


def test_a_surname_shared_by_two_full_names_stays_apart(b):
    ana, rui = b.person("Ana Silva", "BRA", "GOV"), b.person("Rui Silva", "PRT", "GOV")
    silva = b.person("Silva")
    assert ActorResolver([ana, rui, silva]).canonical_id(silva.actor_id) == silva.actor_id
    # ... unless the surname's own country names one of them
    silva_prt = b.person("Silva", "PRT")
    assert ActorResolver([ana, rui, silva_prt]).canonical_id(silva.actor_id) == rui.actor_id
    # with one candidate it joins it
    assert ActorResolver([ana, silva]).canonical_id(silva.actor_id) == ana.actor_id


def test_a_surname_of_another_country_is_not_merged(b):
    refs = [b.person("Ana Silva", "BRA", "GOV"), b.person("Silva", "PRT", "GOV")]
    resolver = ActorResolver(refs)
    assert resolver.canonical_id(refs[1].actor_id) == refs[1].actor_id


def test_organizations_with_an_article_or_an_acronym_are_one_actor(b):
    cgt = b.org("General Confederation of Labour", "ARG", text="CGT")
    the_cgt = b.org("the General Confederation of Labour", "ARG")
    bare = b.org("CGT")
    arg_gov = b.generic("ARG", "GOV")
    codings = [
        b.coding("a1", [b.mention("a1", "PROTEST", [cgt], [arg_gov], on="2026-05-14")]),
        b.coding("a2", [b.mention("a2", "PROTEST", [the_cgt], [arg_gov], on="2026-05-14")]),
        b.coding("a3", [b.mention("a3", "REJECT", [arg_gov], [bare], on="2026-05-14")]),
    ]
    actors = actors_of(codings)
    orgs = [a for a in actors.values() if a["actor_type"] == "organization"
            and a["actor_id"].startswith("org_")]
    assert [o["actor_id"] for o in orgs] == [cgt.actor_id]
    assert orgs[0]["name"] == "General Confederation of Labour"
    assert {"CGT", "the General Confederation of Labour"} <= set(orgs[0]["aliases"])


def test_countries_and_igos_keep_their_fixed_ids_and_wikidata(b):
    codings = [b.coding("a1", [b.mention("a1", "REQUEST", [b.country("GUY", "Georgetown")],
                                         [b.named("IGO_UNSC", "Security Council")],
                                         on="2026-01-21")])]
    actors = actors_of(codings)
    assert actors["GUY"]["name"] == "Guyana"
    assert actors["GUY"]["wikidata_id"] == b.DICT.countries["GUY"].wikidata_id
    assert actors["GUY"]["aliases"] == ["Georgetown"]
    assert actors["IGO_UNSC"]["wikidata_id"] == b.DICT.named["IGO_UNSC"].wikidata_id
    assert actors["IGO_UNSC"]["actor_type"] == "igo"


def test_a_persons_sector_and_country_come_from_the_latest_title(b):
    """Defence minister in 2021 (GOV), army chief in 2019 (MIL): the 2021 title wins, however
    the articles are ordered; undated titles count only when nothing is dated."""
    as_chief = b.person("Benny Gantz", "ISR", "MIL")
    as_minister = b.person("Benny Gantz", "ISR", "GOV")
    codings = [
        b.coding("a2", [b.mention("a2", "CONSULT", [as_minister], [b.country("MAR")],
                                  on="2021-11-24")]),
        b.coding("a1", [b.mention("a1", "ASSAULT", [as_chief], [b.country("LBN")],
                                  on="2019-01-02")]),
        b.coding("a3", [b.mention("a3", "ACCUSE", [b.person("Benny Gantz", None, "PTY")],
                                  [b.country("IRN")], on=None, published="2018-05-05")]),
    ]
    for order in (codings, codings[::-1]):
        gantz = actors_of(order)[as_chief.actor_id]
        assert (gantz["sector"], gantz["country"]) == ("GOV", "ISR")
        assert (gantz["first_seen"].isoformat(), gantz["last_seen"].isoformat()) == (
            "2018-05-05", "2021-11-24")


def test_same_day_titles_tie_break_by_frequency_then_alphabet(b):
    def coding(article, sector):
        return b.coding(article, [b.mention(article, "ACCUSE", [b.person("Ana Silva", "BRA",
                                                                         sector)],
                                            [b.country("ARG")], on="2025-01-02")])

    assert actors_of([coding("a1", "LEG"), coding("a2", "GOV")])[
        b.person("Ana Silva").actor_id]["sector"] == "GOV"
    assert actors_of([coding("a1", "LEG"), coding("a2", "GOV"), coding("a3", "LEG")])[
        b.person("Ana Silva").actor_id]["sector"] == "LEG"


def test_adding_articles_never_renames_an_existing_actor(b):
    base = gantz_codings(b) + [
        b.coding("a4", [b.mention("a4", "ASSAULT", [b.named("GRP_JNIM", "JNIM fighters")],
                                  [b.generic("MLI", "MIL")], on="2025-03-03")]),
    ]
    more = base + [
        b.coding("a5", [b.mention("a5", "CONSULT", [b.person("Gantz", "ISR")],
                                  [b.country("USA")], on="2022-01-10")]),
        b.coding("a6", [b.mention("a6", "CONSULT", [b.person("Aviv Kohavi", "ISR", "MIL")],
                                  [b.generic("MAR", "MIL")], on="2022-07-19")]),
        b.coding("a7", [b.mention("a7", "ASSAULT", [b.org("the Group for Islam")],
                                  [b.named("MLI_FAMA", "FAMa")], on="2025-03-03")]),
    ]
    before = actors_of(base)
    after = actors_of(more)
    assert set(before) <= set(after)
    for actor_id, row in before.items():
        assert after[actor_id]["name"] == row["name"]
    rows_before = normalize(base, "test")
    rows_after = normalize(more, "test")
    assert {e["event_id"] for e in rows_before["events"]} <= {
        e["event_id"] for e in rows_after["events"]}


def test_courtesy_titles_are_dropped_before_comparing_names(b):
    lena, ms = b.person("Lena Marquart", "DEU", "GOV"), b.person("Ms Marquart")
    dr = b.person("Dr. Lena Marquart")
    resolver = ActorResolver([lena, ms, dr])
    assert resolver.canonical_id(ms.actor_id) == resolver.canonical_id(dr.actor_id) == \
        lena.actor_id
    assert {"Ms Marquart", "Dr. Lena Marquart"} <= resolver.merged_names[lena.actor_id]
