"""Fixtures of the end-to-end tests: the sandbox (`monetix-gate sandbox`), the
example callback receiver (ffi-python/examples/callback_server.py, used as
it is), and a small proxy in front of the receiver that can answer 500.

Everything runs on 127.0.0.1 only. Every process is started with its own
handle and killed by it at the end of the test, whatever happens; every wait
is bounded in time (``WAIT``) and every loop in count.
"""

from __future__ import annotations

import json
import os
import queue
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECRET = "e2e-secret-8f1c"
WAIT = 20.0  # seconds: the longest any one wait in these tests may take
# urllib without the environment's proxies: straight to 127.0.0.1.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def gate_binary() -> Path:
    path = Path(os.environ.get("MONETIX_GATE_BIN", ROOT / "target" / "debug" / "monetix-gate"))
    if not path.is_file():
        pytest.fail(f"{path} not found: build it with `cargo build -p monetix-gate-cli` (scripts/e2e.sh does)")
    return path


def wait_until(what: str, check: Callable[[], Any], timeout: float = WAIT) -> Any:
    """Polls ``check`` every 20 ms until it returns something true; fails
    after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    for _ in range(int(timeout / 0.02) + 1):
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            break
        time.sleep(0.02)
    pytest.fail(f"timed out after {timeout}s waiting for {what}")


class Process:
    """A child process whose first stdout line is read with a timeout."""

    def __init__(self, args: List[str], env: Dict[str, str], stderr_path: Path) -> None:
        self._stderr = open(stderr_path, "wb")
        self.proc = subprocess.Popen(
            args,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
        )
        lines: "queue.Queue[bytes]" = queue.Queue()
        assert self.proc.stdout is not None
        out = self.proc.stdout
        threading.Thread(target=lambda: lines.put(out.readline()), daemon=True).start()
        try:
            self.first_line = lines.get(timeout=WAIT).decode().strip()
        except queue.Empty:
            self.stop()
            pytest.fail(f"{args[0]} printed nothing within {WAIT}s")
        if not self.first_line:
            self.stop()
            pytest.fail(f"{args[0]} exited: {stderr_path.read_text(errors='replace')}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        try:
            self.proc.wait(timeout=WAIT)
        finally:
            self._stderr.close()
            if self.proc.stdout is not None:
                self.proc.stdout.close()


class Sandbox:
    """A running `monetix-gate sandbox`."""

    def __init__(self, process: Process, log: Path) -> None:
        self.process = process
        self.url = process.first_line
        assert self.url.startswith("http://127.0.0.1:"), self.url
        self.port = int(self.url.rsplit(":", 1)[1])
        self.log = log

    def post(self, path: str, body: bytes, content_type: str = "application/json") -> Tuple[int, bytes]:
        return post(self.url + path, body, content_type)

    def log_lines(self) -> List[Dict[str, Any]]:
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text().splitlines() if line.strip()]

    def attempts(self, payment_id: str) -> List[Dict[str, Any]]:
        return [
            line
            for line in self.log_lines()
            if line["event"] == "callback_attempt" and line["payment_id"] == payment_id
        ]


def post(url: str, body: bytes, content_type: str = "application/json") -> Tuple[int, bytes]:
    """POSTs ``body``; the HTTP status and the answer's body (errors too)."""
    assert url.startswith("http://127.0.0.1:"), url
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": content_type})
    try:
        with OPENER.open(request, timeout=WAIT) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


@pytest.fixture
def start_sandbox(tmp_path: Path) -> Iterator[Callable[..., Sandbox]]:
    started: List[Process] = []

    def start(*args: str) -> Sandbox:
        log = tmp_path / f"sandbox-{len(started)}.log"
        env = dict(os.environ, MONETIX_SECRET=SECRET)
        process = Process(
            [str(gate_binary()), "sandbox", "--listen", "127.0.0.1:0", "--log", str(log), *args],
            env,
            tmp_path / f"sandbox-{len(started)}.stderr",
        )
        started.append(process)
        return Sandbox(process, log)

    yield start
    for process in started:
        process.stop()


class Receiver:
    """The example receiver, ffi-python/examples/callback_server.py."""

    def __init__(self, process: Process, db: Path) -> None:
        self.process = process
        prefix = "listening on "
        assert process.first_line.startswith(prefix), process.first_line
        self.url = process.first_line[len(prefix):] + "/callback"
        self.db = db

    def row(self, payment_id: str) -> Optional[Dict[str, Any]]:
        if not self.db.exists():
            return None
        with sqlite3.connect(self.db, timeout=WAIT) as con:
            con.row_factory = sqlite3.Row
            row = con.execute("SELECT * FROM outcomes WHERE payment_id = ?", (payment_id,)).fetchone()
            return dict(row) if row is not None else None

    def record_payout(self, fields: Dict[str, Any]) -> None:
        """Keeps a payout as it is sent, in the receiver's own table, the way
        its docstring says the sending code does (``OutcomeStore.record_payout``):
        the receiver reconciles every callback with it before recording an
        outcome, and refuses a callback for a payout it has no record of."""
        with sqlite3.connect(self.db, timeout=WAIT) as con:
            con.execute("CREATE TABLE IF NOT EXISTS payouts (payment_id TEXT PRIMARY KEY, fields TEXT NOT NULL)")
            con.execute(
                "INSERT OR REPLACE INTO payouts (payment_id, fields) VALUES (?, ?)",
                (fields["general"]["payment_id"], json.dumps(fields)),
            )

    def count(self, payment_id: str) -> int:
        with sqlite3.connect(self.db, timeout=WAIT) as con:
            return int(con.execute("SELECT COUNT(*) FROM outcomes WHERE payment_id = ?", (payment_id,)).fetchone()[0])


@pytest.fixture
def receiver(tmp_path: Path) -> Iterator[Receiver]:
    db = tmp_path / "outcomes.db"
    env = dict(os.environ, MONETIX_SECRET=SECRET)
    process = Process(
        [
            sys.executable,
            str(ROOT / "ffi-python" / "examples" / "callback_server.py"),
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--db",
            str(db),
        ],
        env,
        tmp_path / "receiver.stderr",
    )
    try:
        yield Receiver(process, db)
    finally:
        process.stop()


class Proxy:
    """In front of the receiver: answers the sandbox with the statuses of
    ``plan`` in turn (then with the receiver's own answer), forwarding to
    the receiver the deliveries ``forward(n)`` says (n from 0). Keeps every
    body it got and every answer the receiver gave."""

    def __init__(self, target: str, plan: List[int], forward: Callable[[int], bool]) -> None:
        self.bodies: List[bytes] = []
        self.receiver_answers: List[Dict[str, Any]] = []
        lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            timeout = 10

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(min(length, 1 << 20))
                with lock:
                    n = len(proxy.bodies)
                    proxy.bodies.append(body)
                status = plan[n] if n < len(plan) else None
                if forward(n):
                    code, answer = post(target, body)
                    with lock:
                        proxy.receiver_answers.append({"status": code, **json.loads(answer)})
                    if status is None:
                        status = code
                self.send_response(status or 500)
                self.send_header("Content-Length", "2")
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/callback"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def start_proxy() -> Iterator[Callable[..., Proxy]]:
    proxies: List[Proxy] = []

    def start(target: str, plan: List[int], forward: Callable[[int], bool]) -> Proxy:
        proxy = Proxy(target, plan, forward)
        proxies.append(proxy)
        return proxy

    yield start
    for proxy in proxies:
        proxy.stop()
