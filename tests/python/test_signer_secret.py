"""The reusable Signer and secret handling."""

from __future__ import annotations

import copy
import pickle
import threading
from typing import List

import pytest

import monetix_gate as mg
from conftest import case

SECRET = "9d4f1c2b7e8a-n0t-a-real-key"


def test_secret_types_agree() -> None:
    body = {"general": {"project_id": 1, "payment_id": "p"}}
    want = mg.sign(body, SECRET)
    assert mg.sign(body, SECRET.encode()) == want
    assert mg.sign(body, bytearray(SECRET.encode())) == want
    assert mg.Signer(bytearray(SECRET.encode())).sign(body) == want


def test_non_ascii_secret_is_utf8() -> None:
    c = case("edge_non_ascii_secret")
    assert mg.sign(c["input"], c["secret"]) == c["signature"]
    assert mg.sign(c["input"], c["secret"].encode("utf-8")) == c["signature"]


def test_long_secret() -> None:
    long = "k" * 10_000
    body = {"a": 1}
    assert mg.sign(body, long) == mg.sign(body, long.encode())


def test_bytearray_secret_can_be_wiped_by_the_caller() -> None:
    key = bytearray(SECRET.encode())
    signer = mg.Signer(key)
    want = signer.sign({"a": 1})
    key[:] = bytes(len(key))  # the caller wipes its copy ...
    assert signer.sign({"a": 1}) == want  # ... the signer keeps its keyed state


def test_repr_never_shows_the_secret() -> None:
    signer = mg.Signer(SECRET)
    assert SECRET not in repr(signer) and SECRET not in str(signer)
    assert "redacted" in repr(signer)


def test_signer_cannot_be_pickled_or_copied() -> None:
    signer = mg.Signer(SECRET)
    with pytest.raises(TypeError):
        pickle.dumps(signer)
    with pytest.raises(TypeError):
        copy.copy(signer)


def test_signer_is_immutable() -> None:
    signer = mg.Signer(SECRET)
    with pytest.raises(AttributeError):
        signer.key = b"x"  # type: ignore[attr-defined]


def test_signer_is_safe_across_threads() -> None:
    signer = mg.Signer(SECRET)
    body = {"n": 1, "items": list(range(10))}
    want = signer.sign(body)
    results: List[str] = []

    def work() -> None:
        for _ in range(200):
            results.append(signer.sign(body))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [want] * 800
