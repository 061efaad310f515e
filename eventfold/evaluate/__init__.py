"""Score the coder against gold-standard documents (format: GUIDELINES.md of the eval sets)."""

from eventfold.evaluate.scoring import EvalResult, evaluate_files, score_documents

__all__ = ["EvalResult", "evaluate_files", "score_documents"]
