//! `monetix-gate batch`: one signed payout per CSV row, every violation
//! before anything is written, malformed files named by line.

mod common;

use common::{example, gate, temp_dir, temp_file};
use serde_json::Value;

const HEADER: &str = "general.project_id,general.payment_id,customer.id,customer.ip_address,\
customer.email,customer.phone,account.number,account.bank_id,account.customer_name,\
payment.amount,payment.currency";

fn row(id: &str, amount: &str, currency: &str) -> String {
    format!("1234,{id},customer_1,198.51.100.47,johndoe@example.com,123456789,1234567890,61021,John Doe,{amount},{currency}")
}

fn csv(rows: &[String]) -> String {
    let mut text = HEADER.to_owned();
    for r in rows {
        text.push('\n');
        text.push_str(r);
    }
    text.push('\n');
    text
}

fn verify(body: &str) {
    assert_eq!(
        monetix_gate::verify(body.as_bytes(), b"secret", monetix_gate::Mode::Strict),
        Ok(monetix_gate::Order::Natural),
        "{body}"
    );
}

#[test]
fn every_row_becomes_a_signed_body_like_payout_makes() {
    let file = temp_file(
        "ok.csv",
        csv(&[row("p1", "5000000", "KHR"), row("p2", "1250", "USD")]),
    );
    let out = gate(&["batch", "cambodia"])
        .arg(&file)
        .secret("secret")
        .run();
    assert_eq!(out.code, 0, "{out:?}");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{out:?}");
    for line in &lines {
        verify(line);
    }
    // The same fields through `payout` give the same bytes.
    let fields = r#"{"general":{"project_id":1234,"payment_id":"p1"},
        "customer":{"id":"customer_1","ip_address":"198.51.100.47","email":"johndoe@example.com","phone":"123456789"},
        "account":{"number":"1234567890","bank_id":61021,"customer_name":"John Doe"},
        "payment":{"currency":"KHR","amount":5000000}}"#;
    let single = gate(&["payout", "cambodia"])
        .stdin(fields)
        .secret("secret")
        .run();
    assert_eq!(single.ok().trim_end(), lines[0]);
    assert_eq!(
        out.stderr,
        "monetix-gate: batch cambodia: 2 rows signed (standard output)\n\
         monetix-gate: total KHR 50000.00 (5000000 minor units, 1 row)\n\
         monetix-gate: total USD 12.50 (1250 minor units, 1 row)\n"
    );
}

#[test]
fn decimal_amounts_extras_and_colombia() {
    let text = "general.project_id,general.payment_id,customer.id,customer.ip_address,\
customer.first_name,customer.last_name,customer.email,customer.phone,\
customer.identify.doc_number,customer.identify.doc_type,account.number,account.type,\
account.bank_id,payment.amount,payment.currency,extras.customer.country,payment.description\n\
1234,c1,customer_123,198.51.100.47,John,Doe,johndoe@example.com,1234567890,1234567,CC,1234567890,CACC,12345,\"1,000.50\",COP,CO,\n\
1234,c2,customer_124,198.51.100.47,Jane,Doe,jane@example.com,1234567891,1234568,NIT,1234567891,SVGS,12345,7,USD,,\"a \"\"quoted\"\" text\"\n";
    let file = temp_file("co.csv", text);
    let out = gate(&[
        "batch",
        "colombia",
        "--decimal-amounts",
        "--allow-unlisted-bank",
    ])
    .arg(&file)
    .secret("secret")
    .run();
    assert_eq!(out.code, 0, "{out:?}");
    let bodies: Vec<Value> = out
        .stdout
        .lines()
        .map(|l| {
            verify(l);
            serde_json::from_str(l).expect("JSON")
        })
        .collect();
    assert_eq!(bodies[0]["payment"]["amount"], 100_050);
    assert_eq!(bodies[0]["customer"]["country"], "CO");
    assert_eq!(bodies[1]["payment"]["amount"], 700);
    assert_eq!(bodies[1]["payment"]["description"], "a \"quoted\" text");
    assert!(bodies[1]["customer"].get("country").is_none());
    assert!(
        out.stderr
            .contains("total COP 1000.50 (100050 minor units, 1 row)"),
        "{out:?}"
    );
}

#[test]
fn out_dir_writes_one_file_per_row_and_never_overwrites() {
    let file = temp_file(
        "dir.csv",
        csv(&[row("p/1", "5000000", "KHR"), row("p2", "100", "KHR")]),
    );
    let dir = temp_dir().join("out");
    let out = gate(&["batch", "cambodia", "--out-dir"])
        .arg(&dir)
        .arg(&file)
        .secret("secret")
        .run();
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stdout, "");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["row-2-p_1.json", "row-3-p2.json"]);
    let body = std::fs::read_to_string(dir.join("row-2-p_1.json")).expect("file");
    verify(body.trim_end());
    // Again into the same directory: refused, nothing written.
    let again = gate(&["batch", "cambodia", "--out-dir"])
        .arg(&dir)
        .arg(&file)
        .secret("secret")
        .run();
    assert!(
        again.fails(2).contains("already holds row-2-p_1.json"),
        "{again:?}"
    );
}

#[test]
fn every_violation_is_reported_and_nothing_is_written() {
    let text = csv(&[
        "12x4,p1,customer_1,198.51.100.47,not-an-email,123456789,1234567890,61021,John Doe,5000000,KHR".to_owned(),
        row("p2", "50.5", "KHR"),
        "1234,p1,customer_1,198.51.100.47,a@example.com,+855 12,1234567890,999,John Doe,100,COP".to_owned(),
        row("p4", "100", "KHR"),
    ]);
    let file = temp_file("bad.csv", text);
    let out = gate(&["batch", "cambodia"])
        .arg(&file)
        .secret("secret")
        .run();
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(out.stdout, "", "nothing is written");
    let lines: Vec<&str> = out.stderr.lines().collect();
    for want in [
        "row 2, column general.project_id: must be an integer (64-bit)",
        "row 2, column customer.email: not a valid email address",
        "row 3, column payment.amount: must be an integer (64-bit)",
        "row 4, column customer.phone: must contain only the digits 0-9",
        "row 4, column payment.currency: \"COP\" is not a currency of Banks of Cambodia (allowed: KHR, USD)",
        "row 4, column general.payment_id: the same payment ID as row 2 (payment IDs are unique within a project)",
    ] {
        assert!(lines.contains(&want), "missing {want:?} in {lines:#?}");
    }
    assert!(
        lines.iter().any(|l| l.starts_with(
            "row 4, column account.bank_id: 999 is not in the Banks of Cambodia bank table"
        )),
        "{lines:#?}"
    );
    assert!(!lines.iter().any(|l| l.starts_with("row 5")), "{lines:#?}");
}

#[test]
fn decimal_amount_errors_name_the_column() {
    let file = temp_file(
        "dec.csv",
        csv(&[row("p1", "10.005", "KHR"), row("p2", "10", "XYZ")]),
    );
    let out = gate(&["batch", "cambodia", "--decimal-amounts"])
        .arg(&file)
        .secret("secret")
        .run();
    assert_eq!(out.code, 2, "{out:?}");
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("row 2, column payment.amount: ")),
        "{lines:#?}"
    );
    assert!(
        lines.contains(&"row 3, column payment.amount: cannot be converted to minor units without a known payment.currency"),
        "{lines:#?}"
    );
}

#[test]
fn malformed_files_name_the_line() {
    let cases: [(&str, &[u8], &str); 7] = [
        ("empty", b"", "the file is empty"),
        (
            "header only",
            format!("{HEADER}\n").as_bytes().to_vec().leak(),
            "the file has a header row but no payouts",
        ),
        (
            "column count",
            format!("{HEADER}\n{}\n1,2\n", row("p1", "1", "KHR"))
                .into_bytes()
                .leak(),
            "line 3: 2 fields where the header has 11",
        ),
        (
            "stray quote",
            format!("{HEADER}\n{}\n", row("p\"1", "1", "KHR"))
                .into_bytes()
                .leak(),
            "line 2: bad quoting: a quote inside an unquoted field",
        ),
        (
            "text after quote",
            format!("{HEADER}\n\"p1\"x,2\n").into_bytes().leak(),
            "line 2: bad quoting: text after the closing quote",
        ),
        (
            "unclosed quote",
            format!("{HEADER}\n1,\"p1,2\n3\n").into_bytes().leak(),
            "line 2: bad quoting: the quoted field that starts here is never closed",
        ),
        (
            "invalid UTF-8",
            [
                format!("{HEADER}\n{}\n", row("p1", "1", "KHR")).as_bytes(),
                b"1234,\xff\xfe\n",
            ]
            .concat()
            .leak(),
            "line 3: invalid UTF-8",
        ),
    ];
    for (what, data, want) in cases {
        let file = temp_file("malformed.csv", data);
        let out = gate(&["batch", "cambodia"])
            .arg(&file)
            .secret("secret")
            .run();
        let message = out.fails(2);
        assert!(message.starts_with(want), "{what}: {message}");
    }
}

#[test]
fn header_errors_are_listed_with_line_1() {
    let text = format!("{HEADER},customer.emial,general.signature,extras.a..b,extras.customer.country,payment.amount\n");
    let file = temp_file("header.csv", text);
    let out = gate(&["batch", "cambodia"])
        .arg(&file)
        .secret("secret")
        .run();
    assert_eq!(out.code, 2, "{out:?}");
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(
        lines,
        ["line 1: column payment.amount is given more than once"]
    );

    let text = "general.project_id,customer.emial,general.signature,extras.a..b,general,general.payment_id\n1,2,3,4,5,6\n";
    let file = temp_file("header2.csv", text);
    let out = gate(&["batch", "cambodia"])
        .arg(&file)
        .secret("secret")
        .run();
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert!(lines.contains(&"line 1: column general conflicts with column general.project_id: a parameter cannot be both a value and an object"), "{lines:#?}");

    let text = "general.project_id,general.payment_id,customer.emial,general.signature,extras.a..b\n1,2,3,4,5\n";
    let file = temp_file("header3.csv", text);
    let out = gate(&["batch", "cambodia"])
        .arg(&file)
        .secret("secret")
        .run();
    let lines: Vec<&str> = out.stderr.lines().collect();
    for want in [
        "line 1, column customer.emial: unknown parameter; did you mean customer.email? (other Gate parameters go in columns named extras.PATH)",
        "line 1, column general.signature: reserved (the signature, frame_mode, or a typed field)",
        "line 1, column extras.a..b: not a parameter path (1 to 6 dot-separated names of ASCII letters, digits and _, at most 64 bytes)",
        "line 1: no column customer.id (required)",
        "line 1: no column payment.amount (required)",
    ] {
        assert!(lines.contains(&want), "missing {want:?} in {lines:#?}");
    }
    assert_eq!(out.stdout, "");
}

#[test]
fn a_byte_order_mark_and_crlf_are_fine_and_stdin_works() {
    let text = format!(
        "\u{feff}{}",
        csv(&[row("p1", "1", "KHR")]).replace('\n', "\r\n")
    );
    let out = gate(&["batch", "cambodia"])
        .stdin(text)
        .secret("secret")
        .run();
    assert_eq!(out.code, 0, "{out:?}");
    verify(out.stdout.trim_end());
}

#[test]
fn the_seed_request_as_a_csv_row() {
    // examples/cambodia-request.json as one row: the same signed body.
    let text =
        "general.project_id,general.payment_id,customer.id,customer.ip_address,customer.email,\
customer.phone,account.number,account.bank_id,account.branch,account.city,account.province,\
account.customer_name,payment.currency,payment.amount\n\
1234,payment_47,customer_1234,198.51.100.47,johndoe@example.com,123456789,1234567890,61021,\
Banteay Meanchey Branch,Serei Saophoan,Banteay Meanchey,John Doe,KHR,5000000\n";
    let file = temp_file("seed.csv", text);
    let out = gate(&["batch", "cambodia"])
        .arg(&file)
        .secret("secret")
        .run();
    let seed = gate(&["payout", "cambodia"])
        .arg(example("cambodia-request.json"))
        .secret("secret")
        .run();
    let a: Value = serde_json::from_str(out.stdout.trim_end()).expect("batch JSON");
    let b: Value = serde_json::from_str(seed.ok().trim_end()).expect("payout JSON");
    assert_eq!(
        a["general"]["signature"], b["general"]["signature"],
        "{out:?}"
    );
}

#[test]
fn usage() {
    let out = gate(&["batch"]).secret("secret").run();
    assert_eq!(
        out.fails(2),
        "batch needs a method: `monetix-gate batch cambodia|colombia [FILE]`"
    );
    let out = gate(&["batch", "cambodia", "--listen", "127.0.0.1:0"])
        .secret("secret")
        .run();
    assert_eq!(out.fails(2), "option --listen does not apply to `batch`");
    let out = gate(&["payout", "cambodia", "--decimal-amounts"])
        .secret("secret")
        .run();
    assert_eq!(
        out.fails(2),
        "option --decimal-amounts does not apply to `payout`"
    );
    let help = gate(&["help", "batch"]).run();
    assert!(
        help.ok().starts_with("Usage: monetix-gate batch"),
        "{help:?}"
    );
}
