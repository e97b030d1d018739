"""Every case of the shared vectors (tests/vectors/signature.json), through
every way the module accepts a body and a secret.

Two signing vectors hold ambiguous data (an integer beyond 64 bits; text with
a ';' followed by a ':'): they are refused by default, through every path,
and give the vector's signature with ``allow_ambiguous=True``. Every other
vector goes through the default path only."""

from __future__ import annotations

import json
from typing import Any, Callable, Dict, List

import pytest

import monetix_gate as mg
from conftest import load_cases

CASES = load_cases()
SIGN = [c for c in CASES if c["kind"] == "sign"]
VERIFY = [c for c in CASES if c["kind"] == "verify"]

#: The ambiguous vectors: name -> (path of the first offending member, rule).
AMBIGUOUS = {
    "edge_large_integers": ("operation.above_u64", "integer_range"),
    "edge_values_with_separators": ("text", "separator"),
}


def opt_in(c: Dict[str, Any]) -> Dict[str, Any]:
    """``allow_ambiguous=True`` for the ambiguous vectors only."""
    return {"allow_ambiguous": True} if c["name"] in AMBIGUOUS else {}


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
    assert set(AMBIGUOUS) <= {c["name"] for c in SIGN}


@pytest.mark.parametrize("name", sorted(AMBIGUOUS))
def test_ambiguous_vectors_are_refused_by_default(name: str) -> None:
    c = next(c for c in SIGN if c["name"] == name)
    path, reason = AMBIGUOUS[name]
    body: str = c["input"]
    signer = mg.Signer(c["secret"])
    attempts: List[Callable[[], object]] = [
        lambda: mg.sign(body, c["secret"]),
        lambda: mg.sign(body.encode(), c["secret"]),
        lambda: mg.sign(bytearray(body.encode()), c["secret"]),
        lambda: mg.sign(json.loads(body), c["secret"]),
        lambda: mg.sign_body(body, c["secret"]),
        lambda: signer.sign(body),
        lambda: signer.sign_body(json.loads(body)),
    ]
    for attempt in attempts:
        with pytest.raises(mg.AmbiguousDataError) as err:
            attempt()
        assert err.value.code == mg.ErrorCode.AMBIGUOUS
        assert (err.value.path, err.value.reason) == (path, reason)
        assert str(err.value).startswith(f"{path}: ")
    # The canonical string is never refused (it is how a mismatch is debugged).
    assert mg.canonical(body) == c["canonical"]
    # A body signed with the opt-in is refused by default when verified too.
    signed = mg.sign_body(body, c["secret"], allow_ambiguous=True)
    with pytest.raises(mg.AmbiguousDataError):
        mg.verify(signed, c["secret"])
    assert mg.verify(signed, c["secret"], allow_ambiguous=True) == "natural"


@pytest.mark.parametrize("c", SIGN, ids=ids(SIGN))
def test_sign_bytes_and_str(c: Dict[str, Any]) -> None:
    body: str = c["input"]
    kw = opt_in(c)
    assert mg.sign(body.encode(), c["secret"], **kw) == c["signature"]
    assert mg.sign(body, c["secret"], **kw) == c["signature"]
    assert mg.sign(bytearray(body.encode()), c["secret"].encode(), **kw) == c["signature"]
    assert mg.sign(body, bytearray(c["secret"].encode()), **kw) == c["signature"]
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
    assert mg.sign(mapping, c["secret"], **opt_in(c)) == c["signature"]
    assert mg.canonical(mapping) == c["canonical"]


@pytest.mark.parametrize("c", SIGN, ids=ids(SIGN))
def test_signer_reused(c: Dict[str, Any]) -> None:
    signer = mg.Signer(c["secret"], **opt_in(c))
    for _ in range(3):
        assert signer.sign(c["input"]) == c["signature"]
    # The opt-in of one call, on a signer made without it.
    assert mg.Signer(c["secret"]).sign(c["input"], **opt_in(c)) == c["signature"]


@pytest.mark.parametrize("c", SIGN, ids=ids(SIGN))
def test_sign_body_then_verify(c: Dict[str, Any]) -> None:
    kw = opt_in(c)
    signed = mg.sign_body(c["input"].encode(), c["secret"], **kw)
    doc = json.loads(signed)
    assert doc["general"]["signature"] == c["signature"]
    # Every other member is kept.
    del doc["general"]["signature"]
    original = json.loads(c["input"])
    original.setdefault("general", {})
    assert doc == original
    assert mg.verify(signed, c["secret"], strict=True, **kw) == "natural"
    assert mg.verify(signed, c["secret"], **kw) == "natural"
    assert mg.Signer(c["secret"], **kw).sign_body(c["input"]) == signed


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
