"""Throughput of the authorities list (and of its 304) against a bare FastAPI endpoint.

    .venv/bin/python bench/run.py            # or: make bench
    .venv/bin/python bench/run.py --rounds 3 --duration 3 --connections 8 --threads 1

1. Builds a fresh SQLite database in a temporary folder (`ilacs migrate`, `ilacs import` of the
   Ofsted releases in api/data/ofsted/), through DATABASE_URL.
2. Starts the real service (`ilacs serve`, one uvicorn worker, uvicorn[standard]) and the
   baseline (bench/baseline.py: a bare FastAPI `async def` endpoint answering a constant small
   JSON, served by uvicorn with the same options), each on a free port of 127.0.0.1.
3. Checks once that the list answers 200 with 153 items and an ETag, and that the same request
   with If-None-Match: <that ETag> answers 304.
4. Drives load with wrk (a separate process) in interleaved rounds over three targets: the
   constant endpoint, the list, and the list's revalidation (304). Then prints requests/s per
   target and round, the medians, and the ratios to the constant endpoint against the goals.
5. Stops both servers in every case (try/finally; each server also runs under `timeout`, so it
   ends by itself even if this script is killed).

Everything binds and targets 127.0.0.1 only. The machine is shared and noisy: only the ratios,
measured side by side in one run, mean anything; absolute requests/s do not.

Without wrk (`apt-get update && apt-get install -y wrk` on Debian or Ubuntu), a Python
thread-pool load generator is used instead; it is much weaker than wrk and shares the CPU the
servers need, so its ratios are less comparable (it says so).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
LIST_PATH = "/v1/authorities?status=current&limit=500"
CONSTANT_PATH = "/constant"
EXPECTED_AUTHORITIES = 153
GOAL_LIST = 0.25  # list / constant must be >= this
GOAL_304 = 0.5  # 304 / constant must be > this


# --- small helpers -----------------------------------------------------------------------------


def tool(name: str) -> str:
    """A command from this interpreter's environment (the venv), else from PATH."""
    here = Path(sys.executable).parent / name
    if here.exists():
        return str(here)
    found = shutil.which(name)
    if found is None:
        sys.exit(f"bench: `{name}` not found; run `make install` first")
    return found


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def fetch(port: int, path: str, headers: dict[str, str] | None = None) -> Answer:
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        body = response.read()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, body)
    finally:
        conn.close()


def run_step(argv: Sequence[str], env: dict[str, str], timeout: float) -> str:
    done = subprocess.run(
        argv, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        sys.exit(f"bench: {' '.join(argv)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    lines = done.stdout.strip().splitlines()
    return lines[-1] if lines else ""


# --- servers -----------------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path


def start_server(
    name: str, argv: Sequence[str], port: int, env: dict[str, str], lifetime: int, logs: Path
) -> Server:
    log = logs / f"{name}.log"
    with log.open("wb") as out:
        # `timeout` ends the server by itself after `lifetime` seconds whatever happens to us;
        # its own session lets us stop the whole group (timeout and server) at once.
        process = subprocess.Popen(
            ["timeout", "--kill-after=5", str(lifetime), *argv],
            env=env,
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Server(name, port, process, log)


def wait_ready(server: Server, path: str, deadline_s: float = 30.0) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            break
        try:
            if fetch(server.port, path).status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    tail = server.log.read_text(errors="replace")[-2000:]
    raise RuntimeError(f"{server.name} did not come up on {HOST}:{server.port}:\n{tail}")


def stop_server(server: Server) -> None:
    if server.process.poll() is not None:
        return
    for sig, grace in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(server.process.pid, sig)
        except ProcessLookupError:
            return
        try:
            server.process.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


@contextmanager
def servers_running(
    specs: list[tuple[str, list[str], int, str]], env: dict[str, str], lifetime: int, logs: Path
) -> Iterator[dict[str, Server]]:
    started: dict[str, Server] = {}
    try:
        for name, argv, port, _ in specs:
            started[name] = start_server(name, argv, port, env, lifetime, logs)
        for name, _, _, ready_path in specs:
            wait_ready(started[name], ready_path)
        yield started
    finally:
        for server in started.values():
            stop_server(server)


# --- load --------------------------------------------------------------------------------------


@dataclass
class Target:
    name: str
    port: int
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    expect: int = 200


@dataclass
class Result:
    rps: float
    requests: int
    bytes_per_response: float
    p50_ms: float | None = None
    p99_ms: float | None = None
    errors: int = 0
    notes: list[str] = field(default_factory=list)


UNITS = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3, "TB": 1024**4}
TIME_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not match:
        return float("nan")
    return float(match.group(1)) * TIME_UNITS[match.group(2)]


def run_wrk(target: Target, seconds: float, connections: int, threads: int) -> Result:
    argv = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "5s"]
    argv.append("--latency")
    for key, value in target.headers.items():
        argv += ["-H", f"{key}: {value}"]
    argv.append(f"http://{HOST}:{target.port}{target.path}")
    done = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 30, check=False)
    out = done.stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    total = re.search(r"(\d+) requests in [\d.]+\w+, ([\d.]+)(\w+) read", out)
    if done.returncode != 0 or not rps or not total:
        raise RuntimeError(f"wrk failed ({done.returncode}):\n{out}{done.stderr}")
    requests = int(total.group(1))
    read = float(total.group(2)) * UNITS.get(total.group(3), 1)
    result = Result(float(rps.group(1)), requests, read / max(requests, 1))
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    result.p50_ms = _ms(p50.group(1)) if p50 else None
    result.p99_ms = _ms(p99.group(1)) if p99 else None
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    if bad:
        result.errors += int(bad.group(1))
        result.notes.append(f"{bad.group(1)} non-2xx/3xx")
    if sockets:
        result.errors += sum(int(n) for n in sockets.groups())
        result.notes.append("socket errors " + "/".join(sockets.groups()))
    return result


def run_python_load(target: Target, seconds: float, connections: int, threads: int) -> Result:
    """The fallback: this script run again as a separate process, one thread per connection
    (`threads` is wrk's option, unused here)."""
    argv = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--pyload",
        json.dumps(
            {
                "port": target.port,
                "path": target.path,
                "headers": target.headers,
                "expect": target.expect,
                "seconds": seconds,
                "connections": connections,
            }
        ),
    ]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 30, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"python load failed:\n{done.stdout}{done.stderr}")
    data = json.loads(done.stdout)
    result = Result(data["rps"], data["requests"], data["bytes_per_response"])
    result.p50_ms, result.p99_ms, result.errors = data["p50_ms"], data["p99_ms"], data["errors"]
    if result.errors:
        result.notes.append(f"{result.errors} errors or unexpected statuses")
    return result


def python_load(spec: dict[str, Any]) -> None:
    """Entry point of the fallback load generator (`--pyload`): prints one JSON line."""
    deadline = time.monotonic() + float(spec["seconds"])
    lock = threading.Lock()
    latencies: list[float] = []
    totals = {"requests": 0, "errors": 0, "bytes": 0}

    def worker() -> None:
        conn = http.client.HTTPConnection(HOST, spec["port"], timeout=5)
        mine: list[float] = []
        requests = errors = size = 0
        while time.monotonic() < deadline:
            began = time.perf_counter()
            try:
                conn.request("GET", spec["path"], headers=spec["headers"])
                response = conn.getresponse()
                body = response.read()
            except OSError:
                errors += 1
                conn.close()
                conn = http.client.HTTPConnection(HOST, spec["port"], timeout=5)
                continue
            mine.append((time.perf_counter() - began) * 1000)
            requests += 1
            size += len(body)
            if response.status != spec["expect"]:
                errors += 1
        conn.close()
        with lock:
            latencies.extend(mine)
            totals["requests"] += requests
            totals["errors"] += errors
            totals["bytes"] += size

    started = time.monotonic()
    pool = [threading.Thread(target=worker) for _ in range(int(spec["connections"]))]
    for t in pool:
        t.start()
    for t in pool:
        t.join(timeout=float(spec["seconds"]) + 10)
    elapsed = time.monotonic() - started
    latencies.sort()

    def pct(p: float) -> float | None:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else None

    print(
        json.dumps(
            {
                "rps": totals["requests"] / elapsed,
                "requests": totals["requests"],
                "bytes_per_response": totals["bytes"] / max(totals["requests"], 1),
                "p50_ms": pct(0.50),
                "p99_ms": pct(0.99),
                "errors": totals["errors"],
            }
        )
    )


# --- the benchmark -----------------------------------------------------------------------------


def check_targets(service: Server, baseline: Server) -> tuple[str, dict[str, int]]:
    """The list answers 200 with every authority and an ETag; that ETag answers 304."""
    listed = fetch(service.port, LIST_PATH)
    if listed.status != 200:
        raise RuntimeError(f"GET {LIST_PATH} answered {listed.status}: {listed.body[:300]!r}")
    page = json.loads(listed.body)
    if len(page["items"]) != EXPECTED_AUTHORITIES or page.get("next_cursor") is not None:
        raise RuntimeError(
            f"GET {LIST_PATH}: {len(page['items'])} items, next_cursor="
            f"{page.get('next_cursor')!r}; expected {EXPECTED_AUTHORITIES} on one page"
        )
    etag = listed.headers.get("etag")
    if not etag:
        raise RuntimeError(f"GET {LIST_PATH} has no ETag")
    again = fetch(service.port, LIST_PATH, {"If-None-Match": etag})
    if again.status != 304 or again.body:
        raise RuntimeError(f"If-None-Match: {etag} answered {again.status}, not an empty 304")
    constant = fetch(baseline.port, CONSTANT_PATH)
    if constant.status != 200:
        raise RuntimeError(f"baseline answered {constant.status}")
    json.loads(constant.body)
    sizes = {"constant": len(constant.body), "list": len(listed.body), "304": len(again.body)}
    print(
        f"checked: list 200 with {len(page['items'])} items, {len(listed.body)} bytes, "
        f"ETag {etag}; If-None-Match -> 304 (empty body); constant 200, "
        f"{len(constant.body)} bytes"
    )
    return etag, sizes


def fmt_ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def measure(args: argparse.Namespace) -> int:
    use_wrk = shutil.which("wrk") is not None
    if use_wrk:
        wrk_version = subprocess.run(
            ["wrk", "-v"], capture_output=True, text=True, timeout=10, check=False
        )
        version = re.search(r"wrk (\S+)", wrk_version.stdout)
        generator = f"wrk {version.group(1)}" if version else "wrk"
        load = run_wrk
    else:
        print(
            "bench: wrk not found. Install it with\n"
            "    apt-get update && apt-get install -y wrk\n"
            "Falling back to a Python thread-pool load generator: it is far weaker than wrk and "
            "competes with the servers for the CPU, so the figures below are LESS COMPARABLE "
            "(the ratios understate a fast endpoint's lead).\n"
        )
        generator = "python http.client threads (fallback)"
        load = run_python_load

    started = time.monotonic()
    per_target = args.duration * args.rounds + args.warmup
    lifetime = int(3 * per_target + 180)  # the servers end themselves after this, whatever
    env = dict(os.environ)

    with tempfile.TemporaryDirectory(prefix="ilacs-bench-") as tmp:
        tmpdir = Path(tmp)
        env["DATABASE_URL"] = f"sqlite:///{tmpdir / 'ilacs.sqlite3'}"
        releases = sorted(str(p) for p in (ROOT / "api" / "data" / "ofsted").glob("*.ods"))
        ilacs = tool("ilacs")
        print(f"database: {env['DATABASE_URL']}")
        print("  migrate: " + run_step([ilacs, "migrate"], env, timeout=180))
        print("  import:  " + run_step([ilacs, "import", *releases], env, timeout=180))

        service_port, baseline_port = free_port(), free_port()
        while baseline_port == service_port:
            baseline_port = free_port()
        specs = [
            (
                "service",
                [ilacs, "serve", "--host", HOST, "--port", str(service_port)],
                service_port,
                "/healthz",
            ),
            (
                "baseline",
                [
                    sys.executable,
                    str(ROOT / "bench" / "baseline.py"),
                    "--host",
                    HOST,
                    "--port",
                    str(baseline_port),
                ],
                baseline_port,
                CONSTANT_PATH,
            ),
        ]
        with servers_running(specs, env, lifetime, tmpdir) as servers:
            service, baseline = servers["service"], servers["baseline"]
            print(
                f"servers: service (ilacs serve) on {HOST}:{service.port}, baseline "
                f"(bench/baseline.py) on {HOST}:{baseline.port}; one uvicorn worker each"
            )
            etag, sizes = check_targets(service, baseline)
            targets = [
                Target("constant", baseline.port, CONSTANT_PATH),
                Target("list", service.port, LIST_PATH),
                Target("304", service.port, LIST_PATH, {"If-None-Match": etag}, expect=304),
            ]
            print(
                f"load: {generator}; "
                + (f"{args.threads} thread(s), " if use_wrk else "one thread per connection, ")
                + f"{args.connections} connections, "
                f"{args.duration:g} s per target per round, {args.rounds} interleaved rounds "
                f"(after {args.warmup:g} s warm-up each); {os.cpu_count()} CPU(s), load "
                f"average {os.getloadavg()[0]:.2f}"
            )
            for target in targets if args.warmup else []:
                load(target, args.warmup, args.connections, args.threads)

            results: dict[str, list[Result]] = {t.name: [] for t in targets}
            print()
            print(
                f"{'round':>5}  {'target':<8} {'req/s':>9} {'p50 ms':>7} {'p99 ms':>7} "
                f"{'bytes/resp':>10}  notes"
            )
            for round_no in range(args.rounds):
                # Rotate the order each round, so no target always runs first or last.
                shift = round_no % len(targets)
                for target in targets[shift:] + targets[:shift]:
                    result = load(target, args.duration, args.connections, args.threads)
                    results[target.name].append(result)
                    print(
                        f"{round_no + 1:>5}  {target.name:<8} {result.rps:>9.1f} "
                        f"{fmt_ms(result.p50_ms):>7} {fmt_ms(result.p99_ms):>7} "
                        f"{result.bytes_per_response:>10.0f}  {'; '.join(result.notes)}"
                    )
                if time.monotonic() - started > args.max_seconds:
                    print(f"bench: stopping after round {round_no + 1}: over {args.max_seconds} s")
                    break
            # A last look: the revalidation still answers 304 after the load.
            after = fetch(service.port, LIST_PATH, {"If-None-Match": etag})
            if after.status != 304:
                print(f"WARNING: after the load, If-None-Match answered {after.status}")

    medians = {name: statistics.median(r.rps for r in rs) for name, rs in results.items()}
    ratio_list = medians["list"] / medians["constant"]
    ratio_304 = medians["304"] / medians["constant"]
    per_round = {
        name: [r.rps / c.rps for r, c in zip(results[name], results["constant"], strict=True)]
        for name in ("list", "304")
    }
    errors = sum(r.errors for rs in results.values() for r in rs)

    print()
    print("medians (req/s): " + ", ".join(f"{n} {m:.1f}" for n, m in medians.items()))
    print(
        "response bodies (bytes): "
        + ", ".join(f"{n} {s}" for n, s in sizes.items())
        + (
            "; on the wire per response (headers included): "
            if use_wrk
            else "; received per response (bodies only): "
        )
        + ", ".join(
            f"{n} {statistics.median(r.bytes_per_response for r in rs):.0f}"
            for n, rs in results.items()
        )
    )
    print()
    for name, ratio, goal, met, sign in (
        ("list/constant", ratio_list, GOAL_LIST, ratio_list >= GOAL_LIST, ">="),
        ("304/constant", ratio_304, GOAL_304, ratio_304 > GOAL_304, "> "),
    ):
        rounds = per_round[name.split("/")[0]]
        verdict = "MET" if met else f"NOT MET (x{goal / ratio:.2f} short)"
        print(
            f"{name:<14} {ratio:6.3f}   goal {sign} {goal:.2f}   {verdict}   "
            f"(per round: {min(rounds):.3f}-{max(rounds):.3f})"
        )
    if errors:
        print(f"\nWARNING: {errors} errors or unexpected statuses during the load (see notes)")
    if not use_wrk:
        print("\n(Python fallback load generator: figures less comparable than with wrk.)")
    print(f"\ntotal time {time.monotonic() - started:.0f} s")
    return 0


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Throughput of GET /v1/authorities (200 and 304) against a bare FastAPI "
        "endpoint, side by side on 127.0.0.1."
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=int, default=5, help="seconds per target/round")
    parser.add_argument(
        "--warmup", type=int, default=2, help="seconds per target, unrecorded (0: none)"
    )
    parser.add_argument("--connections", type=int, default=12)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument(
        "--max-seconds", type=float, default=240.0, help="stop starting rounds after this"
    )
    parser.add_argument("--pyload", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not (
        1 <= args.rounds <= 20
        and 1 <= args.duration <= 30
        and 0 <= args.warmup <= 10
        and 1 <= args.connections <= 64
        and 1 <= args.threads <= args.connections
    ):
        parser.error(
            "keep it bounded: rounds 1-20, duration 1-30 s, warmup 0-10 s, connections 1-64, "
            "threads 1-connections"
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
