//! `batch cambodia|colombia FILE.csv`: one signed payout request per row.
//!
//! Columns are named by the Gate parameter paths (`general.payment_id`,
//! `customer.id`, `account.bank_id`, `payment.amount`, ...); a column
//! `extras.PATH` is the extra Gate parameter PATH (`extras.customer.country`),
//! which goes into the `"extras"` object core's reader takes. Each row becomes
//! a JSON object of its fields and is read by core's request reader
//! ([`read`] in [`Mode::Build`]): every rule (required fields, types,
//! unknown parameters, validation) is core's. An empty cell is an absent
//! field.
//!
//! Nothing is written unless every row is valid: every violation is printed
//! first, one `row N, column PATH: reason` line each (`N` is the line the row
//! starts on; the header is line 1). A malformed file (invalid UTF-8, bad
//! quoting, a row with another number of fields, an unknown or repeated
//! column) is one error naming the line.

// Core's reader returns its violations by value (core has no heap).
#![allow(clippy::result_large_err)]

use std::collections::HashMap;
use std::fs::{self, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use monetix_gate::json::Document;
use monetix_gate::money::{from_minor_units, to_minor_units, Currency};
use monetix_gate::payout::read::{self, Mode, ReadError, EXTRAS_KEY};
use monetix_gate::payout::{Field, Method, Options, Reason, Request, Violation, Violations};
use monetix_gate::source::DocumentSource;
use monetix_gate::Signer;
use serde_json::{Map, Value};

use crate::args::Args;
use crate::fail::{core_error, one_line, Failure};
use crate::input::{ambiguous_data, io_text, Secret};
use crate::payout::read_measured;

/// The default limit on the file's size (`--max-body-bytes` overrides it).
pub const DEFAULT_MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// The column prefix of extra Gate parameters.
pub const EXTRAS_PREFIX: &str = "extras.";

/// A column of the file.
#[derive(Debug, Clone)]
enum Column {
    /// A parameter of the request: its dotted path, split.
    Typed { path: String, integer: bool },
    /// An extra Gate parameter (the path after `extras.`).
    Extra { path: String },
}

/// The line (from 1) of byte `offset` in `data`.
fn line_of(data: &[u8], offset: usize) -> usize {
    1 + data
        .get(..offset)
        .unwrap_or(data)
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// Checks the quoting rules of RFC 4180: a quote opens a field and closes it
/// (doubled inside it); a quote inside an unquoted field, text after a
/// closing quote and an unclosed quote are errors, with their line.
fn check_quoting(data: &[u8]) -> Result<(), Failure> {
    #[derive(PartialEq)]
    enum S {
        Start,
        Bare,
        Quoted,
        AfterQuote,
    }
    let mut state = S::Start;
    let mut line = 1usize;
    let mut opened = 1usize;
    for &b in data {
        state = match (state, b) {
            (S::Start, b'"') => {
                opened = line;
                S::Quoted
            }
            (S::Start | S::Bare | S::AfterQuote, b',' | b'\n' | b'\r') => S::Start,
            (S::Start | S::Bare, _) if b != b'"' => S::Bare,
            (S::Bare, _) => {
                return Err(Failure::Bad(format!(
                    "line {line}: bad quoting: a quote inside an unquoted field (quote the whole \
                     field and write a quote inside it as two)"
                )))
            }
            (S::Quoted, b'"') => S::AfterQuote,
            (S::Quoted, _) => S::Quoted,
            (S::AfterQuote, b'"') => S::Quoted,
            (S::AfterQuote, _) => {
                return Err(Failure::Bad(format!(
                    "line {line}: bad quoting: text after the closing quote of a field"
                )))
            }
            (S::Start, _) => S::Bare,
        };
        if b == b'\n' {
            line += 1;
        }
    }
    if state == S::Quoted {
        return Err(Failure::Bad(format!(
            "line {opened}: bad quoting: the quoted field that starts here is never closed"
        )));
    }
    Ok(())
}

/// Runs core's reader for `method` over `fields`; the violations, if any.
#[allow(clippy::type_complexity)]
fn read_violations(
    method: Method,
    fields: &Value,
    opts: Options,
) -> Result<Vec<(Field, String, Reason, Option<&'static str>, String)>, Failure> {
    let text = fields.to_string().into_bytes();
    let doc: Document<'_> = Document::parse(&text).map_err(|e| core_error(e, None))?;
    let src = DocumentSource::new(&doc);
    let mut scratch = Vec::new();
    let result = match method {
        Method::Cambodia => {
            read_measured(&mut scratch, |s| read::cambodia(&src, Mode::Build, opts, s)).map(|_| ())
        }
        Method::Colombia => {
            read_measured(&mut scratch, |s| read::colombia(&src, Mode::Build, opts, s)).map(|_| ())
        }
    };
    match result {
        Ok(()) => Ok(Vec::new()),
        Err(ReadError::Invalid(v)) => Ok(v
            .iter()
            .map(|v| (v.field, v.path.to_owned(), v.reason, v.hint, message(v)))
            .collect()),
        Err(ReadError::Error(e)) => Err(core_error(e, None)),
    }
}

/// A violation's words without the path in front.
fn message(v: &Violation<'_>) -> String {
    let text = v.to_string();
    text.strip_prefix(&format!("{}: ", v.path))
        .map_or_else(|| text.clone(), str::to_owned)
}

/// Reads the header row: every column checked by core's reader (unknown
/// and reserved names, conflicts, extra parameter paths), the integer
/// columns found, and the required columns that are missing.
fn columns(method: Method, names: &[String], opts: Options) -> Result<Vec<Column>, Failure> {
    let mut errors = Vec::new();
    let mut columns = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let shown = one_line(name);
        if name.is_empty() {
            errors.push(format!("line 1: column {} has no name", i + 1));
        } else if names.get(..i).is_some_and(|seen| seen.contains(name)) {
            errors.push(format!("line 1: column {shown} is given more than once"));
        } else if let Some(rest) = name.strip_prefix(EXTRAS_PREFIX) {
            columns.push(Column::Extra {
                path: rest.to_owned(),
            });
        } else if name == EXTRAS_KEY {
            errors.push(format!(
                "line 1: column {EXTRAS_KEY}: name each extra Gate parameter in a column of its \
                 own, {EXTRAS_PREFIX}PATH (e.g. {EXTRAS_PREFIX}customer.country)"
            ));
        } else if let Some(other) = names.iter().find(|o| {
            o.strip_prefix(name.as_str())
                .is_some_and(|rest| rest.starts_with('.'))
        }) {
            errors.push(format!(
                "line 1: column {shown} conflicts with column {}: a parameter cannot be both a \
                 value and an object",
                one_line(other)
            ));
        } else if name.split('.').any(str::is_empty) {
            errors.push(format!("line 1: column {shown} is not a parameter path"));
        } else {
            columns.push(Column::Typed {
                path: name.clone(),
                integer: false,
            });
        }
    }
    if !errors.is_empty() {
        return Err(Failure::Invalid(errors));
    }
    // The probe: every column holding the string "x".
    let mut probe = Map::new();
    let mut extras = Map::new();
    for c in &columns {
        match c {
            Column::Typed { path, .. } => insert(&mut probe, path, Value::from("x")),
            Column::Extra { path } => {
                extras.insert(path.clone(), Value::from("x"));
            }
        }
    }
    if !extras.is_empty() {
        probe.insert(EXTRAS_KEY.to_owned(), Value::Object(extras));
    }
    let mut integers = Vec::new();
    for (field, path, reason, hint, words) in read_violations(method, &Value::Object(probe), opts)?
    {
        let column = column_of(&columns, field, &path);
        match reason {
            Reason::NotInteger | Reason::NotBankId => integers.push(path),
            Reason::Required => errors.push(format!("line 1: no column {path} (required)")),
            Reason::Unknown => errors.push(format!(
                "line 1, column {column}: unknown parameter{} (other Gate parameters go in \
                 columns named {EXTRAS_PREFIX}PATH)",
                hint.map_or_else(String::new, |h| format!("; did you mean {h}?"))
            )),
            Reason::Reserved
            | Reason::NotObject
            | Reason::ExtraPath
            | Reason::Duplicate
            | Reason::Conflict
            | Reason::TooMany => errors.push(format!("line 1, column {column}: {words}")),
            // Rules about values: the rows' business.
            _ => {}
        }
    }
    if !errors.is_empty() {
        return Err(Failure::Invalid(errors));
    }
    for c in &mut columns {
        if let Column::Typed { path, integer } = c {
            *integer = integers.contains(path);
        }
    }
    Ok(columns)
}

/// The column a violation is about: a typed column by its path, an extra
/// parameter by `extras.` and its path, else the path itself.
fn column_of(columns: &[Column], field: Field, path: &str) -> String {
    let typed = columns
        .iter()
        .any(|c| matches!(c, Column::Typed { path: p, .. } if p == path));
    if field != Field::Extra || typed {
        return one_line(path);
    }
    if columns
        .iter()
        .any(|c| matches!(c, Column::Extra { path: p } if p == path))
    {
        return one_line(&format!("{EXTRAS_PREFIX}{path}"));
    }
    one_line(path)
}

/// Sets `path` (dotted) in `object`, creating the objects on the way.
fn insert(object: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            object.insert(path.to_owned(), value);
        }
        Some((head, rest)) => {
            let slot = object
                .entry(head.to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(inner) = slot {
                insert(inner, rest, value);
            }
        }
    }
}

/// An integer as the file writes it: an optional `-` and digits, within 64 bits.
fn integer(text: &str) -> Option<i64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// One signed row.
struct Signed {
    line: u64,
    payment_id: String,
    currency: String,
    amount: i64,
    body: Vec<u8>,
}

/// `batch METHOD`: reads the file, checks every row, then writes one signed
/// body per row (JSON Lines on stdout, or one file per row in `--out-dir`)
/// and a summary on stderr.
pub fn run(method: Method, data: &[u8], args: &Args, secret: &Secret) -> Result<Vec<u8>, Failure> {
    let signer = secret.signer(args)?;
    let opts = Options::new()
        .allow_unlisted_bank(args.allow_unlisted_bank)
        .ambiguous_data(ambiguous_data(args));
    if let Err(e) = core::str::from_utf8(data) {
        let at = e.valid_up_to();
        return Err(Failure::Bad(format!(
            "line {}: invalid UTF-8 (byte {at} of the file)",
            line_of(data, at)
        )));
    }
    let data = data.strip_prefix("\u{feff}".as_bytes()).unwrap_or(data);
    if data.iter().all(u8::is_ascii_whitespace) {
        return Err(Failure::Bad(
            "the file is empty: expected a header row of Gate parameter paths".to_owned(),
        ));
    }
    check_quoting(data)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(data);
    let names: Vec<String> = reader
        .headers()
        .map_err(|e| csv_error(&e))?
        .iter()
        .map(|n| n.trim().to_owned())
        .collect();
    let columns = columns(method, &names, opts)?;
    let payment_id_at = columns
        .iter()
        .position(|c| matches!(c, Column::Typed { path, .. } if path == "general.payment_id"));
    let currency_at = columns
        .iter()
        .position(|c| matches!(c, Column::Typed { path, .. } if path == "payment.currency"));

    let mut violations: Vec<String> = Vec::new();
    let mut signed: Vec<Signed> = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(csv_error(&e)),
        }
        let line = record.position().map_or(0, csv::Position::line);
        let result = row(
            method,
            &columns,
            currency_at,
            &record,
            line,
            args,
            opts,
            &signer,
        );
        let id = payment_id_at.and_then(|i| record.get(i)).unwrap_or("");
        let duplicate = match seen.get(id) {
            Some(first) if !id.is_empty() => Some(format!(
                "row {line}, column general.payment_id: the same payment ID as row {first} \
                 (payment IDs are unique within a project)"
            )),
            Some(_) => None,
            None => {
                seen.insert(id.to_owned(), line);
                None
            }
        };
        match result {
            Ok(s) if duplicate.is_none() => signed.push(s),
            Ok(_) => {}
            Err(lines) => violations.extend(lines),
        }
        violations.extend(duplicate);
    }
    if !violations.is_empty() {
        return Err(Failure::Invalid(violations));
    }
    if signed.is_empty() {
        return Err(Failure::Bad(
            "the file has a header row but no payouts".to_owned(),
        ));
    }
    let written = match &args.out_dir {
        Some(dir) => write_files(dir, &signed)?,
        None => {
            let mut out = Vec::with_capacity(signed.iter().map(|s| s.body.len() + 1).sum());
            for s in &signed {
                out.extend_from_slice(&s.body);
                out.push(b'\n');
            }
            crate::write_stdout(&out)?;
            "standard output".to_owned()
        }
    };
    summary(method, &signed, &written);
    Ok(Vec::new())
}

/// A CSV error as one line naming the line of the file.
fn csv_error(e: &csv::Error) -> Failure {
    let line = e.position().map(csv::Position::line);
    let at = line.map_or_else(String::new, |l| format!("line {l}: "));
    let what = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("{len} fields where the header has {expected_len}"),
        csv::ErrorKind::Utf8 { .. } => "invalid UTF-8".to_owned(),
        csv::ErrorKind::Io(io) => format!("cannot read the file: {}", io_text(io)),
        _ => e.to_string(),
    };
    Failure::Bad(format!("{at}{what}"))
}

/// Reads, checks and signs one row; every violation of the row otherwise.
#[allow(clippy::too_many_arguments)]
fn row(
    method: Method,
    columns: &[Column],
    currency_at: Option<usize>,
    record: &csv::StringRecord,
    line: u64,
    args: &Args,
    opts: Options,
    signer: &Signer,
) -> Result<Signed, Vec<String>> {
    let mut problems = Vec::new();
    let mut fields = Map::new();
    let mut extras = Map::new();
    let currency = currency_at.and_then(|i| record.get(i)).unwrap_or("");
    for (column, cell) in columns.iter().zip(record.iter()) {
        if cell.is_empty() {
            continue;
        }
        match column {
            Column::Extra { path } => {
                extras.insert(path.clone(), Value::from(cell));
            }
            Column::Typed { path, .. } if path == "payment.amount" && args.decimal_amounts => {
                match Currency::from_code(currency) {
                    Ok(c) => match to_minor_units(cell, c) {
                        Ok(n) => insert(&mut fields, path, Value::from(n)),
                        Err(e) => problems.push(format!(
                            "row {line}, column payment.amount: {}",
                            one_line(&e.to_string())
                        )),
                    },
                    Err(_) => problems.push(format!(
                        "row {line}, column payment.amount: cannot be converted to minor units \
                         without a known payment.currency"
                    )),
                }
            }
            Column::Typed { path, integer } => {
                let value = match integer.then(|| integer_cell(cell)).flatten() {
                    Some(n) => Value::from(n),
                    // Not an integer: core says what the column takes.
                    None => Value::from(cell),
                };
                insert(&mut fields, path, value);
            }
        }
    }
    if !extras.is_empty() {
        fields.insert(EXTRAS_KEY.to_owned(), Value::Object(extras));
    }
    let text = Value::Object(fields).to_string().into_bytes();
    let fail = |e: monetix_gate::Error| {
        vec![format!(
            "row {line}: {}",
            core_error(e, None).lines().join("; ")
        )]
    };
    let doc: Document<'_> = Document::parse(&text).map_err(fail)?;
    let src = DocumentSource::new(&doc);
    let mut scratch = Vec::new();
    let report = |v: &Violations<'_>, problems: &mut Vec<String>| {
        for v in v {
            if v.reason == Reason::More {
                problems.push(format!("row {line}: {v}"));
            } else {
                problems.push(format!(
                    "row {line}, column {}: {}",
                    column_of(columns, v.field, v.path),
                    one_line(&message(v))
                ));
            }
        }
    };
    let signed = match method {
        Method::Cambodia => {
            match read_measured(&mut scratch, |s| read::cambodia(&src, Mode::Build, opts, s)) {
                Ok(r) => {
                    let p = r.payout();
                    sign(&p, signer, opts).map(|body| {
                        (
                            p.general.payment_id.to_owned(),
                            p.payment.currency.to_owned(),
                            p.payment.amount,
                            body,
                        )
                    })
                }
                Err(ReadError::Invalid(v)) => {
                    report(&v, &mut problems);
                    return Err(problems);
                }
                Err(ReadError::Error(e)) => return Err(fail(e)),
            }
        }
        Method::Colombia => {
            match read_measured(&mut scratch, |s| read::colombia(&src, Mode::Build, opts, s)) {
                Ok(r) => {
                    let p = r.payout();
                    sign(&p, signer, opts).map(|body| {
                        (
                            p.general.payment_id.to_owned(),
                            p.payment.currency.to_owned(),
                            p.payment.amount,
                            body,
                        )
                    })
                }
                Err(ReadError::Invalid(v)) => {
                    report(&v, &mut problems);
                    return Err(problems);
                }
                Err(ReadError::Error(e)) => return Err(fail(e)),
            }
        }
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let (payment_id, currency, amount, body) = signed.map_err(fail)?;
    Ok(Signed {
        line,
        payment_id,
        currency,
        amount,
        body,
    })
}

/// An integer column's cell as an integer, if it is one.
fn integer_cell(cell: &str) -> Option<i64> {
    integer(cell)
}

/// The signed body of a request core has read and validated.
fn sign<'a>(
    request: &impl Request<'a>,
    signer: &Signer,
    opts: Options,
) -> Result<Vec<u8>, monetix_gate::Error> {
    let mut out = vec![0u8; request.encoded_len()];
    let len = request.sign_with(signer, &mut out, opts)?.len();
    out.truncate(len);
    Ok(out)
}

/// A file name for a row: its line and its payment ID (characters other
/// than ASCII letters, digits, `.`, `_` and `-` as `_`, at most 100).
fn file_name(s: &Signed) -> String {
    let id: String = s
        .payment_id
        .chars()
        .take(100)
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("row-{}-{id}.json", s.line)
}

/// Writes one file per row into `dir` (created if missing); an existing file
/// of the same name is never overwritten (checked for every row first).
fn write_files(dir: &Path, signed: &[Signed]) -> Result<String, Failure> {
    fs::create_dir_all(dir).map_err(|e| {
        Failure::Output(format!(
            "cannot create the --out-dir directory: {}",
            io_text(&e)
        ))
    })?;
    let paths: Vec<PathBuf> = signed.iter().map(|s| dir.join(file_name(s))).collect();
    if let Some(existing) = paths.iter().find(|p| p.exists()) {
        return Err(Failure::Bad(format!(
            "the --out-dir directory already holds {}: nothing was written (use an empty directory)",
            existing.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        )));
    }
    for (s, path) in signed.iter().zip(&paths) {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .map_err(|e| {
                Failure::Output(format!(
                    "cannot write into the --out-dir directory: {}",
                    io_text(&e)
                ))
            })?;
        file.write_all(&s.body)
            .and_then(|()| file.write_all(b"\n"))
            .map_err(|e| {
                Failure::Output(format!(
                    "cannot write into the --out-dir directory: {}",
                    io_text(&e)
                ))
            })?;
    }
    Ok(format!("{} files in the --out-dir directory", signed.len()))
}

/// The summary on stderr: rows, and the total per currency.
fn summary(method: Method, signed: &[Signed], written: &str) {
    let mut totals: Vec<(String, i128, usize)> = Vec::new();
    for s in signed {
        match totals.iter_mut().find(|(c, _, _)| *c == s.currency) {
            Some((_, sum, n)) => {
                *sum += i128::from(s.amount);
                *n += 1;
            }
            None => totals.push((s.currency.clone(), i128::from(s.amount), 1)),
        }
    }
    totals.sort();
    let mut err = std::io::stderr().lock();
    let rows = if signed.len() == 1 { "row" } else { "rows" };
    let _ = writeln!(
        err,
        "monetix-gate: batch {method}: {} {rows} signed ({written})",
        signed.len()
    );
    for (code, sum, n) in totals {
        let decimal = i64::try_from(sum)
            .ok()
            .zip(Currency::from_code(&code).ok())
            .map(|(v, c)| format!("{} ", from_minor_units(v, c)))
            .unwrap_or_default();
        let rows = if n == 1 { "row" } else { "rows" };
        let _ = writeln!(
            err,
            "monetix-gate: total {code} {decimal}({sum} minor units, {n} {rows})"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert!(check_quoting(b"a,b\n\"x\",\"y \"\" z\"\n1,2").is_ok());
        assert!(check_quoting(b"a,b\r\n\"multi\nline\",2\r\n").is_ok());
        let bad = |data: &[u8]| match check_quoting(data) {
            Err(Failure::Bad(m)) => m,
            other => panic!("{other:?}"),
        };
        assert!(bad(b"a,b\n1,x\"y\n").starts_with("line 2: bad quoting: a quote inside"));
        assert!(bad(b"a,b\n1,\"x\"y\n").starts_with("line 2: bad quoting: text after"));
        assert!(
            bad(b"a,b\n1,2\n\"open,3\n4\n").starts_with("line 3: bad quoting: the quoted field")
        );
    }

    #[test]
    fn integers() {
        assert_eq!(integer("5000000"), Some(5_000_000));
        assert_eq!(integer("-1"), Some(-1));
        for bad in ["", "-", "+1", "1.0", " 1", "1e3", "99999999999999999999"] {
            assert_eq!(integer(bad), None, "{bad}");
        }
    }
}
