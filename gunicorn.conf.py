"""gunicorn's settings for the app (Procfile: `gunicorn -c gunicorn.conf.py 'dashboard.web.app:create_server()'`).

PORT and WEB_CONCURRENCY come from the environment, as the platform sets them. Command-line
flags override these settings (tests/procfile_server.py binds to loopback that way).
"""

from __future__ import annotations

import os

bind = f"0.0.0.0:{os.environ.get('PORT') or 8050}"
workers = int(os.environ.get("WEB_CONCURRENCY") or 2)
threads = 4
# gthread, except that a connection gets one of the threads only once its whole request is
# in: idle or slowly trickling clients wait in the worker's poller, not in a thread, and
# cannot keep ordinary requests waiting (issue #30; docs/deployment.md: Slow clients).
worker_class = "dashboard.web.gunicorn_worker.BufferingThreadWorker"
# Connections a worker holds at once (gunicorn's default is 1000). Each waiting one may buffer
# a request head (64 kB) and a body (256 kB): 250 bound that to about 80 MB a worker, and are
# five times the 50 slow clients the service is tested to keep answering beside.
worker_connections = 250
timeout = 30
graceful_timeout = 20
# A fresh worker now and then bounds what any leak could grow to; the jitter keeps the
# workers from restarting together.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
# The app is built once, in the master, and warmed there (when_ready) before the workers fork:
# every worker, including those max_requests starts later, inherits Dash's finished setup
# and the warm caches, and no worker spends its first seconds (or a thread) warming.
preload_app = True
# The master loads the data but starts no thread (the store starts none until told): each
# worker follows new versions of the data with its own (post_worker_init below).

# gunicorn 27 opens a control socket for gunicornc (worker status, adding and removing
# workers, reload, shutdown) at one path per user unless told otherwise:
# $XDG_RUNTIME_DIR/gunicorn.ctl or ~/.gunicorn/gunicorn.ctl. A second instance on the host
# (another county, a blue-green deploy) took that path over, and stopping either removed
# it. Nothing here needs the socket, so it is off unless this instance is given a path of
# its own: GUNICORN_CONTROL_SOCKET, or --control-socket on the command line (on_starting).
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]

# Request limits, explicit rather than gunicorn's defaults by accident. The app's longest
# URLs (Jämför with every municipality and indicator chosen) are a few hundred bytes;
# browsers send 10-20 headers, a proxy in front adds a handful. Over a limit, gunicorn
# answers itself (414 request line, 431 headers), with the page written below.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190

# Statuses gunicorn answers itself, before the app sees the request (Swedish, as the app's).
GUNICORN_ERRORS = {
    400: "Begäran kunde inte tolkas.",
    403: "Åtkomst nekad.",
    413: "Begäran är för stor.",
    414: "Adressen är för lång.",
    417: "Begäran kunde inte hanteras.",
    431: "Begärans huvudfält är för stora.",
    500: "Något gick fel på servern. Försök igen om en stund.",
    501: "Begäran kunde inte hanteras.",
    503: "Servern tar emot för många filer just nu. Försök igen om en stund.",
}
GUNICORN_ERROR_HEADERS = {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
    "Connection": "close",
}


def write_error(sock, status_int, reason, mesg):
    """gunicorn's own error response (gunicorn.util.write_error), without its English HTML
    page that quotes the refused request line or header back: a short Swedish text with
    the app's security headers, and no Server header (gunicorn writes none here either)."""
    from gunicorn import util

    body = GUNICORN_ERRORS.get(status_int) or GUNICORN_ERRORS[400 if status_int < 500 else 500]
    body = (body + "\n").encode("utf-8")
    headers = {**GUNICORN_ERROR_HEADERS, "Content-Length": str(len(body))}
    head = f"HTTP/1.1 {status_int} {reason}\r\n" + "".join(
        f"{name}: {value}\r\n" for name, value in headers.items()
    )
    util.write_nonblock(sock, head.encode("latin-1") + b"\r\n" + body)


def on_starting(arbiter):
    """Before the master listens: no control socket at gunicorn's default path, which every
    instance of the same user shares (see control_socket above). A path given on purpose,
    in the environment or on the command line, is kept."""
    cfg = arbiter.cfg
    if cfg.control_socket == cfg.settings["control_socket"].default:
        cfg.set("control_socket_disable", True)


def when_ready(arbiter):
    """In the master, after the app is loaded (preload_app) and before any worker is forked:
    finish Dash's setup and warm the caches (dashboard/web/prewarm.py; DASHBOARD_PREWARM=0
    turns the caches off). Synchronous, no thread, so nothing is mid-flight at fork."""
    from dashboard.web import prewarm

    for line in prewarm.warm(arbiter.app.wsgi()):
        arbiter.log.info(line)
    # What the master built (the dataset, Dash's setup, the warm caches) lives as long as the
    # workers: frozen, the workers' garbage collector no longer walks it on every full
    # collection, nor writes into its pages (which would unshare them from the master).
    # The standard library's advice for fork without exec (gc.freeze).
    import gc

    gc.collect()
    gc.freeze()


def post_worker_init(worker):
    """Hide gunicorn from what it sends. gunicorn 27 has no setting for either:

    - `Server: gunicorn` is written into every response by Response.default_headers
      (gunicorn/http/wsgi.py), whatever the app's response says; drop that one line.
    - Requests gunicorn refuses itself are answered by gunicorn.util.write_error, which
      workers look up at call time (workers/base.py: handle_error); replace it.

    Both are patches of gunicorn's internals, done here in each worker (a documented
    server hook) and nowhere else. tests/test_malformed_requests.py fails by name if an
    upgrade moves either.
    """
    from gunicorn import util
    from gunicorn.http import wsgi

    response = wsgi.Response
    if not getattr(response.default_headers, "without_server", False):
        original = response.default_headers

        def default_headers(self):
            return [line for line in original(self) if not line.lower().startswith("server:")]

        default_headers.without_server = True
        response.default_headers = default_headers
    util.write_error = write_error
    follow_published_version(worker)


def follow_published_version(worker):
    """The newest published version before this worker's first request (a worker that
    replaces a recycled one is forked from a master that loaded the data at start), then a
    thread that follows new versions."""
    from dashboard.data.loader import follow_published_version as follow

    try:
        follow()
    except Exception as exc:  # a broken data file: the pages say so with 503, as before
        worker.log.warning("Versionen kunde inte hämtas vid start: %s", exc)
