"""Large bodies: past core's default table of 512 values the module parses
with a larger table (2,048, 8,192 or 16,384 values) on a thread of
its own (ffi-python/src/document.rs). A genuine callback with 2,000
``errors[]`` items verifies and reads; every table works at its capacity;
past the largest one the error names the limit.

The genuine callback is signed here independently of the module: its
canonical string by a small flattener (its keys hold no digits, so the
natural order of its paths is the order of their text with the array
indices compared as numbers) and HMAC-SHA512 by Python's hmac.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from typing import Any, Callable, Dict, Iterator, List, Tuple, Union

import pytest

import monetix_gate as mg
from helpers import SECRET

ITEMS = 2000


def lines(value: Any, path: Tuple[str, ...] = ()) -> Iterator[Tuple[str, str]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from lines(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from lines(v, path + (str(i),))
    else:
        text = "1" if value is True else "0" if value is False else "" if value is None else str(value)
        yield ":".join(path), text


def natural(path: str) -> List[Union[int, str]]:
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", path)]


def platform_signed(doc: Dict[str, Any]) -> bytes:
    """``doc`` with the signature the platform would put in it."""
    canonical = ";".join(f"{p}:{v}" for p, v in sorted(lines(doc), key=lambda pv: natural(pv[0])))
    mac = hmac.new(SECRET.encode(), canonical.encode(), hashlib.sha512).digest()
    return json.dumps(dict(doc, signature=base64.b64encode(mac).decode())).encode()


def large_callback(items: int = ITEMS) -> Dict[str, Any]:
    return {
        "project_id": 1234,
        "payment": {
            "id": "payment_47",
            "type": "payout",
            "status": "decline",
            "sum": {"amount": 5000000, "currency": "KHR"},
        },
        "operation": {
            "id": 47,
            "type": "payout",
            "status": "decline",
            "code": "20000",
            "sum_initial": {"amount": 5000000, "currency": "KHR"},
            "provider": {"id": 12345, "payment_id": "provider \"47\""},
        },
        "errors": [
            {"code": 1000 + i, "field": "account.number", "message": f"check {i} failed"} for i in range(items)
        ],
    }


def test_a_callback_with_2000_errors_verifies_and_reads() -> None:
    doc = large_callback()
    body = platform_signed(doc)
    assert len(body) > 100_000
    assert mg.verify(body, SECRET, strict=True) == "natural"
    cb = mg.parse_callback(body, SECRET, strict=True)
    assert cb.errors_total == ITEMS and len(cb.errors) == 8
    assert cb.errors[7] == mg.ErrorItem(code=1007, field="account.number", message="check 7 failed", description=None)
    assert cb.outcome is mg.Outcome.FINAL_FAILURE and cb.payment_id == "payment_47"
    # Any member, from the verified bytes.
    assert cb.get("errors.1999.message") == "check 1999 failed"
    assert cb.get("errors.1999.code") == 2999
    assert cb.get("operation.provider.payment_id") == 'provider "47"'
    errors = cb.get("errors")
    assert isinstance(errors, tuple) and len(errors) == ITEMS
    assert cb.body.raw is body
    # Every form of the body and the signer reads it the same.
    signer = mg.Signer(SECRET)
    for same in (signer.parse_callback(body), mg.parse_callback(body.decode(), SECRET), mg.parse_callback(bytearray(body), SECRET)):
        assert same == cb
    expected: mg.CambodiaFields = {
        "general": {"project_id": 1234, "payment_id": "payment_47"},
        "customer": {"id": "c", "ip_address": "198.51.100.47", "email": "a@example.com", "phone": "1"},
        "account": {"number": "1", "bank_id": 61021, "customer_name": "J"},
        "payment": {"currency": "KHR", "amount": 5000000},
    }
    assert mg.reconcile(cb, expected) == []
    # Tampered: refused like any other.
    with pytest.raises(mg.SignatureError):
        mg.parse_callback(body.replace(b"check 1500 failed", b"check 1500 passed"), SECRET)


def test_a_status_response_with_many_operations() -> None:
    doc = large_callback(100)
    operation = doc.pop("operation")
    doc["operations"] = [dict(operation, id=i, status="processing") for i in range(600)] + [operation]
    r = mg.parse_status_response(platform_signed(doc), SECRET)
    assert r.operation_count == 601 and r.operation is not None and r.operation.id == 47
    assert r.get("operations.0.status") == "processing"


def test_ambiguity_in_a_large_body_is_explained() -> None:
    doc = large_callback()
    doc["errors"][1500]["message"] = "limit; code: 51"
    with pytest.raises(mg.AmbiguousDataError) as err:
        mg.verify(platform_signed(doc), SECRET)
    assert err.value.path == "errors.1500.message"
    assert str(err.value) == "errors.1500.message: a ';' followed by ':' could forge a signed line"


@pytest.mark.parametrize("values", [512, 513, 2048, 2049, 8192, 8193, 16384])
def test_every_table_at_its_capacity(values: int) -> None:
    """A body of exactly ``values`` values (their upper bound is exact for
    it, so it gets the smallest table that holds it): every call that parses
    works, on each table's own stack."""
    elements = values - 2  # the signature member and "a" are values too
    unsigned = '{"a":[' + ",".join(["1"] * elements) + "]}"
    signature = mg.sign(unsigned, SECRET)
    body = ('{"signature":"' + signature + '","a":[' + ",".join(["1"] * elements) + "]}").encode()
    assert body.count(b",") + body.count(b"{") + body.count(b"[") == values
    assert mg.verify(body, SECRET, strict=True) == "natural"
    assert mg.canonical(unsigned).count(";") == elements - 1
    copy = mg.sign_body(unsigned, SECRET)  # two values more: general, its signature
    if values + 1 <= 16384:
        assert mg.verify(copy, SECRET) == "natural"
    else:
        with pytest.raises(mg.InvalidInputError):
            mg.verify(copy, SECRET)
    cb = mg.parse_callback(body, SECRET)
    assert cb.payment is None and cb.get(f"a.{elements - 1}") == 1
    assert mg.parse_status_response(body, SECRET).operation_count == 0
    assert mg.parse_signed_acknowledgement(body, SECRET).status is None


def test_past_the_largest_table() -> None:
    body = json.dumps({"a": [1] * 16_383}).encode()  # 16,384 values: fits
    assert mg.canonical(body).endswith("a:16382:1")
    body = json.dumps({"a": [1] * 16_384}).encode()  # 16,385: one too many
    calls: List[Callable[[], object]] = [
        lambda: mg.canonical(body),
        lambda: mg.sign(body, SECRET),
        lambda: mg.verify(body, SECRET),
    ]
    for call in calls:
        with pytest.raises(mg.InvalidInputError) as err:
            call()
        assert err.value.code == mg.ErrorCode.TOO_MANY_VALUES
        assert str(err.value) == (
            "more JSON values than the limit (16384 values, object members and array elements: the "
            "largest table this module uses, since one object's duplicate-key check costs the square "
            "of its members)"
        )


def test_sign_as_platform_names_its_limit() -> None:
    """Core signs as the platform only with its default table."""
    small = large_callback(100)
    signed = mg.sign_as_platform(small, SECRET)
    # The signature the independent signer computes, at the top level.
    assert json.loads(signed) == json.loads(platform_signed(small))
    assert mg.verify(signed, SECRET, strict=True) == "natural"
    assert mg.Signer(SECRET).sign_as_platform(small) == signed
    with pytest.raises(mg.InvalidInputError) as err:
        mg.sign_as_platform(large_callback(), SECRET)
    assert err.value.code == mg.ErrorCode.TOO_MANY_VALUES
    assert "sign_as_platform parses with core's default table, 512 values" in str(err.value)
