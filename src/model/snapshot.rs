//! Boards kept for undo, sharing what they have in common.
//!
//! An undo step keeps the board before and after a change. Kept whole, each is a list of
//! every question's pointer (and an index): 1.2 MB for a board of 100,000 questions, twice per
//! change, up to a thousand changes. A snapshot keeps the list in chunks instead, and a chunk
//! no change touched is the same chunk in every snapshot that has it: a change costs the
//! chunks around what it changed, and a short list of chunks.
//!
//! Chunks are cut where a question's pointer says (a hash of it), not every so many
//! questions: a card moved or added shifts the questions after it, and cuts made by position
//! would make every later chunk new.

use std::collections::HashMap;
use std::sync::Arc;

use super::{Board, Question};

/// A chunk ends after a question whose pointer hashes to 0 modulo this: chunks of about this
/// many questions.
const CUT: usize = 256;
/// However the hashes fall, a chunk holds no more than this.
const MOST: usize = 4 * CUT;

type Chunk = Arc<[Arc<Question>]>;

/// A board kept for undo (see the module).
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    version: u32,
    title: String,
    chunks: Vec<Chunk>,
}

impl Snapshot {
    /// The board as it is, sharing every chunk it has in common with `like`.
    pub fn of(board: &Board, like: Option<&Snapshot>) -> Snapshot {
        let near: HashMap<*const Question, &Chunk> = like
            .map(|s| {
                s.chunks
                    .iter()
                    .filter_map(|c| Some((Arc::as_ptr(c.first()?), c)))
                    .collect()
            })
            .unwrap_or_default();
        let chunks = cuts(board.questions())
            .map(|part| match near.get(&Arc::as_ptr(&part[0])) {
                Some(&chunk) if same(chunk, part) => Arc::clone(chunk),
                _ => Arc::from(part),
            })
            .collect();
        Snapshot {
            version: board.version,
            title: board.title.clone(),
            chunks,
        }
    }

    /// The board it keeps.
    pub fn board(&self) -> Board {
        let questions = self.chunks.iter().flat_map(|c| c.iter().cloned()).collect();
        let mut board = Board::with_questions(self.title.clone(), questions);
        board.version = self.version;
        board
    }

    /// Whether `board` is the board it keeps: the same questions (the same shared ones, not
    /// equal copies) in the same order, with the same title.
    pub fn holds(&self, board: &Board) -> bool {
        let questions = board.questions();
        let len: usize = self.chunks.iter().map(|c| c.len()).sum();
        if len != questions.len() || self.title != board.title || self.version != board.version {
            return false;
        }
        let mut at = 0;
        self.chunks.iter().all(|c| {
            let part = &questions[at..at + c.len()];
            at += c.len();
            same(c, part)
        })
    }

    /// The questions of the chunks the two do not share, as two boards with the titles: what
    /// changed between them and its neighbours, in a few hundred questions rather than the
    /// whole board. (A question in a shared chunk is the same on both sides.)
    pub fn apart(&self, other: &Snapshot) -> (Board, Board) {
        let shared = |a: &Snapshot, b: &Snapshot| -> Board {
            let theirs: std::collections::HashSet<*const [Arc<Question>]> =
                b.chunks.iter().map(Arc::as_ptr).collect();
            let questions = a
                .chunks
                .iter()
                .filter(|c| !theirs.contains(&Arc::as_ptr(c)))
                .flat_map(|c| c.iter().cloned())
                .collect();
            Board::with_questions(a.title.clone(), questions)
        };
        (shared(self, other), shared(other, self))
    }

    /// How many chunks it has, and how many of them are also in `other` (for tests, and to
    /// see what a step costs).
    pub fn sharing(&self, other: &Snapshot) -> (usize, usize) {
        let theirs: std::collections::HashSet<*const [Arc<Question>]> =
            other.chunks.iter().map(Arc::as_ptr).collect();
        let common = self
            .chunks
            .iter()
            .filter(|c| theirs.contains(&Arc::as_ptr(c)))
            .count();
        (self.chunks.len(), common)
    }
}

/// The same questions, pointer for pointer.
fn same(chunk: &[Arc<Question>], part: &[Arc<Question>]) -> bool {
    chunk.len() == part.len() && chunk.iter().zip(part).all(|(a, b)| Arc::ptr_eq(a, b))
}

/// The questions cut into chunks where their pointers say (see the module).
fn cuts(questions: &[Arc<Question>]) -> impl Iterator<Item = &[Arc<Question>]> {
    let mut rest = questions;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = rest
            .iter()
            .take(MOST)
            .position(|q| ends_chunk(Arc::as_ptr(q)))
            .map_or(rest.len().min(MOST), |k| k + 1);
        let (part, after) = rest.split_at(end);
        rest = after;
        Some(part)
    })
}

fn ends_chunk(q: *const Question) -> bool {
    // splitmix64's finaliser: allocations are aligned, so the low bits alone would not do.
    let mut x = q as usize as u64;
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^= x >> 31;
    x.is_multiple_of(CUT as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lane;
    use jiff::Timestamp;

    fn at() -> Timestamp {
        "2026-11-24T09:00:00Z".parse().unwrap()
    }

    fn board(n: u32) -> Board {
        let mut b = Board::new("big");
        for k in 0..n {
            b.add(&format!("question {k}"), Lane::ALL[k as usize % 3], at())
                .unwrap();
        }
        b
    }

    /// A snapshot gives back the board it kept, and knows it.
    #[test]
    fn a_snapshot_keeps_the_board() {
        for n in [0, 1, 300, 5_000] {
            let b = board(n);
            let s = Snapshot::of(&b, None);
            assert_eq!(s.board(), b);
            assert!(s.holds(&b));
            let mut other = b.clone();
            other.title = "renamed".into();
            assert!(!s.holds(&other));
        }
    }

    /// After a change (a card moved to another lane, a question added, one edited), the new
    /// snapshot shares all but the chunks around what changed; and the questions apart are
    /// few, with the change among them.
    #[test]
    fn a_change_costs_the_chunks_around_it() {
        let mut b = board(20_000);
        let first = Snapshot::of(&b, None);
        b.move_to(10, Lane::Interesting, 0, at()).unwrap();
        let id = b.add("one more", Lane::Blocking, at()).unwrap();
        let q = b.question_mut(15_000).unwrap();
        q.title = "edited".into();
        let second = Snapshot::of(&b, Some(&first));
        assert_eq!(second.board(), b);
        let (chunks, common) = second.sharing(&first);
        assert!(chunks > 40, "{chunks} chunks");
        assert!(
            chunks - common <= 8,
            "{} of {chunks} chunks new",
            chunks - common
        );
        let (before, after) = first.apart(&second);
        assert!(
            after.questions().len() < 8 * MOST,
            "{}",
            after.questions().len()
        );
        assert!(before.get(id).is_none() && after.get(id).is_some());
        assert_eq!(after.get(15_000).unwrap().title, "edited");
        assert_eq!(
            crate::model::diff::describe(&before, &after),
            crate::model::diff::describe(&first.board(), &b)
        );
    }
}
