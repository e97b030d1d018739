"""Helpers shared by the tests: signed callback bodies and seed payouts."""

from __future__ import annotations

import copy
import json
import threading
import time
from typing import Any, Callable, Dict, Iterator, List, Mapping, cast

import monetix_gate as mg
from conftest import case

SECRET = "secret"


def signed_callback(doc: Dict[str, Any], secret: str = SECRET, *, allow_ambiguous: bool = False) -> bytes:
    """``doc`` as JSON with a top-level ``signature``, as the platform sends
    (the platform signs ambiguous data too: ``allow_ambiguous=True`` makes
    such a callback)."""
    body = dict(doc)
    body.pop("signature", None)
    body["signature"] = mg.sign(body, secret, allow_ambiguous=allow_ambiguous)
    return json.dumps(body).encode()


def seed_callback(name: str = "seed_callback_success") -> Dict[str, Any]:
    """A seed callback document (signature removed)."""
    doc: Dict[str, Any] = json.loads(case(name)["input"])
    doc.pop("signature", None)
    return doc


def cambodia_fields() -> mg.CambodiaFields:
    """The seed Cambodia payout request as its typed fields."""
    fields = cast(mg.CambodiaFields, json.loads(case("seed_cambodia_payout_request")["input"]))
    return copy.deepcopy(fields)


def colombia_fields() -> mg.ColombiaFields:
    """The seed Colombia payout request as its typed fields."""
    fields = cast(mg.ColombiaFields, json.loads(case("seed_colombia_payout_request")["input"]))
    return copy.deepcopy(fields)


def loose(fields: Any) -> Any:
    """``fields`` untyped, for tests that put values of the wrong type or
    unknown members in on purpose (the type checker would refuse them; the
    engine's request reader refuses them at run time)."""
    return fields


def ticks_during(call: Callable[[], object]) -> int:
    """How many times another Python thread ran while ``call`` was in
    progress (the most over three tries). Without the GIL released that
    thread cannot run inside the call: at most a tick or two land between
    taking the timestamps and entering or leaving it."""
    best = 0
    for _ in range(3):
        stamps: List[float] = []
        stop = threading.Event()

        def ticker() -> None:
            while not stop.is_set():
                stamps.append(time.perf_counter())
                time.sleep(0.0002)

        t = threading.Thread(target=ticker)
        t.start()
        time.sleep(0.01)
        start = time.perf_counter()
        call()
        end = time.perf_counter()
        stop.set()
        t.join(timeout=10)
        assert not t.is_alive()
        best = max(best, sum(1 for s in stamps if start < s < end))
    return best


class Frozen(Mapping[str, Any]):
    """A read-only ``Mapping`` that is not a ``dict``: read through its
    ``items()``, as any user mapping."""

    def __init__(self, data: Dict[str, Any]) -> None:
        self._data = data

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)
