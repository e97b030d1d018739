//! Currencies (the ISO 4217 table) and exact conversion between decimal
//! amounts and the integer minor units Gate expects.
//!
//! Gate takes `payment.amount` as an integer count of minor units: the
//! platform's pages say "50,000.00 KHR must be sent as 5000000" and "100.00
//! COP must be sent as 10000". [`to_minor_units`] does that conversion
//! exactly (no floats, never rounding), [`from_minor_units`] the inverse for
//! display, and [`Currency`] knows every active ISO 4217 currency with its
//! minor-unit digits (a callback's converted sum can be in any of them).
//!
//! ```
//! use monetix_gate::money::{from_minor_units, to_minor_units, Currency};
//! assert_eq!(to_minor_units("50,000.00", Currency::KHR), Ok(5_000_000));
//! assert_eq!(to_minor_units("5E+4", Currency::KHR), Ok(5_000_000));
//! assert_eq!(to_minor_units("100.500", Currency::USD), Ok(10_050)); // extra zeros are fine
//! assert!(to_minor_units("100.505", Currency::USD).is_err());      // never rounded
//! let jpy = Currency::from_code("JPY")?;
//! assert_eq!(jpy.minor_units(), 0);
//! assert_eq!(from_minor_units(5_000_000, Currency::KHR).to_string(), "50000.00");
//! # Ok::<(), monetix_gate::Error>(())
//! ```

use core::fmt;
use core::str::FromStr;

use crate::Error;

/// An ISO 4217 currency: its alpha-3 code, numeric code and minor-unit digits.
///
/// [`Currency::ALL`] is the active currencies of ISO 4217 list one (published
/// 2026-01-01) that have minor units (funds and precious metals without
/// minor units are left out). The three currencies of the supported payout
/// methods have constants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency {
    code: &'static str,
    numeric: u16,
    minor: u8,
}

const fn c(code: &'static str, numeric: u16, minor: u8) -> Currency {
    Currency {
        code,
        numeric,
        minor,
    }
}

/// ISO 4217 list one (2026-01-01), currencies with minor units, by code.
const TABLE: [Currency; 165] = [
    c("AED", 784, 2), // UAE Dirham
    c("AFN", 971, 2), // Afghani
    c("ALL", 8, 2),   // Lek
    c("AMD", 51, 2),  // Armenian Dram
    c("AOA", 973, 2), // Kwanza
    c("ARS", 32, 2),  // Argentine Peso
    c("AUD", 36, 2),  // Australian Dollar
    c("AWG", 533, 2), // Aruban Florin
    c("AZN", 944, 2), // Azerbaijan Manat
    c("BAM", 977, 2), // Convertible Mark
    c("BBD", 52, 2),  // Barbados Dollar
    c("BDT", 50, 2),  // Taka
    c("BHD", 48, 3),  // Bahraini Dinar
    c("BIF", 108, 0), // Burundi Franc
    c("BMD", 60, 2),  // Bermudian Dollar
    c("BND", 96, 2),  // Brunei Dollar
    c("BOB", 68, 2),  // Boliviano
    c("BOV", 984, 2), // Mvdol
    c("BRL", 986, 2), // Brazilian Real
    c("BSD", 44, 2),  // Bahamian Dollar
    c("BTN", 64, 2),  // Ngultrum
    c("BWP", 72, 2),  // Pula
    c("BYN", 933, 2), // Belarusian Ruble
    c("BZD", 84, 2),  // Belize Dollar
    c("CAD", 124, 2), // Canadian Dollar
    c("CDF", 976, 2), // Congolese Franc
    c("CHE", 947, 2), // WIR Euro
    c("CHF", 756, 2), // Swiss Franc
    c("CHW", 948, 2), // WIR Franc
    c("CLF", 990, 4), // Unidad de Fomento
    c("CLP", 152, 0), // Chilean Peso
    c("CNY", 156, 2), // Yuan Renminbi
    c("COP", 170, 2), // Colombian Peso
    c("COU", 970, 2), // Unidad de Valor Real
    c("CRC", 188, 2), // Costa Rican Colon
    c("CUP", 192, 2), // Cuban Peso
    c("CVE", 132, 2), // Cabo Verde Escudo
    c("CZK", 203, 2), // Czech Koruna
    c("DJF", 262, 0), // Djibouti Franc
    c("DKK", 208, 2), // Danish Krone
    c("DOP", 214, 2), // Dominican Peso
    c("DZD", 12, 2),  // Algerian Dinar
    c("EGP", 818, 2), // Egyptian Pound
    c("ERN", 232, 2), // Nakfa
    c("ETB", 230, 2), // Ethiopian Birr
    c("EUR", 978, 2), // Euro
    c("FJD", 242, 2), // Fiji Dollar
    c("FKP", 238, 2), // Falkland Islands Pound
    c("GBP", 826, 2), // Pound Sterling
    c("GEL", 981, 2), // Lari
    c("GHS", 936, 2), // Ghana Cedi
    c("GIP", 292, 2), // Gibraltar Pound
    c("GMD", 270, 2), // Dalasi
    c("GNF", 324, 0), // Guinean Franc
    c("GTQ", 320, 2), // Quetzal
    c("GYD", 328, 2), // Guyana Dollar
    c("HKD", 344, 2), // Hong Kong Dollar
    c("HNL", 340, 2), // Lempira
    c("HTG", 332, 2), // Gourde
    c("HUF", 348, 2), // Forint
    c("IDR", 360, 2), // Rupiah
    c("ILS", 376, 2), // New Israeli Sheqel
    c("INR", 356, 2), // Indian Rupee
    c("IQD", 368, 3), // Iraqi Dinar
    c("IRR", 364, 2), // Iranian Rial
    c("ISK", 352, 0), // Iceland Krona
    c("JMD", 388, 2), // Jamaican Dollar
    c("JOD", 400, 3), // Jordanian Dinar
    c("JPY", 392, 0), // Yen
    c("KES", 404, 2), // Kenyan Shilling
    c("KGS", 417, 2), // Som
    c("KHR", 116, 2), // Riel
    c("KMF", 174, 0), // Comorian Franc
    c("KPW", 408, 2), // North Korean Won
    c("KRW", 410, 0), // Won
    c("KWD", 414, 3), // Kuwaiti Dinar
    c("KYD", 136, 2), // Cayman Islands Dollar
    c("KZT", 398, 2), // Tenge
    c("LAK", 418, 2), // Lao Kip
    c("LBP", 422, 2), // Lebanese Pound
    c("LKR", 144, 2), // Sri Lanka Rupee
    c("LRD", 430, 2), // Liberian Dollar
    c("LSL", 426, 2), // Loti
    c("LYD", 434, 3), // Libyan Dinar
    c("MAD", 504, 2), // Moroccan Dirham
    c("MDL", 498, 2), // Moldovan Leu
    c("MGA", 969, 2), // Malagasy Ariary
    c("MKD", 807, 2), // Denar
    c("MMK", 104, 2), // Kyat
    c("MNT", 496, 2), // Tugrik
    c("MOP", 446, 2), // Pataca
    c("MRU", 929, 2), // Ouguiya
    c("MUR", 480, 2), // Mauritius Rupee
    c("MVR", 462, 2), // Rufiyaa
    c("MWK", 454, 2), // Malawi Kwacha
    c("MXN", 484, 2), // Mexican Peso
    c("MXV", 979, 2), // Mexican Unidad de Inversion (UDI)
    c("MYR", 458, 2), // Malaysian Ringgit
    c("MZN", 943, 2), // Mozambique Metical
    c("NAD", 516, 2), // Namibia Dollar
    c("NGN", 566, 2), // Naira
    c("NIO", 558, 2), // Cordoba Oro
    c("NOK", 578, 2), // Norwegian Krone
    c("NPR", 524, 2), // Nepalese Rupee
    c("NZD", 554, 2), // New Zealand Dollar
    c("OMR", 512, 3), // Rial Omani
    c("PAB", 590, 2), // Balboa
    c("PEN", 604, 2), // Sol
    c("PGK", 598, 2), // Kina
    c("PHP", 608, 2), // Philippine Peso
    c("PKR", 586, 2), // Pakistan Rupee
    c("PLN", 985, 2), // Zloty
    c("PYG", 600, 0), // Guarani
    c("QAR", 634, 2), // Qatari Rial
    c("RON", 946, 2), // Romanian Leu
    c("RSD", 941, 2), // Serbian Dinar
    c("RUB", 643, 2), // Russian Ruble
    c("RWF", 646, 0), // Rwanda Franc
    c("SAR", 682, 2), // Saudi Riyal
    c("SBD", 90, 2),  // Solomon Islands Dollar
    c("SCR", 690, 2), // Seychelles Rupee
    c("SDG", 938, 2), // Sudanese Pound
    c("SEK", 752, 2), // Swedish Krona
    c("SGD", 702, 2), // Singapore Dollar
    c("SHP", 654, 2), // Saint Helena Pound
    c("SLE", 925, 2), // Leone
    c("SOS", 706, 2), // Somali Shilling
    c("SRD", 968, 2), // Surinam Dollar
    c("SSP", 728, 2), // South Sudanese Pound
    c("STN", 930, 2), // Dobra
    c("SVC", 222, 2), // El Salvador Colon
    c("SYP", 760, 2), // Syrian Pound
    c("SZL", 748, 2), // Lilangeni
    c("THB", 764, 2), // Baht
    c("TJS", 972, 2), // Somoni
    c("TMT", 934, 2), // Turkmenistan New Manat
    c("TND", 788, 3), // Tunisian Dinar
    c("TOP", 776, 2), // Pa’anga
    c("TRY", 949, 2), // Turkish Lira
    c("TTD", 780, 2), // Trinidad and Tobago Dollar
    c("TWD", 901, 2), // New Taiwan Dollar
    c("TZS", 834, 2), // Tanzanian Shilling
    c("UAH", 980, 2), // Hryvnia
    c("UGX", 800, 0), // Uganda Shilling
    c("USD", 840, 2), // US Dollar
    c("USN", 997, 2), // US Dollar (Next day)
    c("UYI", 940, 0), // Uruguay Peso en Unidades Indexadas (UI)
    c("UYU", 858, 2), // Peso Uruguayo
    c("UYW", 927, 4), // Unidad Previsional
    c("UZS", 860, 2), // Uzbekistan Sum
    c("VED", 926, 2), // Bolívar Soberano
    c("VES", 928, 2), // Bolívar Soberano
    c("VND", 704, 0), // Dong
    c("VUV", 548, 0), // Vatu
    c("WST", 882, 2), // Tala
    c("XAD", 396, 2), // Arab Accounting Dinar
    c("XAF", 950, 0), // CFA Franc BEAC
    c("XCD", 951, 2), // East Caribbean Dollar
    c("XCG", 532, 2), // Caribbean Guilder
    c("XOF", 952, 0), // CFA Franc BCEAO
    c("XPF", 953, 0), // CFP Franc
    c("YER", 886, 2), // Yemeni Rial
    c("ZAR", 710, 2), // Rand
    c("ZMW", 967, 2), // Zambian Kwacha
    c("ZWG", 924, 2), // Zimbabwe Gold
];

#[allow(clippy::upper_case_acronyms)]
impl Currency {
    /// Cambodian riel (`KHR`, 116, 2 minor digits).
    pub const KHR: Currency = c("KHR", 116, 2);
    /// United States dollar (`USD`, 840, 2 minor digits).
    pub const USD: Currency = c("USD", 840, 2);
    /// Colombian peso (`COP`, 170, 2 minor digits).
    pub const COP: Currency = c("COP", 170, 2);

    /// Every currency this library knows, sorted by code.
    pub const ALL: &'static [Currency] = &TABLE;

    /// The ISO 4217 alpha-3 code, e.g. `"KHR"`.
    #[must_use]
    pub const fn code(self) -> &'static str {
        self.code
    }

    /// The ISO 4217 numeric code, e.g. `116` for KHR.
    #[must_use]
    pub const fn numeric(self) -> u16 {
        self.numeric
    }

    /// Number of minor-unit digits (ISO 4217 "minor unit"): 2 for KHR, USD
    /// and COP, 0 for JPY, 3 for BHD, 4 for CLF.
    #[must_use]
    pub const fn minor_units(self) -> u8 {
        self.minor
    }

    /// The currency with ISO 4217 alpha-3 code `code`. The match is exact
    /// (upper case, as Gate sends and expects it).
    ///
    /// # Errors
    /// [`Error::UnknownCurrency`] for any other text.
    pub fn from_code(code: &str) -> Result<Currency, Error> {
        TABLE
            .binary_search_by(|c| c.code.cmp(code))
            .ok()
            .and_then(|i| TABLE.get(i))
            .copied()
            .ok_or(Error::UnknownCurrency)
    }
}

impl FromStr for Currency {
    type Err = Error;

    fn from_str(code: &str) -> Result<Self, Self::Err> {
        Currency::from_code(code)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Converts a decimal amount in major units into an integer count of
/// `currency`'s minor units, exactly: `"50,000.00"` KHR is `5000000`.
///
/// Accepted text: ASCII digits with an optional fraction after one `.` and an
/// optional exponent (`e` or `E`, an optional sign, digits: `"5E+4"`,
/// `"1.5e3"`, as `Decimal` and JSON write numbers). The integer part may group
/// its digits with `,` as thousands separators; then every group after the
/// first has exactly three digits and the first one to three (`"1,234,567.89"`).
/// Leading zeros are accepted. Digits beyond the currency's precision are
/// accepted when they are zeros (`"100.500"` USD) and refused otherwise:
/// an amount is never rounded.
///
/// # Errors
/// Checked in this order, the first that applies wins:
/// - [`Error::AmountSyntax`]: empty, a character other than digits, `,`, `.`,
///   an exponent and a leading `-`; more than one `.`; no digit before or after
///   the `.`; an exponent without digits;
/// - [`Error::AmountSeparator`]: a `,` that does not separate groups of
///   three digits in the integer part (`"1,00"`, `",100"`, `"1.000,00"`);
/// - [`Error::AmountNegative`]: a leading `-` (also on `"-0"`);
/// - [`Error::AmountTooManyDecimals`]: a non-zero digit beyond the currency's
///   [`Currency::minor_units`];
/// - [`Error::AmountOverflow`]: the result does not fit an `i64`.
pub fn to_minor_units(text: &str, currency: Currency) -> Result<i64, Error> {
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (
            body.get(..at).unwrap_or(""),
            Some(body.get(at.saturating_add(1)..).unwrap_or("")),
        ),
        None => (body, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (mantissa, None),
    };

    // Syntax: allowed characters only, one `.` at most, digits around it.
    if !int.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        return Err(Error::AmountSyntax);
    }
    if let Some(frac) = frac {
        for b in frac.bytes() {
            if b == b',' {
                return Err(Error::AmountSeparator);
            }
            if !b.is_ascii_digit() {
                return Err(Error::AmountSyntax);
            }
        }
        if frac.is_empty() {
            return Err(Error::AmountSyntax);
        }
    }
    if !int.bytes().any(|b| b.is_ascii_digit()) {
        return Err(if int.contains(',') {
            Error::AmountSeparator
        } else {
            Error::AmountSyntax
        });
    }
    let exponent: i64 = match exponent {
        None => 0,
        Some(e) => {
            let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(Error::AmountSyntax);
            }
            // Past a few hundred either way the amount is zero or overflows;
            // clamp so huge exponents cannot cost time.
            let magnitude = digits
                .bytes()
                .try_fold(0i64, |acc, b| {
                    acc.checked_mul(10)?
                        .checked_add(i64::from(b.wrapping_sub(b'0')))
                })
                .unwrap_or(i64::MAX)
                .min(100_000);
            if e.starts_with('-') {
                magnitude.saturating_neg()
            } else {
                magnitude
            }
        }
    };

    // Thousands separators: first group 1..=3 digits, every later one 3.
    if int.contains(',') {
        let mut groups = int.split(',');
        let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()));
        if !first_ok || !groups.all(|g| g.len() == 3) {
            return Err(Error::AmountSeparator);
        }
    }

    // The digits, and where the point falls among them once the exponent and
    // the currency's minor units are applied: digits before `point` make the
    // integer count of minor units, digits after it must all be zero.
    let frac = frac.unwrap_or("");
    let digits = || {
        int.bytes()
            .filter(u8::is_ascii_digit)
            .chain(frac.bytes())
            .map(|b| b.wrapping_sub(b'0'))
    };
    let int_len = i64::try_from(int.bytes().filter(u8::is_ascii_digit).count()).unwrap_or(i64::MAX);
    let point = int_len
        .saturating_add(exponent)
        .saturating_add(i64::from(currency.minor_units()));
    if negative {
        return Err(Error::AmountNegative);
    }
    let mut value: i64 = 0;
    let mut at: i64 = 0;
    for d in digits() {
        if at >= point {
            if d != 0 {
                return Err(Error::AmountTooManyDecimals);
            }
        } else {
            value = value
                .checked_mul(10)
                .and_then(|v| v.checked_add(i64::from(d)))
                .ok_or(Error::AmountOverflow)?;
        }
        at = at.saturating_add(1);
    }
    // The point lies beyond the digits (`5E+4`, `"100"` with 2 minor units):
    // append zeros. Past 19 of them any non-zero value overflows an i64.
    let zeros = point.saturating_sub(at);
    if value != 0 && zeros > 0 {
        for _ in 0..zeros.min(20) {
            value = value.checked_mul(10).ok_or(Error::AmountOverflow)?;
        }
    }
    Ok(value)
}

/// An amount in minor units, displayed as a decimal in major units with the
/// currency's minor-unit digits: `5000000` KHR is `50000.00`, `500` JPY is
/// `500`, `-1` USD is `-0.01`. Returned by [`from_minor_units`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecimalAmount {
    amount: i64,
    digits: u8,
}

/// The decimal text of `amount` minor units of `currency` (see
/// [`DecimalAmount`]; `to_string()` with `std`, or [`DecimalAmount::write_to`]).
#[must_use]
pub const fn from_minor_units(amount: i64, currency: Currency) -> DecimalAmount {
    DecimalAmount {
        amount,
        digits: currency.minor_units(),
    }
}

impl DecimalAmount {
    /// The longest text: a sign, 19 digits, a point and leading zeros for up
    /// to 4 minor digits.
    pub const MAX_LEN: usize = 26;

    /// Writes the text into `out` and returns it.
    ///
    /// # Errors
    /// [`Error::BufferTooSmall`] with the exact size needed (nothing written).
    pub fn write_to<'o>(&self, out: &'o mut [u8]) -> Result<&'o str, Error> {
        let mut buf = [0u8; Self::MAX_LEN];
        let mut w = crate::json::SliceWriter::new(&mut buf);
        let _ = fmt::write(&mut Fmt(&mut w), format_args!("{self}"));
        let len = w.pos;
        let text = buf.get(..len).unwrap_or(&[]);
        let dst = out
            .get_mut(..len)
            .ok_or(Error::BufferTooSmall { needed: len })?;
        crate::copy(dst, text);
        core::str::from_utf8(dst).map_err(|e| Error::InvalidUtf8 {
            offset: e.valid_up_to(),
        })
    }
}

struct Fmt<'w, 'o>(&'w mut crate::json::SliceWriter<'o>);

impl fmt::Write for Fmt<'_, '_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        crate::json::Sink::put(self.0, s.as_bytes());
        Ok(())
    }
}

impl fmt::Display for DecimalAmount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut digits = [0u8; 20];
        let n = crate::json::itoa_u64(self.amount.unsigned_abs(), &mut digits);
        let digits = digits.get(..n).unwrap_or(&[]);
        if self.amount < 0 {
            f.write_str("-")?;
        }
        let minor = usize::from(self.digits);
        fn text(b: &[u8]) -> &str {
            core::str::from_utf8(b).unwrap_or("")
        }
        if minor == 0 {
            return f.write_str(text(digits));
        }
        if digits.len() > minor {
            let (int, frac) = digits.split_at(digits.len().saturating_sub(minor));
            write!(f, "{}.{}", text(int), text(frac))
        } else {
            f.write_str("0.")?;
            for _ in digits.len()..minor {
                f.write_str("0")?;
            }
            f.write_str(text(digits))
        }
    }
}
