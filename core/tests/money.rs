//! Currencies and decimal → minor-unit conversion.

use monetix_gate::money::{to_minor_units, Currency};
use monetix_gate::Error;

#[test]
fn currency_codes_and_minor_units() {
    let table = [
        (Currency::KHR, "KHR", 116, 2),
        (Currency::USD, "USD", 840, 2),
        (Currency::COP, "COP", 170, 2),
    ];
    assert_eq!(Currency::ALL.len(), table.len());
    for (currency, code, numeric, minor) in table {
        assert_eq!(currency.code(), code);
        assert_eq!(currency.numeric(), numeric);
        assert_eq!(currency.minor_units(), minor);
        assert_eq!(Currency::from_code(code), Ok(currency));
        assert_eq!(code.parse::<Currency>(), Ok(currency));
        assert_eq!(currency.to_string(), code);
    }
    for bad in ["", "khr", "Khr", "EUR", "KHR ", " USD", "USDX", "US"] {
        assert_eq!(
            Currency::from_code(bad),
            Err(Error::UnknownCurrency),
            "{bad:?}"
        );
    }
}

#[test]
fn seed_examples() {
    // Seed Cambodia: "50,000.00 KHR must be sent as 5000000".
    assert_eq!(to_minor_units("50,000.00", Currency::KHR), Ok(5_000_000));
    // Seed Colombia: "100.00 COP must be sent as 10000".
    assert_eq!(to_minor_units("100.00", Currency::COP), Ok(10_000));
    // Issue 3 examples.
    assert_eq!(to_minor_units("100", Currency::USD), Ok(10_000));
    assert_eq!(to_minor_units("100.5", Currency::USD), Ok(10_050));
}

#[test]
fn conversion_table() {
    use Error::*;
    let max = i64::MAX; // 9223372036854775807 minor = 92233720368547758.07 major
    let cases: &[(&str, Result<i64, Error>)] = &[
        // valid
        ("0", Ok(0)),
        ("0.00", Ok(0)),
        ("0.01", Ok(1)),
        ("0.1", Ok(10)),
        ("1", Ok(100)),
        ("1.5", Ok(150)),
        ("1.05", Ok(105)),
        ("12", Ok(1_200)),
        ("123", Ok(12_300)),
        ("1234", Ok(123_400)),
        ("1,234", Ok(123_400)),
        ("12,345", Ok(1_234_500)),
        ("123,456", Ok(12_345_600)),
        ("1,234,567.89", Ok(123_456_789)),
        ("1234567.89", Ok(123_456_789)),
        ("007", Ok(700)),
        ("000,000", Ok(0)),
        ("92233720368547758.07", Ok(max)),
        ("92,233,720,368,547,758.07", Ok(max)),
        ("0000000000000000000000000001", Ok(100)),
        // overflow
        ("92233720368547758.08", Err(AmountOverflow)),
        ("92233720368547759", Err(AmountOverflow)),
        ("99999999999999999999999", Err(AmountOverflow)),
        ("92,233,720,368,547,758.08", Err(AmountOverflow)),
        // too many decimals (even zeros: "1.000" may be a European thousand)
        ("1.001", Err(AmountTooManyDecimals)),
        ("1.000", Err(AmountTooManyDecimals)),
        ("0.123", Err(AmountTooManyDecimals)),
        ("50,000.000", Err(AmountTooManyDecimals)),
        // misplaced separators
        (",100", Err(AmountSeparator)),
        ("100,", Err(AmountSeparator)),
        ("1,00", Err(AmountSeparator)),
        ("1,0000", Err(AmountSeparator)),
        ("1234,567", Err(AmountSeparator)),
        ("1,000,00", Err(AmountSeparator)),
        ("1,,000", Err(AmountSeparator)),
        ("1.000,00", Err(AmountSeparator)),
        ("1.0,0", Err(AmountSeparator)),
        (",", Err(AmountSeparator)),
        (",.5", Err(AmountSeparator)),
        ("50,00.00", Err(AmountSeparator)),
        // negative
        ("-1", Err(AmountNegative)),
        ("-0", Err(AmountNegative)),
        ("-50,000.00", Err(AmountNegative)),
        ("-99999999999999999999999", Err(AmountNegative)),
        // garbage
        ("", Err(AmountSyntax)),
        ("-", Err(AmountSyntax)),
        (".", Err(AmountSyntax)),
        (".5", Err(AmountSyntax)),
        ("5.", Err(AmountSyntax)),
        ("1.2.3", Err(AmountSyntax)),
        ("+1", Err(AmountSyntax)),
        ("--1", Err(AmountSyntax)),
        (" 1", Err(AmountSyntax)),
        ("1 ", Err(AmountSyntax)),
        ("1 000", Err(AmountSyntax)),
        ("1_000", Err(AmountSyntax)),
        ("1e3", Err(AmountSyntax)),
        ("0x10", Err(AmountSyntax)),
        ("abc", Err(AmountSyntax)),
        ("1.5a", Err(AmountSyntax)),
        ("-abc", Err(AmountSyntax)),
        ("１２", Err(AmountSyntax)),
        ("١٢", Err(AmountSyntax)),
        ("1'000", Err(AmountSyntax)),
        ("NaN", Err(AmountSyntax)),
        ("inf", Err(AmountSyntax)),
        ("$1", Err(AmountSyntax)),
        ("1.-5", Err(AmountSyntax)),
    ];
    for currency in Currency::ALL {
        for (text, expected) in cases {
            assert_eq!(
                to_minor_units(text, currency),
                *expected,
                "{text:?} in {currency}"
            );
        }
    }
}

#[test]
fn random_round_trip() {
    use rand::{Rng, SeedableRng};
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x4d4f_4e45);
    for _ in 0..20_000 {
        let minor: i64 = match rng.gen_range(0..3) {
            0 => rng.gen_range(0..1_000),
            1 => rng.gen_range(0..10_000_000_000),
            _ => rng.gen_range(0..=i64::MAX),
        };
        let major = minor / 100;
        let cents = minor % 100;
        // Plain, two decimals.
        let plain = format!("{major}.{cents:02}");
        assert_eq!(to_minor_units(&plain, Currency::USD), Ok(minor), "{plain}");
        // Grouped in thousands.
        let digits = major.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        let text = format!("{grouped}.{cents:02}");
        assert_eq!(to_minor_units(&text, Currency::KHR), Ok(minor), "{text}");
        // One decimal when the second is zero, none when both are.
        if cents % 10 == 0 {
            let text = format!("{grouped}.{}", cents / 10);
            assert_eq!(to_minor_units(&text, Currency::COP), Ok(minor), "{text}");
        }
        if cents == 0 {
            assert_eq!(
                to_minor_units(&grouped, Currency::COP),
                Ok(minor),
                "{grouped}"
            );
        }
    }
}
