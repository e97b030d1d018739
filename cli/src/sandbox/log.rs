//! The sandbox's log: one JSON object per line, on stderr or in `--log FILE`.
//!
//! Every line starts with `ts` (UTC, milliseconds) and `event`; the other
//! members depend on the event (see `docs/sandbox-and-batch.md`). Lines never
//! hold the secret, nor whole bodies (they hold personal data): the request's
//! path, the payment it names, the answer's HTTP status and code.

use std::io::Write;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value};

/// Where the lines go.
pub struct Log {
    out: Mutex<Box<dyn Write + Send>>,
}

impl Log {
    /// A log writing to `out`.
    pub fn new(out: Box<dyn Write + Send>) -> Self {
        Log {
            out: Mutex::new(out),
        }
    }

    /// Writes one line: `{"ts": ..., "event": event, ...fields}`. A failed
    /// write (a closed stderr, a full disk) is ignored: the sandbox goes on.
    pub fn event(&self, event: &str, fields: Value) {
        let mut line = Map::new();
        line.insert(
            "ts".to_owned(),
            Value::from(timestamp(SystemTime::now(), true)),
        );
        line.insert("event".to_owned(), Value::from(event));
        if let Value::Object(members) = fields {
            line.extend(members);
        }
        let mut text = Value::Object(line).to_string();
        text.push('\n');
        // A poisoned lock only means another thread panicked mid-write.
        let mut out = match self.out.lock() {
            Ok(out) => out,
            Err(poisoned) => poisoned.into_inner(),
        };
        let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    }
}

/// `t` in UTC: `2024-12-07T19:08:45.123Z` (`millis`), else the platform's
/// callback format `2024-12-07T19:08:45+0000`.
pub fn timestamp(t: SystemTime, millis: bool) -> String {
    let since = t.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = since.as_secs();
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rest = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    let (hh, mm, ss) = (rest / 3600, rest % 3600 / 60, rest % 60);
    if millis {
        format!(
            "{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}.{:03}Z",
            since.subsec_millis()
        )
    } else {
        format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}+0000")
    }
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard
/// Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    (
        y,
        u32::try_from(m).unwrap_or(1),
        u32::try_from(d).unwrap_or(1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::time::Duration;

    #[test]
    fn timestamps() {
        let t = UNIX_EPOCH + Duration::from_millis(1_733_598_525_123);
        assert_eq!(timestamp(t, true), "2024-12-07T19:08:45.123Z");
        assert_eq!(timestamp(t, false), "2024-12-07T19:08:45+0000");
        assert_eq!(timestamp(UNIX_EPOCH, false), "1970-01-01T00:00:00+0000");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400); // 2000-02-29
        assert_eq!(timestamp(leap, false), "2000-02-29T00:00:00+0000");
    }
}
