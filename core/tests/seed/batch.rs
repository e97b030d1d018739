//! The batch of the `batch` benchmarks (`benches/sign.rs`) and the batch
//! operations of `examples/profile.rs`: 10,000 distinct Banks of Cambodia
//! payouts, as typed payouts and as the JSON rows the CLI's `batch` hands
//! to core's reader. Included by both with `#[path]`, like `seed`.

use monetix_gate::json::Document;
use monetix_gate::payout::read::{self, ReadError};
use monetix_gate::payout::{cambodia, General, Options, Payment};
use monetix_gate::source::DocumentSource;
use monetix_gate::{Error, Signer};

/// Payouts in a batch.
pub const BATCH: usize = 10_000;

/// The owned fields of one payout of the batch.
pub struct Row {
    pub payment_id: String,
    pub customer_id: String,
    pub ip: String,
    pub email: String,
    pub phone: String,
    pub number: String,
    pub bank_id: u32,
    pub customer_name: String,
    pub currency: &'static str,
    pub amount: i64,
}

/// `n` distinct payouts: payment ID, customer, account number and amount
/// differ from row to row; the bank and the currency cycle through the
/// method's tables. The optional account fields are the seed request's.
pub fn batch_rows(n: usize) -> Vec<Row> {
    (0..n)
        .map(|i| Row {
            payment_id: format!("payout_{i:05}"),
            customer_id: format!("customer_{i:05}"),
            ip: format!("198.51.100.{}", i % 250 + 1),
            email: format!("payee{i:05}@example.com"),
            phone: format!("855{:09}", 100_000_000 + i),
            number: format!("{}", 1_000_000_000 + i),
            bank_id: cambodia::BANKS[i % cambodia::BANKS.len()].id,
            customer_name: format!("Payee Number {i:05}"),
            currency: if i % 4 == 0 { "USD" } else { "KHR" },
            amount: (i64::try_from(i).unwrap() % 9000 + 1) * 100,
        })
        .collect()
}

/// A row as the typed builder takes it.
pub fn batch_payout(r: &Row) -> cambodia::Payout<'_> {
    cambodia::Payout {
        general: General {
            project_id: 1234,
            payment_id: &r.payment_id,
            merchant_callback_url: None,
        },
        customer: cambodia::Customer {
            id: &r.customer_id,
            ip_address: &r.ip,
            email: &r.email,
            phone: &r.phone,
        },
        account: cambodia::Account {
            number: &r.number,
            bank_id: r.bank_id,
            branch: Some("Banteay Meanchey Branch"),
            city: Some("Serei Saophoan"),
            province: Some("Banteay Meanchey"),
            customer_name: &r.customer_name,
        },
        payment: Payment {
            currency: r.currency,
            amount: r.amount,
            description: None,
        },
        extras: &[],
    }
}

/// A row as one JSON object of its fields, unsigned (what the CLI's `batch`
/// builds from a CSV row and hands to core's reader).
pub fn batch_json(r: &Row) -> String {
    format!(
        concat!(
            r#"{{"general":{{"project_id":1234,"payment_id":"{}"}},"#,
            r#""customer":{{"id":"{}","ip_address":"{}","email":"{}","phone":"{}"}},"#,
            r#""account":{{"number":"{}","bank_id":{},"branch":"Banteay Meanchey Branch","#,
            r#""city":"Serei Saophoan","province":"Banteay Meanchey","customer_name":"{}"}},"#,
            r#""payment":{{"currency":"{}","amount":{}}}}}"#
        ),
        r.payment_id,
        r.customer_id,
        r.ip,
        r.email,
        r.phone,
        r.number,
        r.bank_id,
        r.customer_name,
        r.currency,
        r.amount
    )
}

/// Reads one JSON payout with core's reader (build mode) and signs it with
/// the typed builder: the CLI's `batch` per row, without the CSV.
pub fn read_sign<'o>(
    json: &[u8],
    signer: &Signer,
    scratch: &mut [u8],
    out: &'o mut [u8],
) -> Result<&'o [u8], Error> {
    let doc: Document<'_> = Document::parse(json)?;
    let src = DocumentSource::new(&doc);
    match read::cambodia(&src, read::Mode::Build, Options::new(), scratch) {
        Ok(r) => r.payout().sign_with(signer, out, Options::new()),
        Err(ReadError::Error(e)) => Err(e),
        Err(ReadError::Invalid(_)) => Err(Error::Invalid),
    }
}

/// The reader's scratch size for the largest row of `bodies`.
pub fn scratch_len(bodies: &[String]) -> usize {
    bodies
        .iter()
        .map(|j| {
            let doc: Document<'_> = Document::parse(j.as_bytes()).unwrap();
            let src = DocumentSource::new(&doc);
            match read::cambodia(&src, read::Mode::Build, Options::new(), &mut []) {
                Ok(_) => 0,
                Err(ReadError::Error(Error::BufferTooSmall { needed })) => needed,
                Err(e) => panic!("{e:?}"),
            }
        })
        .max()
        .unwrap()
}
