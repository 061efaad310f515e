"""The sources config (`sources.yaml`): where articles come from, how politely to fetch them and
when to run. `load_sources` validates it and names the line of every problem."""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from eventfold import __version__
from eventfold.sources.yaml_lines import DuplicateKeyError, LineDict, load_yaml_with_lines

PROJECT_URL = "https://github.com/eventfold/eventfold"
DEFAULT_USER_AGENT = f"eventfold/{__version__} (+{PROJECT_URL}; open event data)"

SOURCE_KINDS = ("feed", "page", "folder", "file", "jsonl", "warc", "warc_list")
URL_ONLY_KINDS = frozenset({"feed", "page"})
PATH_ONLY_KINDS = frozenset({"folder", "file"})
MAX_ITEMS_KINDS = frozenset({"feed", "warc_list"})
FILE_SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".warc", ".warc.gz")
ALLOWED_SCHEMES = ("http", "https")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


class SourcesConfigError(ValueError):
    """sources.yaml is missing, unreadable or invalid; the message names the file and line."""


@dataclass(frozen=True)
class FetchSettings:
    """How every HTTP request is made (the `fetch:` block)."""

    user_agent: str = DEFAULT_USER_AGENT
    timeout_seconds: float = 20.0  # connect and each read; also the whole of a page or feed
    retries: int = 3  # extra attempts after a connection error, timeout, 429 or 5xx
    retry_backoff_seconds: float = 1.0  # waits 1×, 2×, 4×, … this between attempts
    rate_limit_per_host: float = 1.0  # requests per second to one host, across all threads
    max_bytes: int = 10 * 1024 * 1024  # a page or feed larger than this is `too_large`
    max_download_bytes: int = 4 * 1024**3  # a downloaded WARC or JSONL file
    max_redirects: int = 5
    allow_private_addresses: bool = False  # loopback/private/link-local/... refused unless true
    max_workers: int = 4  # pages of one feed fetched at once (the rate limit still applies)


@dataclass(frozen=True)
class Source:
    """One entry of `sources:`; exactly one of `url` and `path` is set."""

    name: str
    kind: str
    url: str | None = None
    path: Path | None = None  # absolute (resolved against the config file's folder)
    source_name: str | None = None  # publisher written on fetched articles
    max_items: int | None = None  # feed: new items per run; warc_list: new WARCs per run
    enabled: bool = True
    base_url: str | None = None  # warc_list: what relative lines are resolved against


@dataclass(frozen=True)
class SourceConfig:
    """A validated sources.yaml."""

    sources: tuple[Source, ...] = ()
    fetch: FetchSettings = field(default_factory=FetchSettings)
    schedule: str | None = None  # 5-field cron, used by `eventfold serve`
    timezone: str = "UTC"
    dask_address: str | None = None  # Dask scheduler for the coding tasks (`eventfold run`)
    origin: str = "<config>"

    def enabled_sources(self) -> list[Source]:
        return [s for s in self.sources if s.enabled]


class _Where:
    """Formats errors as `<file>, line N: <context>: <problem>`."""

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def error(self, line: int | None, context: str, problem: str) -> SourcesConfigError:
        at = f"{self.origin}, line {line}" if line else self.origin
        return SourcesConfigError(f"{at}: {context}: {problem}")


def _type_name(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _check_keys(mapping: LineDict, allowed: tuple[str, ...], where: _Where, context: str) -> None:
    for key in mapping:
        if key not in allowed:
            raise where.error(
                mapping.line_of(key),
                context,
                f"unknown key {key!r} (expected one of: {', '.join(allowed)})",
            )


def _number(value: Any, key: str, mapping: LineDict, where: _Where, ctx: str, *,
            integer: bool, minimum: float, exclusive: bool = False) -> float | int:
    ok_type = isinstance(value, int) if integer else isinstance(value, int | float)
    if isinstance(value, bool) or not ok_type:
        want = "an integer" if integer else "a number"
        raise where.error(mapping.line_of(key), ctx,
                          f"{key} must be {want}, got {_type_name(value)} {value!r}")
    if value < minimum or (exclusive and value == minimum):
        bound = f"greater than {minimum}" if exclusive else f"at least {minimum}"
        raise where.error(mapping.line_of(key), ctx, f"{key} must be {bound}, got {value!r}")
    return value


def _string(value: Any, key: str, mapping: LineDict, where: _Where, ctx: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise where.error(mapping.line_of(key), ctx,
                          f"{key} must be a non-empty string, got {_type_name(value)} {value!r}")
    return value.strip()


def check_http_url(url: str) -> str | None:
    """Why `url` cannot be fetched (scheme other than http/https, no host), or None."""
    try:
        parts = urlsplit(url)
    except ValueError as err:
        return f"not a valid URL ({err})"
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        shown = f"{parts.scheme}:" if parts.scheme else "no scheme"
        return f"only http and https URLs are fetched ({shown})"
    if not parts.hostname:
        return "the URL has no host"
    return None


def _parse_fetch(raw: Any, line: int, where: _Where) -> FetchSettings:
    if raw is None:
        return FetchSettings()
    if not isinstance(raw, LineDict):
        raise where.error(line, "fetch", f"must be a mapping, got {_type_name(raw)}")
    names = tuple(f.name for f in fields(FetchSettings))
    _check_keys(raw, names, where, "fetch")
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "user_agent":
            values[key] = _string(value, key, raw, where, "fetch")
        elif key == "allow_private_addresses":
            if not isinstance(value, bool):
                raise where.error(raw.line_of(key), "fetch",
                                  f"{key} must be true or false, got {value!r}")
            values[key] = value
        elif key in ("timeout_seconds", "rate_limit_per_host"):
            values[key] = float(_number(value, key, raw, where, "fetch", integer=False,
                                        minimum=0, exclusive=True))
        elif key == "retry_backoff_seconds":
            values[key] = float(_number(value, key, raw, where, "fetch", integer=False,
                                        minimum=0))
        elif key in ("retries", "max_redirects"):
            values[key] = _number(value, key, raw, where, "fetch", integer=True, minimum=0)
        else:  # max_bytes, max_download_bytes, max_workers
            values[key] = _number(value, key, raw, where, "fetch", integer=True, minimum=1)
    return FetchSettings(**values)


SOURCE_KEYS = ("name", "kind", "url", "path", "source_name", "max_items", "enabled", "base_url")


def _parse_source(raw: Any, index: int, line: int, where: _Where, base_dir: Path) -> Source:
    ctx = f"sources[{index}]"
    if not isinstance(raw, LineDict):
        raise where.error(line, ctx, f"each source must be a mapping, got {_type_name(raw)}")
    if "name" not in raw:
        raise where.error(raw.line, ctx, "missing key 'name'")
    name = _string(raw["name"], "name", raw, where, ctx)
    if not _NAME.match(name):
        raise where.error(raw.line_of("name"), ctx,
                          f"name {name!r} must be letters, digits, '.', '_' or '-' (at most 64)")
    ctx = f"sources[{index}] ({name})"
    _check_keys(raw, SOURCE_KEYS, where, ctx)
    if "kind" not in raw:
        raise where.error(raw.line, ctx, f"missing key 'kind' (one of: {', '.join(SOURCE_KINDS)})")
    kind = raw["kind"]
    if kind not in SOURCE_KINDS:
        raise where.error(raw.line_of("kind"), ctx,
                          f"unknown kind {kind!r} (expected one of: {', '.join(SOURCE_KINDS)})")
    has_url, has_path = raw.get("url") is not None, raw.get("path") is not None
    if has_url == has_path:
        allowed = ("url" if kind in URL_ONLY_KINDS else
                   "path" if kind in PATH_ONLY_KINDS else "url or path")
        problem = "give only one of 'url' and 'path'" if has_url else f"missing key '{allowed}'"
        raise where.error(raw.line, ctx, f"{problem} (kind {kind} takes {allowed})")
    if has_url and kind in PATH_ONLY_KINDS:
        raise where.error(raw.line_of("url"), ctx, f"kind {kind} reads a local 'path', not a url")
    if has_path and kind in URL_ONLY_KINDS:
        raise where.error(raw.line_of("path"), ctx, f"kind {kind} fetches a 'url', not a path")

    url = path = None
    if has_url:
        url = _string(raw["url"], "url", raw, where, ctx)
        problem = check_http_url(url)
        if problem:
            raise where.error(raw.line_of("url"), ctx, f"url {url!r}: {problem}")
    else:
        text = _string(raw["path"], "path", raw, where, ctx)
        path = (base_dir / Path(text).expanduser()).absolute()
        if kind == "file" and not text.lower().endswith(FILE_SUFFIXES):
            raise where.error(raw.line_of("path"), ctx,
                              f"path {text!r} must end with one of: {', '.join(FILE_SUFFIXES)}")
        if kind == "jsonl" and not text.lower().endswith(".jsonl"):
            raise where.error(raw.line_of("path"), ctx, f"path {text!r} must end with .jsonl")
        if kind == "warc" and not text.lower().endswith((".warc", ".warc.gz")):
            raise where.error(raw.line_of("path"), ctx,
                              f"path {text!r} must end with .warc or .warc.gz")

    source_name = None
    if raw.get("source_name") is not None:
        source_name = _string(raw["source_name"], "source_name", raw, where, ctx)
    max_items = None
    if raw.get("max_items") is not None:
        if kind not in MAX_ITEMS_KINDS:
            raise where.error(raw.line_of("max_items"), ctx,
                              f"max_items applies to kinds feed and warc_list, not {kind}")
        max_items = int(_number(raw["max_items"], "max_items", raw, where, ctx,
                                integer=True, minimum=1))
    enabled = raw.get("enabled", True)
    if not isinstance(enabled, bool):
        raise where.error(raw.line_of("enabled"), ctx,
                          f"enabled must be true or false, got {enabled!r}")
    base_url = None
    if raw.get("base_url") is not None:
        if kind != "warc_list":
            raise where.error(raw.line_of("base_url"), ctx,
                              f"base_url applies to kind warc_list, not {kind}")
        base_url = _string(raw["base_url"], "base_url", raw, where, ctx)
        problem = check_http_url(base_url)
        if problem:
            raise where.error(raw.line_of("base_url"), ctx, f"base_url {base_url!r}: {problem}")
        if not base_url.endswith("/"):
            base_url += "/"
    return Source(name=name, kind=kind, url=url, path=path, source_name=source_name,
                  max_items=max_items, enabled=enabled, base_url=base_url)


_CRON_RANGES = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))
_CRON_FIELDS = ("minute", "hour", "day of month", "month", "day of week")
_CRON_NAMES = (
    {},
    {},
    {},
    {m: i + 1 for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())},
    {d: i for i, d in enumerate("sun mon tue wed thu fri sat".split())},
)
_CRON_PART = re.compile(r"^(\*|[0-9a-z]+(?:-[0-9a-z]+)?)(?:/([0-9]+))?$")


def check_cron(expr: str) -> str | None:
    """Why `expr` is not a 5-field cron expression (minute hour day month weekday), or None."""
    parts = expr.split()
    if len(parts) != 5:
        return f"a cron schedule has 5 fields (minute hour day month weekday), got {len(parts)}"
    for part, (low, high), label, names in zip(
        parts, _CRON_RANGES, _CRON_FIELDS, _CRON_NAMES, strict=True
    ):
        for item in part.lower().split(","):
            match = _CRON_PART.match(item)
            if not match or (match.group(2) is not None and int(match.group(2)) == 0):
                return f"{label} field {part!r} is not valid cron syntax"
            if match.group(1) == "*":
                continue
            for bound in match.group(1).split("-"):
                value = names.get(bound, int(bound) if bound.isdigit() else None)
                if value is None or not low <= value <= high:
                    return f"{label} field {part!r}: {bound!r} is outside {low}-{high}"
    return None


TOP_KEYS = ("fetch", "schedule", "timezone", "dask_address", "sources")
DASK_SCHEMES = ("tcp", "tls", "inproc", "ws", "wss", "ucx")


def check_dask_address(address: str) -> str | None:
    """Why `address` is not a Dask scheduler address (`tcp://host:8786`, `tls://…`), or None."""
    scheme, sep, rest = address.partition("://")
    if not sep or scheme not in DASK_SCHEMES or not rest:
        return (f"a Dask scheduler address looks like tcp://host:8786 "
                f"(schemes: {', '.join(DASK_SCHEMES)})")
    return None


def parse_sources(text: str, origin: str = "<config>", base_dir: Path | None = None
                  ) -> SourceConfig:
    """Validate sources.yaml text; relative paths are resolved against `base_dir` (default: cwd)."""
    where = _Where(origin)
    base = Path(base_dir) if base_dir is not None else Path.cwd()
    try:
        raw = load_yaml_with_lines(text)
    except DuplicateKeyError as err:
        raise SourcesConfigError(f"{origin}, {err}") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(err, "problem", None) or str(err)
        raise where.error(line, "YAML", f"cannot parse: {problem}") from None
    if raw is None:
        raise where.error(None, "config", "the file is empty (it needs a 'sources:' list)")
    if not isinstance(raw, LineDict):
        raise where.error(1, "config", f"must be a mapping, got {_type_name(raw)}")
    _check_keys(raw, TOP_KEYS, where, "config")
    if "sources" not in raw:
        raise where.error(raw.line, "config", "missing key 'sources' (a list of sources)")
    fetch = _parse_fetch(raw.get("fetch"), raw.line_of("fetch"), where)

    schedule = raw.get("schedule")
    if schedule is not None:
        schedule = _string(schedule, "schedule", raw, where, "schedule")
        problem = check_cron(schedule)
        if problem:
            raise where.error(raw.line_of("schedule"), "schedule", f"{schedule!r}: {problem}")
    timezone = raw.get("timezone", "UTC")
    timezone = _string(timezone, "timezone", raw, where, "timezone")
    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise where.error(raw.line_of("timezone"), "timezone",
                          f"unknown time zone {timezone!r} (use an IANA name such as "
                          "'UTC' or 'Europe/Paris')") from None

    dask_address = raw.get("dask_address")
    if dask_address is not None:
        dask_address = _string(dask_address, "dask_address", raw, where, "dask_address")
        problem = check_dask_address(dask_address)
        if problem:
            raise where.error(raw.line_of("dask_address"), "dask_address",
                              f"{dask_address!r}: {problem}")

    items = raw["sources"]
    if not isinstance(items, list):
        raise where.error(raw.line_of("sources"), "sources",
                          f"must be a list, got {_type_name(items)}")
    sources: list[Source] = []
    first_line: dict[str, int] = {}
    for index, item in enumerate(items):
        line = item.line if isinstance(item, LineDict) else raw.line_of("sources")
        source = _parse_source(item, index, line, where, base)
        if source.name in first_line:
            raise where.error(line, f"sources[{index}]",
                              f"duplicate source name {source.name!r} "
                              f"(first used on line {first_line[source.name]})")
        first_line[source.name] = line
        sources.append(source)
    return SourceConfig(sources=tuple(sources), fetch=fetch, schedule=schedule,
                        timezone=timezone, dask_address=dask_address, origin=origin)


def load_sources(path: Path) -> SourceConfig:
    """Read and validate a sources.yaml; relative paths in it are relative to its folder."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourcesConfigError(f"{path}: sources config not found") from None
    except (OSError, UnicodeDecodeError) as err:
        raise SourcesConfigError(f"{path}: cannot read the sources config: {err}") from None
    return parse_sources(text, origin=str(path), base_dir=path.absolute().parent)
