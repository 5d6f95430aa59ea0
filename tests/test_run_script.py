"""README's Quick start: two commands, and the first serves as the Procfile does (gunicorn with
gunicorn.conf.py and the Procfile's app), never with Flask's development server."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from procfile_server import free_port, procfile_web_command

REPO = Path(__file__).resolve().parents[1]


def test_quick_start_is_two_commands_and_ci_runs_the_second():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["bash scripts/run.sh", "bash scripts/test.sh"]
    assert "bash scripts/test.sh" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "gunicorn" in section and "Procfile" in section


@pytest.mark.integration
def test_the_run_script_serves_the_procfiles_command(tmp_path):
    port = free_port()
    env = {**os.environ, "PORT": str(port), "WEB_CONCURRENCY": "1", "DASHBOARD_PREWARM": "0",
           "DASHBOARD_CACHE_DIR": str(tmp_path / "cache")}  # fmt: skip
    env.pop("DASHBOARD_HOST", None)
    log = tmp_path / "run.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(["bash", "scripts/run.sh"], cwd=REPO, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True)  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 120
        while f"Instrumentpanelen är redo: {url}" not in log.read_text("utf-8", "replace"):
            assert process.poll() is None, log.read_text("utf-8", "replace")
            assert time.monotonic() < deadline, log.read_text("utf-8", "replace")
            time.sleep(0.3)
        text = log.read_text("utf-8", "replace")
        assert f"Startar instrumentpanelen med gunicorn, som i Procfile, på {url}" in text
        assert "development server" not in text
        with urllib.request.urlopen(url + "_halsa", timeout=10) as response:
            assert response.status == 200
        # the script exec's the server: its process is gunicorn's master, started with the
        # Procfile's web line, bound to loopback on PORT
        argv = Path(f"/proc/{process.pid}/cmdline").read_bytes().split(b"\0")[:-1]
        argv = [a.decode() for a in argv]
        assert Path(argv[1]).name == "gunicorn", argv
        assert argv[2:] == [*procfile_web_command(env)[1:], "--bind", f"127.0.0.1:{port}"]
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)  # our own session only
                process.wait(timeout=10)
