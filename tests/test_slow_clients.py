"""Slow clients do not stall the service (gunicorn as the Procfile starts it, issue #30).

A client that connects and sends nothing, or sends its request one piece every few seconds,
must not keep ordinary requests waiting. With gunicorn's threaded worker each such
connection held one of the 2 x 4 threads: 8 trickling connections left /_halsa unanswered
for as long as they kept trickling, 50 idle ones delayed it by most of a minute.
gunicorn.conf.py now uses dashboard/web/gunicorn_worker.py, which gives a connection a
thread only once its request is in.

Each scenario keeps its slow connections open (reopening any the server closes, as a client
bent on it would) while it sends ordinary requests one after another on new connections,
and asserts each answers in under MAX_SECONDS. Only 127.0.0.1; bounded in connections and
time; every socket is closed at the end.

Run as a script for the worst latency per scenario (docs/deployment.md, Slow clients):

    .venv/bin/python tests/test_slow_clients.py [--seconds 25] [--probe-timeout 60]
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import re
import select
import selectors
import socket
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import procfile_server  # noqa: E402

from dashboard.web.gunicorn_worker import (  # noqa: E402
    BODY_TOO_LARGE,
    CONTINUE,
    HEAD_TOO_LARGE,
    IN,
    MAX_BODY,
    MAX_HEAD,
    REQUEST_READ_TIMEOUT,
    WAIT,
    request_state,
)

MAX_SECONDS = 2.0  # an ordinary request, with the slow clients connected
PROBE_TIMEOUT = 6.0  # a probe that takes longer counts as this long (and fails)
SCENARIO_SECONDS = 6.0  # longer than the old worker's 5 s wait per idle connection
TRICKLE_EVERY = 2.0  # seconds between two pieces of a trickling request

# What a slow client sends when it connects, then every TRICKLE_EVERY seconds (a format
# with the piece's number); it never finishes its request.
KINDS = {
    "idle": (b"", None),
    "head": (b"GET /_halsa HTTP/1.1\r\nHost: 127.0.0.1\r\n", b"X-Slow-%d: 1\r\n"),
    "body": (
        b"POST /_dash-update-component HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n",
        b"%09d ",
    ),
}
# name: how many slow connections of each kind
SCENARIOS = {
    "50 idle": {"idle": 50},
    "8 trickling heads": {"head": 8},
    "20 idle + 20 trickling heads + 10 trickling bodies": {"idle": 20, "head": 20, "body": 10},
}


class SlowClients:
    """Slow connections of each kind (KINDS), kept open by one thread until close(): one
    the server closes is reopened."""

    def __init__(self, port: int, counts: dict[str, int]) -> None:
        self.port = port
        self.counts = counts
        self.reopened = 0
        self._socks: dict[socket.socket, str] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> SlowClients:
        try:
            self._top_up()
            self._thread.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _top_up(self) -> None:
        missing = Counter(self.counts) - Counter(self._socks.values())
        for kind, count in missing.items():
            for _ in range(count):
                sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
                self._socks[sock] = kind
                sock.sendall(KINDS[kind][0])
                sock.setblocking(False)

    def _drop(self, sock: socket.socket) -> None:
        self._socks.pop(sock, None)
        sock.close()
        self.reopened += 1

    def _run(self) -> None:
        piece = 0
        next_piece = time.monotonic() + TRICKLE_EVERY
        while not self._stop.wait(0.2):
            # A readable slow connection was closed (or answered) by the server.
            with selectors.DefaultSelector() as sel:
                for sock in self._socks:
                    sel.register(sock, selectors.EVENT_READ)
                for key, _ in sel.select(0):
                    self._drop(key.fileobj)
            if time.monotonic() >= next_piece:
                piece += 1
                next_piece += TRICKLE_EVERY
                for sock, kind in list(self._socks.items()):
                    if KINDS[kind][1] is not None:
                        try:
                            sock.send(KINDS[kind][1] % piece)
                        except OSError:
                            self._drop(sock)
            with contextlib.suppress(OSError):  # a full listen backlog: the next round
                self._top_up()

    def close(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)
        for sock in self._socks:
            sock.close()
        self._socks.clear()


def timed_get(port: int, path: str, timeout: float) -> tuple[float, int | None]:
    """Seconds until the whole answer to GET path (a new connection), and its status;
    (timeout, None) if it did not come in time."""
    start = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Connection": "close"})
        response = conn.getresponse()
        response.read()
        return time.monotonic() - start, response.status
    except (OSError, http.client.HTTPException):
        return max(time.monotonic() - start, timeout), None
    finally:
        conn.close()


def probe_under(
    port: int, counts: dict[str, int], seconds: float, probe_timeout: float
) -> tuple[list[tuple[str, float, int | None]], int]:
    """Ordinary requests, one after another, while the slow clients are connected:
    [(path, seconds, status)], and how many slow connections the server closed."""
    results = []
    with SlowClients(port, counts) as slow:
        time.sleep(0.5)  # every slow connection accepted by then
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline or len(results) < 2:
            path = "/" if len(results) % 5 == 1 else "/_halsa"  # now and then a real page
            elapsed, status = timed_get(port, path, probe_timeout)
            results.append((path, elapsed, status))
            time.sleep(0.5)
        return results, slow.reopened


# --- against gunicorn, started as the Procfile says -----------------------------------------


@pytest.fixture(scope="module")
def server():
    log = procfile_server.REPO / "test-artifacts" / "gunicorn-slow-clients.log"
    srv = procfile_server.start(log, workers=2)
    try:
        yield srv
    finally:
        srv.stop()


@pytest.mark.slow
@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_ordinary_requests_answer_with_slow_clients_connected(server, scenario):
    results, _ = probe_under(server.port, SCENARIOS[scenario], SCENARIO_SECONDS, PROBE_TIMEOUT)
    late = [(p, round(s, 2), st) for p, s, st in results if s >= MAX_SECONDS or st != 200]
    assert not late, f"{scenario}: answered late or not at all: {late}"
    assert any(p == "/" for p, _, _ in results)
    # Still whole afterwards: the slow clients are gone, nothing crashed.
    assert timed_get(server.port, "/_halsa", PROBE_TIMEOUT)[1] == 200
    assert "Traceback" not in server.log_text()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("data", "status", "text"),
    [
        (b"GET / HTTP/1.1\r\nHost: x\r\n" + b"X-A: 1\r\n" * (MAX_HEAD // 8 + 1), 431,
         "Begärans huvudfält är för stora."),
        (b"POST /_dash-update-component HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n"
         % (MAX_BODY + 1), 413, "Begäran är för stor."),
    ],
    ids=["head without end", "body too large"],
)  # fmt: skip
def test_what_would_not_fit_is_refused_in_swedish(server, data, status, text):
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(data)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 %d " % status), answer[:200]
    assert text in answer.decode("utf-8") and b"server:" not in answer.lower()


@pytest.mark.slow
def test_requests_in_pieces_and_pipelined_are_answered(server):
    """A head and a body that arrive in pieces, and a second request behind the first on
    the same connection (read ahead with it), reach the app whole and in order."""
    body = b"inte json"
    first = (
        b"POST /_dash-update-component HTTP/1.1\r\nHost: x\r\n"
        b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)
    )
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        for piece in (first[:20], first[20:], body[:4], body[4:] + b"GET /_halsa HTTP/1.1\r\n"):
            sock.sendall(piece)
            time.sleep(0.3)
        sock.sendall(b"Host: x\r\nConnection: close\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert re.findall(rb"HTTP/1\.1 (\d{3}) ", answer) == [b"400", b"200"], answer[:300]
    assert answer.rstrip().endswith(b'{"status":"ok"}'), answer[-300:]


@pytest.mark.slow
def test_a_body_after_100_continue_is_answered(server):
    body = b"inte json"
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(
            b"POST /_dash-update-component HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
            b"Content-Type: application/json\r\nExpect: 100-continue\r\n"
            b"Content-Length: %d\r\n\r\n" % len(body)
        )
        assert sock.recv(65536).startswith(b"HTTP/1.1 100 Continue\r\n\r\n")
        sock.sendall(body)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    # gunicorn's own 100 Continue may come before the answer too.
    assert re.findall(rb"HTTP/1\.1 (\d{3}) ", answer)[-1] == b"400", answer[:300]


# --- the next request on a kept-alive connection (finding 4 of the #35 review) ---------------


def read_response(sock: socket.socket, buffered: bytes = b"") -> tuple[bytes, bytes]:
    """One whole response with a Content-Length from `sock`: (response, what followed it)."""
    data = buffered
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, f"closed before a whole head: {data[:200]!r}"
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = int(re.search(rb"(?im)^content-length:\s*(\d+)", head).group(1))
    while len(rest) < length:
        chunk = sock.recv(65536)
        assert chunk, "closed before the whole body"
        rest += chunk
    return head + b"\r\n\r\n" + rest[:length], rest[length:]


def kept_alive(port: int) -> socket.socket:
    """A connection whose first request (GET /_halsa) has been answered and kept alive."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=15)
    sock.sendall(b"GET /_halsa HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    first, rest = read_response(sock)
    assert first.startswith(b"HTTP/1.1 200 ") and not rest, first[:200]
    assert b"connection: close" not in first.lower()
    return sock


def read_until_closed(sock: socket.socket) -> bytes:
    answer = b""
    with contextlib.suppress(ConnectionResetError):
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


@pytest.mark.slow
@pytest.mark.parametrize("request_number", [2, 3])
def test_a_large_body_on_a_kept_alive_connection_is_refused(server, request_number):
    """Every request on a connection is bounded, not only the first: the 2nd (and 3rd)
    request's 1 MB body is refused by the worker (413, before the app reads it), as the
    1st's would be. POST /_halsa: the app itself would answer 405 without the bound."""
    with kept_alive(server.port) as sock:
        for _ in range(request_number - 2):
            sock.sendall(b"GET /_halsa HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert read_response(sock)[0].startswith(b"HTTP/1.1 200 ")
        sock.sendall(b"POST /_halsa HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Content-Length: 1000000\r\n\r\n" + b"x" * 4096)  # fmt: skip
        answer = read_until_closed(sock)
    assert answer.startswith(b"HTTP/1.1 413 "), answer[:300]
    assert "Begäran är för stor." in answer.decode("utf-8", "replace")


@pytest.mark.slow
def test_a_trickled_head_on_a_kept_alive_connection_is_dropped(server):
    """The 2nd request's head, one line every 2 s for 12 s, is dropped after
    REQUEST_READ_TIMEOUT (10 s) and never served: it waits in the poller, not a thread."""
    with kept_alive(server.port) as sock:
        start = time.monotonic()
        sock.sendall(b"GET /_halsa HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        answer, closed_after = b"", None
        for piece in range(6):
            readable, _, _ = select.select([sock], [], [], 2.0)
            if readable:  # an answer, or the server closed the connection
                answer = read_until_closed(sock)
                closed_after = time.monotonic() - start
                break
            sock.sendall(b"X-Slow-%d: 1\r\n" % piece)
        else:
            sock.sendall(b"\r\n")  # the head complete after 12 s: too late
            answer = read_until_closed(sock)
    assert b"HTTP/1.1 200 " not in answer, answer[:300]
    assert answer == b"" and closed_after is not None, answer[:300]
    assert REQUEST_READ_TIMEOUT - 0.5 < closed_after < REQUEST_READ_TIMEOUT + 2.5, closed_after


# --- how far a request has arrived (no server) ----------------------------------------------

CHUNKED = b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", WAIT),
        (b"GET / HTTP/1.1\r\nHost: x\r\n", WAIT),
        (b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", IN),
        (b"GET / HTTP/1.1\nHost: x\n\n", IN),  # gunicorn's parser decides about it
        (b"GET / HTTP/1.1\r\n" + b"X-A: 1\r\n" * 9000, HEAD_TOO_LARGE),
        (b"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nabc", WAIT),
        (b"POST / HTTP/1.1\r\ncontent-length:5\r\n\r\nabcde", IN),
        (b"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nabcdeGET", IN),  # pipelined
        (b"POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n", IN),
        (b"POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", IN),
        (b"POST / HTTP/1.1\r\nContent-Length: -5\r\n\r\n", IN),
        (b"POST / HTTP/1.1\r\nContent-Length: %d\r\n\r\n" % (MAX_BODY + 1), BODY_TOO_LARGE),
        (b"POST / HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n", CONTINUE),
        (b"POST / HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\nab", WAIT),
        (b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", IN),
        (CHUNKED, WAIT),
        (CHUNKED + b"5\r\nabc", WAIT),
        (CHUNKED + b"5;x=1\r\nabcde\r\n0\r\n", WAIT),
        (CHUNKED + b"5;x=1\r\nabcde\r\n0\r\n\r\n", IN),
        (CHUNKED + b"5\r\nabcde\r\n0\r\nX-Trailer: 1\r\n\r\n", IN),
        (CHUNKED + b"zz\r\n", IN),  # broken: gunicorn's parser answers 400
        (CHUNKED + b"5\r\nabcdeXY", IN),
        (CHUNKED + b"%x\r\n" % (MAX_BODY + 10) + b"a" * (MAX_BODY + 10), BODY_TOO_LARGE),
    ],
)
def test_how_far_a_request_has_arrived(data, expected):
    assert request_state(bytearray(data)) == expected


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--probe-timeout", type=float, default=60.0)
    parser.add_argument("--seconds", type=float, default=SCENARIO_SECONDS)
    parser.add_argument("gunicorn_args", nargs="*", help="more gunicorn flags, after --")
    args = parser.parse_args()
    scenarios = {
        **SCENARIOS,
        "50 trickling heads": {"head": 50},
        "100 idle + 300 trickling heads + 100 trickling bodies": {
            "idle": 100, "head": 300, "body": 100,
        },
    }  # fmt: skip
    log = procfile_server.REPO / "test-artifacts" / "gunicorn-slow-clients.log"
    srv = procfile_server.start(log, workers=2, extra_args=args.gunicorn_args)
    try:
        for name, counts in scenarios.items():
            results, reopened = probe_under(srv.port, counts, args.seconds, args.probe_timeout)
            times = sorted(s for _, s, _ in results)
            print(
                f"{name}: {len(results)} requests, worst {times[-1]:.2f} s, "
                f"median {times[len(times) // 2]:.3f} s, "
                f"{sum(st != 200 for _, _, st in results)} not answered, "
                f"{reopened} slow connections closed by the server",
                flush=True,
            )
            time.sleep(1)
    finally:
        srv.stop()


if __name__ == "__main__":
    main()
