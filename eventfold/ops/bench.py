"""`eventfold bench`: how fast the pipeline is, where the time goes, and what Prefect costs.

1. writes N synthetic wire-style articles (eventfold.ops.synth) as JSONL;
2. runs the `pipeline` flow on them (Prefect; local threads or a Dask scheduler) and times
   every stage, then runs it again with nothing new (the no-op re-run);
3. does the same work as plain library calls in this process — ingest_inputs, Coder.code
   (the bare coder, single process), build_tables, validate_tables, publish_release — so the
   difference is what Prefect adds;
4. codes up to 300 of the articles again with the whole spaCy pipeline on every sentence,
   to show what the staged run (eventfold.coding.staged) saves and that it codes alike;
5. prints articles/s per stage, peak memory, and the targets of issues 3 and 5.

`run_corpus_bench` times only the bare coder, both ways, on real articles.

A script, not a test: it takes minutes for 10,000 articles. The Prefect flow is imported
only by `run_bench`.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from eventfold.ops.coder_speed import compare_modes, format_speeds, load_articles
from eventfold.ops.synth import write_jsonl

MB = 1024 * 1024


def _status_kb(pid: int | str, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _children(pid: int | str) -> list[str]:
    kids: list[str] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            kids.extend((task / "children").read_text().split())
    except OSError:
        pass
    return kids


def peak_memory() -> dict[str, float]:
    """Peak resident memory in MB: this process, its live descendants (e.g. Prefect's
    temporary server; their own peaks) and waited-for children (getrusage)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
    live = 0.0
    todo, seen = _children(os.getpid()), set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        live += _status_kb(pid, "VmHWM") / 1024
        todo.extend(_children(pid))
    reaped = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"self_mb": round(own, 1), "live_children_mb": round(live, 1),
            "reaped_children_max_mb": round(reaped, 1)}


@dataclass
class BenchResult:
    articles: int
    words_per_article: float
    input_mb: float
    batch_size: int
    runner: str
    cores: int
    coder_version: str = ""
    coder_load_s: float = 0.0
    pipeline_stages: dict[str, dict] = field(default_factory=dict)
    pipeline_wall_s: float = 0.0
    noop_wall_s: float = 0.0
    noop_up_to_date: bool = False
    noop_stages: dict[str, dict] = field(default_factory=dict)
    memory_after_pipeline: dict[str, float] = field(default_factory=dict)
    library_stages: dict[str, float] = field(default_factory=dict)
    memory_after_library: dict[str, float] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    coder_modes: list[dict] = field(default_factory=list)  # staged vs whole pipeline
    coder_agreement: dict[str, int] = field(default_factory=dict)
    coder_modes_report: str = ""

    @property
    def library_total_s(self) -> float:
        return sum(self.library_stages.values())

    @property
    def bare_coder_rate(self) -> float | None:
        seconds = self.library_stages.get("code")
        return self.articles / seconds if seconds else None

    def to_dict(self) -> dict:
        data = {k: v for k, v in self.__dict__.items()}
        data["library_total_s"] = round(self.library_total_s, 3)
        data["bare_coder_articles_per_second"] = self.bare_coder_rate
        data["targets"] = self.targets()
        return data

    def targets(self) -> dict:
        out: dict = {}
        end_to_end = self.articles / self.pipeline_wall_s if self.pipeline_wall_s else None
        bare = self.bare_coder_rate
        if end_to_end and bare:
            out["end_to_end_per_core_vs_bare_coder"] = round(end_to_end / self.cores / bare, 3)
        if self.pipeline_wall_s:
            out["noop_share_of_first_run"] = round(self.noop_wall_s / self.pipeline_wall_s, 4)
        if self.library_total_s:
            out["prefect_overhead_s"] = round(self.pipeline_wall_s - self.library_total_s, 2)
            out["prefect_overhead_share"] = round(
                (self.pipeline_wall_s - self.library_total_s) / self.library_total_s, 4)
        return out


CODER_TARGET_RATE = 15  # articles a second, one core (issue 3)
COMPARE_ARTICLES = 300  # articles coded both ways for the staged/whole comparison
CODER_TARGET_WORDS = 600


def _rate(n: int, seconds: float) -> str:
    return f"{n / seconds:10,.1f}" if seconds > 0 and n else f"{'-':>10}"


def format_report(r: BenchResult) -> str:
    lines = [
        f"eventfold bench: {r.articles:,} synthetic articles ({r.words_per_article:.0f} words "
        f"on average, {r.input_mb:.1f} MB JSONL), batch size {r.batch_size}, coding on "
        f"{r.runner} ({r.cores} core(s) used for coding)",
        f"coder {r.coder_version}, loaded in {r.coder_load_s:.1f} s, Great Expectations "
        f"imported (both before timing)",
        "",
        f"{'pipeline flow (Prefect)':<44}{'seconds':>10}{'articles/s':>12}",
    ]
    for name, stage in r.pipeline_stages.items():
        lines.append(f"  {name:<42}{stage['seconds']:>10.2f}  "
                     f"{_rate(stage['articles'], stage['seconds'])}"
                     + ("" if stage["articles"] == r.articles or name == "code"
                        else f"   ({stage['articles']:,} articles)"))
    rest = r.pipeline_wall_s - sum(s["seconds"] for s in r.pipeline_stages.values())
    lines.append(f"  {'Prefect: server start, flow and task runs':<42}{rest:>10.2f}")
    lines.append(f"  {'end to end (wall)':<42}{r.pipeline_wall_s:>10.2f}  "
                 f"{_rate(r.articles, r.pipeline_wall_s)}")
    share = r.noop_wall_s / r.pipeline_wall_s if r.pipeline_wall_s else 0
    lines.append(f"{'no-op re-run (nothing new)':<44}{r.noop_wall_s:>10.2f}"
                 f"{'':>12}   {100 * share:.1f}% of the first run; "
                 f"{'published nothing' if r.noop_up_to_date else 'PUBLISHED AGAIN'}")
    for name, stage in r.noop_stages.items():
        lines.append(f"  {name:<42}{stage['seconds']:>10.2f}")
    mem = r.memory_after_pipeline
    lines.append(f"peak memory after the pipeline runs: eventfold process {mem['self_mb']:,.0f} "
                 f"MB; live children (Prefect temporary server, …) {mem['live_children_mb']:,.0f}"
                 f" MB")
    if r.library_stages:
        lines += ["", f"{'library calls (no Prefect, one process)':<44}{'seconds':>10}"
                      f"{'articles/s':>12}"]
        for name, seconds in r.library_stages.items():
            label = "code (bare coder, single process)" if name == "code" else name
            lines.append(f"  {label:<42}{seconds:>10.2f}  {_rate(r.articles, seconds)}")
        lines.append(f"  {'total':<42}{r.library_total_s:>10.2f}  "
                     f"{_rate(r.articles, r.library_total_s)}")
        mem = r.memory_after_library
        lines.append(f"peak memory after the library calls: {mem['self_mb']:,.0f} MB")
    if r.coder_modes_report:
        lines += ["", r.coder_modes_report]
    t = r.targets()
    lines += ["", "targets (issue 5):"]
    if "end_to_end_per_core_vs_bare_coder" in t:
        e2e = r.articles / r.pipeline_wall_s
        ratio = t["end_to_end_per_core_vs_bare_coder"]
        lines.append(f"  end to end per core vs bare coder: {e2e:.1f} / {r.cores} core(s) / "
                     f"{r.bare_coder_rate:.1f} = {100 * ratio:.0f}% (target >= 80%: "
                     f"{'met' if ratio >= 0.8 else 'NOT met'})")
    lines.append(f"  no-op re-run: {100 * t.get('noop_share_of_first_run', 0):.1f}% of the first "
                 f"run (target < 5%: "
                 f"{'met' if t.get('noop_share_of_first_run', 1) < 0.05 else 'NOT met'})")
    if "prefect_overhead_s" in t:
        lines.append(f"  Prefect overhead: pipeline {r.pipeline_wall_s:.1f} s vs library calls "
                     f"{r.library_total_s:.1f} s = {t['prefect_overhead_s']:+.1f} s "
                     f"({100 * t['prefect_overhead_share']:+.1f}%)")
    lines.append(f"  rows: {', '.join(f'{k} {v:,}' for k, v in r.rows.items())}")
    if r.bare_coder_rate:
        long_enough = r.words_per_article >= CODER_TARGET_WORDS
        verdict = ("met" if r.bare_coder_rate >= CODER_TARGET_RATE else "NOT met") \
            if long_enough else f"not measured: articles under {CODER_TARGET_WORDS} words " \
                                f"(use --words {CODER_TARGET_WORDS})"
        lines += ["", "target (issue 3):",
                  f"  bare coder on {r.words_per_article:.0f}-word articles, one core: "
                  f"{r.bare_coder_rate:.1f} articles/s (target >= {CODER_TARGET_RATE} on "
                  f"{CODER_TARGET_WORDS}-word articles: {verdict})"]
    return "\n".join(lines)


def _warm_imports() -> None:
    """Import what publishing imports lazily (Great Expectations: ~2 s, ~300 MB)."""
    import great_expectations  # noqa: F401

    import eventfold.publish.quality  # noqa: F401


def _dask_cores(address: str) -> int:
    from distributed import Client

    with Client(address, timeout=30) as client:
        return sum(client.nthreads().values()) or 1


def _library_pass(work: Path, inputs: list[Path], batch_size: int, coder) -> dict[str, float]:
    """The pipeline's work as plain library calls, timed per stage."""
    from eventfold.ingest import ArticleStore, ingest_inputs
    from eventfold.normalize import build_tables
    from eventfold.publish import publish_release
    from eventfold.records import run_clock
    from schemas.validation import validate_tables

    stages: dict[str, float] = {}
    store = ArticleStore(work / "store")
    t = time.perf_counter()
    ingested = ingest_inputs(inputs, store)
    stages["ingest"] = time.perf_counter() - t
    articles = ingested.articles
    t = time.perf_counter()
    codings = []
    for i in range(0, len(articles), batch_size):
        codings.extend(coder.code(articles[i:i + batch_size]))
    stages["code"] = time.perf_counter() - t
    t = time.perf_counter()
    for a in articles:
        a.text = ""
    tables = build_tables(articles, codings, ingested.quarantine, coder.version)
    stages["normalize"] = time.perf_counter() - t
    t = time.perf_counter()
    report = validate_tables(tables)
    stages["validate"] = time.perf_counter() - t
    if not report.ok:
        raise RuntimeError(f"library pass: validation failed\n{report}")
    t = time.perf_counter()
    publish_release(tables, work / "releases", coder_version=coder.version,
                    source_snapshot={"bench": True}, created_at=run_clock())
    stages["publish"] = time.perf_counter() - t
    return stages


def run_bench(*, n_articles: int, dask_address: str | None = None, batch_size: int = 64,
              workdir: Path | None = None, library: bool = True, as_json: bool = False,
              words: int = 0) -> int:
    from flows.code import get_coder
    from flows.pipeline import pipeline

    work = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="eventfold-bench-"))
    say = (lambda *_: None) if as_json else (lambda msg: print(msg, flush=True))
    try:
        inputs = work / "input"
        if inputs.exists():
            shutil.rmtree(inputs)
        say(f"bench: writing {n_articles:,} synthetic articles to {inputs} …")
        paths = write_jsonl(inputs, n_articles, words=words)
        words = sum(len(json.loads(line)["text"].split())
                    for p in paths for line in p.open(encoding="utf-8"))
        t = time.perf_counter()
        coder = get_coder()
        _ = coder.nlp, coder.gazetteer, coder.version
        load_s = time.perf_counter() - t
        _warm_imports()  # so neither pass below pays them
        result = BenchResult(
            articles=n_articles, words_per_article=words / n_articles,
            input_mb=sum(p.stat().st_size for p in paths) / MB, batch_size=batch_size,
            runner=f"Dask at {dask_address}" if dask_address else "local threads",
            cores=_dask_cores(dask_address) if dask_address else 1,
            coder_version=coder.version, coder_load_s=load_s,
        )
        flow_dir = work / "pipeline"
        if flow_dir.exists():
            shutil.rmtree(flow_dir)
        kwargs = dict(inputs=[inputs], store_dir=flow_dir / "store",
                      state_dir=flow_dir / "state", releases_dir=flow_dir / "releases",
                      batch_size=batch_size, dask_address=dask_address,
                      show_progress=not as_json)
        say("bench: pipeline flow, first run …")
        t = time.perf_counter()
        first = pipeline(**kwargs)
        result.pipeline_wall_s = time.perf_counter() - t
        result.pipeline_stages = first.stages
        result.rows = first.rows
        say(f"bench: first run {result.pipeline_wall_s:.1f} s; no-op re-run …")
        t = time.perf_counter()
        again = pipeline(**kwargs)
        result.noop_wall_s = time.perf_counter() - t
        result.noop_up_to_date = again.up_to_date
        result.noop_stages = again.stages
        result.memory_after_pipeline = peak_memory()
        if library:
            say("bench: the same work as plain library calls …")
            lib_dir = work / "library"
            if lib_dir.exists():
                shutil.rmtree(lib_dir)
            result.library_stages = _library_pass(lib_dir, [inputs], batch_size, coder)
            result.memory_after_library = peak_memory()
            say(f"bench: staged coder vs the whole spaCy pipeline on "
                f"{min(n_articles, COMPARE_ARTICLES)} articles …")
            articles, _ = load_articles(paths)
            speeds, agreement = compare_modes(articles[:COMPARE_ARTICLES], batch_size, coder)
            result.coder_modes = [sp.to_dict() for sp in speeds]
            result.coder_agreement = agreement
            result.coder_modes_report = format_speeds(
                speeds, agreement, "bare coder, one process: staged run vs the whole spaCy "
                                   "pipeline on every sentence")
    finally:
        if workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    if as_json:
        print(json.dumps(result.to_dict(), indent=2, sort_keys=True, default=str))
    else:
        print()
        print(format_report(result))
    return 0


def run_corpus_bench(paths: list[Path], *, batch_size: int = 64, as_json: bool = False) -> int:
    """The bare coder, staged and whole, on the articles of `paths` (any input `eventfold run`
    reads): real news needs the NER more often than synthetic articles do."""
    articles, quarantined = load_articles(paths)
    if not articles:
        print("eventfold bench: no article in the corpus", flush=True)
        return 2
    speeds, agreement = compare_modes(articles, batch_size)
    if as_json:
        print(json.dumps({"articles": len(articles), "quarantined": quarantined,
                          "modes": [sp.to_dict() for sp in speeds], "agreement": agreement},
                         indent=2, sort_keys=True))
    else:
        names = ", ".join(p.name for p in paths)
        print(format_speeds(speeds, agreement,
                            f"eventfold bench --corpus {names}: bare coder, one process "
                            f"({quarantined} input(s) quarantined)"))
        print(f"  target (issue 3): >= {CODER_TARGET_RATE} articles/s on "
              f"{CODER_TARGET_WORDS}-word articles; art/s @600w is words/s / 600")
    return 0
