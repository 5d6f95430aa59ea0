"""Two instances on one host, run by the same user, leave each other alone (issue #30).

gunicorn 27 opens a control socket at one path per user by default (~/.gunicorn/gunicorn.ctl,
or in $XDG_RUNTIME_DIR): a second instance (another county, a blue-green deploy) took it
over, and stopping that one removed it. gunicorn.conf.py opens none unless an instance is
given a path of its own (GUNICORN_CONTROL_SOCKET, or --control-socket).

Each test starts two instances as the Procfile does, on two ports with the same HOME, stops
one and checks the other.
"""

from __future__ import annotations

import time

import procfile_server
import pytest
import requests
from conftest import ARTIFACTS
from gunicorn.ctl.client import ControlClient

pytestmark = pytest.mark.slow  # starts gunicorn: not a unit test


@pytest.fixture
def home(tmp_path):
    """The same HOME for both instances, and no XDG_RUNTIME_DIR: gunicorn's default control
    socket is then HOME/.gunicorn/gunicorn.ctl."""
    path = tmp_path / "home"
    path.mkdir()
    return path


def start(name, home, extra_env=None, extra_args=None):
    env = {"HOME": str(home), "XDG_RUNTIME_DIR": "", **(extra_env or {})}
    log = ARTIFACTS / f"gunicorn-instance-{name}.log"
    return procfile_server.start(log, workers=1, extra_env=env, extra_args=extra_args)


def appeared(path, seconds=10.0) -> bool:
    """The master opens its control socket a moment after the first worker answers."""
    deadline = time.monotonic() + seconds
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    return path.exists()


def test_by_default_no_instance_opens_the_shared_control_socket(home):
    shared = home / ".gunicorn" / "gunicorn.ctl"
    first = start("a", home)
    try:
        second = start("b", home)
        try:
            assert not appeared(shared, 3), "an instance opened the per-user control socket"
        finally:
            second.stop()
        assert requests.get(first.url + "/_halsa", timeout=10).status_code == 200
        assert "Control socket listening" not in first.log_text() + second.log_text()
    finally:
        first.stop()
    assert not shared.exists()


def test_each_instance_keeps_a_control_socket_of_its_own(home, tmp_path):
    """One named in the environment, one on the command line: stopping the second removes
    its own socket only, and the first still answers on its own."""
    shared = home / ".gunicorn" / "gunicorn.ctl"
    own_a, own_b = tmp_path / "a.ctl", tmp_path / "b.ctl"
    first = start("a", home, extra_env={"GUNICORN_CONTROL_SOCKET": str(own_a)})
    try:
        second = start("b", home, extra_args=["--control-socket", str(own_b)])
        try:
            assert appeared(own_a) and appeared(own_b)
        finally:
            second.stop()
        assert own_a.exists() and not own_b.exists() and not shared.exists()
        with ControlClient(str(own_a), timeout=10) as client:
            answer = client.send_command("show workers")
        assert answer["count"] == 1, answer  # the first instance's one worker, still there
    finally:
        first.stop()
    assert not own_a.exists()
