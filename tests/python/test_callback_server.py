"""The example receiver (ffi-python/examples/callback_server.py) over real
HTTP on 127.0.0.1: valid, tampered, duplicate and malformed callbacks."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Dict, Iterator, Tuple

import pytest

from conftest import ROOT, case
from helpers import seed_callback, signed_callback

SERVER = ROOT / "ffi-python" / "examples" / "callback_server.py"


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[Tuple[str, Path]]:
    db = tmp_path / "outcomes.db"
    env = dict(os.environ, MONETIX_SECRET="secret")
    proc = subprocess.Popen(
        [sys.executable, str(SERVER), "--host", "127.0.0.1", "--port", "0", "--db", str(db)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("listening on http://127.0.0.1:"), line + (proc.stderr.read() if proc.stderr else "")
        yield line.split()[-1], db
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stdout:
            proc.stdout.close()
        if proc.stderr:
            proc.stderr.close()


def post(url: str, body: bytes) -> Tuple[int, Dict[str, Any]]:
    req = urllib.request.Request(url + "/callback", data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def rows(db: Path) -> Dict[str, Tuple[str, int]]:
    with sqlite3.connect(db) as conn:
        return {r[0]: (r[1], r[2]) for r in conn.execute("SELECT payment_id, outcome, deliveries FROM outcomes")}


def test_receiver_over_http(server: Tuple[str, Path]) -> None:
    url, db = server
    valid = case("seed_callback_success")["input"].encode()

    # A verified callback: 200, recorded.
    assert post(url, valid) == (200, {"payment_id": "payment_47", "outcome": "final_success", "changed": True})
    assert rows(db) == {"payment_47": ("final_success", 1)}

    # The same callback again (the platform retries): 200, nothing changes.
    assert post(url, valid) == (200, {"payment_id": "payment_47", "outcome": "final_success", "changed": False})
    assert rows(db) == {"payment_47": ("final_success", 2)}

    # Tampered after signing: 400, nothing recorded.
    code, answer = post(url, case("seed_callback_decline__tampered")["input"].encode())
    assert code == 400 and answer == {"error": "signature not verified"}
    forged = valid.replace(b'"amount":5000000', b'"amount":9000000')
    assert post(url, forged)[0] == 400
    assert post(url, b'{"payment":{"id":"x"}}')[0] == 400  # no signature
    assert post(url, b"{not json")[0] == 400
    assert post(url, b"")[0] == 400
    assert rows(db) == {"payment_47": ("final_success", 2)}

    # A later callback for a final payment never overwrites it.
    decline = seed_callback("seed_callback_decline")
    assert post(url, signed_callback(decline))[1]["outcome"] == "final_success"

    # Pending, then final, for another payment.
    doc = seed_callback()
    doc["payment"]["id"] = "payment_48"
    doc["payment"]["status"] = doc["operation"]["status"] = "processing"
    assert post(url, signed_callback(doc)) == (
        200,
        {"payment_id": "payment_48", "outcome": "pending", "changed": True},
    )
    doc["payment"]["status"] = doc["operation"]["status"] = "decline"
    assert post(url, signed_callback(doc))[1] == {
        "payment_id": "payment_48",
        "outcome": "final_failure",
        "changed": True,
    }
    assert rows(db) == {"payment_47": ("final_success", 3), "payment_48": ("final_failure", 2)}


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
