"""report.html of a release: one self-contained page of charts (inline SVG and CSS, no script,
no network) — events per week by quad class, event types, top dyads, a map of event places,
the network of the strongest relations and the coder's accuracy. Deterministic bytes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from datetime import datetime

import pyarrow as pa
import pyarrow.compute as pc

from eventfold.publish.files import iso_utc
from eventfold.publish.report_svg import (
    QUAD_COLORS,
    QUAD_NAMES,
    esc,
    hbars,
    network,
    stacked_bars,
    world_map,
)

TOP_DYADS = 15
MAX_POINTS = 1500
MAX_EDGES = 24
WEEKS_MAX = 156  # longer spans are shown per month
HISTORY_DAYS = 365  # the time chart starts this long before the earliest report
EPOCH = dt.date(1970, 1, 1)

CSS = """
*{box-sizing:border-box}
body{margin:0;background:#f4f5f7;color:#1d2733;
 font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}
header{background:#1d2733;color:#fff;padding:28px 0 22px}
header h1{margin:0;font-size:28px;font-weight:650}
header p{margin:6px 0 0;color:#b8c3cf}
.wrap{max-width:1100px;margin:0 auto;padding:0 20px}
.tiles{display:grid;grid-template-columns:repeat(5,1fr);gap:12px;margin:18px 0}
.tile{background:#fff;border-radius:10px;padding:12px 16px;box-shadow:0 1px 2px #0001}
.tile b{display:block;font-size:24px}
.tile b.range{font-size:16px;line-height:29px}
.tile span{color:#5b6876;font-size:13px}
section{background:#fff;border-radius:10px;padding:16px 20px;margin:0 0 16px;
 box-shadow:0 1px 2px #0001}
section h2{margin:0 0 4px;font-size:18px}
section p.note{margin:0 0 10px;color:#5b6876;font-size:13px}
.row{display:grid;grid-template-columns:1fr 1fr;gap:16px}
.row section{margin:0 0 16px}
svg.chart{width:100%;height:auto;display:block}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{padding:4px 8px;border-bottom:1px solid #e6e9ed;text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.empty{color:#8a96a3;font-style:italic}
footer{color:#5b6876;font-size:12px;padding:4px 0 30px}
"""


def render_report(arrow: dict[str, pa.Table], *, version: str, created_at: datetime,
                  accuracy: dict | None = None, coder_version: str = "") -> str:
    """The HTML text of report.html for the release tables `arrow`."""
    events, actors = arrow["events"], arrow["actors"]
    names = dict(zip(actors["actor_id"].to_pylist(), actors["name"].to_pylist(), strict=True))
    dated = events.filter(pc.is_valid(events["event_date"]))
    undated = events.num_rows - dated.num_rows
    parts = [_head(version), "<body>", _header(version, created_at, coder_version),
             "<main class='wrap'>", _tiles(arrow, dated)]

    since = chart_start(dated)
    shown = dated.filter(pc.greater_equal(dated["event_date"], pa.scalar(since, pa.date32()))) \
        if since else dated
    labels, series, unit = time_series(shown)
    older = dated.num_rows - shown.num_rows
    note = (f"{shown.num_rows} dated event(s) by the {unit} of their event_date, stacked by quad "
            f"class; {undated} undated event(s) not shown"
            + (f", nor {older} event(s) dated before {since} (more than a year before the "
               "earliest report: history the articles recall)." if older else "."))
    chart = (stacked_bars(labels, series, title=f"Events per {unit} by quad class")
             if labels else "<p class='empty'>No dated events in this release.</p>")
    parts.append(_section(f"Events per {unit} by quad class", note, chart))

    points = places(events)
    located = sum(p["events"] for p in points)
    parts.append(_section(
        "Where events happened",
        f"{located} event(s) with coordinates at {len(points)} place(s); circle area follows "
        "mentions, colour the most frequent quad class. Hover a circle for details.",
        world_map(points, title="Map of event locations")))

    dyads = top_dyads(arrow, names)
    parts.append(_section(
        "Top dyads", f"The {TOP_DYADS} most frequent source → target pairs (one count per "
        "event × source × target); columns 1–4 are the quad classes (verbal cooperation, "
        "material cooperation, verbal conflict, material conflict).",
        "<div class='row'>" + hbars(dyads, title="Top dyads", chart_id="chart-dyads",
                                    width=540, label_width=280)
        + _dyad_table(dyads) + "</div>"
        if dyads else "<p class='empty'>No event has both a source and a target.</p>"))

    types = event_types(events)
    countries = dict(zip(actors["actor_id"].to_pylist(), actors["country"].to_pylist(),
                         strict=True))
    nodes, edges = strongest_relations(arrow["relations"], names, countries)
    parts.append("<div class='row'>")
    parts.append(_section(
        "Actor network", f"The {len(edges)} strongest relations (by supporting events).",
        network(nodes, edges, title="Actor network") if edges
        else "<p class='empty'>No relations in this release.</p>"))
    parts.append("<div>")
    parts.append(_section("Event types", "Events per PLOVER type, coloured by quad class.",
                          hbars(types, title="Events per type", chart_id="chart-types",
                                label_width=110)
                          if types else "<p class='empty'>No events.</p>"))
    parts.append(_section("Coder accuracy", "Scores of the coder on the gold-standard files "
                          "(eventfold evaluate).", accuracy_table(accuracy)))
    parts.append("</div></div>")
    parts.append("<footer>Generated from the release files by eventfold; every number here "
                 "can be recomputed from the Parquet tables. Checksums: manifest.json. Quality: "
                 "quality/expectations.json.</footer></main></body></html>\n")
    return "".join(parts)


def _head(version: str) -> str:
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>eventfold {esc(version)} — release report</title>"
            f"<style>{CSS}</style></head>")


def _header(version: str, created_at: datetime, coder_version: str) -> str:
    coder = f" · coder {esc(coder_version)}" if coder_version else ""
    return (f"<header><div class='wrap'><h1>eventfold {esc(version)}</h1><p>Political events "
            f"coded from news · released {esc(iso_utc(created_at))}{coder}</p></div></header>")


def _section(title: str, note: str, body: str) -> str:
    return f"<section><h2>{esc(title)}</h2><p class='note'>{esc(note)}</p>{body}</section>"


def _tiles(arrow: dict[str, pa.Table], dated: pa.Table) -> str:
    if dated.num_rows:
        lo, hi = pc.min_max(dated["event_date"]).values()
        span = f"{lo.as_py()} → {hi.as_py()}"
    else:
        span = "none"
    sources = pc.count_distinct(arrow["articles"]["source_name"]).as_py()
    tiles = [(arrow["events"].num_rows, "events"), (arrow["actors"].num_rows, "actors"),
             (arrow["relations"].num_rows, "relations"),
             (arrow["articles"].num_rows, f"articles from {sources} source(s)"),
             (span, "event dates")]
    cells = "".join(f"<div class='tile'><b{' class=range' if label == 'event dates' else ''}>"
                    f"{esc(v)}</b><span>{esc(label)}</span></div>" for v, label in tiles)
    return f"<div class='tiles'>{cells}</div>"


def chart_start(dated: pa.Table) -> dt.date | None:
    """Where the time chart starts: a year before the earliest publication, so that the odd
    event recalled from decades ago does not squeeze the chart; None keeps every date."""
    published = pc.min(dated["first_published_at"]).as_py() if dated.num_rows else None
    if published is None:
        return None
    return published.date() - dt.timedelta(days=HISTORY_DAYS)


def time_series(dated: pa.Table) -> tuple[list[str], dict[int, list[int]], str]:
    """Bucket labels, counts per quad class per bucket (gaps filled with 0), and the unit."""
    if not dated.num_rows:
        return [], {q: [] for q in QUAD_NAMES}, "week"
    days = pc.cast(dated["event_date"], pa.int32()).to_pylist()
    quads = dated["quad_class"].to_pylist()
    first, last = min(days), max(days)
    if (last - first) / 7 <= WEEKS_MAX:
        unit = "week"
        bucket = [d - (d + 3) % 7 for d in days]  # Monday of the week (1970-01-01: Thursday)
        start, stop = min(bucket), max(bucket)
        keys = list(range(start, stop + 1, 7))
        labels = [str(EPOCH + dt.timedelta(days=k)) for k in keys]
    else:
        unit = "month"
        dates = [EPOCH + dt.timedelta(days=d) for d in days]
        bucket = [x.year * 12 + x.month - 1 for x in dates]
        keys = list(range(min(bucket), max(bucket) + 1))
        labels = [f"{k // 12}-{k % 12 + 1:02d}" for k in keys]
    position = {k: i for i, k in enumerate(keys)}
    series = {q: [0] * len(keys) for q in QUAD_NAMES}
    for b, q in zip(bucket, quads, strict=True):
        series[q][position[b]] += 1
    return labels, series, unit


def event_types(events: pa.Table) -> list[tuple[str, dict[int, int]]]:
    counts: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    grouped = events.group_by(["event_type", "quad_class"]).aggregate([("event_id", "count")])
    for row in grouped.to_pylist():
        counts[row["event_type"]][row["quad_class"]] += row["event_id_count"]
    return sorted(((t, dict(c)) for t, c in counts.items()),
                  key=lambda r: (-sum(r[1].values()), r[0]))


def top_dyads(arrow: dict[str, pa.Table], names: dict[str, str]) -> list[tuple[str, dict]]:
    ea = arrow["event_actors"]
    src = ea.filter(pc.equal(ea["role"], "source")).select(["event_id", "actor_id"]) \
        .rename_columns(["event_id", "source"])
    tgt = ea.filter(pc.equal(ea["role"], "target")).select(["event_id", "actor_id"]) \
        .rename_columns(["event_id", "target"])
    if not src.num_rows or not tgt.num_rows:
        return []
    pairs = src.join(tgt, "event_id", join_type="inner").join(
        arrow["events"].select(["event_id", "quad_class"]), "event_id", join_type="inner")
    grouped = pairs.group_by(["source", "target", "quad_class"]).aggregate(
        [("event_id", "count")])
    counts: dict[tuple[str, str], dict[int, int]] = defaultdict(dict)
    for row in grouped.to_pylist():
        counts[(row["source"], row["target"])][row["quad_class"]] = row["event_id_count"]
    ranked = sorted(counts.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))[:TOP_DYADS]
    return [(f"{names.get(s, s)} → {names.get(t, t)}", dict(sorted(c.items())))
            for (s, t), c in ranked]


def _dyad_table(dyads: list[tuple[str, dict]]) -> str:
    head = "".join(f"<th class='n'>{q}</th>" for q in (1, 2, 3, 4))
    rows = "".join(
        f"<tr><td>{esc(label)}</td>"
        + "".join(f"<td class='n'>{c.get(q, 0)}</td>" for q in (1, 2, 3, 4))
        + f"<td class='n'><b>{sum(c.values())}</b></td></tr>" for label, c in dyads)
    return (f"<table id='table-dyads'><thead><tr><th>source → target</th>{head}"
            f"<th class='n'>all</th></tr></thead><tbody>{rows}</tbody></table>")


def places(events: pa.Table) -> list[dict]:
    """One point per (latitude, longitude): events, mentions, most frequent quad class."""
    located = events.filter(pc.and_(pc.is_valid(events["latitude"]),
                                    pc.is_valid(events["longitude"])))
    if not located.num_rows:
        return []
    grouped = located.group_by(["latitude", "longitude", "location_name", "quad_class"]) \
        .aggregate([("event_id", "count"), ("num_mentions", "sum")])
    acc: dict[tuple[float, float], dict] = {}
    for row in sorted(grouped.to_pylist(), key=lambda r: (r["latitude"], r["longitude"],
                                                          r["location_name"] or "",
                                                          r["quad_class"])):
        key = (row["latitude"], row["longitude"])
        p = acc.setdefault(key, {"lat": key[0], "lon": key[1], "label": row["location_name"]
                                 or f"{key[0]:.2f}, {key[1]:.2f}", "events": 0,
                                 "mentions": 0, "quads": defaultdict(int)})
        p["events"] += row["event_id_count"]
        p["mentions"] += row["num_mentions_sum"] or 0
        p["quads"][row["quad_class"]] += row["event_id_count"]
    points = sorted(acc.values(), key=lambda p: (-p["mentions"], -p["events"], p["lat"],
                                                 p["lon"]))[:MAX_POINTS]
    for p in points:
        p["quad"] = min(p.pop("quads").items(), key=lambda kv: (-kv[1], kv[0]))[0]
        p["mentions"] = max(p["mentions"], 1)
    return points


def strongest_relations(relations: pa.Table, names: dict[str, str],
                        countries: dict[str, str | None] | None = None) -> tuple[list, list]:
    """The MAX_EDGES relations with most events, and their actors ordered by country (so that
    a state and its organs sit side by side on the circle)."""
    countries = countries or {}
    rows = sorted(relations.select(["relation_id", "source_actor_id", "target_actor_id",
                                    "relation_type", "num_events"]).to_pylist(),
                  key=lambda r: (-r["num_events"], r["relation_id"]))[:MAX_EDGES]
    weight: dict[str, int] = defaultdict(int)
    edges = []
    for r in rows:
        s, t = r["source_actor_id"], r["target_actor_id"]
        weight[s] += r["num_events"]
        weight[t] += r["num_events"]
        edges.append({"source": s, "target": t, "type": r["relation_type"],
                      "events": r["num_events"],
                      "label": f"{names.get(s, s)} {r['relation_type'].replace('_', ' ')} "
                               f"{names.get(t, t)}: {r['num_events']} event(s)"})
    nodes = [{"id": a, "label": names.get(a, a), "weight": w} for a, w in weight.items()]
    nodes.sort(key=lambda n: (countries.get(n["id"]) or "~", n["label"].lower(), n["id"]))
    return nodes, edges


def _flatten(d: dict, prefix: str = "") -> list[tuple[str, object]]:
    out = []
    for k, v in d.items():
        if isinstance(v, dict) and v:
            out += _flatten(v, f"{prefix}{k} / ")
        else:
            out.append((f"{prefix}{k}", v))
    return out


def _fmt(v: object) -> str:
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def accuracy_table(accuracy: dict | None) -> str:
    """A table of the accuracy measures: one row per measure and one column per gold set when
    every top-level value is a flat dict of numbers, else one row per (flattened) measure."""
    if not accuracy:
        return "<p class='empty'>Not measured in this release.</p>"
    flat_sets = all(isinstance(v, dict) and v and not any(isinstance(x, (dict, list))
                                                          for x in v.values())
                    for v in accuracy.values())
    if flat_sets:
        sets = sorted(accuracy)
        measures = sorted({m for v in accuracy.values() for m in v})
        head = "".join(f"<th class='n'>{esc(name)}</th>" for name in sets)
        rows = "".join(f"<tr><td>{esc(m)}</td>"
                       + "".join(f"<td class='n'>{esc(_fmt(accuracy[name].get(m, '')))}</td>"
                                 for name in sets) + "</tr>"
                       for m in measures)
        return (f"<table id='table-accuracy'><thead><tr><th>measure</th>{head}</tr></thead>"
                f"<tbody>{rows}</tbody></table>")
    rows = "".join(f"<tr><td>{esc(k)}</td><td class='n'>{esc(_fmt(v))}</td></tr>"
                   for k, v in _flatten(accuracy))
    return (f"<table id='table-accuracy'><thead><tr><th>measure</th><th class='n'>value</th>"
            f"</tr></thead><tbody>{rows}</tbody></table>")


__all__ = ["render_report", "QUAD_COLORS"]
