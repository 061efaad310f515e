"""Peak memory of `eventfold run` at a scale too slow to code here (e.g. 100,000 articles).

Coding 100,000 articles takes an hour on one core, and coding streams batch by batch anyway;
what grows with the corpus is ingest, normalize, validate and publish. So this script:

1. writes N synthetic articles (eventfold.ops.synth) and ingests them into a store;
2. fills the coded store for them from the codings of a smaller, really coded run (`--template`,
   the `pipeline/` folder of `eventfold bench --workdir DIR`): article j gets the coding of
   template article j mod T with fresh ids and its event dates moved by j // T days, so events
   do not simply merge and the tables grow like a real corpus's;
3. runs `eventfold run` on the articles in a fresh process (nothing left to code) and prints the
   run's JSON summary and that process's peak resident memory (VmHWM).

    .venv/bin/python scripts/memory_at_scale.py --articles 100000 \\
        --template /tmp/bench/w10k/pipeline --workdir /tmp/bench/m100k
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

RUN = """
import json, sys, time
from eventfold.cli import main
t = time.perf_counter()
code = main(sys.argv[1:])
wall = time.perf_counter() - t
hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]
print(json.dumps({"exit": code, "wall_s": round(wall, 1), "peak_rss_mb": int(hwm) // 1024}))
"""


def fill_coded_store(store_dir: Path, state_dir: Path, template: Path) -> tuple[int, int]:
    from eventfold.coding.serialize import coding_from_dict
    from eventfold.ids import stable_id
    from eventfold.state import CodedStore
    from flows.code import get_coder
    from flows.pipeline import store_article_ids

    version = get_coder().version
    templates = []
    for path in sorted((template / "state" / "coded").glob("*/*.json.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            templates.extend(json.load(fh)["codings"])
    if not templates:
        raise SystemExit(f"no codings under {template}/state/coded")
    store = CodedStore(state_dir / "coded", version)
    ids = store_article_ids(store_dir)
    batch, mentions = [], 0
    for j, aid in enumerate(ids):
        d = json.loads(json.dumps(templates[j % len(templates)]))
        shift = timedelta(days=j // len(templates))
        d["article_id"] = aid
        for m in d["mentions"]:
            m["article_id"] = aid
            m["mention_id"] = stable_id("men", aid, m["mention_id"])
            if m["event_date"]:
                m["event_date"] = (date.fromisoformat(m["event_date"]) + shift).isoformat()
            mentions += 1
        batch.append(coding_from_dict(d))
        if len(batch) == 64:
            store.save(batch)
            batch = []
    store.save(batch)
    return len(ids), mentions


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--template", type=Path, required=True)
    parser.add_argument("--workdir", type=Path, required=True)
    args = parser.parse_args()
    from eventfold.ingest import ArticleStore, ingest_inputs
    from eventfold.ops.synth import write_jsonl

    work = args.workdir
    inputs, store, state = work / "input", work / "store", work / "state"
    t = time.perf_counter()
    if not inputs.exists():
        write_jsonl(inputs, args.articles)
        ingested = ingest_inputs([inputs], ArticleStore(store))
        print(f"setup: {ingested.counts['articles']:,} articles written and ingested in "
              f"{time.perf_counter() - t:.0f} s", flush=True)
        del ingested
        t = time.perf_counter()
        n, mentions = fill_coded_store(store, state, args.template)
        print(f"setup: coded store filled for {n:,} articles ({mentions:,} mentions) in "
              f"{time.perf_counter() - t:.0f} s", flush=True)
    done = subprocess.run(
        [sys.executable, "-c", RUN, "run", str(inputs), "--store", str(store), "--state",
         str(state), "--releases", str(work / "releases"), "--json", "--force"],
        capture_output=True, text=True)
    print(done.stdout.strip())
    if done.returncode:
        print(done.stderr[-3000:], file=sys.stderr)
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
