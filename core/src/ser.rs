//! `serde::Serialize` for the enums of the typed views (feature `serde`):
//! each as the string the platform (or this crate's interfaces) spells it,
//! codes with the JSON type they arrived with, the bounded error list as a
//! sequence of the items kept.

use serde::ser::{Serialize, SerializeSeq, Serializer};

use crate::callback::{Code, ErrorList, Outcome, PaymentStatus};
use crate::json::Order;
use crate::payout::{Field, Reason};
use crate::response::Verdict;

macro_rules! as_str {
    ($($ty:ty),*) => {$(
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    )*};
}

as_str!(PaymentStatus<'_>, Outcome, Order, Verdict, Reason, Field);

impl Serialize for Code<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            Code::Str(v) => s.serialize_str(v),
            Code::Int(v) => s.serialize_i64(v),
        }
    }
}

impl Serialize for ErrorList<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for item in self.iter() {
            seq.serialize_element(item)?;
        }
        seq.end()
    }
}
