"""The release quality checks, as plain data: one list of expectations per table, built from
the field catalogue (nulls, allowed values, patterns, ranges, keys, foreign keys, dates).

No Great Expectations import here (quality.py turns these into a GX suite); checks that span
tables or columns are computed as boolean helper columns that the suite then expects to be true.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from schemas.catalogue import CATALOGUE, TableSpec

ROW_COUNT_TOLERANCE = 0.5  # a release may hold 50% fewer or more rows than the previous one


@dataclass(frozen=True)
class Check:
    """One expectation: a GX expectation class name and its keyword arguments."""

    expectation: str
    kwargs: dict = field(default_factory=dict)
    why: str = ""


def row_count_bounds(previous_rows: int | None) -> tuple[int, int | None]:
    """Allowed rows given the previous release's count: ±50%, or at least 0 without one."""
    if not previous_rows:
        return 0, None
    return (math.ceil(previous_rows * (1 - ROW_COUNT_TOLERANCE)),
            math.floor(previous_rows * (1 + ROW_COUNT_TOLERANCE)))


def _fk_column(fields: tuple[str, ...], table: str) -> str:
    return f"check__{'_'.join(fields)}_in_{table}"


DATE_ORDER_EVENTS = "check__event_date_not_after_first_published"
DATE_ORDER_SEEN = "check__first_seen_not_after_last_seen"


def helper_columns(name: str, tables: dict[str, pd.DataFrame]) -> dict[str, pd.Series]:
    """Boolean columns for the checks GX cannot express on one column: foreign keys (every
    value found in the parent table; nulls pass) and date order (nulls pass)."""
    spec = CATALOGUE.table(name)
    frame = tables[name]
    out: dict[str, pd.Series] = {}
    for fk in spec.foreign_keys:
        parent = tables.get(fk.table)
        child = frame[list(fk.fields)].astype(object)
        if parent is None:
            ok = pd.Series(False, index=frame.index)
        elif len(fk.fields) == 1:  # the common case, vectorised
            values = child.iloc[:, 0]
            ok = (values.isna() | values.isin(set(parent[fk.ref_fields[0]].dropna()))).astype(
                bool)
        else:
            keys = set(map(tuple, parent[list(fk.ref_fields)].astype(object)
                           .itertuples(index=False)))
            ok = pd.Series([any(pd.isna(v) for v in row) or tuple(row) in keys
                            for row in child.itertuples(index=False)], index=frame.index,
                           dtype=bool)
        out[_fk_column(fk.fields, fk.table)] = ok
    if name == "events":
        published = frame["first_published_at"].dt.tz_convert("UTC").dt.date
        out[DATE_ORDER_EVENTS] = _not_after(frame["event_date"], published)
    if {"first_seen", "last_seen"} <= set(frame.columns):
        out[DATE_ORDER_SEEN] = _not_after(frame["first_seen"], frame["last_seen"])
    return out


def _not_after(first: pd.Series, second: pd.Series) -> pd.Series:
    """first <= second, row by row; a null on either side passes."""
    import pyarrow as pa
    import pyarrow.compute as pc

    a = pa.array(first.astype(object), type=pa.date32(), from_pandas=True)
    b = pa.array(second.astype(object), type=pa.date32(), from_pandas=True)
    ok = pc.fill_null(pc.less_equal(a, b), True)
    return pd.Series(ok.to_numpy(zero_copy_only=False), index=first.index, dtype=bool)


def table_checks(spec: TableSpec, previous_rows: int | None) -> list[Check]:
    """The expectations of one table, in a fixed order."""
    low, high = row_count_bounds(previous_rows)
    checks = [Check("ExpectTableRowCountToBeBetween", {"min_value": low, "max_value": high},
                    f"rows within ±{ROW_COUNT_TOLERANCE:.0%} of the previous release "
                    f"({previous_rows})" if previous_rows else "no previous release to compare")]
    for f in spec.fields:
        if not f.nullable:
            checks.append(Check("ExpectColumnValuesToNotBeNull", {"column": f.name},
                                "column is not nullable"))
    for f in spec.fields:
        if f.enum is not None:
            checks.append(Check("ExpectColumnValuesToBeInSet",
                                {"column": f.name, "value_set": CATALOGUE.enum(f.enum)},
                                f"allowed values ({f.enum})"))
        if f.pattern is not None:
            checks.append(Check("ExpectColumnValuesToMatchRegex",
                                {"column": f.name, "regex": f.pattern}, "identifier format"))
        if f.min is not None or f.max is not None:
            checks.append(Check("ExpectColumnValuesToBeBetween",
                                {"column": f.name, "min_value": f.min, "max_value": f.max},
                                "range from the catalogue"))
    pk = list(spec.primary_key)
    if len(pk) == 1:
        checks.append(Check("ExpectColumnValuesToBeUnique", {"column": pk[0]}, "primary key"))
    else:
        checks.append(Check("ExpectCompoundColumnsToBeUnique", {"column_list": pk},
                            "primary key"))
    for fk in spec.foreign_keys:
        checks.append(Check("ExpectColumnValuesToBeInSet",
                            {"column": _fk_column(fk.fields, fk.table), "value_set": [True]},
                            f"foreign key {', '.join(fk.fields)} -> "
                            f"{fk.table}.{', '.join(fk.ref_fields)}"))
    if spec.name == "events":
        checks.append(Check("ExpectColumnValuesToBeInSet",
                            {"column": DATE_ORDER_EVENTS, "value_set": [True]},
                            "no event dated after its first publication"))
    if {"first_seen", "last_seen"} <= set(spec.columns):
        checks.append(Check("ExpectColumnValuesToBeInSet",
                            {"column": DATE_ORDER_SEEN, "value_set": [True]},
                            "first_seen is not after last_seen"))
    if spec.name == "mentions":
        checks.append(Check("ExpectColumnPairValuesAToBeGreaterThanB",
                            {"column_A": "char_end", "column_B": "char_start"},
                            "a mention's span is not empty"))
    return checks
