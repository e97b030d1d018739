"""Odd input of every kind: each failure is a GateError subclass, never a
bare Python exception or a panic, and an ``int`` subclass is signed by its
real value, never by what its overridden methods say."""

from __future__ import annotations

import decimal
import json
import sys
from typing import Any, Callable, Dict, List

import pytest

import monetix_gate as mg
from helpers import SECRET, Frozen, cambodia_fields, loose

# ---- integers ------------------------------------------------------------------------


class Liar(int):
    """An int whose every conversion method lies (or fails)."""

    def __index__(self) -> int:
        return 666

    def __int__(self) -> int:
        return 666

    def __str__(self) -> str:
        return "666"

    def __repr__(self) -> str:
        return "666"

    def __format__(self, spec: str) -> str:
        return "666"


class Raiser(int):
    """An int whose conversion methods raise."""

    def __index__(self) -> int:
        raise RuntimeError("__index__ called")

    def __int__(self) -> int:
        raise RuntimeError("__int__ called")

    def __str__(self) -> str:
        raise RuntimeError("__str__ called")

    def __repr__(self) -> str:
        raise RuntimeError("__repr__ called")


@pytest.mark.parametrize("cls", [Liar, Raiser])
@pytest.mark.parametrize("value", [5, -7, 2**63 - 1, -(2**63), 2**64 - 1, 2**100, -(10**30)])
def test_int_subclass_is_signed_by_its_value(cls: type, value: int) -> None:
    fake = cls(value)
    want = mg.sign({"a": value, "b": [value]}, SECRET, allow_ambiguous=True)
    assert mg.sign({"a": fake, "b": [fake]}, SECRET, allow_ambiguous=True) == want
    assert mg.canonical({"a": fake, "b": [fake]}) == mg.canonical({"a": value, "b": [value]})


@pytest.mark.parametrize("cls", [Liar, Raiser])
def test_int_subclass_in_typed_requests(cls: type) -> None:
    fields = loose(cambodia_fields())
    want = mg.cambodia_payout(fields, SECRET)
    fields["payment"]["amount"] = cls(fields["payment"]["amount"])
    fields["general"]["project_id"] = cls(fields["general"]["project_id"])
    fields["account"]["bank_id"] = cls(fields["account"]["bank_id"])
    assert mg.cambodia_payout(fields, SECRET) == want
    assert mg.status_request(cls(1234), "p1", SECRET) == mg.status_request(1234, "p1", SECRET)


def test_str_subclass_is_signed_by_its_text() -> None:
    class Fake(str):
        def __str__(self) -> str:
            return "fake"

        def __repr__(self) -> str:
            return "fake"

    assert mg.sign({Fake("k"): Fake("v")}, SECRET) == mg.sign({"k": "v"}, SECRET)
    assert mg.sign(Fake('{"k":"v"}'), SECRET) == mg.sign({"k": "v"}, SECRET)
    assert mg.verify(Fake(mg.sign_body({"k": "v"}, SECRET).decode()), SECRET) == "natural"


@pytest.mark.parametrize("digits", [310, 640, 4301, 10_000, 100_000])
def test_integer_too_long_for_str_conversion(digits: int) -> None:
    """Past 2^1024 an integer is beyond a 64-bit float, refused whatever its
    digits (NUMBER_OUT_OF_RANGE), even past CPython's int-to-str limit."""
    old = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else None
    try:
        if old is not None:
            sys.set_int_max_str_digits(640)
        huge = 10 ** (digits - 1)
        for body in ({"a": huge}, {"a": {"b": [-huge]}}, {"a": Liar(huge)}):
            for allow in (False, True):
                with pytest.raises(mg.InvalidInputError) as err:
                    mg.sign(body, SECRET, allow_ambiguous=allow)
                assert err.value.code == mg.ErrorCode.NUMBER_OUT_OF_RANGE
            with pytest.raises(mg.InvalidInputError):
                mg.canonical(body)
        # The same as the engine says of the literal itself.
        if digits < 640:
            with pytest.raises(mg.InvalidInputError) as err:
                mg.sign('{"a":' + str(huge) + "}", SECRET, allow_ambiguous=True)
            assert err.value.code == mg.ErrorCode.NUMBER_OUT_OF_RANGE
        # A payout field: a number beyond 64 bits, which core's reader says
        # is not an integer of 64 bits (as of the same JSON number).
        fields = cambodia_fields()
        fields["payment"]["amount"] = huge
        with pytest.raises(mg.ValidationError) as verr:
            mg.cambodia_payout(fields, SECRET)
        assert [str(v) for v in verr.value.violations] == ["payment.amount: must be an integer (64-bit)"]
    finally:
        if old is not None:
            sys.set_int_max_str_digits(old)


def test_largest_integers_below_the_float_range() -> None:
    """Up to 2^1024 the digits are written and the engine decides."""
    for value in (2**1023, 10**308, -(10**308)):
        text = '{"a":' + str(value) + "}"
        assert mg.sign({"a": value}, SECRET, allow_ambiguous=True) == mg.sign(text, SECRET, allow_ambiguous=True)
    for value in (2**1024 - 1, 2**1024):
        with pytest.raises(mg.InvalidInputError) as err:
            mg.sign({"a": value}, SECRET, allow_ambiguous=True)
        assert err.value.code == mg.ErrorCode.NUMBER_OUT_OF_RANGE


# ---- mappings --------------------------------------------------------------------------


def test_mapping_that_changes_its_parent_while_read() -> None:
    """A mapping whose reading adds to and deletes from the dict being
    written: the members taken before are signed, nothing panics."""
    outer: Dict[str, Any] = {}

    class Meddler(Frozen):
        def items(self) -> Any:
            outer["added"] = 1
            outer.pop("z", None)
            return super().items()

    outer.update({"a": 1, "m": Meddler({"k": "v"}), "z": 2})
    snapshot = {"a": 1, "m": {"k": "v"}, "z": 2}
    assert mg.sign(outer, SECRET) == mg.sign(snapshot, SECRET)
    assert "added" in outer and "z" not in outer


@pytest.mark.parametrize(
    "items",
    [lambda: [("a",)], lambda: [1, 2], lambda: 5, lambda: [("a", 1, 2)]],
    ids=["short-pair", "not-pairs", "not-iterable", "triple"],
)
def test_mapping_with_bad_items(items: Callable[[], Any]) -> None:
    class Bad(Frozen):
        def items(self) -> Any:
            return items()

    with pytest.raises(mg.BodyTypeError) as err:
        mg.sign({"m": Bad({"a": 1})}, SECRET)
    assert err.value.path == "m" and err.value.__cause__ is not None
    fields = loose(cambodia_fields())
    fields["customer"] = Bad({"id": "x"})
    with pytest.raises(mg.BodyTypeError) as err:
        mg.cambodia_payout(fields, SECRET)
    assert err.value.path == "customer"


def test_payout_fields_mapping_that_raises() -> None:
    class Broken(Frozen):
        def items(self) -> Any:
            raise KeyError("gone")

    fields = loose(cambodia_fields())
    fields["account"] = Broken({})
    with pytest.raises(mg.BodyTypeError) as err:
        mg.cambodia_payout(fields, SECRET)
    assert err.value.path == "account" and isinstance(err.value.__cause__, KeyError)
    with pytest.raises(mg.BodyTypeError):
        mg.Signer(SECRET).colombia_payout(loose(Broken({})))


def test_keyboard_interrupt_is_not_swallowed() -> None:
    class Interrupted(Frozen):
        def items(self) -> Any:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        mg.sign({"m": Interrupted({})}, SECRET)


@pytest.mark.parametrize(
    "value, path",
    [
        (float("nan"), "a"),
        (float("inf"), "a"),
        (decimal.Decimal("1.5"), "a"),
        (complex(1, 2), "a"),
        (b"bytes", "a"),
        (bytearray(b"x"), "a"),
        (memoryview(b"x"), "a"),
        ({1, 2}, "a"),
        (frozenset(), "a"),
        (object(), "a"),
        (type, "a"),
        (len, "a"),
        (iter([1]), "a"),
        (range(3), "a"),
        ([1, {"b": 1.5}], "a.1.b"),
        ({"b": {2: "x"}}, "a.b"),
    ],
)
def test_values_that_are_not_json(value: Any, path: str) -> None:
    with pytest.raises(mg.BodyTypeError) as err:
        mg.sign({"a": value}, SECRET)
    assert err.value.path == path
    assert isinstance(err.value, TypeError) and isinstance(err.value, mg.ArgumentTypeError)


def test_cyclic_list_and_deep_nesting() -> None:
    cyclic: List[Any] = []
    cyclic.append(cyclic)
    deep: List[Any] = [1]
    for _ in range(20):
        deep = [deep]
    for body in ({"a": cyclic}, {"a": deep}):
        with pytest.raises(mg.InvalidInputError) as err:
            mg.sign(body, SECRET)
        assert err.value.code == mg.ErrorCode.TOO_DEEP


def test_lone_surrogates_in_keys_and_values() -> None:
    for body in ({"\ud800": 1}, {"a": ["\udfff"]}):
        with pytest.raises(mg.InvalidInputError) as err:
            mg.sign(body, SECRET)
        assert err.value.code == mg.ErrorCode.LONE_SURROGATE
    # In request fields: the same class and code as `sign` gives, with the path.
    fields = cambodia_fields()
    fields["customer"]["id"] = "\ud800"
    with pytest.raises(mg.InvalidInputError) as err:
        mg.cambodia_payout(fields, SECRET)
    assert err.value.code == mg.ErrorCode.LONE_SURROGATE and err.value.offset is None
    assert "(at customer.id)" in str(err.value)
    key = loose(cambodia_fields())
    key["customer"]["\udfff"] = 1
    with pytest.raises(mg.InvalidInputError) as err:
        mg.cambodia_payout(key, SECRET)
    assert err.value.code == mg.ErrorCode.LONE_SURROGATE


def test_request_fields_that_cannot_be_read() -> None:
    """A key that is not a str, and nesting past the depth of JSON bodies
    (a mapping that holds itself): the same classes as ``sign`` raises."""
    fields = loose(cambodia_fields())
    fields["customer"][1] = "int key"
    with pytest.raises(mg.BodyTypeError) as berr:
        mg.cambodia_payout(fields, SECRET)
    assert berr.value.path == "customer"
    with pytest.raises(mg.BodyTypeError):
        mg.sign({"customer": {1: "int key"}}, SECRET)
    cyclic: Dict[str, Any] = {}
    cyclic["general"] = cyclic
    with pytest.raises(mg.InvalidInputError) as err:
        mg.cambodia_payout(loose(cyclic), SECRET)
    assert err.value.code == mg.ErrorCode.TOO_DEEP and "16 levels" in str(err.value)
    # Lists are not looked into: no request field is one.
    listy = loose(cambodia_fields())
    loop: List[Any] = []
    loop.append(loop)
    listy["extras"] = {"customer.tags": loop}
    with pytest.raises(mg.ValidationError) as verr:
        mg.cambodia_payout(listy, SECRET)
    assert [str(v) for v in verr.value.violations] == ["customer.tags: must be a string, an integer or a boolean"]


# ---- argument types ---------------------------------------------------------------------


@pytest.mark.parametrize("body", [None, 1, 1.5, [1], (1,), memoryview(b"{}"), object()])
def test_body_of_wrong_type(body: Any) -> None:
    calls: List[Callable[[], object]] = [
        lambda: mg.sign(body, SECRET),
        lambda: mg.sign_body(body, SECRET),
        lambda: mg.canonical(body),
        lambda: mg.verify(body, SECRET),
        lambda: mg.parse_callback(body, SECRET),
        lambda: mg.parse_unsigned_acknowledgement(body),
        lambda: mg.parse_signed_acknowledgement(body, SECRET),
        lambda: mg.parse_status_response(body, SECRET),
        lambda: mg.parse_status_response_unverified(body),
        lambda: mg.Signer(SECRET).verify(body),
    ]
    for call in calls:
        with pytest.raises(mg.ArgumentTypeError) as err:
            call()
        assert isinstance(err.value, TypeError)
        assert err.value.code == mg.ErrorCode.INVALID_ARGUMENT


@pytest.mark.parametrize("secret", [None, 12345, ["s"], memoryview(b"s")])
def test_secret_of_wrong_type(secret: Any) -> None:
    for call in (
        lambda: mg.sign(b"{}", secret),
        lambda: mg.Signer(secret),
        lambda: mg.verify(b"{}", secret),
        lambda: mg.status_request(1, "p", secret),
    ):
        with pytest.raises(mg.ArgumentTypeError, match="secret must be"):
            call()


def test_fields_and_ids_of_wrong_type() -> None:
    with pytest.raises(mg.ArgumentTypeError):
        mg.cambodia_payout([("general", {})], SECRET)  # type: ignore[arg-type]
    with pytest.raises(mg.ValidationError) as err:
        mg.status_request("1234", 5, SECRET)  # type: ignore[call-overload]
    assert [v.path for v in err.value.violations] == ["general.project_id", "general.payment_id"]
    with pytest.raises(mg.ValidationError):
        mg.status_request(2**70, "p", SECRET)
    with pytest.raises(mg.ValidationError):
        mg.status_request(1, {"a": 1}, SECRET)  # type: ignore[call-overload]


def test_money_and_bank_arguments() -> None:
    with pytest.raises(mg.AmountError) as aerr:
        mg.to_minor_units("1\ud800", "KHR")
    assert aerr.value.code == mg.ErrorCode.AMOUNT_SYNTAX
    with pytest.raises(mg.AmountError) as aerr:
        mg.to_minor_units("1", "KH\ud800")
    assert aerr.value.code == mg.ErrorCode.UNKNOWN_CURRENCY
    with pytest.raises(mg.AmountError):
        mg.minor_unit_digits("\ud800")
    for bad in (None, 5, b"KHR"):
        with pytest.raises(mg.ArgumentTypeError):
            mg.to_minor_units("1", bad)  # type: ignore[arg-type]
        with pytest.raises(mg.ArgumentTypeError):
            mg.from_minor_units(1, bad)  # type: ignore[arg-type]
    for amount in (1.5, True, None, b"1", [1]):
        with pytest.raises(mg.ArgumentTypeError):
            mg.to_minor_units(amount, "KHR")  # type: ignore[arg-type]
        with pytest.raises(mg.ArgumentTypeError):
            mg.from_minor_units(amount, "KHR")  # type: ignore[arg-type]
        with pytest.raises(mg.ArgumentTypeError):
            mg.banks(bad)  # type: ignore[arg-type]
    with pytest.raises(mg.ArgumentValueError) as verr:
        mg.banks("camb\ud800dia")  # type: ignore[arg-type]
    assert isinstance(verr.value, ValueError) and verr.value.code == mg.ErrorCode.INVALID_ARGUMENT
    assert mg.bank_by_name("cambodia", "\ud800") is None
    assert mg.search_banks("colombia", "\ud800") == []
    assert mg.bank_by_id("cambodia", 2**100) is None
    assert mg.bank_by_id("cambodia", -1) is None
    with pytest.raises(mg.ArgumentTypeError):
        mg.bank_by_id("cambodia", "61021")  # type: ignore[arg-type]
    first = mg.banks("cambodia")[0]
    assert mg.bank_by_id("cambodia", Liar(first.id)) == first


# ---- raw bodies ---------------------------------------------------------------------------


def test_bytes_and_bytearray_subclasses_and_huge_bodies() -> None:
    class B(bytes):
        pass

    class BA(bytearray):
        pass

    signed = mg.sign_body({"a": "b"}, SECRET)
    assert mg.verify(B(signed), SECRET) == "natural"
    assert mg.verify(BA(signed), SECRET) == "natural"
    big = json.dumps({"a": "x" * (1 << 20)})
    assert mg.verify(mg.sign_body(big, SECRET), SECRET) == "natural"


@pytest.mark.parametrize(
    "body",
    [b"\x00", b"\xff\xfe{}", b'{"a":1}\x00', b"{" * 100_000, b'{"a":"' + b"\\u" * 1000 + b'"}', b" " * 10_000],
    ids=["nul", "bom-ish", "trailing-nul", "deep", "bad-escapes", "blank"],
)
def test_garbage_bodies_are_gate_errors(body: bytes) -> None:
    for call in (
        lambda: mg.verify(body, SECRET),
        lambda: mg.parse_callback(body, SECRET),
        lambda: mg.sign(body, SECRET),
        lambda: mg.parse_unsigned_acknowledgement(body),
    ):
        with pytest.raises(mg.GateError):
            call()
