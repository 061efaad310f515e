"""Flow: code articles into event mentions, a batch of articles per task."""

from __future__ import annotations

from functools import cache

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from eventfold.coding.coder import ArticleCoding, Coder
from eventfold.records import Article

DEFAULT_BATCH_SIZE = 64


@cache
def get_coder() -> Coder:
    return Coder()


def batches(articles: list[Article], size: int) -> list[list[Article]]:
    return [articles[i : i + size] for i in range(0, len(articles), size)]


@task(name="code-batch", cache_policy=NO_CACHE)
def code_batch(articles: list[Article]) -> list[ArticleCoding]:
    return get_coder().code(articles)


@flow(name="code")
def code_flow(articles: list[Article], batch_size: int = DEFAULT_BATCH_SIZE) -> list[ArticleCoding]:
    futures = [code_batch.submit(batch) for batch in batches(articles, batch_size)]
    codings = [c for f in futures for c in f.result()]
    get_run_logger().info("code: %d articles, %d mentions", len(codings),
                          sum(len(c.mentions) for c in codings))
    return codings
