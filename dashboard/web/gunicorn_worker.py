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

The answer goes the other way round: a thread writes what the kernel takes at once and
leaves the rest (WriteBehind) to the poller, which sends it as the client reads (a client
that takes nothing for WRITE_TIMEOUT is closed), so a client that reads slowly, or not at
all, holds no thread either. Only past MAX_UNSENT bytes waiting in a worker does a thread
write itself, for at most WRITE_TIMEOUT a write. A connection to be closed is closed in the poller as well (LINGER_*):
gunicorn's own graceful close waited up to 2 s in the worker's one main thread for each
client that asked for `Connection: close` and then kept its end open.

This subclasses gunicorn internals (ThreadWorker.enqueue_req, handle, handle_request,
finish_request, pending_conns and TConn, Response writing through sock.sendall and
sock.sendfile); tests/test_slow_clients.py fails if an upgrade changes them under it.
"""

from __future__ import annotations

import contextlib
import re
import selectors
import socket
import threading
import time
from collections import deque
from concurrent import futures
from functools import partial

from gunicorn import util
from gunicorn.workers.gthread import _DEFER, ThreadWorker

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
# Seconds a client may take nothing of the rest of its answer once the app is done with it
# (the kernel takes the first part, up to a few MB on Linux, at once); each byte it takes
# starts the count again, as nginx's send_timeout (60 s) counts between two writes.
WRITE_TIMEOUT = 60.0
# Bytes of answers waiting for their clients in a worker at once. Past it, a thread writes
# its answer itself (at most WRITE_TIMEOUT a write): memory stays bounded, and a proxy in
# front is needed for more slow readers than this holds (docs/deployment.md).
MAX_UNSENT = 64 * 1024 * 1024
# A connection to be closed: its write side is shut, then what the client still sends is
# read and dropped until it closes too (at most this long and this much), so the kernel
# sends no reset that would cut off the end of the answer (gunicorn's close_graceful).
LINGER_TIMEOUT = 2.0
LINGER_BYTES = 64 * 1024

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


class WriteBehind:
    """The connection's socket as gunicorn's Response sees it in a thread: every write sends
    what the kernel takes without waiting, and keeps the rest (`unsent`, in order) for the
    worker's poller, as long as the worker's MAX_UNSENT allows (`reserve`). Past that, the
    write waits itself, for at most WRITE_TIMEOUT (TimeoutError). Everything else is the
    socket's own."""

    def __init__(self, sock: socket.socket, reserve, release) -> None:
        self.sock = sock
        self.unsent: deque[memoryview] = deque()
        self._reserve = reserve
        self._release = release

    def __getattr__(self, name):
        return getattr(self.sock, name)

    def sendall(self, data) -> None:
        # A bytes object is immutable, so a view of it stays valid; anything else is copied.
        view = memoryview(data if isinstance(data, bytes) else bytes(data)).cast("B")
        if not self.unsent:
            with contextlib.suppress(BlockingIOError, InterruptedError):
                view = view[self.sock.send(view, socket.MSG_DONTWAIT) :]
        if not view:
            return
        if self._reserve(len(view)):
            self.unsent.append(view)
            return
        self.sock.settimeout(WRITE_TIMEOUT)
        try:
            while self.unsent:
                first = self.unsent.popleft()
                self._release(len(first))
                self.sock.sendall(first)
            self.sock.sendall(view)
        finally:
            self.sock.settimeout(None)

    def sendfile(self, file, offset: int = 0, count: int | None = None) -> None:
        # gunicorn sends a file the app hands it with sendfile(); read, it is one more write.
        file.seek(offset)
        self.sendall(file.read(count) if count else file.read())

    def discard(self) -> None:
        """Forget what was not sent (the connection is closed without it)."""
        self._release(sum(len(view) for view in self.unsent))
        self.unsent.clear()


class BufferingThreadWorker(ThreadWorker):
    """ThreadWorker whose threads only ever get connections with a whole request in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Uploads whose body is coming (UPLOAD_READ_TIMEOUT), in order of their timeout as
        # pending_conns (REQUEST_READ_TIMEOUT) is: a connection waits in one of the two.
        self.uploads: deque = deque()
        # Connections whose answer the poller is sending (WRITE_TIMEOUT), and connections
        # being closed (LINGER_TIMEOUT); each in order of its timeout, as the other two.
        self.writing: deque = deque()
        self.closing: deque = deque()
        self.unsent_bytes = 0  # in all of this worker's WriteBehind, under unsent_lock
        self.unsent_lock = threading.Lock()

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
        for queue in (self.uploads, self.writing, self.closing):
            while queue and queue[0].timeout <= now:
                conn = queue.popleft()
                conn.waiting_in = None
                with contextlib.suppress(OSError, KeyError, ValueError):
                    self.poller.unregister(conn.sock)
                if queue is self.writing:
                    self.log.warning(
                        "%s tog inte emot något mer av svaret på %.0f s (%d byte kvar); "
                        "anslutningen stängs.", conn.client, WRITE_TIMEOUT, self._forget_unsent(conn),
                    )  # fmt: skip
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

    # --- the answer: written behind the thread, by the poller --------------------------------

    def handle_request(self, req, conn):
        """gthread's, with the answer written through WriteBehind: what the kernel does not
        take at once is left on the connection (conn.unsent) for finish_request."""
        if self.cfg.is_ssl:
            return super().handle_request(req, conn)
        sock = conn.sock
        conn.sock = sender = WriteBehind(sock, self._reserve, self._release)
        try:
            keepalive = super().handle_request(req, conn)
        except TimeoutError:
            # MAX_UNSENT was full and the client took nothing for WRITE_TIMEOUT: one line in
            # the log, no traceback (gthread logs any other OSError with one).
            sender.discard()
            self.log.warning(
                "Svaret till %s kom inte fram på %.0f s; anslutningen stängs.",
                conn.client, WRITE_TIMEOUT,
            )  # fmt: skip
            return False
        except BaseException:
            sender.discard()
            raise
        finally:
            conn.sock = sock
        conn.unsent = sender.unsent
        return keepalive

    def _reserve(self, size: int) -> bool:
        with self.unsent_lock:
            if self.unsent_bytes + size > MAX_UNSENT:
                return False
            self.unsent_bytes += size
            return True

    def _release(self, size: int) -> None:
        with self.unsent_lock:
            self.unsent_bytes -= size

    def _forget_unsent(self, conn) -> int:
        unsent = getattr(conn, "unsent", None) or ()
        size = sum(len(view) for view in unsent)
        self._release(size)
        conn.unsent = None
        return size

    def finish_request(self, conn, fs):
        """In the main thread, after a thread is done with the connection: the rest of its
        answer to the poller, a connection to be closed closed in the poller, anything
        else as gthread does it (kept alive, or its error)."""
        done = not fs.cancelled() and fs.exception() is None
        result = fs.result() if done else None
        if not done or result is _DEFER or conn.sock.fileno() < 0:
            self._forget_unsent(conn)
            super().finish_request(conn, fs)
        elif getattr(conn, "unsent", None):
            conn.keep_alive = bool(result)
            conn.sock.setblocking(False)
            conn.timeout = time.monotonic() + WRITE_TIMEOUT
            conn.waiting_in = None
            self._wait_in(self.writing, conn)
            self.poller.register(conn.sock, selectors.EVENT_WRITE, partial(self._on_writable, conn))
        elif not result and not self.cfg.is_ssl:
            self._linger(conn)
        else:
            super().finish_request(conn, fs)

    def _on_writable(self, conn, _sock):
        try:
            while conn.unsent:
                view = conn.unsent[0]
                sent = conn.sock.send(view)
                self._release(sent)
                if sent < len(view):
                    conn.unsent[0] = view[sent:]
                    self._progressed(conn, sent)
                    return
                conn.unsent.popleft()
        except (BlockingIOError, InterruptedError):
            return
        except OSError:  # the client went away: nothing more to send it
            conn.keep_alive = False
            self._forget_unsent(conn)
        self.poller.unregister(conn.sock)
        self._wait_in(None, conn)
        conn.unsent = None
        written = futures.Future()
        written.set_result(conn.keep_alive)
        self.finish_request(conn, written)

    def _progressed(self, conn, sent: int) -> None:
        """The client took some of its answer: WRITE_TIMEOUT starts again, as nginx's
        send_timeout counts between two writes, so a slow but reading client gets its whole
        answer however long it is; one that stops reading is closed WRITE_TIMEOUT later."""
        if sent > 0:
            conn.timeout = time.monotonic() + WRITE_TIMEOUT
            self._wait_in(self.writing, conn)  # to the end: the deque stays in timeout order

    def _linger(self, conn) -> None:
        """gunicorn's close_graceful, in the poller: shut the write side, then read and drop
        what the client still sends until it closes, LINGER_TIMEOUT or LINGER_BYTES."""
        try:
            conn.sock.shutdown(socket.SHUT_WR)
        except OSError:
            self._close(conn)
            return
        conn.sock.setblocking(False)
        conn.timeout = time.monotonic() + LINGER_TIMEOUT
        conn.drained = 0
        conn.waiting_in = None
        self._wait_in(self.closing, conn)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._on_closing, conn))

    def _on_closing(self, conn, _sock):
        try:
            data = conn.sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        conn.drained += len(data)
        if data and conn.drained < LINGER_BYTES:
            return
        self.poller.unregister(conn.sock)
        self._wait_in(None, conn)
        self._close(conn)
