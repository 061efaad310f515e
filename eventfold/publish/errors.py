"""The error a release raises when it cannot be published (nothing was written)."""

from __future__ import annotations

from schemas.validation import ValidationReport


class ReleaseError(Exception):
    """A release was refused. Built from a failed ValidationReport (the message is the readable
    report) or from a message; `report` is the validation report when there is one."""

    def __init__(self, problem: ValidationReport | str,
                 report: ValidationReport | None = None) -> None:
        if isinstance(problem, ValidationReport):
            report = problem
            problem = str(problem)
        super().__init__(problem)
        self.report = report
