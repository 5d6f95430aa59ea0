"""HTTP concerns of the Flask server under Dash: static compression, security headers.

Static files (Dash's component bundles, assets/) are compressed once and kept in memory:
compressing the plotly bundle with brotli's best setting costs seconds of CPU. The result
is also written to a cache directory keyed by the content's hash, so the other workers, and
workers that gunicorn starts later (--max-requests), read it instead of compressing again.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path

import brotli
from flask import Flask, Response, request

from dashboard.web import disk_cache

STATIC_PREFIXES = ("assets/", "_dash-component-suites/", "geo/", "_bundle/")
COMPRESSIBLE = {"application/javascript", "text/javascript", "text/css", "application/json",
                "application/geo+json", "image/svg+xml", "text/plain"}  # fmt: skip
MIN_SIZE = 1024

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


class StaticCompressionCache:
    """Brotli/gzip bodies of static responses, computed once per (content, encoding).

    Keyed by the body's digest, never by the URL: a query string or a made-up version
    fingerprint in the path (`?n=1`, `.v1m2.js`) serves the same file and must not make
    another entry. In memory per process (at most `max_bytes`, least recently used out
    first), and in `directory` (disk_cache.py) per content hash.
    """

    def __init__(self, directory: Path | None = None, max_bytes: int = 64 * 1024 * 1024) -> None:
        self._cache: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self._bytes = 0
        self._max_bytes = max_bytes
        self._lock = threading.Lock()
        self._directory = directory  # trusted: disk_cache.subdirectory checked it

    def compress(self, encoding: str, body: bytes) -> bytes:
        cache_key = (hashlib.blake2b(body, digest_size=16).hexdigest(), encoding)
        with self._lock:  # one thread compresses; the others wait for its result
            cached = self._cache.get(cache_key)
            if cached is not None:
                self._cache.move_to_end(cache_key)
                return cached
            cached = self._from_disk_or_compress(cache_key[0], encoding, body)
            self._cache[cache_key] = cached
            self._bytes += len(cached)
            while self._bytes > self._max_bytes and len(self._cache) > 1:
                _, evicted = self._cache.popitem(last=False)
                self._bytes -= len(evicted)
        return cached

    def __len__(self) -> int:
        return len(self._cache)

    def _from_disk_or_compress(self, digest: str, encoding: str, body: bytes) -> bytes:
        path = None
        if self._directory is not None:
            path = self._directory / f"{digest}.{encoding}"
            cached = disk_cache.read_bytes(path)
            if cached is not None:
                return cached
        if encoding == "br":
            compressed = brotli.compress(body, quality=11)
        else:
            compressed = gzip.compress(body, compresslevel=9, mtime=0)
        if path is not None:
            disk_cache.write_bytes(path, compressed, bounded=self._directory)
        return compressed


def choose_encoding(accept_encoding: str) -> str | None:
    accepted = {part.split(";")[0].strip() for part in accept_encoding.lower().split(",")}
    if "br" in accepted:
        return "br"
    if "gzip" in accepted:
        return "gzip"
    return None


def install(
    server: Flask,
    base_path: str,
    script_hashes: Callable[[], Sequence[str]],
    cache_dir: Path | None = None,
) -> None:
    """Register the after-request hooks. Call after Flask-Compress so these run first."""
    from dashboard.config import get_settings

    cache = StaticCompressionCache(
        disk_cache.subdirectory(cache_dir, "static") if cache_dir else None,
        max_bytes=get_settings().cache_max_bytes,
    )
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
        response.set_data(cache.compress(encoding, body))
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
