//! The reference's own checks: number formatting, the ambiguity rules, the
//! first offender and its printed path, the natural order, duplicate keys,
//! and the MAC on published known answers (RFC 4231, RFC 4648).
//!
//! Run with the workspace (`cargo test -p monetix-gate-reference`) and, as a
//! module of the fuzz crate's library, by `scripts/fuzz.sh` (`cargo test
//! --manifest-path fuzz/Cargo.toml --lib`).

use core::cmp::Ordering;

use monetix_gate_reference::{
    base64, canonical, explained_path, first_ambiguity, first_ambiguity_of, format_number,
    hmac_b64, hmac_sha512, lines, natural_cmp, natural_order, number_ambiguity, order_is_unique,
    parse, parse_object, problems, Ambiguity, Exclude, Node, Problems, RefError,
};

#[test]
fn numbers() {
    for (t, want) in [
        ("1.0", "1"),
        ("10.50", "10.5"),
        ("1e3", "1000"),
        ("0.30000000000000004", "0.3"),
        ("-0.0", "-0"),
        ("-0", "0"),
        ("1e21", "1.0E+21"),
        ("1e-7", "1.0E-7"),
        ("0.0001", "0.0001"),
        ("0.00001", "1.0E-5"),
        ("12345678901234", "12345678901234"),
        ("1e13", "10000000000000"),
        ("1e14", "1.0E+14"),
        ("9223372036854775808", "9.2233720368548E+18"),
        ("-9223372036854775808", "-9223372036854775808"),
        ("99999999999999.5", "1.0E+14"),
        ("5e-324", "4.9406564584125E-324"),
        ("1.7976931348623157e308", "1.7976931348623E+308"),
    ] {
        assert_eq!(format_number(t).map(|(s, _)| s).as_deref(), Ok(want), "{t}");
    }
    assert_eq!(
        format_number("1e309"),
        Err(RefError::NumberOutOfRange("1e309".to_owned()))
    );
    // An exact decimal tie at the 15th digit rounds half to even, and says so.
    assert_eq!(
        format_number("123456789012345"),
        Ok(("123456789012345".to_owned(), false))
    );
    assert_eq!(
        format_number("123456789012345.0"),
        Ok(("1.2345678901234E+14".to_owned(), true))
    );
    assert_eq!(
        format_number("123456789012355.0"),
        Ok(("1.2345678901236E+14".to_owned(), true))
    );
}

#[test]
fn ambiguous_numbers() {
    use Ambiguity::*;
    for (t, want) in [
        ("9223372036854775807", None),
        ("-9223372036854775808", None),
        ("9223372036854775808", Some(IntegerRange)),
        ("-9223372036854775809", Some(IntegerRange)),
        ("18446744073709551616", Some(IntegerRange)),
        (
            "1234567890123456789012345678901234567890123",
            Some(IntegerRange),
        ),
        ("-0", None),
        ("1.000000000000000", None),
        ("0.30000000000000004", Some(Digits)),
        ("12345678901234.5", Some(Digits)),
        ("1234567890123.4", None),
        ("123456789012345e0", Some(Digits)),
        ("3e-324", Some(Tiny)),
        ("1e-400", Some(Tiny)),
        ("-1E-99999999999999999999999999999999999999", Some(Tiny)),
        ("1e-307", None),
        ("0.99999999999999e-307", Some(Tiny)),
        ("0.0e-400", None),
        ("-0.0", None),
        ("1e21", None),
        ("10.50", None),
    ] {
        assert_eq!(number_ambiguity(t), want, "{t}");
    }
}

#[test]
fn first_offender() {
    let doc = |t: &str| parse(t.as_bytes()).unwrap();
    let found = |t: &str, x| first_ambiguity_of(&doc(t), x).map(|f| explained_path(&f));
    assert_eq!(found(r#"{"a":1}"#, Exclude::Both), None);
    assert_eq!(
        found(r#"{"z":{"k":[1,"x;y:z"]},"a:b":1}"#, Exclude::Both).as_deref(),
        Some("z.k.1")
    );
    assert_eq!(
        found(r#"{"x":[{"a;":[]}]}"#, Exclude::Both).as_deref(),
        Some(r#"key x.0."a;""#)
    );
    let sigs = r#"{"signature":{"a:b":1},"general":{"signature":["x;y:z"]}}"#;
    assert_eq!(found(sigs, Exclude::Both), None);
    assert_eq!(
        found(sigs, Exclude::TopLevel).as_deref(),
        Some("general.signature.0")
    );
    assert_eq!(
        found(sigs, Exclude::General).as_deref(),
        Some(r#"key signature."a:b""#)
    );
    assert_eq!(
        found(
            r#"{"frame_mode":{"a:b":1},"x":[{"frame_mode":1e-400}]}"#,
            Exclude::Both
        ),
        None
    );
    assert_eq!(
        found("{\"a\\tb\":{\"c\":1e-400}}", Exclude::Both).as_deref(),
        Some("a\\tb.c")
    );
    // Long keys are cut to 200 bytes at a character boundary.
    let long = format!("{}é{}", "k".repeat(199), "x".repeat(10));
    let body = format!(r#"{{"{long}":"a;b:c"}}"#);
    assert_eq!(
        found(&body, Exclude::Both),
        Some(format!("{}...", "k".repeat(199)))
    );
    // The same from the text entry point.
    assert_eq!(
        first_ambiguity(r#"{"a":{"b":[0.30000000000000004]}}"#, Exclude::Both)
            .unwrap()
            .map(|f| (f.reason, explained_path(&f))),
        Some((Ambiguity::Digits, "a.b.0".to_owned()))
    );
}

#[test]
fn natural() {
    let lt = |a: &str, b: &str| natural_cmp(a.as_bytes(), b.as_bytes()) == Ordering::Less;
    assert!(lt("list:2", "list:10"));
    assert!(lt("a", "a1") && lt("a1", "a2") && lt("a2", "a10") && lt("a10", "a_b"));
    assert!(lt("x001", "x01") && lt("x01", "x1"));
    assert_eq!(natural_cmp(b"a b", b"ab"), Ordering::Equal);
    // Document order among equal paths (stable), and a consistent order.
    let root = parse(br#"{"list":[0,1,2,3,4,5,6,7,8,9,10,11],"a b":1,"ab":2}"#).unwrap();
    let l = lines(&root, Exclude::Both).unwrap();
    let order = natural_order(&l);
    assert_eq!(order, [12, 13, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    assert!(order_is_unique(&l, &order));
}

#[test]
fn duplicates_and_limits() {
    // The tree keeps both members; the text entry points refuse them.
    let text = r#"{"a":1,"b":{"c":1,"c":2}}"#;
    let root = parse(text.as_bytes()).unwrap();
    let Node::Object(top) = &root else {
        panic!("an object")
    };
    let Node::Object(b) = &top[1].1 else {
        panic!("an object")
    };
    assert_eq!(b.len(), 2);
    assert_eq!(
        problems(&root, 512, 16),
        Problems {
            duplicate_key: true,
            ..Problems::default()
        }
    );
    assert_eq!(
        parse_object(text),
        Err(RefError::DuplicateKey("c".to_owned()))
    );
    assert_eq!(canonical(text), Err(RefError::DuplicateKey("c".to_owned())));
    assert_eq!(parse_object("[1]"), Err(RefError::NotAnObject));
    assert!(matches!(parse_object("{"), Err(RefError::Parse(_))));
    // Values and depth.
    let deep = br#"{"a":[[{"b":[1]}]]}"#;
    let root = parse(deep).unwrap();
    assert!(!problems(&root, 5, 5).any());
    assert!(problems(&root, 4, 5).too_many_values);
    assert!(problems(&root, 5, 4).too_deep);
    assert_eq!(
        canonical(
            r#"{"b":true,"a":null,"c":"x","signature":"s","general":{"signature":"t","p":1}}"#
        )
        .unwrap(),
        b"a:;b:1;c:x;general:p:1"
    );
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|b| format!("{b:02x}")).collect()
}

/// RFC 4231 (HMAC-SHA-512 test cases 1-4, 6 and 7; 5 is a truncated MAC).
#[test]
fn mac_known_answers() {
    let cases: [(Vec<u8>, Vec<u8>, &str); 6] = [
        (
            vec![0x0b; 20],
            b"Hi There".to_vec(),
            "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854",
        ),
        (
            b"Jefe".to_vec(),
            b"what do ya want for nothing?".to_vec(),
            "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
        ),
        (
            vec![0xaa; 20],
            vec![0xdd; 50],
            "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb",
        ),
        (
            (1..=25).collect(),
            vec![0xcd; 50],
            "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd",
        ),
        (
            vec![0xaa; 131],
            b"Test Using Larger Than Block-Size Key - Hash Key First".to_vec(),
            "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598",
        ),
        (
            vec![0xaa; 131],
            b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".to_vec(),
            "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58",
        ),
    ];
    for (key, data, want) in cases {
        assert_eq!(
            hex(&hmac_sha512(&key, &data)),
            want,
            "key of {} bytes",
            key.len()
        );
    }
    // RFC 4648 section 10.
    for (raw, want) in [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
        ("Man", "TWFu"),
        ("Ma", "TWE="),
        ("M", "TQ=="),
    ] {
        assert_eq!(base64(raw.as_bytes()), want, "{raw:?}");
    }
    assert_eq!(hmac_b64(b"secret", b"").len(), 88);
}
