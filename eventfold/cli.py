"""The `eventfold` command line: run the pipeline and work with releases.

Each command has --help. Prefect flows are imported only by the commands that run them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

DEFAULT_INPUT = Path("raw")
DEFAULT_STORE = Path("raw/articles")
DEFAULT_RELEASES = Path("processed/releases")
DEFAULT_STATE = Path("processed/state")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="eventfold",
        description="Turn news articles into an open, versioned dataset of political events.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser(
        "run", help="ingest, code, validate and publish a release",
        description="Ingest the given files and folders (default: raw/), code them into events, "
                    "validate the tables and publish a release under processed/releases/. "
                    "With --out DIR, write the tables as Parquet to DIR instead and leave "
                    "processed/ untouched.")
    run.add_argument("inputs", nargs="*", type=Path, metavar="INPUT",
                     help="files (.txt, .html, .jsonl, .warc[.gz]) or folders; default: raw/")
    run.add_argument("--out", type=Path, metavar="DIR",
                     help="write the tables as Parquet to DIR instead of publishing a release")
    run.add_argument("--releases", type=Path, default=DEFAULT_RELEASES, metavar="DIR",
                     help="where releases are published (default: %(default)s)")
    run.add_argument("--store", type=Path, metavar="DIR",
                     help="content-addressed article store (default: raw/articles, or "
                          "DIR/store with --out)")
    run.add_argument("--state", type=Path, metavar="DIR",
                     help="coded-mentions store and run lock (default: processed/state, or "
                          "DIR/state with --out)")
    run.add_argument("--force", action="store_true",
                     help="publish a release even when nothing changed since the latest one")
    run.add_argument("--version", dest="release_version", metavar="VERSION",
                     help="release version (default: today's date, YYYY.MM.DD[.N])")
    run.add_argument("--batch-size", type=int, default=64,
                     help="articles per coding task (default: %(default)s)")
    run.add_argument("--json", action="store_true", help="print a JSON summary (for cron)")
    run.add_argument("--quiet", action="store_true", help="print nothing but errors")
    run.add_argument("--allow-breaking-schema", action="store_true",
                     help="publish even when the schema removes or retypes a column of the "
                          "previous release (bumps the schema's major version)")
    run.set_defaults(func=cmd_run)

    dl = sub.add_parser(
        "download", help="download a release, verifying every sha256",
        description="Download one release (default: the latest) from a releases folder or "
                    "HTTP(S) URL (where index.json is) into DIR/<version>/. Every file is "
                    "checked against manifest.json (size and sha256); an interrupted download "
                    "resumes where it stopped when run again.")
    dl.add_argument("release_version", nargs="?", default="latest", metavar="VERSION",
                    help="release version, or 'latest' (default)")
    dl.add_argument("--from", dest="source", required=True, metavar="URL_OR_PATH",
                    help="releases URL or folder (the one holding index.json)")
    dl.add_argument("--to", dest="target", type=Path, required=True, metavar="DIR",
                    help="where to put the release (as DIR/<version>/)")
    dl.add_argument("--tables", metavar="T1,T2",
                    help="only these tables' files (e.g. events,actors); default: all")
    dl.add_argument("--format", dest="formats", choices=["parquet", "csv", "all"],
                    default="all", help="table file format to fetch (default: %(default)s)")
    dl.add_argument("--retries", type=int, default=3,
                    help="retries per file after a lost connection (default: %(default)s)")
    dl.set_defaults(func=cmd_download)

    ev = sub.add_parser(
        "evaluate", help="score the coder against gold-standard JSONL files",
        description="Run the coder on gold documents (one JSON document a line, with their "
                    "annotated events) and print precision, recall and F1 at three levels "
                    "(type; type+source; type+source+target), per-type scores, date and "
                    "location-country accuracy, confidence calibration and articles/s.")
    ev.add_argument("gold", nargs="+", type=Path, metavar="GOLD.jsonl")
    ev.add_argument("--json", action="store_true", help="print the results as JSON")
    ev.set_defaults(func=cmd_evaluate)
    return parser


def cmd_evaluate(args: argparse.Namespace) -> int:
    from eventfold.evaluate.scoring import evaluate_files, format_table

    missing = [str(p) for p in args.gold if not p.is_file()]
    if missing:
        print(f"eventfold: gold file not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        results, total = evaluate_files(args.gold)
    except ValueError as exc:
        print(f"eventfold: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"files": [r.to_dict() for r in results], "all": total.to_dict()},
                         indent=2, sort_keys=True))
    else:
        print(format_table(results, total))
    return 0


def cmd_download(args: argparse.Namespace) -> int:
    from eventfold.load.download import DownloadError, download_release
    from eventfold.load.layout import UnsafePathError

    tables = [t.strip() for t in args.tables.split(",") if t.strip()] if args.tables else None
    formats = {"parquet": ["parquet"], "csv": ["csv.gz"], "all": None}[args.formats]
    try:
        result = download_release(args.source, args.release_version, args.target,
                                  tables=tables, formats=formats, retries=args.retries,
                                  progress=print)
    except UnsafePathError as exc:
        print(f"eventfold download: refused: {exc}", file=sys.stderr)
        return 1
    except DownloadError as exc:  # ChecksumError included
        print(f"eventfold download: {exc}", file=sys.stderr)
        return 1
    print(f"release {result.version} is in {result.path}")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from flows.settings import apply_defaults

    apply_defaults()
    from eventfold.state import RunLocked
    from flows.pipeline import pipeline
    from schemas.validation import ValidationFailed

    inputs = args.inputs or [DEFAULT_INPUT]
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        print(f"eventfold: input not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    store = args.store or (args.out / "store" if args.out else DEFAULT_STORE)
    state = args.state or (args.out / "state" if args.out else DEFAULT_STATE)
    started = time.perf_counter()
    try:
        result = pipeline(
            inputs=[p.resolve() for p in inputs],
            store_dir=store.resolve(),
            state_dir=state.resolve(),
            force=args.force,
            releases_dir=None if args.out else args.releases.resolve(),
            out_dir=args.out.resolve() if args.out else None,
            version=args.release_version,
            batch_size=args.batch_size,
            allow_breaking_schema=args.allow_breaking_schema,
        )
    except ValidationFailed as exc:
        print(f"eventfold: nothing published.\n{exc}", file=sys.stderr)
        return 1
    except RunLocked as exc:
        print(f"eventfold: {exc}", file=sys.stderr)
        return 3
    elapsed = time.perf_counter() - started
    if args.json:
        print(json.dumps({
            "counts": result.counts, "rows": result.rows, "seconds": round(elapsed, 2),
            "release": result.release_version, "up_to_date": result.up_to_date,
            "path": str(result.release_path or args.out),
        }, sort_keys=True))
        return 0
    if not args.quiet:
        print_summary(result, elapsed, args.out)
    return 0


def print_summary(result, elapsed: float, out: Path | None) -> None:
    c = result.counts
    print(f"ingested {c.get('articles', 0)} article(s) "
          f"({c.get('new', 0)} new), quarantined {c.get('quarantined', 0)} input(s)")
    for raw_path, reason, detail in result.quarantine:
        print(f"  quarantine: {raw_path}: {reason} ({detail})")
    if c.get("ignored"):
        print(f"ignored {c['ignored']} non-article file(s) (README, scripts, config)")
    print(f"coded {c.get('coded', 0)} article(s), {c.get('already_coded', 0)} already coded "
          f"by this coder version")
    if result.up_to_date:
        print(f"nothing new: release {result.release_version} at {result.release_path} "
              f"is up to date (use --force to publish anyway)")
        return
    where = out if out else result.release_path
    label = "tables written to" if out else f"release {result.release_version} published at"
    print(f"{label} {where}")
    for table, rows in result.rows.items():
        print(f"  {table:<13} {rows:>7} rows")
    print(f"done in {elapsed:.1f} s")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
