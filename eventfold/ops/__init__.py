"""Operations helpers: progress lines and stage summaries, Prefect server checks, the `serve`
deployment and the benchmark. Pure library except where a module says it drives Prefect."""
