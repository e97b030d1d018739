"""Shared fixtures: the language-neutral vectors in ``tests/vectors``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import pytest

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors" / "signature.json"


def load_cases() -> List[Dict[str, Any]]:
    """Every case of ``tests/vectors/signature.json``."""
    with VECTORS.open(encoding="utf-8") as f:
        cases: List[Dict[str, Any]] = json.load(f)["cases"]
    return cases


def case(name: str) -> Dict[str, Any]:
    """One vector case by name."""
    for c in load_cases():
        if c["name"] == name:
            return c
    raise KeyError(name)


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository's root directory."""
    return ROOT
