"""Interoperability with the platform's official Python SDK (``ecommpay-sdk``
from PyPI, ``payment_page_sdk.signature_handler.SignatureHandler``).

Within the zone where that SDK release is right (keys without digits,
whitespace or ``:``; no keys named ``signature`` or ``frame_mode``; arrays of
at most 10 elements; no nulls, no floats; integers within 64 bits), both must
give the same signature: on the seed payloads and on 1,000+ random payout-like
documents. Outside that zone the SDK is known to differ (it sorts paths as
plain strings, so ``item10`` < ``item2``; it signs ``None`` as ``"None"``).

Random text includes ``;`` and ``:``, so some documents hold ambiguous data
(a ``;`` followed by a ``:`` in one value). The SDK signs those as readily as
anything; this module refuses them by default (checked here against an
independent predicate) and signs them exactly as the SDK does only with
``allow_ambiguous=True``: the SDK's signatures over such data are the
forgery material the opt-in's risk speaks of.
"""

from __future__ import annotations

import json
import random
import string
from typing import Any, Dict, List

import pytest

import monetix_gate as mg
from conftest import case

signature_handler = pytest.importorskip("payment_page_sdk.signature_handler")
SignatureHandler = signature_handler.SignatureHandler

RANDOM_DOCS = 1200
SEED = 20241207

KEY_ALPHABET = string.ascii_letters + "_-." + "éñüßçøжк"
TEXT_ALPHABET = string.ascii_letters + string.digits + " _-.:;,/@+=()[]{}\"'\\\t\néñü中文🔑"


def sdk_sign(doc: Dict[str, Any], secret: str) -> str:
    result: str = SignatureHandler(secret).sign(doc)
    return result


def ambiguous(value: Any) -> bool:
    """Whether a random document holds ambiguous data, decided here without
    the module: a string value with a ';' followed later by a ':' (the random
    keys never hold ';' or ':' and the random integers fit 64 bits)."""
    if isinstance(value, str):
        at = value.find(";")
        return at >= 0 and ":" in value[at:]
    if isinstance(value, dict):
        return any(ambiguous(v) for v in value.values())
    if isinstance(value, list):
        return any(ambiguous(v) for v in value)
    return False


def our_sign(doc: Dict[str, Any], secret: str) -> str:
    """The module's signature: refused by default exactly when ``ambiguous``
    says so, then made with the opt-in."""
    if not ambiguous(doc):
        return mg.sign(doc, secret)
    with pytest.raises(mg.AmbiguousDataError):
        mg.sign(doc, secret)
    return mg.sign(doc, secret, allow_ambiguous=True)


def random_key(rng: random.Random) -> str:
    while True:
        key = "".join(rng.choice(KEY_ALPHABET) for _ in range(rng.randint(1, 12)))
        if key not in ("signature", "frame_mode"):
            return key


def random_scalar(rng: random.Random) -> Any:
    kind = rng.randrange(6)
    if kind == 0:
        return rng.choice([True, False])
    if kind == 1:
        return rng.randint(-(2**63), 2**63 - 1)
    if kind == 2:
        return rng.randint(-1000, 100000)
    return "".join(rng.choice(TEXT_ALPHABET) for _ in range(rng.randint(0, 24)))


def random_value(rng: random.Random, depth: int) -> Any:
    roll = rng.random()
    if depth < 4 and roll < 0.2:
        return random_object(rng, depth + 1)
    if depth < 4 and roll < 0.3:
        return [random_value(rng, depth + 1) for _ in range(rng.randint(0, 10))]
    return random_scalar(rng)


def random_object(rng: random.Random, depth: int) -> Dict[str, Any]:
    return {random_key(rng): random_value(rng, depth) for _ in range(rng.randint(0, 6))}


def random_payout(rng: random.Random) -> Dict[str, Any]:
    """A payout-shaped document with random extras in every object."""
    doc: Dict[str, Any] = {
        "general": {"project_id": rng.randint(1, 2**31), "payment_id": f"payment_{rng.randint(1, 10**9)}"},
        "customer": {
            "id": f"customer_{rng.randint(1, 10**6)}",
            "ip_address": "198.51.100.47",
            "email": "johndoe@example.com",
            "phone": str(rng.randint(10**8, 10**9)),
        },
        "account": {"number": str(rng.randint(10**9, 10**10)), "bank_id": rng.choice([60891, 61011, 61021])},
        "payment": {"currency": rng.choice(["KHR", "USD", "COP"]), "amount": rng.randint(1, 10**12)},
    }
    for obj in list(doc.values()):
        obj.update(random_object(rng, 2))
    doc.update(random_object(rng, 1))
    return doc


def test_seed_payouts_agree() -> None:
    for name in ("seed_cambodia_payout_request", "seed_colombia_payout_request"):
        c = case(name)
        doc = json.loads(c["input"])
        assert sdk_sign(doc, c["secret"]) == c["signature"] == mg.sign(doc, c["secret"])
    built = json.loads(mg.cambodia_payout(json.loads(case("seed_cambodia_payout_request")["input"]), "secret"))
    sig = built["general"].pop("signature")
    assert sdk_sign(built, "secret") == sig


@pytest.mark.parametrize("name", ["seed_callback_success", "seed_callback_decline", "docs_callback_example"])
def test_seed_callbacks_agree(name: str) -> None:
    c = case(name)
    doc = json.loads(c["input"])
    sig = doc.pop("signature")
    assert sdk_sign(doc, c["secret"]) == sig
    assert mg.verify(c["input"], c["secret"], strict=True) == "natural"


def test_random_payout_documents_agree() -> None:
    rng = random.Random(SEED)
    secrets = ["secret", "qwerty", "9d4f1c2b7e8a3f60b5c1d2e3f4a5b6c7", "clé-секрет-🔑"]
    mismatches: List[str] = []
    refused = 0
    for i in range(RANDOM_DOCS):
        doc = random_payout(rng) if i % 2 else random_object(rng, 1)
        secret = rng.choice(secrets)
        ours = our_sign(doc, secret)
        refused += ambiguous(doc)
        text = mg.sign(json.dumps(doc), secret, allow_ambiguous=ambiguous(doc))
        if ours != sdk_sign(doc, secret) or ours != text:
            mismatches.append(json.dumps(doc, ensure_ascii=False))
    assert not mismatches, f"{len(mismatches)} of {RANDOM_DOCS} differ (seed {SEED}); first: {mismatches[0]}"
    # Both kinds are well represented.
    assert 100 <= refused <= RANDOM_DOCS - 100, refused


def test_signed_random_payouts_verify() -> None:
    rng = random.Random(SEED + 1)
    plain = 0
    for _ in range(200):
        doc = random_payout(rng)
        opt = ambiguous(doc)
        if opt:
            with pytest.raises(mg.AmbiguousDataError):
                mg.sign_body(doc, "secret")
        else:
            plain += 1
        body = mg.sign_body(doc, "secret", allow_ambiguous=opt)
        signed = json.loads(body)
        sig = signed["general"].pop("signature")
        assert sdk_sign(signed, "secret") == sig
        assert mg.verify(body, "secret", strict=True, allow_ambiguous=opt) == "natural"
        if opt:
            with pytest.raises(mg.AmbiguousDataError):
                mg.verify(body, "secret", strict=True)
    assert plain >= 50, plain


def test_outside_the_zone_the_sdk_differs() -> None:
    """The boundary of the zone, pinned: here the SDK release is wrong (it
    sorts ``items:10`` before ``items:2`` and signs ``None`` as ``"None"``)."""
    for doc in ({"items": list(range(12))}, {"a": None}):
        assert mg.sign(doc, "secret") != sdk_sign(doc, "secret")
