"""A throwaway PostgreSQL cluster for a test session (issue #35): Debian's server binaries,
a fresh `initdb` in a temporary folder, a server that listens on a unix socket in that folder
only (no TCP port to collide with or be reached on), and a new database per request.

PostgreSQL refuses to run as root, so under root (containers, CI) initdb and the server run as
the `postgres` system user that Debian's package creates (else `nobody`), through `runuser`,
in folders handed over to that user. The tests still connect as root: the socket lives in a
folder only that user and root can enter, so the cluster trusts every local connection.
"""

from __future__ import annotations

import atexit
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

SUPERUSER = "dashboard"
INSTALL_HINT = (
    "PostgreSQL:s serverprogram (initdb, pg_ctl, postgres) saknas. Installera Debians paket, "
    "t.ex. 'sudo apt-get install postgresql' (scripts/test.sh gör det automatiskt som root), "
    "eller peka ut programmen med POSTGRES_BIN=/usr/lib/postgresql/15/bin."
)
# Speed over durability: the cluster lives as long as the test session.
SETTINGS = {
    "listen_addresses": "''",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",  # app servers with several workers each, in parallel tests
    "shared_buffers": "32MB",
}
_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


class PostgresMissing(RuntimeError):
    """The server binaries are not installed (or POSTGRES_BIN points at none)."""


def _version_key(path: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", path.parent.name)) or (0,)


def find_binaries() -> Path:
    """The folder with initdb, pg_ctl and postgres: POSTGRES_BIN, else the newest of Debian's
    /usr/lib/postgresql/<version>/bin, else wherever PATH finds initdb (other systems)."""
    wanted = ("initdb", "pg_ctl", "postgres")
    if explicit := os.environ.get("POSTGRES_BIN"):
        folder = Path(explicit)
        if not all((folder / name).is_file() for name in wanted):
            raise PostgresMissing(
                f"POSTGRES_BIN={explicit} saknar {', '.join(wanted)}. {INSTALL_HINT}"
            )
        return folder
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version_key, reverse=True)
    for folder in debian:
        if all((folder / name).is_file() for name in wanted):
            return folder
    on_path = shutil.which("initdb")
    if on_path and all((Path(on_path).parent / name).is_file() for name in wanted):
        return Path(on_path).parent
    raise PostgresMissing(INSTALL_HINT)


def _free_port() -> int:
    """A port number no one listens on here: only the socket file's name (.s.PGSQL.<port>)
    uses it, but a free one keeps the name unlike any other cluster's in a shared /tmp."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _server_user() -> pwd.struct_passwd | None:
    """Whom the server runs as: None (ourselves) unless we are root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise PostgresMissing(
        "Som root behövs användaren postgres (eller nobody) att köra servern som."
    )


class PostgresServer:
    """One cluster: start(), create_database(name) -> SQLAlchemy URL, stop()."""

    def __init__(self) -> None:
        self.bin = find_binaries()
        self.user = _server_user()
        self.port = _free_port()
        # A short base: a unix socket's path may hold at most 107 bytes.
        base = tempfile.gettempdir() if len(tempfile.gettempdir()) < 40 else "/tmp"
        self.root = Path(tempfile.mkdtemp(prefix="kvinnofrid-pg-", dir=base))
        self.data = self.root / "data"
        self.socket_dir = self.root / "socket"
        self.log = self.root / "server.log"
        self.started = False

    def _run(self, *args: str, timeout: float = 120) -> None:
        """Run one of the server binaries, as the server's user when we are root."""
        command = [str(self.bin / args[0]), *args[1:]]
        if self.user is not None:
            command = ["runuser", "-u", self.user.pw_name, "--", *command]
        done = subprocess.run(
            command, cwd=self.root, capture_output=True, text=True, timeout=timeout, check=False
        )
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""
            raise RuntimeError(
                f"{' '.join(command)} misslyckades ({done.returncode}):\n"
                f"{done.stdout}{done.stderr}\n{log}"
            )

    def start(self) -> PostgresServer:
        # Stopped however the session ends, also without the fixture's teardown.
        atexit.register(self.stop)
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self) -> None:
        self.socket_dir.mkdir(mode=0o700)
        self.log.touch(mode=0o600)
        if self.user is not None:
            for path in (self.root, self.socket_dir, self.log):
                os.chown(path, self.user.pw_uid, self.user.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust",
                  "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        settings = {**SETTINGS, "port": str(self.port)}
        settings["unix_socket_directories"] = f"'{self.socket_dir}'"
        # Appending keeps the file's owner (the server's user); the last setting wins.
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write("\n# tests/postgres_server.py\n")
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())
        self._run("pg_ctl", "start", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60")
        self.started = True
        self._wait_until_ready()

    def _connect(self, database: str = "postgres"):
        import psycopg

        return psycopg.connect(
            host=str(self.socket_dir), port=self.port, user=SUPERUSER, dbname=database,
            autocommit=True, connect_timeout=5,
        )  # fmt: skip

    def _wait_until_ready(self, seconds: float = 30) -> None:
        """pg_ctl -w waits for the server's own "ready"; a first connection proves it."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                with self._connect() as connection:
                    connection.execute("select 1")
                return
            except Exception:
                if time.monotonic() > deadline:
                    raise

    def url(self, database: str) -> str:
        """The address SQLAlchemy (with psycopg 3) connects to the database by."""
        return (
            f"postgresql+psycopg://{SUPERUSER}@/{database}?host={self.socket_dir}&port={self.port}"
        )

    def create_database(self, name: str) -> str:
        """A new, empty database; returns its SQLAlchemy URL."""
        from psycopg import sql

        if not _NAME.fullmatch(name):
            raise ValueError(f"Ogiltigt databasnamn: {name!r}")
        with self._connect() as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def stop(self) -> None:
        """Stop the server (fast: open sessions are ended) and remove its folder."""
        if self.started:
            self.started = False
            try:
                self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "fast", "-w", "-t", "60")
            except (RuntimeError, subprocess.TimeoutExpired):
                self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w")
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
