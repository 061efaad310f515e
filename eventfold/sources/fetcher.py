"""Polite, safe HTTP GETs: descriptive User-Agent, per-host rate limit, timeouts, retries with
exponential backoff, a size limit enforced while streaming, conditional requests, and redirects
followed by hand so that every hop passes the scheme and address checks. Connections go to the
address that was checked (the URL host is pinned to it), so DNS cannot change the answer."""

from __future__ import annotations

import contextlib
import os
import ssl
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import httpx

from eventfold.sources.config import FetchSettings
from eventfold.sources.ratelimit import HostRateLimiter, shared_limiter
from eventfold.sources.safety import (
    RefusedURL,
    Resolver,
    allowed_addresses,
    check_url,
    resolve_host,
)
from eventfold.sources.state import FetchState

REDIRECTS = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 60.0  # seconds; a longer Retry-After is capped
CHUNK = 64 * 1024


class FetchFailed(Exception):
    """A URL that could not be fetched: becomes a quarantine row (`reason`, `detail`)."""

    def __init__(self, url: str, reason: str, detail: str, *, transient: bool = False,
                 refused: bool = False) -> None:
        super().__init__(detail)
        self.url = url
        self.reason = reason
        self.detail = detail
        self.transient = transient  # worth trying again later (timeouts, 5xx, …)
        self.refused = refused  # refused by the safety rules; no request was sent


# Quarantine reasons for refused URLs: a scheme other than http/https is a type eventfold does
# not read; a non-public address is an input it may not read.
REFUSED_REASONS = {"scheme": "unsupported_type", "address": "read_error"}


class _Retry(Exception):
    """A failure worth another attempt (connection error, timeout, 429, 5xx)."""

    def __init__(self, reason: str, detail: str, retry_after: float | None = None) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail
        self.retry_after = retry_after


@dataclass
class Fetched:
    """A 200 (with `body` in memory or saved at `path`) or a 304 (nothing)."""

    url: str  # final URL, after redirects
    status: int
    content_type: str = ""
    body: bytes | None = None
    path: Path | None = None
    n_bytes: int = 0
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return min(float(value.strip()), MAX_RETRY_AFTER)
    return None


class Fetcher:
    """One HTTP client for a fetch run; safe to share between threads."""

    def __init__(
        self,
        settings: FetchSettings,
        state: FetchState | None = None,
        *,
        resolver: Resolver = resolve_host,
        sleep: Callable[[float], None] = time.sleep,
        limiter: HostRateLimiter | None = None,
        verify: ssl.SSLContext | bool = True,
    ) -> None:
        self.settings = settings
        self.state = state
        self.resolver = resolver
        self.sleep = sleep  # between retries
        self.limiter = limiter or shared_limiter(settings.rate_limit_per_host)
        self.stats: Counter[str] = Counter()
        self._stats_lock = threading.Lock()
        # A bare transport, not an httpx.Client: no redirect handling, cookies or proxies from
        # the environment, so every hop and every peer is the one this class checked.
        self.transport = httpx.HTTPTransport(
            verify=verify,  # certificates are checked against the URL's host name
            trust_env=False,
            limits=httpx.Limits(max_connections=max(settings.max_workers, 1) * 2),
        )
        self._timeout = httpx.Timeout(settings.timeout_seconds).as_dict()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.transport.close()

    def count(self, key: str, n: int = 1) -> None:
        with self._stats_lock:
            self.stats[key] += n

    def get(self, url: str, *, conditional: bool = False, dest: Path | None = None) -> Fetched:
        """GET `url` with retries; a body into memory (limit `max_bytes`) or streamed to `dest`
        (limit `max_download_bytes`). Raises `FetchFailed` for anything but a 200 or 304."""
        attempt = 0
        while True:
            try:
                return self._get_following(url, conditional, dest)
            except _Retry as err:
                if attempt >= self.settings.retries:
                    tries = f"{attempt + 1} attempt" + ("s" if attempt else "")
                    raise FetchFailed(url, err.reason, f"{err.detail} ({tries})",
                                      transient=True) from None
                delay = self.settings.retry_backoff_seconds * 2**attempt
                if err.retry_after is not None:
                    delay = max(delay, err.retry_after)
                self.sleep(delay)
                attempt += 1

    def _get_following(self, url: str, conditional: bool, dest: Path | None) -> Fetched:
        current = url
        for _hop in range(self.settings.max_redirects + 1):
            try:
                parsed = check_url(current)
                addresses = allowed_addresses(
                    parsed, allow_private=self.settings.allow_private_addresses,
                    resolver=self.resolver,
                )
            except RefusedURL as err:
                via = "" if current == url else f" (redirected from {url})"
                raise FetchFailed(url, REFUSED_REASONS[err.kind], f"refused: {err}{via}",
                                  refused=True) from None
            except ConnectionError as err:
                raise _Retry("read_error", f"{current}: {err}") from None
            headers = {}
            if conditional and self.state is not None:
                headers = self.state.conditional_headers(current)
            reply = self._exchange(parsed, addresses, headers, dest, current)
            if isinstance(reply, str):  # a redirect: the next hop
                current = reply
                continue
            return reply
        raise FetchFailed(url, "http_status",
                          f"{url}: more than {self.settings.max_redirects} redirects")

    def _exchange(self, parsed: httpx.URL, addresses: list[str], headers: dict[str, str],
                  dest: Path | None, url: str) -> Fetched | str:
        """One request to the first reachable checked address; a redirect returns its target."""
        host = parsed.raw_host.decode("ascii")
        request_headers = {
            "Host": parsed.netloc.decode("ascii"),
            "User-Agent": self.settings.user_agent,
            "Accept": "*/*",
            # downloads keep the bytes as served (a .warc.gz stays compressed)
            "Accept-Encoding": "identity" if dest is not None else "gzip, deflate",
            **headers,
        }
        extensions: dict[str, object] = {"timeout": self._timeout}
        if parsed.scheme == "https":
            extensions["sni_hostname"] = host  # TLS name and certificate check use the host
        for index, address in enumerate(addresses):
            self.limiter.wait(host)
            self.count("requests")
            deadline = time.monotonic() + self.settings.timeout_seconds
            request = httpx.Request("GET", parsed.copy_with(host=address),
                                    headers=request_headers, extensions=extensions)
            try:
                response = self.transport.handle_request(request)
                response.request = request
                try:
                    return self._handle(response, url, dest, deadline)
                finally:
                    response.close()
            except httpx.ConnectError as err:
                if "CERTIFICATE_VERIFY_FAILED" in str(err):
                    raise FetchFailed(url, "read_error", f"{url}: TLS certificate not valid for "
                                      f"{host}: {err}") from None
                if index + 1 < len(addresses):
                    continue
                raise _Retry("read_error", f"{url}: cannot connect to {address}: {err}") from None
            except httpx.TimeoutException:
                waited = self.settings.timeout_seconds
                raise _Retry("read_error", f"{url}: timed out after {waited:g} s") from None
            except httpx.DecodingError as err:
                raise FetchFailed(url, "read_error", f"{url}: cannot decode the body: {err}"
                                  ) from None
            except httpx.TransportError as err:
                raise _Retry("read_error", f"{url}: {type(err).__name__}: {err}") from None
        raise AssertionError("unreachable: at least one address is always given")

    def _handle(self, response: httpx.Response, url: str, dest: Path | None,
                deadline: float) -> Fetched | str:
        status = response.status_code
        if status in REDIRECTS:
            location = response.headers.get("location")
            if not location:
                raise FetchFailed(url, "http_status", f"{url}: HTTP {status} without Location")
            return urljoin(url, location.strip())
        if status == 304:
            self.count("not_modified")
            return Fetched(url=url, status=304)
        if status in RETRY_STATUSES:
            raise _Retry("http_status", f"{url}: HTTP {status} {response.reason_phrase}",
                         _retry_after(response.headers.get("retry-after")))
        if status != 200:
            raise FetchFailed(url, "http_status", f"{url}: HTTP {status} {response.reason_phrase}")
        fetched = Fetched(
            url=url,
            status=200,
            content_type=response.headers.get("content-type", ""),
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
        )
        if dest is None:
            fetched.body = self._read_body(response, url, self.settings.max_bytes, deadline)
            fetched.n_bytes = len(fetched.body)
        else:
            fetched.n_bytes = self._download(response, url, dest)
            fetched.path = dest
        return fetched

    def _check_declared(self, response: httpx.Response, url: str, limit: int) -> None:
        declared = response.headers.get("content-length", "")
        if declared.strip().isdigit() and int(declared) > limit:
            raise FetchFailed(url, "too_large",
                              f"{url}: Content-Length {int(declared)} is over the limit of "
                              f"{limit} bytes (not downloaded)")

    def _limited(self, chunks: Iterator[bytes], url: str, limit: int, what: str,
                 deadline: float | None = None) -> Iterator[bytes]:
        """The chunks of a response, counted, stopped past `limit` bytes (and `deadline`)."""
        total = 0
        for chunk in chunks:
            total += len(chunk)
            self.count("bytes", len(chunk))
            if total > limit:
                raise FetchFailed(url, "too_large",
                                  f"{url}: {what} is over the limit of {limit} bytes "
                                  "(stopped reading)")
            if deadline is not None and time.monotonic() > deadline:
                raise _Retry("read_error", f"{url}: {what} not complete within "
                             f"{self.settings.timeout_seconds:g} s")
            yield chunk

    def _read_body(self, response: httpx.Response, url: str, limit: int,
                   deadline: float) -> bytes:
        self._check_declared(response, url, limit)
        return b"".join(self._limited(response.iter_bytes(CHUNK), url, limit, "body", deadline))

    def _download(self, response: httpx.Response, url: str, dest: Path) -> int:
        """Stream the raw body to a temporary file beside `dest`, renamed into place at the end."""
        limit = self.settings.max_download_bytes
        self._check_declared(response, url, limit)
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
        total = 0
        try:
            with os.fdopen(fd, "wb") as handle:
                for chunk in self._limited(response.iter_raw(CHUNK), url, limit, "download"):
                    total += len(chunk)
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, dest)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        return total
