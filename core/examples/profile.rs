//! Runs one operation many times, for `valgrind --tool=callgrind` profiles:
//! `cargo build --release -p monetix-gate --example profile` then
//! `valgrind --tool=callgrind target/release/examples/profile sign 2000`.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

const BODY: &[u8] = br#"{"general":{"project_id":1234,"payment_id":"payment_47"},"customer":{"id":"customer_1234","ip_address":"198.51.100.47","email":"johndoe@example.com","phone":"123456789"},"account":{"number":"1234567890","bank_id":61021,"branch":"Banteay Meanchey Branch","city":"Serei Saophoan","province":"Banteay Meanchey","customer_name":"John Doe"},"payment":{"currency":"KHR","amount":5000000}}"#;

const CANON: &[u8] = b"account:bank_id:61021;account:branch:Banteay Meanchey Branch;account:city:Serei Saophoan;account:customer_name:John Doe;account:number:1234567890;account:province:Banteay Meanchey;customer:email:johndoe@example.com;customer:id:customer_1234;customer:ip_address:198.51.100.47;customer:phone:123456789;general:payment_id:payment_47;general:project_id:1234;payment:amount:5000000;payment:currency:KHR";

const CALLBACK: &[u8] = br#"{"project_id":1234,"payment":{"id":"payment_47","type":"payout","status":"success","date":"2024-12-07T19:08:45+0000","method":"Banks Cambodia","sum":{"amount":5000000,"currency":"KHR"},"description":""},"customer":{"id":"customer_123"},"operation":{"id":47,"type":"payout","status":"success","date":"2024-12-07T19:08:45+0000","created_date":"2024-12-07T19:08:05+0000","request_id":"1a23456bc7890de","sum_initial":{"amount":5000000,"currency":"KHR"},"sum_converted":{"amount":5000000,"currency":"KHR"},"code":"0","message":"Success","provider":{"id":12345,"payment_id":"123abc123-123","auth_code":""}},"signature":"1eUwemjiLAvHuyoW00uDcn14VIO7KUE5Tqdo4FiPE4MzcihfWnt8Rwwn+8czpaUYnbSymFWS7vPiwjrfW3o+RA=="}"#;

fn main() {
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap_or_else(|| "sign".into());
    let n: usize = args.next().map_or(1000, |s| s.parse().unwrap());
    let signer = monetix_gate::Signer::new(b"secret").unwrap();
    let mut acc = 0usize;
    for _ in 0..n {
        acc += match what.as_str() {
            "sign" => monetix_gate::sign(core::hint::black_box(BODY), b"secret")
                .unwrap()
                .as_bytes()[0] as usize,
            "signer" => signer.sign(core::hint::black_box(BODY)).unwrap().as_bytes()[0] as usize,
            "floor" => {
                use hmac::{KeyInit, Mac};
                let mut mac =
                    <hmac::Hmac<sha2::Sha512> as KeyInit>::new_from_slice(b"secret").unwrap();
                mac.update(core::hint::black_box(CANON));
                mac.finalize().into_bytes()[0] as usize
            }
            "verify" => monetix_gate::verify(
                core::hint::black_box(CALLBACK),
                b"secret",
                monetix_gate::Mode::Strict,
            )
            .is_ok() as usize,
            _ => panic!("unknown operation {what}"),
        };
    }
    println!("{acc}");
}
