"""The shared request cases (``tests/vectors/requests.json``): fields in, the
exact violation lines or the signature out, identical to the Rust runner
(``core/tests/requests.rs``) and the command line (``cli/tests/requests.rs``).

Python gives the fields as a mapping. A ``json_only`` case is JSON text;
it runs here too when ``json.loads`` gives a mapping with the same meaning
(``5e6`` becomes a ``float``, which the reader types as the JSON number it
is), and is skipped when it cannot (two values for one key: a ``dict``
keeps one).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

import monetix_gate as mg
from helpers import loose

CASES_FILE = Path(__file__).resolve().parents[2] / "tests" / "vectors" / "requests.json"
DOC: Dict[str, Any] = json.loads(CASES_FILE.read_text(encoding="utf-8"))
CASES: List[Dict[str, Any]] = DOC["cases"]
SECRET: str = DOC["secret"]


def no_duplicates(pairs: List[Tuple[str, Any]]) -> Dict[str, Any]:
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ValueError("duplicate key")
    return dict(pairs)


def fields_of(case: Dict[str, Any]) -> Any:
    if not case.get("json_only"):
        return case["fields"]
    try:
        return json.loads(case["fields_json"], object_pairs_hook=no_duplicates)
    except ValueError:
        pytest.skip("a Python mapping cannot hold two values for one key")


def run(case: Dict[str, Any]) -> Any:
    """``("signed", canonical, signature)`` or ``("violations", lines)``."""
    fields = loose(fields_of(case))
    options = case["options"]
    unknown = set(options) - {"allow_unlisted_bank", "allow_ambiguous"}
    assert not unknown, unknown
    allow_ambiguous = bool(options.get("allow_ambiguous", False))
    allow_unlisted_bank = bool(options.get("allow_unlisted_bank", False))
    try:
        if case["method"] == "status":
            assert not allow_unlisted_bank
            body = mg.status_request(fields, SECRET, allow_ambiguous=allow_ambiguous)
        elif case["method"] == "cambodia":
            body = mg.cambodia_payout(
                fields, SECRET, allow_unlisted_bank=allow_unlisted_bank, allow_ambiguous=allow_ambiguous
            )
        else:
            assert case["method"] == "colombia"
            body = mg.colombia_payout(
                fields, SECRET, allow_unlisted_bank=allow_unlisted_bank, allow_ambiguous=allow_ambiguous
            )
    except mg.ValidationError as err:
        return ("violations", [str(v) for v in err.violations])
    signature = json.loads(body)["general"]["signature"]
    return ("signed", mg.canonical(body), signature)


def test_the_file_is_the_shared_one() -> None:
    assert len(CASES) >= 20
    assert {c["method"] for c in CASES} == {"cambodia", "colombia", "status"}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_request_case(case: Dict[str, Any]) -> None:
    expect = case["expect"]
    got = run(case)
    if "violations" in expect:
        assert got == ("violations", expect["violations"])
    else:
        assert got == ("signed", expect["canonical"], expect["signature"])
