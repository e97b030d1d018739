"""Every case of the shared vectors (tests/vectors/signature.json), through
every way the module accepts a body and a secret."""

from __future__ import annotations

import json
from typing import Any, Dict, List

import pytest

import monetix_gate as mg
from conftest import load_cases

CASES = load_cases()
SIGN = [c for c in CASES if c["kind"] == "sign"]
VERIFY = [c for c in CASES if c["kind"] == "verify"]


def ids(cases: List[Dict[str, Any]]) -> List[str]:
    return [str(c["name"]) for c in cases]


def has_float(value: object) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(has_float(v) for v in value.values())
    if isinstance(value, list):
        return any(has_float(v) for v in value)
    return False


def test_every_case_is_covered() -> None:
    assert len(SIGN) + len(VERIFY) == len(CASES)
    assert len(SIGN) >= 30 and len(VERIFY) >= 15


@pytest.mark.parametrize("c", SIGN, ids=ids(SIGN))
def test_sign_bytes_and_str(c: Dict[str, Any]) -> None:
    body: str = c["input"]
    assert mg.sign(body.encode(), c["secret"]) == c["signature"]
    assert mg.sign(body, c["secret"]) == c["signature"]
    assert mg.sign(bytearray(body.encode()), c["secret"].encode()) == c["signature"]
    assert mg.sign(body, bytearray(c["secret"].encode())) == c["signature"]
    assert len(c["signature"]) == mg.SIGNATURE_LEN


@pytest.mark.parametrize("c", SIGN, ids=ids(SIGN))
def test_canonical(c: Dict[str, Any]) -> None:
    assert mg.canonical(c["input"].encode()) == c["canonical"]
    assert mg.canonical(c["input"]) == c["canonical"]


@pytest.mark.parametrize("c", SIGN, ids=ids(SIGN))
def test_sign_mapping(c: Dict[str, Any]) -> None:
    """The same body as a mapping gives the same signature; a float in it is
    refused (requests never carry floats)."""
    mapping = json.loads(c["input"])
    if has_float(mapping):
        with pytest.raises(mg.BodyTypeError) as err:
            mg.sign(mapping, c["secret"])
        assert err.value.code == mg.ErrorCode.INVALID_ARGUMENT
        return
    assert mg.sign(mapping, c["secret"]) == c["signature"]
    assert mg.canonical(mapping) == c["canonical"]


@pytest.mark.parametrize("c", SIGN, ids=ids(SIGN))
def test_signer_reused(c: Dict[str, Any]) -> None:
    signer = mg.Signer(c["secret"])
    for _ in range(3):
        assert signer.sign(c["input"]) == c["signature"]


@pytest.mark.parametrize("c", SIGN, ids=ids(SIGN))
def test_sign_body_then_verify(c: Dict[str, Any]) -> None:
    signed = mg.sign_body(c["input"].encode(), c["secret"])
    doc = json.loads(signed)
    assert doc["general"]["signature"] == c["signature"]
    # Every other member is kept.
    del doc["general"]["signature"]
    original = json.loads(c["input"])
    original.setdefault("general", {})
    assert doc == original
    assert mg.verify(signed, c["secret"], strict=True) == "natural"
    assert mg.verify(signed, c["secret"]) == "natural"
    assert mg.Signer(c["secret"]).sign_body(c["input"]) == signed


@pytest.mark.parametrize("c", VERIFY, ids=ids(VERIFY))
def test_verify(c: Dict[str, Any]) -> None:
    body: str = c["input"]
    signer = mg.Signer(c["secret"])
    for strict, expected in ((False, c["tolerant"]), (True, c["strict"])):
        if expected:
            want = "natural" if strict else c["matched"]
            assert mg.verify(body.encode(), c["secret"], strict=strict) == want
            assert mg.verify(body, c["secret"], strict=strict) == want
            assert signer.verify(body, strict=strict) == want
        else:
            with pytest.raises(mg.SignatureError) as err:
                mg.verify(body.encode(), c["secret"], strict=strict)
            assert err.value.code == mg.ErrorCode.SIGNATURE_MISMATCH
            with pytest.raises(mg.SignatureError):
                signer.verify(body, strict=strict)
