"""README.md of a release: the data card (what, this release, how made, accuracy, dictionary,
how to load, CSV notes, licence, validation), with the dictionary generated from the catalogue.
"""

from __future__ import annotations

import json
from datetime import datetime

from eventfold.publish.datapackage import LICENSES
from eventfold.publish.files import iso_utc
from schemas.catalogue import CATALOGUE, FieldSpec, TableSpec
from schemas.validation import ValidationReport

MAX_ENUM_SHOWN = 20
MAX_INPUTS_SHOWN = 20

WHAT = (
    "eventfold is an open pipeline that turns news articles into a versioned dataset of "
    "political events: who did what to whom, when and where, coded with the PLOVER 2.0 "
    "ontology, with the actors and the relations between them. Every event is traceable to the "
    "sentences that report it, and every release carries checksums, a changelog and a "
    "validation report."
)

HOW_MADE = [
    ("ingest", "sources (files, JSONL, HTML, WARC, feeds) become normalized, content-addressed "
               "`articles`; unusable inputs go to `quarantine` with a reason"),
    ("code", "each article is coded into event mentions with actors, type, date, place, "
             "character spans and confidence"),
    ("normalize", "mentions are merged into deduplicated `events`, canonical `actors`, "
                  "`event_actors` and `relations`"),
    ("validate", "every table is checked against the field catalogue (types, allowed values, "
                 "patterns, ranges, keys, foreign keys); a failure blocks the release"),
    ("publish", "Parquet and CSV files, this data card, the changelog and the manifest are "
                "written to a temporary folder and renamed into place atomically"),
]

LOADING = '''```python
import pandas as pd
events = pd.read_parquet("events.parquet", dtype_backend="pyarrow")  # dates stay dates

import polars as pl
events = pl.read_parquet("events.parquet")
```

```sql
-- DuckDB
SELECT e.event_type, a.name, count(*) AS n
FROM 'events.parquet' e
JOIN 'event_actors.parquet' ea USING (event_id)
JOIN 'actors.parquet' a USING (actor_id)
WHERE ea.role = 'source'
GROUP BY ALL ORDER BY n DESC LIMIT 10;
```

```r
library(arrow)
events <- read_parquet("events.parquet")
```

With the eventfold package installed, `eventfold.load_release(".")` loads this release
folder as pandas frames with Arrow dtypes, plus `events_flat` (one row per event × source ×
target, with actor names, countries and sectors), `.as_duckdb()` and `.as_polars()`;
`eventfold download --from URL --to DIR` fetches a release and checks every sha256.

The CSV files read with any CSV reader, e.g.
`pd.read_csv("csv/events.csv.gz", keep_default_na=False, na_values=[""])`;
`datapackage.json` describes them (Frictionless Data Package) for `frictionless validate`.
'''

CSV_NOTES = (
    "CSV files are UTF-8 with a header row; dates are `YYYY-MM-DD`, timestamps ISO 8601 in UTC "
    "(`2022-06-14T09:30:00Z`), lists are JSON arrays, and an empty cell is a null.\n\n"
    "**Formula escaping:** to protect spreadsheet users from formula injection, a text cell "
    "that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is written with a leading "
    "apostrophe (`'=…`). Numbers are never escaped. The Parquet files hold the original values; "
    "use them when exact text matters."
)


def _md(text: str) -> str:
    return (str(text).replace("|", "\\|").replace("\n", " ")
            .replace("<", "&lt;").replace(">", "&gt;"))


def _value(v) -> str:
    if isinstance(v, float):
        return f"{v:.3f}"
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False, sort_keys=True)
    return str(v)


def _flatten(d: dict, prefix: str = "") -> list[tuple[str, object]]:
    out = []
    for k, v in d.items():
        name = f"{prefix}{k}"
        if isinstance(v, dict) and v:
            out += _flatten(v, f"{name} / ")
        else:
            out.append((name, v))
    return out


def _type_text(f: FieldSpec, pk: tuple[str, ...]) -> str:
    text = {"timestamp": "timestamp (UTC)", "list": "list of strings"}.get(f.type, f.type)
    if f.name in pk:
        text += ", key"
    elif f.nullable:
        text += ", nullable"
    return text


def _description(f: FieldSpec) -> str:
    text = f.description
    if f.enum == "iso3":
        text += " Values: ISO 3166-1 alpha-3 codes."
    elif f.enum is not None:
        values = CATALOGUE.enum(f.enum)
        if len(values) <= MAX_ENUM_SHOWN:
            text += " Values: " + ", ".join(str(v) for v in values) + "."
    return _md(text)


def dictionary_section(spec: TableSpec, rows: int | None) -> list[str]:
    lines = [f"### `{spec.name}`" + (f" ({rows} rows)" if rows is not None else ""), "",
             spec.description, "", f"Primary key: {', '.join(spec.primary_key)}."]
    for fk in spec.foreign_keys:
        lines.append(f"`{', '.join(fk.fields)}` refers to `{fk.table}.{', '.join(fk.ref_fields)}`.")
    lines += ["", "| column | type | description |", "|---|---|---|"]
    lines += [f"| `{f.name}` | {_type_text(f, spec.primary_key)} | {_description(f)} |"
              for f in spec.fields]
    return lines + [""]


def render_readme(*, version: str, created_at: datetime, coder_version: str,
                  source_snapshot: dict, accuracy: dict | None, rows: dict[str, int],
                  report: ValidationReport, previous_version: str | None,
                  data_files: list[dict], schema_version: str | None = None,
                  quality: dict | None = None) -> str:
    lines = [f"# eventfold {version}", "", WHAT, ""]

    lines += ["## This release", "",
              f"- version: **{version}**",
              f"- created: {iso_utc(created_at)}",
              f"- coder version: `{coder_version}`",
              f"- schema version: {schema_version or CATALOGUE.schema_version}",
              f"- previous release: {previous_version or 'none (first release)'} "
              "(changes in `CHANGELOG.md` and `diff.json`)", "",
              "| table | rows |", "|---|---:|"]
    lines += [f"| {name} | {n} |" for name, n in rows.items()]
    lines += ["", "Source snapshot:", ""]
    for key, value in sorted(source_snapshot.items()):
        if isinstance(value, list) and len(value) > MAX_INPUTS_SHOWN:
            shown = ", ".join(_md(_value(v)) for v in value[:MAX_INPUTS_SHOWN])
            lines.append(f"- {key}: {shown}, … ({len(value)} in all, see manifest.json)")
        else:
            lines.append(f"- {key}: {_md(_value(value))}")
    lines.append("")

    lines += ["## How it was made", ""]
    lines += [f"{i}. **{step}**: {text}." for i, (step, text) in enumerate(HOW_MADE, 1)]
    lines.append("")

    lines += ["## Accuracy", ""]
    if accuracy:
        lines += ["| measure | value |", "|---|---:|"]
        lines += [f"| {_md(k)} | {_md(_value(v))} |" for k, v in _flatten(accuracy)]
    else:
        lines.append("Not measured in this release.")
    lines.append("")

    lines += ["## Files", "", "| file | bytes | rows |", "|---|---:|---:|"]
    lines += [f"| `{f['path']}` | {f['bytes']} | {'' if f['rows'] is None else f['rows']} |"
              for f in sorted(data_files, key=lambda f: f["path"])]
    lines += ["", "`manifest.json` lists the sha256 of every file; `datapackage.json` is the "
              "Frictionless descriptor; `quality/` holds the validation results; "
              "`report.html` shows the release in charts (open it in a browser, no network "
              "needed).", ""]
    if any("/" in f["path"] and f["path"].endswith(".parquet") for f in data_files):
        lines += [PARTITIONED_NOTE, ""]

    lines += ["## Data dictionary", ""]
    for spec in CATALOGUE.tables.values():
        lines += dictionary_section(spec, rows.get(spec.name))

    lines += ["## How to load", "", LOADING, "## CSV files", "", CSV_NOTES, ""]

    lic = LICENSES[0]
    lines += ["## Licence", "",
              f"The data are released under [{lic['title']}]({lic['path']}) ({lic['name']}): "
              "reuse them freely and credit eventfold. Article texts are not redistributed: "
              "`articles` holds their URLs and titles, `mentions` short trigger words and "
              "character offsets.", ""]

    lines += ["## Validation", "", _md(str(report)) if report.ok else "Validation failed.",
              "", f"{len(report.failures)} problem(s) found; details in "
              "`quality/validation.json`.", ""]
    lines += quality_section(quality)
    return "\n".join(lines)


PARTITIONED_NOTE = (
    "`events` is split by year of `event_date` (`events/year=YYYY/part-0.parquet`, undated "
    "events in `events/year=undated/`): read the folder, e.g. `pd.read_parquet(\"events/\")`, "
    "`pl.read_parquet(\"events/**/*.parquet\")` or DuckDB "
    "`read_parquet('events/*/*.parquet', hive_partitioning = true)`; "
    "`eventfold.load_release` handles both layouts."
)


def quality_section(quality: dict | None) -> list[str]:
    """The Great Expectations summary: passed/failed expectations per table, and failures."""
    lines = ["## Quality report", ""]
    if not quality or quality.get("skipped"):
        return lines + ["The Great Expectations suite was not run for this release.", ""]
    if quality.get("error"):
        return lines + [f"The Great Expectations suite could not run: {_md(quality['error'])}",
                        ""]
    lines += ["A Great Expectations suite per table (row count against the previous release, "
              "nulls, allowed values, identifier formats, ranges, key uniqueness, foreign keys, "
              "no event dated after its first publication) describes this release; it is a "
              "report, not a gate. Details: `quality/expectations.json`; Data Docs: "
              "`quality/data_docs/index.html` (their styles load from the web).", "",
              "| table | expectations | passed | failed |", "|---|---:|---:|---:|"]
    failures = []
    found = quality.get("tables", {})
    for name in sorted(found, key=lambda n: (n not in CATALOGUE.tables,
                                             list(CATALOGUE.tables).index(n)
                                             if n in CATALOGUE.tables else 0, n)):
        t = found[name]
        lines.append(f"| {name} | {t['evaluated']} | {t['passed']} | {t['failed']} |")
        for e in t["expectations"]:
            if not e["success"]:
                what = e["kwargs"].get("column") or ", ".join(e["kwargs"].get("column_list", []))
                seen = e.get("observed_value", e.get("unexpected_count", ""))
                keys = e.get("unexpected_keys")
                failures.append(f"- `{name}`: {e['expectation']}"
                                + (f" on `{what}`" if what else "")
                                + f" ({_md(e['why'])}; observed: {_md(_value(seen))})"
                                + (f", e.g. {', '.join(f'`{_value(k)}`' for k in keys)}"
                                   if keys else ""))
    lines += [f"| all | {quality.get('evaluated', 0)} | {quality.get('passed', 0)} | "
              f"{quality.get('failed', 0)} |", ""]
    if failures:
        lines += ["Failed expectations:", ""] + failures + [""]
    return lines
