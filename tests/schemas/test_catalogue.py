"""The field catalogue and what is generated from it (Arrow schema, pandera, validation)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from schemas.arrow import arrow_schema, conform, empty_frame, to_arrow
from schemas.catalogue import CATALOGUE
from schemas.validation import ValidationFailed, require_valid, validate_tables

DESIGN_COLUMNS = {
    "articles": "article_id url source_name title published_at language content_sha256 "
                "n_chars ingested_at raw_path",
    "event_actors": "event_id actor_id role",
    "mentions": "mention_id event_id article_id sentence_index char_start char_end trigger "
                "confidence",
    "actors": "actor_id name actor_type country sector aliases wikidata_id num_mentions "
              "first_seen last_seen",
    "relations": "relation_id source_actor_id target_actor_id relation_type first_seen "
                 "last_seen num_events mean_intensity evidence",
    "quarantine": "raw_path reason detail seen_at",
}


def test_tables_have_the_design_columns():
    for table, cols in DESIGN_COLUMNS.items():
        assert CATALOGUE.table(table).columns == cols.split()
    events = CATALOGUE.table("events").columns
    for col in ("event_id", "event_type", "event_mode", "quad_class", "intensity", "event_date",
                "date_precision", "date_source", "location_name", "location_country", "admin1",
                "latitude", "longitude", "geo_precision", "num_mentions", "num_articles",
                "num_sources", "first_published_at", "confidence", "coder_version"):
        assert col in events


def test_every_field_has_a_description_and_the_arrow_schema_carries_it():
    for name in CATALOGUE.tables:
        schema = arrow_schema(name)
        for field in schema:
            assert field.metadata[b"description"]
    assert arrow_schema("events").field("event_date").type == "date32[day]"


def actor_row(**over):
    row = dict(actor_id="ISR", name="Israel", actor_type="country", country="ISR", sector=None,
               aliases=["Israeli"], wikidata_id="Q801", num_mentions=2,
               first_seen=dt.date(2022, 3, 1), last_seen="2022-06-01")
    row.update(over)
    return row


def test_conform_types_and_round_trip_to_arrow():
    frame = conform("actors", [actor_row()])
    assert str(frame["num_mentions"].dtype) == "Int64"
    assert frame.loc[0, "last_seen"] == dt.date(2022, 6, 1)
    table = to_arrow("actors", frame)
    assert table.column("aliases").to_pylist() == [["Israeli"]]


def test_conform_rejects_unknown_and_missing_columns():
    with pytest.raises(ValueError, match="unexpected columns"):
        conform("actors", [actor_row(colour="blue")])
    row = actor_row()
    row.pop("name")
    with pytest.raises(ValueError, match="missing columns"):
        conform("actors", [row])


def test_validation_reports_table_column_check_and_examples():
    tables = {t: empty_frame(t) for t in CATALOGUE.tables}
    tables["actors"] = conform("actors", [
        actor_row(),
        actor_row(actor_type="nation", country="ZZZ", sector="FOO", num_mentions=-1),
    ])
    tables["event_actors"] = conform("event_actors", [
        dict(event_id="evt_0123456789abcdef", actor_id="NOPE", role="source")])
    report = validate_tables(tables)
    assert not report.ok
    text = str(report)
    assert "actors.actor_type" in text and "'nation'" in text
    assert "actors.country" in text and "'ZZZ'" in text
    assert "actors.sector" in text and "actors.actor_id" in text  # duplicate key
    assert "event_actors.event_id: foreign key -> events.event_id" in text
    assert "event_actors.actor_id: foreign key -> actors.actor_id" in text and "'NOPE'" in text
    with pytest.raises(ValidationFailed):
        require_valid(tables)


def test_valid_empty_release_passes():
    tables = {t: empty_frame(t) for t in CATALOGUE.tables}
    assert require_valid(tables).ok


def test_missing_table_is_a_failure():
    tables = {t: empty_frame(t) for t in CATALOGUE.tables if t != "relations"}
    report = validate_tables(tables)
    assert any(f.table == "relations" and f.check == "table present" for f in report.failures)


def test_iso3_value_set_includes_kosovo():
    assert "XKX" in CATALOGUE.iso3_codes and "MAR" in CATALOGUE.iso3_codes
    assert isinstance(empty_frame("events"), pd.DataFrame)
