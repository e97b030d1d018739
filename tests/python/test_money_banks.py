"""Currency helpers and bank directories (the engine's tables)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import monetix_gate as mg


@pytest.mark.parametrize(
    "amount, currency, minor",
    [
        ("50,000.00", "KHR", 5000000),
        ("100.00", "COP", 10000),
        ("100", "COP", 10000),
        ("100.5", "USD", 10050),
        ("1,234,567.89", "USD", 123456789),
        ("0.01", "KHR", 1),
    ],
)
def test_to_minor_units(amount: str, currency: str, minor: int) -> None:
    assert mg.to_minor_units(amount, currency) == minor


def test_minor_unit_digits_and_currencies() -> None:
    assert mg.minor_unit_digits("KHR") == 2
    assert mg.CAMBODIA_CURRENCIES == ("KHR", "USD")
    assert "COP" in mg.COLOMBIA_CURRENCIES
    for code, digits in (("JPY", 0), ("BHD", 3), ("CLF", 4), ("UYW", 4), ("USD", 2), ("KWD", 3)):
        assert mg.minor_unit_digits(code) == digits


def test_the_currency_table() -> None:
    """Every ISO 4217 currency with minor units, sorted, with its numeric code."""
    codes = [c for c, _, _ in mg.CURRENCIES]
    assert codes == sorted(codes) and len(set(codes)) == len(codes) >= 160
    table = {c: (n, d) for c, n, d in mg.CURRENCIES}
    assert table["KHR"] == (116, 2) and table["JPY"] == (392, 0) and table["CLF"] == (990, 4)
    assert set(mg.CAMBODIA_CURRENCIES) | set(mg.COLOMBIA_CURRENCIES) <= set(table)
    with pytest.raises(mg.AmountError) as err:
        mg.minor_unit_digits("khr")  # exact, upper case
    assert err.value.code == mg.ErrorCode.UNKNOWN_CURRENCY


@pytest.mark.parametrize("code, numeric, digits", list(mg.CURRENCIES), ids=[c for c, _, _ in mg.CURRENCIES])
def test_every_currency_round_trips(code: str, numeric: int, digits: int) -> None:
    assert mg.minor_unit_digits(code) == digits
    for minor in (0, 1, 7, 10, 99, 100, 12345, 5_000_000, 2**63 - 1):
        major = mg.from_minor_units(minor, code)
        assert isinstance(major, Decimal)
        assert major == Decimal(minor).scaleb(-digits)
        assert major.as_tuple().exponent == -digits  # shown with the currency's digits
        assert mg.to_minor_units(major, code) == minor
        assert mg.to_minor_units(str(major), code) == minor
    # One digit more than the currency has is refused, never rounded.
    with pytest.raises(mg.AmountError) as err:
        mg.to_minor_units(Decimal(1).scaleb(-digits - 1), code)
    assert err.value.code == mg.ErrorCode.AMOUNT_TOO_MANY_DECIMALS
    assert f"{code} has {digits} decimal digits" in str(err.value)
    # Extra zero decimals are fine.
    assert mg.to_minor_units("1." + "0" * (digits + 3), code) == 10**digits


@pytest.mark.parametrize(
    "amount, currency, minor",
    [
        (Decimal("5E+4"), "KHR", 5000000),
        (Decimal("50000.00"), "KHR", 5000000),
        (Decimal("50000.000000"), "KHR", 5000000),
        (Decimal("1.5e3"), "USD", 150000),
        (Decimal("0.01"), "USD", 1),
        (Decimal("100"), "JPY", 100),
        (Decimal("1.234"), "BHD", 1234),
        (Decimal("0.0001"), "CLF", 1),
        (50000, "KHR", 5000000),
        (0, "USD", 0),
        (7, "JPY", 7),
        ("5E+4", "KHR", 5000000),
        ("1.5e3", "USD", 150000),
        ("100.500", "USD", 10050),
    ],
)
def test_to_minor_units_takes_decimal_int_and_str(amount: Any, currency: str, minor: int) -> None:
    assert mg.to_minor_units(amount, currency) == minor


@pytest.mark.parametrize(
    "amount, currency, code",
    [
        (Decimal("100.505"), "USD", mg.ErrorCode.AMOUNT_TOO_MANY_DECIMALS),
        (Decimal("0.5"), "JPY", mg.ErrorCode.AMOUNT_TOO_MANY_DECIMALS),
        (Decimal("-1"), "USD", mg.ErrorCode.AMOUNT_NEGATIVE),
        (Decimal("-0"), "USD", mg.ErrorCode.AMOUNT_NEGATIVE),
        (Decimal("NaN"), "USD", mg.ErrorCode.AMOUNT_SYNTAX),
        (Decimal("Infinity"), "USD", mg.ErrorCode.AMOUNT_SYNTAX),
        (Decimal("1E+30"), "USD", mg.ErrorCode.AMOUNT_OVERFLOW),
        (-5, "USD", mg.ErrorCode.AMOUNT_NEGATIVE),
        (2**64, "USD", mg.ErrorCode.AMOUNT_OVERFLOW),
        (-(2**64), "USD", mg.ErrorCode.AMOUNT_NEGATIVE),
    ],
)
def test_amount_errors_from_numbers(amount: Any, currency: str, code: int) -> None:
    with pytest.raises(mg.AmountError) as err:
        mg.to_minor_units(amount, currency)
    assert err.value.code == code
    assert "USD has 2 decimal digits" in str(err.value) or "JPY has 0 decimal digits" in str(err.value)


def test_decimal_and_int_subclasses_by_value() -> None:
    class Shady(Decimal):
        def __str__(self) -> str:
            return "999"

    class Liar(int):
        def __str__(self) -> str:
            return "999"

        def __index__(self) -> int:
            return 999

    assert mg.to_minor_units(Shady("1.50"), "USD") == 150
    assert mg.to_minor_units(Liar(2), "USD") == 200
    # Beyond 64 bits: by its value too (which overflows 64 bits of minor units).
    with pytest.raises(mg.AmountError) as err:
        mg.to_minor_units(Liar(2**70), "JPY")
    assert err.value.code == mg.ErrorCode.AMOUNT_OVERFLOW


def test_from_minor_units() -> None:
    assert mg.from_minor_units(5000000, "KHR") == Decimal("50000.00")
    assert str(mg.from_minor_units(5000000, "KHR")) == "50000.00"
    assert str(mg.from_minor_units(500, "JPY")) == "500"
    assert str(mg.from_minor_units(-1, "USD")) == "-0.01"
    assert str(mg.from_minor_units(1, "CLF")) == "0.0001"
    with pytest.raises(mg.AmountError) as err:
        mg.from_minor_units(2**63, "USD")
    assert err.value.code == mg.ErrorCode.AMOUNT_OVERFLOW
    with pytest.raises(mg.AmountError) as err:
        mg.from_minor_units(1, "XYZ")
    assert err.value.code == mg.ErrorCode.UNKNOWN_CURRENCY


def test_floats_are_refused() -> None:
    with pytest.raises(mg.ArgumentTypeError, match="a float is not exact"):
        mg.to_minor_units(50000.0, "KHR")  # type: ignore[arg-type]
    with pytest.raises(mg.ArgumentTypeError, match="float"):
        mg.from_minor_units(1.0, "KHR")  # type: ignore[arg-type]


def test_cambodia_banks() -> None:
    banks = mg.banks("cambodia")
    assert banks == [
        mg.Bank(60891, "ABA Bank"),
        mg.Bank(61011, "ACLEDA Bank"),
        mg.Bank(61021, "Wing Bank"),
    ]
    assert mg.bank_by_id("cambodia", 61021) == mg.Bank(id=61021, name="Wing Bank")
    assert mg.bank_by_id("cambodia", 1) is None
    assert mg.bank_by_id("cambodia", -1) is None
    assert mg.bank_by_name("cambodia", "aba bank") is None
    assert mg.bank_by_name("cambodia", "aba bank", ignore_case=True) == mg.Bank(60891, "ABA Bank")
    assert len(mg.search_banks("cambodia", "BANK")) == 3


def test_colombia_banks() -> None:
    banks = mg.banks("colombia")
    assert len(banks) == 36
    assert mg.Bank(74532, "Banca Digital Nequi") in banks
    assert mg.bank_by_name("colombia", "BANCO DE BOGOTÁ", ignore_case=True) == mg.Bank(71072, "Banco de Bogotá")
    assert [b.name for b in mg.search_banks("colombia", "davi")] == ["Banco Davivienda SA", "Daviplata"]
    bank = mg.bank_by_id("colombia", 71142)
    assert bank is not None and bank.name == "Bancolombia"
