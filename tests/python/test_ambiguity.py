"""The ambiguity rule through every call that signs or verifies: refused by
default with AmbiguousDataError (or, for the typed builders, a violation),
accepted with the keyword-only ``allow_ambiguous=True``; the exception's
attributes; the order of the checks."""

from __future__ import annotations

import inspect
import json
import pickle
import sys
from typing import Any, Callable, Dict, List, Tuple

import pytest

import monetix_gate as mg
from helpers import SECRET, cambodia_fields, colombia_fields, seed_callback, signed_callback

AMBIGUOUS_TEXT = "limit; code: 51"
RULE = "a ';' followed by ':' could forge a signed line"


def ambiguous_callback() -> bytes:
    """An authentic callback (the platform signs whatever it holds) whose
    error message is free text with a ';' followed by a ':'."""
    doc = seed_callback("seed_callback_decline")
    doc["errors"] = [{"code": "20000", "message": AMBIGUOUS_TEXT}]
    return signed_callback(doc, allow_ambiguous=True)


def ambiguous_status_response() -> bytes:
    doc = seed_callback()
    doc["operations"] = [dict(doc.pop("operation"), message=AMBIGUOUS_TEXT)]
    return signed_callback(doc, allow_ambiguous=True)


REQUEST = {"general": {"project_id": 1, "payment_id": "p1"}, "customer": {"id": AMBIGUOUS_TEXT}}

#: name -> (call by default, the same call with the opt-in, the path refused).
Case = Tuple[Callable[[], object], Callable[[], object], str]


def cases() -> Dict[str, Case]:
    cb = ambiguous_callback()
    status = ambiguous_status_response()
    s = mg.Signer(SECRET)
    s_allow = mg.Signer(SECRET, allow_ambiguous=True)
    return {
        "sign": (lambda: mg.sign(REQUEST, SECRET), lambda: mg.sign(REQUEST, SECRET, allow_ambiguous=True), "customer.id"),
        "sign_body": (
            lambda: mg.sign_body(REQUEST, SECRET),
            lambda: mg.sign_body(REQUEST, SECRET, allow_ambiguous=True),
            "customer.id",
        ),
        "verify": (lambda: mg.verify(cb, SECRET), lambda: mg.verify(cb, SECRET, allow_ambiguous=True), "errors.0.message"),
        "parse_callback": (
            lambda: mg.parse_callback(cb, SECRET),
            lambda: mg.parse_callback(cb, SECRET, allow_ambiguous=True),
            "errors.0.message",
        ),
        "parse_signed_acknowledgement": (
            lambda: mg.parse_signed_acknowledgement(cb, SECRET),
            lambda: mg.parse_signed_acknowledgement(cb, SECRET, allow_ambiguous=True),
            "errors.0.message",
        ),
        "sign_as_platform": (
            lambda: mg.sign_as_platform(REQUEST, SECRET),
            lambda: mg.sign_as_platform(REQUEST, SECRET, allow_ambiguous=True),
            "customer.id",
        ),
        "parse_status_response": (
            lambda: mg.parse_status_response(status, SECRET),
            lambda: mg.parse_status_response(status, SECRET, allow_ambiguous=True),
            "operations.0.message",
        ),
        "Signer()": (lambda: s.sign(REQUEST), lambda: s_allow.sign(REQUEST), "customer.id"),
        "Signer.sign": (lambda: s.sign(REQUEST), lambda: s.sign(REQUEST, allow_ambiguous=True), "customer.id"),
        "Signer.sign_body": (
            lambda: s.sign_body(REQUEST),
            lambda: s.sign_body(REQUEST, allow_ambiguous=True),
            "customer.id",
        ),
        "Signer.verify": (lambda: s.verify(cb), lambda: s.verify(cb, allow_ambiguous=True), "errors.0.message"),
        "Signer(allow).verify": (lambda: s.verify(cb), lambda: s_allow.verify(cb), "errors.0.message"),
        "Signer.parse_callback": (
            lambda: s.parse_callback(cb),
            lambda: s.parse_callback(cb, allow_ambiguous=True),
            "errors.0.message",
        ),
        "Signer(allow).parse_callback": (lambda: s.parse_callback(cb), lambda: s_allow.parse_callback(cb), "errors.0.message"),
        "Signer.parse_signed_acknowledgement": (
            lambda: s.parse_signed_acknowledgement(cb),
            lambda: s.parse_signed_acknowledgement(cb, allow_ambiguous=True),
            "errors.0.message",
        ),
        "Signer.sign_as_platform": (
            lambda: s.sign_as_platform(REQUEST),
            lambda: s.sign_as_platform(REQUEST, allow_ambiguous=True),
            "customer.id",
        ),
        "Signer.parse_status_response": (
            lambda: s.parse_status_response(status),
            lambda: s.parse_status_response(status, allow_ambiguous=True),
            "operations.0.message",
        ),
    }


@pytest.mark.parametrize("name", sorted(cases()))
def test_refused_by_default_accepted_with_the_opt_in(name: str) -> None:
    default, opt_in, path = cases()[name]
    with pytest.raises(mg.AmbiguousDataError) as err:
        default()
    assert err.value.path == path and err.value.reason == "separator"
    assert str(err.value) == f"{path}: {RULE}"
    assert err.value.code == mg.ErrorCode.AMBIGUOUS
    result = opt_in()
    assert result is not None


def test_opt_in_results() -> None:
    signed = mg.sign_body(REQUEST, SECRET, allow_ambiguous=True)
    assert mg.verify(signed, SECRET, allow_ambiguous=True) == "natural"
    assert mg.sign(REQUEST, SECRET, allow_ambiguous=True) == json.loads(signed)["general"]["signature"]
    cb = mg.parse_callback(ambiguous_callback(), SECRET, allow_ambiguous=True)
    assert cb.errors[0].message == AMBIGUOUS_TEXT and cb.outcome is mg.Outcome.FINAL_FAILURE
    r = mg.parse_status_response(ambiguous_status_response(), SECRET, allow_ambiguous=True)
    assert r.operation is not None and r.operation.message == AMBIGUOUS_TEXT


def test_the_opt_in_of_one_call_does_not_stick() -> None:
    s = mg.Signer(SECRET)
    assert not s.allow_ambiguous
    s.sign(REQUEST, allow_ambiguous=True)
    with pytest.raises(mg.AmbiguousDataError):
        s.sign(REQUEST)
    assert mg.Signer(SECRET, allow_ambiguous=True).allow_ambiguous
    # A signer made with the opt-in keeps it whatever a call says.
    assert mg.Signer(SECRET, allow_ambiguous=True).sign(REQUEST, allow_ambiguous=False)


def test_repr_shows_the_opt_in_never_the_secret() -> None:
    assert repr(mg.Signer(SECRET)) == "Signer(<secret redacted>)"
    assert repr(mg.Signer(SECRET, allow_ambiguous=True)) == "Signer(<secret redacted>, allow_ambiguous=True)"


# ---- the typed builders --------------------------------------------------------------


def builders() -> Dict[str, Tuple[Callable[..., bytes], str]]:
    s = mg.Signer(SECRET)

    def cambodia(**kw: bool) -> bytes:
        f = cambodia_fields()
        f["account"]["customer_name"] = AMBIGUOUS_TEXT
        return mg.cambodia_payout(f, SECRET, **kw)

    def colombia(**kw: bool) -> bytes:
        f = colombia_fields()
        f["customer"]["first_name"] = AMBIGUOUS_TEXT
        return mg.colombia_payout(f, SECRET, allow_unlisted_bank=True, **kw)

    def extra(**kw: bool) -> bytes:
        f = cambodia_fields()
        f["extras"] = {"customer.note": AMBIGUOUS_TEXT}
        return s.cambodia_payout(f, **kw)

    def colombia_signer(**kw: bool) -> bytes:
        f = colombia_fields()
        f["payment"]["description"] = AMBIGUOUS_TEXT
        return s.colombia_payout(f, allow_unlisted_bank=True, **kw)

    return {
        "cambodia_payout": (cambodia, "account.customer_name"),
        "colombia_payout": (colombia, "customer.first_name"),
        "Signer.cambodia_payout extra": (extra, "customer.note"),
        "Signer.colombia_payout": (colombia_signer, "payment.description"),
        "status_request": (lambda **kw: mg.status_request(1, AMBIGUOUS_TEXT, SECRET, **kw), "general.payment_id"),
        "Signer.status_request": (lambda **kw: s.status_request(1, AMBIGUOUS_TEXT, **kw), "general.payment_id"),
    }


@pytest.mark.parametrize("name", sorted(builders()))
def test_builders_list_the_ambiguous_field(name: str) -> None:
    build, path = builders()[name]
    with pytest.raises(mg.ValidationError) as err:
        build()
    assert (path, RULE) in [(v.path, v.reason) for v in err.value.violations]
    assert f"{path}: {RULE}" in [str(v) for v in err.value.violations]
    body = build(allow_ambiguous=True)
    with pytest.raises(mg.AmbiguousDataError) as aerr:
        mg.verify(body, SECRET)
    assert aerr.value.path == path
    assert mg.verify(body, SECRET, allow_ambiguous=True) == "natural"


def test_builders_list_the_ambiguity_with_every_other_violation() -> None:
    fields = cambodia_fields()
    fields["customer"]["phone"] = "+855"
    fields["account"]["customer_name"] = AMBIGUOUS_TEXT
    fields["general"]["merchant_callback_url"] = "https://example.com/cb?x=1;y=http://a"
    with pytest.raises(mg.ValidationError) as err:
        mg.cambodia_payout(fields, SECRET)
    paths = [v.path for v in err.value.violations]
    assert paths == ["general.merchant_callback_url", "customer.phone", "account.customer_name"]
    with pytest.raises(mg.ValidationError) as err:
        mg.cambodia_payout(fields, SECRET, allow_ambiguous=True)
    assert [v.path for v in err.value.violations] == ["customer.phone"]


# ---- the keyword itself -------------------------------------------------------------


SIGNING_AND_VERIFYING: List[Callable[..., Any]] = [
    mg.sign,
    mg.sign_body,
    mg.verify,
    mg.cambodia_payout,
    mg.colombia_payout,
    mg.status_request,
    mg.sign_as_platform,
    mg.parse_callback,
    mg.parse_signed_acknowledgement,
    mg.parse_status_response,
    mg.Signer,
    mg.Signer.sign,
    mg.Signer.sign_body,
    mg.Signer.verify,
    mg.Signer.cambodia_payout,
    mg.Signer.colombia_payout,
    mg.Signer.status_request,
    mg.Signer.sign_as_platform,
    mg.Signer.parse_callback,
    mg.Signer.parse_signed_acknowledgement,
    mg.Signer.parse_status_response,
]


@pytest.mark.parametrize("fn", SIGNING_AND_VERIFYING, ids=lambda f: str(f.__qualname__))
def test_allow_ambiguous_is_keyword_only_and_off_by_default(fn: Callable[..., Any]) -> None:
    if fn is mg.Signer and sys.version_info < (3, 10):
        # PyO3 gives a class its signature only from CPython 3.10 on (abi3):
        # checked by behaviour instead.
        assert mg.Signer(SECRET).allow_ambiguous is False
        with pytest.raises(TypeError):
            mg.Signer(SECRET, True)  # type: ignore[misc]
        return
    param = inspect.signature(fn).parameters["allow_ambiguous"]
    assert param.kind is inspect.Parameter.KEYWORD_ONLY
    assert param.default is False


def test_allow_ambiguous_cannot_be_positional() -> None:
    with pytest.raises(TypeError):
        mg.sign(REQUEST, SECRET, True)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        mg.verify(ambiguous_callback(), SECRET, False, False, True)  # type: ignore[call-arg]


def test_canonical_is_never_refused() -> None:
    assert mg.canonical(REQUEST) == f"customer:id:{AMBIGUOUS_TEXT};general:payment_id:p1;general:project_id:1"


# ---- the order of the checks when verifying -----------------------------------------


def test_verification_order() -> None:
    """Malformed input, then the signature member, then ambiguity, then the MAC."""
    ambiguous = {"m": AMBIGUOUS_TEXT}
    with pytest.raises(mg.InvalidInputError):
        mg.verify(b'{"m":"a;b:c",', SECRET)
    with pytest.raises(mg.SignatureError) as err:
        mg.verify(json.dumps(ambiguous), SECRET)
    assert err.value.code == mg.ErrorCode.MISSING_SIGNATURE
    with pytest.raises(mg.SignatureError) as err:
        mg.verify(json.dumps(dict(ambiguous, signature=5)), SECRET)
    assert err.value.code == mg.ErrorCode.SIGNATURE_NOT_STRING
    with pytest.raises(mg.AmbiguousDataError):
        mg.verify(json.dumps(dict(ambiguous, signature="not it")), SECRET)
    with pytest.raises(mg.SignatureError) as err:
        mg.verify(json.dumps(dict(ambiguous, signature="not it")), SECRET, allow_ambiguous=True)
    assert err.value.code == mg.ErrorCode.SIGNATURE_MISMATCH


# ---- every rule, and the exception's attributes ----------------------------------------


@pytest.mark.parametrize(
    "body, path, reason, message",
    [
        ('{"a:b":1}', "a:b", "key", "key \"a:b\": keys must not be empty or contain ';' or ':'"),
        ('{"p":{"x;":1}}', "p.x;", "key", "key p.\"x;\": keys must not be empty or contain ';' or ':'"),
        ('{"p":{"":1}}', "p.", "key", "key p.\"\": keys must not be empty or contain ';' or ':'"),
        ('{"p":{"q\\"r:":1}}', 'p.q"r:', "key", "key p.\"q\\\"r:\": keys must not be empty or contain ';' or ':'"),
        ('{"l":[1,"x;y:z"]}', "l.1", "separator", f"l.1: {RULE}"),
        ('{"e":"a\\u003bb\\u003a"}', "e", "separator", f"e: {RULE}"),
        ('{"n":-9223372036854775809}', "n", "integer_range", None),
        ('{"n":0.30000000000000004}', "n", "digits", None),
        ('{"n":1e-310}', "n", "tiny", None),
    ],
)
def test_rules_and_paths(body: str, path: str, reason: str, message: Any) -> None:
    with pytest.raises(mg.AmbiguousDataError) as err:
        mg.sign(body, SECRET)
    e = err.value
    assert (e.path, e.reason) == (path, reason)
    if message is not None:
        assert str(e) == message
    assert str(e).endswith(": " + e.args[0].rsplit(": ", 1)[1])
    assert isinstance(e.offset, int) and body[e.offset] in '"-0123456789'


def test_frame_mode_and_signature_members_are_not_checked() -> None:
    body = {"frame_mode": "a;b:c", "x": {"frame_mode": {"k:": 1}}, "signature": "s;t:u"}
    signature = mg.sign(body, SECRET)
    assert mg.verify(json.dumps(dict(body, signature=signature)), SECRET) == "natural"


def test_the_exception_pickles_and_is_a_gate_error() -> None:
    with pytest.raises(mg.AmbiguousDataError) as err:
        mg.verify(ambiguous_callback(), SECRET)
    back = pickle.loads(pickle.dumps(err.value))
    assert type(back) is mg.AmbiguousDataError
    assert (back.code, back.path, back.reason, back.offset, str(back)) == (
        err.value.code,
        err.value.path,
        err.value.reason,
        err.value.offset,
        str(err.value),
    )
    assert issubclass(mg.AmbiguousDataError, mg.GateError) and issubclass(mg.AmbiguousDataError, ValueError)
    assert issubclass(mg.UnsignedElementError, mg.InvalidInputError)
    assert issubclass(mg.BodyTypeError, mg.ArgumentTypeError) and issubclass(mg.ArgumentTypeError, TypeError)
    assert issubclass(mg.ArgumentValueError, ValueError) and issubclass(mg.ArgumentValueError, mg.GateError)
