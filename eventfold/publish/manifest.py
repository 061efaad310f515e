"""manifest.json: what a release holds (sha256, bytes, rows of every file) and how it was made."""

from __future__ import annotations

from datetime import datetime

from eventfold.publish.datapackage import LICENSES, NAME
from eventfold.publish.files import iso_utc
from schemas.catalogue import CATALOGUE
from schemas.validation import ValidationReport


def validation_summary(report: ValidationReport) -> dict:
    return {"ok": report.ok, "rows": dict(report.tables), "failures": len(report.failures),
            "report": "quality/validation.json"}


def build_manifest(*, version: str, created_at: datetime, coder_version: str,
                   source_snapshot: dict, accuracy: dict | None, files: list[dict],
                   report: ValidationReport, previous_version: str | None,
                   schema_version: str | None = None, quality: dict | None = None) -> dict:
    """The manifest; `files` lists every file of the release except manifest.json itself."""
    return {
        "name": NAME,
        "version": version,
        "created_at": iso_utc(created_at),
        "previous_version": previous_version,
        "schema_version": schema_version or CATALOGUE.schema_version,
        "coder_version": coder_version,
        "source_snapshot": source_snapshot,
        "accuracy": accuracy,
        "license": LICENSES[0]["name"],
        "files": sorted(files, key=lambda f: f["path"]),
        "validation": validation_summary(report),
        "quality": quality_summary(quality),
    }


def quality_summary(quality: dict | None) -> dict:
    """Counts of the Great Expectations report (a report, not a gate) for the manifest."""
    quality = quality or {}
    if quality.get("skipped") or quality.get("error") or not quality.get("tables"):
        return {"ran": False, "note": quality.get("skipped") or quality.get("error") or "",
                "report": "quality/expectations.json"}
    return {"ran": True, "success": quality["success"], "evaluated": quality["evaluated"],
            "passed": quality["passed"], "failed": quality["failed"],
            "report": "quality/expectations.json",
            "data_docs": quality.get("data_docs", "quality/data_docs/index.html")}
