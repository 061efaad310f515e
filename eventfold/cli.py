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
DEFAULT_SOURCES = Path("sources.yaml")
DEFAULT_FETCH = Path("processed/fetch")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="eventfold",
        description="Turn news articles into an open, versioned dataset of political events.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser(
        "run", help="ingest, code, validate and publish a release",
        description="Fetch the sources of sources.yaml (or ingest the given files and "
                    "folders), code what is new into events, validate the tables and publish "
                    "a release under processed/releases/. With --out DIR, write the tables as "
                    "Parquet to DIR instead and leave processed/ untouched.")
    run.add_argument("inputs", nargs="*", type=Path, metavar="INPUT",
                     help="files (.txt, .html, .jsonl, .warc[.gz]) or folders; they replace "
                          "sources.yaml. Default: the sources of sources.yaml when it exists, "
                          "else raw/")
    run.add_argument("--sources", type=Path, metavar="FILE",
                     help="sources config to fetch and ingest (default: sources.yaml when "
                          "present)")
    run.add_argument("--fetch-dir", type=Path, metavar="DIR",
                     help="fetch staging and state (default: processed/fetch, or DIR/fetch "
                          "with --out)")
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
    run.add_argument("--recode", nargs="?", const="all", metavar="ID,ID",
                     help="code again: every article (no value) or the named article ids, "
                          "forgetting their codings by the current coder version")
    run.add_argument("--dask-address", metavar="ADDR",
                     help="run the coding tasks on this Dask scheduler (tcp://host:8786; needs "
                          "PREFECT_API_URL; every worker must see the same paths); default: "
                          "dask_address of sources.yaml, else local threads")
    run.add_argument("--json", action="store_true", help="print a JSON summary (for cron)")
    run.add_argument("--quiet", action="store_true", help="print nothing but errors")
    run.add_argument("--allow-breaking-schema", action="store_true",
                     help="publish even when the schema removes or retypes a column of the "
                          "previous release (bumps the schema's major version)")
    run.add_argument("--gold", nargs="+", type=Path, metavar="GOLD.jsonl",
                     help="score the coder on these gold files (as `eventfold evaluate`) and "
                          "record the accuracy in the release's manifest and data card")
    run.set_defaults(func=cmd_run)

    serve = sub.add_parser(
        "serve", help="serve the pipeline on a Prefect server, on the schedule of sources.yaml",
        description="Register the pipeline flow as a Prefect deployment with the cron schedule "
                    "(and time zone) of sources.yaml, then wait for its runs and execute them "
                    "until stopped (Ctrl-C). Needs a running Prefect server: start one with "
                    "`prefect server start --host 127.0.0.1` and export "
                    "PREFECT_API_URL=http://127.0.0.1:4200/api. Runs show in the Prefect UI.")
    serve.add_argument("--sources", type=Path, default=DEFAULT_SOURCES, metavar="FILE",
                       help="sources config (default: %(default)s)")
    serve.add_argument("--name", default="eventfold",
                       help="deployment name, run as pipeline/NAME (default: %(default)s)")
    serve.add_argument("--cron", metavar="EXPR",
                       help="5-field cron schedule instead of the config's `schedule`")
    serve.add_argument("--releases", type=Path, default=DEFAULT_RELEASES, metavar="DIR",
                       help="where releases are published (default: %(default)s)")
    serve.add_argument("--store", type=Path, default=DEFAULT_STORE, metavar="DIR",
                       help="content-addressed article store (default: %(default)s)")
    serve.add_argument("--state", type=Path, default=DEFAULT_STATE, metavar="DIR",
                       help="coded-mentions store and run lock (default: %(default)s)")
    serve.add_argument("--fetch-dir", type=Path, default=DEFAULT_FETCH, metavar="DIR",
                       help="fetch staging and state (default: %(default)s)")
    serve.add_argument("--batch-size", type=int, default=64,
                       help="articles per coding task (default: %(default)s)")
    serve.add_argument("--dask-address", metavar="ADDR",
                       help="Dask scheduler for the coding tasks (default: the config's "
                            "dask_address, else local threads)")
    serve.set_defaults(func=cmd_serve)

    bench = sub.add_parser(
        "bench", help="benchmark the pipeline on synthetic articles",
        description="Generate N synthetic wire-style articles, run the pipeline on them, then a "
                    "no-op re-run, then the same steps as plain library calls, and print "
                    "articles/s per stage, peak memory, the bare coder's single-process speed "
                    "and the overhead of Prefect.")
    bench.add_argument("--articles", type=int, default=1000, metavar="N",
                       help="number of synthetic articles (default: %(default)s)")
    bench.add_argument("--dask-address", metavar="ADDR",
                       help="code on this Dask scheduler (needs PREFECT_API_URL)")
    bench.add_argument("--batch-size", type=int, default=64,
                       help="articles per coding task (default: %(default)s)")
    bench.add_argument("--workdir", type=Path, metavar="DIR",
                       help="where inputs, store and outputs go (default: a temporary folder, "
                            "removed afterwards)")
    bench.add_argument("--skip-library", action="store_true",
                       help="skip the plain library pass (no bare coder speed, no overhead)")
    bench.add_argument("--words", type=int, default=0, metavar="N",
                       help="make each synthetic article at least N words long (the coder's "
                            "speed target is set on 600-word articles; default: ~190 words)")
    bench.add_argument("--corpus", type=Path, nargs="+", metavar="INPUT",
                       help="instead: time only the bare coder, staged and with the whole spaCy "
                            "pipeline, on these inputs (files or folders `eventfold run` reads)")
    bench.add_argument("--json", action="store_true", help="print the results as JSON")
    bench.set_defaults(func=cmd_bench)

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
    ev.add_argument("--errors", type=Path, metavar="FILE",
                    help="write every error (missed, extra, wrong type/source/target/date/"
                         "location), gold and predicted event side by side, as JSON Lines")
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
    if args.errors:
        from eventfold.evaluate.errors import summary

        with open(args.errors, "w", encoding="utf-8") as fh:
            for record in total.errors:
                fh.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        print(f"{summary(total.errors)} (written to {args.errors})",
              file=sys.stderr if args.json else sys.stdout)
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


def _sources_for_run(args: argparse.Namespace):
    """(inputs, sources file, config) for `run`: explicit INPUTs bypass sources.yaml."""
    from eventfold.sources import load_sources

    if args.inputs:
        if args.sources is not None:
            raise ValueError("give INPUT files and folders or --sources FILE, not both")
        return list(args.inputs), None, None
    sources = args.sources
    if sources is None and DEFAULT_SOURCES.is_file():
        sources = DEFAULT_SOURCES
    if sources is None:
        return [DEFAULT_INPUT], None, None
    return [], sources.resolve(), load_sources(sources)


def cmd_run(args: argparse.Namespace) -> int:
    from flows.settings import apply_defaults

    apply_defaults()
    from eventfold.sources import FetchStateLocked, SourcesConfigError
    from eventfold.state import RunLocked
    from flows.pipeline import pipeline
    from flows.settings import DASK_NEEDS_SERVER, PrefectServerRequired, require_prefect_server
    from schemas.validation import ValidationFailed

    try:
        inputs, sources_file, config = _sources_for_run(args)
    except (ValueError, SourcesConfigError) as exc:
        print(f"eventfold: {exc}", file=sys.stderr)
        return 2
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        print(f"eventfold: input not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    dask_address = args.dask_address or (config.dask_address if config else None)
    if dask_address:
        try:
            require_prefect_server(DASK_NEEDS_SERVER)
        except PrefectServerRequired as exc:
            print(f"eventfold: {exc}", file=sys.stderr)
            return 2
    recode_ids = None
    if args.recode and args.recode != "all":
        recode_ids = [i.strip() for i in args.recode.split(",") if i.strip()]
    store = args.store or (args.out / "store" if args.out else DEFAULT_STORE)
    state = args.state or (args.out / "state" if args.out else DEFAULT_STATE)
    fetch = args.fetch_dir or (args.out / "fetch" if args.out else DEFAULT_FETCH)
    accuracy = None
    if args.gold:
        missing = [str(p) for p in args.gold if not p.is_file()]
        if missing:
            print(f"eventfold: gold file not found: {', '.join(missing)}", file=sys.stderr)
            return 2
        from eventfold.evaluate.scoring import accuracy_summary

        accuracy = accuracy_summary(args.gold)
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
            sources_file=sources_file,
            fetch_dir=fetch.resolve() if sources_file else None,
            recode=args.recode == "all",
            recode_ids=recode_ids,
            dask_address=dask_address,
            show_progress=not args.quiet,
            accuracy=accuracy,
        )
    except ValidationFailed as exc:
        print(f"eventfold: nothing published.\n{exc}", file=sys.stderr)
        return 1
    except (RunLocked, FetchStateLocked) as exc:
        print(f"eventfold: {exc}", file=sys.stderr)
        return 3
    elapsed = time.perf_counter() - started
    if args.json:
        print(json.dumps({
            "counts": result.counts, "rows": result.rows, "seconds": round(elapsed, 2),
            "stages": result.stages, "release": result.release_version,
            "up_to_date": result.up_to_date, "path": str(result.release_path or args.out),
            "quarantine": len(result.quarantine),
        }, sort_keys=True))
        return 0
    if not args.quiet:
        print_summary(result, elapsed, args.out)
    return 0


def print_summary(result, elapsed: float, out: Path | None) -> None:
    c = result.counts
    if "fetch_fetched" in c:
        print(f"fetched {c['fetch_fetched']} page(s) or file(s) ({c.get('fetch_requests', 0)} "
              f"request(s), {c.get('fetch_not_modified', 0)} not modified, "
              f"{c.get('fetch_skipped_seen', 0)} already seen)")
    print(f"ingested {c.get('articles', 0)} article(s) "
          f"({c.get('new', 0)} new), quarantined {len(result.quarantine)} input(s)")
    for raw_path, reason, detail in result.quarantine:
        print(f"  quarantine: {raw_path}: {reason} ({detail})")
    if c.get("ignored"):
        print(f"ignored {c['ignored']} non-article file(s) (README, scripts, config)")
    coded = c.get("coded", 0)
    print(f"coded {coded} article(s), {c.get('already_coded', 0)} already coded "
          f"by this coder version" + ("" if coded else ": nothing new to code"))
    if result.stages:
        print("stages: " + ", ".join(
            f"{name} {s['seconds']:.1f} s" + (f" ({s['articles_per_second']:,.1f}/s)"
                                              if s.get("articles_per_second") else "")
            for name, s in result.stages.items()))
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


def cmd_serve(args: argparse.Namespace) -> int:
    import os

    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO")  # stage lines show in the UI
    from flows.settings import apply_defaults

    apply_defaults()
    from eventfold.sources import SourcesConfigError, load_sources
    from eventfold.sources.config import check_cron
    from flows.settings import SERVE_NEEDS_SERVER, PrefectServerRequired, require_prefect_server

    try:
        api_url = require_prefect_server(SERVE_NEEDS_SERVER)
    except PrefectServerRequired as exc:
        print(f"eventfold serve: {exc}", file=sys.stderr)
        return 2
    try:
        config = load_sources(args.sources)
    except SourcesConfigError as exc:
        print(f"eventfold serve: {exc}", file=sys.stderr)
        return 2
    cron = args.cron or config.schedule
    if not cron:
        print(f"eventfold serve: {args.sources} has no `schedule:` (a 5-field cron "
              f"expression); add one or pass --cron", file=sys.stderr)
        return 2
    problem = check_cron(cron)
    if problem:
        print(f"eventfold serve: --cron {cron!r}: {problem}", file=sys.stderr)
        return 2
    from flows.serve import deployment_parameters, serve_pipeline

    params = deployment_parameters(
        sources_file=args.sources, store_dir=args.store, state_dir=args.state,
        releases_dir=args.releases, fetch_dir=args.fetch_dir, batch_size=args.batch_size,
        dask_address=args.dask_address or config.dask_address)
    print(f"eventfold serve: deployment pipeline/{args.name} on {api_url}, schedule "
          f"{cron!r} ({config.timezone}); releases in {params['releases_dir']}", flush=True)
    serve_pipeline(name=args.name, cron=cron, timezone=config.timezone, parameters=params)
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from flows.settings import apply_defaults

    apply_defaults()
    from eventfold.ops.bench import run_bench, run_corpus_bench
    from flows.settings import DASK_NEEDS_SERVER, PrefectServerRequired, require_prefect_server

    if args.corpus:
        missing = [str(p) for p in args.corpus if not p.exists()]
        if missing:
            print(f"eventfold bench: no such input: {', '.join(missing)}", file=sys.stderr)
            return 2
        return run_corpus_bench(args.corpus, batch_size=args.batch_size, as_json=args.json)

    if args.dask_address:
        try:
            require_prefect_server(DASK_NEEDS_SERVER)
        except PrefectServerRequired as exc:
            print(f"eventfold bench: {exc}", file=sys.stderr)
            return 2
    if args.articles < 1:
        print("eventfold bench: --articles must be at least 1", file=sys.stderr)
        return 2
    return run_bench(n_articles=args.articles, dask_address=args.dask_address,
                     batch_size=args.batch_size, workdir=args.workdir,
                     library=not args.skip_library, as_json=args.json, words=args.words)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
