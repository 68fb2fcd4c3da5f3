//! Sets of small integers as runs of 64-bit words, with the processor's widest instructions
//! for the two things the planner does with them most: union and count.

/// A set of small integers, stored as the run of 64-bit words between its smallest and its
/// largest member: in a board where questions mostly wait on older ones, what waits on a
/// question lies above it, so a set is short and a union touches only the words it spans.
#[derive(Default)]
pub(super) struct Bits {
    /// The index of the first word kept.
    lo: usize,
    words: Vec<u64>,
}

impl Bits {
    /// Makes room for words `from..to` (keeping what is there).
    fn span(&mut self, from: usize, to: usize) {
        if self.words.is_empty() {
            self.lo = from;
            self.words.resize(to - from, 0);
            return;
        }
        let hi = self.lo + self.words.len();
        if from >= self.lo && to <= hi {
            return;
        }
        // Grown to the exact size: thousands of sets may be alive at once, and room to spare
        // in each would be most of a plan's memory.
        let (lo, hi) = (from.min(self.lo), to.max(hi));
        let mut words = Vec::with_capacity(hi - lo);
        words.resize(self.lo - lo, 0);
        words.extend_from_slice(&self.words);
        words.resize(hi - lo, 0);
        self.words = words;
        self.lo = lo;
    }
    /// The words it spans, `lo..hi`; none when it is empty.
    pub(super) fn range(&self) -> Option<(usize, usize)> {
        (!self.words.is_empty()).then(|| (self.lo, self.lo + self.words.len()))
    }

    /// An empty set spanning words `lo..hi` (so sets within that span are added to it in
    /// place, with no allocation on the way).
    pub(super) fn spanning(lo: usize, hi: usize) -> Bits {
        Bits {
            lo,
            words: vec![0; hi - lo],
        }
    }

    pub(super) fn contains(&self, i: usize) -> bool {
        let w = i / 64;
        w >= self.lo
            && self
                .words
                .get(w - self.lo)
                .is_some_and(|x| x & 1 << (i % 64) != 0)
    }

    pub(super) fn set(&mut self, i: usize) {
        let w = i / 64;
        self.span(w, w + 1);
        self.words[w - self.lo] |= 1 << (i % 64);
    }
    pub(super) fn union(&mut self, other: &Bits) {
        if other.words.is_empty() {
            return;
        }
        self.span(other.lo, other.lo + other.words.len());
        let at = other.lo - self.lo;
        or_into(&mut self.words[at..], &other.words);
    }
    pub(super) fn count(&self) -> usize {
        count_ones(&self.words)
    }
    pub(super) fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        let lo = self.lo;
        self.words.iter().enumerate().flat_map(move |(k, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let bit = w.trailing_zeros() as usize;
                w &= w - 1;
                Some((lo + k) * 64 + bit)
            })
        })
    }
}

/// `a |= b`, word by word, with the processor's widest vectors where it has them.
fn or_into(a: &mut [u64], b: &[u64]) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512f") {
            // SAFETY: the processor has been checked to have the instructions.
            return unsafe { or_into_avx512(a, b) };
        }
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has been checked to have the instructions.
            return unsafe { or_into_avx2(a, b) };
        }
    }
    for (x, y) in a.iter_mut().zip(b) {
        *x |= y;
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn or_into_avx512(a: &mut [u64], b: &[u64]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x |= y;
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn or_into_avx2(a: &mut [u64], b: &[u64]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x |= y;
    }
}

/// Set bits in words: with the processor's own popcount instruction where it has one (the
/// baseline x86-64 target does without it, and counting bit by bit is most of a big plan's
/// count passes).
fn count_ones(words: &[u64]) -> usize {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512vpopcntdq") {
            // SAFETY: the processor has been checked to have the instructions.
            return unsafe { count_ones_avx512(words) };
        }
        if std::arch::is_x86_feature_detected!("popcnt") {
            // SAFETY: the processor has been checked to have the instruction.
            return unsafe { count_ones_popcnt(words) };
        }
    }
    words.iter().map(|w| w.count_ones() as usize).sum()
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512vpopcntdq,popcnt")]
fn count_ones_avx512(words: &[u64]) -> usize {
    words.iter().map(|w| w.count_ones() as usize).sum()
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "popcnt")]
fn count_ones_popcnt(words: &[u64]) -> usize {
    words.iter().map(|w| w.count_ones() as usize).sum()
}
