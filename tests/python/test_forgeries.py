"""The shared forgery set (tests/vectors/forgeries.json) through Python:
every forged body, which re-splits a genuine body's canonical string and
carries its signature, is refused by default (strict and tolerant, plain
verification and the typed readers) with the engine's explanation; every
genuine body verifies; the genuine requests are refused when signed by
default. With ``allow_ambiguous=True`` the forgeries verify exactly as the
file documents: that is the opt-in's risk."""

from __future__ import annotations

import json
from typing import Any, Callable, Dict, List

import pytest

import monetix_gate as mg
from conftest import ROOT

FORGERIES: Dict[str, Any] = json.loads((ROOT / "tests" / "vectors" / "forgeries.json").read_text(encoding="utf-8"))
SECRET: str = FORGERIES["secret"]
CASES: List[Dict[str, Any]] = FORGERIES["cases"]


def ids(cases: List[Dict[str, Any]]) -> List[str]:
    return [str(c["name"]) for c in cases]


def test_the_set_is_complete() -> None:
    names = {c["name"] for c in CASES}
    assert {
        "fold",
        "payment_id_rewrite",
        "split",
        "cross_protocol_replay",
        "split_byte_path",
        "big_integer",
        "key_collision",
    } <= names


def refusals(body: str, strict: bool) -> List[Callable[[], object]]:
    """Every Python call that verifies ``body``, by default."""
    signer = mg.Signer(SECRET)
    raw = body.encode()
    return [
        lambda: mg.verify(raw, SECRET, strict=strict),
        lambda: mg.verify(body, SECRET, strict=strict),
        lambda: mg.verify(bytearray(raw), SECRET, strict=strict),
        lambda: mg.parse_callback(raw, SECRET, strict=strict),
        lambda: mg.parse_status_response(raw, SECRET, strict=strict),
        lambda: mg.parse_signed_acknowledgement(raw, SECRET, strict=strict),
        lambda: signer.verify(raw, strict=strict),
        lambda: signer.parse_callback(body, strict=strict),
        lambda: signer.parse_status_response(raw, strict=strict),
        lambda: signer.parse_signed_acknowledgement(raw, strict=strict),
    ]


@pytest.mark.parametrize("c", CASES, ids=ids(CASES))
@pytest.mark.parametrize("strict", [True, False], ids=["strict", "tolerant"])
def test_forged_body_is_refused_by_default(c: Dict[str, Any], strict: bool) -> None:
    want = c["error"]
    for call in refusals(c["forged"], strict):
        with pytest.raises(mg.AmbiguousDataError) as err:
            call()
        e = err.value
        assert str(e) == want["message"]
        assert e.path == want["path"] and e.reason == want["reason"]
        assert e.code == mg.ErrorCode.AMBIGUOUS and e.code == 306
        assert isinstance(e.offset, int) and 0 < e.offset < len(c["forged"])
        assert isinstance(e, mg.GateError) and isinstance(e, ValueError)
        assert not isinstance(e, mg.SignatureError)


@pytest.mark.parametrize("c", CASES, ids=ids(CASES))
def test_refusal_comes_before_the_mac(c: Dict[str, Any]) -> None:
    """Refused the same way under any key: the refusal says nothing about
    whether the signature matched."""
    for secret in (SECRET, "another secret"):
        with pytest.raises(mg.AmbiguousDataError) as err:
            mg.verify(c["forged"], secret)
        assert str(err.value) == c["error"]["message"]


@pytest.mark.parametrize("c", CASES, ids=ids(CASES))
def test_genuine_body_verifies(c: Dict[str, Any]) -> None:
    genuine: str = c["genuine"]
    allow = c["genuine_policy"] == "allow"
    for strict in (True, False):
        assert mg.verify(genuine, SECRET, strict=strict, allow_ambiguous=allow) == "natural"
        assert mg.Signer(SECRET, allow_ambiguous=allow).verify(genuine, strict=strict) == "natural"
    if allow:
        # Genuine, but ambiguous: refused without the opt-in.
        for call in refusals(genuine, True):
            with pytest.raises(mg.AmbiguousDataError):
                call()
    else:
        assert c["genuine_policy"] == "default"


@pytest.mark.parametrize("c", CASES, ids=ids(CASES))
def test_with_the_opt_in_forgeries_verify_as_documented(c: Dict[str, Any]) -> None:
    forged: str = c["forged"]
    for strict, key in ((True, "strict"), (False, "tolerant")):
        want = c["opt_in"][key]
        if want == "mismatch":
            with pytest.raises(mg.SignatureError) as err:
                mg.verify(forged, SECRET, strict=strict, allow_ambiguous=True)
            assert err.value.code == mg.ErrorCode.SIGNATURE_MISMATCH
        else:
            assert want in ("natural", "byte-path")
            assert mg.verify(forged, SECRET, strict=strict, allow_ambiguous=True) == want
            assert mg.Signer(SECRET).verify(forged, strict=strict, allow_ambiguous=True) == want
    typed = c["opt_in"].get("typed_error")
    if typed is not None:
        with pytest.raises(mg.InvalidInputError) as ierr:
            mg.parse_callback(forged, SECRET, allow_ambiguous=True)
        assert ierr.value.code == mg.ErrorCode.FIELD_TYPE and typed in str(ierr.value)


def test_the_fold_forgery_reads_as_pending_with_the_opt_in() -> None:
    """What the refusal prevents: a genuine decline re-split into a body a
    receiver would read as something else."""
    fold = next(c for c in CASES if c["name"] == "fold")
    assert mg.parse_callback(fold["genuine"], SECRET).outcome is mg.Outcome.FINAL_FAILURE
    forged = mg.parse_callback(fold["forged"], SECRET, allow_ambiguous=True)
    assert forged.outcome is mg.Outcome.PENDING and forged.operation is None


REQUESTS = [c for c in CASES if "unsigned_request" in c]


def test_there_are_unsigned_requests() -> None:
    assert len(REQUESTS) >= 2


@pytest.mark.parametrize("c", REQUESTS, ids=ids(REQUESTS))
def test_signing_the_genuine_request_is_refused_by_default(c: Dict[str, Any]) -> None:
    request: str = c["unsigned_request"]
    want = c["request_error"]
    signer = mg.Signer(SECRET)
    for call in (
        lambda: mg.sign(request, SECRET),
        lambda: mg.sign(json.loads(request), SECRET),
        lambda: mg.sign_body(request.encode(), SECRET),
        lambda: mg.sign_body(json.loads(request), SECRET),
        lambda: signer.sign(request),
        lambda: signer.sign_body(request),
    ):
        with pytest.raises(mg.AmbiguousDataError) as err:
            call()
        assert str(err.value) == want["message"]
        assert (err.value.path, err.value.reason) == (want["path"], want["reason"])
    # With the opt-in the signed copy is the genuine body, byte for byte.
    assert mg.sign_body(request, SECRET, allow_ambiguous=True) == c["genuine"].encode()
    assert mg.Signer(SECRET, allow_ambiguous=True).sign_body(request) == c["genuine"].encode()
    assert signer.sign_body(request, allow_ambiguous=True) == c["genuine"].encode()


@pytest.mark.parametrize("c", REQUESTS, ids=ids(REQUESTS))
def test_the_payout_builder_refuses_the_genuine_request(c: Dict[str, Any]) -> None:
    """The typed builder lists the ambiguous field among its violations; with
    the opt-in it signs it, with the genuine body's signature."""
    fields = json.loads(c["unsigned_request"])
    path = c["request_error"]["path"]
    reason = c["request_error"]["message"].split(": ", 1)[1]
    builds: List[Callable[[], bytes]] = [
        lambda: mg.cambodia_payout(fields, SECRET),
        lambda: mg.Signer(SECRET).cambodia_payout(fields),
    ]
    for build in builds:
        with pytest.raises(mg.ValidationError) as err:
            build()
        assert [(v.path, v.reason) for v in err.value.violations] == [(path, reason)]
        assert [str(v) for v in err.value.violations] == [c["request_error"]["message"]]
    genuine_signature = json.loads(c["genuine"])["general"]["signature"]
    for built in (
        mg.cambodia_payout(fields, SECRET, allow_ambiguous=True),
        mg.Signer(SECRET, allow_ambiguous=True).cambodia_payout(fields),
        mg.Signer(SECRET).cambodia_payout(fields, allow_ambiguous=True),
    ):
        assert json.loads(built)["general"]["signature"] == genuine_signature
        with pytest.raises(mg.AmbiguousDataError):
            mg.verify(built, SECRET)
        assert mg.verify(built, SECRET, allow_ambiguous=True) == "natural"
