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
import os
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

from dashboard.web import gunicorn_worker  # noqa: E402
from dashboard.web.bundles import PLOTLY  # noqa: E402
from dashboard.web.gunicorn_worker import (  # noqa: E402
    BODY_TOO_LARGE,
    CONTINUE,
    HEAD_TOO_LARGE,
    IN,
    MAX_BODY,
    MAX_HEAD,
    REQUEST_READ_TIMEOUT,
    WAIT,
    BufferingThreadWorker,
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
# The issue's own pattern, longer than REQUEST_READ_TIMEOUT: the server drops each trickling
# connection and the client reconnects and starts over, for the whole scenario.
LONG_SCENARIO = "8 trickling heads, a line every 5 s, past the read timeout"
LONG_COUNTS = {"head": 8}
LONG_SECONDS = REQUEST_READ_TIMEOUT + 5
LONG_TRICKLE_EVERY = 5.0


class SlowClients:
    """Slow connections of each kind (KINDS), kept open by one thread until close(): one
    the server closes is reopened."""

    def __init__(self, port: int, counts: dict[str, int], every: float = TRICKLE_EVERY) -> None:
        self.port = port
        self.counts = counts
        self.every = every
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
        next_piece = time.monotonic() + self.every
        while not self._stop.wait(0.2):
            # A readable slow connection was closed (or answered) by the server.
            with selectors.DefaultSelector() as sel:
                for sock in self._socks:
                    sel.register(sock, selectors.EVENT_READ)
                for key, _ in sel.select(0):
                    self._drop(key.fileobj)
            if time.monotonic() >= next_piece:
                piece += 1
                next_piece += self.every
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
    port: int,
    counts: dict[str, int],
    seconds: float,
    probe_timeout: float,
    every: float = TRICKLE_EVERY,
) -> tuple[list[tuple[str, float, int | None]], int]:
    """Ordinary requests, one after another, while the slow clients are connected:
    [(path, seconds, status)], and how many slow connections the server closed."""
    with SlowClients(port, counts, every) as slow:
        time.sleep(0.5)  # every slow connection accepted by then
        return probe_for(port, seconds, probe_timeout), slow.reopened


def probe_for(
    port: int, seconds: float, probe_timeout: float
) -> list[tuple[str, float, int | None]]:
    """GET /_halsa (every fifth a real page, GET /) one after another for `seconds`."""
    results = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline or len(results) < 2:
        path = "/" if len(results) % 5 == 1 else "/_halsa"
        elapsed, status = timed_get(port, path, probe_timeout)
        results.append((path, elapsed, status))
        time.sleep(0.5)
    return results


def late(results: list[tuple[str, float, int | None]]) -> list[tuple[str, float, int | None]]:
    return [(p, round(s, 2), st) for p, s, st in results if s >= MAX_SECONDS or st != 200]


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
    assert not late(results), f"{scenario}: answered late or not at all: {late(results)}"
    assert any(p == "/" for p, _, _ in results)
    # Still whole afterwards: the slow clients are gone, nothing crashed.
    assert timed_get(server.port, "/_halsa", PROBE_TIMEOUT)[1] == 200
    assert "Traceback" not in server.log_text()


@pytest.mark.slow
def test_the_issues_trickle_past_the_read_timeout(server):
    """The issue's pattern (a header line every 5 s) for longer than REQUEST_READ_TIMEOUT:
    the server drops every trickling connection, the client comes back and starts over,
    and ordinary requests answer in time throughout."""
    results, reopened = probe_under(
        server.port, LONG_COUNTS, LONG_SECONDS, PROBE_TIMEOUT, LONG_TRICKLE_EVERY
    )
    assert not late(results), f"{LONG_SCENARIO}: answered late or not at all: {late(results)}"
    assert reopened >= LONG_COUNTS["head"], f"only {reopened} dropped and reconnected"
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


# --- clients that read the answer slowly, or never (gap 4 of the #30 audit) ------------------

# Loopback's send buffer grows to a few MB (net.ipv4.tcp_wmem), which takes the whole 1.2 MB
# plotly bundle at once, so no write would ever wait there. This server keeps each
# connection's send buffer at SEND_BUFFER, as a larger answer or a host with less buffer
# would leave a write waiting; its clients take 2 kB at a time.
SEND_BUFFER = 16 * 1024
RECEIVE_BUFFER = 2 * 1024
SLOW_READERS = 16
READER_SECONDS = 3.0  # probing while the slow readers hold their answers
TEST_WRITE_TIMEOUT = 6.0  # WRITE_TIMEOUT in this server, to see it pass in the test


class SmallSendBufferWorker(BufferingThreadWorker):
    """The worker gunicorn.conf.py names, with SEND_BUFFER (accepted connections inherit
    it from the listener) and WRITE_TIMEOUT from SLOW_TEST_WRITE_TIMEOUT."""

    def init_process(self):
        for listener in self.sockets:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SEND_BUFFER)
        if value := os.environ.get("SLOW_TEST_WRITE_TIMEOUT"):
            gunicorn_worker.WRITE_TIMEOUT = float(value)
        super().init_process()


@pytest.fixture(scope="module")
def reader_server():
    log = procfile_server.REPO / "test-artifacts" / "gunicorn-slow-readers.log"
    tests = str(Path(__file__).resolve().parent)
    path = os.pathsep.join(p for p in (tests, os.environ.get("PYTHONPATH")) if p)
    srv = procfile_server.start(
        log,
        workers=2,
        extra_args=["--worker-class", "test_slow_clients.SmallSendBufferWorker"],
        extra_env={"PYTHONPATH": path, "SLOW_TEST_WRITE_TIMEOUT": str(TEST_WRITE_TIMEOUT)},
    )
    try:
        yield srv
    finally:
        srv.stop()


def slow_reader(port: int, request: bytes) -> socket.socket:
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER)
    sock.settimeout(TEST_WRITE_TIMEOUT + 5)
    sock.connect(("127.0.0.1", port))
    sock.sendall(request)
    return sock


def arrived(sock: socket.socket) -> bytes:
    """What has reached the client so far, without waiting (one read: reading more would
    make room for the server to send more)."""
    try:
        return sock.recv(2**21, socket.MSG_DONTWAIT)
    except BlockingIOError:
        return b""


@pytest.mark.slow
def test_ordinary_requests_answer_while_clients_do_not_read_large_answers(reader_server):
    """16 clients ask for the 1.2 MB plotly bundle and do not read it: the app is done at
    once, the rest waits in the worker's poller, not in a thread, so /_halsa answers in
    time. A reader that starts reading later gets the whole answer, intact; one that never
    does is closed after WRITE_TIMEOUT, with one line in the log and no traceback."""
    port, path = reader_server.port, f"/assets/{PLOTLY}"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path)
    expected = conn.getresponse().read()
    conn.close()
    assert len(expected) > 1_000_000
    request = b"GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" % path.encode()
    start = time.monotonic()
    readers = [slow_reader(port, request) for _ in range(SLOW_READERS)]
    try:
        time.sleep(0.5)
        results = probe_for(port, READER_SECONDS, PROBE_TIMEOUT)
        so_far = [arrived(sock) for sock in readers]
        answer, _ = read_response(readers[0], so_far[0])
        # The others never read: each is closed once its WRITE_TIMEOUT has passed.
        time.sleep(max(0.0, start + TEST_WRITE_TIMEOUT + 2 - time.monotonic()))
        log = reader_server.log_text()
        rest = read_until_closed(readers[1])
    finally:
        for sock in readers:
            sock.close()
    assert not late(results), f"answered late or not at all: {late(results)}"
    # Held up for real: each client has its buffers' worth, nowhere near the whole answer.
    assert max(len(data) for data in so_far) < len(expected) // 10
    assert answer.endswith(b"\r\n\r\n" + expected)
    assert len(so_far[1] + rest) < len(expected)
    assert log.count("tog inte emot något mer") == SLOW_READERS - 1 and "Traceback" not in log


@pytest.mark.slow
def test_a_slow_but_steady_reader_gets_its_whole_answer(reader_server):
    """A client that reads 128 kB a second takes the 1.2 MB bundle for about 10 s, longer
    than this server's WRITE_TIMEOUT (6 s): as nginx's send_timeout, the timeout counts
    from the last byte the client took, so its answer is not cut off."""
    port, path = reader_server.port, f"/assets/{PLOTLY}"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path)
    expected = conn.getresponse().read()
    conn.close()
    sock = slow_reader(port, b"GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" % path.encode())
    received, start = b"", time.monotonic()
    try:
        while not received.endswith(expected):
            tick = time.monotonic()
            for _ in range(64):  # up to 128 kB this second (the socket's 2 kB at a time)
                chunk = sock.recv(RECEIVE_BUFFER)
                if not chunk:
                    break
                received += chunk
            if not chunk:
                break
            time.sleep(max(0.0, tick + 1.0 - time.monotonic()))
    finally:
        sock.close()
    assert time.monotonic() - start > TEST_WRITE_TIMEOUT, "the answer came faster than meant"
    assert received.startswith(b"HTTP/1.1 200 ") and received.endswith(b"\r\n\r\n" + expected)


@pytest.mark.slow
def test_clients_that_keep_a_closed_connection_open_do_not_stall(reader_server):
    """16 clients ask for `Connection: close` and keep their end open without reading:
    gunicorn's own graceful close waited up to 2 s for each in the worker's main thread
    (16: /_halsa 8 s late). Each still gets its whole answer, then the server's close."""
    request = b"GET /_halsa HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    clients = [slow_reader(reader_server.port, request) for _ in range(SLOW_READERS)]
    try:
        results = probe_for(reader_server.port, READER_SECONDS, PROBE_TIMEOUT)
        answers = [read_until_closed(sock) for sock in clients]
    finally:
        for sock in clients:
            sock.close()
    assert not late(results), f"answered late or not at all: {late(results)}"
    assert all(
        a.startswith(b"HTTP/1.1 200 ") and a.rstrip().endswith(b'{"status":"ok"}') for a in answers
    )


@pytest.mark.parametrize("room", [True, False], ids=["room to wait", "worker full"])
def test_a_write_the_client_does_not_read(monkeypatch, room):
    """WriteBehind (no server): with room, a write the kernel cannot take returns at once
    and keeps the rest, in order; with the worker's MAX_UNSENT full it waits WRITE_TIMEOUT
    at most and says so (TimeoutError, which the worker logs in one line)."""
    monkeypatch.setattr(gunicorn_worker, "WRITE_TIMEOUT", 0.5)
    held = []
    server, client = socket.socketpair()
    with server, client:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SEND_BUFFER)
        sender = gunicorn_worker.WriteBehind(
            server, lambda size: room and not held.append(size), held.append
        )
        data = bytes(range(256)) * 4096  # 1 MB
        start = time.monotonic()
        if room:
            sender.sendall(data[:1000])
            sender.sendall(data[1000:])
            assert time.monotonic() - start < 0.5
            kept = b"".join(bytes(view) for view in sender.unsent)
            assert 0 < len(kept) == sum(held) and arrived(client) + kept == data
        else:
            with pytest.raises(TimeoutError):
                sender.sendall(data)
            assert 0.4 < time.monotonic() - start < 2 and server.gettimeout() is None


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
