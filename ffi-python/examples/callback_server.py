"""A payout callback receiver: verify, record idempotently, answer.

The platform POSTs a JSON callback for every payout state change and retries
until it gets HTTP 200. This receiver

* reads the raw request body, strictly: ``Content-Type`` must be
  ``application/json`` (any case; a ``charset`` parameter, if given, must be
  ``utf-8``), else 415; the length comes from exactly one ``Content-Length``
  header of ASCII digits only, or from ``Transfer-Encoding: chunked`` (both
  at once, or any other transfer coding, is refused: 400 and 501); a POST
  with neither gets 411; a body over 1 MiB gets 413;
* never lets a slow client hold a thread: every socket read waits at most
  ``--timeout`` seconds, the whole request (headers and body) must arrive
  within ``--deadline`` seconds or the connection is closed, and at most
  ``--max-connections`` requests are handled at once (more are answered 503
  at once, without a thread);
* verifies the body with ``monetix_gate`` (signature first; nothing is read
  from a body that does not verify);
* **reconciles** it with the payout it answers before recording anything: a
  valid signature proves who sent a body, not that it is about *your* payout
  with *your* amount. The payouts sent are kept in the ``payouts`` table (the
  code that sends a payout calls ``OutcomeStore.record_payout(fields)`` with
  the fields it signed, or ``--record-payout FILE`` does it from the command
  line), and ``monetix_gate.reconcile`` compares project ID, payment ID,
  amounts and currencies (the engine's rule). A callback for a payment with
  no payout on record, or one that does not match it, is answered 422 and
  logged (``MISMATCH payment ...: <every mismatch>``), never recorded: a
  person looks at it (the platform retries it meanwhile);
* answers **200 only for a verified, unambiguous callback that matches its
  payout**: 400 for a bad signature, a malformed body or an unsigned array
  element, 422 for ambiguous data (below) and for a mismatch, so forged,
  corrupted or misdirected bodies are never acknowledged;
* records the outcome per ``payment.id`` in SQLite, **idempotently**: a
  repeated delivery changes nothing and is answered 200 again (so the platform
  stops retrying); a pending outcome is replaced by the next final one; a
  final outcome is never overwritten, and a later final callback that says
  something else (another outcome, status, operation or amount) is a
  **conflict**: logged, kept in the ``conflicts`` table, answered 200 with
  ``"conflict": true``, never silently dropped. Operation ids are stored as
  decimal text, so no 64-bit id can overflow SQLite's signed ``INTEGER``;
  amounts are checked to fit it.

Ambiguous callbacks. The platform's signature does not escape ``;`` or ``:``,
so free text such as ``limit; code: 51`` in ``errors[].message`` makes a
callback whose signed data could be re-split into a different body (for
example one that reads as a success) that the same signature verifies. Such
a callback, authentic or not, is refused with 422 and logged with the path of
the offending field (``errors.0.message``) and whether its signature verifies
with the opt-in. Settle it in one of two ways:

1. ask the platform: send a signed status request for the payment
   (``monetix_gate.status_request(project_id, payment_id, secret)`` POSTed to
   ``monetix_gate.STATUS_ENDPOINT``) and read the answer with
   ``monetix_gate.parse_status_response``, then record that outcome; or
2. after a person has reviewed the logged callback, verify that very body
   with ``signer.parse_callback(body, allow_ambiguous=True)``, accepting the
   opt-in's risk: data verified with it can be a re-split of other data
   signed with your key (by the platform or by any other signer of the same
   key, such as an official SDK).

Why the standard library's ``http.server``: the example then needs nothing but
Python and this module, runs the same on every machine the tests run on, and
keeps the point in view (the three calls that verify and record a callback).
Those calls are the same in Flask or FastAPI: take the request's raw body
bytes (``request.get_data()``, ``await request.body()``), never a re-serialized
JSON object, because the signature covers the bytes that arrived. For
production, run the same handler behind a proper WSGI/ASGI server and TLS.

The secret comes from the environment (``MONETIX_SECRET``), never from the
command line, where other users of the machine could read it::

    MONETIX_SECRET=... python callback_server.py --port 8080 --db outcomes.db

The payouts to reconcile with go in the same database, as they are sent
(``--record-payout`` takes a JSON file with the fields of one payout, or a
list of them, and exits)::

    python callback_server.py --db outcomes.db --record-payout payout.json

On start it prints ``listening on http://HOST:PORT`` (``--port 0`` picks a
free port). The log (stderr) has request lines, refusals and conflicts,
never bodies: they hold personal data.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import socket
import sqlite3
import sys
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional, Tuple, cast

import monetix_gate as mg

MAX_BODY = 1 << 20  # callbacks are a few KiB; refuse anything absurd
MAX_CHUNK_LINE = 4096  # a chunk-size line (with extensions) or a trailer line
MAX_TRAILERS = 32
INT64 = range(-(2**63), 2**63)

log = logging.getLogger("callback_server")


class Refused(Exception):
    """A request answered with an error status before it is verified."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class OutcomeStore:
    """Outcomes by payment id in SQLite; safe to call from several threads."""

    def __init__(self, path: str) -> None:
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False)
        with self._db:
            self._db.execute(
                """CREATE TABLE IF NOT EXISTS outcomes (
                       payment_id TEXT PRIMARY KEY,
                       outcome TEXT NOT NULL,
                       payment_status TEXT,
                       operation_id TEXT,
                       amount INTEGER,
                       currency TEXT,
                       deliveries INTEGER NOT NULL DEFAULT 1
                   )"""
            )
            self._db.execute(
                """CREATE TABLE IF NOT EXISTS payouts (
                       payment_id TEXT PRIMARY KEY,
                       fields TEXT NOT NULL
                   )"""
            )
            self._db.execute(
                """CREATE TABLE IF NOT EXISTS conflicts (
                       id INTEGER PRIMARY KEY AUTOINCREMENT,
                       payment_id TEXT NOT NULL,
                       received_at TEXT NOT NULL,
                       stored_outcome TEXT NOT NULL,
                       outcome TEXT NOT NULL,
                       payment_status TEXT,
                       operation_id TEXT,
                       amount INTEGER,
                       currency TEXT
                   )"""
            )

    def record_payout(self, fields: mg.PayoutFields) -> None:
        """Keeps the fields of a payout request as it is sent (the same
        mapping given to ``cambodia_payout`` or ``colombia_payout``), so its
        callbacks can be reconciled with it."""
        payment_id = fields["general"]["payment_id"]
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO payouts (payment_id, fields) VALUES (?, ?)",
                (payment_id, json.dumps(fields)),
            )

    def payout(self, payment_id: str) -> Optional[mg.PayoutFields]:
        """The fields of the payout sent with this payment ID, if any."""
        with self._lock:
            row = self._db.execute("SELECT fields FROM payouts WHERE payment_id = ?", (payment_id,)).fetchone()
        return None if row is None else cast(mg.PayoutFields, json.loads(row[0]))

    @staticmethod
    def _fields(cb: mg.Callback) -> Tuple[str, Optional[str], Optional[str], Optional[int], Optional[str]]:
        """The recorded fields of a callback: outcome, payment status,
        operation id (decimal text), amount (checked to fit 64 bits), currency."""
        amount = currency = None
        if cb.payment is not None and cb.payment.sum is not None:
            amount, currency = cb.payment.sum.amount, cb.payment.sum.currency
        if amount is not None and amount not in INT64:
            raise ValueError("payment.sum.amount does not fit 64 bits")
        operation_id = None
        if cb.operation is not None and cb.operation.id is not None:
            operation_id = str(cb.operation.id)
        status = cb.payment_status.value if cb.payment_status is not None else None
        return cb.outcome.value, status, operation_id, amount, currency

    def record(self, cb: mg.Callback) -> Tuple[str, bool, bool]:
        """Records a verified callback; returns the stored outcome, whether
        this delivery changed it, and whether it conflicts with it."""
        payment_id = cb.payment_id
        if payment_id is None:
            raise ValueError("callback without payment.id")
        fields = self._fields(cb)
        outcome = fields[0]
        with self._lock, self._db:
            row = self._db.execute(
                "SELECT outcome, payment_status, operation_id, amount, currency FROM outcomes"
                " WHERE payment_id = ?",
                (payment_id,),
            ).fetchone()
            if row is None:
                self._db.execute(
                    "INSERT INTO outcomes (payment_id, outcome, payment_status, operation_id,"
                    " amount, currency) VALUES (?, ?, ?, ?, ?, ?)",
                    (payment_id, *fields),
                )
                return outcome, True, False
            stored: str = row[0]
            self._db.execute(
                "UPDATE outcomes SET deliveries = deliveries + 1 WHERE payment_id = ?",
                (payment_id,),
            )
            if stored == mg.Outcome.PENDING.value:
                if cb.outcome is mg.Outcome.PENDING:
                    return stored, False, False  # nothing new
                self._db.execute(
                    "UPDATE outcomes SET outcome = ?, payment_status = ?, operation_id = ?,"
                    " amount = ?, currency = ? WHERE payment_id = ?",
                    (*fields, payment_id),
                )
                return outcome, True, False
            # Already final: never overwritten.
            if cb.outcome is mg.Outcome.PENDING:
                log.info("late pending callback for final payment %s ignored", payment_id)
                return stored, False, False
            if tuple(row) == fields:
                return stored, False, False  # the same final callback again
            self._db.execute(
                "INSERT INTO conflicts (payment_id, received_at, stored_outcome, outcome,"
                " payment_status, operation_id, amount, currency) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (payment_id, datetime.now(timezone.utc).isoformat(), stored, *fields),
            )
            log.warning(
                "CONFLICT payment %s: stored %s (status %s, operation %s), now %s (status %s,"
                " operation %s); stored outcome kept, the new one is in the conflicts table",
                payment_id,
                stored,
                row[1],
                row[2],
                outcome,
                fields[1],
                fields[2],
            )
            return stored, False, True


class Deadlines:
    """Closes connections whose request has not arrived by its deadline.

    One thread for all connections: every ``tick`` seconds it shuts down the
    sockets past their deadline, which ends any read blocked on them.
    """

    def __init__(self, tick: float = 0.1) -> None:
        self._lock = threading.Lock()
        self._due: Dict[socket.socket, float] = {}
        self._tick = tick
        threading.Thread(target=self._run, name="deadlines", daemon=True).start()

    def add(self, sock: socket.socket, seconds: float) -> None:
        with self._lock:
            self._due[sock] = time.monotonic() + seconds

    def remove(self, sock: socket.socket) -> None:
        with self._lock:
            self._due.pop(sock, None)

    def _run(self) -> None:
        while True:
            time.sleep(self._tick)
            now = time.monotonic()
            with self._lock:
                late = [s for s, due in self._due.items() if due <= now]
                for s in late:
                    del self._due[s]
            for s in late:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


class Server(ThreadingHTTPServer):
    """A threading HTTP server that handles at most ``max_connections``
    requests at once; more are answered 503 at once, without a thread."""

    daemon_threads = True

    def __init__(self, address: Tuple[str, int], handler: type[BaseHTTPRequestHandler], max_connections: int) -> None:
        self._max = max_connections
        self._slots = threading.BoundedSemaphore(max_connections)
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            log.warning("%s turned away: %d requests in progress", client_address[0], self._max)
            try:
                request.settimeout(1.0)
                request.sendall(
                    b"HTTP/1.0 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                    b'Content-Length: 21\r\nConnection: close\r\n\r\n{"error": "too busy"}'
                )
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()


def content_type_ok(value: Optional[str]) -> bool:
    """``application/json``, any case, with no ``charset`` or ``charset=utf-8``."""
    if value is None:
        return False
    media, *params = value.split(";")
    if media.strip().lower() != "application/json":
        return False
    for param in params:
        name, _, arg = param.partition("=")
        if name.strip().lower() == "charset" and arg.strip().strip('"').lower() not in ("utf-8", "utf8"):
            return False
    return True


def make_handler(
    signer: mg.Signer, store: OutcomeStore, deadlines: Deadlines, read_timeout: float, deadline: float
) -> type[BaseHTTPRequestHandler]:
    class CallbackHandler(BaseHTTPRequestHandler):
        server_version = "monetix-callback-example"
        # Every socket read (and write) waits at most this long
        # (StreamRequestHandler applies it to the connection); the whole
        # request must arrive within `deadline` seconds (see `setup`).
        timeout = read_timeout

        def setup(self) -> None:
            super().setup()
            deadlines.add(self.connection, deadline)

        def handle(self) -> None:
            try:
                super().handle()
            except OSError:
                # A read timed out, the deadline cut the connection, or the
                # client went away: nobody to answer.
                self.close_connection = True

        def finish(self) -> None:
            deadlines.remove(self.connection)
            try:
                super().finish()
            except OSError:
                pass

        def _answer(self, code: int, payload: Dict[str, object]) -> None:
            data = json.dumps(payload).encode()
            try:
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(data)
                self.wfile.flush()
            except OSError:
                return  # the client went away
            self.close_connection = True

        def _linger(self) -> None:
            """After an early error answer, read (and drop) what the client
            is still sending for a moment, so closing does not reset the
            connection before it has read the answer."""
            try:
                self.connection.shutdown(socket.SHUT_WR)
                self.connection.settimeout(0.5)
                until = time.monotonic() + 1.0
                drained = 0
                while time.monotonic() < until and drained <= MAX_BODY:
                    chunk = self.connection.recv(65536)
                    if not chunk:
                        break
                    drained += len(chunk)
            except OSError:
                pass

        def _read_exactly(self, n: int) -> bytes:
            data = self.rfile.read(n)
            if len(data) != n:
                raise Refused(400, "incomplete body")
            return data

        def _chunked(self) -> bytes:
            body: List[bytes] = []
            total = 0
            while True:
                line = self.rfile.readline(MAX_CHUNK_LINE + 1)
                if not line.endswith(b"\r\n"):
                    raise Refused(400, "malformed chunk")
                size_text = line[:-2].split(b";", 1)[0].strip(b" \t")
                if not size_text or len(size_text) > 8 or size_text.strip(b"0123456789abcdefABCDEF"):
                    raise Refused(400, "malformed chunk size")
                size = int(size_text, 16)
                if size == 0:
                    break
                total += size
                if total > MAX_BODY:
                    raise Refused(413, "body too large")
                body.append(self._read_exactly(size))
                if self.rfile.read(2) != b"\r\n":
                    raise Refused(400, "malformed chunk")
            for _ in range(MAX_TRAILERS + 1):
                trailer = self.rfile.readline(MAX_CHUNK_LINE + 1)
                if trailer == b"\r\n":
                    return b"".join(body)
                if not trailer.endswith(b"\r\n"):
                    raise Refused(400, "malformed trailer")
            raise Refused(400, "too many trailers")

        def _body(self) -> bytes:
            encodings = self.headers.get_all("Transfer-Encoding") or []
            lengths = self.headers.get_all("Content-Length") or []
            if encodings and lengths:
                raise Refused(400, "both Transfer-Encoding and Content-Length")
            if encodings:
                codings = [c.strip().lower() for e in encodings for c in e.split(",")]
                if codings != ["chunked"]:
                    raise Refused(501, "only the chunked transfer coding is supported")
                return self._chunked()
            if not lengths:
                raise Refused(411, "Content-Length required")
            if len(lengths) != 1:
                raise Refused(400, "more than one Content-Length")
            text = lengths[0].strip(" \t")
            if not (text and text.isascii() and text.isdigit()):
                raise Refused(400, "Content-Length must be digits")
            if len(text) > len(str(MAX_BODY)) or int(text) > MAX_BODY:
                raise Refused(413, "body too large")
            return self._read_exactly(int(text))

        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            try:
                body = self._body()
                deadlines.remove(self.connection)
                if not content_type_ok(self.headers.get("Content-Type")):
                    raise Refused(415, "Content-Type must be application/json (charset utf-8)")
            except Refused as err:
                self._answer(err.status, {"error": str(err)})
                self._linger()
                return
            except (OSError, ValueError) as err:
                # Timed out, cut at the deadline, or gone: nobody to answer.
                log.info("%s body not received: %r", self.address_string(), err)
                self.close_connection = True
                return
            try:
                cb = signer.parse_callback(body)
            except mg.AmbiguousDataError as err:
                try:
                    signer.verify(body, allow_ambiguous=True)
                    signed = "verifies only with the opt-in"
                except mg.GateError:
                    signed = "does not verify even with the opt-in"
                log.warning(
                    "AMBIGUOUS callback refused at %s (%s; signature %s): settle it with a signed"
                    " status request, or review it and verify it with allow_ambiguous=True",
                    err.path,
                    err,
                    signed,
                )
                self._answer(422, {"error": "ambiguous data refused", "path": err.path})
                return
            except mg.SignatureError:
                # Opaque on purpose: no hint about what was wrong.
                self._answer(400, {"error": "signature not verified"})
                return
            except mg.GateError as err:  # malformed, unsigned element, wrong field type, ...
                self._answer(400, {"error": f"malformed callback: {err}"})
                return
            # Verified: now, is it about the payout we sent, with our amount?
            payout = store.payout(cb.payment_id) if cb.payment_id is not None else None
            if payout is None:
                log.warning("MISMATCH payment %s: no payout on record", cb.payment_id)
                self._answer(422, {"error": "no payout on record for this payment"})
                return
            mismatches = [str(m) for m in mg.reconcile(cb, payout)]
            if mismatches:
                log.warning("MISMATCH payment %s: %s", cb.payment_id, "; ".join(mismatches))
                self._answer(422, {"error": "callback does not match the payout", "mismatches": mismatches})
                return
            try:
                outcome, changed, conflict = store.record(cb)
            except ValueError as err:
                self._answer(400, {"error": str(err)})
                return
            answer: Dict[str, object] = {"payment_id": cb.payment_id, "outcome": outcome, "changed": changed}
            if conflict:
                answer["conflict"] = True
            self._answer(200, answer)

        def do_GET(self) -> None:  # noqa: N802
            deadlines.remove(self.connection)
            self._answer(405, {"error": "POST callbacks here"})

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            # Request lines only (never bodies: they hold personal data).
            log.info("%s %s", self.address_string(), format % args)

    return CallbackHandler


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--db", default="outcomes.db", help="SQLite file for the outcomes")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds any one socket read may wait")
    parser.add_argument("--deadline", type=float, default=30.0, help="seconds for a whole request to arrive")
    parser.add_argument("--max-connections", type=int, default=32, help="requests handled at once")
    parser.add_argument(
        "--record-payout",
        metavar="FILE",
        help="record the fields of a payout sent (a JSON object, or a list of them) and exit",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(levelname)s %(message)s")

    if args.record_payout is not None:
        with open(args.record_payout, encoding="utf-8") as f:
            payouts = json.load(f)
        store = OutcomeStore(args.db)
        for fields in payouts if isinstance(payouts, list) else [payouts]:
            store.record_payout(cast(mg.PayoutFields, fields))
        return 0

    secret = os.environ.get("MONETIX_SECRET")
    if not secret:
        print("set MONETIX_SECRET to the project's secret key", file=sys.stderr)
        return 2
    try:
        signer = mg.Signer(secret)  # keyed once; refuses a pasted " secret\n"
    except mg.SecretError as err:
        print(f"MONETIX_SECRET: {err}", file=sys.stderr)
        return 2
    del secret

    store = OutcomeStore(args.db)
    handler = make_handler(signer, store, Deadlines(), args.timeout, args.deadline)
    server = Server((args.host, args.port), handler, args.max_connections)
    print(f"listening on http://{args.host}:{server.server_port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
