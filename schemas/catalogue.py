"""Load the field catalogue (fields.yaml, tables.yaml, enums.yaml) into typed objects.

Every other description of a column (pandera, Arrow, datapackage.json, data card) is built
from these objects, so a column is named, typed and described in exactly one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from typing import Any

import pycountry
import yaml

TYPES = ("string", "integer", "number", "date", "timestamp", "list")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str
    description: str
    nullable: bool = False
    enum: str | None = None
    pattern: str | None = None
    min: float | None = None
    max: float | None = None


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    table: str
    ref_fields: tuple[str, ...]


@dataclass(frozen=True)
class TableSpec:
    name: str
    description: str
    fields: tuple[FieldSpec, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = field(default_factory=tuple)

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]


class Catalogue:
    """The parsed catalogue: fields, tables and enum value sets."""

    def __init__(self, fields_doc: dict, tables_doc: dict, enums_doc: dict) -> None:
        self.schema_version: str = str(fields_doc["schema_version"])
        self.fields: dict[str, FieldSpec] = {}
        for name, spec in fields_doc["fields"].items():
            if spec["type"] not in TYPES:
                raise ValueError(f"field {name}: unknown type {spec['type']!r}")
            self.fields[name] = FieldSpec(name=name, **spec)
        self._enums_doc = enums_doc
        self.tables: dict[str, TableSpec] = {}
        for tname, spec in tables_doc["tables"].items():
            missing = [f for f in spec["fields"] if f not in self.fields]
            if missing:
                raise ValueError(f"table {tname}: fields not in the catalogue: {missing}")
            fks = tuple(
                ForeignKey(tuple(fk["fields"]), fk["reference"]["table"],
                           tuple(fk["reference"]["fields"]))
                for fk in spec.get("foreign_keys", [])
            )
            self.tables[tname] = TableSpec(
                name=tname,
                description=spec["description"],
                fields=tuple(self.fields[f] for f in spec["fields"]),
                primary_key=tuple(spec["primary_key"]),
                foreign_keys=fks,
            )
        for f in self.fields.values():
            if f.enum is not None:
                self.enum(f.enum)  # fail early on an unknown value set

    @cached_property
    def iso3_codes(self) -> frozenset[str]:
        codes = {c.alpha_3 for c in pycountry.countries}
        codes.update(self._enums_doc.get("iso3_additions", {}))
        return frozenset(codes)

    def enum(self, name: str) -> list[Any]:
        if name == "iso3":
            return sorted(self.iso3_codes)
        if name not in self._enums_doc:
            raise KeyError(f"unknown value set {name!r} in enums.yaml")
        return list(self._enums_doc[name])

    def table(self, name: str) -> TableSpec:
        return self.tables[name]


def _load(name: str) -> dict:
    return yaml.safe_load(resources.files("schemas").joinpath(name).read_text("utf-8"))


def load_catalogue() -> Catalogue:
    return Catalogue(_load("fields.yaml"), _load("tables.yaml"), _load("enums.yaml"))


CATALOGUE = load_catalogue()
TABLE_NAMES: tuple[str, ...] = tuple(CATALOGUE.tables)
