"""HTTPS with the connection pinned to the checked address: the TLS name (SNI) and certificate
check still use the URL's host name. A throwaway CA signs a certificate for `localhost`."""

from __future__ import annotations

import datetime as dt
import ssl

import pytest

from eventfold.sources.fetcher import Fetcher, FetchFailed

x509 = pytest.importorskip("cryptography.x509")
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from cryptography.x509.oid import NameOID  # noqa: E402


def _cert(subject: str, key, issuer_name, issuer_key, *, ca: bool):
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
        .issuer_name(issuer_name or x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if not ca:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False
        )
    return builder.sign(issuer_key, hashes.SHA256())


@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    """(server context with a localhost certificate, client context trusting only its CA)."""
    folder = tmp_path_factory.mktemp("tls")
    ca_key, leaf_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(
        ec.SECP256R1()
    )
    ca = _cert("eventfold test CA", ca_key, None, ca_key, ca=True)
    leaf = _cert("localhost", leaf_key, ca.subject, ca_key, ca=False)
    pem = serialization.Encoding.PEM
    (folder / "leaf.pem").write_bytes(
        leaf.public_bytes(pem)
        + leaf_key.private_bytes(pem, serialization.PrivateFormat.PKCS8,
                                 serialization.NoEncryption())
    )
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(folder / "leaf.pem")
    client_ctx = ssl.create_default_context(cadata=ca.public_bytes(pem).decode("ascii"))
    return server_ctx, client_ctx


def test_https_is_pinned_to_the_checked_address_but_verified_by_host_name(
    settings, tls, build
):
    server_ctx, client_ctx = tls
    with build.running_server(server_ctx) as server:
        server.static("/page.html", build.article_html("Talks in Oslo", "Oslo"))
        only_ipv4_loopback = lambda host, port: ["127.0.0.1"]  # noqa: E731 - never ::1
        with Fetcher(settings, verify=client_ctx, resolver=only_ipv4_loopback) as fetcher:
            fetched = fetcher.get(f"https://localhost:{server.port}/page.html")
            assert fetched.status == 200 and b"Talks in Oslo" in (fetched.body or b"")
            assert server.log[0].headers["host"] == f"localhost:{server.port}"

            # the certificate names localhost, not 127.0.0.1: refused, and not retried
            with pytest.raises(FetchFailed, match="TLS certificate not valid") as failed:
                fetcher.get(f"https://127.0.0.1:{server.port}/page.html")
            assert not failed.value.transient
