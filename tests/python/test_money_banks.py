"""Currency helpers and bank directories (the engine's tables)."""

from __future__ import annotations

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


def test_to_minor_units_takes_text_only() -> None:
    with pytest.raises(TypeError):
        mg.to_minor_units(50000.0, "KHR")  # type: ignore[arg-type]


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
