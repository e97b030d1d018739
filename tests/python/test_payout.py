"""Payout and status requests: both seeds byte for byte, every violation at
once, extras, conversion problems, and the Signer forms."""

from __future__ import annotations

import json
from typing import Any, Dict

import pytest

import monetix_gate as mg
from conftest import case
from helpers import SECRET, cambodia_fields, colombia_fields


def test_seed_cambodia_payout() -> None:
    c = case("seed_cambodia_payout_request")
    body = mg.cambodia_payout(cambodia_fields(), SECRET)
    doc = json.loads(body)
    assert doc["general"]["signature"] == c["signature"]
    # The body is the seed's JSON with the signature added, nothing else.
    del doc["general"]["signature"]
    assert doc == json.loads(c["input"])
    assert mg.verify(body, SECRET, strict=True) == "natural"
    assert mg.sign(body, SECRET) == c["signature"]


def test_seed_colombia_payout() -> None:
    c = case("seed_colombia_payout_request")
    # The seed's example uses bank_id 12345, which is not in the seed's own
    # bank table: it goes through only with allow_unlisted_bank.
    with pytest.raises(mg.ValidationError) as err:
        mg.colombia_payout(colombia_fields(), SECRET)
    assert err.value.errors == [("account.bank_id", "not in this payment method's bank table")]
    body = mg.colombia_payout(colombia_fields(), SECRET, allow_unlisted_bank=True)
    doc = json.loads(body)
    assert doc["general"]["signature"] == c["signature"]
    del doc["general"]["signature"]
    assert doc == json.loads(c["input"])
    assert body == c["input"].encode().replace(
        b'"payment_id":"payment_47"}',
        b'"payment_id":"payment_47","signature":"' + c["signature"].encode() + b'"}',
        1,
    )


def test_colombia_with_a_listed_bank() -> None:
    fields = colombia_fields()
    bank = mg.bank_by_name("colombia", "Bancolombia")
    assert bank is not None
    fields["account"]["bank_id"] = bank.id
    body = mg.colombia_payout(fields, SECRET)
    assert json.loads(body)["account"]["bank_id"] == 71142


def test_signer_forms_agree() -> None:
    signer = mg.Signer(SECRET)
    assert signer.cambodia_payout(cambodia_fields()) == mg.cambodia_payout(cambodia_fields(), SECRET)
    assert signer.colombia_payout(colombia_fields(), allow_unlisted_bank=True) == mg.colombia_payout(
        colombia_fields(), SECRET, allow_unlisted_bank=True
    )
    assert signer.status_request(1234, "payment_47") == mg.status_request(1234, "payment_47", SECRET)


def test_every_violation_at_once() -> None:
    fields: Dict[str, Any] = {
        "general": {"project_id": 0, "payment_id": ""},
        "customer": {"id": "c1", "ip_address": "999.1.1.1", "email": "nope", "phone": "12-34"},
        "account": {"number": "1", "bank_id": 1, "customer_name": "J"},
        "payment": {"currency": "COP", "amount": -5},
    }
    with pytest.raises(mg.ValidationError) as err:
        mg.cambodia_payout(fields, SECRET)
    assert err.value.errors == [
        ("general.project_id", "must be greater than zero"),
        ("general.payment_id", "required, missing or empty"),
        ("customer.ip_address", "not a valid IPv4 or IPv6 address"),
        ("customer.email", "not a valid email address"),
        ("customer.phone", "must contain only the digits 0-9"),
        ("account.bank_id", "not in this payment method's bank table"),
        ("payment.currency", "not a currency of this payment method"),
        ("payment.amount", "must be greater than zero"),
    ]


def test_empty_fields_report_every_required_field() -> None:
    with pytest.raises(mg.ValidationError) as err:
        mg.colombia_payout({}, SECRET)
    paths = [p for p, _ in err.value.errors]
    for required in (
        "general.project_id",
        "general.payment_id",
        "customer.id",
        "customer.first_name",
        "customer.identify.doc_number",
        "customer.identify.doc_type",
        "account.type",
        "payment.currency",
    ):
        assert required in paths


def test_conversion_problems_come_with_the_engine_violations() -> None:
    fields = cambodia_fields()
    fields["payment"]["amount"] = "5000000"  # a str, not an int
    fields["account"]["bank_id"] = 2**40  # beyond 32 bits
    fields["general"]["project_id"] = True  # a bool is not an int here
    fields["customer"]["phone"] = 123456789  # an int, not a str
    fields["customer"]["tags"] = ["a", "b"]  # lists are not payout fields
    fields["customer"]["score"] = 1.5  # floats never
    fields["payment"]["description"] = "ok"
    fields["account"]["city"] = None  # None is the same as absent: fine
    with pytest.raises(mg.ValidationError) as err:
        mg.cambodia_payout(fields, SECRET)
    assert sorted(err.value.errors) == sorted(
        [
            ("customer.tags", "lists are not supported in payout fields"),
            ("customer.score", "must not be a float (amounts are integers of minor units)"),
            ("general.project_id", "must be an int"),
            ("customer.phone", "must be a str"),
            ("account.bank_id", "must be an integer from 0 to 4294967295"),
            ("payment.amount", "must be an int"),
        ]
    )


def test_extras_are_signed_and_validated_by_the_engine() -> None:
    fields = cambodia_fields()
    fields["customer"]["country"] = "KH"
    fields["general"]["merchant_callback_url"] = "https://merchant.example/cb"
    fields["receipt"] = {"lines": 2, "paid": True}
    body = mg.cambodia_payout(fields, SECRET)
    doc = json.loads(body)
    assert doc["customer"]["country"] == "KH"
    assert doc["receipt"] == {"lines": 2, "paid": True}
    assert mg.verify(body, SECRET, strict=True) == "natural"
    # A reserved path is the engine's call.
    fields["general"]["signature"] = "forged"
    with pytest.raises(mg.ValidationError) as err:
        mg.cambodia_payout(fields, SECRET)
    assert err.value.errors == [
        ("general.signature", "reserved (the signature, frame_mode, or a typed field)")
    ]


def test_key_with_a_dot_is_refused() -> None:
    fields = cambodia_fields()
    fields["customer"]["billing.city"] = "Phnom Penh"
    with pytest.raises(mg.ValidationError) as err:
        mg.cambodia_payout(fields, SECRET)
    assert err.value.errors[0][0] == "customer.billing.city"


def test_fields_must_be_a_mapping() -> None:
    with pytest.raises(TypeError, match="fields must be a mapping"):
        mg.cambodia_payout([("general", {})], SECRET)  # type: ignore[arg-type]


def test_unlisted_bank_opt_in() -> None:
    fields = cambodia_fields()
    fields["account"]["bank_id"] = 99999
    with pytest.raises(mg.ValidationError):
        mg.cambodia_payout(fields, SECRET)
    body = mg.cambodia_payout(fields, SECRET, allow_unlisted_bank=True)
    assert json.loads(body)["account"]["bank_id"] == 99999


def test_status_request() -> None:
    body = mg.status_request(1234, "payment_47", SECRET)
    doc = json.loads(body)
    assert set(doc) == {"general"}
    assert doc["general"]["project_id"] == 1234
    assert doc["general"]["payment_id"] == "payment_47"
    assert doc["general"]["signature"] == mg.sign(
        {"general": {"project_id": 1234, "payment_id": "payment_47"}}, SECRET
    )
    with pytest.raises(mg.ValidationError) as err:
        mg.status_request(0, "", SECRET)
    assert err.value.errors == [
        ("general.project_id", "must be greater than zero"),
        ("general.payment_id", "required, missing or empty"),
    ]
    with pytest.raises(mg.ValidationError) as err:
        mg.status_request("1234", 47, SECRET)  # type: ignore[arg-type]
    assert err.value.errors == [
        ("general.project_id", "must be an int"),
        ("general.payment_id", "must be a str"),
    ]


def test_endpoints() -> None:
    assert mg.CAMBODIA_PAYOUT_ENDPOINT == "/v2/payment/banks/cambodia/payout"
    assert mg.COLOMBIA_PAYOUT_ENDPOINT == "/v2/payment/bank-transfer/colombia/payout"
    assert mg.STATUS_ENDPOINT == "/v2/payment/status"


def test_amount_from_minor_units_helper() -> None:
    fields = cambodia_fields()
    fields["payment"]["amount"] = mg.to_minor_units("50,000.00", "KHR")
    assert mg.cambodia_payout(fields, SECRET) == mg.cambodia_payout(cambodia_fields(), SECRET)
