"""gunicorn's threaded worker, except that a connection gets a thread only once its request
is in (gunicorn.conf.py: worker_class; issue #30).

gunicorn 27's gthread worker hands every new connection to one of its threads, which waits
up to 5 s for a first byte and then reads the request head with no time limit at all. A
client that connects and sends nothing held a thread for 5 s; one that sends a header line
every few seconds held it for as long as it kept trickling. With 2 workers x 4 threads, 8
such clients left every other request waiting.

Here the worker's own poller (the loop that accepts connections and watches kept-alive
ones) reads each request into memory, without blocking, and only a complete request goes
to a thread: the head up to its blank line and the body (Content-Length or chunked; after
`Expect: 100-continue` it answers "100 Continue" itself). A request not in within
REQUEST_READ_TIMEOUT seconds is dropped (gunicorn's pending connections, murder_pending);
one over MAX_HEAD or MAX_BODY is refused. Every request of a kept-alive connection comes
through here, not only its first. The one exception to MAX_BODY is a file posted to the
admin's upload form (UPLOAD_BODY, UPLOAD_READ_TIMEOUT, at most UPLOADS_WAITING at once). The bytes reach gunicorn's parser unchanged
(unread into its buffer), so this decides only *when* a thread starts reading, never how a
request is read. A waiting connection costs a socket and its bytes, no thread;
worker_connections (gunicorn.conf.py, 250 per worker) bounds them. TLS connections (the proxy terminates
TLS, not gunicorn) go to a thread at once, as in gthread.

This subclasses gunicorn internals (ThreadWorker.enqueue_req, handle, pending_conns and
TConn); tests/test_slow_clients.py fails if an upgrade changes them under it.
"""

from __future__ import annotations

import contextlib
import re
import selectors
import time
from collections import deque
from functools import partial

from gunicorn import util
from gunicorn.workers.gthread import ThreadWorker

from dashboard.web.admin import PREFIX, UPLOAD_LIMIT

# Seconds from the connection (or a kept-alive connection's next first byte) until the
# whole request must be in. A browser's request is a few kB and arrives at once.
REQUEST_READ_TIMEOUT = 10.0
# A head larger than this without its blank line is refused (431). Browsers' heads are a
# few kB; gunicorn's own limits (gunicorn.conf.py) refuse far less than this anyway.
MAX_HEAD = 64 * 1024
# A larger body is refused (413) before it is read: the app refuses it anyway
# (dashboard/web/app.py: MAX_CONTENT_LENGTH; its callbacks send a few kB). With MAX_HEAD
# this bounds what a waiting connection holds.
MAX_BODY = 256 * 1024
# Except a file posted to the admin's upload form (finding 3 of #35): up to the admin's own
# limit (the importer's, UPLOAD_LIMIT), with MAX_BODY beside it for the form's other fields
# and the multipart framing, so a file a little over the limit still gets the admin's
# Swedish explanation, not the bare 413 below. Only with Content-Length (browsers send one
# for a form); a chunked body keeps MAX_BODY.
UPLOAD_TARGET = (PREFIX + "/inlasning").encode()
UPLOAD_BODY = UPLOAD_LIMIT + MAX_BODY
# Such a body may take longer than REQUEST_READ_TIMEOUT to arrive (5 MB at 4 Mbit/s is 10 s)
# when no proxy buffers it: from its whole head on, it has this long. At most UPLOADS_WAITING
# of them wait in a worker at once (about 20 MB); one more is answered 503, so trickled
# uploads cannot fill the memory that worker_connections bounds for everything else.
UPLOAD_READ_TIMEOUT = 60.0
UPLOADS_WAITING = 4

# What request_state() finds in the bytes of a connection so far.
WAIT = "wait"  # not all there yet
CONTINUE = "continue"  # the head, which asks for "100 Continue" before the body is sent
IN = "in"  # a whole request: to a thread (also whatever gunicorn's parser will refuse)
HEAD_TOO_LARGE = "head too large"  # 431
BODY_TOO_LARGE = "body too large"  # 413
UPLOAD = "upload"  # the head of an upload whose body, over MAX_BODY, is still coming
BUSY = "busy"  # 503: UPLOADS_WAITING uploads are coming in already (not from request_state)

_FIELD = re.compile(rb"^([!#$%&'*+.^_`|~0-9A-Za-z-]+)[ \t]*:[ \t]*(.*?)[ \t]*\r?$", re.M)
_HEX = re.compile(rb"[0-9A-Fa-f]{1,8}")


def request_state(data: bytes | bytearray) -> str:
    """How far the request at the start of `data` has arrived. Anything unusual (two
    lengths, an unknown transfer coding, broken chunks) counts as IN: gunicorn's parser
    decides about it from the head, as it would have."""
    end, sep = data.find(b"\r\n\r\n"), 4
    if end < 0:
        end, sep = data.find(b"\n\n"), 2
    if end < 0:
        return HEAD_TOO_LARGE if len(data) > MAX_HEAD else WAIT
    head = bytes(data[:end])
    fields: dict[bytes, list[bytes]] = {}
    for name, value in _FIELD.findall(head):
        fields.setdefault(name.lower(), []).append(value)
    lengths = fields.get(b"content-length", [])
    codings = fields.get(b"transfer-encoding", [])
    if len(lengths) + len(codings) != 1:
        return IN  # no body, or framing gunicorn refuses
    start = end + sep
    if codings:
        state = _chunked_state(data, start, codings[0])
    elif not lengths[0].isdigit():
        return IN
    elif int(lengths[0]) > body_limit(head):
        return BODY_TOO_LARGE
    elif len(data) >= start + int(lengths[0]):
        return IN
    else:
        state = UPLOAD if int(lengths[0]) > MAX_BODY else WAIT
    expect = fields.get(b"expect", [])
    if (
        state in (WAIT, UPLOAD)
        and expect
        and expect[0].lower() == b"100-continue"
        and len(data) == start
    ):
        return CONTINUE
    return state


def body_limit(head: bytes) -> int:
    """The largest body (by Content-Length) of the request with this head: UPLOAD_BODY
    for a POST to the upload form, MAX_BODY for anything else."""
    method, _, rest = head.partition(b" ")
    target = rest.partition(b" ")[0].partition(b"?")[0]
    return UPLOAD_BODY if method == b"POST" and target == UPLOAD_TARGET else MAX_BODY


def _chunked_state(data: bytes | bytearray, start: int, coding: bytes) -> str:
    if coding.lower() != b"chunked":
        return IN
    body_end = _chunked_end(data, start)
    if body_end is None:
        return BODY_TOO_LARGE if len(data) - start > MAX_BODY else WAIT
    return IN  # all there, or broken framing (False)


def _chunked_end(data: bytes | bytearray, pos: int) -> int | None | bool:
    """Where the chunked body from `pos` ends; None if not all there yet, False if its
    framing is broken."""
    while True:
        eol = data.find(b"\r\n", pos)
        if eol < 0:
            return None if len(data) - pos <= 1024 else False
        size = bytes(data[pos:eol]).split(b";", 1)[0].strip()
        if not _HEX.fullmatch(size):
            return False
        if int(size, 16) == 0:  # the last chunk, then trailer fields up to an empty line
            end = data.find(b"\r\n\r\n", eol)
            return None if end < 0 else end + 4
        pos = eol + 2 + int(size, 16) + 2
        if pos > len(data):
            return None
        if data[pos - 2 : pos] != b"\r\n":
            return False


class BufferingThreadWorker(ThreadWorker):
    """ThreadWorker whose threads only ever get connections with a whole request in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Uploads whose body is coming (UPLOAD_READ_TIMEOUT), in order of their timeout as
        # pending_conns (REQUEST_READ_TIMEOUT) is: a connection waits in one of the two.
        self.uploads: deque = deque()

    def enqueue_req(self, conn):
        # Called for a new connection (accept), a kept-alive one that became readable, and
        # one whose last read already holds part of the next request (finish_request): every
        # request of a connection is buffered and bounded here, not only its first. (A flag
        # that let the next call through once, never cleared after the first request, sent
        # every second request of a kept-alive connection to a thread unbuffered; #35.) A
        # whole request goes to a thread by _done_waiting, which calls gthread's enqueue_req.
        if self.cfg.is_ssl:
            super().enqueue_req(conn)
            return
        read_ahead = conn.parser.unreader.take_buffered() if conn.parser is not None else b""
        conn.buffered = bytearray(read_ahead)
        conn.continued = False
        conn.waiting_in = None
        conn.sock.setblocking(False)
        conn.timeout = time.monotonic() + REQUEST_READ_TIMEOUT
        state = self._state(conn)
        if state not in (WAIT, CONTINUE):  # all there already (pipelined)
            self._done_waiting(conn, state)
            return
        if conn.waiting_in is None:
            # pending_conns is gunicorn's deque of connections waiting in the poller, in
            # order of their timeout; murder_pending closes those past it.
            self._wait_in(self.pending_conns, conn)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._on_readable, conn))

    def _on_readable(self, conn, _sock):
        try:
            data = conn.sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if data:
            conn.buffered += data
            state = self._state(conn)
            if state in (WAIT, CONTINUE):
                return
        self.poller.unregister(conn.sock)
        self._wait_in(None, conn)
        if data:
            self._done_waiting(conn, state)
        else:  # the client went away before its request was in
            self._close(conn)

    def _wait_in(self, queue: deque | None, conn) -> None:
        """Move the connection to the deque of waiting connections it is to wait in."""
        if conn.waiting_in is not None:
            conn.waiting_in.remove(conn)
        conn.waiting_in = queue
        if queue is not None:
            queue.append(conn)

    def _upload(self, conn) -> str:
        """An upload's head is in: its body has UPLOAD_READ_TIMEOUT, if one of the
        UPLOADS_WAITING places is free (BUSY otherwise)."""
        if conn.waiting_in is self.uploads:
            return WAIT
        if len(self.uploads) >= UPLOADS_WAITING:
            return BUSY
        conn.timeout = time.monotonic() + UPLOAD_READ_TIMEOUT
        self._wait_in(self.uploads, conn)
        return WAIT

    def murder_pending(self):
        super().murder_pending()
        now = time.monotonic()
        while self.uploads and self.uploads[0].timeout <= now:
            conn = self.uploads.popleft()
            with contextlib.suppress(OSError, KeyError, ValueError):
                self.poller.unregister(conn.sock)
            self._close(conn)

    def _state(self, conn) -> str:
        state = request_state(conn.buffered)
        if state == UPLOAD:
            state = self._upload(conn)
        if state == CONTINUE and not conn.continued:
            # gunicorn sends its own "100 Continue" when it reads the head; a second one
            # is allowed (a client must accept any number of 1xx answers, RFC 9110 15.2).
            conn.continued = True
            with contextlib.suppress(OSError):
                conn.sock.send(b"HTTP/1.1 100 Continue\r\n\r\n")
        return state

    def _done_waiting(self, conn, state: str) -> None:
        """To a thread (IN), or refused as gunicorn refuses what is over its own limits
        (gunicorn.conf.py: write_error). The connection is out of the poller."""
        if state == IN:
            conn.data_ready = True  # gthread's handle() must not wait for data again
            super().enqueue_req(conn)
            return
        status = {
            BODY_TOO_LARGE: (413, "Content Too Large"),
            BUSY: (503, "Service Unavailable"),
        }.get(state, (431, "Request Header Fields Too Large"))
        with contextlib.suppress(OSError):
            util.write_error(conn.sock, *status, "")
        self._close(conn)

    def _close(self, conn):
        self.nr_conns -= 1
        conn.close()

    def handle(self, conn):
        data = getattr(conn, "buffered", None)
        if data:
            conn.buffered = None
            conn.sock.setblocking(True)
            conn.init()  # the parser, on the first request of the connection
            conn.parser.unreader.unread(bytes(data))
        return super().handle(conn)
