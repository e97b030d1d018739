"""The whole verified body: every view keeps the bytes it was read from
(``BodyView``), and ``get`` reads any member of them by dotted path with
the engine's own document, under the rule of the typed views: what the
signature cannot tell from an absent member reads as ``None``."""

from __future__ import annotations

import copy
import dataclasses
import json
import pickle
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import pytest

import monetix_gate as mg
from conftest import case
from helpers import SECRET, loose, seed_callback, signed_callback


def test_get_reads_the_verified_body() -> None:
    body = case("seed_callback_success")["input"].encode()
    cb = mg.parse_callback(body, SECRET)
    assert cb.get("operation.provider.payment_id") == "123abc123-123"
    assert cb.get("operation.provider.id") == 12345
    assert cb.get("payment.sum.amount") == 5000000
    assert cb.get("customer.id") == "customer_123"
    assert cb.get("no.such.member") is None
    assert cb.get("payment.sum.amount.deeper") is None
    # The very bytes that were verified.
    assert cb.body.raw is body and bytes(cb.body) == body and len(cb.body) == len(body)
    assert cb.body.verified
    assert repr(cb.body) == f"BodyView(<{len(body)} bytes, verified>)"


def test_members_the_signature_does_not_cover_read_as_none() -> None:
    doc = seed_callback()
    doc["payment"]["description"] = ""
    doc["operation"]["message"] = None
    doc["extra"] = {"empty": {}, "nothing": [], "nested": [{}], "flag": False, "n": 0}
    doc["frame_mode"] = {"size": "large"}
    cb = mg.parse_callback(signed_callback(doc), SECRET)
    assert cb.get("payment.description") is None  # "" signs as null does
    assert cb.get("operation.message") is None
    assert cb.get("extra.empty") is None and cb.get("extra.nothing") is None
    assert cb.get("extra.nested") is None and cb.get("extra.nested.0") is None
    assert cb.get("extra.flag") is False and cb.get("extra.n") == 0
    assert cb.get("frame_mode.size") is None and cb.get("frame_mode") is None  # never signed


def test_values_of_every_kind() -> None:
    doc = seed_callback()
    doc["extra"] = {
        "text": 'quote " slash \\ é 🔑 \n',
        "list": [1, "two", {"three": 3}, [4]],
        "flags": {"yes": True, "no": False},
        "big": 2**63 - 1,
        "neg": -(2**63),
        "fraction": 1.5,
    }
    # As JSON text (a float is no request value, so `sign` takes no mapping with one).
    text = json.dumps(doc)
    cb = mg.parse_callback(text[:-1] + f', "signature": "{mg.sign(text, SECRET)}"}}', SECRET)
    assert cb.get("extra.text") == 'quote " slash \\ é 🔑 \n'
    assert cb.get("extra.list") == (1, "two", MappingProxyType({"three": 3}), (4,))
    assert cb.get("extra.list.2.three") == 3
    assert cb.get("extra.big") == 2**63 - 1 and cb.get("extra.neg") == -(2**63)
    assert cb.get("extra.fraction") == Decimal("1.5")
    flags = cb.get("extra.flags")
    assert isinstance(flags, MappingProxyType) and dict(flags) == {"yes": True, "no": False}
    with pytest.raises(TypeError):
        flags["yes"] = False  # type: ignore[index]  # read-only
    extra = cb.get("extra")
    assert isinstance(extra, MappingProxyType) and list(extra) == list(doc["extra"])


def test_every_view_keeps_its_body() -> None:
    status = seed_callback()
    status["operations"] = [status.pop("operation")]
    body = signed_callback(status)
    r = mg.parse_status_response(body, SECRET)
    assert r.get("operations.0.id") == 47 and r.body.verified
    unverified = mg.parse_status_response_unverified(body)
    assert unverified.get("operations.0.id") == 47 and not unverified.body.verified
    ack_body = json.dumps({"status": "success", "request_id": "r1", "extra": {"x": 1}})
    ack = mg.parse_unsigned_acknowledgement(ack_body)
    assert ack.get("extra.x") == 1 and not ack.body.verified
    assert ack.body.raw == ack_body.encode()


def test_the_view_cannot_be_made_or_changed_from_python() -> None:
    cb = mg.parse_callback(case("seed_callback_success")["input"], SECRET)
    with pytest.raises(TypeError):
        loose(mg.BodyView)()
    with pytest.raises(AttributeError):
        cb.body.raw = b"{}"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        cb.body = cb.body  # type: ignore[misc]
    with pytest.raises(mg.ArgumentTypeError):
        cb.get(loose(1))
    # Copies are the same immutable object; views stay plain data.
    assert copy.copy(cb.body) is cb.body and copy.deepcopy(cb.body) is cb.body
    assert copy.deepcopy(cb) == cb
    assert dataclasses.asdict(cb)["payment"]["sum"]["amount"] == 5000000
    with pytest.raises(TypeError):
        pickle.dumps(cb.body)
    # The body is not part of a view's identity or repr (it can be large).
    assert "body" not in repr(cb)


def test_a_mapping_and_a_str_body_are_kept_as_their_bytes() -> None:
    body = signed_callback(seed_callback())
    cb = mg.parse_callback(body.decode(), SECRET)
    assert cb.body.raw == body
    cb = mg.parse_callback(bytearray(body), SECRET)
    assert cb.body.raw == body and isinstance(cb.body.raw, bytes)


@pytest.mark.parametrize("path", ["", ".", "payment.", ".payment", "errors.x", "errors.-1", "payment..id"])
def test_odd_paths_find_nothing(path: str) -> None:
    doc: Any = seed_callback("seed_callback_decline")
    doc["errors"] = [{"code": 1, "message": "m"}]
    cb = mg.parse_callback(signed_callback(doc), SECRET)
    assert cb.get(path) is None
    assert cb.get("errors.0.code") == 1
