"""Start the app under gunicorn exactly as the Procfile's `web` line does, on loopback.

Shared by tests/test_scaleout.py, tests/test_load.py and scripts/benchmark.py. The command
is read from the Procfile (not copied), so the tests follow any change of the production
settings. Only the bind address changes: a free port on 127.0.0.1 instead of 0.0.0.0.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PROCFILE = REPO / "Procfile"
HEALTH_PATH = "/_halsa"
_VAR = re.compile(r"\$\{(\w+)(?::-([^}]*))?\}|\$(\w+)")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def procfile_web_command(env: dict[str, str], procfile: Path = PROCFILE) -> list[str]:
    """The Procfile's web line as argv, with ${VAR:-default} expanded from `env`."""
    for line in procfile.read_text(encoding="utf-8").splitlines():
        name, _, command = line.partition(":")
        if name.strip() == "web":
            break
    else:
        raise RuntimeError(f"{procfile} has no web: line")

    def expand(match: re.Match) -> str:
        var = match.group(1) or match.group(3)
        default = match.group(2) or ""
        return env.get(var) or default

    return shlex.split(_VAR.sub(expand, command.strip()))


def loopback_argv(argv: list[str], port: int, extra: list[str] | None = None) -> list[str]:
    """gunicorn from this interpreter, bound to 127.0.0.1:port, plus extra flags."""
    if not argv or Path(argv[0]).name != "gunicorn":
        raise RuntimeError(f"the Procfile's web line does not start gunicorn: {argv}")
    args = list(argv[1:])
    for i, arg in enumerate(args):
        if arg in ("--bind", "-b") and i + 1 < len(args):
            args[i + 1] = f"127.0.0.1:{port}"
        elif arg.startswith("--bind="):
            args[i] = f"--bind=127.0.0.1:{port}"
    if not any(a in ("--bind", "-b") or a.startswith("--bind=") for a in args):
        args += ["--bind", f"127.0.0.1:{port}"]
    return [sys.executable, "-m", "gunicorn", *args, *(extra or [])]


@dataclass
class Gunicorn:
    """A running gunicorn master (own process group); stop() ends it and its workers."""

    process: subprocess.Popen
    port: int
    argv: list[str]
    log_path: Path
    env: dict[str, str] = field(repr=False, default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def stop(self, timeout: float = 25.0) -> None:
        if self.process.poll() is not None:
            return
        try:
            self.process.send_signal(signal.SIGTERM)  # graceful: master stops its workers
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            # Our own process group only (start_new_session=True below).
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        except ProcessLookupError:
            pass


def start(
    log_path: Path,
    workers: int = 2,
    extra_args: list[str] | None = None,
    extra_env: dict[str, str] | None = None,
    wait_path: str = HEALTH_PATH,
    timeout: float = 90.0,
) -> Gunicorn:
    """Start gunicorn as the Procfile says, with WEB_CONCURRENCY=workers, and wait for it."""
    port = free_port()
    env = {**os.environ, "PORT": str(port), "WEB_CONCURRENCY": str(workers)}
    env.pop("DASHBOARD_DEBUG", None)
    env.update(extra_env or {})
    # No --control-socket: gunicorn.conf.py opens none at gunicorn's shared default path, so
    # concurrent instances (tests, benchmark, a developer's server) leave each other alone
    # as the Procfile starts them (tests/test_gunicorn_instances.py).
    argv = loopback_argv(procfile_web_command(env), port, extra_args)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = open(log_path, "wb")  # noqa: SIM115 - handed to the child, closed below
    try:
        process = subprocess.Popen(
            argv, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
    finally:
        log.close()
    return wait_until_ready(Gunicorn(process, port, argv, log_path, env), wait_path, timeout)


def wait_until_ready(server: Gunicorn, wait_path: str, timeout: float) -> Gunicorn:
    """The server once wait_path answers 200; stopped, with its log in the error, if it
    exits or does not answer in time."""
    deadline = time.monotonic() + timeout
    while True:
        if server.process.poll() is not None:
            code = server.process.returncode
            raise RuntimeError(f"gunicorn exited ({code}):\n{server.log_text()}")
        try:
            with urllib.request.urlopen(server.url + wait_path, timeout=5) as response:
                if response.status == 200:
                    return server
        except OSError:
            pass
        if time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(f"gunicorn did not answer in {timeout:.0f} s:\n{server.log_text()}")
        time.sleep(0.2)


# --- Dash callback requests, built from /_dash-dependencies as the browser builds them -----


def find_callback(deps: list[dict], output_id: str) -> dict:
    """The server-side callback whose outputs include the component `output_id`."""
    for dep in deps:
        if dep.get("clientside_function"):
            continue
        if any(o["id"] == output_id for o in callback_outputs(dep["output"])):
            return dep
    raise LookupError(f"no server callback writes {output_id}")


def callback_outputs(output: str) -> list[dict]:
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    result = []
    for part in parts:
        component, prop = part.rsplit(".", 1)
        result.append({"id": component, "property": prop.split("@")[0]})
    return result


def callback_body(dep: dict, values: dict[str, object]) -> dict:
    """The POST body of /_dash-update-component; values are keyed by 'id.property'."""

    def items(specs):
        return [
            {"id": s["id"], "property": s["property"],
             "value": values.get(f"{s['id']}.{s['property']}")}
            for s in specs
        ]  # fmt: skip

    inputs = items(dep["inputs"])
    outputs = callback_outputs(dep["output"])
    return {
        "output": dep["output"],
        "outputs": outputs if dep["output"].startswith("..") else outputs[0],
        "inputs": inputs,
        "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"],
        "state": items(dep.get("state", [])),
    }
