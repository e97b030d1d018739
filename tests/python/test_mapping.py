"""A mapping body is read in Rust with the json module's value rules: it signs
exactly like its ``json.dumps`` text, without going through ``json.dumps``."""

from __future__ import annotations

import enum
import json
from collections import OrderedDict
from types import MappingProxyType
from typing import Any, Dict, Iterator

import pytest

import monetix_gate as mg
from helpers import SECRET, Frozen


class Level(enum.IntEnum):
    HIGH = 3


class Color(str, enum.Enum):
    RED = "red"


BODIES: list[Dict[str, Any]] = [
    {},
    {"a": None, "b": True, "c": False, "d": 0, "e": -1},
    {"big": 2**63 - 1, "neg": -(2**63), "small": -1},
    {"text": 'quote " backslash \\ slash / tab \t nl \n cr \r nul \x00 bell \x07'},
    {"unicode": "é ü ñ 中文 🔑", "ключ": "значение"},
    {"list": [1, "two", [3, [4]], {"five": 5}], "tuple": (1, 2), "empty": [], "obj": {}},
    {"general": {"project_id": 1, "payment_id": "p", "signature": "ignored"}, "signature": "x"},
    {"frame_mode": "iframe", "nested": {"frame_mode": 1, "k": "v"}},
    {"items": list(range(12))},
]


@pytest.mark.parametrize("body", BODIES)
def test_mapping_signs_like_its_json_text(body: Dict[str, Any]) -> None:
    text = json.dumps(body)
    assert mg.sign(body, SECRET) == mg.sign(text, SECRET)
    assert mg.canonical(body) == mg.canonical(text)
    compact = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
    assert mg.sign_body(body, SECRET) == mg.sign_body(compact, SECRET)


def test_other_mappings_and_subclasses() -> None:
    body = {"a": 1, "b": {"c": "d"}}
    want = mg.sign(body, SECRET)
    assert mg.sign(OrderedDict(body), SECRET) == want
    assert mg.sign(MappingProxyType(body), SECRET) == want
    assert mg.sign(Frozen({"a": 1, "b": Frozen({"c": "d"})}), SECRET) == want
    assert mg.sign({"level": Level.HIGH, "color": Color.RED}, SECRET) == mg.sign(
        {"level": 3, "color": "red"}, SECRET
    )


def test_key_order_is_kept_in_the_signed_copy() -> None:
    signed = mg.sign_body({"z": 1, "a": 2}, SECRET)
    assert signed.startswith(b'{"general":{"signature":"') and signed.endswith(b'"},"z":1,"a":2}')


@pytest.mark.parametrize("body", [{"u64": 2**64 - 1}, {"a": {"huge": 10**30}}, {"neg": -(2**63) - 1}])
def test_integers_beyond_64_bits_are_ambiguous(body: Dict[str, Any]) -> None:
    """Refused by default (they are signed as 14 digits); with the opt-in they
    sign like their JSON text."""
    with pytest.raises(mg.AmbiguousDataError) as err:
        mg.sign(body, SECRET)
    assert err.value.reason == "integer_range"
    assert err.value.path in ("u64", "a.huge", "neg")
    text = json.dumps(body)
    assert mg.sign(body, SECRET, allow_ambiguous=True) == mg.sign(text, SECRET, allow_ambiguous=True)
    assert mg.canonical(body) == mg.canonical(text)


def test_errors_raised_by_a_mapping_are_gate_errors() -> None:
    """An exception a user mapping raises while it is read becomes a
    BodyTypeError naming where, with the original as its ``__cause__``."""

    class Broken(Frozen):
        def __iter__(self) -> Iterator[str]:
            raise RuntimeError("broken mapping")

    with pytest.raises(mg.BodyTypeError) as err:
        mg.sign(Broken({"a": 1}), SECRET)
    assert isinstance(err.value.__cause__, RuntimeError)
    assert str(err.value.__cause__) == "broken mapping"
    assert err.value.code == mg.ErrorCode.INVALID_ARGUMENT and err.value.path == ""
    with pytest.raises(mg.BodyTypeError) as err:
        mg.sign({"x": [1, {"y": Broken({"a": 1})}]}, SECRET)
    assert err.value.path == "x.1.y" and isinstance(err.value.__cause__, RuntimeError)
    assert "RuntimeError" in str(err.value)
