"""Arrow/Parquet schemas and pandas dtypes generated from the field catalogue."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa

from schemas.catalogue import CATALOGUE, FieldSpec, TableSpec

_ARROW_TYPES = {
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "date": pa.date32(),
    "timestamp": pa.timestamp("us", tz="UTC"),
    "list": pa.list_(pa.string()),
}


def arrow_type(spec: FieldSpec) -> pa.DataType:
    return _ARROW_TYPES[spec.type]


def pandas_dtype(spec: FieldSpec):
    """The pandas dtype a column of this field has in eventfold's frames."""
    return {
        "string": pd.StringDtype(),
        "integer": pd.Int64Dtype(),
        "number": pd.Float64Dtype(),
        "date": pd.ArrowDtype(pa.date32()),
        "timestamp": pd.DatetimeTZDtype("us", "UTC"),
        "list": pd.ArrowDtype(pa.list_(pa.string())),
    }[spec.type]


def arrow_schema(table: str | TableSpec) -> pa.Schema:
    """Parquet schema of a table: typed fields with descriptions in field metadata."""
    spec = CATALOGUE.table(table) if isinstance(table, str) else table
    fields = [
        pa.field(
            f.name,
            arrow_type(f),
            nullable=f.nullable,
            metadata={"description": f.description},
        )
        for f in spec.fields
    ]
    meta = {
        "eventfold.table": spec.name,
        "eventfold.description": spec.description,
        "eventfold.schema_version": CATALOGUE.schema_version,
        "eventfold.primary_key": json.dumps(list(spec.primary_key)),
    }
    return pa.schema(fields, metadata=meta)


def empty_frame(table: str) -> pd.DataFrame:
    """A frame with the table's columns and dtypes and no rows."""
    spec = CATALOGUE.table(table)
    return pd.DataFrame({f.name: pd.Series([], dtype=pandas_dtype(f)) for f in spec.fields})


def conform(table: str, rows: list[dict] | pd.DataFrame) -> pd.DataFrame:
    """Build a frame of `table` from records, in catalogue column order and dtypes.

    Unknown columns are an error (a typo would otherwise vanish); missing columns are an error
    too, so that no column is silently filled with nulls.
    """
    spec = CATALOGUE.table(table)
    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame.from_records(
        rows, columns=spec.columns if not rows else None
    )
    extra = sorted(set(frame.columns) - set(spec.columns))
    missing = [c for c in spec.columns if c not in frame.columns]
    if extra or missing:
        raise ValueError(f"table {table}: unexpected columns {extra}, missing columns {missing}")
    out = {}
    for f in spec.fields:
        col = frame[f.name]
        out[f.name] = _to_dtype(col, f)
    return pd.DataFrame(out).reset_index(drop=True)


def _to_dtype(col: pd.Series, spec: FieldSpec) -> pd.Series:
    dtype = pandas_dtype(spec)
    if spec.type == "list":
        arr = pa.array([None if v is None else list(v) for v in col], type=arrow_type(spec))
        return pd.Series(pd.arrays.ArrowExtensionArray(arr), index=col.index)
    if spec.type == "date":
        arr = pa.array([None if _isna(v) else pd.Timestamp(v).date() for v in col],
                       type=pa.date32())
        return pd.Series(pd.arrays.ArrowExtensionArray(arr), index=col.index)
    if spec.type == "timestamp":
        return pd.to_datetime(col, utc=True).astype(dtype)
    return col.astype(dtype)


def _isna(v) -> bool:
    return v is None or (not isinstance(v, (list, tuple)) and pd.isna(v))


def to_arrow(table: str, frame: pd.DataFrame) -> pa.Table:
    """Convert a conformed frame to an Arrow table with the catalogue schema."""
    schema = arrow_schema(table)
    return pa.Table.from_pandas(frame, schema=schema, preserve_index=False).replace_schema_metadata(
        schema.metadata
    )
