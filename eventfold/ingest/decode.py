"""Byte-level checks shared by the readers: emptiness, binary content, UTF-8 and HTML charsets.
Each check returns a `Rejection` (reason + detail) or the decoded text; nothing is guessed."""

from __future__ import annotations

import codecs
import re

from eventfold.ingest.candidates import Rejection

# C0 control bytes that never occur in text (tab, LF, VT, FF, CR and ESC are allowed).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f]")
MAX_CONTROL_RATIO = 0.02  # above this share of control characters a text is binary

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""", re.I)
_CONTENT_TYPE_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:\-]+)""", re.I)


def check_empty(data: bytes, raw_path: str) -> Rejection | None:
    """An input with no bytes, or only whitespace, is `empty`."""
    if not data.strip():
        what = "0 bytes" if not data else f"{len(data)} bytes of whitespace only"
        return Rejection(raw_path, "empty", f"input is empty ({what})")
    return None


def check_binary(data: bytes, raw_path: str) -> Rejection | None:
    """NUL bytes or many control bytes mean the input is not text."""
    nul = data.find(b"\x00")
    if nul >= 0:
        return Rejection(raw_path, "binary", f"NUL byte at offset {nul}: not a text file")
    n_control = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if data and n_control / len(data) > MAX_CONTROL_RATIO:
        return Rejection(
            raw_path, "binary", f"{n_control} of {len(data)} bytes are control characters"
        )
    return None


def check_binary_text(text: str, raw_path: str) -> Rejection | None:
    """The same test on already decoded text (JSON strings may hold \\u0000)."""
    n_control = len(_CONTROL_CHARS.findall(text))
    if "\x00" in text or (text and n_control / len(text) > MAX_CONTROL_RATIO):
        return Rejection(
            raw_path, "binary", f"{n_control} control characters in {len(text)}: not text"
        )
    return None


def decode_utf8(data: bytes, raw_path: str) -> str | Rejection:
    """Strict UTF-8 (a BOM is dropped); anything else is `undecodable`, never guessed."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return Rejection(
            raw_path,
            "undecodable",
            f"invalid UTF-8 at byte {err.start} ({data[err.start : err.start + 4]!r})",
        )


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset parameter of an HTTP Content-Type header, if any."""
    if not content_type:
        return None
    match = _CONTENT_TYPE_CHARSET.search(content_type)
    return match.group(1) if match else None


def declared_html_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KB (meta tag or XML declaration)."""
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii") if match else None


def decode_html(data: bytes, raw_path: str, header_charset: str | None = None) -> str | Rejection:
    """UTF-8 first, then the charset declared by the HTTP header or the page itself."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        utf8_error = f"invalid UTF-8 at byte {err.start}"
    declared = [c for c in (header_charset, declared_html_charset(data)) if c]
    for charset in declared:
        try:
            codec = codecs.lookup(charset)
        except LookupError:
            continue
        if codec.name in ("utf-8", "utf-8-sig"):
            continue
        try:
            return data.decode(codec.name)
        except UnicodeDecodeError:
            continue
    if declared:
        tried = ", ".join(declared)
        return Rejection(raw_path, "undecodable", f"{utf8_error}; declared charset {tried} fails")
    return Rejection(raw_path, "undecodable", f"{utf8_error} and no charset declared")
