"""Reconciliation: a verified callback (or status response) is checked
against the payout it should answer, by the engine (core's
``reconcile::check``): project ID, payment ID, amounts and currencies, the
converted sum only when expected; every mismatch by path."""

from __future__ import annotations

import dataclasses
from typing import Any, List

import pytest

import monetix_gate as mg
from helpers import SECRET, cambodia_fields, colombia_fields, loose, seed_callback, signed_callback


def callback(**changes: Any) -> mg.Callback:
    """The seed success callback (Cambodia seed's IDs and amount) with
    ``changes`` at dotted paths (``None`` deletes)."""
    doc = seed_callback()
    doc["payment"]["id"] = "payment_47"
    doc["payment"]["sum"] = {"amount": 5000000, "currency": "KHR"}
    doc["operation"]["sum_initial"] = {"amount": 5000000, "currency": "KHR"}
    doc["operation"]["sum_converted"] = {"amount": 125000, "currency": "USD"}
    for path, value in changes.items():
        node = doc
        *parents, last = path.split("__")
        for p in parents:
            node = node[p]
        if value is None:
            del node[last]
        else:
            node[last] = value
    return mg.parse_callback(signed_callback(doc), SECRET)


def lines(mismatches: List[mg.Mismatch]) -> List[str]:
    return [str(m) for m in mismatches]


def test_a_matching_callback() -> None:
    assert mg.reconcile(callback(), cambodia_fields()) == []
    assert mg.reconcile(callback(), cambodia_fields(), converted=(125000, "USD")) == []


def test_amount_mismatch() -> None:
    found = mg.reconcile(callback(payment__sum={"amount": 4000000, "currency": "KHR"}), cambodia_fields())
    assert found == [
        mg.Mismatch("payment.sum.amount", 5000000, 4000000, "payment.sum.amount: expected 5000000, found 4000000")
    ]
    fields = cambodia_fields()
    fields["payment"]["amount"] = 6000000
    assert lines(mg.reconcile(callback(), fields)) == [
        "payment.sum.amount: expected 6000000, found 5000000",
        "operation.sum_initial.amount: expected 6000000, found 5000000",
    ]


def test_currency_mismatch() -> None:
    fields = cambodia_fields()
    fields["payment"]["currency"] = "USD"
    found = mg.reconcile(callback(), fields)
    assert [(m.path, m.expected, m.found) for m in found] == [
        ("payment.sum.currency", "USD", "KHR"),
        ("operation.sum_initial.currency", "USD", "KHR"),
    ]
    assert str(found[0]) == 'payment.sum.currency: expected "USD", found "KHR"'


def test_payment_id_and_project_id_mismatch() -> None:
    cb = callback(project_id=4321, payment__id="payment_48")
    assert lines(mg.reconcile(cb, cambodia_fields())) == [
        "project_id: expected 1234, found 4321",
        'payment.id: expected "payment_47", found "payment_48"',
    ]


def test_absent_members_are_mismatches() -> None:
    cb = callback(payment__sum=None, operation__sum_initial=None)
    assert lines(mg.reconcile(cb, cambodia_fields())) == [
        "payment.sum.amount: expected 5000000, found nothing",
        'payment.sum.currency: expected "KHR", found nothing',
        "operation.sum_initial.amount: expected 5000000, found nothing",
        'operation.sum_initial.currency: expected "KHR", found nothing',
    ]
    found = mg.reconcile(callback(payment__id=None), cambodia_fields())
    assert [(m.path, m.found) for m in found] == [("payment.id", None)]


def test_converted_sum_only_when_expected() -> None:
    cb = callback(operation__sum_converted={"amount": 120000, "currency": "USD"})
    assert mg.reconcile(cb, cambodia_fields()) == []
    assert lines(mg.reconcile(cb, cambodia_fields(), converted=(125000, "USD"))) == [
        "operation.sum_converted.amount: expected 125000, found 120000"
    ]


def test_colombia_payouts_and_status_responses() -> None:
    fields = colombia_fields()  # payment_47, 10000 COP
    doc = seed_callback()
    doc["payment"]["sum"] = {"amount": 10000, "currency": "COP"}
    op = doc.pop("operation")
    doc["operations"] = [dict(op, sum_initial={"amount": 10000, "currency": "COP"})]
    r = mg.parse_status_response(signed_callback(doc), SECRET)
    assert mg.reconcile(r, fields) == []
    assert lines(mg.reconcile(r, cambodia_fields())) == [
        "payment.sum.amount: expected 5000000, found 10000",
        'payment.sum.currency: expected "KHR", found "COP"',
        "operation.sum_initial.amount: expected 5000000, found 10000",
        'operation.sum_initial.currency: expected "KHR", found "COP"',
    ]


def test_the_expected_request_is_read_by_the_engine() -> None:
    """Read as the request it is (by core's reader, bank table and ambiguity
    not checked: it may have been sent with either opt-in); a mapping that is
    no payout request is refused with the violations of the closest method."""
    fields = cambodia_fields()
    fields["account"]["bank_id"] = 99999  # unlisted: sent with allow_unlisted_bank
    assert mg.reconcile(callback(), fields) == []
    bad = loose(cambodia_fields())
    bad["payment"]["amount"] = "5000000"
    with pytest.raises(mg.ValidationError) as err:
        mg.reconcile(callback(), bad)
    assert [str(v) for v in err.value.violations] == ["payment.amount: must be an integer (64-bit)"]
    with pytest.raises(mg.ArgumentTypeError):
        mg.reconcile(callback(), loose([1]))
    with pytest.raises(mg.ArgumentTypeError, match="converted must be"):
        mg.reconcile(callback(), cambodia_fields(), converted=loose((1.5, "USD")))


def test_only_callbacks_and_status_responses() -> None:
    ack = mg.parse_unsigned_acknowledgement(b'{"status":"success","payment_id":"payment_47"}')
    with pytest.raises(mg.ArgumentTypeError, match="Callback or a StatusResponse"):
        mg.reconcile(loose(ack), cambodia_fields())
    with pytest.raises(mg.ArgumentTypeError):
        mg.reconcile(loose({"project_id": 1234}), cambodia_fields())
    # A view changed by hand to hold what no parser puts there.
    odd = dataclasses.replace(callback(), project_id=loose("1234"))
    with pytest.raises(mg.ArgumentTypeError, match="does not hold what the parsers put"):
        mg.reconcile(odd, cambodia_fields())
