"""A payout callback receiver: verify, record idempotently, answer.

The platform POSTs a JSON callback for every payout state change and retries
until it gets HTTP 200. This receiver

* reads the raw body (at most 1 MiB) and verifies it with ``monetix_gate``
  (signature first; nothing is read from a body that does not verify);
* answers **200 only for a verified callback**, and 400 for anything else
  (bad signature, malformed body, wrong content), so forged or corrupted
  bodies are never acknowledged;
* records the outcome per ``payment.id`` in SQLite, **idempotently**: a
  repeated delivery changes nothing and is answered 200 again (so the platform
  stops retrying); a final outcome (success or failure) is never overwritten,
  and a pending one is replaced by the next final one.

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

On start it prints ``listening on http://HOST:PORT`` (``--port 0`` picks a
free port).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Optional, Tuple

import monetix_gate as mg

MAX_BODY = 1 << 20  # callbacks are a few KiB; refuse anything absurd


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
                       operation_id INTEGER,
                       amount INTEGER,
                       currency TEXT,
                       deliveries INTEGER NOT NULL DEFAULT 1
                   )"""
            )

    def record(self, cb: mg.Callback) -> Tuple[str, bool]:
        """Records a verified callback; returns the stored outcome and whether
        this delivery changed it."""
        payment_id = cb.payment_id
        if payment_id is None:
            raise ValueError("callback without payment.id")
        amount = currency = None
        if cb.payment is not None and cb.payment.sum is not None:
            amount, currency = cb.payment.sum.amount, cb.payment.sum.currency
        operation_id = cb.operation.id if cb.operation is not None else None
        status = cb.payment_status.value if cb.payment_status is not None else None
        with self._lock, self._db:
            row = self._db.execute(
                "SELECT outcome FROM outcomes WHERE payment_id = ?", (payment_id,)
            ).fetchone()
            if row is None:
                self._db.execute(
                    "INSERT INTO outcomes (payment_id, outcome, payment_status, operation_id,"
                    " amount, currency) VALUES (?, ?, ?, ?, ?, ?)",
                    (payment_id, cb.outcome.value, status, operation_id, amount, currency),
                )
                return cb.outcome.value, True
            stored: str = row[0]
            final = stored != mg.Outcome.PENDING.value
            if final or cb.outcome is mg.Outcome.PENDING:
                # Already final (never overwritten), or nothing new: count the
                # delivery and change nothing else.
                self._db.execute(
                    "UPDATE outcomes SET deliveries = deliveries + 1 WHERE payment_id = ?",
                    (payment_id,),
                )
                return stored, False
            self._db.execute(
                "UPDATE outcomes SET outcome = ?, payment_status = ?, operation_id = ?,"
                " amount = ?, currency = ?, deliveries = deliveries + 1 WHERE payment_id = ?",
                (cb.outcome.value, status, operation_id, amount, currency, payment_id),
            )
            return cb.outcome.value, True


def make_handler(signer: mg.Signer, store: OutcomeStore) -> type:
    class CallbackHandler(BaseHTTPRequestHandler):
        server_version = "monetix-callback-example"

        def _answer(self, code: int, payload: dict[str, object]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _body(self) -> Optional[bytes]:
            try:
                length = int(self.headers.get("Content-Length", ""))
            except ValueError:
                return None
            if length < 0 or length > MAX_BODY:
                return None
            return self.rfile.read(length)

        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            body = self._body()
            if body is None:
                self._answer(400, {"error": "missing or oversized body"})
                return
            try:
                cb = signer.parse_callback(body)
            except mg.SignatureError:
                # Opaque on purpose: no hint about what was wrong.
                self._answer(400, {"error": "signature not verified"})
                return
            except mg.InvalidInputError as err:
                self._answer(400, {"error": f"malformed callback: {err}"})
                return
            try:
                outcome, changed = store.record(cb)
            except ValueError as err:
                self._answer(400, {"error": str(err)})
                return
            self._answer(200, {"payment_id": cb.payment_id, "outcome": outcome, "changed": changed})

        def do_GET(self) -> None:  # noqa: N802
            self._answer(405, {"error": "POST callbacks here"})

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            # Request lines only (never bodies: they hold personal data).
            sys.stderr.write("%s %s\n" % (self.address_string(), format % args))

    return CallbackHandler


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--db", default="outcomes.db", help="SQLite file for the outcomes")
    args = parser.parse_args(argv)

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
    server = ThreadingHTTPServer((args.host, args.port), make_handler(signer, store))
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
