"""Every exception path: class, ``.code`` (the engine's status number for
the same error), attributes; and the code table against the engine's table
(and the C header)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Callable, Dict, Type

import pytest

import monetix_gate as mg
from monetix_gate import _native
from monetix_gate.errors import ErrorCode
from helpers import SECRET, cambodia_fields, loose, seed_callback, signed_callback

# ---- the code table ------------------------------------------------------------


def header_codes(root: Path) -> Dict[str, int]:
    text = (root / "include" / "monetix_gate.h").read_text(encoding="utf-8")
    return {m[1]: int(m[2]) for m in re.finditer(r"\bMNX_STATUS_([A-Z0-9_]+) = (\d+)", text)}


def test_error_codes_are_the_engines_table() -> None:
    """``ErrorCode`` is core's ``ERROR_CODES`` (exposed as
    ``_native.ERROR_CODES``), name for name, number for number, in order."""
    assert [(c.value, c.name) for c in ErrorCode] == [(code, name) for code, name, _ in _native.ERROR_CODES]
    assert mg.ERROR_CODES is _native.ERROR_CODES
    for code, name, message in _native.ERROR_CODES:
        assert isinstance(message, str) and message


def test_error_codes_agree_with_the_c_header(root: Path) -> None:
    """Every ``MNX_STATUS_<NAME>`` of the C header has the engine's number.
    (The header is the C interface's; it may lag a code the engine added,
    which that interface then has to add.)"""
    header = header_codes(root)
    table = {c.name: c.value for c in ErrorCode}
    assert {name: table.get(name) for name in header} == header


def test_messages_are_the_engines() -> None:
    """An engine error's text starts with its entry's message."""
    messages = {code: message for code, _, message in _native.ERROR_CODES}
    for call in (
        lambda: mg.verify(b"{", SECRET),
        lambda: mg.verify(b'{"a":1}', SECRET),
        lambda: mg.sign(b"{}", ""),
        lambda: mg.to_minor_units("x", "KHR"),
    ):
        with pytest.raises(mg.GateError) as err:
            call()
        assert str(err.value).startswith(messages[err.value.code])


def test_every_error_code_is_in_its_category() -> None:
    for c in ErrorCode:
        assert c.value == 0 or 100 <= c.value < 500


# ---- hierarchy -------------------------------------------------------------------


@pytest.mark.parametrize(
    "cls, bases",
    [
        (mg.InvalidInputError, (mg.GateError, ValueError)),
        (mg.UnsignedElementError, (mg.InvalidInputError, mg.GateError, ValueError)),
        (mg.ArgumentTypeError, (mg.GateError, TypeError)),
        (mg.ArgumentValueError, (mg.GateError, ValueError)),
        (mg.BodyTypeError, (mg.ArgumentTypeError, mg.GateError, TypeError)),
        (mg.SignatureError, (mg.GateError,)),
        (mg.AmbiguousDataError, (mg.GateError, ValueError)),
        (mg.SecretError, (mg.GateError, ValueError)),
        (mg.ValidationError, (mg.GateError, ValueError)),
        (mg.AmountError, (mg.GateError, ValueError)),
        (mg.InternalError, (mg.GateError,)),
    ],
)
def test_hierarchy(cls: Type[mg.GateError], bases: tuple[type, ...]) -> None:
    for base in bases:
        assert issubclass(cls, base)
    assert issubclass(cls, Exception)


def test_errors_module_does_not_import_native() -> None:
    source = Path(mg.errors.__file__).read_text(encoding="utf-8")
    assert "_native" not in source.replace("``monetix_gate._native``", "")


# ---- parse errors (4xx) ------------------------------------------------------------


@pytest.mark.parametrize(
    "body, code, offset",
    [
        (b"{", ErrorCode.MALFORMED_JSON, 1),
        (b'{"a":1,}', ErrorCode.MALFORMED_JSON, 7),
        (b"", ErrorCode.MALFORMED_JSON, 0),
        (b'{"a":"\xff"}', ErrorCode.INVALID_UTF8_BODY, 6),
        (b'{"a":"\\ud800"}', ErrorCode.LONE_SURROGATE, 6),
        (b"[1,2]", ErrorCode.NOT_AN_OBJECT, None),
        (b'{"a":1,"a":2}', ErrorCode.DUPLICATE_KEY, 7),
        (b'{"a":1e999}', ErrorCode.NUMBER_OUT_OF_RANGE, 5),
        (b'{"a":' * 17 + b"1" + b"}" * 17, ErrorCode.TOO_DEEP, None),
        # Beyond the largest table (16,384 values; 600 values fit a larger
        # table than the default one, see test_large.py).
        (json.dumps({"a": [0] * 70_000}).encode(), ErrorCode.TOO_MANY_VALUES, None),
    ],
    ids=[
        "truncated",
        "trailing-comma",
        "empty",
        "bad-utf8",
        "lone-surrogate",
        "not-object",
        "duplicate",
        "out-of-range",
        "too-deep",
        "too-many",
    ],
)
def test_parse_errors(body: bytes, code: ErrorCode, offset: Any) -> None:
    calls: list[Callable[[], object]] = [
        lambda: mg.sign(body, SECRET),
        lambda: mg.canonical(body),
        lambda: mg.sign_body(body, SECRET),
        lambda: mg.verify(body, SECRET),
        lambda: mg.parse_callback(body, SECRET),
        lambda: mg.parse_unsigned_acknowledgement(body),
        lambda: mg.parse_status_response_unverified(body),
        lambda: mg.Signer(SECRET).sign(body),
    ]
    for call in calls:
        with pytest.raises(mg.InvalidInputError) as err:
            call()
        assert err.value.code == code
        assert isinstance(err.value, ValueError)
        if offset is not None:
            assert err.value.offset == offset
            assert f"at byte {offset}" in str(err.value)
        if code == ErrorCode.TOO_DEEP:
            assert "16 levels" in str(err.value)
        if code == ErrorCode.TOO_MANY_VALUES:
            assert "16384 values" in str(err.value)


def test_general_not_object() -> None:
    with pytest.raises(mg.InvalidInputError) as err:
        mg.sign_body(b'{"general":1}', SECRET)
    assert err.value.code == ErrorCode.GENERAL_NOT_OBJECT


def test_field_type_in_a_verified_callback() -> None:
    doc = seed_callback()
    doc["operation"]["id"] = "47"
    body = signed_callback(doc)
    assert mg.verify(body, SECRET) == "natural"  # verifies ...
    with pytest.raises(mg.InvalidInputError) as err:  # ... but is not a callback
        mg.parse_callback(body, SECRET)
    assert err.value.code == ErrorCode.FIELD_TYPE
    assert "operation.id" in str(err.value)


def test_str_body_with_lone_surrogate() -> None:
    with pytest.raises(mg.InvalidInputError) as err:
        mg.sign('{"a":"\ud800"}', SECRET)
    assert err.value.code == ErrorCode.INVALID_UTF8_BODY


def test_mapping_with_lone_surrogate() -> None:
    with pytest.raises(mg.InvalidInputError) as err:
        mg.sign({"a": "\ud800"}, SECRET)
    assert err.value.code == ErrorCode.LONE_SURROGATE


def test_mapping_too_deep_and_cyclic() -> None:
    deep: Dict[str, Any] = {}
    cur = deep
    for _ in range(20):
        cur["a"] = {}
        cur = cur["a"]
    with pytest.raises(mg.InvalidInputError) as err:
        mg.sign(deep, SECRET)
    assert err.value.code == ErrorCode.TOO_DEEP
    cyclic: Dict[str, Any] = {}
    cyclic["self"] = cyclic
    with pytest.raises(mg.InvalidInputError) as err:
        mg.sign(cyclic, SECRET)
    assert err.value.code == ErrorCode.TOO_DEEP


# ---- mapping values that are not JSON (BodyTypeError, 104) --------------------------


@pytest.mark.parametrize(
    "body, path",
    [
        ({"payment": {"amount": 10.5}}, "payment.amount"),
        ({"a": [1, 2, 0.0]}, "a.2"),
        ({"a": {1, 2}}, "a"),
        ({"a": b"bytes"}, "a"),
        ({"a": {"b": object()}}, "a.b"),
        ({"a": {1: "int key"}}, "a"),
        ({1: "int key"}, ""),
    ],
    ids=["float", "float-in-list", "set", "bytes", "object", "int-key", "top-int-key"],
)
def test_body_type_errors(body: Any, path: str) -> None:
    with pytest.raises(mg.BodyTypeError) as err:
        mg.sign(body, SECRET)
    assert err.value.code == ErrorCode.INVALID_ARGUMENT
    assert err.value.path == path
    assert isinstance(err.value, TypeError)


@pytest.mark.parametrize("body", [1, 1.5, None, [1], object()])
def test_body_of_wrong_type_is_a_type_error(body: Any) -> None:
    with pytest.raises(mg.ArgumentTypeError) as err:
        mg.sign(body, SECRET)
    assert isinstance(err.value, TypeError) and err.value.code == ErrorCode.INVALID_ARGUMENT


def test_signed_body_must_be_raw() -> None:
    with pytest.raises(TypeError, match="not a mapping"):
        mg.verify({"a": 1}, SECRET)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        mg.parse_callback({"a": 1}, SECRET)  # type: ignore[arg-type]


# ---- signature errors (3xx) -------------------------------------------------------


def test_missing_signature() -> None:
    for call in (
        lambda: mg.verify(b'{"a":1}', SECRET),
        lambda: mg.parse_callback(b'{"a":1}', SECRET),
        lambda: mg.parse_signed_acknowledgement(b'{"a":1}', SECRET),
        lambda: mg.parse_status_response(b'{"a":1}', SECRET),
    ):
        with pytest.raises(mg.SignatureError) as err:
            call()
        assert err.value.code == ErrorCode.MISSING_SIGNATURE


def test_signature_not_string() -> None:
    with pytest.raises(mg.SignatureError) as err:
        mg.verify(b'{"a":1,"signature":5}', SECRET)
    assert err.value.code == ErrorCode.SIGNATURE_NOT_STRING


@pytest.mark.parametrize(
    "signature",
    ["", "not base64!", "QUJD", "A" * 88, "A" * 200],
    ids=["empty", "not-base64", "short", "wrong-value", "long"],
)
def test_signature_mismatch_is_opaque(signature: str) -> None:
    body = json.dumps({"a": 1, "signature": signature}).encode()
    with pytest.raises(mg.SignatureError) as err:
        mg.verify(body, SECRET)
    assert err.value.code == ErrorCode.SIGNATURE_MISMATCH
    assert str(err.value) == "signature mismatch"


def test_wrong_secret_is_a_mismatch() -> None:
    body = signed_callback(seed_callback())
    with pytest.raises(mg.SignatureError) as err:
        mg.parse_callback(body, "another secret")
    assert err.value.code == ErrorCode.SIGNATURE_MISMATCH


# ---- secrets (3xx) ------------------------------------------------------------------


@pytest.mark.parametrize("secret", ["", b"", bytearray()])
def test_empty_secret(secret: Any) -> None:
    with pytest.raises(mg.SecretError) as err:
        mg.sign(b"{}", secret)
    assert err.value.code == ErrorCode.EMPTY_SECRET
    with pytest.raises(mg.SecretError):
        mg.sign(b"{}", secret, allow_suspicious_secret=True)  # never allowed


SUSPICIOUS = [
    " k3y-Xq",
    "k3y-Xq ",
    "k3y-Xq\n",
    "\tk3y-Xq",
    "k3y\u00ad-Xq",
    "k3y\u200b-Xq",
    "\ufeffk3y-Xq",
    "k3y-Xq\u00a0",
    "k3y\u2060-Xq",
]


@pytest.mark.parametrize("secret", SUSPICIOUS, ids=[repr(s) for s in SUSPICIOUS])
def test_suspicious_secret_and_opt_out(secret: str) -> None:
    calls: list[Callable[[bool], object]] = [
        lambda allow: mg.sign(b"{}", secret, allow_suspicious_secret=allow),
        lambda allow: mg.sign(b"{}", secret.encode(), allow_suspicious_secret=allow),
        lambda allow: mg.sign_body(b"{}", secret, allow_suspicious_secret=allow),
        lambda allow: mg.Signer(secret, allow_suspicious_secret=allow),
        lambda allow: mg.cambodia_payout(cambodia_fields(), secret, allow_suspicious_secret=allow),
        lambda allow: mg.status_request(1, "p", secret, allow_suspicious_secret=allow),
    ]
    for call in calls:
        with pytest.raises(mg.SecretError) as err:
            call(False)
        assert err.value.code == ErrorCode.SUSPICIOUS_SECRET
        assert "k3y" not in str(err.value) and "k3y" not in repr(err.value)
        call(True)  # the keyword opt-out
    # Verification with the opt-out accepts what was signed with it.
    body = json.dumps({"a": 1, "signature": mg.sign({"a": 1}, secret, allow_suspicious_secret=True)})
    with pytest.raises(mg.SecretError):
        mg.verify(body, secret)
    assert mg.verify(body, secret, allow_suspicious_secret=True) == "natural"


def test_secret_of_wrong_type() -> None:
    with pytest.raises(TypeError, match="secret must be"):
        mg.sign(b"{}", 12345)  # type: ignore[arg-type]


def test_secret_str_with_lone_surrogate() -> None:
    with pytest.raises(mg.SecretError) as err:
        mg.sign(b"{}", "sec\ud800ret")
    assert err.value.code == ErrorCode.INVALID_UTF8


# ---- validation (2xx) -----------------------------------------------------------------


def test_validation_error() -> None:
    fields = cambodia_fields()
    fields["customer"]["phone"] = "+855 12"
    fields["payment"]["currency"] = "EUR"
    with pytest.raises(mg.ValidationError) as err:
        mg.cambodia_payout(fields, SECRET)
    assert err.value.code == ErrorCode.INVALID
    assert [(v.path, v.reason) for v in err.value.violations] == [
        ("customer.phone", "must contain only the digits 0-9"),
        ("payment.currency", "not a currency of this payment method"),
    ]
    assert [str(v) for v in err.value.violations] == [
        "customer.phone: must contain only the digits 0-9",
        'payment.currency: "EUR" is not a currency of Banks of Cambodia (allowed: KHR, USD)',
    ]
    assert "customer.phone: must contain only the digits 0-9" in str(err.value)
    assert "customer.phone: must contain only the digits 0-9" in repr(err.value)


@pytest.mark.parametrize(
    "amount, currency, code",
    [
        ("abc", "KHR", ErrorCode.AMOUNT_SYNTAX),
        ("1.005", "KHR", ErrorCode.AMOUNT_TOO_MANY_DECIMALS),
        ("1,00", "KHR", ErrorCode.AMOUNT_SEPARATOR),
        ("-1", "KHR", ErrorCode.AMOUNT_NEGATIVE),
        ("99999999999999999999", "KHR", ErrorCode.AMOUNT_OVERFLOW),
        ("1", "XYZ", ErrorCode.UNKNOWN_CURRENCY),  # not an ISO 4217 code
    ],
)
def test_amount_errors(amount: str, currency: str, code: ErrorCode) -> None:
    with pytest.raises(mg.AmountError) as err:
        mg.to_minor_units(amount, currency)
    assert err.value.code == code
    assert isinstance(err.value, ValueError)
    if code != ErrorCode.UNKNOWN_CURRENCY:
        assert f"{currency} has 2 decimal digits" in str(err.value)


def test_unknown_currency_digits() -> None:
    with pytest.raises(mg.AmountError) as err:
        mg.minor_unit_digits("XYZ")
    assert err.value.code == ErrorCode.UNKNOWN_CURRENCY


def test_unknown_payout_method() -> None:
    with pytest.raises(mg.ArgumentValueError, match="unknown payout method") as err:
        mg.banks("peru")  # type: ignore[arg-type]
    assert isinstance(err.value, ValueError) and err.value.code == ErrorCode.INVALID_ARGUMENT


def test_gate_error_can_be_raised_and_caught_generically() -> None:
    with pytest.raises(mg.GateError) as err:
        mg.verify(b"{", SECRET)
    assert isinstance(err.value.code, int)


def test_exceptions_survive_pickling() -> None:
    import pickle

    caught: list[mg.GateError] = []
    for call in (
        lambda: mg.verify(b"{", SECRET),
        lambda: mg.verify(b'{"a":1,"signature":""}', SECRET),
        lambda: mg.sign({"a": 1.5}, SECRET),
        lambda: mg.status_request(0, "", SECRET),
        lambda: mg.cambodia_payout(loose({"colour": "red"}), SECRET),
        lambda: mg.to_minor_units("x", "KHR"),
        lambda: mg.sign({"a": "x;y:z"}, SECRET),
        lambda: mg.sign(None, SECRET),  # type: ignore[arg-type]
        lambda: mg.banks("peru"),  # type: ignore[arg-type]
    ):
        try:
            call()
        except mg.GateError as err:
            caught.append(err)
    assert len(caught) == 9
    for original in caught:
        back = pickle.loads(pickle.dumps(original))
        assert type(back) is type(original)
        assert back.code == original.code and str(back) == str(original)
        assert back.__dict__ == original.__dict__
