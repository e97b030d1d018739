"""End to end over real HTTP on 127.0.0.1: a Python client (the
``monetix_gate`` module) and the example receiver
(ffi-python/examples/callback_server.py) against the sandbox, and the C
client tests/e2e/post_payout.c.

Outcomes follow the amount (see docs/sandbox-and-batch.md): ending in 01
declines, ending in 02 is processing then success, anything else succeeds.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
from typing import Any, Dict, List, Optional, Tuple

import monetix_gate as mg
import pytest

from conftest import ROOT, SECRET, WAIT, Proxy, Receiver, Sandbox, wait_until

SIGNER = mg.Signer(SECRET)

SEED: Dict[str, Any] = json.loads((ROOT / "examples" / "cambodia-request.json").read_text())


def fields(payment_id: str, amount: int, callback_url: Optional[str] = None) -> Dict[str, Any]:
    f = copy.deepcopy(SEED)
    f["general"]["payment_id"] = payment_id
    f["payment"]["amount"] = amount
    if callback_url is not None:
        f["general"]["merchant_callback_url"] = callback_url
    return f


def send_payout(sandbox: Sandbox, f: Dict[str, Any]) -> Dict[str, Any]:
    """POSTs the signed payout; the acknowledgement (unsigned JSON)."""
    status, body = sandbox.post(mg.CAMBODIA_PAYOUT_ENDPOINT, SIGNER.cambodia_payout(f))
    ack: Dict[str, Any] = json.loads(body)
    assert status == 200 and ack["status"] == "success", body
    assert set(ack) == {"status", "request_id", "project_id", "payment_id"}, ack
    return ack


def refused(sandbox: Sandbox, path: str, body: bytes) -> Tuple[int, Dict[str, Any]]:
    """POSTs a request the sandbox refuses; the HTTP status and the answer."""
    status, answer = sandbox.post(path, body)
    rejection: Dict[str, Any] = json.loads(answer)
    assert rejection["status"] == "error" and isinstance(rejection["errors"], list), answer
    return status, rejection


def ask_status(sandbox: Sandbox, payment_id: str) -> mg.StatusResponse:
    status, body = sandbox.post(mg.STATUS_ENDPOINT, SIGNER.status_request(1234, payment_id))
    assert status == 200, body
    return SIGNER.parse_status_response(body, strict=True)


def shown(value: Any) -> str:
    """A value as core's reconciliation prints it."""
    if value is None:
        return "nothing"
    return json.dumps(value) if isinstance(value, str) else str(value)


def reconcile(answer: Any, f: Dict[str, Any]) -> List[str]:
    """The mismatches between a verified callback or status response and the
    request, by the table of core's `reconcile::check`: project_id,
    payment.id, payment.sum and operation.sum_initial against the request's
    fields. When the installed module has ``reconcile`` (core's, through the
    binding), its lines must be the same."""
    mine = _reconcile(answer, f)
    engine = getattr(mg, "reconcile", None)
    if engine is not None:
        assert [str(m) for m in engine(answer, f)] == mine
    return mine


def _reconcile(answer: Any, f: Dict[str, Any]) -> List[str]:
    expected = {
        "project_id": f["general"]["project_id"],
        "payment.id": f["general"]["payment_id"],
        "payment.sum.amount": f["payment"]["amount"],
        "payment.sum.currency": f["payment"]["currency"],
        "operation.sum_initial.amount": f["payment"]["amount"],
        "operation.sum_initial.currency": f["payment"]["currency"],
    }
    payment, operation = answer.payment, answer.operation
    psum = payment.sum if payment is not None else None
    isum = operation.sum_initial if operation is not None else None
    found = {
        "project_id": answer.project_id,
        "payment.id": payment.id if payment is not None else None,
        "payment.sum.amount": psum.amount if psum is not None else None,
        "payment.sum.currency": psum.currency if psum is not None else None,
        "operation.sum_initial.amount": isum.amount if isum is not None else None,
        "operation.sum_initial.currency": isum.currency if isum is not None else None,
    }
    return [f"{k}: expected {shown(v)}, found {shown(found[k])}" for k, v in expected.items() if found[k] != v]


def final_row(receiver: Receiver, payment_id: str, outcome: str) -> Dict[str, Any]:
    row: Dict[str, Any] = wait_until(
        f"{payment_id} recorded as {outcome}",
        lambda: (r := receiver.row(payment_id)) is not None and r["outcome"] == outcome and r,
    )
    return row


def test_accepted(start_sandbox: Any, receiver: Receiver) -> None:
    sandbox = start_sandbox("--time-scale", "0.001")
    f = fields("e2e_accepted", 5_000_000, receiver.url)
    receiver.record_payout(f)
    ack = send_payout(sandbox, f)
    assert (ack["payment_id"], ack["project_id"], len(ack["request_id"])) == ("e2e_accepted", 1234, 15)
    row = final_row(receiver, "e2e_accepted", "final_success")
    assert (row["amount"], row["currency"], row["deliveries"]) == (5_000_000, "KHR", 1)
    answer = ask_status(sandbox, "e2e_accepted")
    assert answer.outcome is mg.Outcome.FINAL_SUCCESS
    assert answer.operation is not None and answer.operation.request_id == ack["request_id"]
    assert reconcile(answer, f) == []


def test_declined(start_sandbox: Any, receiver: Receiver) -> None:
    sandbox = start_sandbox("--time-scale", "0.001")
    f = fields("e2e_declined", 5_000_001, receiver.url)
    receiver.record_payout(f)
    send_payout(sandbox, f)
    row = final_row(receiver, "e2e_declined", "final_failure")
    assert row["payment_status"] == "decline"
    answer = ask_status(sandbox, "e2e_declined")
    assert answer.outcome is mg.Outcome.FINAL_FAILURE
    assert answer.operation is not None and str(answer.operation.code) == "20000"


def test_pending_then_success(start_sandbox: Any, receiver: Receiver) -> None:
    # Settle delay 10 s x 0.05 = 0.5 s after the processing callback.
    sandbox = start_sandbox("--time-scale", "0.05")
    f = fields("e2e_pending", 5_000_002, receiver.url)
    receiver.record_payout(f)
    send_payout(sandbox, f)
    row = final_row(receiver, "e2e_pending", "final_success")
    # One row, two deliveries: the processing callback, then the success one.
    assert row["deliveries"] == 2 and receiver.count("e2e_pending") == 1
    delivered = [a["state"] for a in sandbox.attempts("e2e_pending") if a["result"] == "delivered"]
    assert delivered == ["processing", "success"]
    assert ask_status(sandbox, "e2e_pending").outcome is mg.Outcome.FINAL_SUCCESS


def test_tampered_request_refused(start_sandbox: Any, receiver: Receiver) -> None:
    sandbox = start_sandbox("--time-scale", "0.001")
    body = SIGNER.cambodia_payout(fields("e2e_tampered", 5_000_000, receiver.url))
    forged = body.replace(b'"amount":5000000', b'"amount":9000000')
    assert forged != body
    status, rejection = refused(sandbox, mg.CAMBODIA_PAYOUT_ENDPOINT, forged)
    assert (status, rejection["code"], rejection["errors"][0]["field"]) == (400, "3261", "general.signature")
    # Signed with another key: refused the same way.
    other = mg.Signer("another-secret").cambodia_payout(fields("e2e_other_key", 100, receiver.url))
    assert refused(sandbox, mg.CAMBODIA_PAYOUT_ENDPOINT, other)[1]["code"] == "3261"
    # Neither was accepted: no callback, no state.
    status, rejection = refused(sandbox, mg.STATUS_ENDPOINT, SIGNER.status_request(1234, "e2e_tampered"))
    assert (status, rejection["code"]) == (404, "3404")
    assert sandbox.attempts("e2e_tampered") == [] and receiver.row("e2e_tampered") is None


def test_callback_redelivered_after_500(start_sandbox: Any, receiver: Receiver, start_proxy: Any) -> None:
    # The first two deliveries get 500 and never reach the receiver.
    proxy: Proxy = start_proxy(receiver.url, [500, 500], lambda n: n >= 2)
    sandbox = start_sandbox("--time-scale", "0.001")
    f = fields("e2e_retry", 5_000_000, proxy.url)
    receiver.record_payout(f)
    send_payout(sandbox, f)
    row = final_row(receiver, "e2e_retry", "final_success")
    assert row["deliveries"] == 1
    wait_until("the third attempt logged", lambda: len(sandbox.attempts("e2e_retry")) >= 3)
    attempts = [(a["attempt"], a["http_status"], a["result"]) for a in sandbox.attempts("e2e_retry")]
    assert attempts == [(1, 500, "retry"), (2, 500, "retry"), (3, 200, "delivered")]
    # Every delivery is the same signed body.
    assert len(proxy.bodies) == 3 and len(set(proxy.bodies)) == 1


def test_duplicate_callback_recorded_once(start_sandbox: Any, receiver: Receiver, start_proxy: Any) -> None:
    # The receiver records the first delivery, but the sandbox hears 500
    # (a lost answer) and delivers it again.
    proxy: Proxy = start_proxy(receiver.url, [500], lambda n: True)
    sandbox = start_sandbox("--time-scale", "0.001")
    f = fields("e2e_duplicate", 5_000_000, proxy.url)
    receiver.record_payout(f)
    send_payout(sandbox, f)
    wait_until("two deliveries", lambda: len(proxy.receiver_answers) >= 2)
    row = final_row(receiver, "e2e_duplicate", "final_success")
    assert row["deliveries"] == 2 and receiver.count("e2e_duplicate") == 1
    first, second = proxy.receiver_answers[:2]
    assert (first["status"], first["changed"]) == (200, True)
    assert (second["status"], second["changed"], second["outcome"]) == (200, False, "final_success")
    assert "conflict" not in second


def test_reconciliation(start_sandbox: Any, receiver: Receiver, start_proxy: Any) -> None:
    proxy: Proxy = start_proxy(receiver.url, [], lambda n: True)
    sandbox = start_sandbox("--time-scale", "0.001")
    f = fields("e2e_reconcile", 1_234_500, proxy.url)
    f["payment"]["currency"] = "USD"
    send_payout(sandbox, f)
    wait_until("the callback", lambda: proxy.bodies)
    callback = SIGNER.parse_callback(proxy.bodies[0], strict=True)
    assert callback.outcome is mg.Outcome.FINAL_SUCCESS
    assert reconcile(callback, f) == []
    assert reconcile(ask_status(sandbox, "e2e_reconcile"), f) == []
    # The check does catch a difference: the same callback against another request.
    other = copy.deepcopy(f)
    other["payment"]["amount"] = 1_234_600
    assert reconcile(callback, other) == [
        "payment.sum.amount: expected 1234600, found 1234500",
        "operation.sum_initial.amount: expected 1234600, found 1234500",
    ]
    # The sandbox reconciled what it sent with core's reconcile::check.
    logged = [line for line in sandbox.log_lines() if line["event"] == "callback"]
    assert logged and all(line["reconciled"] for line in logged)


def test_c_client(start_sandbox: Any, receiver: Receiver) -> None:
    binary = os.environ.get("MONETIX_E2E_C_CLIENT")
    if not binary:
        pytest.skip("MONETIX_E2E_C_CLIENT is not set (scripts/e2e.sh builds tests/e2e/post_payout.c)")
    sandbox = start_sandbox("--time-scale", "0.001")
    # The C client sends the seed request with this payment ID and amount.
    receiver.record_payout(fields("e2e_from_c", 5_000_000, receiver.url))
    env = dict(os.environ, MONETIX_SECRET=SECRET)
    run = subprocess.run(
        [binary, str(sandbox.port), "e2e_from_c", "5000000", receiver.url],
        env=env,
        capture_output=True,
        text=True,
        timeout=WAIT,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("accepted e2e_from_c "), run.stdout
    final_row(receiver, "e2e_from_c", "final_success")
    # The same payment again: refused (3041), and the C client says so.
    again = subprocess.run(
        [binary, str(sandbox.port), "e2e_from_c", "5000000"], env=env, capture_output=True, text=True, timeout=WAIT
    )
    assert again.returncode == 1 and '"code":"3041"' in again.stderr
