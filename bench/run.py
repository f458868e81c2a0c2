"""The benchmark: read throughput against a bare endpoint, the price of a change, memory, workers.

    .venv/bin/python bench/run.py                 # or: make bench (about 5-6 minutes)
    .venv/bin/python bench/run.py --only throughput --rounds 5
    .venv/bin/python bench/run.py --only change,memory --scale 100

Parts (`--only`, comma-separated; all by default), each on 127.0.0.1 only:

- throughput: the authorities list, the events list and the judgement statistics, each as it
  is, with `Accept-Encoding: gzip` and with `br`, and the list's 304 (plain and gzip), against
  a bare FastAPI endpoint (bench/baseline.py), with wrk in interleaved rounds. Today's history.
- change: the first public read of the authorities list right after a write the public can see
  (an admin's correction of the latest grades of one authority) and after one it cannot (an
  inspector planning an event), `--repeats` times each, at today's history and at `--scale`
  times it (synthetic: bench/history.py).
- mixed: the list's throughput under one write a second, against its read-only throughput.
- memory: the service's resident size (VmRSS, and its peak VmHWM) at each history.
- workers: `ilacs serve --workers 2`: how soon a write through one connection shows through
  new connections, which land on either worker.

Prints every figure and a table of the goals, MET or NOT MET; never fails on them (speed is not
a test). The machine is shared and noisy: only ratios measured side by side in one run mean
anything. Every server runs under `timeout` and is stopped in `finally`; every loop is bounded.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import brotli  # type: ignore[import-untyped]
from common import (
    HOST,
    ROOT,
    Answer,
    Client,
    Server,
    fetch,
    free_port,
    memory_kb,
    run_step,
    server_pids,
    servers_running,
    stop_server,
    tool,
    worker_of,
)
from load import Result, Target, python_load, run_python_load, run_wrk

LIST_PATH = "/v1/authorities?status=current&limit=500"
EVENTS_PATH = "/v1/events?limit=500"
STATS_PATH = "/v1/statistics/judgements"
CONSTANT_PATH = "/constant"
EXPECTED_AUTHORITIES = 153
PARTS = ("throughput", "change", "mixed", "memory", "workers")
ENCODINGS: dict[str, Callable[[bytes], bytes]] = {
    "gzip": gzip.decompress,
    "br": brotli.decompress,
}
SHORT = {"gzip": "gz", "br": "br"}

# The goals (ratios to the constant endpoint, measured side by side; times in ms).
GOAL_PLAIN = 0.4
GOAL_ENCODED = 0.7
GOAL_304 = 1.0
GOAL_CHANGE_MS = 50.0
GOAL_MIXED = 0.5
CORRECTED_AREA = "help_and_protection"
TOGGLE = ("good", "requires_improvement")


# --- the report -------------------------------------------------------------------------------


@dataclass
class Goal:
    part: str
    name: str
    figure: str
    goal: str
    met: bool | None  # None: a figure printed, no goal on it


@dataclass
class Report:
    goals: list[Goal] = field(default_factory=list)
    memory: list[tuple[str, str, int, dict[str, int]]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def goal(self, part: str, name: str, figure: str, goal: str, met: bool | None) -> None:
        self.goals.append(Goal(part, name, figure, goal, met))

    def problem(self, text: str) -> None:
        print(f"  PROBLEM: {text}")
        self.problems.append(text)

    def snapshot(self, history: str, moment: str, server: Server) -> None:
        for pid in server_pids(server):
            self.memory.append((history, moment, pid, memory_kb(pid)))


def fmt(values: Sequence[float]) -> str:
    if not values:
        return "-"
    return f"median {statistics.median(values):.1f}, max {max(values):.1f}"


def section(title: str) -> None:
    print(f"\n=== {title} " + "=" * max(0, 92 - len(title)), flush=True)


# --- databases and servers --------------------------------------------------------------------


@dataclass
class Database:
    label: str  # "1x", "100x"
    env: dict[str, str]
    admin: str
    inspector: str


def make_keys(env: dict[str, str]) -> tuple[str, str]:
    ilacs = tool("ilacs")
    admin = run_step([ilacs, "keys", "create", "--role", "admin", "--label", "bench"], env, 60)
    inspector = run_step(
        [ilacs, "keys", "create", "--role", "inspector", "--label", "bench"], env, 60
    )
    return admin, inspector


def build_databases(tmp: Path, scale: int) -> tuple[Database, Callable[[], Database] | None]:
    """Today's history (migrate, import), and a function that builds `scale` times it."""
    ilacs = tool("ilacs")
    env = dict(os.environ)
    one = tmp / "x1.sqlite3"
    env["DATABASE_URL"] = f"sqlite:///{one}"
    releases = sorted(str(p) for p in (ROOT / "api" / "data" / "ofsted").glob("*.ods"))
    print("database 1x: migrate: " + run_step([ilacs, "migrate"], env, timeout=180))
    print("database 1x: import:  " + run_step([ilacs, "import", *releases], env, timeout=180))
    big = tmp / f"x{scale}.sqlite3"
    if scale > 1:
        # A copy as imported, before the benchmark writes to the 1x one.
        with sqlite3.connect(one) as src, sqlite3.connect(big) as dst:
            src.backup(dst)
    admin, inspector = make_keys(env)
    first = Database("1x", env, admin, inspector)
    if scale <= 1:
        return first, None

    def build_big() -> Database:
        from history import generate

        big_env = dict(os.environ, DATABASE_URL=f"sqlite:///{big}")
        made = generate(big_env["DATABASE_URL"], scale)
        print(
            f"database {scale}x: synthetic history added in {made.seconds:.1f} s: {made.events} "
            f"events, {made.judgements} judgements, {made.changes} change-log rows"
        )
        big_admin, big_inspector = make_keys(big_env)
        return Database(f"{scale}x", big_env, big_admin, big_inspector)

    return first, build_big


def service_spec(port: int, workers: int = 1) -> tuple[str, list[str], int, str]:
    argv = [tool("ilacs"), "serve", "--host", HOST, "--port", str(port)]
    if workers != 1:
        argv += ["--workers", str(workers)]
    return (f"service-w{workers}", argv, port, "/healthz")


def baseline_spec(port: int) -> tuple[str, list[str], int, str]:
    argv = [sys.executable, str(ROOT / "bench" / "baseline.py"), "--host", HOST]
    return ("baseline", [*argv, "--port", str(port)], port, CONSTANT_PATH)


# --- checks -----------------------------------------------------------------------------------


def check_representations(report: Report, port: int, name: str, path: str) -> dict[str, Any]:
    """The page as it is, gzip and br: 200s, Vary: Accept-Encoding, a distinct ETag per
    encoding, bodies that decode to the same bytes, and a 304 for each ETag."""
    plain = fetch(port, path)
    if plain.status != 200:
        raise RuntimeError(f"GET {path} answered {plain.status}: {plain.body[:300]!r}")
    etags = {"identity": plain.headers.get("etag", "")}
    if not etags["identity"]:
        report.problem(f"{name}: no ETag")
    wire = {"identity": len(plain.body)}
    notes = []
    if "accept-encoding" not in plain.headers.get("vary", "").lower():
        report.problem(f"{name}: no `Vary: Accept-Encoding` on the plain 200")
    for encoding, decode in ENCODINGS.items():
        got = fetch(port, path, {"Accept-Encoding": encoding})
        etags[encoding] = got.headers.get("etag", "")
        wire[encoding] = len(got.body)
        if got.status != 200:
            report.problem(f"{name} {encoding}: {got.status}")
            continue
        if "accept-encoding" not in got.headers.get("vary", "").lower():
            report.problem(f"{name} {encoding}: no `Vary: Accept-Encoding`")
        used = got.headers.get("content-encoding")
        if used == encoding:
            if decode(got.body) != plain.body:
                report.problem(f"{name} {encoding}: decodes to another body")
            if etags[encoding] == etags["identity"]:
                report.problem(f"{name} {encoding}: the same ETag as the plain body")
        elif used is None:
            same = got.body == plain.body and etags[encoding] == etags["identity"]
            notes.append(f"{encoding} sent as is ({len(plain.body)} B)")
            if not same:
                report.problem(f"{name} {encoding}: not encoded, yet another body or ETag")
        else:
            report.problem(f"{name} {encoding}: Content-Encoding {used}")
        again = fetch(port, path, {"Accept-Encoding": encoding, "If-None-Match": etags[encoding]})
        if again.status != 304 or again.body or again.headers.get("etag") != etags[encoding]:
            report.problem(f"{name} {encoding}: If-None-Match answered {again.status}")
    again = fetch(port, path, {"If-None-Match": etags["identity"]})
    if again.status != 304 or again.body:
        report.problem(f"{name}: If-None-Match answered {again.status}, not an empty 304")
    print(
        f"  {name:<8} 200, {len(plain.body)} B; gzip {wire['gzip']} B, br {wire['br']} B; "
        f"ETags {etags['identity']}, ...{etags['gzip'][-6:]}, ...{etags['br'][-4:]}; "
        f"Vary {plain.headers.get('vary')!r}; 304 per ETag"
        + (f"; {'; '.join(notes)}" if notes else "")
    )
    return {"body": plain.body, "etags": etags}


def check_pages(report: Report, port: int) -> dict[str, dict[str, Any]]:
    found = {
        "list": check_representations(report, port, "list", LIST_PATH),
        "events": check_representations(report, port, "events", EVENTS_PATH),
        "stats": check_representations(report, port, "stats", STATS_PATH),
    }
    page = json.loads(found["list"]["body"])
    if len(page["items"]) != EXPECTED_AUTHORITIES or page.get("next_cursor") is not None:
        report.problem(f"list: {len(page['items'])} items, expected {EXPECTED_AUTHORITIES}")
    events = json.loads(found["events"]["body"])
    print(
        f"  the list holds {len(page['items'])} authorities, the events list "
        f"{len(events['items'])} events (next_cursor {events.get('next_cursor')!r})"
    )
    return found


# --- throughput -------------------------------------------------------------------------------


def throughput(args: argparse.Namespace, report: Report, service: Server, baseline: Server) -> None:
    section("throughput (1x history): requests/s against the bare endpoint, side by side")
    use_wrk = shutil.which("wrk") is not None
    load = run_wrk if use_wrk else run_python_load
    if not use_wrk:
        print(
            "  wrk not found (apt-get update && apt-get install -y wrk): a Python thread-pool "
            "load generator instead; far weaker than wrk and it competes for the CPU: figures "
            "LESS COMPARABLE."
        )
    pages = check_pages(report, service.port)
    if fetch(baseline.port, CONSTANT_PATH).status != 200:
        raise RuntimeError("the baseline does not answer")
    sp = service.port
    targets = [Target("constant", baseline.port, CONSTANT_PATH)]
    for name, path in (("list", LIST_PATH), ("events", EVENTS_PATH), ("stats", STATS_PATH)):
        targets.append(Target(name, sp, path))
        for encoding in ENCODINGS:
            targets.append(
                Target(f"{name}-{SHORT[encoding]}", sp, path, {"Accept-Encoding": encoding})
            )
        if name == "list":
            etags = pages["list"]["etags"]
            targets.append(Target("304", sp, path, {"If-None-Match": etags["identity"]}, 304))
            targets.append(
                Target(
                    "304-gz",
                    sp,
                    path,
                    {"Accept-Encoding": "gzip", "If-None-Match": etags["gzip"]},
                    304,
                )
            )
    print(
        f"  load: {'wrk' if use_wrk else 'python fallback'}, {args.threads} thread(s), "
        f"{args.connections} connections, {args.duration} s per target per round, "
        f"{args.rounds} interleaved rounds after {args.warmup} s warm-up each; "
        f"{os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.2f}"
    )
    for target in targets if args.warmup else []:
        load(target, args.warmup, args.connections, args.threads)
    results: dict[str, list[Result]] = {t.name: [] for t in targets}
    print(
        f"\n  {'round':>5}  {'target':<10} {'req/s':>9} {'p50 ms':>7} {'p99 ms':>7} {'B/resp':>8}"
    )
    began = time.monotonic()
    for round_no in range(args.rounds):
        shift = round_no % len(targets)  # rotate, so no target always runs first or last
        for target in targets[shift:] + targets[:shift]:
            result = load(target, args.duration, args.connections, args.threads)
            results[target.name].append(result)
            p50 = "-" if result.p50_ms is None else f"{result.p50_ms:.1f}"
            p99 = "-" if result.p99_ms is None else f"{result.p99_ms:.1f}"
            print(
                f"  {round_no + 1:>5}  {target.name:<10} {result.rps:>9.1f} {p50:>7} {p99:>7} "
                f"{result.bytes_per_response:>8.0f}  {'; '.join(result.notes)}",
                flush=True,
            )
        if time.monotonic() - began > args.max_seconds:
            print(f"  stopping after round {round_no + 1}: over {args.max_seconds:g} s")
            break
    constant = results["constant"]
    base = statistics.median(r.rps for r in constant)
    print(f"\n  {'target':<10} {'median':>9} {'ratio':>7}  {'per round':<13} {'B/resp':>8}  goal")
    for target in targets:
        rs = results[target.name]
        median = statistics.median(r.rps for r in rs)
        ratio = median / base
        per_round = [r.rps / c.rps for r, c in zip(rs, constant, strict=False)]
        if target.name == "constant":
            goal = None
        elif target.name.startswith("304"):
            goal = GOAL_304
        elif "-" in target.name:
            goal = GOAL_ENCODED
        else:
            goal = GOAL_PLAIN
        verdict = ""
        if goal is not None:
            met = ratio >= goal
            verdict = f">= {goal:.2f} {'MET' if met else 'NOT MET'}"
            report.goal(
                "throughput",
                f"{target.name}/constant",
                f"{ratio:.3f} ({min(per_round):.3f}-{max(per_round):.3f})",
                f">= {goal:.2f}",
                met,
            )
        spread = f"{min(per_round):.3f}-{max(per_round):.3f}"
        print(
            f"  {target.name:<10} {median:>9.1f} {ratio:>7.3f}  {spread:<13} "
            f"{statistics.median(r.bytes_per_response for r in rs):>8.0f}  {verdict}"
        )
    errors = sum(r.errors for rs in results.values() for r in rs)
    if errors:
        report.problem(f"{errors} errors or unexpected statuses under load (see the notes)")


# --- writes -----------------------------------------------------------------------------------


class Writer:
    """The writes the benchmark makes: an admin's correction of one authority's latest grades
    (the public sees it in the list) and an inspector's plan (the public sees nothing)."""

    def __init__(self, db: Database, port: int) -> None:
        self.db = db
        self.port = port
        page = json.loads(fetch(port, LIST_PATH).body)
        graded = [a for a in page["items"] if a.get("latest_judgements")]
        if not graded:
            raise RuntimeError("no authority with latest judgements to correct")
        self.authority = graded[0]["code"]
        self.event_id = graded[0]["latest_judgements"]["event_id"]
        got = fetch(port, f"/v1/events/{self.event_id}", self._auth(db.admin))
        if got.status != 200:
            raise RuntimeError(f"GET the event to correct: {got.status} {got.body[:200]!r}")
        self.etag = got.headers["etag"]
        self.grades: dict[str, str] = dict(json.loads(got.body)["judgements"])
        self.plans = 0

    @staticmethod
    def _auth(token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def correct(self, client: Client | None = None) -> tuple[Answer, str]:
        """Flip the corrected grade; the answer and the grade the list must now show."""
        grade = TOGGLE[1] if self.grades.get(CORRECTED_AREA) == TOGGLE[0] else TOGGLE[0]
        grades = {**self.grades, CORRECTED_AREA: grade}
        body = json.dumps({"grades": grades, "reason": "bench: a correction"}).encode()
        headers = {**self._auth(self.db.admin), "If-Match": self.etag}
        path = f"/v1/events/{self.event_id}/judgements"
        if client is None:
            answer = fetch(self.port, path, headers, method="PUT", body=body)
        else:
            answer = client.request("PUT", path, headers, body)
        if answer.status == 200:
            self.etag, self.grades = answer.headers["etag"], grades
        elif answer.status == 412:  # someone else moved it: read it again
            got = fetch(self.port, f"/v1/events/{self.event_id}", self._auth(self.db.admin))
            self.etag = got.headers.get("etag", self.etag)
        return answer, grade

    def plan(self, client: Client | None = None) -> Answer:
        self.plans += 1
        start = date.today() + timedelta(days=200 + 7 * (self.plans % 300))
        start -= timedelta(days=start.weekday())
        body = json.dumps(
            {
                "authority_code": self.authority,
                "kind": "standard_inspection",
                "fieldwork_start": start.isoformat(),
                "fieldwork_end": (start + timedelta(days=11)).isoformat(),
            }
        ).encode()
        headers = {**self._auth(self.db.inspector), "Idempotency-Key": f"bench-{uuid.uuid4()}"}
        if client is None:
            return fetch(self.port, "/v1/events", headers, method="POST", body=body)
        return client.request("POST", "/v1/events", headers, body)

    def shows(self, body: bytes, grade: str) -> bool:
        for item in json.loads(body)["items"]:
            if item["code"] == self.authority:
                latest = item.get("latest_judgements") or {}
                return bool(latest.get("grades", {}).get(CORRECTED_AREA) == grade)
        return False


def price_of_change(
    args: argparse.Namespace, report: Report, db: Database, service: Server, writer: Writer
) -> None:
    section(f"price of a change ({db.label} history): the first public read of the list after it")
    reader, writes = Client(service.port), Client(service.port)
    warm = [reader.request("GET", LIST_PATH).ms for _ in range(5)]
    print(
        f"  the list before any write (cache hit): {fmt(warm)} ms; corrected: "
        f"{CORRECTED_AREA} of {writer.authority}'s latest inspection ({writer.event_id}); "
        f"planned: standard inspections of {writer.authority}"
    )
    for kind in ("visible", "invisible"):
        write_ms: list[float] = []
        read_ms: list[float] = []
        gzip_ms: list[float] = []
        fresh = 0
        for _ in range(args.repeats):
            before = reader.request("GET", LIST_PATH)
            if kind == "visible":
                answer, grade = writer.correct(writes)
            else:
                answer = writer.plan(writes)
            if answer.status not in (200, 201):
                report.problem(f"{kind} write answered {answer.status}: {answer.body[:200]!r}")
                continue
            write_ms.append(answer.ms)
            first = reader.request("GET", LIST_PATH)
            read_ms.append(first.ms)
            gzip_ms.append(reader.request("GET", LIST_PATH, {"Accept-Encoding": "gzip"}).ms)
            if kind == "visible":
                fresh += writer.shows(first.body, grade)
            else:
                fresh += first.headers.get("etag") == before.headers.get("etag")
        what = (
            "admin corrects a grade (PUT judgements)"
            if kind == "visible"
            else "inspector plans an event (POST /v1/events)"
        )
        check = "shows the new grade" if kind == "visible" else "same ETag as before (unchanged)"
        print(f"  {kind} write: {what}, {len(write_ms)} times")
        print(f"    the write itself          {fmt(write_ms)} ms")
        print(
            f"    first read after it       {fmt(read_ms)} ms: "
            + " ".join(f"{v:.0f}" for v in read_ms)
        )
        print(f"    then the first gzip read  {fmt(gzip_ms)} ms (compressing the new page)")
        print(f"    the list {check}: {fresh}/{len(read_ms)}")
        if read_ms:
            median = statistics.median(read_ms)
            report.goal(
                "change",
                f"first read after {kind} write, {db.label}",
                f"{median:.1f} ms (max {max(read_ms):.1f})",
                f"<= {GOAL_CHANGE_MS:g} ms (median)",
                median <= GOAL_CHANGE_MS,
            )
        if fresh != len(read_ms):
            report.problem(f"{db.label} {kind}: the list was as expected {fresh}/{len(read_ms)}")
    reader.close()
    writes.close()


# --- mixed load -------------------------------------------------------------------------------


def mixed(
    args: argparse.Namespace, report: Report, db: Database, service: Server, writer: Writer
) -> None:
    section(f"mixed load ({db.label} history): the list under one write a second")
    if shutil.which("wrk") is None:
        print("  wrk not found: skipped")
        return
    target = Target("list", service.port, LIST_PATH)
    seconds = args.mixed_seconds
    first = run_wrk(target, seconds, args.connections, args.threads)
    stop = threading.Event()
    written: list[tuple[int, float]] = []

    def write_each_second() -> None:
        client = Client(service.port)
        began = time.monotonic()
        for n in range(int(seconds) + 5):  # bounded: one write a second while wrk reads
            if stop.wait(max(0.0, began + n - time.monotonic())):
                break
            try:
                answer = writer.correct(client)[0] if n % 2 == 0 else writer.plan(client)
                written.append((answer.status, answer.ms))
            except OSError:
                written.append((0, 0.0))
        client.close()

    thread = threading.Thread(target=write_each_second, daemon=True)
    thread.start()
    try:
        loaded = run_wrk(target, seconds, args.connections, args.threads)
    finally:
        stop.set()
        thread.join(timeout=30)
    # Whatever the writes left queued is served before the second read-only run (bounded).
    stopped = time.monotonic()
    probe = Client(service.port, timeout=120)
    while time.monotonic() - stopped < 120:
        if probe.request("GET", LIST_PATH).ms < 100:
            break
    probe.close()
    settled = time.monotonic() - stopped
    second = run_wrk(target, seconds, args.connections, args.threads)
    alone = (first.rps + second.rps) / 2
    ratio = loaded.rps / alone
    ok = sum(1 for status, _ in written if status in (200, 201))
    print(
        f"  read-only {first.rps:.1f} and {second.rps:.1f} req/s (p99 {first.p99_ms} / "
        f"{second.p99_ms} ms); with writes {loaded.rps:.1f} req/s (p50 {loaded.p50_ms} ms, "
        f"p99 {loaded.p99_ms} ms)"
    )
    print(
        f"  writes: {ok}/{len(written)} succeeded (corrections and plans, alternately), "
        f"{fmt([ms for s, ms in written if s])} ms each"
    )
    print(
        f"  after the last write, a lone read took under 100 ms again within {settled:.1f} s; "
        f"socket errors or timeouts under the writes: {loaded.errors}"
    )
    print(f"  mixed / read-only = {ratio:.3f}")
    report.goal(
        "mixed",
        f"list with 1 write/s / read-only, {db.label}",
        f"{ratio:.3f}",
        f">= {GOAL_MIXED:.2f}",
        ratio >= GOAL_MIXED,
    )


# --- memory -----------------------------------------------------------------------------------


def warm_everything(report: Report, db: Database, service: Server) -> None:
    """Every page in every encoding, so each is built and compressed once; the cold build of
    the list at this history is printed."""
    first = fetch(service.port, LIST_PATH)
    print(f"  the list's first read on a fresh server ({db.label}): {first.ms:.0f} ms")
    for path in (LIST_PATH, EVENTS_PATH, STATS_PATH):
        for encoding in ("identity", *ENCODINGS):
            fetch(service.port, path, {"Accept-Encoding": encoding})
    report.snapshot(db.label, "every page built and compressed", service)


def print_memory(report: Report) -> None:
    section("memory: resident size of each server process (from /proc/<pid>/status)")
    print(f"  {'history':<8} {'when':<44} {'pid':>7} {'VmRSS MB':>9} {'VmHWM MB':>9}")
    for history, moment, pid, kb in report.memory:
        rss, hwm = kb.get("VmRSS", 0) / 1024, kb.get("VmHWM", 0) / 1024
        print(f"  {history:<8} {moment:<44} {pid:>7} {rss:>9.1f} {hwm:>9.1f}")
    peaks: dict[str, float] = {}
    for history, moment, _, kb in report.memory:
        if history != "baseline" and not moment.startswith("workers"):
            peaks[history] = max(peaks.get(history, 0.0), kb.get("VmHWM", 0) / 1024)
    for history, peak in peaks.items():
        report.goal("memory", f"service peak RSS (VmHWM), {history}", f"{peak:.0f} MB", "-", None)


# --- two workers ------------------------------------------------------------------------------


def poll_until(
    reader: Client, old: str, polls: list[tuple[float, float, bool]], stop: threading.Event
) -> None:
    """GET the list with If-None-Match: old, back to back (at most 5 s): (sent, answered,
    fresh) for each; fresh is a 200, the old page a 304."""
    deadline = time.perf_counter() + 5.0
    while not stop.is_set() and time.perf_counter() < deadline:
        sent = time.perf_counter()
        got = reader.request("GET", LIST_PATH, {"If-None-Match": old})
        polls.append((sent, time.perf_counter(), got.status == 200))


def pinned(port: int, pids: Sequence[int], landed: dict[int, int]) -> dict[int, Client]:
    """One keep-alive connection to each worker: new connections until each worker holds one
    (counting where each new connection landed)."""
    found: dict[int, Client] = {}
    for _ in range(60):
        client = Client(port)
        client.request("GET", "/healthz")
        pid = worker_of(client, pids)
        if pid is not None:
            landed[pid] = landed.get(pid, 0) + 1
        if pid is not None and pid not in found:
            found[pid] = client
        else:
            client.close()
        if len(found) == len(pids):
            break
    return found


def workers(
    args: argparse.Namespace, report: Report, db: Database, tmp: Path, lifetime: int
) -> None:
    section(f"two workers ({db.label} history): how soon one worker shows the other's write")
    ttl = float(db.env.get("ILACS_DATA_VERSION_TTL_MS", "50"))
    port = free_port()
    with servers_running([service_spec(port, workers=2)], db.env, lifetime, tmp) as started:
        server = started["service-w2"]
        pids = server_pids(server)
        landed: dict[int, int] = {}
        for client in pinned(port, pids, landed).values():  # each worker builds the list once
            client.request("GET", LIST_PATH)
            client.close()
        print(
            f"  ilacs serve --workers 2 on {HOST}:{port}, workers {pids}. Each try: a keep-alive "
            "connection to each worker (found through /proc); one polls the list with "
            "If-None-Match (304: the old page) from 100 ms before the write until 20 fresh "
            "answers in a row, while the other worker takes an admin's correction."
        )
        writer = Writer(db, port)
        visible_after: list[float] = []
        answered_after: list[float] = []
        for attempt in range(args.tries):
            conns = pinned(port, pids, landed)
            try:
                if len(conns) < 2:
                    report.problem("workers: could not reach both workers")
                    continue
                write_pid = pids[attempt % 2]
                read_pid = pids[(attempt + 1) % 2]
                reader = conns[read_pid]
                old = reader.request("GET", LIST_PATH).headers.get("etag", "")
                polls: list[tuple[float, float, bool]] = []  # sent, answered; fresh?
                stop = threading.Event()

                thread = threading.Thread(
                    target=poll_until, args=(reader, old, polls, stop), daemon=True
                )
                thread.start()
                time.sleep(0.1)
                answer, _ = writer.correct(conns[write_pid])
                acked = time.perf_counter()
                if worker_of(conns[write_pid], pids) != write_pid:
                    report.problem("workers: the write did not go through the intended worker")
                while time.perf_counter() - acked < 2.0:
                    tail = polls[-20:]
                    if len(tail) == 20 and all(f for _, _, f in tail) and tail[0][0] > acked:
                        break
                    time.sleep(0.005)
                stop.set()
                thread.join(timeout=10)
            finally:
                for client in conns.values():
                    client.close()
            if answer.status != 200:
                report.problem(f"workers: the correction answered {answer.status}")
                continue
            # Every answer after the write's: one in flight at that moment counts as sent then
            # (it may show the change: the workers signal each other's commits at once).
            after = [p for p in polls if p[1] >= acked]
            stale = [i for i, p in enumerate(after) if not p[2]]
            first = stale[-1] + 1 if stale else 0
            if first >= len(after):
                visible_after.append(2000.0)
                answered_after.append(2000.0)
                continue
            visible_after.append(max(0.0, after[first][0] - acked) * 1000)
            answered_after.append((after[first][1] - acked) * 1000)
        report.snapshot(db.label, "workers=2, after the propagation tries", server)
    print(
        f"  {len(visible_after)} tries; the first request to the other worker that showed the "
        f"change (and every one after it) was sent {fmt(visible_after)} ms after the write's "
        f"answer, and answered {fmt(answered_after)} ms after it (it rebuilds the page)"
    )
    print("    sent after (ms): " + " ".join(f"{v:.0f}" for v in visible_after))
    print(
        "  new connections landed: "
        + ", ".join(f"worker {pid} {n}" for pid, n in sorted(landed.items()))
        + f"; ILACS_DATA_VERSION_TTL_MS = {ttl:g}"
    )
    if visible_after:
        worst = max(visible_after)
        report.goal(
            "workers",
            "the other worker shows a write after",
            f"max {worst:.1f} ms (median {statistics.median(visible_after):.1f})",
            f"<= {ttl:g} ms (TTL)",
            worst <= ttl,
        )


# --- the run ----------------------------------------------------------------------------------


def guarded(report: Report, part: str, run: Callable[..., None], *args: Any) -> None:
    """Run a part; if it breaks (a server gone, a timeout), say so and go on with the next."""
    try:
        run(*args)
    except (OSError, RuntimeError, http.client.HTTPException, subprocess.TimeoutExpired) as error:
        report.problem(f"{part}: stopped by {type(error).__name__}: {error}")


def print_goals(report: Report) -> None:
    section("GOALS")
    print(f"  {'part':<11} {'figure':<46} {'measured':<30} {'goal':<20} verdict")
    for g in report.goals:
        verdict = "-" if g.met is None else ("MET" if g.met else "NOT MET")
        print(f"  {g.part:<11} {g.name:<46} {g.figure:<30} {g.goal:<20} {verdict}")
    if report.problems:
        print("\n  problems seen:")
        for text in report.problems:
            print(f"  - {text}")


def measure(args: argparse.Namespace) -> int:
    started = time.monotonic()
    parts = set(args.only)
    report = Report()
    print(
        f"bench: parts {', '.join(p for p in PARTS if p in parts)}; histories 1x"
        + (
            f" and {args.scale}x"
            if args.scale > 1 and parts & {"change", "mixed", "memory"}
            else ""
        )
        + f"; {git_commit()}; {os.cpu_count()} CPU(s), load average "
        f"{os.getloadavg()[0]:.2f}"
    )
    lifetime = 1200  # every server ends by itself after this, whatever happens to this script
    with tempfile.TemporaryDirectory(prefix="ilacs-bench-") as tmp_name:
        tmp = Path(tmp_name)
        one, build_big = build_databases(tmp, args.scale)
        if parts & {"throughput", "change", "mixed", "memory"}:
            port = free_port()
            specs = [service_spec(port)]
            if "throughput" in parts:
                specs.append(baseline_spec(free_port([port])))
            with servers_running(specs, one.env, lifetime, tmp) as servers:
                service = servers["service-w1"]
                report.snapshot("1x", "started", service)
                if "baseline" in servers:
                    report.snapshot("baseline", "started (bare FastAPI)", servers["baseline"])
                if "throughput" in parts:
                    guarded(
                        report, "throughput", throughput, args, report, service, servers["baseline"]
                    )
                    report.snapshot("1x", "after the throughput rounds", service)
                    stop_server(servers["baseline"])
                if "memory" in parts:
                    warm_everything(report, one, service)
                history_parts(args, report, one, service, parts)
        if "workers" in parts:
            guarded(report, "workers", workers, args, report, one, tmp, lifetime)
        if build_big is not None and parts & {"change", "mixed", "memory"}:
            big = build_big()
            port = free_port()
            with servers_running([service_spec(port)], big.env, lifetime, tmp) as servers:
                service = servers["service-w1"]
                report.snapshot(big.label, "started", service)
                warm_everything(report, big, service)
                history_parts(args, report, big, service, parts)
    if "memory" in parts:
        print_memory(report)
    print_goals(report)
    print(f"\ntotal time {time.monotonic() - started:.0f} s; load average {os.getloadavg()[0]:.2f}")
    return 0


def history_parts(
    args: argparse.Namespace, report: Report, db: Database, service: Server, parts: set[str]
) -> None:
    if not parts & {"change", "mixed"}:
        return
    writer = Writer(db, service.port)
    if "change" in parts:
        guarded(report, "change", price_of_change, args, report, db, service, writer)
        report.snapshot(db.label, "after the change part", service)
    if "mixed" in parts:
        guarded(report, "mixed", mixed, args, report, db, service, writer)
        report.snapshot(db.label, "after the mixed load", service)


def git_commit() -> str:
    """HEAD, and the last commit that changed the app (api/), which is what is measured."""

    def git(*argv: str) -> str:
        done = subprocess.run(
            ["git", *argv], cwd=ROOT, capture_output=True, text=True, timeout=10, check=False
        )
        return done.stdout.strip()

    head, app = git("rev-parse", "--short", "HEAD"), git("log", "-1", "--format=%h", "--", "api")
    dirty = " + uncommitted changes" if git("status", "--porcelain", "--", "api") else ""
    return f"HEAD {head}, app (api/) at {app}{dirty}"


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Throughput, the price of a change, memory and workers of the ILACS API, "
        "side by side with a bare FastAPI endpoint, on 127.0.0.1."
    )
    parser.add_argument(
        "--only", default=",".join(PARTS), help=f"comma-separated parts: {','.join(PARTS)}"
    )
    parser.add_argument(
        "--scale", type=int, default=100, help="the larger history, times today's (1: only 1x)"
    )
    parser.add_argument("--rounds", type=int, default=3, help="throughput rounds")
    parser.add_argument("--duration", type=int, default=3, help="seconds per target per round")
    parser.add_argument("--warmup", type=int, default=1, help="seconds per target (0: none)")
    parser.add_argument("--connections", type=int, default=12)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--max-seconds", type=float, default=240.0, help="throughput rounds stop")
    parser.add_argument("--repeats", type=int, default=10, help="writes of each kind (change)")
    parser.add_argument("--mixed-seconds", type=int, default=8, help="each mixed-load run")
    parser.add_argument("--tries", type=int, default=20, help="writes timed across workers")
    parser.add_argument("--pyload", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.only = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = set(args.only) - set(PARTS)
    if unknown:
        parser.error(
            f"unknown part(s) {', '.join(sorted(unknown))}; choose from {', '.join(PARTS)}"
        )
    if not (
        1 <= args.rounds <= 20
        and 1 <= args.duration <= 30
        and 0 <= args.warmup <= 10
        and 1 <= args.connections <= 64
        and 1 <= args.threads <= args.connections
        and 1 <= args.scale <= 200
        and 1 <= args.repeats <= 50
        and 2 <= args.mixed_seconds <= 60
        and 1 <= args.tries <= 100
    ):
        parser.error(
            "keep it bounded: rounds 1-20, duration 1-30 s, warmup 0-10 s, connections 1-64, "
            "threads 1-connections, scale 1-200, repeats 1-50, mixed-seconds 2-60, tries 1-100"
        )
    return args


def _stop_on_term(_signum: int, _frame: object) -> None:
    raise SystemExit(143)  # unwinds through the finally blocks that stop the servers


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.pyload:
        python_load(json.loads(args.pyload))
        return 0
    signal.signal(signal.SIGTERM, _stop_on_term)
    try:
        return measure(args)
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
