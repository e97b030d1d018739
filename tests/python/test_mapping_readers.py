"""The two readers of a mapping body (ffi-python/src/values.rs): a ``dict``
of exact built-in types is read by the fast one, anything else (or such a
dict holding one thing it does not take) by the general one, from the start.
Each case signs, and makes the signed copy (its JSON written from what was
read) and the canonical string, exactly as the body's own ``json.dumps``
text does; the refusals are the general reader's, wherever in the body the
thing refused is.

Run against the installed wheel, like tests/python::

    .venv/bin/python -m pytest tests/python/test_mapping_readers.py -q
"""

from __future__ import annotations

import enum
import json
from collections import OrderedDict
from typing import Any, Dict, Iterator, List, Mapping

import pytest

import monetix_gate as mg
from helpers import Frozen

SECRET = "a-test-secret-of-some-length"


class Text(str):
    pass


class Number(int):
    pass


class Items(list):  # type: ignore[type-arg]
    pass


class Color(str, enum.Enum):
    RED = "red"


def nested(depth: int) -> Dict[str, Any]:
    body: Dict[str, Any] = {"leaf": 1}
    for _ in range(depth - 1):
        body = {"k": body}
    return body


# Bodies of exact built-in types only (the fast writer's).
EXACT: List[Dict[str, Any]] = [
    {},
    {"k": ""},
    {"ascii": "abcdefgh", "seven": "abcdefg", "nine": "abcdefghi", "long": "x" * 1000},
    {"é": "ü", "中文": "🔑", "ключ": "значение", "mixed": "a\u00e9\u4e2d\U0001f511z"},
    {"ctl\x00\x01\x1f\x7f": "nul \x00 bell \x07 esc \x1b del \x7f unit \x1f"},
    {"quote\"key": 'q " b \\ s / t \t n \n r \r bs \b ff \f', "end\\": "\\"},
    {"at8": 'abcdefg"', "at9": 'abcdefgh"', "at16": "a" * 15 + "\\", "at17": "a" * 16 + "\n"},
    {"ints": [0, 1, -1, 9, 10, -10, 2**31, -(2**31), 2**53 + 1, 2**63 - 1, -(2**63)]},
    {"bools": [True, False], "flag": True, "zero": 0, "one": 1, "none": None},
    {"list": [1, "two", [3, [4, [5, []]]], {"six": [6, {"seven": 7}]}], "empty": [], "obj": {}},
    {"tuple": (1, ("two", (3,)), [4, (5,)]), "single": (None,), "none": ()},
    {"general": {"project_id": 1, "payment_id": "p", "signature": "ignored"}, "signature": "x"},
    {f"key{i}": i if i % 2 else f"value {i}" for i in range(200)},
    {"items": [{"n": i, "text": f"line {i}\n"} for i in range(100)]},
    nested(16),
]

# Bodies the fast writer hands to the general one (somewhere inside).
OTHER: List[Any] = [
    {"big": 2**63},
    {"deep": {"u64": 2**64 - 1}, "after": "text"},
    {"neg": -(2**63) - 1},
    {"text": Text("sub"), "n": Number(7)},
    {Text("key"): "value"},
    {"enum": Color.RED},
    {"list": Items([1, 2, {"a": Items([3])}])},
    {"ordered": OrderedDict([("z", 1), ("a", 2)])},
    {"frozen": Frozen({"b": [1, Frozen({"c": "d"})]})},
    OrderedDict([("a", {"b": "c"})]),
    Frozen({"a": {"b": "c"}}),
]


def plain(value: Any) -> Any:
    """``value`` with its mappings as dicts (``json.dumps`` takes only those)."""
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def agrees(body: Any, allow_ambiguous: bool = False) -> None:
    text = json.dumps(plain(body))
    compact = json.dumps(plain(body), separators=(",", ":"), ensure_ascii=False).encode()
    want = mg.sign(text, SECRET, allow_ambiguous=allow_ambiguous)
    assert mg.sign(body, SECRET, allow_ambiguous=allow_ambiguous) == want
    signer = mg.Signer(SECRET, allow_ambiguous=allow_ambiguous)
    assert signer.sign(body) == want
    assert mg.sign(compact, SECRET, allow_ambiguous=allow_ambiguous) == want
    assert mg.canonical(body) == mg.canonical(text)
    assert signer.sign_body(body) == signer.sign_body(compact)
    assert mg.sign_body(body, SECRET, allow_ambiguous=allow_ambiguous) == signer.sign_body(compact)


@pytest.mark.parametrize("body", EXACT)
def test_exact_types_sign_like_their_json_text(body: Dict[str, Any]) -> None:
    agrees(body)


@pytest.mark.parametrize("body", OTHER)
def test_other_bodies_sign_like_their_json_text(body: Any) -> None:
    ambiguous = "big" in body or "deep" in body or "neg" in body
    agrees(body, allow_ambiguous=ambiguous)


def test_bool_is_written_as_a_bool() -> None:
    """``True`` is ``true`` in the body (``bool`` is an ``int`` subclass, and
    ``1`` in the canonical string either way, as the platform signs it)."""
    assert mg.sign({"a": True}, SECRET) == mg.sign(b'{"a":true}', SECRET)
    assert mg.sign({"a": False}, SECRET) == mg.sign(b'{"a":false}', SECRET)
    assert mg.sign_body({"a": True, "b": False, "c": 1, "d": 0}, SECRET).endswith(
        b'"a":true,"b":false,"c":1,"d":0}'
    )


def test_tuple_is_an_array() -> None:
    assert mg.sign({"a": (1, "b")}, SECRET) == mg.sign({"a": [1, "b"]}, SECRET)


@pytest.mark.parametrize(
    "body, path",
    [
        ({"a": [1, {"b": 1.5}]}, "a.1.b"),
        ({"a": {"b": {"c": [0, 0, float("nan")]}}}, "a.b.c.2"),
        ({"x": "ok", "y": [b"bytes"]}, "y.0"),
        ({"x": {"y": object()}}, "x.y"),
        ({"x": [{"ok": 1}, {"set": {1, 2}}]}, "x.1.set"),
    ],
)
def test_values_refused_anywhere_name_their_path(body: Dict[str, Any], path: str) -> None:
    with pytest.raises(mg.BodyTypeError) as err:
        mg.sign(body, SECRET)
    assert err.value.path == path
    with pytest.raises(mg.BodyTypeError) as again:
        mg.Signer(SECRET).sign(body)
    assert str(again.value) == str(err.value)


@pytest.mark.parametrize("body", [{1: "a"}, {"a": {None: 1}}, {"a": [{"b": {(1, 2): 3}}]}])
def test_keys_that_are_not_str_are_refused_anywhere(body: Dict[Any, Any]) -> None:
    with pytest.raises(mg.BodyTypeError, match="keys must be str"):
        mg.sign(body, SECRET)


@pytest.mark.parametrize(
    "body", [{"a": "\ud800"}, {"\udfff": 1}, {"a": [1, {"b": "x\ud800y"}]}, {"a": {"\ud800": "v"}}]
)
def test_lone_surrogates_are_refused_anywhere(body: Dict[str, Any]) -> None:
    with pytest.raises(mg.GateError) as err:
        mg.sign(body, SECRET)
    assert err.value.code == mg.ErrorCode.LONE_SURROGATE
    # The writers leave no exception behind: the next body signs.
    assert mg.sign({"a": 1}, SECRET) == mg.sign(b'{"a":1}', SECRET)


def test_depth_limit_is_the_same_for_every_container() -> None:
    agrees(nested(16))
    lists: Any = 1
    tuples: Any = 1
    for _ in range(16):
        lists, tuples = [lists], (tuples,)
    agrees({"a": lists[0]})
    agrees({"a": tuples[0]})
    for too_deep in (nested(17), {"a": lists}, {"a": tuples}, {"a": [{"b": tuples[0]}]}):
        with pytest.raises(mg.GateError) as err:
            mg.sign(too_deep, SECRET)
        assert err.value.code == mg.ErrorCode.TOO_DEEP
    cyclic: Dict[str, Any] = {}
    cyclic["self"] = cyclic
    with pytest.raises(mg.GateError) as err:
        mg.sign(cyclic, SECRET)
    assert err.value.code == mg.ErrorCode.TOO_DEEP


def test_a_mapping_that_signs_while_it_is_read() -> None:
    """A user mapping whose reading signs another body (a call within a call,
    each with its own buffer)."""
    inner = {"inner": "body", "n": [1, 2, 3]}
    seen: List[str] = []

    class Signing(Frozen):
        def __iter__(self) -> Iterator[str]:
            seen.append(mg.sign(inner, SECRET))
            return super().__iter__()

    body = {"a": "first", "b": Signing({"c": "d"}), "e": "last"}
    want = mg.sign(json.dumps({"a": "first", "b": {"c": "d"}, "e": "last"}), SECRET)
    assert mg.sign(body, SECRET) == want
    assert seen and all(s == mg.sign(json.dumps(inner), SECRET) for s in seen)


def test_bodies_of_every_size_one_after_another() -> None:
    """The reused buffer: a large body, then small ones, then after a refusal."""
    large = {"items": [{"n": i, "text": "x" * 100} for i in range(1000)]}
    small = {"a": "b"}
    for body in (large, small, large, small):
        assert mg.sign(body, SECRET) == mg.sign(json.dumps(body), SECRET)
    with pytest.raises(mg.BodyTypeError):
        mg.sign({"a": "long text " * 50, "b": 1.5}, SECRET)
    assert mg.sign_body(small, SECRET) == mg.sign_body(json.dumps(small, separators=(",", ":")), SECRET)
