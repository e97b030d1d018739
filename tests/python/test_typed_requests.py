"""Typed request fields: the ``TypedDict``s of the stubs make a misspelled
key a type error, and the engine refuses the same key at run time.

This file is itself a typed example: ``mypy --strict`` checks it in the test
command (scripts/python-tests.sh), so every request below is typed right.
``test_mypy_flags_a_misspelled_key`` runs mypy on a snippet with a typo and
asserts the error it must give (the snippet lives here as text: as a file
under tests/python it would fail the test command's own mypy run).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import monetix_gate as mg
from helpers import SECRET

CAMBODIA: mg.CambodiaFields = {
    "general": {"project_id": 1234, "payment_id": "payment_47", "merchant_callback_url": None},
    "customer": {
        "id": "customer_1234",
        "ip_address": "198.51.100.47",
        "email": "johndoe@example.com",
        "phone": "123456789",
    },
    "account": {"number": "1234567890", "bank_id": 61021, "customer_name": "John Doe", "city": "Serei Saophoan"},
    "payment": {"currency": "KHR", "amount": 5_000_000, "description": "payout 47"},
    "extras": {"customer.country": "KH", "payment.tip": 5, "receipt.paid": True},
}

COLOMBIA: mg.ColombiaFields = {
    "general": {"project_id": 1234, "payment_id": "payment_47"},
    "customer": {
        "id": "customer_123",
        "ip_address": "198.51.100.47",
        "first_name": "John",
        "last_name": "Doe",
        "email": "johndoe@example.com",
        "phone": "1234567890",
        "identify": {"doc_number": "1234567", "doc_type": "CC"},
    },
    "account": {"number": "1234567890", "type": "CACC", "bank_id": 71142},
    "payment": {"currency": "COP", "amount": 10_000},
}

STATUS: mg.StatusFields = {"general": {"project_id": 1234, "payment_id": "payment_47"}}


def test_typed_requests_sign() -> None:
    body = mg.cambodia_payout(CAMBODIA, SECRET)
    doc = json.loads(body)
    assert doc["customer"]["country"] == "KH" and doc["payment"]["tip"] == 5
    assert doc["receipt"] == {"paid": True}
    assert "merchant_callback_url" not in doc["general"]  # None: left out
    assert mg.verify(body, SECRET, strict=True) == "natural"
    assert mg.verify(mg.colombia_payout(COLOMBIA, SECRET), SECRET) == "natural"
    assert mg.status_request(STATUS, SECRET) == mg.status_request(1234, "payment_47", SECRET)
    signer = mg.Signer(SECRET)
    assert signer.cambodia_payout(CAMBODIA) == body


TYPO = """
import monetix_gate as mg

fields: mg.CambodiaFields = {
    "general": {"project_id": 1234, "payment_id": "payment_47"},
    "customer": {
        "id": "customer_1234",
        "ip_address": "198.51.100.47",
        "emial": "johndoe@example.com",
        "phone": "123456789",
    },
    "account": {"number": "1234567890", "bank_id": 61021, "customer_name": "John Doe"},
    "payment": {"currency": "KHR", "amount": 5000000},
}
try:
    mg.cambodia_payout(fields, "secret")
except mg.ValidationError as err:
    print(err.violations[0])
"""


def mypy(tmp_path: Path, source: str) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "example.py"
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--show-error-codes",
            "--no-error-summary",
            "--cache-dir",
            str(tmp_path / "cache"),
            str(path),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_mypy_flags_a_misspelled_key(tmp_path: Path) -> None:
    out = mypy(tmp_path, TYPO)
    assert out.returncode == 1, out.stdout + out.stderr
    errors = [line for line in out.stdout.splitlines() if ": error: " in line]
    assert len(errors) == 2, out.stdout
    # The typo itself, and the required key it leaves missing.
    assert 'Extra key "emial" for TypedDict "CambodiaCustomerFields"  [typeddict-unknown-key]' in errors[0] + errors[1]
    assert 'Missing key "email" for TypedDict "CambodiaCustomerFields"  [typeddict-item]' in errors[0] + errors[1]
    # The same file with the key spelled right passes.
    good = mypy(tmp_path, TYPO.replace('"emial"', '"email"'))
    assert good.returncode == 0, good.stdout + good.stderr


def test_a_misspelled_key_is_refused_at_run_time(tmp_path: Path) -> None:
    path = tmp_path / "typo.py"
    path.write_text(TYPO, encoding="utf-8")
    out = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == (
        'customer.emial: unknown parameter (other Gate parameters go in "extras"); did you mean customer.email?'
    )


@pytest.mark.parametrize(
    "typed",
    [mg.CambodiaFields, mg.ColombiaFields, mg.StatusFields, mg.GeneralFields, mg.PaymentFields],
)
def test_typed_dicts_are_plain_dicts_at_run_time(typed: type) -> None:
    assert issubclass(typed, dict)
    assert typed.__required_keys__  # type: ignore[attr-defined]
