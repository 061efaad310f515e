"""Flow: validate the release tables against the catalogue's pandera schemas and keys."""

import pandas as pd
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from schemas.validation import ValidationFailed, ValidationReport, validate_tables


@task(name="validate-tables", cache_policy=NO_CACHE)
def validate_task(tables: dict[str, pd.DataFrame]) -> ValidationReport:
    return validate_tables(tables)


@flow(name="validate")
def validate_flow(tables: dict[str, pd.DataFrame]) -> ValidationReport:
    report = validate_task(tables)
    if not report.ok:
        get_run_logger().error(str(report))
        raise ValidationFailed(report)
    return report
