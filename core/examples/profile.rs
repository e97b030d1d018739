//! Runs one operation many times, for `valgrind --tool=callgrind` profiles:
//! `cargo build --release -p monetix-gate --example profile` then
//! `valgrind --tool=callgrind target/release/examples/profile sign 2000`.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

const BODY: &[u8] = br#"{"general":{"project_id":1234,"payment_id":"payment_47"},"customer":{"id":"customer_1234","ip_address":"198.51.100.47","email":"johndoe@example.com","phone":"123456789"},"account":{"number":"1234567890","bank_id":61021,"branch":"Banteay Meanchey Branch","city":"Serei Saophoan","province":"Banteay Meanchey","customer_name":"John Doe"},"payment":{"currency":"KHR","amount":5000000}}"#;

fn main() {
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap_or_else(|| "sign".into());
    let n: usize = args.next().map_or(1000, |s| s.parse().unwrap());
    let signer = monetix_gate::Signer::new(b"secret").unwrap();
    let mut acc = 0usize;
    for _ in 0..n {
        acc += match what.as_str() {
            "sign" => monetix_gate::sign(std::hint::black_box(BODY), b"secret").unwrap().as_bytes()[0] as usize,
            "signer" => signer.sign(std::hint::black_box(BODY)).unwrap().as_bytes()[0] as usize,
            _ => panic!("unknown operation {what}"),
        };
    }
    println!("{acc}");
}
