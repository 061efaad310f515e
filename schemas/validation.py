"""pandera schemas generated from the catalogue, and whole-release validation.

`validate_tables` checks every table (types, enums, patterns, ranges, nulls, primary keys) and
every foreign key between tables, and returns a report whose failures say which table, column,
check and example values went wrong. Nothing here raises on bad data; `ValidationFailed` is
raised by `require_valid` so that callers choose.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import pandera.pandas as pa

from schemas.arrow import pandas_dtype
from schemas.catalogue import CATALOGUE, FieldSpec, TableSpec

MAX_EXAMPLES = 5


def _checks(spec: FieldSpec) -> list[pa.Check]:
    checks: list[pa.Check] = []
    if spec.enum is not None:
        checks.append(pa.Check.isin(CATALOGUE.enum(spec.enum), name=f"in {spec.enum}"))
    if spec.pattern is not None:
        checks.append(pa.Check.str_matches(spec.pattern, name=f"matches {spec.pattern}"))
    if spec.min is not None:
        checks.append(pa.Check.ge(spec.min, name=f">= {spec.min}"))
    if spec.max is not None:
        checks.append(pa.Check.le(spec.max, name=f"<= {spec.max}"))
    return checks


def pandera_schema(table: str | TableSpec) -> pa.DataFrameSchema:
    spec = CATALOGUE.table(table) if isinstance(table, str) else table
    columns = {
        f.name: pa.Column(
            pandas_dtype(f),
            checks=_checks(f) if f.type != "list" else [],
            nullable=f.nullable,
            description=f.description,
        )
        for f in spec.fields
    }
    return pa.DataFrameSchema(
        columns,
        name=spec.name,
        strict=True,
        ordered=True,
        unique=list(spec.primary_key),
        report_duplicates="all",
    )


@dataclass
class Failure:
    table: str
    column: str | None
    check: str
    examples: list[str]
    count: int

    def __str__(self) -> str:
        col = f".{self.column}" if self.column else ""
        ex = ", ".join(self.examples)
        return f"{self.table}{col}: {self.check} failed for {self.count} value(s), e.g. {ex}"


@dataclass
class ValidationReport:
    tables: dict[str, int] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def to_dict(self) -> dict:
        return {
            "ok": self.ok,
            "rows": self.tables,
            "failures": [f.__dict__ for f in self.failures],
        }

    def __str__(self) -> str:
        if self.ok:
            return "validation passed: " + ", ".join(f"{t} {n}" for t, n in self.tables.items())
        lines = [f"validation failed ({len(self.failures)} problem(s)):"]
        lines += [f"  - {f}" for f in self.failures]
        return "\n".join(lines)


class ValidationFailed(Exception):
    def __init__(self, report: ValidationReport) -> None:
        super().__init__(str(report))
        self.report = report


def validate_table(table: str, frame: pd.DataFrame) -> list[Failure]:
    try:
        pandera_schema(table).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        return _failures_from(table, exc.failure_cases)
    return []


def _failures_from(table: str, cases: pd.DataFrame) -> list[Failure]:
    failures = []
    cases = cases.copy()
    cases["column"] = cases["column"].astype("object")
    for (column, check), grp in cases.groupby(["column", "check"], dropna=False, sort=True):
        examples = [repr(v) for v in grp["failure_case"].drop_duplicates().head(MAX_EXAMPLES)]
        column = None if pd.isna(column) else str(column)
        check = str(check)
        if check.startswith("isin("):
            check = "value in the allowed set"
        failures.append(Failure(table, column, check, examples, len(grp)))
    return failures


def validate_foreign_keys(tables: dict[str, pd.DataFrame]) -> list[Failure]:
    failures = []
    for name, spec in CATALOGUE.tables.items():
        if name not in tables:
            continue
        for fk in spec.foreign_keys:
            if fk.table not in tables:
                failures.append(Failure(name, None, f"foreign key table {fk.table} present",
                                        [fk.table], 1))
                continue
            child = tables[name][list(fk.fields)].dropna()
            parent = tables[fk.table][list(fk.ref_fields)]
            keys = set(map(tuple, parent.astype(str).itertuples(index=False)))
            orphans = [t for t in map(tuple, child.astype(str).itertuples(index=False))
                       if t not in keys]
            if orphans:
                cols = ",".join(fk.fields)
                ref = f"{fk.table}.{','.join(fk.ref_fields)}"
                examples = [repr(o[0] if len(o) == 1 else o) for o in sorted(set(orphans))]
                failures.append(Failure(name, cols, f"foreign key -> {ref}",
                                        examples[:MAX_EXAMPLES], len(orphans)))
    return failures


def validate_tables(tables: dict[str, pd.DataFrame]) -> ValidationReport:
    report = ValidationReport()
    for name in CATALOGUE.tables:
        if name not in tables:
            report.failures.append(Failure(name, None, "table present", ["missing"], 1))
            continue
        report.tables[name] = len(tables[name])
        report.failures.extend(validate_table(name, tables[name]))
    report.failures.extend(validate_foreign_keys(tables))
    return report


def require_valid(tables: dict[str, pd.DataFrame]) -> ValidationReport:
    report = validate_tables(tables)
    if not report.ok:
        raise ValidationFailed(report)
    return report
