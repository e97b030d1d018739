//! Currencies of the supported payout methods and conversion of decimal
//! amounts into the integer minor units Gate expects.
//!
//! Gate takes `payment.amount` as an integer count of minor units: the seeds
//! say "50,000.00 KHR must be sent as 5000000" and "100.00 COP must be sent as
//! 10000". [`to_minor_units`] does that conversion exactly (no floats), with a
//! distinct [`Error`] for each way the text can be wrong.
//!
//! ```
//! use monetix_gate::money::{to_minor_units, Currency};
//! assert_eq!(to_minor_units("50,000.00", Currency::KHR), Ok(5_000_000));
//! assert_eq!(to_minor_units("100", Currency::COP), Ok(10_000));
//! assert_eq!(to_minor_units("100.5", Currency::USD), Ok(10_050));
//! ```

use core::fmt;
use core::str::FromStr;

use crate::Error;

/// A currency accepted by one of the supported payout methods.
///
/// Variants are named by their ISO 4217 alpha-3 code, as payment code
/// conventionally spells them (hence the upper-case acronyms).
#[allow(clippy::upper_case_acronyms)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Currency {
    /// Cambodian riel (ISO 4217 `KHR`, numeric 116, 2 minor digits).
    KHR,
    /// United States dollar (ISO 4217 `USD`, numeric 840, 2 minor digits).
    USD,
    /// Colombian peso (ISO 4217 `COP`, numeric 170, 2 minor digits).
    COP,
}

impl Currency {
    /// Every currency this library knows, in declaration order.
    pub const ALL: [Currency; 3] = [Currency::KHR, Currency::USD, Currency::COP];

    /// The ISO 4217 alpha-3 code, e.g. `"KHR"`.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Currency::KHR => "KHR",
            Currency::USD => "USD",
            Currency::COP => "COP",
        }
    }

    /// The ISO 4217 numeric code, e.g. `116` for KHR.
    #[must_use]
    pub const fn numeric(self) -> u16 {
        match self {
            Currency::KHR => 116,
            Currency::USD => 840,
            Currency::COP => 170,
        }
    }

    /// Number of minor-unit digits (ISO 4217 "minor unit"): 2 for all three.
    ///
    /// The seeds confirm it for KHR (50,000.00 → 5000000) and COP
    /// (100.00 → 10000); USD is 2 by ISO 4217.
    #[must_use]
    pub const fn minor_units(self) -> u8 {
        match self {
            Currency::KHR | Currency::USD | Currency::COP => 2,
        }
    }

    /// The currency with ISO 4217 alpha-3 code `code`. The match is exact
    /// (upper case, as Gate sends and expects it).
    ///
    /// # Errors
    /// [`Error::UnknownCurrency`] for any other text.
    pub fn from_code(code: &str) -> Result<Currency, Error> {
        Currency::ALL
            .iter()
            .copied()
            .find(|c| c.code() == code)
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

/// Converts a decimal amount in major units (`"50,000.00"`, `"100"`,
/// `"100.5"`) into an integer count of `currency`'s minor units.
///
/// Accepted text: ASCII digits with an optional fraction after one `.`; the
/// integer part may group its digits with `,` as thousands separators, and
/// then every group after the first has exactly three digits and the first
/// has one to three (`"1,234,567.89"`). Leading zeros are accepted. Nothing
/// else is: no whitespace, no `+`, no exponent, no `.5` or `5.`, no comma
/// in the fraction (`"1.000,00"` is refused, never read as one thousand).
///
/// The fraction may have at most [`Currency::minor_units`] digits, even if
/// the extra digits are zeros: `"1.000"` could be a European "one
/// thousand", so it is refused rather than guessed at.
///
/// # Errors
/// Checked in this order, the first that applies wins:
/// - [`Error::AmountSyntax`]: empty, a character other than digits, `,`, `.`
///   and a leading `-`, more than one `.`, or no digit before or after the `.`;
/// - [`Error::AmountSeparator`]: a `,` that does not separate groups of
///   three digits in the integer part (`"1,00"`, `",100"`, `"100,"`,
///   `"1,,000"`, `"1.000,00"`);
/// - [`Error::AmountTooManyDecimals`]: more fraction digits than the currency has;
/// - [`Error::AmountNegative`]: a leading `-` (also on `"-0"`);
/// - [`Error::AmountOverflow`]: the result does not fit an `i64`.
pub fn to_minor_units(text: &str, currency: Currency) -> Result<i64, Error> {
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (int, frac) = match body.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (body, None),
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

    // Thousands separators: first group 1..=3 digits, every later one 3.
    if int.contains(',') {
        let mut groups = int.split(',');
        let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()));
        if !first_ok || !groups.all(|g| g.len() == 3) {
            return Err(Error::AmountSeparator);
        }
    }

    let frac = frac.unwrap_or("");
    let minor = usize::from(currency.minor_units());
    if frac.len() > minor {
        return Err(Error::AmountTooManyDecimals);
    }
    if negative {
        return Err(Error::AmountNegative);
    }

    // Value: integer digits, then the fraction padded with zeros to `minor`.
    let padding = core::iter::repeat_n(b'0', minor.saturating_sub(frac.len()));
    int.bytes()
        .filter(|b| b.is_ascii_digit())
        .chain(frac.bytes())
        .chain(padding)
        .try_fold(0i64, |acc, b| {
            acc.checked_mul(10)
                .and_then(|acc| acc.checked_add(i64::from(b.wrapping_sub(b'0'))))
        })
        .ok_or(Error::AmountOverflow)
}
