"""Publishing: immutable, checksummed releases (Parquet, CSV, datapackage.json, manifest,
changelog, data card) and plain Parquet output for `eventfold run --out`.
"""

from eventfold.publish.errors import ReleaseError
from eventfold.publish.parquet_io import write_tables
from eventfold.publish.quality import write_quality
from eventfold.publish.release import ReleaseInfo, publish_release

__all__ = ["ReleaseError", "ReleaseInfo", "publish_release", "write_quality", "write_tables"]
