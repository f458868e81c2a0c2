"""Load generators: wrk (a separate process), or a weaker Python fallback without it."""

from __future__ import annotations

import http.client
import json
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import HOST

RUN_PY = Path(__file__).resolve().parent / "run.py"


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
        str(RUN_PY),
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
