"""A file posted to the admin's upload form reaches the app through gunicorn (finding 3 of #35).

gunicorn's worker (dashboard/web/gunicorn_worker.py) refused every body over 256 kB before
the app saw it, so an upload of a 420 kB workbook on a new connection got a bare "Begäran
är för stor." page, while the same upload on a kept-alive connection (which skipped the
bound, finding 4) reached the app. Now POST /admin/inlasning may carry the admin's own limit
(UPLOAD_LIMIT, the importer's 5 MB) on any connection; every other request keeps 256 kB.

Against gunicorn as the Procfile starts it, with one worker, so that the bound on uploads
waiting at once (UPLOADS_WAITING, per worker) is exact. Without a session the app answers
the upload itself (its 401, a redirect to sign-in or the CSRF 403): what matters is that
it is the app, not the worker's 413.
"""

from __future__ import annotations

import contextlib
import socket
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import procfile_server  # noqa: E402

from dashboard.web.admin import UPLOAD_LIMIT  # noqa: E402
from dashboard.web.gunicorn_worker import (  # noqa: E402
    BODY_TOO_LARGE,
    CONTINUE,
    IN,
    MAX_BODY,
    REQUEST_READ_TIMEOUT,
    UPLOAD,
    UPLOAD_BODY,
    UPLOADS_WAITING,
    WAIT,
    request_state,
)

MB = 1_000_000
BOUNDARY = b"----granskning35"
WORKER_413 = "Begäran är för stor."


def multipart(size: int) -> bytes:
    """An upload form's body with a CSV file of `size` bytes (as a browser posts it)."""
    row = b"0780;samordnare_antal;2025;1\n"
    content = (b"kommunkod;indikator;ar;varde\n" + row * size)[:size]
    return (
        b"--" + BOUNDARY + b'\r\nContent-Disposition: form-data; name="vad"\r\n\r\nvarden\r\n'
        b"--" + BOUNDARY + b'\r\nContent-Disposition: form-data; name="fil"; '
        b'filename="varden.csv"\r\nContent-Type: text/csv\r\n\r\n' + content + b"\r\n"
        b"--" + BOUNDARY + b"--\r\n"
    )


def head(path: str, length: int, extra: bytes = b"") -> bytes:
    return (
        b"POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        b"Content-Type: multipart/form-data; boundary=%s\r\nContent-Length: %d\r\n%s\r\n"
        % (path.encode(), BOUNDARY, length, extra)
    )


def answer_of(sock: socket.socket) -> bytes:
    answer = b""
    with contextlib.suppress(ConnectionResetError):
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def post(port: int, path: str, body: bytes) -> tuple[int, str]:
    """POST `body` on a new connection: the status and the text of the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        with contextlib.suppress(OSError):  # a refusal may close before all is sent
            sock.sendall(head(path, len(body)) + body)
        answer = answer_of(sock)
    assert answer.startswith(b"HTTP/1.1 "), answer[:300]
    return int(answer[9:12]), answer.decode("utf-8", "replace")


def reached_the_app(status: int, text: str) -> bool:
    return status in (302, 303, 401, 403) and WORKER_413 not in text


@pytest.fixture(scope="module")
def server():
    log = procfile_server.REPO / "test-artifacts" / "gunicorn-upload-size.log"
    srv = procfile_server.start(log, workers=1)
    try:
        yield srv
    finally:
        srv.stop()


@pytest.mark.slow
@pytest.mark.integration
def test_a_1_mb_upload_on_a_new_connection_reaches_the_app(server):
    status, text = post(server.port, "/admin/inlasning", multipart(MB))
    assert reached_the_app(status, text), text[:500]
    assert "Traceback" not in server.log_text()


@pytest.mark.slow
@pytest.mark.integration
@pytest.mark.parametrize("path", ["/admin/konton", "/admin/inlasning/1/publicera", "/_halsa",
                                  "/admin/logga-in", "/admin//inlasning"])  # fmt: skip
def test_a_1_mb_body_anywhere_else_is_refused_by_the_worker(server, path):
    status, text = post(server.port, path, multipart(MB))
    assert status == 413 and WORKER_413 in text, text[:500]


@pytest.mark.slow
@pytest.mark.integration
def test_an_upload_over_the_admins_limit_is_refused_before_it_is_read(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(head("/admin/inlasning", UPLOAD_BODY + 1))  # the head alone
        answer = answer_of(sock).decode("utf-8", "replace")
    assert answer.startswith("HTTP/1.1 413 ") and WORKER_413 in answer, answer[:500]


@pytest.mark.slow
@pytest.mark.integration
def test_an_upload_may_take_longer_than_an_ordinary_request(server):
    """A 1 MB upload whose second half comes after REQUEST_READ_TIMEOUT is still read."""
    body = multipart(MB)
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(head("/admin/inlasning", len(body)) + body[: len(body) // 2])
        time.sleep(REQUEST_READ_TIMEOUT + 1.5)
        sock.sendall(body[len(body) // 2 :])
        answer = answer_of(sock)
    status, text = int(answer[9:12]), answer.decode("utf-8", "replace")
    assert reached_the_app(status, text), text[:500]


@pytest.mark.slow
@pytest.mark.integration
def test_only_a_few_uploads_wait_at_once(server):
    """UPLOADS_WAITING unfinished uploads wait (in memory) in a worker; one more is 503.
    Once one of them is done, the next upload is read again."""
    body = multipart(MB)
    socks = []
    try:
        for _ in range(UPLOADS_WAITING):
            sock = socket.create_connection(("127.0.0.1", server.port), timeout=30)
            socks.append(sock)
            sock.sendall(head("/admin/inlasning", len(body)) + body[:MAX_BODY])
        time.sleep(1)
        status, text = post(server.port, "/admin/inlasning", body)
        assert status == 503 and "Försök igen om en stund." in text, text[:500]
        socks[0].sendall(body[MAX_BODY:])
        answer = answer_of(socks[0]).decode("utf-8", "replace")
        assert reached_the_app(int(answer[9:12]), answer), answer[:500]
        status, text = post(server.port, "/admin/inlasning", body)
        assert reached_the_app(status, text), text[:500]
    finally:
        for sock in socks:
            sock.close()


# --- which body may be how large (no server) -----------------------------------------------


def test_the_admins_limit_is_the_importers():
    from dashboard.data.spreadsheet import max_bytes

    assert max_bytes() == UPLOAD_LIMIT and UPLOAD_BODY > UPLOAD_LIMIT


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (head("/admin/inlasning", MB), UPLOAD),
        (head("/admin/inlasning?x=1", MB), UPLOAD),
        (head("/admin/inlasning", MB) + b"x" * MB, IN),
        (head("/admin/inlasning", MB, b"Expect: 100-continue\r\n"), CONTINUE),
        (head("/admin/inlasning", 1000), WAIT),
        (head("/admin/inlasning", UPLOAD_BODY + 1), BODY_TOO_LARGE),
        (head("/admin/inlasning/", MB), BODY_TOO_LARGE),
        (head("/admin/inlasningar", MB), BODY_TOO_LARGE),
        (head("/admin/konton", MB), BODY_TOO_LARGE),
        (head("/_dash-update-component", MAX_BODY + 1), BODY_TOO_LARGE),
        (head("/admin/inlasning", MB).replace(b"POST", b"PUT", 1), BODY_TOO_LARGE),
        (b"POST /admin/inlasning HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
         + b"%x\r\n" % (MAX_BODY + 10) + b"a" * (MAX_BODY + 10), BODY_TOO_LARGE),
    ],
    ids=["upload", "with a query", "all in", "100-continue", "small", "over the limit",
         "trailing slash", "another path", "another form", "callback", "PUT", "chunked"],
)  # fmt: skip
def test_only_a_post_to_the_upload_form_may_be_large(data, expected):
    assert request_state(bytearray(data)) == expected
