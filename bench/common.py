"""What every part of the benchmark shares: HTTP on 127.0.0.1, servers under `timeout`, RSS."""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def tool(name: str) -> str:
    """A command from this interpreter's environment (the venv), else from PATH."""
    here = Path(sys.executable).parent / name
    if here.exists():
        return str(here)
    found = shutil.which(name)
    if found is None:
        sys.exit(f"bench: `{name}` not found; run `make install` first")
    return found


def free_port(taken: Sequence[int] = ()) -> int:
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind((HOST, 0))
            port = int(s.getsockname()[1])
        if port not in taken:
            return port
    raise RuntimeError("no free port on 127.0.0.1")


def run_step(argv: Sequence[str], env: dict[str, str], timeout: float) -> str:
    """Run a command to completion; its last line of output (exit on failure)."""
    done = subprocess.run(
        argv, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(argv)} failed ({done.returncode}):\n{done.stdout}{done.stderr}"
        )
    lines = done.stdout.strip().splitlines()
    return lines[-1] if lines else ""


# --- HTTP -------------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    ms: float  # from sending the request to the last byte of the body


class Client:
    """One keep-alive connection to 127.0.0.1:port, reopened after an error."""

    def __init__(self, port: int, timeout: float = 30.0) -> None:
        self.port = port
        self.timeout = timeout
        self.conn: http.client.HTTPConnection | None = None

    def request(
        self,
        method: str,
        path: str,
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
    ) -> Answer:
        # A kept-alive connection the server has closed meanwhile (uvicorn's keep-alive
        # timeout is 5 s) fails on first use: then once more on a new one, as HTTP clients do
        # (every write here is safe to resend: If-Match, or an Idempotency-Key).
        reused = self.conn is not None
        while True:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
            began = time.perf_counter()
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                response = self.conn.getresponse()
                data = response.read()
                break
            except (OSError, http.client.HTTPException):
                self.close()
                if not reused:
                    raise
                reused = False
        ms = (time.perf_counter() - began) * 1000
        answer = Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, data, ms)
        if response.will_close:
            self.close()
        return answer

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def fetch(
    port: int,
    path: str,
    headers: dict[str, str] | None = None,
    *,
    method: str = "GET",
    body: bytes | None = None,
    timeout: float = 30.0,
) -> Answer:
    """One request on a connection of its own (so, with several workers, on any of them)."""
    client = Client(port, timeout)
    try:
        return client.request(method, path, headers, body)
    finally:
        client.close()


# --- servers ----------------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]  # `timeout`, whose child is the server
    log: Path


def start_server(
    name: str, argv: Sequence[str], port: int, env: dict[str, str], lifetime: int, logs: Path
) -> Server:
    log = logs / f"{name}.log"
    with log.open("ab") as out:
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


def wait_ready(server: Server, path: str, deadline_s: float = 60.0) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            break
        try:
            if fetch(server.port, path, timeout=5).status == 200:
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
    specs: Sequence[tuple[str, Sequence[str], int, str]],
    env: dict[str, str],
    lifetime: int,
    logs: Path,
) -> Iterator[dict[str, Server]]:
    """Start (name, argv, port, ready path) servers; stop them all however this ends."""
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


# --- memory -----------------------------------------------------------------------------------


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def server_pids(server: Server) -> list[int]:
    """The processes that answer requests: `timeout`'s child (one worker), or, with
    `--workers N`, that supervisor's spawned workers (not multiprocessing's resource tracker)."""
    top = children(server.process.pid)
    workers = [
        p for t in top for p in children(t) if "spawn_main" in cmdline(p) or "uvicorn" in cmdline(p)
    ]
    return workers or top


def memory_kb(pid: int) -> dict[str, int]:
    """VmRSS (resident now) and VmHWM (resident at its peak) of a process, in kB."""
    found: dict[str, int] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                found[key] = int(value.split()[0])
    except OSError:
        pass
    return found


def _socket_inode(server_port: int, client_port: int) -> str | None:
    """The inode of the server's end of the 127.0.0.1 connection from `client_port`."""
    local = f"0100007F:{server_port:04X}"
    remote = f"0100007F:{client_port:04X}"
    try:
        lines = Path("/proc/net/tcp").read_text().splitlines()[1:]
    except OSError:
        return None
    for line in lines:
        fields = line.split()
        if fields[1] == local and fields[2] == remote:
            return fields[9]
    return None


def worker_of(client: Client, pids: Sequence[int]) -> int | None:
    """Which of the server's processes holds this client's (open) connection."""
    if client.conn is None or client.conn.sock is None:
        return None
    inode = _socket_inode(client.port, client.conn.sock.getsockname()[1])
    if inode is None:
        return None
    target = f"socket:[{inode}]"
    for pid in pids:
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}") == target:
                    return pid
            except OSError:
                continue
    return None
