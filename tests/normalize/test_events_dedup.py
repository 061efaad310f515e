"""Event deduplication rules on hand-built mentions: what merges, what stays apart, and why."""

from __future__ import annotations

import random

from eventfold.ids import stable_id
from eventfold.normalize.events import cluster_mentions, event_key, event_row


def groups(mentions) -> list[list[str]]:
    """The clustering as sorted lists of triggers (each test names its mentions by trigger)."""
    return sorted(sorted(m.trigger for m in c.mentions) for c in cluster_mentions(mentions))


def ids_by_trigger(mentions) -> dict[str, str]:
    return {m.trigger: c.event_id for c in cluster_mentions(mentions) for m in c.mentions}


# -- type, date -----------------------------------------------------------------------------
def test_two_articles_reporting_one_event_are_one_event(b):
    usa, rsf = b.country("USA"), b.named("GRP_RSF")
    ms = [b.mention("a1", "SANCTION", [usa], [rsf], on="2025-06-12", trigger="sanctioned"),
          b.mention("a2", "SANCTION", [usa], [rsf], on="2025-06-12", trigger="blacklisted",
                    published="2025-06-14")]
    (cluster,) = cluster_mentions(ms)
    row = event_row(cluster, "test")
    assert (row["num_mentions"], row["num_articles"], row["num_sources"]) == (2, 2, 2)
    assert row["first_published_at"] == b.when("2025-06-13")


def test_different_types_and_different_days_stay_apart(b):
    usa, rsf = b.country("USA"), b.named("GRP_RSF")
    ms = [b.mention("a1", "SANCTION", [usa], [rsf], on="2025-06-12", trigger="d12"),
          b.mention("a2", "SANCTION", [usa], [rsf], on="2025-06-13", trigger="d13"),
          b.mention("a3", "ACCUSE", [usa], [rsf], on="2025-06-12", trigger="accuse")]
    assert groups(ms) == [["accuse"], ["d12"], ["d13"]]


def test_mode_need_not_agree(b):
    rus, ukr = b.country("RUS"), b.country("UKR")
    ms = [b.mention("a1", "ASSAULT", [rus], [ukr], on="2025-11-15", mode="airstrike",
                    trigger="bombed"),
          b.mention("a2", "ASSAULT", [rus], [ukr], on="2025-11-15", trigger="attacked")]
    (cluster,) = cluster_mentions(ms)
    assert event_row(cluster, "test")["event_mode"] == "airstrike"


def test_month_mention_joins_the_day_event_and_the_day_wins(b):
    shabaab, som = b.named("GRP_SHABAAB"), b.country("SOM")
    ms = [b.mention("a1", "ASSAULT", [shabaab], [som], on="2025-04-01", precision="month",
                    trigger="month", published="2025-05-20"),
          b.mention("a2", "ASSAULT", [shabaab], [som], on="2025-04-15", trigger="day",
                    published="2025-04-16")]
    (cluster,) = cluster_mentions(ms)
    row = event_row(cluster, "test")
    assert (row["event_date"].isoformat(), row["date_precision"]) == ("2025-04-15", "day")
    assert cluster.anchor.trigger == "day"


def test_week_mention_joins_a_day_in_that_week_only(b):
    eu, rus = b.named("IGO_EU"), b.country("RUS")
    ms = [b.mention("a1", "SANCTION", [eu], [rus], on="2025-06-12", trigger="day"),
          b.mention("a2", "SANCTION", [eu], [rus], on="2025-06-09", precision="week",
                    trigger="same week", published="2025-06-18"),
          b.mention("a3", "SANCTION", [eu], [rus], on="2025-06-16", precision="week",
                    trigger="next week", published="2025-06-25")]
    assert groups(ms) == [["day", "same week"], ["next week"]]


def test_year_mention_of_another_year_stays_apart(b):
    mda, rus = b.country("MDA"), b.country("RUS")
    ms = [b.mention("a1", "SANCTION", [mda], [rus], on="2026-06-03", trigger="day"),
          b.mention("a2", "SANCTION", [mda], [rus], on="2025-01-01", precision="year",
                    trigger="last year")]
    assert groups(ms) == [["day"], ["last year"]]


def test_publication_date_stands_for_that_day_or_the_day_before(b):
    """A headline dated only by publication ('EU sanctions Russia', published 13 June) joins
    the 12 June event told in the body; it does not join an event of 10 June."""
    eu, rus = b.named("IGO_EU"), b.country("RUS")
    ms = [b.mention("a1", "SANCTION", [eu], [rus], on="2025-06-12", trigger="body"),
          b.mention("a1", "SANCTION", [eu], [rus], on="2025-06-13", date_source="publication",
                    trigger="headline", at=1),
          b.mention("a2", "SANCTION", [eu], [rus], on="2025-06-10", trigger="earlier")]
    assert groups(ms) == [["body", "headline"], ["earlier"]]


def test_one_article_restating_an_event_is_one_event(b):
    irq, tur = b.country("IRQ"), b.country("TUR")
    ms = [b.mention("a1", "ACCUSE", [irq], [tur], on="2024-09-09", trigger="condemned"),
          b.mention("a1", "ACCUSE", [irq], [tur], on="2024-09-09", trigger="protest note",
                    at=3)]
    (cluster,) = cluster_mentions(ms)
    assert event_row(cluster, "test")["num_articles"] == 1
    assert event_row(cluster, "test")["num_mentions"] == 2


def test_one_article_with_two_text_dates_reports_two_events(b):
    """'Moldova expelled two Russian diplomats on Wednesday … It expelled another earlier this
    year': the year mention is compatible by date but the article tells two occasions."""
    mda, rus = b.country("MDA"), b.country("RUS")
    ms = [b.mention("a1", "SANCTION", [mda], [rus], on="2026-06-03", trigger="wednesday"),
          b.mention("a1", "SANCTION", [mda], [rus], on="2026-01-01", precision="year",
                    trigger="earlier this year", at=4)]
    assert groups(ms) == [["earlier this year"], ["wednesday"]]


# -- undated --------------------------------------------------------------------------------
def test_undated_mention_joins_when_published_within_three_days_and_all_else_agrees(b):
    eu, rus = b.named("IGO_EU"), b.country("RUS")
    ms = [b.mention("a1", "SANCTION", [eu], [rus], on="2025-06-12", trigger="dated"),
          b.mention("a2", "SANCTION", [eu], [rus], on=None, trigger="undated",
                    published="2025-06-14")]
    assert groups(ms) == [["dated", "undated"]]


def test_undated_mention_published_long_after_stays_apart(b):
    eu, rus = b.named("IGO_EU"), b.country("RUS")
    ms = [b.mention("a1", "SANCTION", [eu], [rus], on="2025-06-12", trigger="dated"),
          b.mention("a2", "SANCTION", [eu], [rus], on=None, trigger="undated",
                    published="2025-06-20")]
    assert groups(ms) == [["dated"], ["undated"]]


def test_undated_mention_with_a_missing_target_stays_apart(b):
    eu, rus = b.named("IGO_EU"), b.country("RUS")
    ms = [b.mention("a1", "SANCTION", [eu], [rus], on="2025-06-12", trigger="dated"),
          b.mention("a2", "SANCTION", [eu], [], on=None, trigger="undated",
                    published="2025-06-13")]
    assert groups(ms) == [["dated"], ["undated"]]


# -- actors -----------------------------------------------------------------------------------
def test_person_matches_the_country_named_on_the_other_side(b):
    gantz = b.person("Benny Gantz", "ISR", "GOV")
    ms = [b.mention("a1", "CONSULT", [gantz], [b.country("MAR")], on="2021-11-24",
                    trigger="visited"),
          b.mention("a2", "CONSULT", [b.country("ISR")], [b.country("MAR")], on="2021-11-24",
                    trigger="israel")]
    assert groups(ms) == [["israel", "visited"]]


def test_country_sector_matches_a_named_body_of_that_sector(b):
    jnim = b.named("GRP_JNIM")
    ms = [b.mention("a1", "ASSAULT", [jnim], [b.generic("MLI", "MIL")], on="2025-03-03",
                  trigger="army"),
          b.mention("a2", "ASSAULT", [jnim], [b.named("MLI_FAMA")], on="2025-03-03",
                    trigger="fama")]
    assert groups(ms) == [["army", "fama"]]


def test_disjoint_targets_stay_apart_and_a_missing_target_joins(b):
    usa = b.country("USA")
    ms = [b.mention("a1", "SANCTION", [usa], [b.named("GRP_RSF")], on="2025-06-12",
                    trigger="rsf"),
          b.mention("a2", "SANCTION", [usa], [b.country("IRN")], on="2025-06-12",
                    trigger="iran"),
          b.mention("a3", "SANCTION", [b.country("GBR")], [b.country("IRN")], on="2025-06-12",
                    trigger="britain")]
    assert groups(ms) == [["britain"], ["iran"], ["rsf"]]
    lone = [ms[0], b.mention("a4", "SANCTION", [usa], [], on="2025-06-12", trigger="none")]
    assert groups(lone) == [["none", "rsf"]]


def test_symmetric_types_compare_all_parties(b):
    """'Japan's minister visited the Philippines' and 'the Philippines and Japan met' are one
    meeting; Japan meeting the Philippines is not Japan meeting South Korea."""
    jpn_gov, jpn, phl = b.generic("JPN", "GOV"), b.country("JPN"), b.country("PHL")
    ms = [b.mention("a1", "CONSULT", [jpn_gov], [phl], on="2025-07-08", trigger="visited"),
          b.mention("a2", "CONSULT", [phl, jpn], [], on="2025-07-08", trigger="met"),
          b.mention("a3", "CONSULT", [jpn_gov], [b.country("KOR")], on="2025-07-08",
                    trigger="korea")]
    assert groups(ms) == [["korea"], ["met", "visited"]]


def test_unidentified_actors_alone_do_not_link_two_articles(b):
    militants = b.generic(None, "REB", "militants")
    ms = [b.mention("a1", "ASSAULT", [militants], [], on="2025-05-12", trigger="somalia"),
          b.mention("a2", "ASSAULT", [militants], [], on="2025-05-12", trigger="haiti")]
    assert groups(ms) == [["haiti"], ["somalia"]]
    gao = b.place("Gao", "MLI")
    ms = [b.mention("a1", "ASSAULT", [militants], [], on="2025-03-03", where=gao,
                    trigger="gao 1"),
          b.mention("a2", "ASSAULT", [militants], [], on="2025-03-03", where=gao,
                    trigger="gao 2")]
    assert groups(ms) == [["gao 1", "gao 2"]]


# -- places -----------------------------------------------------------------------------------
def test_places_must_agree(b):
    shabaab, som = b.named("GRP_SHABAAB"), b.country("SOM")

    def m(article, where, trigger):
        return b.mention(article, "ASSAULT", [shabaab], [som], on="2025-04-15", where=where,
                         trigger=trigger)

    ms = [m("a1", b.place("Beledweyne", "SOM", admin1="Hiiraan"), "beledweyne"),
          m("a2", b.place("Jowhar", "SOM", admin1="Middle Shabelle"), "jowhar"),
          m("a3", b.place("Nairobi", "KEN"), "nairobi")]
    assert groups(ms) == [["beledweyne"], ["jowhar"], ["nairobi"]]
    ms = [m("a1", b.place("Beledweyne", "SOM", admin1="Hiiraan"), "city"),
          m("a2", b.place("Hiiraan", "SOM", "admin1"), "region"),
          m("a3", b.place("Somalia", "SOM", "country"), "country"),
          m("a4", None, "nowhere")]
    (cluster,) = cluster_mentions(ms)
    row = event_row(cluster, "test")
    assert (row["location_name"], row["geo_precision"]) == ("Beledweyne", "city")
    wrong_region = [ms[0], m("a5", b.place("Banadir", "SOM", "admin1"), "banadir")]
    assert groups(wrong_region) == [["banadir"], ["city"]]


def test_the_best_place_may_come_from_a_vaguer_report(b):
    eu, rus = b.named("IGO_EU"), b.country("RUS")
    ms = [b.mention("a1", "SANCTION", [eu], [rus], on="2025-06-12", trigger="day"),
          b.mention("a2", "SANCTION", [eu], [rus], on="2025-06-01", precision="month",
                    where=b.place("Luxembourg", "LUX"), trigger="month")]
    (cluster,) = cluster_mentions(ms)
    row = event_row(cluster, "test")
    assert (row["event_date"].isoformat(), row["location_name"]) == ("2025-06-12", "Luxembourg")


# -- the chaining guard, order independence, stable IDs -------------------------------------
def test_a_vague_mention_fitting_two_events_glues_nothing(b):
    """'In April, al-Shabaab attacked the police station in Beledweyne': two April attacks on
    it are known, so the month report joins neither and the two days stay apart."""
    shabaab, som = b.named("GRP_SHABAAB"), b.country("SOM")
    town = b.place("Beledweyne", "SOM")
    day15 = b.mention("a1", "ASSAULT", [shabaab], [som], on="2025-04-15", where=town,
                      trigger="15")
    day22 = b.mention("a2", "ASSAULT", [shabaab], [som], on="2025-04-22", where=town,
                      trigger="22")
    month = b.mention("a3", "ASSAULT", [shabaab], [som], on="2025-04-01", precision="month",
                      where=town, trigger="april", published="2025-05-20")
    assert groups([day15, month]) == [["15", "april"]]
    assert groups([day15, day22, month]) == [["15"], ["22"], ["april"]]
    before = ids_by_trigger([day15, month])
    after = ids_by_trigger([day15, day22, month])
    assert before["15"] == after["15"]


def test_shuffled_input_gives_the_same_events(b):
    usa, rsf, eu, rus = (b.country("USA"), b.named("GRP_RSF"), b.named("IGO_EU"),
                         b.country("RUS"))
    town = b.place("El Fasher", "SDN")
    ms = [
        b.mention("a1", "SANCTION", [usa], [rsf], on="2025-06-12", trigger="1"),
        b.mention("a2", "SANCTION", [usa], [rsf], on="2025-06-12", where=town, trigger="2"),
        b.mention("a3", "SANCTION", [usa], [], on="2025-06-13", date_source="publication",
                  trigger="3"),
        b.mention("a4", "SANCTION", [usa], [rsf], on="2025-06-01", precision="month",
                  trigger="4", published="2025-07-18"),
        b.mention("a5", "SANCTION", [usa], [rsf], on="2025-07-17", trigger="5",
                  published="2025-07-18"),
        b.mention("a6", "SANCTION", [eu], [rus], on="2025-06-12", trigger="6"),
        b.mention("a7", "SANCTION", [eu], [rus], on="2025-06-09", precision="week",
                  trigger="7"),
        b.mention("a8", "SANCTION", [eu], [rus], on="2025-06-13", trigger="8"),
        b.mention("a9", "SANCTION", [eu], [rus], on=None, trigger="9", published="2025-06-13"),
    ]
    expected = ids_by_trigger(ms)
    rng = random.Random(4)
    for _ in range(25):
        shuffled = ms[:]
        rng.shuffle(shuffled)
        assert ids_by_trigger(shuffled) == expected
    # the week (7) and the undated report (9) each fit 12 and 13 June: kept apart
    assert expected["7"] not in {expected["6"], expected["8"]}
    assert expected["9"] not in {expected["6"], expected["8"]}
    assert expected["1"] == expected["2"] == expected["3"] == expected["4"] != expected["5"]


def test_a_vaguer_report_does_not_rename_the_event(b):
    usa, rsf = b.country("USA"), b.named("GRP_RSF")
    day = b.mention("a1", "SANCTION", [usa], [rsf], on="2025-06-12", trigger="day")
    (alone,) = cluster_mentions([day])
    vaguer = [
        b.mention("a2", "SANCTION", [usa], [rsf, b.person("Hamdan Adam Issa", "SDN", "REB")],
                  on="2025-06-01", precision="month", where=b.place("Khartoum", "SDN"),
                  trigger="month"),
        b.mention("a3", "SANCTION", [usa], [], on="2025-06-13", date_source="publication",
                  trigger="headline"),
    ]
    (merged,) = cluster_mentions([day, *vaguer])
    assert merged.event_id == alone.event_id
    assert len(merged.mentions) == 3


def test_event_id_is_a_hash_of_the_anchor_parts(b):
    """Golden value: changing the ID rule is a migration, not a refactor."""
    m = b.mention("a1", "SANCTION", [b.country("USA")], [b.named("GRP_RSF")], on="2025-06-12",
                  where=b.place("El Fasher", "SDN"))
    assert event_key(m) == ("SANCTION", "USA", "GRP_RSF", "2025-06-12", "day", "SDN",
                            "El Fasher")
    (cluster,) = cluster_mentions([m])
    assert cluster.event_id == stable_id("evt", *event_key(m)) == "evt_03a60abb3359bb38"
