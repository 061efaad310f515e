"""Publish one immutable release folder: validate, write to a temp folder, rename into place,
then list it in index.json and point `latest` at the newest release.

A refused or failed release leaves releases_dir as it was: no folder, no temp, same index.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa

from eventfold.publish import index as idx
from eventfold.publish.changelog import render_changelog
from eventfold.publish.csv_io import write_csv_gz
from eventfold.publish.datacard import render_readme
from eventfold.publish.datapackage import build_datapackage, resource_path
from eventfold.publish.diff import diff_tables, read_previous
from eventfold.publish.errors import ReleaseError
from eventfold.publish.files import (
    describe_file,
    fsync_dir,
    iso_utc,
    sha256_file,
    write_json,
    write_text,
)
from eventfold.publish.manifest import build_manifest, validation_summary
from eventfold.publish.parquet_io import (
    PARTITION_THRESHOLD,
    arrow_table,
    partition_files,
    write_parquet,
)
from eventfold.publish.quality import EXPECTATIONS_JSON, write_quality
from eventfold.publish.report import render_report
from eventfold.publish.schema_version import SchemaVersion, decide_schema_version
from schemas.catalogue import CATALOGUE
from schemas.validation import ValidationReport, validate_tables


@dataclass(frozen=True)
class ReleaseInfo:
    version: str
    path: Path
    files: list[dict]  # {path, bytes, sha256, rows, table, format}, manifest.json excluded
    report: ValidationReport
    created_at: str = ""
    previous_version: str | None = None
    rows: dict[str, int] = field(default_factory=dict)
    manifest_sha256: str = ""


def publish_release(
    tables: dict[str, pd.DataFrame],
    releases_dir: Path,
    *,
    version: str | None = None,
    coder_version: str,
    source_snapshot: dict,
    accuracy: dict | None = None,
    created_at: datetime,
    validate: Callable[[dict], ValidationReport] = validate_tables,
    allow_breaking_schema: bool = False,
    partition_threshold: int = PARTITION_THRESHOLD,
    quality_report: bool = True,
) -> ReleaseInfo:
    """Validate `tables` and publish them as release `version` (default CalVer from
    `created_at`) under `releases_dir`. Raises ReleaseError, writing nothing, when the tables
    fail validation or the release cannot be made.

    A schema that removes or retypes a column of the previous release bumps the schema's major
    version and is refused unless `allow_breaking_schema`. `events` is split by year from
    `partition_threshold` rows. `quality_report=False` skips the Great Expectations suite
    (~1-3 s) and writes only the validation report.
    """
    report = validate(tables)
    if not report.ok:
        raise ReleaseError(report)
    unknown = sorted(set(tables) - set(CATALOGUE.tables))
    missing = [t for t in CATALOGUE.tables if t not in tables]
    if unknown or missing:
        raise ReleaseError(f"a release holds exactly the catalogue tables; unknown {unknown}, "
                           f"missing {missing}", report)
    try:
        created = iso_utc(created_at)
    except ValueError as exc:
        raise ReleaseError(f"created_at: {exc}", report) from exc
    if version is not None:
        idx.check_version(version)
    arrow = {name: arrow_table(name, tables[name]) for name in CATALOGUE.tables}

    releases_dir = Path(releases_dir)
    releases_dir.mkdir(parents=True, exist_ok=True)
    with idx.locked(releases_dir):
        index = idx.read_index(releases_dir)
        taken = idx.taken_versions(releases_dir, index)
        if version is None:
            version = idx.next_version(created_at, taken)
        elif version in taken:
            raise ReleaseError(f"release {version} exists already in {releases_dir}; "
                               "versions are immutable", report)
        previous = idx.previous_release(index, version)
        previous_dir = releases_dir / previous["path"] if previous else None
        if previous_dir is not None and not previous_dir.is_dir():
            raise ReleaseError(f"previous release {previous['version']} is listed in index.json "
                               f"but {previous_dir} is missing", report)
        schema = decide_schema_version(
            arrow, previous_dir,
            (previous or {}).get("schema_version") or CATALOGUE.schema_version,
            CATALOGUE.schema_version)
        if schema.breaking and not allow_breaking_schema:
            raise ReleaseError(
                f"release refused: its schema breaks release {previous['version']} "
                f"({'; '.join(schema.breaking)}); that needs schema version {schema.version}. "
                "Publish it anyway with allow_breaking_schema=True "
                "(eventfold run --allow-breaking-schema).", report)
        arrow = {name: _with_schema_version(t, schema.version) for name, t in arrow.items()}
        idx.remove_stale_temps(releases_dir)
        final = releases_dir / version
        tmp = releases_dir / f"{idx.TMP_PREFIX}{version}-{os.getpid()}"
        try:
            tmp.mkdir()
            files = build_release(
                tmp, arrow, tables, version=version, created_at=created_at,
                coder_version=coder_version, source_snapshot=source_snapshot,
                accuracy=accuracy, report=report,
                previous=(previous_dir, previous["version"]) if previous else None,
                schema=schema, previous_rows=(previous or {}).get("tables"),
                partition_threshold=partition_threshold, quality_report=quality_report,
            )
            if final.exists() or final.is_symlink():
                raise ReleaseError(f"release {version} appeared in {releases_dir} meanwhile; "
                                   "versions are immutable", report)
            os.rename(tmp, final)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        fsync_dir(releases_dir)

        manifest_sha = sha256_file(final / "manifest.json")
        rows = {name: t.num_rows for name, t in arrow.items()}
        entry = {
            "version": version,
            "created_at": created,
            "path": version,
            "previous_version": previous["version"] if previous else None,
            "schema_version": schema.version,
            "coder_version": coder_version,
            "tables": rows,
            "files": [{k: f[k] for k in ("path", "bytes", "sha256", "rows")}
                      for f in files if f["table"] is not None],
            "manifest_sha256": manifest_sha,
            "validation": validation_summary(report),
            "result": "success",
        }
        try:
            new_index = idx.add_release(index, entry)
            idx.write_index(releases_dir, new_index)
        except BaseException:
            shutil.rmtree(final, ignore_errors=True)  # never listed: nobody can rely on it
            fsync_dir(releases_dir)
            raise
        idx.point_latest(releases_dir, new_index["latest"])

    return ReleaseInfo(
        version=version, path=final, files=files, report=report, created_at=created,
        previous_version=entry["previous_version"], rows=rows, manifest_sha256=manifest_sha,
    )


def _with_schema_version(table: pa.Table, schema_version: str) -> pa.Table:
    meta = dict(table.schema.metadata or {})
    meta[b"eventfold.schema_version"] = schema_version.encode()
    return table.replace_schema_metadata(meta)


def build_release(
    root: Path,
    arrow: dict[str, pa.Table],
    tables: dict[str, pd.DataFrame],
    *,
    version: str,
    created_at: datetime,
    coder_version: str,
    source_snapshot: dict,
    accuracy: dict | None,
    report: ValidationReport,
    previous: tuple[Path, str] | None,
    schema: SchemaVersion | None = None,
    previous_rows: dict[str, int] | None = None,
    partition_threshold: int = PARTITION_THRESHOLD,
    quality_report: bool = True,
) -> list[dict]:
    """Write every file of a release into `root`; return the manifest entries (all files but
    manifest.json)."""
    schema = schema or SchemaVersion(CATALOGUE.schema_version, None)
    files: list[dict] = []
    for name, table in arrow.items():
        for rel, part in partition_files(name, table, partition_threshold):
            path = write_parquet(part, root / rel)
            files.append(describe_file(path, root, rows=part.num_rows, table=name))
    for name, table in arrow.items():
        path = write_csv_gz(table, root / resource_path(name, "csv"))
        files.append(describe_file(path, root, rows=table.num_rows, table=name))

    quality_paths = write_quality(tables, root / "quality", report,
                                  previous_rows=previous_rows, run_name=version,
                                  run_time=created_at, run_expectations=quality_report)
    for path in quality_paths:
        files.append(describe_file(path, root))
    quality = json.loads((root / "quality" / EXPECTATIONS_JSON).read_text("utf-8"))

    html = render_report(arrow, version=version, created_at=created_at, accuracy=accuracy,
                         coder_version=coder_version)
    files.append(describe_file(write_text(root / "report.html", html), root))

    if previous is not None:
        prev_dir, prev_version = previous
        if not prev_dir.is_dir():
            raise ReleaseError(f"previous release {prev_version} is listed in index.json but "
                               f"{prev_dir} is missing", report)
        diff = diff_tables(arrow, read_previous(prev_dir), prev_version)
    else:
        diff = diff_tables(arrow, None, None)
    diff = {"version": version, **diff, "schema_version": schema.to_dict()}
    files.append(describe_file(write_json(root / "diff.json", diff), root))
    changelog = render_changelog(version, iso_utc(created_at)[:10], diff)
    files.append(describe_file(write_text(root / "CHANGELOG.md", changelog), root))

    by_path = {f["path"]: f for f in files}
    package = build_datapackage(version, created_at, by_path)
    files.append(describe_file(write_json(root / "datapackage.json", package), root))

    readme = render_readme(
        version=version, created_at=created_at, coder_version=coder_version,
        source_snapshot=source_snapshot, accuracy=accuracy,
        rows={name: t.num_rows for name, t in arrow.items()}, report=report,
        previous_version=diff["previous_version"],
        data_files=[f for f in files if f["table"] is not None],
        schema_version=schema.version, quality=quality,
    )
    files.append(describe_file(write_text(root / "README.md", readme), root))

    manifest = build_manifest(
        version=version, created_at=created_at, coder_version=coder_version,
        source_snapshot=source_snapshot, accuracy=accuracy, files=files, report=report,
        previous_version=diff["previous_version"], schema_version=schema.version,
        quality=quality,
    )
    write_json(root / "manifest.json", manifest)
    for folder in sorted({(root / f["path"]).parent for f in files}, reverse=True):
        fsync_dir(folder)
    return sorted(files, key=lambda f: f["path"])
