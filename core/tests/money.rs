//! Currencies and decimal → minor-unit conversion.

use monetix_gate::money::{from_minor_units, to_minor_units, Currency, DecimalAmount};
use monetix_gate::Error;

/// The official ISO 4217 list one (SIX, published 2026-01-01), as shipped in
/// the `iso4217` package on PyPI (version 1.16.20260101, file `table.xml`):
/// an independent source for the table in `money.rs`.
const ISO_LIST_ONE: &str = include_str!("../../tests/data/iso4217-list-one.xml");

/// `(code, numeric, minor units)` of every entry with numeric minor units.
fn official() -> std::collections::BTreeMap<String, (u16, u8)> {
    let mut out = std::collections::BTreeMap::new();
    for entry in ISO_LIST_ONE.split("<CcyNtry>").skip(1) {
        let field = |tag: &str| {
            let open = format!("<{tag}>");
            let start = entry.find(&open)? + open.len();
            let end = entry[start..].find('<')? + start;
            Some(entry[start..end].trim().to_owned())
        };
        let (Some(code), Some(numeric), Some(minor)) =
            (field("Ccy"), field("CcyNbr"), field("CcyMnrUnts"))
        else {
            continue;
        };
        let Ok(minor) = minor.parse::<u8>() else {
            continue; // "N.A.": funds and metals without minor units
        };
        out.insert(code, (numeric.parse().unwrap(), minor));
    }
    out
}

#[test]
fn the_currency_table_is_the_official_list() {
    let official = official();
    assert!(ISO_LIST_ONE.contains(r#"Pblshd="2026-01-01""#));
    assert_eq!(Currency::ALL.len(), official.len());
    for (code, &(numeric, minor)) in &official {
        let c = Currency::from_code(code).unwrap_or_else(|_| panic!("{code} missing"));
        assert_eq!(
            (c.code(), c.numeric(), c.minor_units()),
            (code.as_str(), numeric, minor)
        );
        assert_eq!(code.parse::<Currency>(), Ok(c));
        assert_eq!(c.to_string(), *code);
    }
    for (c, code, numeric, minor) in [
        (Currency::KHR, "KHR", 116, 2),
        (Currency::USD, "USD", 840, 2),
        (Currency::COP, "COP", 170, 2),
    ] {
        assert_eq!(
            (c.code(), c.numeric(), c.minor_units()),
            (code, numeric, minor)
        );
    }
    for (code, minor) in [("JPY", 0), ("BHD", 3), ("CLF", 4), ("EUR", 2)] {
        assert_eq!(Currency::from_code(code).unwrap().minor_units(), minor);
    }
    for bad in ["", "khr", "Khr", "XAU", "KHR ", " USD", "USDX", "US", "ZZZ"] {
        assert_eq!(
            Currency::from_code(bad),
            Err(Error::UnknownCurrency),
            "{bad:?}"
        );
    }
}

#[test]
fn every_currency_round_trips_and_never_rounds() {
    for &c in Currency::ALL {
        let digits = usize::from(c.minor_units());
        for amount in [0i64, 1, 7, 10, 99, 100, 12_345, 5_000_000, i64::MAX] {
            let text = from_minor_units(amount, c).to_string();
            assert_eq!(to_minor_units(&text, c), Ok(amount), "{text} {c}");
            let mut buf = [0u8; DecimalAmount::MAX_LEN];
            assert_eq!(
                from_minor_units(amount, c).write_to(&mut buf).unwrap(),
                text
            );
            // Extra zero decimals are fine, an extra non-zero digit is refused.
            let point = if digits == 0 { "." } else { "" };
            assert_eq!(
                to_minor_units(&format!("{text}{point}000"), c),
                Ok(amount),
                "{text} {c}"
            );
            assert_eq!(
                to_minor_units(&format!("{text}{point}001"), c),
                Err(Error::AmountTooManyDecimals),
                "{text} {c}"
            );
        }
        assert_eq!(
            from_minor_units(-1, c).to_string(),
            if digits == 0 {
                "-1".to_owned()
            } else {
                format!("-0.{}1", "0".repeat(digits - 1))
            }
        );
    }
    assert_eq!(
        from_minor_units(5_000_000, Currency::KHR).to_string(),
        "50000.00"
    );
    assert_eq!(from_minor_units(5, Currency::USD).to_string(), "0.05");
    let jpy = Currency::from_code("JPY").unwrap();
    assert_eq!(from_minor_units(500, jpy).to_string(), "500");
    assert_eq!(to_minor_units("500", jpy), Ok(500));
    assert_eq!(
        to_minor_units("500.5", jpy),
        Err(Error::AmountTooManyDecimals)
    );
    let bhd = Currency::from_code("BHD").unwrap();
    assert_eq!(to_minor_units("1.234", bhd), Ok(1_234));
    assert_eq!(from_minor_units(1_234, bhd).to_string(), "1.234");
    let mut small = [0u8; 4];
    assert_eq!(
        from_minor_units(5_000_000, Currency::KHR).write_to(&mut small),
        Err(Error::BufferTooSmall { needed: 8 })
    );
    assert_eq!(small, [0; 4]);
}

#[test]
fn seed_examples() {
    // Seed Cambodia: "50,000.00 KHR must be sent as 5000000".
    assert_eq!(to_minor_units("50,000.00", Currency::KHR), Ok(5_000_000));
    // Seed Colombia: "100.00 COP must be sent as 10000".
    assert_eq!(to_minor_units("100.00", Currency::COP), Ok(10_000));
    // Plain amounts.
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
        // extra zero decimals are accepted, a non-zero one is never rounded
        ("1.000", Ok(100)),
        ("50,000.000", Ok(5_000_000)),
        ("1.001", Err(AmountTooManyDecimals)),
        ("0.123", Err(AmountTooManyDecimals)),
        // exponents, as Decimal and JSON write them
        ("5E+4", Ok(5_000_000)),
        ("5e4", Ok(5_000_000)),
        ("1.5e3", Ok(150_000)),
        ("1E-2", Ok(1)),
        ("12300E-4", Ok(123)),
        ("12345E-4", Err(AmountTooManyDecimals)),
        ("0E+10", Ok(0)),
        ("0e-99999999999999999999", Ok(0)),
        ("1e-3", Err(AmountTooManyDecimals)),
        ("1e99999999999999999999", Err(AmountOverflow)),
        ("1e17", Err(AmountOverflow)),
        ("1e", Err(AmountSyntax)),
        ("1e+", Err(AmountSyntax)),
        ("e5", Err(AmountSyntax)),
        ("1e5.0", Err(AmountSyntax)),
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
    for currency in [Currency::KHR, Currency::USD, Currency::COP] {
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
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
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
