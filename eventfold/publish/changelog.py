"""CHANGELOG.md of a release: the diff against the previous release, for people to read."""

from __future__ import annotations

import json

EXAMPLES_SHOWN = 20


def _key(value: str | list) -> str:
    return f"`{value}`" if isinstance(value, str) else f"`{json.dumps(value)}`"


def render_changelog(version: str, date: str, diff: dict) -> str:
    prev = diff["previous_version"]
    lines = [f"# eventfold {version} ({date})", ""]
    if prev is None:
        lines += ["First release: every row and column is new.", ""]
    else:
        lines += [f"Changes since release {prev}, by primary key. A row is *changed* when any "
                  "of its other columns differs.", ""]
    lines += ["## Rows", "",
              "| table | before | after | added | removed | changed |",
              "|---|---:|---:|---:|---:|---:|"]
    for name, t in diff["tables"].items():
        lines.append(f"| {name} | {t['rows_before']} | {t['rows_after']} | {t['added']} | "
                     f"{t['removed']} | {t['changed']} |")
    lines.append("")

    events = diff["tables"].get("events")
    if events and prev is not None:
        lines += ["## Events", ""]
        if not (events["added"] or events["removed"] or events["changed"]):
            lines.append("No events added, removed or changed.")
        for what in ("added", "removed", "changed"):
            ids = events["examples"][what]
            if not ids:
                continue
            more = events[what] - min(len(ids), EXAMPLES_SHOWN)
            shown = ", ".join(_key(i) for i in ids[:EXAMPLES_SHOWN])
            lines.append(f"- {what} ({events[what]}): {shown}" + (f" and {more} more" if more
                                                                    else ""))
        if events["columns_changed"]:
            cols = ", ".join(f"{c} ({n})" for c, n in sorted(events["columns_changed"].items()))
            lines.append(f"- columns that changed in changed events: {cols}")
        lines += ["", "Up to 50 example ids of each kind are in `diff.json`.", ""]

    actors = diff["actors_new"]
    lines += ["## New actors", ""]
    if actors["count"] == 0:
        lines += ["None.", ""]
    else:
        lines.append(f"{actors['count']} new actor(s)"
                     + (", for example:" if actors["count"] > len(actors["examples"]) else ":"))
        lines.append("")
        for a in actors["examples"][:EXAMPLES_SHOWN]:
            country = f", {a['country']}" if a.get("country") else ""
            lines.append(f"- `{a['actor_id']}` {a['name']} ({a['actor_type']}{country})")
        lines.append("")

    lines += ["## Schema", ""]
    schema_lines = []
    for name, s in diff["schema_changes"].items():
        if prev is not None and s["table"] != "kept":
            schema_lines.append(f"- table `{name}` {s['table']}")
            continue
        if prev is None:
            continue
        for c in s["columns_added"]:
            schema_lines.append(f"- `{name}.{c}` added")
        for c in s["columns_removed"]:
            schema_lines.append(f"- `{name}.{c}` removed")
        for r in s["columns_retyped"]:
            schema_lines.append(f"- `{name}.{r['column']}` retyped: {r['before']} -> {r['after']}")
    if prev is None:
        schema_lines = ["All tables and columns are new (see the data dictionary in README.md)."]
    lines += (schema_lines or ["No schema changes."]) + [""]
    sv = diff.get("schema_version")
    if sv and sv.get("bump"):
        why = ("breaking: a column or table was removed or retyped" if sv["bump"] == "major"
               else "columns or tables were added")
        lines += [f"Schema version {sv['previous']} -> {sv['version']} ({sv['bump']}: {why}).",
                  ""]
    return "\n".join(lines)
