"""Payout and status requests: both seeds byte for byte, every violation at
once (core's request reader: its lines, unknown members with a hint, wrong
types), extras through the ``extras`` channel, the Signer forms."""

from __future__ import annotations

import json
import pickle
from typing import Any, Callable, Dict, List

import pytest

import monetix_gate as mg
from conftest import case
from helpers import SECRET, cambodia_fields, colombia_fields, loose


def lines(err: mg.ValidationError) -> List[str]:
    return [str(v) for v in err.violations]


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
    (v,) = err.value.violations
    assert (v.path, v.reason) == ("account.bank_id", "not in this payment method's bank table")
    assert str(v).startswith("account.bank_id: 12345 is not in the Bank transfers in Colombia bank table")
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
    fields: mg.StatusFields = {"general": {"project_id": 1234, "payment_id": "payment_47"}}
    want = mg.status_request(1234, "payment_47", SECRET)
    assert signer.status_request(1234, "payment_47") == want
    assert signer.status_request(fields) == want
    assert mg.status_request(fields, SECRET) == want


def test_every_violation_at_once() -> None:
    fields: mg.CambodiaFields = {
        "general": {"project_id": 0, "payment_id": ""},
        "customer": {"id": "c1", "ip_address": "999.1.1.1", "email": "nope", "phone": "12-34"},
        "account": {"number": "1", "bank_id": 1, "customer_name": "J"},
        "payment": {"currency": "COP", "amount": -5},
    }
    with pytest.raises(mg.ValidationError) as err:
        mg.cambodia_payout(fields, SECRET)
    assert [(v.path, v.reason) for v in err.value.violations] == [
        ("general.project_id", "must be greater than zero"),
        ("general.payment_id", "required, missing or empty"),
        ("customer.ip_address", "not a valid IPv4 or IPv6 address"),
        ("customer.email", "not a valid email address"),
        ("customer.phone", "must contain only the digits 0-9"),
        ("account.bank_id", "not in this payment method's bank table"),
        ("payment.currency", "not a currency of this payment method"),
        ("payment.amount", "must be greater than zero"),
    ]
    assert lines(err.value)[6] == 'payment.currency: "COP" is not a currency of Banks of Cambodia (allowed: KHR, USD)'


def test_empty_fields_report_every_required_field() -> None:
    with pytest.raises(mg.ValidationError) as err:
        mg.colombia_payout(loose({}), SECRET)
    assert lines(err.value) == [
        f"{path}: required"
        for path in (
            "general.project_id",
            "general.payment_id",
            "customer.id",
            "customer.ip_address",
            "customer.first_name",
            "customer.last_name",
            "customer.email",
            "customer.phone",
            "customer.identify.doc_number",
            "customer.identify.doc_type",
            "account.number",
            "account.type",
            "account.bank_id",
            "payment.currency",
            "payment.amount",
        )
    ]


def test_values_of_the_wrong_type_are_violations() -> None:
    """Every value is typed by core's reader: the lines are core's."""
    fields = loose(cambodia_fields())
    fields["payment"]["amount"] = "5000000"  # a str, not an int
    fields["account"]["bank_id"] = 2**40  # beyond 32 bits
    fields["general"]["project_id"] = True  # a bool is not an integer
    fields["customer"]["phone"] = 123456789  # an int, not a str
    fields["account"]["city"] = None  # None is the same as absent: fine
    fields["payment"]["description"] = 1.5  # a float
    fields["account"]["customer_name"] = b"John"  # bytes: no JSON form
    with pytest.raises(mg.ValidationError) as err:
        mg.cambodia_payout(fields, SECRET)
    assert lines(err.value) == [
        "general.project_id: must be an integer (64-bit)",
        "customer.phone: must be a string",
        "account.bank_id: must be an integer from 0 to 4294967295",
        "account.customer_name: must be a string",
        "payment.amount: must be an integer (64-bit)",
        "payment.description: must be a string",
    ]


def test_objects_expected() -> None:
    fields = loose(cambodia_fields())
    fields["customer"] = ["not", "an", "object"]
    fields["payment"] = "5000000 KHR"
    with pytest.raises(mg.ValidationError) as err:
        mg.cambodia_payout(fields, SECRET)
    # The fields below an object given as something else are not reported again.
    assert lines(err.value) == ["customer: must be an object", "payment: must be an object"]


def test_unknown_members_are_refused_with_a_hint() -> None:
    """A typo is never signed: unknown members are violations, with the
    known name when one is close."""
    fields = loose(cambodia_fields())
    fields["customer"]["emial"] = fields["customer"].pop("email")
    fields["customer"]["country"] = "KH"  # not a typed field: it goes in "extras"
    fields["receipt"] = {"lines": 2}
    with pytest.raises(mg.ValidationError) as err:
        mg.cambodia_payout(fields, SECRET)
    unknown = 'unknown parameter (other Gate parameters go in "extras")'
    assert lines(err.value) == [
        f"customer.emial: {unknown}; did you mean customer.email?",
        f"customer.country: {unknown}",
        f"receipt: {unknown}",
        "customer.email: required",
    ]
    v = err.value.violations[0]
    assert (v.path, v.reason, v.hint) == ("customer.emial", unknown, "customer.email")
    assert err.value.violations[1].hint is None


def test_extras_are_signed_and_validated_by_the_engine() -> None:
    fields = cambodia_fields()
    fields["general"]["merchant_callback_url"] = "https://merchant.example/cb"
    fields["extras"] = {"customer.country": "KH", "receipt.lines": 2, "receipt.paid": True}
    body = mg.cambodia_payout(fields, SECRET)
    doc = json.loads(body)
    assert doc["customer"]["country"] == "KH"
    assert doc["receipt"] == {"lines": 2, "paid": True}
    assert mg.verify(body, SECRET, strict=True) == "natural"
    # The engine's rules for extras.
    fields["extras"] = {"general.signature": "forged", "customer..x": 1, "customer.tags": loose(["a"])}
    with pytest.raises(mg.ValidationError) as err:
        mg.cambodia_payout(fields, SECRET)
    assert lines(err.value) == [
        "customer.tags: must be a string, an integer or a boolean",
        "general.signature: reserved (the signature, frame_mode, or a typed field)",
        "customer..x: not a parameter path (1 to 6 dot-separated names of ASCII letters, digits and _, at most 64 bytes)",
    ]
    # A signature in the fields themselves is refused too.
    fields = loose(cambodia_fields())
    fields["general"]["signature"] = "forged"
    with pytest.raises(mg.ValidationError) as err:
        mg.cambodia_payout(fields, SECRET)
    assert lines(err.value) == ["general.signature: reserved (the signature, frame_mode, or a typed field)"]


def test_a_key_with_a_dot_is_an_unknown_member() -> None:
    fields = loose(cambodia_fields())
    fields["customer"]["billing.city"] = "Phnom Penh"
    with pytest.raises(mg.ValidationError) as err:
        mg.cambodia_payout(fields, SECRET)
    assert err.value.violations[0].path == "customer.billing.city"


def test_the_same_mistake_raises_the_same_class_everywhere() -> None:
    """An unknown member, a wrong type and a missing field: ValidationError
    from every request function, with core's lines."""
    signer = mg.Signer(SECRET)
    bad_cambodia = loose(cambodia_fields())
    bad_cambodia["general"]["project_id"] = "1234"
    bad_cambodia["general"]["colour"] = "red"
    bad_colombia = loose(colombia_fields())
    bad_colombia["general"]["project_id"] = "1234"
    bad_colombia["general"]["colour"] = "red"
    bad_status = loose({"general": {"project_id": "1234", "payment_id": "p", "colour": "red"}})
    unknown = 'general.colour: unknown parameter (other Gate parameters go in "extras")'
    wrong = "general.project_id: must be an integer (64-bit)"
    calls: List[Callable[[], object]] = [
        lambda: mg.cambodia_payout(bad_cambodia, SECRET),
        lambda: signer.cambodia_payout(bad_cambodia),
        lambda: mg.colombia_payout(bad_colombia, SECRET, allow_unlisted_bank=True),
        lambda: signer.colombia_payout(bad_colombia, allow_unlisted_bank=True),
        lambda: mg.status_request(bad_status, SECRET),
        lambda: signer.status_request(bad_status),
    ]
    for call in calls:
        with pytest.raises(mg.ValidationError) as err:
            call()
        assert lines(err.value) == [wrong, unknown]
        assert err.value.code == mg.ErrorCode.INVALID


def test_fields_must_be_a_mapping() -> None:
    calls: List[Callable[[], object]] = [
        lambda: mg.cambodia_payout(loose([("general", {})]), SECRET),
        lambda: mg.colombia_payout(loose('{"general": {}}'), SECRET),
        lambda: mg.status_request(loose(None), SECRET),
    ]
    for call in calls:
        with pytest.raises(mg.ArgumentTypeError, match="fields must be a mapping"):
            call()


def test_unlisted_bank_opt_in() -> None:
    fields = cambodia_fields()
    fields["account"]["bank_id"] = 99999
    with pytest.raises(mg.ValidationError) as err:
        mg.cambodia_payout(fields, SECRET)
    assert lines(err.value) == [
        "account.bank_id: 99999 is not in the Banks of Cambodia bank table; to send it anyway, allow "
        "unlisted banks (the allow_unlisted_bank option, --allow-unlisted-bank on the command line); "
        "to see the table, list the method's banks (banks)"
    ]
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
    assert lines(err.value) == [
        "general.project_id: must be greater than zero",
        "general.payment_id: required, missing or empty",
    ]
    # The two values are read exactly as the same fields would be.
    with pytest.raises(mg.ValidationError) as err:
        mg.status_request(loose("1234"), loose(47), SECRET)
    assert lines(err.value) == [
        "general.project_id: must be an integer (64-bit)",
        "general.payment_id: must be a string",
    ]
    # A status request has no extras.
    with pytest.raises(mg.ValidationError) as err:
        mg.status_request(loose({"general": {"project_id": 1, "payment_id": "p"}, "extras": {}}), SECRET)
    assert lines(err.value) == ['extras: unknown parameter (other Gate parameters go in "extras")']
    untyped: Any = mg.status_request
    for args in [(), (1,), (1, "p", SECRET, SECRET)]:
        with pytest.raises(mg.ArgumentTypeError, match="takes"):
            untyped(*args)


def test_validation_error_shows_its_violations() -> None:
    fields = cambodia_fields()
    fields["customer"]["phone"] = "+855 12"
    with pytest.raises(mg.ValidationError) as err:
        mg.cambodia_payout(fields, SECRET)
    assert repr(err.value) == (
        "ValidationError('request failed validation', "
        "violations=['customer.phone: must contain only the digits 0-9'])"
    )
    assert str(err.value) == "request failed validation: customer.phone: must contain only the digits 0-9"
    back = pickle.loads(pickle.dumps(err.value))
    assert back.violations == err.value.violations and repr(back) == repr(err.value)


def test_endpoints() -> None:
    assert mg.CAMBODIA_PAYOUT_ENDPOINT == "/v2/payment/banks/cambodia/payout"
    assert mg.COLOMBIA_PAYOUT_ENDPOINT == "/v2/payment/bank-transfer/colombia/payout"
    assert mg.STATUS_ENDPOINT == "/v2/payment/status"


def test_amount_from_minor_units_helper() -> None:
    fields = cambodia_fields()
    fields["payment"]["amount"] = mg.to_minor_units("50,000.00", "KHR")
    assert mg.cambodia_payout(fields, SECRET) == mg.cambodia_payout(cambodia_fields(), SECRET)


def test_scratch_for_many_unknown_members() -> None:
    """Unknown members' paths are composed by the reader in a scratch the
    binding sizes on the reader's request: any number of them works."""
    fields = loose(cambodia_fields())
    for i in range(100):
        fields["customer"][f"x{i}" * 20] = i
    with pytest.raises(mg.ValidationError) as err:
        mg.cambodia_payout(fields, SECRET)
    found: Dict[str, Any] = {v.path: v for v in err.value.violations}
    assert "customer." + "x0" * 20 in found
    # The list is bounded; its last entry says there is more.
    assert str(err.value.violations[-1]) == "more violations were found than are listed"
