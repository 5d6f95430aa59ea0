"""HTTP concerns of the Flask server under Dash: static compression, security headers.

Static files (Dash's component bundles, assets/) are compressed with brotli's best setting
once, which costs seconds of CPU on the plotly bundle, and kept in the app's cache
(dashboard/cache.py) under the digest of their content, so every worker of the host reads
it from there. Flask-Compress compresses the dynamic responses (pages, callbacks) quickly.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable, Sequence

import brotli
from flask import Flask, Response, request

from dashboard import cache, dash_seam

STATIC_PREFIXES = ("assets/", dash_seam.COMPONENT_SUITES, "geo/", "_bundle/")
COMPRESSIBLE = {"application/javascript", "text/javascript", "text/css", "application/json",
                "application/geo+json", "image/svg+xml", "text/plain"}  # fmt: skip
MIN_SIZE = 1024
# Brotli's best setting takes ~10 s per MB on this machine kind: fine once for the bundles
# every page loads, but Dash's full plotly.js (4.8 MB, only fetched when a page draws a
# trace type the partial bundle lacks: assets/03_plotly.js) would keep its first visitor
# waiting half a minute. Above this size quality 9: 2.5 s, 11 % larger.
BEST_QUALITY_MAX = 2_000_000

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "geolocation=(), camera=(), microphone=(), payment=(), usb=()",
}


def content_security_policy(script_hashes: Sequence[str]) -> str:
    # Plotly and React set inline style attributes, hence 'unsafe-inline' for styles only.
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *script_hashes],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def compressed(encoding: str, body: bytes) -> bytes:
    """The body compressed, from the cache if this content was compressed before.

    Keyed by the body's digest, never by the URL: a query string or a made-up version
    fingerprint in the path (`?n=1`, `.v1m2.js`) serves the same file and must not make
    another entry."""
    digest = hashlib.blake2b(body, digest_size=16).hexdigest()

    def compress() -> bytes:
        if encoding == "br":
            return brotli.compress(body, quality=11 if len(body) <= BEST_QUALITY_MAX else 9)
        return gzip.compress(body, compresslevel=9, mtime=0)

    return cache.get_or_build(f"static:{encoding}:{digest}", compress)


def choose_encoding(accept_encoding: str) -> str | None:
    accepted = {part.split(";")[0].strip() for part in accept_encoding.lower().split(",")}
    if "br" in accepted:
        return "br"
    if "gzip" in accepted:
        return "gzip"
    return None


def install(server: Flask, base_path: str, script_hashes: Callable[[], Sequence[str]]) -> None:
    """Register the after-request hooks. Call after Flask-Compress so these run first."""
    static_roots = tuple(base_path + prefix for prefix in STATIC_PREFIXES)
    csp: dict[str, str] = {}

    @server.after_request
    def compress_static(response: Response) -> Response:
        if (
            request.method != "GET"
            or not request.path.startswith(static_roots)
            or response.status_code != 200
            or response.mimetype not in COMPRESSIBLE
            or "Content-Encoding" in response.headers
        ):
            return response
        encoding = choose_encoding(request.headers.get("Accept-Encoding", ""))
        response.direct_passthrough = False
        body = response.get_data()
        response.headers["Vary"] = "Accept-Encoding"
        if encoding is None or len(body) < MIN_SIZE:
            return response
        response.set_data(compressed(encoding, body))
        response.headers["Content-Encoding"] = encoding
        response.headers["Content-Length"] = str(response.content_length)
        return response

    @server.after_request
    def security_headers(response: Response) -> Response:
        if "policy" not in csp:  # inline clientside callbacks are all registered by now
            csp["policy"] = content_security_policy(script_hashes())
        response.headers["Content-Security-Policy"] = csp["policy"]
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        response.headers.pop("Server", None)
        return response
