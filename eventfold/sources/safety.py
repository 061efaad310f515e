"""Where eventfold may connect: http/https only, and (unless the config allows it) never to
loopback, private, link-local, multicast or reserved addresses, checked after DNS resolution."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable

import httpx

from eventfold.sources.config import check_http_url

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]


class RefusedURL(Exception):
    """A URL eventfold will not fetch; never retried. `kind` is "scheme" (not http/https, no
    host, not a URL) or "address" (resolves to a non-public address)."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


def address_problem(ip: IPAddress) -> str | None:
    """What kind of non-public address `ip` is, or None for a public (global unicast) address."""
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            return address_problem(mapped)
    checks = (
        ("loopback", ip.is_loopback),
        ("unspecified", ip.is_unspecified),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved),
        ("not globally routable", not ip.is_global),
    )
    for label, hit in checks:
        if hit:
            return label
    return None


def resolve_host(host: str, port: int) -> list[str]:
    """The addresses `host` resolves to (an IP literal resolves to itself), in resolver order."""
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: dict[str, None] = {}
    for _family, _type, _proto, _name, sockaddr in infos:
        seen.setdefault(str(sockaddr[0]).split("%")[0], None)
    return list(seen)


def check_url(url: str) -> httpx.URL:
    """The parsed URL, or `RefusedURL` when its scheme is not http/https or it has no host."""
    problem = check_http_url(url)
    if problem:
        raise RefusedURL(f"{url}: {problem}", "scheme")
    try:
        return httpx.URL(url)
    except (httpx.InvalidURL, ValueError) as err:
        raise RefusedURL(f"{url}: not a valid URL ({err})", "scheme") from None


def allowed_addresses(
    url: httpx.URL, *, allow_private: bool, resolver: Resolver = resolve_host
) -> list[str]:
    """The addresses to connect to for `url`; `RefusedURL` if any of them is not public (unless
    `allow_private`), so a host cannot mix a public and a private record to slip through."""
    host = url.raw_host.decode("ascii")
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        addresses = resolver(host, port)
    except (OSError, UnicodeError) as err:
        raise ConnectionError(f"cannot resolve {host}: {err}") from None
    if not addresses:
        raise ConnectionError(f"cannot resolve {host}: no addresses")
    if allow_private:
        return addresses
    for text in addresses:
        problem = address_problem(ipaddress.ip_address(text))
        if problem:
            raise RefusedURL(
                f"{url}: {host} resolves to {text}, a {problem} address "
                "(set fetch.allow_private_addresses: true to allow it)",
                "address",
            )
    return addresses
