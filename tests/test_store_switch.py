"""Every worker moves to a new version within 10 s, without a restart, and never shows half of
one (issue #35): gunicorn as the Procfile starts it, with three workers, on a data folder of
its own; a version is published through the store from this process, and /_redo (the
version a worker serves) and a download holding the changed value are asked again and again
on new connections, so every worker answers, until every answer shows the new version.

A worker's answers are told apart by its pid in the access log (a probe id in a header),
and each answer's send and receive times are kept: once a worker has answered with the new
version or value, nothing it answers to a request sent after that may show the old one."""

from __future__ import annotations

import re
import shutil
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import procfile_server
import pytest
import requests
from conftest import ARTIFACTS, COUNTY_DATA

from dashboard.data.store import db, live, versions

LOG_FORMAT = "PROBE %({x-probe}i)s %(p)s %(s)s"
LOG_LINE = re.compile(r"PROBE (\S+) <?(\d+)>? (\d{3})")
WORKER_BOOT = re.compile(r"Booting worker with pid: (\d+)")
INDICATOR = "samordnare_tjanstgrad"
NEW_VALUE = "1,85"  # as varden.csv holds it and the CSV download writes it
WITHIN = 10.0  # seconds from the publish until every worker shows it (the bound)
THREADS = 4


def data_copy(target: Path) -> Path:
    """The fixture county, without the store, materialised versions or history in it."""
    shutil.copytree(COUNTY_DATA, target, ignore=shutil.ignore_patterns(
        "dashboard.sqlite3*", live.MATERIALISED, ".historik"))  # fmt: skip
    return target


def changed_row(folder: Path) -> tuple[str, str]:
    """(municipality, year) of the indicator's last row in varden.csv: the one to change."""
    lines = (folder / "varden.csv").read_text(encoding="utf-8-sig").splitlines()
    fields = next(line.split(";") for line in reversed(lines) if f";{INDICATOR};" in line)
    return fields[0], fields[2]


def with_value(data: bytes, code: str, year: str, value: str) -> bytes:
    lines = data.decode("utf-8-sig").splitlines(keepends=True)
    for i, line in enumerate(lines):
        fields = line.split(";")
        if fields[:3] == [code, INDICATOR, year]:
            fields[3] = value
            lines[i] = ";".join(fields)
    return "\ufeff".encode() + "".join(lines).encode()


def download_path(year: str) -> str:
    return f"/nedladdning/oversikt.csv?indikator={INDICATOR}&ar={year}&sortera=namn"


def shown_value(csv_text: str, code: str) -> str | None:
    """The municipality's value in the download (its row: name;code;value;…)."""
    match = re.search(rf"^[^;\n]*;{code};([^;\n]*);", csv_text, re.M)
    return None if match is None else match.group(1)


@dataclass
class Answer:
    probe: str
    kind: str  # "redo" | "download"
    sent: float
    received: float
    status: int
    new: bool | None  # shows the new version (redo) or value (download); None: neither


@dataclass
class Target:
    """What to ask and how to tell the new from the old."""

    url: str
    code: str
    year: str
    old_version: int
    old_value: str


def ask(target: Target, kind: str) -> Answer:
    probe = uuid.uuid4().hex
    path = "/_redo" if kind == "redo" else download_path(target.year)
    headers = {"X-Probe": probe, "Connection": "close"}  # a new connection: any worker
    sent = time.monotonic()
    response = requests.get(target.url + path, headers=headers, timeout=30)
    received = time.monotonic()
    new = None
    if response.status_code == 200 and kind == "redo":
        version = response.json().get("version")
        new = True if version and version > target.old_version else (
            False if version == target.old_version else None)  # fmt: skip
    elif response.status_code == 200:
        value = shown_value(response.text, target.code)
        new = True if value == NEW_VALUE else False if value == target.old_value else None
    return Answer(probe, kind, sent, received, response.status_code, new)


class Poller:
    """Threads asking /_redo and the download in turn until told to stop."""

    def __init__(self, target: Target, threads: int = THREADS) -> None:
        self.target = target
        self.answers: list[Answer] = []
        self.errors: list[BaseException] = []
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._run, args=(i,), daemon=True)
                        for i in range(threads)]  # fmt: skip

    def _run(self, number: int) -> None:
        kinds = ("redo", "download") if number % 2 else ("download", "redo")
        while not self.stop.is_set():
            for kind in kinds:
                try:
                    answer = ask(self.target, kind)
                except Exception as exc:  # noqa: BLE001 - a refused connection is a failure
                    with self.lock:
                        self.errors.append(exc)
                    continue
                with self.lock:
                    self.answers.append(answer)

    def __enter__(self) -> Poller:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(60)

    def snapshot(self) -> list[Answer]:
        with self.lock:
            return list(self.answers)


def pids_by_probe(server: procfile_server.Gunicorn) -> dict[str, str]:
    return {m.group(1): m.group(2) for m in LOG_LINE.finditer(server.log_text())}


def worker_pids(server: procfile_server.Gunicorn) -> set[str]:
    return set(WORKER_BOOT.findall(server.log_text()))


def all_moved(servers: list[procfile_server.Gunicorn], answers: list[Answer],
              published: float) -> bool:  # fmt: skip
    """Every worker of every server has answered with the new version and the new value
    to requests sent after the publish, and the latest answers all show it."""
    pids: dict[str, str] = {}
    workers: set[str] = set()
    for server in servers:
        pids.update(pids_by_probe(server))
        workers |= worker_pids(server)
    seen_new = {(pids.get(a.probe), a.kind) for a in answers if a.new and a.sent > published}
    every = all((pid, kind) in seen_new for pid in workers for kind in ("redo", "download"))
    latest = [a for a in answers if a.sent > published][-8 * THREADS :]
    return every and len(latest) >= 8 * THREADS and all(a.new for a in latest)


def check_answers(servers: list[procfile_server.Gunicorn], answers: list[Answer],
                  published: float) -> float:  # fmt: skip
    """No 5xx, nothing neither old nor new, no worker back to the old after the new; returns
    when the last old answer was received (time.monotonic())."""
    assert answers, "no answers"
    pids: dict[str, str] = {}
    for server in servers:
        pids.update(pids_by_probe(server))
    assert not [a for a in answers if a.status >= 500], "a 5xx while the version changed"
    assert all(a.status == 200 for a in answers), {a.status for a in answers}
    assert all(a.new is not None for a in answers), [a for a in answers if a.new is None][:3]
    assert all(not a.new for a in answers if a.received < published), "new before publish"
    by_pid: dict[str | None, list[Answer]] = {}
    for answer in answers:
        by_pid.setdefault(pids.get(answer.probe), []).append(answer)
    assert None not in by_pid, "an answer without its worker in the access log"
    for pid, mine in by_pid.items():
        first_new = min((a.received for a in mine if a.new), default=None)
        if first_new is None:
            continue
        mixed = [a for a in mine if not a.new and a.sent > first_new]
        assert not mixed, (f"worker {pid} answered with the old version or value after the "
                           f"new one: {mixed[:3]}")  # fmt: skip
    return max((a.received for a in answers if not a.new), default=published)


def start_server(name: str, folder: Path, tmp_path: Path, env: dict[str, str],
                 workers: int = 3) -> procfile_server.Gunicorn:  # fmt: skip
    extra_env = {"DASHBOARD_DATA_DIR": str(folder), "DASHBOARD_CACHE_DIR": str(tmp_path / name),
                 **env}  # fmt: skip
    return procfile_server.start(ARTIFACTS / f"gunicorn-store-{name}.log", workers=workers,
                                 extra_args=["--access-logformat", LOG_FORMAT],
                                 extra_env=extra_env, wait_path="/_redo")  # fmt: skip


def old_state(url: str, code: str, year: str) -> tuple[int, str]:
    redo = requests.get(url + "/_redo", timeout=30).json()
    text = requests.get(url + download_path(year), timeout=30).text
    value = shown_value(text, code)
    assert value is not None and value != NEW_VALUE, text[:2000]
    return int(redo["version"]), value


def wait_until_moved(servers: list[procfile_server.Gunicorn], poller: Poller,
                     published: float) -> None:  # fmt: skip
    """Poll until every worker shows the new version (or WITHIN + 5 s), then a little
    longer, so a worker that went back would be seen."""
    deadline = published + WITHIN + 5
    while time.monotonic() < deadline:
        if all_moved(servers, poller.snapshot(), published):
            break
        time.sleep(0.25)
    time.sleep(1.5)


def publish_value(url: str, code: str, year: str) -> versions.VersionInfo:
    parent = versions.head_id(url)
    files = versions.files_of(url, parent)
    files["varden.csv"] = with_value(files["varden.csv"], code, year, NEW_VALUE)
    return versions.publish(url, files, parent_id=parent, by="test", source="testets fil")


@pytest.mark.integration
@pytest.mark.slow
@pytest.mark.parametrize("poll", ["1", "standard"])
def test_every_worker_switches_to_a_published_version_within_10_s(tmp_path, poll):
    folder = data_copy(tmp_path / "data")
    code, year = changed_row(folder)
    env = {} if poll == "standard" else {"DASHBOARD_VERSION_POLL_SECONDS": poll}
    server = start_server(f"switch-{poll}", folder, tmp_path, env)
    try:
        old_version, old_value = old_state(server.url, code, year)
        assert old_version == 1  # the master seeded the store from the files
        target = Target(server.url, code, year, old_version, old_value)
        url = f"sqlite:///{folder / 'dashboard.sqlite3'}"
        with Poller(target) as poller:
            time.sleep(1)  # answers before the publish, from every worker
            published = time.monotonic()
            info = publish_value(url, code, year)
            wait_until_moved([server], poller, published)
        answers = poller.snapshot()
        assert not poller.errors, poller.errors[:3]
        assert info.id == 2
        assert all_moved([server], answers, published), (
            f"not every worker moved: {len(worker_pids(server))} workers, "
            f"{sum(1 for a in answers if a.new)} new of {len(answers)} answers")  # fmt: skip
        took = check_answers([server], answers, published) - published
        assert took < WITHIN, f"the last old answer came {took:.1f} s after the publish"
        assert len(worker_pids(server)) == 3
    finally:
        server.stop()
        db.dispose_all()
    assert "Traceback" not in server.log_text()


# --- the checks themselves can fail (unit: made-up answers, no server) ---------------------


class _Log:
    """Stands in for a server: its access log names which worker answered which probe."""

    def __init__(self, pids: dict[str, str]) -> None:
        self.text = "".join(f"Booting worker with pid: {p}\n" for p in sorted(set(pids.values())))
        self.text += "".join(f"PROBE {probe} <{pid}> 200\n" for probe, pid in pids.items())

    def log_text(self) -> str:
        return self.text


def _answers(rows: list[tuple[str, str, float, bool]]) -> tuple[_Log, list[Answer]]:
    answers = [Answer(f"p{i}", kind, t, t + 0.01, 200, new)
               for i, (_pid, kind, t, new) in enumerate(rows)]  # fmt: skip
    return _Log({f"p{i}": pid for i, (pid, *_rest) in enumerate(rows)}), answers


def test_the_check_sees_a_worker_that_goes_back_to_the_old_version():
    server, answers = _answers([("1", "redo", 1.0, False), ("1", "redo", 6.0, True),
                                ("1", "download", 7.0, False)])  # fmt: skip
    with pytest.raises(AssertionError, match="worker 1 answered with the old"):
        check_answers([server], answers, published=5.0)


def test_the_check_sees_a_worker_that_never_moved():
    rows = [("1", "redo", 6.0, True), ("1", "download", 6.1, True),
            ("2", "redo", 6.2, False), ("2", "download", 6.3, False)] * 20  # fmt: skip
    server, answers = _answers(rows)
    assert not all_moved([server], answers, published=5.0)
    moved, answers = _answers([(pid, kind, t + 5, True) for pid, kind, t, _ in rows])
    assert all_moved([moved], answers, published=5.0)
    assert check_answers([moved], answers, published=5.0) == 5.0  # nothing old
