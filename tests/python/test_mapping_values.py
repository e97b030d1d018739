"""A mapping body is signed from its values (ffi-python/src/values.rs: core's
``Values`` table, no JSON text written or parsed): ``sign``, ``Signer.sign``
and ``canonical`` give exactly what they give for the body's compact JSON
text, and every refusal is the one the JSON text gets (class, code, message,
path, byte offset). ``sign_body`` still writes the JSON it returns, so its
refusals are the reference for the same mapping."""

from __future__ import annotations

import gc
import json
import re
import threading
from collections import OrderedDict
from types import MappingProxyType
from typing import Any, Callable, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple

import pytest

import monetix_gate as mg
from helpers import SECRET, ticks_during

RULE = "a ';' followed by ':' could forge a signed line"


def compact(body: Any) -> bytes:
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()


class Pairs(Mapping[str, Any]):
    """A mapping that lists the items it was given, duplicates included."""

    def __init__(self, items: Sequence[Tuple[Any, Any]]) -> None:
        self._items = list(items)

    def __getitem__(self, key: str) -> Any:
        for k, v in self._items:
            if k == key:
                return v
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(k for k, _ in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def items(self) -> Any:
        return list(self._items)


def pairs_json(items: Sequence[Tuple[str, Any]]) -> bytes:
    """The compact JSON of an object with these members, duplicates kept."""
    inner = ",".join(compact(k).decode() + ":" + compact(v).decode() for k, v in items)
    return ("{" + inner + "}").encode()


# ---- bodies that sign like their JSON text -------------------------------------------

BODIES: List[Dict[str, Any]] = [
    {},
    {"a": None, "b": True, "c": False, "d": 0, "e": -1, "f": 1},
    {"min": -(2**63), "max": 2**63 - 1, "neg": -42, "zero": 0},
    {"general": {"project_id": 42, "payment_id": "p-1"}, "payment": {"amount": 1000, "currency": "USD"}},
    {"text": 'quote " backslash \\ slash / tab \t nl \n cr \r bs \b ff \f nul \x00 us \x1f del \x7f'},
    {'key "quoted"': 1, "back\\slash": 2, "ctl\x01\n": 3, "tab\tkey": "v"},
    {"unicode": "é ü ñ 中文 🔑", "ключ": "значение", "emoji🔑": ["🔑", "ü"], "ß": {"straße": "groß"}},
    {"item 10": 1, "item 2": 2, "item 1": 3, "a10": 4, "a2": 5, "a1": 6, "a 1": 7, "A1": 8, "b": 9},
    {"k": {"10": "ten", "9": "nine", "1 0": "spaced", "01": "lead"}, "x1y10": 1, "x1y9": 2},
    {"list": [1, "two", [3, [4, [5]]], {"six": [6, {"seven": 7}]}], "empty": [], "obj": {}},
    {"tuple": (1, ("two", (3,)), [4, (5,)]), "single": (None,), "none": ()},
    {"many": list(range(25)), "objects": [{"n": i, "t": f"line {i}"} for i in range(12)]},
    {"frame_mode": "iframe", "nested": {"frame_mode": {"deep": [1, 2]}, "k": "v"}},
    {"general": {"project_id": 1, "signature": "left out"}, "signature": "left out too", "z": "z"},
    {"general": {"signature": {"nested": "object"}}, "a": [{"signature": "kept in an array"}]},
    {"signature": ["left", "out"], "general": "not an object", "b": 1},
    {"a": {"general": {"signature": "kept: not the top-level general"}}},
    {"e": "", "n": None, "z": [None, "", 0]},
    {"deep": {"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": {"i": {"j": {"k": {"l": {"m": {"n": 1}}}}}}}}}}}}}}},
    {f"key{i}": i if i % 3 else f"value {i}" for i in range(63)},
    {f"key{i}": i for i in range(64)},
    {f"key{i}": [i] for i in range(40)},
    {"long": "x" * 5000, "utf8": "é" * 3000},
]


@pytest.mark.parametrize("body", BODIES)
def test_signs_like_its_compact_json(body: Dict[str, Any]) -> None:
    text = compact(body)
    want = mg.sign(text, SECRET)
    assert mg.sign(body, SECRET) == want
    assert mg.Signer(SECRET).sign(body) == want
    assert mg.canonical(body) == mg.canonical(text)
    assert mg.sign(body, SECRET) == mg.sign(json.dumps(body), SECRET)


def test_the_reference_bodies_are_not_trivial() -> None:
    """The canonical strings above differ from one another and order keys
    naturally (a mistake in ordering or escaping would show)."""
    assert mg.canonical(BODIES[7]) == "A1:8;a1:6;a 1:7;a2:5;a10:4;b:9;item 1:3;item 2:2;item 10:1"
    assert mg.canonical(BODIES[8]) == "k:01:lead;k:1 0:spaced;k:9:nine;k:10:ten;x1y9:2;x1y10:1"
    assert mg.canonical({"general": {"signature": "x", "a": 1}, "signature": "y"}) == "general:a:1"
    assert mg.canonical({"frame_mode": 1, "a": True, "b": False, "c": None}) == "a:1;b:0;c:"
    assert len({mg.sign(b, SECRET) for b in BODIES}) == len({compact(b) for b in BODIES})


@pytest.mark.parametrize(
    "body",
    [
        {"u64": 2**64 - 1},
        {"big": 2**63, "neg": -(2**63) - 1},
        {"a": [{"huge": 10**30}, -(10**40)]},
        {"f": 2**1023, "g": 10**308, "h": -(10**308)},
        {"frame_mode": {"big": 2**70}, "ok": 1},
    ],
)
def test_integers_beyond_64_bits_sign_as_their_digits(body: Dict[str, Any]) -> None:
    """Refused by default like their JSON text (integer_range), signed like
    it with the opt-in; the canonical string is never refused."""
    text = compact(body)
    assert mg.sign(body, SECRET, allow_ambiguous=True) == mg.sign(text, SECRET, allow_ambiguous=True)
    assert mg.canonical(body) == mg.canonical(text)
    if "frame_mode" in body:
        assert mg.sign(body, SECRET) == mg.sign(text, SECRET)
        return
    with pytest.raises(mg.AmbiguousDataError) as err:
        mg.sign(body, SECRET)
    assert err.value.reason == "integer_range"


def test_other_mappings_and_subclasses_sign_by_value() -> None:
    class Text(str):
        def __str__(self) -> str:
            return "lie"

    class Number(int):
        def __index__(self) -> int:
            return 666

        def __repr__(self) -> str:
            return "666"

    class Items(list):  # type: ignore[type-arg]
        pass

    plain = {"a": "b", "n": 7, "l": [1, 2], "m": {"x": "y"}, "big": 2**70}
    text = compact(plain)
    odd: List[Any] = [
        OrderedDict(plain),
        MappingProxyType(plain),
        Pairs(list(plain.items())),
        {Text("a"): Text("b"), "n": Number(7), "l": Items([1, 2]), "m": Pairs([("x", "y")]), "big": Number(2**70)},
        {"a": "b", "n": 7, "l": (1, 2), "m": OrderedDict(x="y"), "big": 2**70},
    ]
    want = mg.sign(text, SECRET, allow_ambiguous=True)
    for body in odd:
        assert mg.sign(body, SECRET, allow_ambiguous=True) == want
        assert mg.canonical(body) == mg.canonical(text)


# ---- refusals: the same as the JSON path's ----------------------------------------------


def described(call: Callable[[], object]) -> Tuple[Any, ...]:
    """Everything a refusal says: class, code, message and attributes."""
    with pytest.raises(mg.GateError) as err:
        call()
    e = err.value
    cause = e.__cause__
    return (
        type(e),
        e.code,
        str(e),
        e.args,
        getattr(e, "offset", None),
        getattr(e, "path", None),
        getattr(e, "reason", None),
        type(cause) if cause is not None else None,
    )


@pytest.mark.parametrize(
    "body, path, reason, message",
    [
        ({"a": {"b": "x;y:z"}}, "a.b", "separator", f"a.b: {RULE}"),
        ({"a": 1, "l": [1, "ok", "x;y:z"]}, "l.2", "separator", f"l.2: {RULE}"),
        ({"a:b": 1}, "a:b", "key", "key \"a:b\": keys must not be empty or contain ';' or ':'"),
        ({"p": {"x;": 1}}, "p.x;", "key", "key p.\"x;\": keys must not be empty or contain ';' or ':'"),
        ({"p": {"": 1}}, "p.", "key", "key p.\"\": keys must not be empty or contain ';' or ':'"),
        ({"p": {'q"r:': 1}}, 'p.q"r:', "key", "key p.\"q\\\"r:\": keys must not be empty or contain ';' or ':'"),
        ({"p": [{"k\n:": 1}]}, "p.0.k\\n:", "key", None),
        ({"n": -(2**63) - 1}, "n", "integer_range", None),
        ({"z": {"y": [0, 2**64]}}, "z.y.1", "integer_range", None),
        ({"k" * 300 + ":": 1}, None, "key", None),
        ({"é": {"ü;": "v"}, "ok": "fine"}, "é.ü;", "key", None),
        ({"frame_mode": "a;b:c", "general": {"signature": "s;t:u"}, "x": "y;z:w"}, "x", "separator", None),
    ],
)
def test_ambiguous_data_is_refused_as_its_json_text(
    body: Dict[str, Any], path: Optional[str], reason: str, message: Optional[str]
) -> None:
    text = compact(body)
    want = described(lambda: mg.sign(text, SECRET))
    assert want[0] is mg.AmbiguousDataError
    assert described(lambda: mg.sign(body, SECRET)) == want
    assert described(lambda: mg.Signer(SECRET).sign(body)) == want
    assert described(lambda: mg.sign_body(body, SECRET)) == want
    with pytest.raises(mg.AmbiguousDataError) as err:
        mg.sign(body, SECRET)
    e = err.value
    assert e.reason == reason
    if path is not None:
        assert e.path == path
    if message is not None:
        assert str(e) == message
    # The byte offset is that of the member in the body's compact JSON.
    assert e.offset is not None and chr(text[e.offset]) in '"-0123456789'
    assert mg.sign(body, SECRET, allow_ambiguous=True) == mg.sign(text, SECRET, allow_ambiguous=True)
    assert mg.canonical(body) == mg.canonical(text)


def test_a_long_ambiguous_key_is_cut_in_the_message() -> None:
    body = {"outer": {"k" * 300 + ":": 1}}
    with pytest.raises(mg.AmbiguousDataError) as err:
        mg.sign(body, SECRET)
    assert err.value.path == "outer." + "k" * 200 + "..."
    assert str(err.value).startswith('key outer."' + "k" * 200 + '"...: ')


@pytest.mark.parametrize(
    "items",
    [
        [("a", 1), ("a", 2)],
        [("x", "first"), ("y", [1, 2]), ("x", {"n": 1})],
        [("o", {"p": 1}), ("é", 1), ("é", 2)],
        [(f"k{i}", i) for i in range(100)] + [("k5", "again")],
    ],
)
def test_duplicate_keys_from_a_mapping_are_refused_as_their_json_text(items: List[Tuple[str, Any]]) -> None:
    text = pairs_json(items)
    want = described(lambda: mg.sign(text, SECRET))
    assert want[1] == mg.ErrorCode.DUPLICATE_KEY and want[4] is not None
    body = Pairs(items)
    assert described(lambda: mg.sign(body, SECRET)) == want
    assert described(lambda: mg.Signer(SECRET).sign(body)) == want
    assert described(lambda: mg.canonical(body)) == described(lambda: mg.canonical(text))
    assert described(lambda: mg.sign_body(body, SECRET)) == want
    nested = {"first": [1, 2], "inner": Pairs(items)}
    nested_text = b'{"first":[1,2],"inner":' + text + b"}"
    assert described(lambda: mg.sign(nested, SECRET)) == described(lambda: mg.sign(nested_text, SECRET))


def test_keys_that_differ_only_in_escaping_are_not_duplicates() -> None:
    body = Pairs([("a", 1), ("a\n", 2), ('a"', 3), ("a\\", 4), ("A", 5)])
    text = pairs_json(list(body.items()))
    assert mg.sign(body, SECRET) == mg.sign(text, SECRET)
    assert mg.canonical(body) == mg.canonical(text)


#: Bodies refused while they are read, and where: the error the JSON path
#: (``sign_body``, which still writes JSON) gives is the reference.
REFUSED: List[Any] = [
    {"a": 1, "b": "x\ud800"},
    {"list": [1, "two", "\udfff"], "after": 1},
    {"ok": {"é": "ü"}, "\ud800": 1},
    {"a": [{"b": 1}, {"c": 2, "\udc00k": 3}]},
    {"tuple": ("a", ("b", "\ud800"))},
    {"n": 2**1024},
    {"a": [1, {"n": -(2**1024) + 1}], "z": 0},
    {"a": "x" * 40, "n": 2**1024 - 1},
    {"n": 10**400},
    {"a": 1.5},
    {"a": [1, {"b": float("nan")}]},
    {"x": "ok", "y": [b"bytes"]},
    {"x": {"y": object()}},
    {1: "a"},
    {"a": {None: 1}},
    {"a": [{"b": {(1, 2): 3}}]},
    {"set": {1, 2}},
]


@pytest.mark.parametrize("body", REFUSED)
def test_refusals_while_reading_are_those_of_the_json_path(body: Dict[Any, Any]) -> None:
    want = described(lambda: mg.sign_body(body, SECRET))
    assert described(lambda: mg.sign(body, SECRET)) == want
    assert described(lambda: mg.sign(body, SECRET, allow_ambiguous=True)) == want
    assert described(lambda: mg.Signer(SECRET).sign(body)) == want
    assert described(lambda: mg.canonical(body)) == want


def test_the_offsets_of_refusals_while_reading() -> None:
    """A lone surrogate or an integer beyond a 64-bit float is reported at
    the byte offset its value (or, for a key, the member) would have in the
    body's compact JSON, as the JSON path always did."""
    cases: List[Tuple[Dict[str, Any], str, mg.ErrorCode]] = [
        ({"a": 1, "b": "x\ud800"}, '{"a":1,"b":', mg.ErrorCode.LONE_SURROGATE),
        ({"a": 1, "\ud800": 1}, '{"a":1', mg.ErrorCode.LONE_SURROGATE),
        ({"\ud800": 1}, "{", mg.ErrorCode.LONE_SURROGATE),
        ({"q": 'say "hi"', "l": [[], {}, "\ud800"]}, '{"q":"say \\"hi\\"","l":[[],{},', mg.ErrorCode.LONE_SURROGATE),
        ({"é": {"k": [1, 2**1024]}}, '{"é":{"k":[1,', mg.ErrorCode.NUMBER_OUT_OF_RANGE),
        ({"m": {"a": {}}, "n": 2**1024 - 1}, '{"m":{"a":{}},"n":', mg.ErrorCode.NUMBER_OUT_OF_RANGE),
    ]
    for body, before, code in cases:
        with pytest.raises(mg.InvalidInputError) as err:
            mg.sign(body, SECRET)
        assert err.value.code == code
        assert err.value.offset == len(before.encode()), body
        assert str(err.value).endswith(f" at byte {len(before.encode())}")


def test_depth_limit_and_cycles() -> None:
    body: Dict[str, Any] = {"leaf": 1}
    for _ in range(15):
        body = {"k": body}
    assert mg.sign(body, SECRET) == mg.sign(compact(body), SECRET)
    too_deep = {"k": body}
    cyclic: Dict[str, Any] = {}
    cyclic["self"] = cyclic
    for refused in (too_deep, cyclic, {"a": [[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]}):
        want = described(lambda: mg.sign_body(refused, SECRET))
        assert want[1] == mg.ErrorCode.TOO_DEEP
        assert described(lambda: mg.sign(refused, SECRET)) == want
        assert described(lambda: mg.canonical(refused)) == want


# ---- table sizes --------------------------------------------------------------------------


@pytest.mark.parametrize("values", [63, 64, 65, 512, 513, 2048, 2049, 8192, 8193, 16384])
def test_every_table_at_its_capacity(values: int) -> None:
    """A body of exactly ``values`` values gets the smallest table that holds
    it (the larger ones on a thread of their own)."""
    body = {"a": [f"v{i}" if i % 2 else i for i in range(values - 1)]}
    text = compact(body)
    assert mg.sign(body, SECRET) == mg.sign(text, SECRET)
    assert mg.canonical(body) == mg.canonical(text)
    flat = {f"k{i}": i for i in range(min(values, 600))}
    assert mg.sign(flat, SECRET) == mg.sign(compact(flat), SECRET)


@pytest.mark.parametrize("members", [64, 65, 300, 5000])
def test_wide_objects(members: int) -> None:
    """Wide objects (core's table checks their keys for duplicates by
    fingerprint): the same results as their JSON."""
    flat = {f"key {i}": f"v{i}" if i % 2 else i for i in range(members)}
    nested = {"a": [flat, {"b": flat}], "c": 1}
    for body in (flat, nested, OrderedDict(flat)):
        text = compact(body)
        assert mg.sign(body, SECRET) == mg.sign(text, SECRET)
        assert mg.canonical(body) == mg.canonical(text)
    ambiguous = dict(flat, last="x;y:z")
    assert described(lambda: mg.sign(ambiguous, SECRET)) == described(lambda: mg.sign(compact(ambiguous), SECRET))


def test_past_the_largest_table() -> None:
    body = {"a": [1] * 16_384}  # 16,385 values
    want = described(lambda: mg.sign(compact(body), SECRET))
    assert want[1] == mg.ErrorCode.TOO_MANY_VALUES and "16384 values" in want[2]
    assert described(lambda: mg.sign(body, SECRET)) == want
    assert described(lambda: mg.canonical(body)) == described(lambda: mg.canonical(compact(body)))


# ---- what the table borrows stays alive ---------------------------------------------------


def test_strings_of_a_dict_changed_while_it_is_read() -> None:
    """A user mapping whose items() empties a dict read before it: the body is
    signed as it was read (the strings it held are kept alive)."""
    first = {"k": "".join(["value ", "made ", "at run time"]) * 20, "n": 1}
    junk: List[str] = []

    class Emptying(Pairs):
        def items(self) -> Any:
            size = sum(len(v) for v in first.values() if isinstance(v, str))
            first.clear()
            first["other"] = "changed"
            gc.collect()
            # Memory freed by the strings just dropped is likely reused here.
            junk.extend("#" * size for _ in range(200))
            return super().items()

    body = {"first": first, "then": Emptying([("x", "y")])}
    want = mg.sign(compact({"first": dict(first), "then": {"x": "y"}}), SECRET)
    assert mg.sign(body, SECRET) == want
    # Read again, `first` is what the mapping left in it.
    assert mg.sign(body, SECRET) == mg.sign(compact({"first": {"other": "changed"}, "then": {"x": "y"}}), SECRET)


def test_large_mappings_release_the_gil() -> None:
    body = {"payment": {"id": "p1", "description": "x" * (8 << 20)}, "items": list(range(100))}
    text = compact(body)
    assert mg.sign(body, SECRET) == mg.sign(text, SECRET)
    assert ticks_during(lambda: mg.sign(body, SECRET)) >= 5
    assert ticks_during(lambda: mg.canonical(body)) >= 5


def test_a_large_dict_changed_by_another_thread_while_signed() -> None:
    """While the GIL is released another thread replaces the strings of the
    body: the table still reads the ones it was built from (each line is
    one of the values the list ever held, never freed memory)."""
    items: List[Any] = [f"item {i} " * 30 for i in range(2000)]
    body = {"items": items}
    stop = threading.Event()

    def scribble() -> None:
        k = 0
        while not stop.is_set():
            k += 1
            for i in range(0, len(items), 7):
                items[i] = f"new {i} {k} " * 30

    t = threading.Thread(target=scribble)
    t.start()
    try:
        line = re.compile(r"items:(\d+):((item \d+ )+|(new \d+ \d+ )+)")
        for _ in range(20):
            text = mg.canonical(body)
            lines = text.split(";")
            assert len(lines) == 2000
            assert all(line.fullmatch(x) for x in lines)
            assert len(mg.sign(body, SECRET)) == mg.SIGNATURE_LEN
    finally:
        stop.set()
        t.join(timeout=10)


def test_a_mapping_that_signs_while_it_is_read() -> None:
    """A call within a call (each with its own buffers)."""
    inner = {"inner": "body", "n": [1, 2, 3], "deep": {"a": [{"b": "c"}]}}
    seen: List[str] = []

    class Signing(Pairs):
        def items(self) -> Any:
            seen.append(mg.sign(inner, SECRET))
            seen.append(mg.canonical(inner))
            return super().items()

    body = {"a": "first", "b": Signing([("c", "d")]), "e": ["last", {"f": 1}]}
    want = mg.sign(compact({"a": "first", "b": {"c": "d"}, "e": ["last", {"f": 1}]}), SECRET)
    assert mg.sign(body, SECRET) == want
    assert seen == [mg.sign(compact(inner), SECRET), mg.canonical(compact(inner))]
    assert mg.sign(inner, SECRET) == seen[0]
