//! JSON numbers: scanning a literal, and the two formatters of the
//! canonical string (exact integers, PHP's `%.14G` for everything else).

#[allow(clippy::wildcard_imports)]
use super::*;

impl Parser<'_> {
    /// Scans a number at `self.pos`; returns its kind.
    pub(super) fn number(&mut self) -> Result<Kind, Error> {
        let start = self.pos;
        let neg = self.peek() == Some(b'-');
        if neg {
            self.pos = self.pos.saturating_add(1);
        }
        // Integer part, accumulated as a negative i64 so i64::MIN fits.
        let mut acc: i64 = 0;
        let mut fits = true;
        match self.peek() {
            Some(b'0') => self.pos = self.pos.saturating_add(1),
            Some(b'1'..=b'9') => {
                while let Some(d @ b'0'..=b'9') = self.peek() {
                    if fits {
                        match acc
                            .checked_mul(10)
                            .and_then(|v| v.checked_sub(i64::from(d.wrapping_sub(b'0'))))
                        {
                            Some(v) => acc = v,
                            None => fits = false,
                        }
                    }
                    self.pos = self.pos.saturating_add(1);
                }
            }
            _ => return Err(self.err()),
        }
        let mut float = false;
        if self.peek() == Some(b'.') {
            float = true;
            self.pos = self.pos.saturating_add(1);
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.err());
            }
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.pos = self.pos.saturating_add(1);
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            float = true;
            self.pos = self.pos.saturating_add(1);
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos = self.pos.saturating_add(1);
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.err());
            }
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.pos = self.pos.saturating_add(1);
            }
        }
        if !neg && acc == i64::MIN {
            fits = false;
        }
        if !float && fits {
            return Ok(Kind::Integer);
        }
        self.float_in_range(start)
    }

    /// A number PHP would print as `INF` is refused (with the `float`
    /// feature: without it every such number is refused when its line would
    /// be produced, so the range does not matter).
    #[cfg(feature = "float")]
    fn float_in_range(&self, start: usize) -> Result<Kind, Error> {
        let text = self
            .input
            .get(start..self.pos)
            .and_then(|t| core::str::from_utf8(t).ok())
            .ok_or(Error::InvalidJson { offset: start })?;
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(Kind::Float),
            _ => Err(Error::NumberOutOfRange { offset: start }),
        }
    }

    #[cfg(not(feature = "float"))]
    #[allow(clippy::unused_self, clippy::unnecessary_wraps)]
    fn float_in_range(&self, _start: usize) -> Result<Kind, Error> {
        Ok(Kind::Float)
    }
}

#[cfg(feature = "float")]
/// Formats a JSON number that is not an `i64` the way PHP prints a float with
/// precision 14 (`%.14G`, trailing zeros removed, `1.0E+25` style exponents).
/// Returns the length written into `buf`.
pub(crate) fn php_float(text: &[u8], buf: &mut [u8; 32]) -> usize {
    let v: f64 = core::str::from_utf8(text)
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(0.0);
    // Correctly rounded 14 significant digits: d.ddddddddddddde<exp>.
    let mut sci = [0u8; 40];
    let mut w = SliceWriter::new(&mut sci);
    let _ = core::fmt::write(&mut FmtSink(&mut w), format_args!("{:.13e}", v));
    let n = w.pos;
    let sci = sci.get(..n).unwrap_or(&[]);
    let neg = sci.first() == Some(&b'-');
    let body = if neg {
        sci.get(1..).unwrap_or(&[])
    } else {
        sci
    };
    let epos = body.iter().position(|&c| c == b'e').unwrap_or(body.len());
    let mant = body.get(..epos).unwrap_or(&[]);
    let exp_text = body.get(epos.saturating_add(1)..).unwrap_or(&[]);
    let mut exp: i32 = 0;
    let mut exp_neg = false;
    for &c in exp_text {
        if c == b'-' {
            exp_neg = true;
        } else if c.is_ascii_digit() {
            exp = exp
                .saturating_mul(10)
                .saturating_add(i32::from(c.wrapping_sub(b'0')));
        }
    }
    if exp_neg {
        exp = exp.saturating_neg();
    }
    // Significant digits without the point, trailing zeros removed.
    let mut digits = [0u8; 16];
    let mut nd = 0usize;
    for &c in mant {
        if c.is_ascii_digit() {
            if let Some(d) = digits.get_mut(nd) {
                *d = c;
                nd = nd.saturating_add(1);
            }
        }
    }
    while nd > 1 && digits.get(nd.saturating_sub(1)) == Some(&b'0') {
        nd = nd.saturating_sub(1);
    }
    let digits = digits.get(..nd).unwrap_or(&[]);
    let mut out = SliceWriter::new(buf);
    if neg {
        out.put(b"-");
    }
    if v == 0.0 {
        out.put(b"0");
    } else if !(-4..14).contains(&exp) {
        out.put(digits.get(..1).unwrap_or(b"0"));
        out.put(b".");
        match digits.get(1..) {
            Some(rest) if !rest.is_empty() => out.put(rest),
            _ => out.put(b"0"),
        }
        out.put(if exp < 0 { b"E-" } else { b"E+" });
        let mut eb = [0u8; 12];
        let el = itoa_u64(u64::from(exp.unsigned_abs()), &mut eb);
        out.put(eb.get(..el).unwrap_or(&[]));
    } else if exp < 0 {
        out.put(b"0.");
        for _ in 0..exp.unsigned_abs().saturating_sub(1) {
            out.put(b"0");
        }
        out.put(digits);
    } else {
        let int_len = usize::try_from(exp).unwrap_or(0).saturating_add(1);
        if digits.len() <= int_len {
            out.put(digits);
            for _ in digits.len()..int_len {
                out.put(b"0");
            }
        } else {
            out.put(digits.get(..int_len).unwrap_or(&[]));
            out.put(b".");
            out.put(digits.get(int_len..).unwrap_or(&[]));
        }
    }
    out.pos
}

#[cfg(feature = "float")]
pub(super) struct FmtSink<'w, 'o>(&'w mut SliceWriter<'o>);

#[cfg(feature = "float")]
impl core::fmt::Write for FmtSink<'_, '_> {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        self.0.put(s.as_bytes());
        Ok(())
    }
}

/// Writes `v` in decimal into `buf`, returning the length.
pub(crate) fn itoa_u64(mut v: u64, buf: &mut [u8]) -> usize {
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    loop {
        i = i.saturating_sub(1);
        if let Some(t) = tmp.get_mut(i) {
            // `v % 10` is below 10.
            #[allow(clippy::cast_possible_truncation)]
            let d = (v % 10) as u8;
            *t = b'0'.wrapping_add(d);
        }
        v /= 10;
        if v == 0 || i == 0 {
            break;
        }
    }
    let digits = tmp.get(i..).unwrap_or(&[]);
    if let Some(dst) = buf.get_mut(..digits.len()) {
        crate::copy(dst, digits);
        digits.len()
    } else {
        0
    }
}
