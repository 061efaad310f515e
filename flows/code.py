"""Flow: code the articles that the current coder version has not coded yet, a batch per task.

Each task loads its articles from the raw store, codes them and saves the batch to the coded
store before returning, so a killed run keeps every finished batch and loses nothing else.
The tasks run on the flow's task runner: threads by default, or a Dask cluster when the
pipeline is given a Dask scheduler address (every worker must see the same store paths).
"""

import threading
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.task_runners import ThreadPoolTaskRunner

from eventfold.coding.coder import Coder
from eventfold.ingest import ArticleStore
from eventfold.ops.progress import Progress
from eventfold.state import CodedStore

DEFAULT_BATCH_SIZE = 64
# Local coding threads: spaCy holds the GIL, so more threads only add contention and keep more
# batches in memory; two let one batch's I/O and Prefect calls overlap another's coding.
LOCAL_THREADS = 2

_coder: Coder | None = None
_coder_lock = threading.Lock()


def get_coder() -> Coder:
    """One coder per process (its spaCy model loads once, even when threads ask at once)."""
    global _coder
    if _coder is None:
        with _coder_lock:
            if _coder is None:
                _coder = Coder()
    return _coder


def batches(ids: list[str], size: int) -> list[list[str]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


@task(name="code-batch", cache_policy=NO_CACHE)
def code_batch(article_ids: list[str], store_dir: Path, coded_dir: Path) -> int:
    """Code one batch of stored articles and save it; returns the number of mentions."""
    store = ArticleStore(store_dir)
    articles = [store.get(a) for a in article_ids]
    missing = [a for a, art in zip(article_ids, articles, strict=True) if art is None]
    if missing:
        raise FileNotFoundError(f"articles missing from the store {store_dir}: {missing[:5]}")
    coder = get_coder()
    codings = coder.code(articles)
    CodedStore(coded_dir, coder.version).save(codings)
    return sum(len(c.mentions) for c in codings)


@flow(name="code", task_runner=ThreadPoolTaskRunner(max_workers=LOCAL_THREADS))
def code_flow(article_ids: list[str], store_dir: Path, coded_dir: Path,
              batch_size: int = DEFAULT_BATCH_SIZE, show_progress: bool = False
              ) -> dict[str, int]:
    """Code `article_ids` that are not yet in the coded store for this coder version.
    `show_progress` draws a progress line on stderr when it is a terminal."""
    logger = get_run_logger()
    coder_version = get_coder().version
    done = CodedStore(coded_dir, coder_version).coded_ids()
    todo = sorted(set(article_ids) - done)
    if not todo:
        logger.info("code: nothing to code (%d articles already coded by %s)",
                    len(article_ids), coder_version)
        return {"coded": 0, "already_coded": len(article_ids), "mentions": 0}
    parts = batches(todo, batch_size)
    futures = {code_batch.submit(b, store_dir, coded_dir): len(b) for b in parts}
    mentions = 0
    with Progress("code", len(todo), enabled=None if show_progress else False) as progress:
        for future in as_completed(list(futures)):
            mentions += future.result()
            progress.advance(futures[future])
    logger.info("code: %d articles coded in %d batches, %d mentions", len(todo), len(parts),
                mentions)
    return {"coded": len(todo), "already_coded": len(article_ids) - len(todo),
            "mentions": mentions}
