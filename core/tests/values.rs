//! `json::Values`: a body given as values signs exactly as its JSON text
//! does, and refuses what the parser refuses, with the same limits.
//! (The differential test compares both forms over random documents.)
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use monetix_gate::json::{Document, Scalar, Values};
use monetix_gate::{AmbiguousData, Error, Signer};

fn signer() -> Signer {
    Signer::new(b"a secret of some length").unwrap()
}

fn canonical_of<const V: usize, const D: usize>(v: &Values<'_, V, D>) -> String {
    let mut buf = vec![0u8; v.canonical_len()];
    v.canonical_into(&mut buf).unwrap().to_owned()
}

/// Nesting: `DEPTH` levels are allowed (the top-level object is level 1),
/// one more is `TooDeep`, as the parser says of the same JSON.
#[test]
fn depth_limit_is_the_parsers() {
    fn nest<const D: usize>(levels: usize) -> Result<(), Error> {
        fn down<const D: usize>(
            o: &mut monetix_gate::json::Object<'_, '_, 64, D>,
            left: usize,
        ) -> Result<(), Error> {
            if left == 0 {
                return o.member("leaf", Scalar::Int(1));
            }
            o.object("n", |inner| down(inner, left - 1))
        }
        let mut v = Values::<64, D>::new();
        down(&mut v.root(), levels - 1)
    }
    fn json(levels: usize) -> String {
        let mut s = String::new();
        for _ in 1..levels {
            s.push_str("{\"n\":");
        }
        s.push_str("{\"leaf\":1}");
        for _ in 1..levels {
            s.push('}');
        }
        s
    }
    for levels in 1..=6 {
        let by_values = nest::<4>(levels).map_err(|e| core::mem::discriminant(&e));
        let by_parse = Document::<64, 4>::parse_then(json(levels).as_bytes(), |_| ())
            .map_err(|e| core::mem::discriminant(&e));
        assert_eq!(by_values, by_parse, "{levels} levels");
        assert_eq!(by_values.is_ok(), levels <= 4, "{levels} levels");
    }
}

#[test]
fn value_limit_and_duplicate_keys() {
    let keys: Vec<String> = (0..9).map(|i| format!("k{i}")).collect();
    let mut v = Values::<8, 4>::new();
    let mut root = v.root();
    for k in &keys[..8] {
        root.member(k, Scalar::Null).unwrap();
    }
    assert_eq!(
        root.member(&keys[8], Scalar::Null),
        Err(Error::TooManyValues)
    );

    let mut v = Values::<8, 4>::new();
    let mut root = v.root();
    root.member("a", Scalar::Int(1)).unwrap();
    root.object("o", |o| {
        // The same key in another object is fine.
        o.member("a", Scalar::Int(2))
    })
    .unwrap();
    assert_eq!(
        root.member("a", Scalar::Int(3)),
        Err(Error::DuplicateKey { offset: 3 })
    );
    assert_eq!(
        root.object("o", |_| Ok::<(), Error>(())),
        Err(Error::DuplicateKey { offset: 3 })
    );
}

/// A closure's own error comes back unchanged, and the container it was
/// filling is closed: later members land beside it, not inside it.
#[test]
fn closure_errors_pass_through() {
    #[derive(Debug, PartialEq)]
    enum Mine {
        Stop,
        Core(Error),
    }
    impl From<Error> for Mine {
        fn from(e: Error) -> Self {
            Mine::Core(e)
        }
    }
    let mut v = Values::<16, 4>::new();
    let mut root = v.root();
    let r = root.object("a", |o| {
        o.member("x", Scalar::Int(1))?;
        Err(Mine::Stop)
    });
    assert_eq!(r, Err(Mine::Stop));
    root.member("b", Scalar::Int(2)).unwrap();
    assert_eq!(canonical_of(&v), "a:x:1;b:2");
}

#[test]
fn scalars_write_as_the_parser_reads_them() {
    let big = "123456789012345678901234567890";
    let mut v = Values::<32, 4>::new();
    let mut root = v.root();
    root.member("min", Scalar::Int(i64::MIN)).unwrap();
    root.member("max", Scalar::Int(i64::MAX)).unwrap();
    root.member("neg", Scalar::Int(-7)).unwrap();
    root.member("zero", Scalar::Digits("-0")).unwrap();
    root.member("big", Scalar::Digits(big)).unwrap();
    root.member("t", Scalar::Bool(true)).unwrap();
    root.member("f", Scalar::Bool(false)).unwrap();
    root.member("n", Scalar::Null).unwrap();
    root.member("s", Scalar::Str("a \"quoted\" \\ line\n"))
        .unwrap();
    root.array("arr", |a| {
        a.element(Scalar::Int(10))?;
        a.object(|o| o.member("in", Scalar::Str("x")))?;
        a.array(|inner| inner.element(Scalar::Bool(true)))
    })
    .unwrap();
    let json = format!(
        r#"{{"min":{},"max":{},"neg":-7,"zero":-0,"big":{big},"t":true,"f":false,"n":null,"s":"a \"quoted\" \\ line\n","arr":[10,{{"in":"x"}},[true]]}}"#,
        i64::MIN,
        i64::MAX
    );
    let mut buf = vec![0u8; 4096];
    let want = monetix_gate::canonical(json.as_bytes(), &mut buf).unwrap();
    assert_eq!(canonical_of(&v), want);
    let s = signer().with_ambiguous_data(AmbiguousData::Allow);
    assert_eq!(s.sign_values(&v), s.sign(json.as_bytes()));
}

#[test]
fn malformed_digits_are_refused() {
    for bad in ["", "-", "01", "-01", "1.5", "1e3", "+1", " 1", "１"] {
        let mut v = Values::<4, 2>::new();
        assert_eq!(
            v.root().member("n", Scalar::Digits(bad)),
            Err(Error::InvalidJson { offset: 0 }),
            "{bad:?}"
        );
    }
}

/// Signature members and `frame_mode` are left out as in a parsed body;
/// a key with `:` is ambiguous and refused unless allowed, with its path.
#[test]
fn signature_frame_mode_and_ambiguity() {
    let mut v = Values::<16, 4>::new();
    let mut root = v.root();
    root.object("general", |g| {
        g.member("project_id", Scalar::Int(1))?;
        g.member("signature", Scalar::Str("left out"))
    })
    .unwrap();
    root.member("signature", Scalar::Str("left out too"))
        .unwrap();
    root.object("frame_mode", |f| f.member("x", Scalar::Str("a;b:c")))
        .unwrap();
    assert_eq!(canonical_of(&v), "general:project_id:1");
    let json = br#"{"general":{"project_id":1,"signature":"x"},"signature":"y","frame_mode":{"x":"a;b:c"}}"#;
    assert_eq!(signer().sign_values(&v), signer().sign(json));

    let mut v = Values::<16, 4>::new();
    v.root()
        .object("errors", |e| e.member("a:b", Scalar::Str("x")))
        .unwrap();
    let err = signer().sign_values(&v).unwrap_err();
    assert!(matches!(err, Error::Ambiguous { offset: 1, .. }), "{err:?}");
    let mut path = String::new();
    v.member_path(1, &mut path).unwrap();
    assert_eq!(path, "errors.a:b");
    assert_eq!(v.check_ambiguity(), Err(err));
    let allowing = signer().with_ambiguous_data(AmbiguousData::Allow);
    assert_eq!(
        allowing.sign_values(&v),
        allowing.sign(br#"{"errors":{"a:b":"x"}}"#)
    );
    assert_eq!(canonical_of(&v), "errors:a::b:x");
}
