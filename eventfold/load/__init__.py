"""Getting and reading releases: `load_release` (pandas, DuckDB, polars, events_flat) and
`download_release` (sha256-verified, resumable, path-safe) behind `eventfold download`.
"""

from eventfold.load.download import ChecksumError, DownloadError, download_release
from eventfold.load.layout import UnsafePathError
from eventfold.load.release import Release, load_release

__all__ = ["ChecksumError", "DownloadError", "Release", "UnsafePathError", "download_release",
           "load_release"]
