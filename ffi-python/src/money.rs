//! Money and bank tables: core's [`money`] conversions and currency table,
//! and the bank tables of core's [`Method`]s, as Python values.

use std::borrow::Cow;

use monetix_gate::money::{self, Currency};
use monetix_gate::payout::{Bank, Method};
use monetix_gate::Error;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyInt, PyString, PyTuple, PyType};

use crate::convert::{type_name, utf8};
use crate::errors::{Failure, Result};

/// The text of a `str` argument: `None` for a `str` without a UTF-8 form (a
/// lone surrogate), which no amount, currency, method or bank name has;
/// `ArgumentTypeError` for anything but a `str`.
fn text<'a>(obj: &'a Bound<'_, PyAny>, what: &str) -> Result<Option<Cow<'a, str>>> {
    let Ok(s) = obj.cast::<PyString>() else {
        return Err(Failure::ArgumentType(format!(
            "{what} must be str, not {}",
            type_name(obj)
        )));
    };
    Ok(utf8(s).ok())
}

fn currency_of(currency: &Bound<'_, PyAny>) -> Result<Currency> {
    let code = text(currency, "currency")?.ok_or(Error::UnknownCurrency)?;
    Ok(Currency::from_code(&code)?)
}

/// `decimal.Decimal`, imported once.
fn decimal(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    DECIMAL.import(py, "decimal", "Decimal")
}

/// The decimal text of an amount given as `str`, `int` or `Decimal`: a
/// `str` as it is; an `int` by its value; a `Decimal` by `Decimal.__str__`
/// called unbound (its exact text, exponent included, whatever a subclass
/// says). Core reads the text.
fn amount_text<'a>(amount: &'a Bound<'_, PyAny>) -> Result<Cow<'a, str>> {
    let py = amount.py();
    if amount.cast::<PyString>().is_ok() {
        // A `str` without a UTF-8 form (a lone surrogate) has no digits.
        return text(amount, "amount")?.ok_or(Failure::Core(Error::AmountSyntax));
    }
    if amount.cast::<PyBool>().is_err() {
        if let Ok(i) = amount.cast::<PyInt>() {
            if let Ok(v) = i.extract::<i64>() {
                return Ok(Cow::Owned(v.to_string()));
            }
            // Beyond 64 bits: exactly, through `Decimal(int)` (which reads
            // the value itself).
            let d = decimal(py)?.call1((i,))?;
            return decimal_text(&d);
        }
        if amount.is_instance(decimal(py)?)? {
            return decimal_text(amount);
        }
    }
    Err(Failure::ArgumentType(format!(
        "amount must be str, int or Decimal, not {} (a float is not exact: use Decimal or str)",
        type_name(amount)
    )))
}

fn decimal_text<'a>(d: &Bound<'_, PyAny>) -> Result<Cow<'a, str>> {
    let s = decimal(d.py())?
        .getattr(pyo3::intern!(d.py(), "__str__"))?
        .call1((d,))?;
    Ok(Cow::Owned(s.extract::<String>()?))
}

/// Converts a decimal amount in major units (`"50,000.00"`, `Decimal("5E+4")`,
/// `50000`) into an integer count of the currency's minor units, exactly:
/// core's [`money::to_minor_units`] (extra zero decimals are fine, nothing is
/// ever rounded). An error names the currency's decimal digits.
#[pyfunction]
#[pyo3(signature = (amount, currency))]
pub(crate) fn to_minor_units(
    amount: &Bound<'_, PyAny>,
    currency: &Bound<'_, PyAny>,
) -> Result<i64> {
    let amount = amount_text(amount)?;
    let currency = currency_of(currency)?;
    money::to_minor_units(&amount, currency).map_err(|err| Failure::Noted {
        message: format!(
            "{err}: {amount:?} {code} ({code} has {digits} decimal digits)",
            code = currency.code(),
            digits = currency.minor_units()
        ),
        err,
        offset: None,
    })
}

/// The `Decimal` of `amount` minor units of `currency` (core's
/// [`money::from_minor_units`]): `5000000` KHR is `Decimal("50000.00")`.
#[pyfunction]
#[pyo3(signature = (amount, currency))]
pub(crate) fn from_minor_units<'py>(
    amount: &Bound<'py, PyAny>,
    currency: &Bound<'py, PyAny>,
) -> Result<Bound<'py, PyAny>> {
    let py = amount.py();
    let (Ok(value), Err(_)) = (amount.cast::<PyInt>(), amount.cast::<PyBool>()) else {
        return Err(Failure::ArgumentType(format!(
            "amount must be an int of minor units, not {}",
            type_name(amount)
        )));
    };
    let currency = currency_of(currency)?;
    let Ok(value) = value.extract::<i64>() else {
        return Err(Failure::Core(Error::AmountOverflow));
    };
    let text = money::from_minor_units(value, currency).to_string();
    Ok(decimal(py)?.call1((text,))?)
}

/// Number of minor-unit digits of a currency (`2` for `KHR`, `0` for
/// `JPY`, `3` for `BHD`, `4` for `CLF`).
#[pyfunction]
#[pyo3(signature = (currency))]
pub(crate) fn minor_unit_digits(currency: &Bound<'_, PyAny>) -> Result<u8> {
    Ok(currency_of(currency)?.minor_units())
}

/// Every currency of core's table as `(code, numeric, digits)`.
pub(crate) fn currencies(py: Python<'_>) -> PyResult<Bound<'_, PyTuple>> {
    PyTuple::new(
        py,
        Currency::ALL
            .iter()
            .map(|c| (c.code(), c.numeric(), c.minor_units())),
    )
}

// ---- bank tables ------------------------------------------------------------------

fn method_of(method: &Bound<'_, PyAny>) -> Result<Method> {
    let name = text(method, "method")?;
    name.as_deref().and_then(Method::from_name).ok_or_else(|| {
        let names: Vec<String> = Method::ALL
            .iter()
            .map(|m| format!("\"{}\"", m.name()))
            .collect();
        Failure::ArgumentValue(format!(
            "unknown payout method {} (expected {})",
            name.map_or_else(|| "(not valid Unicode)".to_owned(), |o| format!("{o:?}")),
            names.join(" or ")
        ))
    })
}

fn bank<'py>(py: Python<'py>, b: &Bank) -> PyResult<Bound<'py, PyAny>> {
    static CLASS: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    CLASS
        .import(py, "monetix_gate.models", "Bank")?
        .call1((b.id, b.name))
}

fn opt_bank<'py>(py: Python<'py>, b: Option<&Bank>) -> Result<Option<Bound<'py, PyAny>>> {
    Ok(b.map(|b| bank(py, b)).transpose()?)
}

/// The bank table of a payout method (`"cambodia"` or `"colombia"`), in the
/// platform's order.
#[pyfunction]
#[pyo3(signature = (method))]
pub(crate) fn banks<'py>(
    py: Python<'py>,
    method: &Bound<'py, PyAny>,
) -> Result<Vec<Bound<'py, PyAny>>> {
    Ok(method_of(method)?
        .banks()
        .iter()
        .map(|b| bank(py, b))
        .collect::<PyResult<_>>()?)
}

/// The bank with this `account.bank_id` in a method's table, or `None`.
#[pyfunction]
#[pyo3(signature = (method, bank_id))]
pub(crate) fn bank_by_id<'py>(
    py: Python<'py>,
    method: &Bound<'py, PyAny>,
    bank_id: &Bound<'py, PyAny>,
) -> Result<Option<Bound<'py, PyAny>>> {
    let method = method_of(method)?;
    let Ok(id) = bank_id.cast::<PyInt>() else {
        return Err(Failure::ArgumentType("bank_id must be int".to_owned()));
    };
    // Any other integer (negative, or beyond 32 bits) is no bank's id.
    let Ok(id) = id.extract::<u32>() else {
        return Ok(None);
    };
    opt_bank(py, method.bank_by_id(id))
}

/// The bank with this name in a method's table (exact, or ignoring case), or `None`.
#[pyfunction]
#[pyo3(signature = (method, name, *, ignore_case = false))]
pub(crate) fn bank_by_name<'py>(
    py: Python<'py>,
    method: &Bound<'py, PyAny>,
    name: &Bound<'py, PyAny>,
    ignore_case: bool,
) -> Result<Option<Bound<'py, PyAny>>> {
    let method = method_of(method)?;
    let Some(name) = text(name, "name")? else {
        return Ok(None);
    };
    opt_bank(
        py,
        if ignore_case {
            method.bank_by_name_ignore_case(&name)
        } else {
            method.bank_by_name(&name)
        },
    )
}

/// The banks of a method whose name contains `query`, ignoring case.
#[pyfunction]
#[pyo3(signature = (method, query))]
pub(crate) fn search_banks<'py>(
    py: Python<'py>,
    method: &Bound<'py, PyAny>,
    query: &Bound<'py, PyAny>,
) -> Result<Vec<Bound<'py, PyAny>>> {
    let method = method_of(method)?;
    let Some(query) = text(query, "query")? else {
        return Ok(Vec::new());
    };
    Ok(method
        .search_banks(&query)
        .map(|b| bank(py, b))
        .collect::<PyResult<_>>()?)
}
