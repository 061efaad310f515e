"""Deterministic identifiers: hashes of raw parts, never row numbers or random values."""

from __future__ import annotations

import hashlib

SEP = "\x1f"  # unit separator: cannot occur in the parts we hash


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stable_id(prefix: str, *parts: object) -> str:
    """`prefix_` + the first 16 hex digits of the SHA-256 of the parts joined by SEP."""
    raw = SEP.join("" if p is None else str(p) for p in parts)
    return f"{prefix}_{sha256_hex(raw)[:16]}"


def article_id_for(content_sha256: str) -> str:
    """Articles are content-addressed: the ID is derived from the normalized text's hash."""
    return f"art_{content_sha256[:16]}"
