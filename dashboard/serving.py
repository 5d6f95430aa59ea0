"""HTTP concerns of the Flask server under Dash: static compression, security headers.

Static files (Dash's component bundles, assets/) are compressed once and kept in memory:
compressing the plotly bundle with brotli's best setting costs about 2 s of CPU. The result
is also written to a cache directory keyed by the content's hash, so the other workers, and
workers that gunicorn starts later (--max-requests), read it instead of compressing again.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import brotli
from flask import Flask, Response, request

from dashboard import disk_cache

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
    """Brotli/gzip bodies of static responses, computed once per (path, encoding).

    In memory per process, and in `directory` (disk_cache.py) per content hash.
    """

    def __init__(self, directory: Path | None = None) -> None:
        self._cache: dict[tuple[str, str], bytes] = {}
        self._lock = threading.Lock()
        self._directory = directory  # trusted: disk_cache.subdirectory checked it

    def compress(self, key: str, encoding: str, body: bytes) -> bytes:
        cache_key = (key, encoding)
        cached = self._cache.get(cache_key)
        if cached is None:
            with self._lock:  # one thread compresses; the others wait for its result
                cached = self._cache.get(cache_key)
                if cached is None:
                    cached = self._from_disk_or_compress(encoding, body)
                    self._cache[cache_key] = cached
        return cached

    def _from_disk_or_compress(self, encoding: str, body: bytes) -> bytes:
        path = None
        if self._directory is not None:
            path = self._directory / f"{hashlib.sha256(body).hexdigest()[:32]}.{encoding}"
            cached = disk_cache.read_bytes(path)
            if cached is not None:
                return cached
        if encoding == "br":
            compressed = brotli.compress(body, quality=11)
        else:
            compressed = gzip.compress(body, compresslevel=9, mtime=0)
        if path is not None:
            disk_cache.write_bytes(path, compressed)
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
    cache = StaticCompressionCache(
        disk_cache.subdirectory(cache_dir, "static") if cache_dir else None
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
        # The full path includes Dash's version fingerprint or ?m=<mtime>, so a changed file
        # gets a new cache entry.
        response.set_data(cache.compress(request.full_path, encoding, body))
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
