//! The canonical string: ordering the lines (natural, byte-path and
//! byte-line orders) and writing them into a sink.

#[allow(clippy::wildcard_imports)]
use super::*;

/// One source of bytes of a line.
#[derive(Clone)]
pub(crate) enum Src<'d> {
    Slice(&'d [u8]),
    /// A key or value with escapes (or a key with `:`, which is doubled).
    Str {
        bytes: StrBytes<'d>,
        double_colon: bool,
        dup: bool,
    },
    Lit {
        buf: [u8; 32],
        len: u8,
        pos: u8,
    },
    /// Decoded text (a [`super::Values`] key) with each `:` doubled.
    Colons {
        bytes: &'d [u8],
        dup: bool,
    },
}

impl Src<'_> {
    pub(super) fn peek(&self) -> Option<u8> {
        match self {
            Src::Slice(s) => s.first().copied(),
            Src::Str { bytes, dup, .. } => {
                if *dup {
                    Some(b':')
                } else {
                    bytes.peek()
                }
            }
            Src::Lit { buf, len, pos } => {
                if pos < len {
                    buf.get(usize::from(*pos)).copied()
                } else {
                    None
                }
            }
            Src::Colons { bytes, dup } => {
                if *dup {
                    Some(b':')
                } else {
                    bytes.first().copied()
                }
            }
        }
    }

    pub(super) fn bump(&mut self) {
        match self {
            Src::Slice(s) => *s = s.get(1..).unwrap_or(&[]),
            Src::Str {
                bytes,
                double_colon,
                dup,
            } => {
                if *double_colon && !*dup && bytes.peek() == Some(b':') {
                    *dup = true;
                } else {
                    *dup = false;
                    bytes.bump();
                }
            }
            Src::Lit { pos, .. } => *pos = pos.saturating_add(1),
            Src::Colons { bytes, dup } => {
                if !*dup && bytes.first() == Some(&b':') {
                    *dup = true;
                } else {
                    *dup = false;
                    *bytes = bytes.get(1..).unwrap_or(&[]);
                }
            }
        }
    }

    pub(super) fn drain<S: Sink>(&mut self, sink: &mut S) {
        match self {
            Src::Slice(s) => {
                sink.put(s);
                *s = &[];
            }
            Src::Lit { buf, len, pos } => {
                sink.put(buf.get(usize::from(*pos)..usize::from(*len)).unwrap_or(&[]));
                *pos = *len;
            }
            Src::Str { .. } | Src::Colons { .. } => {
                let mut chunk = [0u8; 64];
                let mut n = 0usize;
                while let Some(b) = self.peek() {
                    if let Some(c) = chunk.get_mut(n) {
                        *c = b;
                        n = n.saturating_add(1);
                    }
                    if n == chunk.len() {
                        sink.put(&chunk);
                        n = 0;
                    }
                    self.bump();
                }
                sink.put(chunk.get(..n).unwrap_or(&[]));
            }
        }
    }
}

/// One plain path segment followed by `:` (or by the end of the line), as a
/// cursor that flags any attempt to read beyond it.
#[derive(Clone)]
pub(super) struct Fast<'x> {
    bytes: &'x [u8],
    colon: bool,
    pos: usize,
    overflow: &'x core::cell::Cell<bool>,
}

impl<'x> Fast<'x> {
    /// `None` if the segment needs decoding (escapes, or a `:` to double).
    pub(super) fn new<T: Leaves + ?Sized>(
        tree: &'x T,
        e: &Entry,
        digits: &'x mut [u8; 10],
        colon: bool,
        overflow: &'x core::cell::Cell<bool>,
    ) -> Option<Self> {
        let bytes: &'x [u8] = if e.flags & INDEX != 0 {
            let n = itoa_u64(u64::from(e.key_len), digits);
            digits.get(..n)?
        } else if e.flags & (KEY_ESCAPED | KEY_COLON) == 0 {
            tree.key(e)
        } else {
            return None;
        };
        Some(Fast {
            bytes,
            colon,
            pos: 0,
            overflow,
        })
    }
}

impl Bytes for Fast<'_> {
    #[inline]
    fn peek(&self) -> Option<u8> {
        match self.bytes.get(self.pos) {
            Some(&b) => Some(b),
            None if self.pos == self.bytes.len() && self.colon => Some(b':'),
            None => {
                if self.colon || self.pos > self.bytes.len() {
                    self.overflow.set(true);
                }
                None
            }
        }
    }
    #[inline]
    fn bump(&mut self) {
        if self.pos <= self.bytes.len() {
            self.pos = self.pos.saturating_add(1);
        }
    }
}

/// The bytes of one line (`path` or `path:value`) as a cursor.
pub(super) struct Line<'d, T: ?Sized> {
    tree: &'d T,
    entries: &'d [Entry],
    chain: &'d [u16],
    with_value: bool,
    piece: usize,
    src: Src<'d>,
    done: bool,
}

impl<'d, T: Leaves + ?Sized> Line<'d, T> {
    /// A cursor from segment `seg` of `chain` (the leaf's ancestors and itself, root first).
    pub(super) fn new(
        tree: &'d T,
        entries: &'d [Entry],
        chain: &'d [u16],
        seg: usize,
        with_value: bool,
    ) -> Self {
        let mut l = Line {
            tree,
            entries,
            chain,
            with_value,
            piece: seg.saturating_mul(2),
            src: Src::Slice(&[]),
            done: false,
        };
        l.done = !l.load();
        l.settle();
        l
    }

    pub(super) fn pieces(&self) -> usize {
        let n = self.chain.len().saturating_mul(2);
        if self.with_value {
            n.saturating_add(1)
        } else {
            n.saturating_sub(1)
        }
    }

    /// Loads piece `self.piece`; false past the last.
    pub(super) fn load(&mut self) -> bool {
        if self.piece >= self.pieces() {
            return false;
        }
        if self.piece % 2 == 1 {
            self.src = Src::Slice(b":");
            return true;
        }
        let seg = self.piece / 2;
        if let Some(&ix) = self.chain.get(seg) {
            let Some(e) = self.entries.get(usize::from(ix)) else {
                return false;
            };
            self.src = self.tree.key_src(e);
        } else {
            let Some(e) = self
                .chain
                .last()
                .and_then(|&ix| self.entries.get(usize::from(ix)))
            else {
                return false;
            };
            self.src = self.tree.value_src(e);
        }
        true
    }

    pub(super) fn settle(&mut self) {
        while !self.done && self.src.peek().is_none() {
            self.piece = self.piece.saturating_add(1);
            self.done = !self.load();
        }
    }
}

impl<T: ?Sized> Clone for Line<'_, T> {
    fn clone(&self) -> Self {
        Line {
            tree: self.tree,
            entries: self.entries,
            chain: self.chain,
            with_value: self.with_value,
            piece: self.piece,
            src: self.src.clone(),
            done: self.done,
        }
    }
}

impl<T: Leaves + ?Sized> Bytes for Line<'_, T> {
    fn peek(&self) -> Option<u8> {
        if self.done {
            None
        } else {
            self.src.peek()
        }
    }
    fn bump(&mut self) {
        if !self.done {
            self.src.bump();
            self.settle();
        }
    }
}

/// Bytes made for a line (an index, a formatted number) in a small buffer:
/// `write` fills it and returns how many bytes it wrote.
pub(super) fn lit(write: impl FnOnce(&mut [u8; 32]) -> usize) -> Src<'static> {
    let mut buf = [0u8; 32];
    let len = write(&mut buf);
    Src::Lit {
        buf,
        len: u8::try_from(len).unwrap_or(0),
        pos: 0,
    }
}

pub(super) fn key_src<'d>(input: &'d [u8], e: &Entry) -> Src<'d> {
    if e.flags & INDEX != 0 {
        return lit(|buf| itoa_u64(u64::from(e.key_len), buf));
    }
    let raw = e.key(input);
    if e.flags & (KEY_ESCAPED | KEY_COLON) == 0 {
        Src::Slice(raw)
    } else {
        Src::Str {
            bytes: StrBytes::new(raw),
            double_colon: true,
            dup: false,
        }
    }
}

pub(super) fn value_src<'d>(input: &'d [u8], e: &Entry) -> Src<'d> {
    let raw = e.val_raw(input);
    match e.kind {
        Kind::String => {
            let inner = raw.get(1..raw.len().saturating_sub(1)).unwrap_or(&[]);
            if e.flags & VAL_ESCAPED == 0 {
                Src::Slice(inner)
            } else {
                Src::Str {
                    bytes: StrBytes::new(inner),
                    double_colon: false,
                    dup: false,
                }
            }
        }
        Kind::Integer => {
            if raw == b"-0" {
                Src::Slice(b"0")
            } else {
                Src::Slice(raw)
            }
        }
        #[cfg(feature = "float")]
        Kind::Float => lit(|buf| php_float(raw, buf)),
        // Refused before any line is produced (`check_floats`).
        #[cfg(not(feature = "float"))]
        Kind::Float => Src::Slice(&[]),
        Kind::True => Src::Slice(b"1"),
        Kind::False => Src::Slice(b"0"),
        Kind::Null | Kind::Object | Kind::Array => Src::Slice(&[]),
    }
}

/// Bottom-up merge sort (stable, never panics, `O(n log n)` comparisons even
/// for an inconsistent comparator).
pub(super) fn merge_sort<F: FnMut(u16, u16) -> Ordering>(
    v: &mut [u16],
    tmp: &mut [u16],
    mut cmp: F,
) {
    let n = v.len();
    // Insertion-sort runs of 8 first: most payloads are short.
    const RUN: usize = 8;
    let mut start = 0;
    while start < n {
        let end = start.saturating_add(RUN).min(n);
        if let Some(run) = v.get_mut(start..end) {
            for i in 1..run.len() {
                let mut j = i;
                while j > 0 {
                    // `slice::swap` would link a panic path: swap through a
                    // two-element window instead.
                    let Some([a, b]) = run.get_mut(j.wrapping_sub(1)..=j) else {
                        break;
                    };
                    if cmp(*a, *b) == Ordering::Greater {
                        core::mem::swap(a, b);
                        j = j.wrapping_sub(1);
                    } else {
                        break;
                    }
                }
            }
        }
        start = end;
    }
    let mut width = RUN;
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = lo.saturating_add(width).min(n);
            let hi = lo.saturating_add(width.saturating_mul(2)).min(n);
            if mid < hi {
                let (mut i, mut j, mut k) = (lo, mid, lo);
                while k < hi {
                    let take_left = if i < mid && j < hi {
                        match (v.get(i), v.get(j)) {
                            (Some(&a), Some(&b)) => cmp(a, b) != Ordering::Greater,
                            _ => true,
                        }
                    } else {
                        i < mid
                    };
                    let src = if take_left { &mut i } else { &mut j };
                    if let (Some(t), Some(&x)) = (tmp.get_mut(k), v.get(*src)) {
                        *t = x;
                    }
                    *src = src.saturating_add(1);
                    k = k.saturating_add(1);
                }
                if let (Some(dst), Some(s)) = (v.get_mut(lo..hi), tmp.get(lo..hi)) {
                    crate::copy(dst, s);
                }
            }
            lo = hi;
        }
        width = width.saturating_mul(2);
    }
}

/// The ordered lines of a document (2 bytes per value of capacity, only as
/// many initialised as the document has values). The three working arrays
/// of the ordering are locals of [`Scratch::order`]: kept out of a struct,
/// their uninitialised buffers are not zeroed by the compiler.
pub(crate) struct Scratch<const V: usize> {
    out: heapless::Vec<u16, V>,
}

impl<const V: usize> Scratch<V> {
    pub(crate) const fn new() -> Self {
        Scratch {
            out: heapless::Vec::new(),
        }
    }

    /// Orders the document's lines; returns how many there are.
    pub(crate) fn order<const D: usize, T: Tree + ?Sized>(
        &mut self,
        doc: &T,
        exclude: Exclude,
        order: Order,
    ) -> usize {
        let n = doc.entries().len();
        let mut tmp = heapless::Vec::<u16, V>::new();
        let mut next = heapless::Vec::<u16, V>::new();
        let mut first = heapless::Vec::<u16, V>::new();
        for v in [&mut self.out, &mut tmp, &mut next, &mut first] {
            // `n` never exceeds the capacity `V`: the document holds at most `V` values.
            let _ = v.resize(n, 0);
        }
        doc.ordered_lines::<D>(
            exclude,
            order,
            &mut self.out,
            &mut tmp,
            &mut next,
            &mut first,
        )
    }

    /// The first `n` ordered lines.
    pub(crate) fn lines(&self, n: usize) -> &[u16] {
        self.out.get(..n).unwrap_or(&[])
    }
}

/// What the canonical string leaves out besides `frame_mode` members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exclude {
    /// Both top-level `signature` and `general.signature` (signing a request).
    BothSignatures,
    /// Exactly one member (the signature being verified).
    One(u16),
}

/// The values a canonical string is made of, in document order: what the
/// ordering, the line writer and the ambiguity and float checks read. A
/// parsed [`Document`] and a [`super::Values`] table are the two trees; both
/// keep one [`Entry`] per value (parent, subtree end, type and flags), and
/// each says where its keys and values are.
pub(crate) trait Leaves {
    /// The entries, in document order.
    fn entries(&self) -> &[Entry];
    /// A member's key as stored (raw JSON when [`KEY_ESCAPED`], else the
    /// text itself); empty for an element.
    fn key(&self, e: &Entry) -> &[u8];
    /// A member's key as a line segment (a `:` in it doubled).
    fn key_src(&self, e: &Entry) -> Src<'_>;
    /// A value as it appears in its line.
    fn value_src(&self, e: &Entry) -> Src<'_>;
}

/// The canonical engine over any [`Leaves`]: the ordering and the line
/// writer exist once, for every kind of tree.
pub(crate) trait Tree: Leaves {
    /// The top-level `signature` and `general.signature` members (`NONE` if absent).
    fn signature_members(&self) -> (u16, u16);

    /// The members `exclude` leaves out.
    fn excluded(&self, exclude: Exclude) -> (u16, u16) {
        match exclude {
            Exclude::BothSignatures => self.signature_members(),
            Exclude::One(i) => (i, NONE),
        }
    }

    fn in_subtree(&self, i: u16, root: u16) -> bool {
        match self.entries().get(usize::from(root)) {
            Some(r) if root != NONE => i >= root && i < r.end,
            _ => false,
        }
    }

    /// Collects the leaves that make lines, in document order, into `idx`.
    fn collect_lines(&self, exclude: Exclude, idx: &mut [u16]) -> usize {
        let (x1, x2) = self.excluded(exclude);
        let mut n = 0usize;
        for (i, e) in self.entries().iter().enumerate() {
            if matches!(e.kind, Kind::Object | Kind::Array) || e.flags & FRAME_MODE != 0 {
                continue;
            }
            let i = u16::try_from(i).unwrap_or(NONE);
            if self.in_subtree(i, x1) || self.in_subtree(i, x2) {
                continue;
            }
            if let Some(slot) = idx.get_mut(n) {
                *slot = i;
                n = n.saturating_add(1);
            }
        }
        n
    }

    /// Fills `chain` with the entries from the top level down to `leaf`.
    fn chain<'c, const DEPTH: usize>(&self, leaf: u16, chain: &'c mut [u16; DEPTH]) -> &'c [u16] {
        let mut i = DEPTH;
        let mut cur = leaf;
        while cur != NONE && i > 0 {
            i = i.saturating_sub(1);
            if let Some(c) = chain.get_mut(i) {
                *c = cur;
            }
            cur = self
                .entries()
                .get(usize::from(cur))
                .map_or(NONE, |e| e.parent);
        }
        chain.get(i..).unwrap_or(&[])
    }

    fn compare_lines<const DEPTH: usize>(&self, a: u16, b: u16, order: Order) -> Ordering {
        let mut ca = [NONE; DEPTH];
        let mut cb = [NONE; DEPTH];
        let ca = self.chain(a, &mut ca);
        let cb = self.chain(b, &mut cb);
        let common = ca.iter().zip(cb.iter()).take_while(|(x, y)| x == y).count();
        let entries = self.entries();
        let with_value = order == Order::ByteLine;
        // Fast path: the first differing segments are plain keys or indices,
        // compared as slices followed by what comes next (`:` or the end). If
        // the comparison needs a byte beyond that, fall back to the full lines.
        if let (Some(&sa), Some(&sb)) = (ca.get(common), cb.get(common)) {
            if let (Some(ea), Some(eb)) =
                (entries.get(usize::from(sa)), entries.get(usize::from(sb)))
            {
                let overflow = core::cell::Cell::new(false);
                let (mut da, mut db) = ([0u8; 10], [0u8; 10]);
                let fa = Fast::new(
                    self,
                    ea,
                    &mut da,
                    common.saturating_add(1) < ca.len() || with_value,
                    &overflow,
                );
                let fb = Fast::new(
                    self,
                    eb,
                    &mut db,
                    common.saturating_add(1) < cb.len() || with_value,
                    &overflow,
                );
                if let (Some(fa), Some(fb)) = (fa, fb) {
                    let r = match order {
                        Order::Natural => natural::compare(fa, fb, common == 0),
                        Order::BytePath | Order::ByteLine => natural::compare_bytes(fa, fb),
                    };
                    if !overflow.get() {
                        return r;
                    }
                }
            }
        }
        let la = Line::new(self, entries, ca, common, with_value);
        let lb = Line::new(self, entries, cb, common, with_value);
        match order {
            Order::Natural => natural::compare(la, lb, common == 0),
            Order::BytePath | Order::ByteLine => natural::compare_bytes(la, lb),
        }
    }

    /// Compares two siblings by their own segment (plus the `:` or end that
    /// follows it). Sets `unsure` when that cannot decide exactly: the caller
    /// then sorts the full lines instead.
    fn sibling_cmp(
        &self,
        a: u16,
        b: u16,
        order: Order,
        unsure: &core::cell::Cell<bool>,
    ) -> Ordering {
        let entries = self.entries();
        let (Some(ea), Some(eb)) = (entries.get(usize::from(a)), entries.get(usize::from(b)))
        else {
            unsure.set(true);
            return Ordering::Equal;
        };
        if order == Order::Natural {
            if ea.flags & eb.flags & INDEX != 0 {
                // Array indices under one parent: natural order is numeric.
                return ea.key_len.cmp(&eb.key_len);
            }
            // Without digits and whitespace, natural order is byte order.
            if (ea.flags | eb.flags) & KEY_DIGIT_SPACE != 0 {
                unsure.set(true);
                return Ordering::Equal;
            }
        }
        let colon =
            |e: &Entry| matches!(e.kind, Kind::Object | Kind::Array) || order == Order::ByteLine;
        if (ea.flags | eb.flags) & (INDEX | KEY_ESCAPED | KEY_COLON) == 0 {
            // Two plain keys: compare them as slices, then what follows the
            // shorter one (`:` before a deeper segment or a value, or the
            // end of the line) against the longer one's next byte.
            let (ka, kb) = (self.key(ea), self.key(eb));
            let m = ka.len().min(kb.len());
            let head = ka.get(..m).cmp(&kb.get(..m));
            if head != Ordering::Equal {
                return head;
            }
            let next = |k: &[u8], e: &Entry| match k.get(m) {
                Some(&b) => Some(b),
                None if colon(e) => Some(b':'),
                None => None,
            };
            let (na, nb) = (next(ka, ea), next(kb, eb));
            if na == nb && na.is_some() {
                // Decided only by what comes after both segments.
                unsure.set(true);
                return Ordering::Equal;
            }
            return na.cmp(&nb);
        }
        let (mut da, mut db) = ([0u8; 10], [0u8; 10]);
        let fa = Fast::new(self, ea, &mut da, colon(ea), unsure);
        let fb = Fast::new(self, eb, &mut db, colon(eb), unsure);
        match (fa, fb) {
            (Some(fa), Some(fb)) => natural::compare_bytes(fa, fb),
            _ => {
                unsure.set(true);
                Ordering::Equal
            }
        }
    }

    /// The lines in `order`, written into `out` (returns their count).
    ///
    /// Fast path: every object's members (and every array's elements) are
    /// sorted among themselves and the tree is walked depth first, which gives
    /// exactly the order of the full paths whenever each sibling comparison is
    /// decided within the siblings' own segments (always true for byte orders
    /// of plain keys, and for natural order of keys without digits and
    /// whitespace, and of array indices). Otherwise the full lines are sorted.
    /// `out`, `tmp`, `next` and `first` must each hold the document's values.
    fn ordered_lines<const DEPTH: usize>(
        &self,
        exclude: Exclude,
        order: Order,
        out: &mut [u16],
        tmp: &mut [u16],
        next: &mut [u16],
        first: &mut [u16],
    ) -> usize {
        let (x1, x2) = self.excluded(exclude);
        let skip = |i: u16, e: &Entry| e.flags & FRAME_MODE != 0 || i == x1 || i == x2;
        let unsure = core::cell::Cell::new(false);
        let entries = self.entries();
        let mut pos = 0usize;
        let mut first_root = NONE;
        // The root, then every container in document order.
        let mut container: Option<u16> = None;
        loop {
            let (from, to) = match container {
                None => (0usize, entries.len()),
                Some(c) => {
                    let e = entries.get(usize::from(c));
                    (
                        usize::from(c).saturating_add(1),
                        e.map_or(0, |e| usize::from(e.end)),
                    )
                }
            };
            let start = pos;
            let mut j = from;
            while j < to {
                let Some(e) = entries.get(j) else { break };
                let ju = u16::try_from(j).unwrap_or(NONE);
                if !skip(ju, e) {
                    if let Some(slot) = out.get_mut(pos) {
                        *slot = ju;
                        pos = pos.saturating_add(1);
                    }
                }
                j = usize::from(e.end).max(j.saturating_add(1));
            }
            if let (Some(group), Some(scratch)) = (out.get_mut(start..pos), tmp.get_mut(start..pos))
            {
                merge_sort(group, scratch, |a, b| {
                    self.sibling_cmp(a, b, order, &unsure)
                });
                if unsure.get() {
                    break;
                }
                let head = group.first().copied().unwrap_or(NONE);
                match container {
                    None => first_root = head,
                    Some(c) => {
                        if let Some(f) = first.get_mut(usize::from(c)) {
                            *f = head;
                        }
                    }
                }
                for w in 0..group.len() {
                    let (Some(&cur), nxt) = (group.get(w), group.get(w.saturating_add(1)).copied())
                    else {
                        break;
                    };
                    if let Some(slot) = next.get_mut(usize::from(cur)) {
                        *slot = nxt.unwrap_or(NONE);
                    }
                }
            }
            // Next container in document order (skipped subtrees are never linked,
            // so sorting their children would be wasted work: jump over them).
            let mut k = container.map_or(0, |c| usize::from(c).saturating_add(1));
            container = None;
            while let Some(e) = entries.get(k) {
                let ku = u16::try_from(k).unwrap_or(NONE);
                if skip(ku, e) {
                    k = usize::from(e.end).max(k.saturating_add(1));
                    continue;
                }
                if matches!(e.kind, Kind::Object | Kind::Array) {
                    container = Some(ku);
                    break;
                }
                k = k.saturating_add(1);
            }
            if container.is_none() {
                break;
            }
        }
        if unsure.get() {
            let n = self.collect_lines(exclude, out);
            let lines = out.get_mut(..n).unwrap_or(&mut []);
            self.sort_lines::<DEPTH>(lines, tmp, order);
            return n;
        }
        // Depth-first walk over the sorted tree.
        let mut n = 0usize;
        let mut cur = first_root;
        while let Some(e) = entries.get(usize::from(cur)) {
            if matches!(e.kind, Kind::Object | Kind::Array) {
                let f = first.get(usize::from(cur)).copied().unwrap_or(NONE);
                if f != NONE {
                    cur = f;
                    continue;
                }
            } else if let Some(slot) = out.get_mut(n) {
                *slot = cur;
                n = n.saturating_add(1);
            }
            // Next sibling, or the next sibling of the nearest ancestor that has one.
            loop {
                let nx = next.get(usize::from(cur)).copied().unwrap_or(NONE);
                if nx != NONE {
                    cur = nx;
                    break;
                }
                cur = entries.get(usize::from(cur)).map_or(NONE, |e| e.parent);
                if cur == NONE {
                    break;
                }
            }
        }
        n
    }

    /// Sorts line indices in `order`; `tmp` is scratch of the same length.
    fn sort_lines<const DEPTH: usize>(&self, idx: &mut [u16], tmp: &mut [u16], order: Order) {
        merge_sort(idx, tmp, |a, b| self.compare_lines::<DEPTH>(a, b, order));
    }

    /// Writes the lines `idx` (already sorted), joined with `;`.
    fn write_lines<const DEPTH: usize, S: Sink>(&self, idx: &[u16], sink: &mut S) {
        let entries = self.entries();
        for (n, &leaf) in idx.iter().enumerate() {
            if n > 0 {
                sink.put(b";");
            }
            let mut chain = [NONE; DEPTH];
            let chain = self.chain(leaf, &mut chain);
            for (k, &seg) in chain.iter().enumerate() {
                let Some(e) = entries.get(usize::from(seg)) else {
                    continue;
                };
                if k > 0 {
                    sink.put(b":");
                }
                if e.flags & (INDEX | KEY_ESCAPED | KEY_COLON) == 0 {
                    sink.put(self.key(e));
                } else {
                    self.key_src(e).drain(sink);
                }
            }
            sink.put(b":");
            if let Some(e) = entries.get(usize::from(leaf)) {
                self.value_src(e).drain(sink);
            }
        }
    }
}

/// The canonical string of any tree (natural order, both signature members
/// and every `frame_mode` member left out), measured first so a too-small
/// `out` is left untouched.
pub(super) fn canonical_of<'o, const V: usize, const D: usize, T: Checks + ?Sized>(
    tree: &T,
    out: &'o mut [u8],
) -> Result<&'o str, Error> {
    tree.check_floats(Exclude::BothSignatures)?;
    let mut s = Scratch::<V>::new();
    let n = s.order::<D, T>(tree, Exclude::BothSignatures, Order::Natural);
    let idx = s.lines(n);
    let mut count = Counter(0);
    tree.write_lines::<D, _>(idx, &mut count);
    if count.0 > out.len() {
        return Err(Error::BufferTooSmall { needed: count.0 });
    }
    let mut w = SliceWriter::new(out);
    tree.write_lines::<D, _>(idx, &mut w);
    let written = w.finish()?;
    core::str::from_utf8(written).map_err(|e| Error::InvalidUtf8 {
        offset: e.valid_up_to(),
    })
}

/// The length of [`canonical_of`]'s string (no float check).
pub(super) fn canonical_len_of<const V: usize, const D: usize, T: Tree + ?Sized>(
    tree: &T,
) -> usize {
    let mut s = Scratch::<V>::new();
    let n = s.order::<D, T>(tree, Exclude::BothSignatures, Order::Natural);
    let idx = s.lines(n);
    let mut c = Counter(0);
    tree.write_lines::<D, _>(idx, &mut c);
    c.0
}

impl<const VALUES: usize, const DEPTH: usize> Leaves for Document<'_, VALUES, DEPTH> {
    #[inline]
    fn entries(&self) -> &[Entry] {
        Document::entries(self)
    }
    #[inline]
    fn key(&self, e: &Entry) -> &[u8] {
        e.key(self.input)
    }
    #[inline]
    fn key_src(&self, e: &Entry) -> Src<'_> {
        key_src(self.input, e)
    }
    #[inline]
    fn value_src(&self, e: &Entry) -> Src<'_> {
        value_src(self.input, e)
    }
}

impl<const VALUES: usize, const DEPTH: usize> Tree for Document<'_, VALUES, DEPTH> {
    #[inline]
    fn signature_members(&self) -> (u16, u16) {
        (self.top_sig, self.general_sig)
    }
}

impl<'a, const VALUES: usize, const DEPTH: usize> Document<'a, VALUES, DEPTH> {
    /// The raw input the document was parsed from.
    #[must_use]
    pub fn input(&self) -> &'a [u8] {
        self.input
    }

    pub(crate) fn entries(&self) -> &[Entry] {
        self.entries.get(..self.len).unwrap_or(&[])
    }

    /// Writes the canonical string (natural order, both signature members and
    /// every `frame_mode` member left out) into `out` and returns it.
    ///
    /// # Errors
    /// [`Error::BufferTooSmall`] with the exact size needed; `out` is untouched.
    /// [`Error::FloatUnsupported`] in a build without the `float` feature.
    pub fn canonical_into<'o>(&self, out: &'o mut [u8]) -> Result<&'o str, Error> {
        canonical_of::<VALUES, DEPTH, _>(self, out)
    }

    /// The length in bytes of the canonical string.
    ///
    /// In a build without the `float` feature a document with a signed
    /// number that needs float formatting has no canonical string
    /// ([`Document::canonical_into`] and the function
    /// [`canonical_len`] refuse it with
    /// [`Error::FloatUnsupported`]); this method does not check, so check
    /// first with one of them when floats may occur.
    #[must_use]
    pub fn canonical_len(&self) -> usize {
        canonical_len_of::<VALUES, DEPTH, _>(self)
    }

    pub(crate) fn top_sig(&self) -> Option<u16> {
        opt(self.top_sig)
    }
    pub(crate) fn general_sig(&self) -> Option<u16> {
        opt(self.general_sig)
    }
    pub(crate) fn general(&self) -> Option<u16> {
        opt(self.general)
    }
    pub(crate) fn general_last(&self) -> Option<u16> {
        opt(self.general_last)
    }
    pub(crate) fn root_start(&self) -> usize {
        us(self.root_start)
    }
    pub(crate) fn top_count(&self) -> u16 {
        self.top_count
    }
    pub(crate) fn entry(&self, i: u16) -> Option<&Entry> {
        self.entries().get(usize::from(i))
    }
}
