"""The release's quality/ folder: the pandera validation report (validation.json), a Great
Expectations suite per table with its Data Docs (data_docs/) and a summary (expectations.json).

The GX results are a report, not a gate (pandera blocks publishing); Great Expectations is
imported only here, when a release is written, because its import alone takes ~2 s.
"""

from __future__ import annotations

import logging
import os
import shutil
import warnings
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from eventfold.publish.expectations import Check, helper_columns, table_checks
from eventfold.publish.files import write_json
from schemas.catalogue import CATALOGUE
from schemas.validation import ValidationReport, validate_tables

EXPECTATIONS_JSON = "expectations.json"
DATA_DOCS = "data_docs"
SITE = "release"
MAX_UNEXPECTED_SHOWN = 5
# Data Docs static files that no page of ours uses (walkthrough gifs, logos, fonts): ~4 MB.
KEEP_STATIC = {"static/images/favicon.ico", "static/images/logo-long.png",
               "static/styles/data_docs_default_styles.css",
               "static/styles/data_docs_custom_styles_template.css"}


def write_quality(tables: dict[str, pd.DataFrame], quality_dir: Path,
                  report: ValidationReport | None = None, *,
                  previous_rows: dict[str, int] | None = None, run_name: str = "release",
                  run_time: datetime | None = None,
                  run_expectations: bool = True) -> list[Path]:
    """Write the quality results of `tables` into `quality_dir`; return the paths written.

    `report` is the validation already run by the caller (validated again when absent);
    `previous_rows` the row counts of the previous release (row-count expectations);
    `run_name`/`run_time` name the GX run (the release version and its creation time);
    `run_expectations=False` skips GX and records that it was not run.
    """
    report = report if report is not None else validate_tables(tables)
    quality_dir.mkdir(parents=True, exist_ok=True)
    paths = [write_json(quality_dir / "validation.json", report.to_dict())]
    docs = quality_dir / DATA_DOCS
    if not run_expectations:
        paths.append(write_json(quality_dir / EXPECTATIONS_JSON, {
            "skipped": "the Great Expectations suite was not run for this release",
            "tables": {}}))
        return paths
    try:
        summary = run_suites(tables, docs, previous_rows or {}, run_name,
                             run_time or datetime.now(UTC))
    except Exception as exc:  # a report, not a gate: say what broke and publish anyway
        logging.getLogger(__name__).exception("Great Expectations run failed")
        shutil.rmtree(docs, ignore_errors=True)
        summary = {"engine": _engine(), "error": f"{type(exc).__name__}: {exc}", "tables": {}}
    paths.append(write_json(quality_dir / EXPECTATIONS_JSON, summary))
    if docs.is_dir():
        paths += sorted(p for p in docs.rglob("*") if p.is_file())
    return paths


def _engine() -> str:
    from importlib.metadata import version

    return f"great_expectations {version('great_expectations')}"


def run_suites(tables: dict[str, pd.DataFrame], docs_dir: Path,
                     previous_rows: dict[str, int], run_name: str,
                     run_time: datetime) -> dict:
    """Run one GX suite per table on in-memory frames, build Data Docs into `docs_dir`, and
    return the summary written to expectations.json."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    import great_expectations as gx
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.base import ProgressBarsConfig

    for name in ("great_expectations", "great_expectations.data_context.types.base"):
        logging.getLogger(name).setLevel(logging.WARNING)  # GX resets levels on import

    ctx = gx.get_context(mode="ephemeral")
    for site in list(ctx.get_config().data_docs_sites or {}):
        ctx.delete_data_docs_site(site)  # the default site would write to a temp folder
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    ctx.add_data_docs_site(site_name=SITE, site_config={
        "class_name": "SiteBuilder",
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        "store_backend": {"class_name": "TupleFilesystemStoreBackend",
                          "base_directory": str(docs_dir)},
    })
    source = ctx.data_sources.add_or_update_pandas("eventfold")
    run_id = RunIdentifier(run_name=run_name, run_time=run_time)
    out: dict = {
        "engine": _engine(),
        "gate": False,
        "note": "A report, not a gate: the pandera validation in validation.json blocks "
                "publishing; these expectations describe the release.",
        "data_docs": f"quality/{DATA_DOCS}/index.html",
        "tables": {},
    }
    for name in CATALOGUE.tables:
        if name not in tables:
            continue
        spec = CATALOGUE.table(name)
        frame = _frame_for_gx(tables[name], helper_columns(name, tables))
        checks = table_checks(spec, previous_rows.get(name))
        suite = ctx.suites.add(gx.ExpectationSuite(name=name, expectations=[
            getattr(gx.expectations, c.expectation)(**c.kwargs) for c in checks]))
        batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe("all")
        definition = ctx.validation_definitions.add(
            gx.ValidationDefinition(name=name, data=batch, suite=suite))
        with warnings.catch_warnings():  # regex groups in catalogue patterns: harmless
            warnings.simplefilter("ignore", UserWarning)
            result = definition.run(batch_parameters={"dataframe": frame}, run_id=run_id,
                                    result_format="SUMMARY")
        out["tables"][name] = _summarise(checks, result, frame, list(spec.primary_key))
    ctx.build_data_docs(site_names=[SITE])
    _prune_static(docs_dir)
    totals = [t for t in out["tables"].values()]
    out["evaluated"] = sum(t["evaluated"] for t in totals)
    out["passed"] = sum(t["passed"] for t in totals)
    out["failed"] = sum(t["failed"] for t in totals)
    out["success"] = out["failed"] == 0
    return out


def _frame_for_gx(frame: pd.DataFrame, helpers: dict[str, pd.Series]) -> pd.DataFrame:
    """The table plus helper columns; list columns as JSON-free text (GX compares scalars)."""
    data = {}
    for col in frame.columns:
        series = frame[col]
        if isinstance(series.dtype, pd.ArrowDtype) and "list" in str(series.dtype):
            series = series.map(lambda v: None if v is None else "|".join(v), na_action="ignore")
        data[col] = series
    data.update(helpers)
    return pd.DataFrame(data, index=frame.index).reset_index(drop=True)


def _summarise(checks: list[Check], result, frame: pd.DataFrame | None = None,
               key: list[str] | None = None) -> dict:
    """Per-expectation results; a failed check on a helper column also names the primary
    keys of the first rows that fail it (its own values would only say False)."""
    rows = []
    for check, res in zip(checks, result.results, strict=True):
        kwargs = {k: v for k, v in res.expectation_config.kwargs.items() if k != "batch_id"}
        if "value_set" in kwargs and len(kwargs["value_set"]) > 20:
            kwargs["value_set"] = f"{len(kwargs['value_set'])} values"
        r = res.result or {}
        row = {"expectation": res.expectation_config.type, "kwargs": _jsonable(kwargs),
               "why": check.why, "success": bool(res.success)}
        if "observed_value" in r:
            row["observed_value"] = _jsonable(r["observed_value"])
        if "unexpected_count" in r:
            row["unexpected_count"] = int(r["unexpected_count"] or 0)
            row["unexpected_examples"] = [_jsonable(v) for v in
                                          (r.get("partial_unexpected_list") or [])
                                          [:MAX_UNEXPECTED_SHOWN]]
        column = kwargs.get("column")
        if (not res.success and frame is not None and key and column in frame
                and str(column).startswith("check__")):
            bad = frame.loc[~frame[column].astype(bool), key].head(MAX_UNEXPECTED_SHOWN)
            row["unexpected_keys"] = [_jsonable(v[0] if len(key) == 1 else list(v))
                                      for v in bad.itertuples(index=False)]
        if res.exception_info and res.exception_info.get("raised_exception"):
            row["error"] = str(res.exception_info.get("exception_message"))
        rows.append(row)
    passed = sum(r["success"] for r in rows)
    return {"evaluated": len(rows), "passed": passed, "failed": len(rows) - passed,
            "success": passed == len(rows), "expectations": rows}


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return None if value != value else value
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item"):
        return _jsonable(value.item())
    return str(value)


def _prune_static(docs_dir: Path) -> None:
    static = docs_dir / "static"
    if not static.is_dir():
        return
    for path in sorted(static.rglob("*"), reverse=True):
        rel = path.relative_to(docs_dir).as_posix()
        if path.is_file() and rel not in KEEP_STATIC:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
