"""The release's `datapackage.json`: a Frictionless tabular data package built from the catalogue.

One resource per table per format (`<table>-parquet`, `<table>-csv`), each with the catalogue
schema (types, descriptions, constraints), primary and foreign keys, bytes and sha256.
"""

from __future__ import annotations

from datetime import datetime

from eventfold.publish.files import iso_utc
from schemas.catalogue import CATALOGUE, FieldSpec, TableSpec

NAME = "eventfold"
TITLE = "eventfold: political events coded from news"
DESCRIPTION = (
    "An open, versioned dataset of political events (who did what to whom, when and where) "
    "coded from news articles with the PLOVER 2.0 ontology, with the actors and the relations "
    "between them, and provenance down to the character span of each report."
)
LICENSES = [{
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}]
KEYWORDS = ["political events", "event data", "PLOVER", "news", "actors"]

FRICTIONLESS_TYPES = {
    "string": "string",
    "integer": "integer",
    "number": "number",
    "date": "date",
    "timestamp": "datetime",
    "list": "array",
}

FORMATS = {
    "parquet": {"format": "parquet", "mediatype": "application/vnd.apache.parquet"},
    "csv": {"format": "csv", "mediatype": "text/csv", "compression": "gz",
            "encoding": "utf-8"},
}


def resource_name(table: str, fmt: str) -> str:
    return f"{table}-{fmt}"


def resource_path(table: str, fmt: str) -> str:
    return f"{table}.parquet" if fmt == "parquet" else f"csv/{table}.csv.gz"


def field_descriptor(spec: FieldSpec, primary_key: tuple[str, ...]) -> dict:
    constraints: dict = {}
    if not spec.nullable or spec.name in primary_key:
        constraints["required"] = True
    if spec.enum is not None:
        constraints["enum"] = CATALOGUE.enum(spec.enum)
    if spec.pattern is not None:
        constraints["pattern"] = spec.pattern
    if spec.min is not None:
        constraints["minimum"] = _number(spec.min, spec)
    if spec.max is not None:
        constraints["maximum"] = _number(spec.max, spec)
    out = {
        "name": spec.name,
        "type": FRICTIONLESS_TYPES[spec.type],
        "description": spec.description,
    }
    if constraints:
        out["constraints"] = constraints
    return out


def _number(value: float, spec: FieldSpec) -> int | float:
    return int(value) if spec.type == "integer" or float(value).is_integer() else float(value)


def table_schema(spec: TableSpec, fmt: str) -> dict:
    schema: dict = {
        "fields": [field_descriptor(f, spec.primary_key) for f in spec.fields],
        "primaryKey": list(spec.primary_key),
    }
    if spec.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": list(fk.fields),
             "reference": {"resource": resource_name(fk.table, fmt), "fields": list(fk.ref_fields)}}
            for fk in spec.foreign_keys
        ]
    if fmt == "csv":
        schema["missingValues"] = [""]
    return schema


def resource_descriptor(table: str, fmt: str, file_entry: dict | list[dict]) -> dict:
    """One resource; a list of entries is a table split into parts (events by year): its
    `path` lists the parts, whose sha256 are in manifest.json."""
    spec = CATALOGUE.table(table)
    parts = file_entry if isinstance(file_entry, list) else [file_entry]
    res = {
        "name": resource_name(table, fmt),
        "path": parts[0].get("path", resource_path(table, fmt)) if len(parts) == 1
        else [p["path"] for p in parts],
        "profile": "tabular-data-resource",
        "title": f"{table} ({'Parquet' if fmt == 'parquet' else 'gzipped CSV'})",
        "description": spec.description,
        "bytes": sum(p["bytes"] for p in parts),
        "schema": table_schema(spec, fmt),
    }
    if len(parts) == 1:
        res["hash"] = f"sha256:{parts[0]['sha256']}"
    res.update(FORMATS[fmt])
    if fmt == "csv":
        res["dialect"] = {"delimiter": ",", "lineTerminator": "\n", "quoteChar": '"',
                          "doubleQuote": True, "header": True}
    return res


def table_entries(table: str, fmt: str, file_entries: dict[str, dict]) -> list[dict]:
    """The manifest entries of one table in one format: its file, or its partitions."""
    single = resource_path(table, fmt)
    if single in file_entries:
        return [{"path": single, **file_entries[single]}]
    if fmt == "parquet":
        parts = [{"path": p, **e} for p, e in sorted(file_entries.items())
                 if p.startswith(f"{table}/") and p.endswith(".parquet")]
        if parts:
            return parts
    raise KeyError(f"no {fmt} file for table {table} in the release")


def build_datapackage(version: str, created_at: datetime, file_entries: dict[str, dict]) -> dict:
    """The descriptor; `file_entries` maps a resource path (e.g. "csv/events.csv.gz") to its
    manifest entry (bytes, sha256)."""
    resources = [
        resource_descriptor(table, fmt, table_entries(table, fmt, file_entries))
        for fmt in ("parquet", "csv")
        for table in CATALOGUE.tables
    ]
    return {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": TITLE,
        "description": DESCRIPTION,
        "version": version,
        "created": iso_utc(created_at),
        "licenses": LICENSES,
        "keywords": KEYWORDS,
        "resources": resources,
    }

