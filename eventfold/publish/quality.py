"""The release's quality/ folder: today the validation report as JSON.

`write_quality` is the seam for the Great Expectations suite and its Data Docs (a later issue):
it receives the tables and the folder, and returns the files it wrote.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from eventfold.publish.files import write_json
from schemas.validation import ValidationReport, validate_tables


def write_quality(tables: dict[str, pd.DataFrame], quality_dir: Path,
                  report: ValidationReport | None = None) -> list[Path]:
    """Write the quality results of `tables` into `quality_dir`; return the paths written.

    `report` is the validation already run by the caller (validated again when absent).
    """
    report = report if report is not None else validate_tables(tables)
    quality_dir.mkdir(parents=True, exist_ok=True)
    return [write_json(quality_dir / "validation.json", report.to_dict())]
