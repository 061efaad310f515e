"""Prefect flows: thin orchestration over the eventfold library (ingest, code, validate,
publish, and the parent pipeline).

Flow modules do not use `from __future__ import annotations`: a served deployment's runner
pickles these modules by value, and Prefect's parameter models must then resolve annotations
(`Path`, …) without the module globals; real annotation objects need no lookup.
"""
