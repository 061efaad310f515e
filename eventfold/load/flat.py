"""`events_flat`: one row per event × source actor × target actor, with the actors' names,
countries, sectors and types beside the event's columns (the shape GDELT and ICEWS users know).

An event without a target (or source) has one row per source (or target) with nulls on the
other side. Built with Arrow joins for pandas/polars and as a SQL view for DuckDB; both give
the same rows in the same order.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

ACTOR_COLUMNS = ("actor_id", "name", "country", "sector", "actor_type")
EVENT_LEAD = ("event_id", "event_date", "date_precision", "event_type", "event_mode",
              "quad_class", "intensity", "cameo_root")
NEEDED = ("events", "event_actors", "actors")


def side_columns(role: str) -> list[str]:
    return [f"{role}_{c}" if c != "name" else f"{role}_name" for c in ACTOR_COLUMNS]


def flat_columns(event_columns: list[str]) -> list[str]:
    """Event lead columns, then source and target actor columns, then the other event
    columns in table order."""
    lead = [c for c in EVENT_LEAD if c in event_columns]
    rest = [c for c in event_columns if c not in lead]
    return lead + side_columns("source") + side_columns("target") + rest


def _side(event_actors: pa.Table, actors: pa.Table, role: str) -> pa.Table:
    rows = event_actors.filter(pc.equal(event_actors["role"], role)).select(
        ["event_id", "actor_id"])
    joined = rows.join(actors.select(list(ACTOR_COLUMNS)), "actor_id", join_type="left outer")
    joined = joined.select(["event_id", *ACTOR_COLUMNS])
    return joined.rename_columns(["event_id", *side_columns(role)])


def events_flat_arrow(events: pa.Table, event_actors: pa.Table, actors: pa.Table) -> pa.Table:
    """events_flat as an Arrow table, sorted by event_id, source and target actor ids."""
    flat = events.join(_side(event_actors, actors, "source"), "event_id",
                       join_type="left outer")
    flat = flat.join(_side(event_actors, actors, "target"), "event_id", join_type="left outer")
    flat = flat.select(flat_columns(events.column_names))
    return flat.sort_by([("event_id", "ascending", "at_end"),
                         ("source_actor_id", "ascending", "at_end"),
                         ("target_actor_id", "ascending", "at_end")])


def events_flat_sql(event_columns: list[str]) -> str:
    """The DuckDB view over tables `events`, `event_actors` and `actors`."""
    def side(role: str) -> str:
        cols = ", ".join(f"a.{c} AS {n}" for c, n in zip(ACTOR_COLUMNS, side_columns(role),
                                                         strict=True))
        return (f"SELECT ea.event_id, {cols} FROM event_actors ea "
                f"LEFT JOIN actors a ON a.actor_id = ea.actor_id WHERE ea.role = '{role}'")

    select = ", ".join(f"e.{c}" if c in event_columns else (f"s.{c}" if c.startswith("source_")
                                                           else f"t.{c}")
                       for c in flat_columns(event_columns))
    return (f"CREATE OR REPLACE VIEW events_flat AS WITH s AS ({side('source')}), "
            f"t AS ({side('target')}) SELECT {select} FROM events e "
            "LEFT JOIN s ON s.event_id = e.event_id LEFT JOIN t ON t.event_id = e.event_id "
            "ORDER BY e.event_id, s.source_actor_id NULLS LAST, t.target_actor_id NULLS LAST")
