"""Prefect flows: thin orchestration over the eventfold library (ingest, code, validate,
publish, and the parent pipeline)."""
