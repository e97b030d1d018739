"""The example receiver (ffi-python/examples/callback_server.py) over real
HTTP on 127.0.0.1: valid, tampered, duplicate, conflicting, ambiguous,
malformed and misdirected callbacks (reconciled with the payout they
answer); strict Content-Length, chunked bodies, Content-Type; slow clients
cut at the deadline; the connection limit; 64-bit ids.

Loopback only; every socket has a timeout and every wait is bounded."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

import pytest

import monetix_gate as mg
from conftest import ROOT, case
from helpers import cambodia_fields, seed_callback, signed_callback

SERVER = ROOT / "ffi-python" / "examples" / "callback_server.py"
READ_TIMEOUT = 1.0  # --timeout
DEADLINE = 2.0  # --deadline
MAX_CONNECTIONS = 4  # --max-connections


class Server:
    """A running receiver: its address, database and log (stderr lines)."""

    def __init__(self, host: str, port: int, db: Path) -> None:
        self.host, self.port, self.db = host, port, db
        self.lines: List[str] = []
        self._lock = threading.Lock()

    def collect(self, stream: Any) -> None:
        for line in stream:
            with self._lock:
                self.lines.append(line.rstrip("\n"))

    def log(self) -> str:
        with self._lock:
            return "\n".join(self.lines)

    def wait_for_log(self, text: str, timeout: float = 10.0) -> str:
        until = time.monotonic() + timeout
        while time.monotonic() < until:
            for line in self.log().splitlines():
                if text in line:
                    return line
            time.sleep(0.05)
        raise AssertionError(f"{text!r} not logged; log:\n{self.log()}")


def record_payouts(db: Path, payouts: List[mg.CambodiaFields]) -> None:
    """Records payouts as sent, with the receiver's ``--record-payout``."""
    path = db.with_name(f"payouts-{len(payouts)}-{time.monotonic_ns()}.json")
    path.write_text(json.dumps(payouts), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(SERVER), "--db", str(db), "--record-payout", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr


def payout(payment_id: str, amount: int = 5_000_000) -> mg.CambodiaFields:
    """The Cambodia seed payout (project 1234, KHR) with this ID and amount:
    what the seed callbacks answer."""
    fields = cambodia_fields()
    fields["general"]["payment_id"] = payment_id
    fields["payment"]["amount"] = amount
    return fields


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[Server]:
    db = tmp_path / "outcomes.db"
    record_payouts(db, [payout("payment_47"), payout("payment_48")])
    env = dict(os.environ, MONETIX_SECRET="secret")
    args = [
        sys.executable,
        str(SERVER),
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--db",
        str(db),
        "--timeout",
        str(READ_TIMEOUT),
        "--deadline",
        str(DEADLINE),
        "--max-connections",
        str(MAX_CONNECTIONS),
    ]
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    reader: Optional[threading.Thread] = None
    try:
        assert proc.stdout is not None and proc.stderr is not None
        line = proc.stdout.readline()
        assert line.startswith("listening on http://127.0.0.1:"), line + proc.stderr.read()
        port = int(line.rsplit(":", 1)[1])
        srv = Server("127.0.0.1", port, db)
        reader = threading.Thread(target=srv.collect, args=(proc.stderr,), daemon=True)
        reader.start()
        yield srv
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if reader is not None:
            reader.join(timeout=5)
        if proc.stdout:
            proc.stdout.close()
        if proc.stderr:
            proc.stderr.close()


def connect(srv: Server) -> socket.socket:
    sock = socket.create_connection((srv.host, srv.port), timeout=10)
    sock.settimeout(10)
    return sock


def read_all(sock: socket.socket, limit: float = 10.0) -> bytes:
    """Everything the server sends until it closes (bounded in time)."""
    data = b""
    until = time.monotonic() + limit
    while time.monotonic() < until:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            break
        if not chunk:
            break
        data += chunk
    return data


def parse(raw: bytes) -> Tuple[int, Dict[str, Any]]:
    head, _, payload = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1."), raw[:200]
    status = int(head.split(b" ", 2)[1])
    return status, json.loads(payload) if payload else {}


def request(srv: Server, head: str, body: bytes = b"") -> Tuple[int, Dict[str, Any]]:
    """Sends ``head`` (request line and headers, without the blank line) and
    ``body`` exactly as given; returns the status and the JSON answer."""
    with connect(srv) as sock:
        sock.sendall(head.encode("latin-1") + b"\r\n\r\n" + body)
        return parse(read_all(sock))


def post(srv: Server, body: bytes, content_type: str = "application/json") -> Tuple[int, Dict[str, Any]]:
    head = f"POST /callback HTTP/1.1\r\nHost: x\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}"
    return request(srv, head, body)


def rows(db: Path) -> Dict[str, Tuple[str, int]]:
    with sqlite3.connect(db) as conn:
        return {r[0]: (r[1], r[2]) for r in conn.execute("SELECT payment_id, outcome, deliveries FROM outcomes")}


def conflicts(db: Path) -> List[Tuple[str, str, str]]:
    with sqlite3.connect(db) as conn:
        return [tuple(r) for r in conn.execute("SELECT payment_id, stored_outcome, outcome FROM conflicts ORDER BY id")]


def test_receiver_over_http(server: Server) -> None:
    db = server.db
    valid = case("seed_callback_success")["input"].encode()

    # A verified callback: 200, recorded.
    assert post(server, valid) == (200, {"payment_id": "payment_47", "outcome": "final_success", "changed": True})
    assert rows(db) == {"payment_47": ("final_success", 1)}

    # The same callback again (the platform retries): 200, nothing changes.
    assert post(server, valid) == (200, {"payment_id": "payment_47", "outcome": "final_success", "changed": False})
    assert rows(db) == {"payment_47": ("final_success", 2)}

    # Tampered after signing: 400, nothing recorded.
    code, answer = post(server, case("seed_callback_decline__tampered")["input"].encode())
    assert code == 400 and answer == {"error": "signature not verified"}
    forged = valid.replace(b'"amount":5000000', b'"amount":9000000')
    assert post(server, forged)[0] == 400
    assert post(server, b'{"payment":{"id":"x"}}')[0] == 400  # no signature
    assert post(server, b"{not json")[0] == 400
    assert post(server, b"")[0] == 400
    assert rows(db) == {"payment_47": ("final_success", 2)}

    # Pending, then final, for another payment.
    doc = seed_callback()
    doc["payment"]["id"] = "payment_48"
    doc["payment"]["status"] = doc["operation"]["status"] = "processing"
    assert post(server, signed_callback(doc)) == (
        200,
        {"payment_id": "payment_48", "outcome": "pending", "changed": True},
    )
    doc["payment"]["status"] = doc["operation"]["status"] = "decline"
    assert post(server, signed_callback(doc))[1] == {
        "payment_id": "payment_48",
        "outcome": "final_failure",
        "changed": True,
    }
    # A late pending callback changes nothing.
    doc["payment"]["status"] = doc["operation"]["status"] = "processing"
    assert post(server, signed_callback(doc))[1]["outcome"] == "final_failure"
    assert rows(db) == {"payment_47": ("final_success", 2), "payment_48": ("final_failure", 3)}
    assert conflicts(db) == []

    # An unsigned element appended to a verified callback: 400.
    doc = seed_callback("seed_callback_decline")
    doc["errors"] = [{"code": 1, "message": "limit"}, {}]
    code, answer = post(server, signed_callback(doc))
    assert code == 400 and "errors[]" in answer["error"]

    # GET is not for callbacks.
    assert request(server, "GET /callback HTTP/1.1\r\nHost: x")[0] == 405


def test_a_later_final_status_is_a_conflict(server: Server) -> None:
    valid = case("seed_callback_success")["input"].encode()
    assert post(server, valid)[0] == 200
    decline = seed_callback("seed_callback_decline")
    code, answer = post(server, signed_callback(decline))
    # Verified, so answered 200 (the platform stops retrying), but the stored
    # final outcome is kept and the conflict recorded and logged.
    assert (code, answer) == (
        200,
        {"payment_id": "payment_47", "outcome": "final_success", "changed": False, "conflict": True},
    )
    assert rows(server.db) == {"payment_47": ("final_success", 2)}
    assert conflicts(server.db) == [("payment_47", "final_success", "final_failure")]
    line = server.wait_for_log("CONFLICT payment payment_47")
    assert "final_success" in line and "final_failure" in line
    # The same final callback again is a duplicate, not a conflict.
    assert post(server, valid)[1] == {"payment_id": "payment_47", "outcome": "final_success", "changed": False}
    # Another final success with a different operation is a conflict too.
    other = seed_callback()
    other["operation"]["id"] = 48
    assert post(server, signed_callback(other))[1].get("conflict") is True
    assert len(conflicts(server.db)) == 2


def test_ambiguous_callback_is_refused_and_logged(server: Server) -> None:
    """Authentic (signed with the secret) but ambiguous: not 200, logged with
    its path, nothing recorded."""
    doc = seed_callback("seed_callback_decline")
    doc["errors"] = [{"code": "51", "message": "limit; code: 51"}]
    body = signed_callback(doc, allow_ambiguous=True)
    assert mg.verify(body, "secret", allow_ambiguous=True) == "natural"  # authentic
    code, answer = post(server, body)
    assert code == 422 and answer == {"error": "ambiguous data refused", "path": "errors.0.message"}
    line = server.wait_for_log("AMBIGUOUS callback refused at errors.0.message")
    assert "signed line" in line and "verifies only with the opt-in" in line
    assert rows(server.db) == {}
    # A forged re-split of a genuine decline (tests/vectors/forgeries.json).
    forgeries = json.loads((ROOT / "tests" / "vectors" / "forgeries.json").read_text(encoding="utf-8"))
    fold = next(c for c in forgeries["cases"] if c["name"] == "fold")
    assert post(server, fold["forged"].encode())[0] == 422
    assert post(server, fold["genuine"].encode())[0] == 200
    assert rows(server.db) == {"payment_47": ("final_failure", 1)}


def test_a_callback_that_does_not_match_its_payout_is_not_recorded(server: Server) -> None:
    """Genuine (signed with the secret) but not about the payout we sent:
    422 with every mismatch, logged, nothing recorded."""
    doc = seed_callback()
    doc["payment"]["sum"] = {"amount": 4000000, "currency": "KHR"}
    doc["operation"]["sum_initial"] = {"amount": 4000000, "currency": "USD"}
    code, answer = post(server, signed_callback(doc))
    assert (code, answer) == (
        422,
        {
            "error": "callback does not match the payout",
            "mismatches": [
                "payment.sum.amount: expected 5000000, found 4000000",
                "operation.sum_initial.amount: expected 5000000, found 4000000",
                'operation.sum_initial.currency: expected "KHR", found "USD"',
            ],
        },
    )
    line = server.wait_for_log("MISMATCH payment payment_47")
    assert "payment.sum.amount: expected 5000000, found 4000000" in line
    # Another project's callback, and one for a payment never sent.
    doc = seed_callback()
    doc["project_id"] = 9999
    assert post(server, signed_callback(doc))[1]["mismatches"] == ["project_id: expected 1234, found 9999"]
    doc = seed_callback()
    doc["payment"]["id"] = "payment_never_sent"
    assert post(server, signed_callback(doc)) == (422, {"error": "no payout on record for this payment"})
    assert rows(server.db) == {}
    # The genuine, matching callback is recorded.
    assert post(server, case("seed_callback_success")["input"].encode())[0] == 200
    assert rows(server.db) == {"payment_47": ("final_success", 1)}


def test_64_bit_ids_are_stored_exactly(server: Server) -> None:
    record_payouts(server.db, [payout("payment_64", 2**63 - 1)])
    doc = seed_callback()
    doc["payment"]["id"] = "payment_64"
    doc["operation"]["id"] = 2**63 - 1
    doc["payment"]["sum"]["amount"] = 2**63 - 1
    doc["operation"]["sum_initial"]["amount"] = 2**63 - 1
    assert post(server, signed_callback(doc))[0] == 200
    with sqlite3.connect(server.db) as conn:
        stored = conn.execute("SELECT operation_id, typeof(operation_id), amount FROM outcomes").fetchone()
    assert stored == ("9223372036854775807", "text", 2**63 - 1)
    # Beyond 64 bits the integer is ambiguous (signed as 14 digits): refused.
    doc["payment"]["id"] = "payment_99"
    doc["operation"]["id"] = 2**64 + 1
    code, answer = post(server, signed_callback(doc, allow_ambiguous=True))
    assert code == 422 and answer["path"] == "operation.id"


@pytest.mark.parametrize(
    "lengths, status",
    [
        (["{n}", "{n}"], 400),  # two headers, even if equal
        (["+{n}"], 400),
        (["{n}.0"], 400),
        (["0x10"], 400),
        (["-1"], 400),
        (["{n}, {n}"], 400),
        (["1\u00b2"], 400),  # superscript two: isdigit(), not ASCII
        (["1" + "0" * 30], 413),
        ([str((1 << 20) + 1)], 413),
        ([], 411),
    ],
    ids=["twice", "plus", "fraction", "hex", "negative", "list", "non-ascii", "huge", "over-limit", "missing"],
)
def test_content_length_is_strict(server: Server, lengths: List[str], status: int) -> None:
    body = case("seed_callback_success")["input"].encode()
    head = "POST /callback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
    for value in lengths:
        head += "\r\nContent-Length: " + value.format(n=len(body))
    code, answer = request(server, head, body)
    assert code == status and "error" in answer
    assert rows(server.db) == {}


def test_content_length_with_spaces_around_is_fine(server: Server) -> None:
    body = case("seed_callback_success")["input"].encode()
    head = f"POST /callback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length:  {len(body)} "
    assert request(server, head, body)[0] == 200


def chunked(body: bytes, sizes: List[int]) -> bytes:
    out = b""
    at = 0
    for n in sizes:
        out += f"{n:x};ext=1\r\n".encode() + body[at : at + n] + b"\r\n"
        at += n
    assert at == len(body)
    return out + b"0\r\nX-Trailer: yes\r\n\r\n"


def test_chunked_bodies(server: Server) -> None:
    body = case("seed_callback_success")["input"].encode()
    head = "POST /callback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked"
    third = len(body) // 3
    code, answer = request(server, head, chunked(body, [third, third, len(body) - 2 * third]))
    assert (code, answer["outcome"]) == (200, "final_success")
    # Refused: both framings at once, another coding, bad chunk sizes, too large.
    both = head + f"\r\nContent-Length: {len(body)}"
    assert request(server, both, chunked(body, [len(body)]))[0] == 400
    gzip = head.replace("chunked", "gzip, chunked")
    assert request(server, gzip, chunked(body, [len(body)]))[0] == 501
    assert request(server, head, b"zz\r\n" + body + b"\r\n0\r\n\r\n")[0] == 400
    assert request(server, head, b"-5\r\n" + body + b"\r\n0\r\n\r\n")[0] == 400
    assert request(server, head, f"{len(body):x}\r\n".encode() + body + b"XX0\r\n\r\n")[0] == 400
    assert request(server, head, b"200000\r\n" + b"x" * 1000)[0] == 413
    assert rows(server.db) == {"payment_47": ("final_success", 1)}


@pytest.mark.parametrize(
    "content_type, status",
    [
        ("application/json", 200),
        ("Application/JSON; charset=UTF-8", 200),
        ('application/json; charset="utf-8"', 200),
        ("text/plain", 415),
        ("application/json; charset=latin-1", 415),
        ("application/jsonx", 415),
        ("application/x-www-form-urlencoded", 415),
        (None, 415),
    ],
)
def test_content_type(server: Server, content_type: Optional[str], status: int) -> None:
    body = case("seed_callback_success")["input"].encode()
    head = f"POST /callback HTTP/1.1\r\nHost: x\r\nContent-Length: {len(body)}"
    if content_type is not None:
        head += f"\r\nContent-Type: {content_type}"
    assert request(server, head, body)[0] == status


def closed_within(sock: socket.socket, seconds: float, drip: Optional[bytes] = None) -> float:
    """Seconds until the server closes ``sock`` (sending ``drip`` a byte at
    a time, one every half timeout, if given); fails past ``seconds``."""
    start = time.monotonic()
    sock.settimeout(READ_TIMEOUT / 2)
    at = 0
    while time.monotonic() - start < seconds:
        try:
            if drip is not None and at < len(drip):
                sock.sendall(drip[at : at + 1])
                at += 1
            data = sock.recv(65536)
            if not data:
                return time.monotonic() - start
            if b"HTTP/1." in data:  # an error answer, then the close
                continue
        except socket.timeout:
            continue
        except (ConnectionResetError, BrokenPipeError):
            return time.monotonic() - start
    raise AssertionError(f"still open after {seconds} s")


def test_slow_clients_cannot_hold_a_thread(server: Server) -> None:
    body = case("seed_callback_success")["input"].encode()
    head = f"POST /callback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    # Silent after part of the headers: cut by the read timeout.
    with connect(server) as idle:
        idle.sendall(b"POST /callback HTTP/1.1\r\nHost:")
        assert closed_within(idle, DEADLINE + 3) < DEADLINE + 2
    # A byte every half timeout (each read is in time): cut at the deadline.
    with connect(server) as drip:
        assert closed_within(drip, DEADLINE + 4, drip=(head.encode() + body)) < DEADLINE + 2
    # The body announced but never sent: cut too.
    with connect(server) as short:
        short.sendall(head.encode() + body[:10])
        assert closed_within(short, DEADLINE + 3) < DEADLINE + 2
    # And the server still answers.
    assert post(server, body)[0] == 200


def test_connection_limit(server: Server) -> None:
    body = case("seed_callback_success")["input"].encode()
    idle: List[socket.socket] = []
    try:
        for _ in range(MAX_CONNECTIONS):
            sock = connect(server)
            sock.sendall(b"POST /callback HTTP/1.1\r\n")
            idle.append(sock)
        time.sleep(0.3)  # let the server take them all
        # Every slot is held: the next request is turned away at once.
        start = time.monotonic()
        code, answer = post(server, body)
        assert (code, answer) == (503, {"error": "too busy"})
        assert time.monotonic() - start < READ_TIMEOUT
        server.wait_for_log(f"turned away: {MAX_CONNECTIONS} requests in progress")
        # The held slots are freed by the read timeout / deadline.
        for sock in idle:
            closed_within(sock, DEADLINE + 3)
    finally:
        for sock in idle:
            sock.close()
    until = time.monotonic() + 5
    while True:
        code, _ = post(server, body)
        if code == 200 or time.monotonic() > until:
            break
        time.sleep(0.1)
    assert code == 200


def test_receiver_refuses_a_missing_or_suspicious_secret(tmp_path: Path) -> None:
    for secret in ("", " secret\n"):
        env = dict(os.environ, MONETIX_SECRET=secret)
        proc = subprocess.run(
            [sys.executable, str(SERVER), "--port", "0", "--db", str(tmp_path / "x.db")],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert proc.returncode == 2
        assert "secret" not in proc.stdout
