//! The seed documents, in one place: the fixture of core's tests, of its
//! benchmark (`benches/sign.rs`), of its profile example
//! (`examples/profile.rs`) and of the fuzz targets (`fuzz/`, as
//! `monetix_gate_fuzz::seed`).
//!
//! * The bodies are read from the shared vectors
//!   (`tests/vectors/signature.json`), never copied: the payout requests
//!   [`CAMBODIA_PAYOUT_REQUEST`] and [`COLOMBIA_PAYOUT_REQUEST`] (sign cases,
//!   `general.signature` removed) and the callbacks [`CALLBACK_SUCCESS`] and
//!   [`CALLBACK_DECLINE`] (verify cases, signed at the top level), each with
//!   its secret, canonical string and signature ([`case`], which reads any
//!   other case of the file too).
//! * The typed requests, [`cambodia_payout`] and [`colombia_payout`], are
//!   the same two requests as the payout builders take them; they sign to
//!   exactly those vector bodies (checked by `core/tests/payout.rs`, and
//!   again by the benchmark and the profile example before they time
//!   anything).
//!
//! Included as a module: `mod seed;` in `core/tests/*.rs`, `#[path =
//! "../tests/seed/mod.rs"] mod seed;` in the benchmark and the example,
//! `#[path = "../../core/tests/seed/mod.rs"]` in the fuzz crate. Needs
//! `serde_json` and `monetix-gate`.
#![allow(dead_code)]

use monetix_gate::payout::{cambodia, colombia, General, Payment};

/// The shared vectors, `tests/vectors/signature.json`.
pub const VECTORS: &str = include_str!("../../../tests/vectors/signature.json");

/// The seed's Cambodia payout request (`POST /v2/payment/banks/cambodia/payout`).
pub const CAMBODIA_PAYOUT_REQUEST: &str = "seed_cambodia_payout_request";
/// The seed's Colombia payout request (`POST /v2/payment/bank-transfer/colombia/payout`).
pub const COLOMBIA_PAYOUT_REQUEST: &str = "seed_colombia_payout_request";
/// The seed's payout callback, success.
pub const CALLBACK_SUCCESS: &str = "seed_callback_success";
/// The seed's payout callback, decline (code 20000).
pub const CALLBACK_DECLINE: &str = "seed_callback_decline";

/// One case of the shared vectors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// The case's name.
    pub name: String,
    /// `sign` or `verify`.
    pub kind: String,
    /// The secret it is signed with.
    pub secret: String,
    /// The body.
    pub input: String,
    /// The canonical string (every sign case; the verify cases that record one).
    pub canonical: Option<String>,
    /// A sign case's signature; a verify case's: the one its body carries
    /// (top-level `signature`, else `general.signature`).
    pub signature: String,
}

impl Case {
    /// The canonical string, for the cases that record one.
    pub fn canonical(&self) -> &str {
        self.canonical
            .as_deref()
            .unwrap_or_else(|| panic!("vector case {} records no canonical string", self.name))
    }
}

/// The case `name` of the shared vectors.
pub fn case(name: &str) -> Case {
    let all: serde_json::Value = serde_json::from_str(VECTORS).expect("signature.json is JSON");
    let c = all["cases"]
        .as_array()
        .expect("`cases` is an array")
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no vector case {name}"));
    let text = |k: &str| {
        c[k].as_str()
            .unwrap_or_else(|| panic!("vector case {name}: `{k}` is not a string"))
            .to_owned()
    };
    let input = text("input");
    let signature = match c["signature"].as_str() {
        Some(s) => s.to_owned(),
        None => {
            let body: serde_json::Value = serde_json::from_str(&input).expect("the input is JSON");
            body.get("signature")
                .or_else(|| body["general"].get("signature"))
                .and_then(serde_json::Value::as_str)
                .unwrap_or_else(|| panic!("vector case {name}: no signature"))
                .to_owned()
        }
    };
    Case {
        name: name.to_owned(),
        kind: text("kind"),
        secret: text("secret"),
        input,
        canonical: c["canonical"].as_str().map(str::to_owned),
        signature,
    }
}

/// The seed's Cambodia request as typed values: signs to the body of
/// [`CAMBODIA_PAYOUT_REQUEST`] (with its signature at `general.signature`).
pub fn cambodia_payout() -> cambodia::Payout<'static> {
    cambodia::Payout {
        general: General {
            project_id: 1234,
            payment_id: "payment_47",
            merchant_callback_url: None,
        },
        customer: cambodia::Customer {
            id: "customer_1234",
            ip_address: "198.51.100.47",
            email: "johndoe@example.com",
            phone: "123456789",
        },
        account: cambodia::Account {
            number: "1234567890",
            bank_id: 61021,
            branch: Some("Banteay Meanchey Branch"),
            city: Some("Serei Saophoan"),
            province: Some("Banteay Meanchey"),
            customer_name: "John Doe",
        },
        payment: Payment {
            currency: "KHR",
            amount: 5_000_000,
            description: None,
        },
        extras: &[],
    }
}

/// The seed's Colombia request as typed values: signs to the body of
/// [`COLOMBIA_PAYOUT_REQUEST`]. Its bank ID 12345 is not in the published
/// table, so it needs `Options::allow_unlisted_bank`.
pub fn colombia_payout() -> colombia::Payout<'static> {
    colombia::Payout {
        general: General {
            project_id: 1234,
            payment_id: "payment_47",
            merchant_callback_url: None,
        },
        customer: colombia::Customer {
            id: "customer_123",
            ip_address: "198.51.100.47",
            first_name: "John",
            last_name: "Doe",
            email: "johndoe@example.com",
            phone: "1234567890",
            identify: colombia::Identify {
                doc_number: "1234567",
                doc_type: "CC",
            },
        },
        account: colombia::Account {
            number: "1234567890",
            r#type: "CACC",
            bank_id: 12345,
        },
        payment: Payment {
            currency: "COP",
            amount: 10_000,
            description: None,
        },
        extras: &[],
    }
}
