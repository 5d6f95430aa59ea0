"""Runtime configuration from the environment, with safe defaults.

Paths are anchored on this file, never on the working directory, so the app behaves the
same whether it is started from the repository, from gunicorn or from a test.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name, "").strip()
    return Path(value).expanduser().resolve() if value else default


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    return value in {"1", "true", "yes", "ja", "on"}


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, "").strip() or default)
    except ValueError:
        return default


def _env_float(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, "").strip() or default)
    except ValueError:
        return default


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    geo_dir: Path
    assets_dir: Path
    host: str
    port: int
    debug: bool
    url_base_pathname: str
    suppress_below: int = 5  # disclosure control: counts below this are never shown
    # The cache the workers of a host share (dashboard/cache.py): its directory, its bound
    # in megabytes, and the age after which an entry is built again.
    cache_dir: Path = Path(tempfile.gettempdir()) / "kvinnofrid-dashboard-cache"
    cache_max_mb: int = 256
    cache_timeout: int = 30 * 24 * 3600
    # The live store (dashboard/data/store): SQLite in the data folder unless DATABASE_URL
    # names another database (PostgreSQL when several servers share it).
    database_url: str = ""
    # How often each worker asks the store whether a new version is published (seconds).
    version_poll_seconds: float = 3.0
    # Signs the admin's CSRF tokens; empty: the store keeps one, shared by every server.
    secret_key: str = ""
    # Admin cookies are Secure unless turned off for plain-HTTP development.
    cookie_secure: bool = True
    # Sign-in through the organisation's identity provider (OpenID Connect), when all set.
    oidc_issuer: str = ""
    oidc_client_id: str = ""
    oidc_client_secret: str = ""


def default_database_url(data_dir: Path) -> str:
    """SQLite beside the data files: nothing to install, one file to back up."""
    return f"sqlite:///{data_dir / 'dashboard.sqlite3'}"


def _geo_dir(data_dir: Path) -> Path:
    """DASHBOARD_GEO_DIR; else the data folder's own geo/ (a county's folder made by
    `python -m dashboard nytt-lan` carries its map, so DASHBOARD_DATA_DIR alone starts
    it); else the repository's geo/ (Kronoberg's map, beside the shipped data/)."""
    own = data_dir / "geo"
    return _env_path("DASHBOARD_GEO_DIR", own if own.is_dir() else REPO_ROOT / "geo")


def get_settings() -> Settings:
    """Read the settings now; call again after changing the environment (tests do)."""
    base = os.environ.get("DASHBOARD_URL_BASE", "/").strip() or "/"
    if not base.endswith("/"):
        base += "/"
    if not base.startswith("/"):
        base = "/" + base
    data_dir = _env_path("DASHBOARD_DATA_DIR", REPO_ROOT / "data")
    return Settings(
        data_dir=data_dir,
        geo_dir=_geo_dir(data_dir),
        assets_dir=REPO_ROOT / "assets",
        host=os.environ.get("DASHBOARD_HOST", "127.0.0.1").strip() or "127.0.0.1",
        port=_env_int("DASHBOARD_PORT", 8050),
        debug=_env_bool("DASHBOARD_DEBUG", False),
        url_base_pathname=base,
        suppress_below=max(1, _env_int("DASHBOARD_SUPPRESS_BELOW", 5)),
        cache_dir=_env_path(
            "DASHBOARD_CACHE_DIR", Path(tempfile.gettempdir()) / "kvinnofrid-dashboard-cache"
        ),
        cache_max_mb=max(1, _env_int("DASHBOARD_CACHE_MAX_MB", 256)),
        cache_timeout=max(60, _env_int("DASHBOARD_CACHE_TIMEOUT", 30 * 24 * 3600)),
        database_url=os.environ.get("DATABASE_URL", "").strip() or default_database_url(data_dir),
        version_poll_seconds=min(10.0, max(0.2, _env_float("DASHBOARD_VERSION_POLL_SECONDS", 3.0))),
        secret_key=os.environ.get("DASHBOARD_SECRET_KEY", "").strip(),
        cookie_secure=_env_bool("DASHBOARD_COOKIE_SECURE", True),
        oidc_issuer=os.environ.get("DASHBOARD_OIDC_ISSUER", "").strip().rstrip("/"),
        oidc_client_id=os.environ.get("DASHBOARD_OIDC_CLIENT_ID", "").strip(),
        oidc_client_secret=os.environ.get("DASHBOARD_OIDC_CLIENT_SECRET", "").strip(),
    )
