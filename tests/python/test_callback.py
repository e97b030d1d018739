"""Verified typed callbacks, acknowledgements and status responses."""

from __future__ import annotations

import dataclasses
import json
from typing import Any, Dict, Optional

import pytest

import monetix_gate as mg
from conftest import case
from helpers import SECRET, seed_callback, signed_callback


def test_seed_success_callback() -> None:
    cb = mg.parse_callback(case("seed_callback_success")["input"].encode(), SECRET)
    assert isinstance(cb, mg.Callback)
    assert cb.project_id == 1234
    assert cb.payment_id == "payment_47"
    assert cb.payment is not None and cb.operation is not None
    assert cb.payment.status is mg.PaymentStatus.SUCCESS
    assert cb.payment_status == "success"
    assert cb.operation_status is mg.PaymentStatus.SUCCESS  # one enum for both
    assert cb.payment.sum == mg.Sum(amount=5000000, currency="KHR")
    assert isinstance(cb.payment.sum.amount, int)
    assert cb.operation.id == 47
    assert cb.operation.code == "0"
    # The seed sends `"auth_code": ""`: an empty string signs exactly like
    # `null` (both are the line `...:auth_code:`), so it reads as absent.
    assert cb.operation.provider == mg.Provider(id=12345, payment_id="123abc123-123", auth_code=None)
    assert cb.customer == mg.Customer(id="customer_123")
    assert cb.errors == () and cb.errors_total == 0
    assert cb.order == "natural"
    assert cb.outcome is mg.Outcome.FINAL_SUCCESS
    assert cb.outcome.is_final


def test_seed_decline_callback() -> None:
    cb = mg.parse_callback(case("seed_callback_decline")["input"], SECRET, strict=True)
    assert cb.payment_status is mg.PaymentStatus.DECLINE
    assert cb.outcome is mg.Outcome.FINAL_FAILURE
    assert cb.operation is not None and cb.operation.message


@pytest.mark.parametrize("name", ["seed_callback_success__tampered", "seed_callback_decline__tampered"])
def test_tampered_callback_is_refused(name: str) -> None:
    with pytest.raises(mg.SignatureError) as err:
        mg.parse_callback(case(name)["input"], SECRET)
    assert err.value.code == mg.ErrorCode.SIGNATURE_MISMATCH


def test_callback_is_immutable() -> None:
    cb = mg.parse_callback(case("seed_callback_success")["input"], SECRET)
    with pytest.raises(dataclasses.FrozenInstanceError):
        cb.project_id = 1  # type: ignore[misc]
    assert cb.payment is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        cb.payment.status = mg.PaymentStatus.DECLINE  # type: ignore[misc]
    assert isinstance(cb.errors, tuple)
    # Plain data: ready to store or log.
    assert dataclasses.asdict(cb)["payment"]["sum"]["amount"] == 5000000


def test_unknown_status_is_carried() -> None:
    doc = seed_callback()
    doc["payment"]["status"] = "on hold"
    doc["operation"]["status"] = "Success"  # case matters
    cb = mg.parse_callback(signed_callback(doc), SECRET)
    assert cb.payment_status == "on hold"
    assert isinstance(cb.payment_status, mg.PaymentStatus)
    assert cb.payment_status is not None and not cb.payment_status.known
    assert cb.operation_status == "Success"
    assert cb.outcome is mg.Outcome.PENDING


def test_every_known_status_is_a_member() -> None:
    for status in mg.PaymentStatus:
        doc = seed_callback()
        doc["payment"]["status"] = status.value
        cb = mg.parse_callback(signed_callback(doc), SECRET)
        assert cb.payment_status is status and status.known
    # The engine's alternative spelling maps to the member.
    doc = seed_callback()
    doc["payment"]["status"] = "partially_paid_out"
    assert mg.parse_callback(signed_callback(doc), SECRET).payment_status is mg.PaymentStatus.PARTIALLY_PAID_OUT


def test_status_enum_behaves_like_str() -> None:
    s = mg.PaymentStatus("success")
    assert s is mg.PaymentStatus.SUCCESS
    text: str = s  # a str, usable wherever one is expected
    assert text == "success" and str(s) == "success" and f"{s}" == "success"
    unknown = mg.PaymentStatus("brand new")
    assert unknown.value == "brand new" and unknown.name == "UNKNOWN" and str(unknown) == "brand new"
    assert unknown not in list(mg.PaymentStatus)
    with pytest.raises(ValueError):
        mg.PaymentStatus(5)


@pytest.mark.parametrize(
    "payment, operation, code, outcome",
    [
        ("success", "success", "0", mg.Outcome.FINAL_SUCCESS),
        ("success", "success", 0, mg.Outcome.FINAL_SUCCESS),
        ("success", "success", "20000", mg.Outcome.PENDING),
        ("success", "success", None, mg.Outcome.PENDING),
        ("success", "processing", "0", mg.Outcome.PENDING),
        ("processing", "processing", "0", mg.Outcome.PENDING),
        ("awaiting clarification", "success", "0", mg.Outcome.PENDING),
        ("decline", "decline", "20000", mg.Outcome.FINAL_FAILURE),
        ("success", "error", "0", mg.Outcome.FINAL_FAILURE),
        ("cancelled", None, None, mg.Outcome.FINAL_FAILURE),
    ],
)
def test_outcome(payment: str, operation: Optional[str], code: Any, outcome: mg.Outcome) -> None:
    doc = seed_callback()
    doc["payment"]["status"] = payment
    if operation is None:
        del doc["operation"]
    else:
        doc["operation"]["status"] = operation
        if code is None:
            del doc["operation"]["code"]
        else:
            doc["operation"]["code"] = code
    cb = mg.parse_callback(signed_callback(doc), SECRET)
    assert cb.outcome is outcome


def test_errors_array_and_escapes() -> None:
    doc = seed_callback("seed_callback_decline")
    doc["errors"] = [{"code": 100 + i, "field": f"f{i}", "message": "bad \"quote\" é"} for i in range(10)]
    cb = mg.parse_callback(signed_callback(doc), SECRET)
    assert len(cb.errors) == 8 and cb.errors_total == 10
    assert cb.errors[0] == mg.ErrorItem(code=100, field="f0", message='bad "quote" é', description=None)


def test_signature_in_general_and_absent_members() -> None:
    c = case("callback_signature_in_general")
    cb = mg.parse_callback(c["input"], c["secret"])
    assert cb.project_id == 1234  # from general.project_id
    assert cb.operation is None and cb.customer is None
    assert cb.outcome is mg.Outcome.PENDING  # no operation: not final


def test_signer_parse_callback_and_byte_order() -> None:
    signer = mg.Signer(SECRET)
    cb = signer.parse_callback(case("seed_callback_success")["input"])
    assert cb.outcome is mg.Outcome.FINAL_SUCCESS
    c = case("edge_natural_vs_lexicographic_keys__signed_byte_path")
    assert mg.parse_callback(c["input"], c["secret"]).order == "byte-path"
    with pytest.raises(mg.SignatureError):
        mg.parse_callback(c["input"], c["secret"], strict=True)


def test_duplicate_keys_never_reach_the_view() -> None:
    body = signed_callback(seed_callback())
    dup = body.replace(b'"project_id": 1234', b'"project_id": 1234, "project_id": 9999', 1)
    with pytest.raises(mg.InvalidInputError) as err:
        mg.parse_callback(dup, SECRET)
    assert err.value.code == mg.ErrorCode.DUPLICATE_KEY


# ---- acknowledgements --------------------------------------------------------------

ACCEPTED = {"status": "success", "request_id": "1a23", "project_id": 1234, "payment_id": "payment_47"}


def test_acknowledgement_accepted() -> None:
    ack = mg.parse_unsigned_acknowledgement(json.dumps(ACCEPTED))
    assert isinstance(ack, mg.Acknowledgement)
    assert ack.verdict is mg.Verdict.ACCEPTED and ack.accepted
    assert ack.request_id == "1a23" and ack.project_id == 1234 and ack.payment_id == "payment_47"
    assert ack.order is None and ack.reason is None


def test_acknowledgement_rejected() -> None:
    body: Dict[str, Any] = {
        "status": "error",
        "code": "3061",
        "message": "Payment already exists",
        "errors": [{"code": 3061, "field": "general.payment_id", "message": "duplicate"}],
    }
    ack = mg.parse_unsigned_acknowledgement(json.dumps(body).encode())
    assert ack.verdict is mg.Verdict.REJECTED and not ack.accepted
    assert ack.code == "3061" and ack.reason == "Payment already exists"
    assert ack.errors[0].field == "general.payment_id"


def test_acknowledgement_verified() -> None:
    body = signed_callback(ACCEPTED)
    ack = mg.parse_signed_acknowledgement(body, SECRET)
    assert ack.accepted and ack.order == "natural" and ack.body.verified
    assert mg.Signer(SECRET).parse_signed_acknowledgement(body).accepted
    with pytest.raises(mg.SignatureError):
        mg.parse_signed_acknowledgement(body, "other secret")
    # Unsigned (as the platform sends them): read without verification.
    with pytest.raises(mg.SignatureError):
        mg.parse_signed_acknowledgement(json.dumps(ACCEPTED), SECRET)
    unsigned = mg.parse_unsigned_acknowledgement(json.dumps(ACCEPTED))
    assert unsigned.order is None and not unsigned.body.verified


# ---- status responses ----------------------------------------------------------------


def test_status_response_keeps_the_last_operation() -> None:
    doc = seed_callback()
    op = doc.pop("operation")
    first = dict(op, status="processing", code="0", id=46)
    doc["operations"] = [first, op]
    body = signed_callback(doc)
    r = mg.parse_status_response(body, SECRET)
    assert isinstance(r, mg.StatusResponse)
    assert r.operation_count == 2
    assert r.operation is not None and r.operation.id == 47
    assert r.outcome is mg.Outcome.FINAL_SUCCESS
    assert mg.Signer(SECRET).parse_status_response(body, strict=True).order == "natural"
    # Without verification (diagnostics): the same view, no order.
    unverified = mg.parse_status_response_unverified(body)
    assert unverified.order is None and unverified.operation == r.operation
    assert mg.parse_status_response_unverified(body.replace(b'"id": 47', b'"id": 48')).operation is not None
    with pytest.raises(mg.SignatureError):
        mg.parse_status_response(body.replace(b'"id": 47', b'"id": 48'), SECRET)


# ---- what the signature cannot tell apart reads as absent -------------------------


def test_empty_string_null_and_empty_containers_read_as_absent() -> None:
    doc = seed_callback()
    doc["payment"]["description"] = ""
    doc["operation"]["message"] = None
    doc["customer"] = {}
    doc["operation"]["provider"] = {"auth_code": [], "extra": {}}  # no signed line at all
    cb = mg.parse_callback(signed_callback(doc), SECRET)
    assert cb.payment is not None and cb.payment.description is None
    assert cb.operation is not None and cb.operation.message is None
    assert cb.customer is None
    assert cb.operation.provider is None
    # `null` and `""` do make a line: a container holding one is present.
    doc["operation"]["provider"] = {"id": None, "payment_id": ""}
    cb = mg.parse_callback(signed_callback(doc), SECRET)
    assert cb.operation is not None
    assert cb.operation.provider == mg.Provider(id=None, payment_id=None, auth_code=None)
    # Why: the signature cannot tell `""` from `null` (both sign as the line
    # `customer:x:`), nor `{}` from absence (it signs no line at all).
    for value, same_as in (("", None), ({}, "absent")):
        one, two = seed_callback(), seed_callback()
        one["customer"] = {"id": "c", "x": value}
        two["customer"] = {"id": "c"} if same_as == "absent" else {"id": "c", "x": same_as}
        assert mg.sign(one, SECRET) == mg.sign(two, SECRET)


def test_unsigned_array_element_is_refused() -> None:
    """An element that makes no signed line (``{}``) could have been appended
    by anyone: the typed views refuse it, although the signature verifies."""
    doc = seed_callback("seed_callback_decline")
    doc["errors"] = [{"code": 1, "message": "limit"}, {}]
    body = signed_callback(doc)
    assert mg.verify(body, SECRET) == "natural"
    with pytest.raises(mg.UnsignedElementError) as err:
        mg.parse_callback(body, SECRET)
    assert err.value.code == mg.ErrorCode.UNSIGNED_ELEMENT and err.value.code == 410
    assert err.value.path == "errors[]" and "errors[]" in str(err.value)
    assert isinstance(err.value, mg.InvalidInputError) and isinstance(err.value, mg.GateError)

    status = seed_callback()
    op = status.pop("operation")
    status["operations"] = [op, {}]
    body = signed_callback(status)
    with pytest.raises(mg.UnsignedElementError) as err:
        mg.parse_status_response(body, SECRET)
    assert err.value.path == "operations[]"
    with pytest.raises(mg.UnsignedElementError):
        mg.Signer(SECRET).parse_status_response(body)
    # Without the appended element the same operation is the last one.
    status["operations"] = [op]
    assert mg.parse_status_response(signed_callback(status), SECRET).operation_count == 1


def test_integer_beyond_64_bits_is_not_read() -> None:
    """With the opt-in a body with a 64-bit-overflowing id verifies, but the
    typed view refuses the field (its exact value is not signed)."""
    doc = seed_callback()
    doc["operation"]["id"] = 2**63
    body = signed_callback(doc, allow_ambiguous=True)
    assert mg.verify(body, SECRET, allow_ambiguous=True) == "natural"
    with pytest.raises(mg.InvalidInputError) as err:
        mg.parse_callback(body, SECRET, allow_ambiguous=True)
    assert err.value.code == mg.ErrorCode.FIELD_TYPE and "operation.id" in str(err.value)
    doc["operation"]["id"] = 2**63 - 1
    cb = mg.parse_callback(signed_callback(doc), SECRET)
    assert cb.operation is not None and cb.operation.id == 2**63 - 1
