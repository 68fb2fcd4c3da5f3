//! Reading a board as it streams in, one question at a time, so a big board is never held
//! twice (its text and its questions) at once: the file is read in chunks, each question of
//! the list is parsed as soon as it is whole, and its text is dropped. Only a well-formed
//! file is read this way; at the first thing out of the ordinary (a parse error, a newer
//! version, a broken invariant) the caller reads the whole file with [`super::parse`], which
//! names the exact line and column. A board read either way is the same board.

use std::io::Read;
use std::sync::Arc;

use super::{BoardFile, options};
use crate::model::{Board, FORMAT_VERSION, Question};

/// What streaming a board came to.
pub enum Streamed {
    /// The board, and the stable hash of the bytes it was read from.
    Board(Board, u64),
    /// Something out of the ordinary: read the whole file to say exactly what.
    Whole,
}

/// Where the scanner is: in code, or inside a string or a comment (where brackets and commas
/// are text, not structure). Raw strings, chars and `#![...]` attributes never appear in a
/// board this program writes: a file with them is read whole instead.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lex {
    Code,
    Str,
    StrEscape,
    LineComment,
    BlockComment,
}

/// The bytes that mean something to the scanner in code: quotes, brackets, commas, comment
/// marks, NUL, and what sends a file to be read whole (`'`, `#`).
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let special = b"\"'#()[]{},/*\0";
    let mut k = 0;
    while k < special.len() {
        t[special[k] as usize] = true;
        k += 1;
    }
    t
};

/// Which part of the file: before the questions' list, inside it, after it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Head,
    List,
    Tail,
}

struct Scanner {
    lex: Lex,
    depth: usize,
    part: Part,
    head: Vec<u8>,
    tail: Vec<u8>,
    item: Vec<u8>,
    questions: Vec<Arc<Question>>,
    /// The last byte seen in code (for `//`, `/*`, `r"` and `*/`).
    prev: u8,
}

impl Scanner {
    /// Takes one question's text once it is whole; false when it does not read.
    fn flush(&mut self) -> bool {
        let ok = match std::str::from_utf8(&self.item) {
            Ok(t) if t.trim().is_empty() => true,
            Ok(t) => match options().from_str::<Question>(t) {
                Ok(q) => {
                    self.questions.push(Arc::new(q));
                    true
                }
                Err(_) => false,
            },
            Err(_) => false,
        };
        self.item.clear();
        ok
    }

    /// Whether the head so far ends in `questions:` (the list that opens now is theirs).
    fn at_questions(&self) -> bool {
        let Ok(head) = std::str::from_utf8(&self.head) else {
            return false;
        };
        let head = head.trim_end();
        head.strip_suffix(':')
            .is_some_and(|h| h.trim_end().ends_with("questions"))
    }

    /// A chunk of the file; false when the file is out of the ordinary. Inside a string
    /// (where most of a board's bytes are) it skips to the next quote or backslash at once.
    fn feed(&mut self, bytes: &[u8]) -> bool {
        let mut i = 0;
        while i < bytes.len() {
            if self.lex == Lex::Str {
                let rest = &bytes[i..];
                let run = memchr::memchr2(b'"', b'\\', rest).unwrap_or(rest.len());
                let text = &rest[..run];
                if memchr::memchr(0, text).is_some() {
                    return false;
                }
                match self.part {
                    Part::Head => self.head.extend_from_slice(text),
                    Part::List => self.item.extend_from_slice(text),
                    Part::Tail => self.tail.extend_from_slice(text),
                }
                i += run;
                if i == bytes.len() {
                    break;
                }
            } else if self.lex == Lex::Code {
                // Names, numbers and spaces: nothing to track until the next special byte.
                let rest = &bytes[i..];
                let run = rest
                    .iter()
                    .position(|&b| SPECIAL[b as usize])
                    .unwrap_or(rest.len());
                if run > 0 {
                    self.prev = rest[run - 1];
                    match self.part {
                        Part::Head => self.head.extend_from_slice(&rest[..run]),
                        Part::List => self.item.extend_from_slice(&rest[..run]),
                        Part::Tail => self.tail.extend_from_slice(&rest[..run]),
                    }
                    i += run;
                    if i == bytes.len() {
                        break;
                    }
                }
            }
            if !self.byte(bytes[i]) {
                return false;
            }
            i += 1;
        }
        true
    }

    /// One byte; false when the file is out of the ordinary.
    fn byte(&mut self, b: u8) -> bool {
        if b == 0 {
            return false;
        }
        let code = self.lex == Lex::Code;
        self.lex = match self.lex {
            Lex::Code => match b {
                b'"' if self.prev == b'r' => return false,
                b'"' => Lex::Str,
                b'\'' | b'#' => return false,
                b'/' if self.prev == b'/' => Lex::LineComment,
                b'*' if self.prev == b'/' => Lex::BlockComment,
                _ => Lex::Code,
            },
            Lex::Str => match b {
                b'\\' => Lex::StrEscape,
                b'"' => Lex::Code,
                _ => Lex::Str,
            },
            Lex::StrEscape => Lex::Str,
            Lex::LineComment if b == b'\n' => Lex::Code,
            Lex::LineComment => Lex::LineComment,
            Lex::BlockComment if b == b'/' && self.prev == b'*' => Lex::Code,
            Lex::BlockComment => Lex::BlockComment,
        };
        // A comment's closing `*/` or `//` is not the start of another.
        self.prev = if code || self.lex == Lex::BlockComment {
            b
        } else {
            0
        };
        if code && self.lex == Lex::Code {
            match (self.part, b) {
                (Part::Head, b'[') if self.depth == 1 && self.at_questions() => {
                    self.head.push(b);
                    self.depth = 2;
                    self.part = Part::List;
                    return true;
                }
                (Part::List, b']') if self.depth == 2 => {
                    if !self.flush() {
                        return false;
                    }
                    self.depth = 1;
                    self.part = Part::Tail;
                    self.tail.push(b);
                    return true;
                }
                (Part::List, b',') if self.depth == 2 => return self.flush(),
                (_, b'(' | b'[' | b'{') => self.depth += 1,
                (_, b')' | b']' | b'}') => {
                    let Some(d) = self.depth.checked_sub(1) else {
                        return false;
                    };
                    self.depth = d;
                }
                _ => {}
            }
        }
        match self.part {
            Part::Head => self.head.push(b),
            Part::List => self.item.push(b),
            Part::Tail => self.tail.push(b),
        }
        true
    }
}

/// Reads a board from `reader` one question at a time (see the module).
pub fn parse_stream(mut reader: impl Read) -> std::io::Result<Streamed> {
    let mut s = Scanner {
        lex: Lex::Code,
        depth: 0,
        part: Part::Head,
        head: Vec::new(),
        tail: Vec::new(),
        item: Vec::new(),
        questions: Vec::new(),
        prev: 0,
    };
    // Small enough not to weigh on a small board's memory; big enough that reading is a
    // sliver of the parse.
    let mut chunk = vec![0u8; 64 << 10];
    let mut first = true;
    let mut hash = crate::hash::stable_hash(&[]);
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let mut bytes = &chunk[..n];
        hash = crate::hash::hash_more(hash, bytes);
        if first {
            first = false;
            bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
        }
        if !s.feed(bytes) {
            return Ok(Streamed::Whole);
        }
    }
    if s.part != Part::Tail || s.lex != Lex::Code || s.depth != 0 {
        return Ok(Streamed::Whole);
    }
    // The board without its questions: the head and tail around an empty list.
    s.head.extend_from_slice(&s.tail);
    let Ok(rest) = std::str::from_utf8(&s.head) else {
        return Ok(Streamed::Whole);
    };
    let Ok(file) = options().from_str::<BoardFile>(rest) else {
        return Ok(Streamed::Whole);
    };
    if file.version > FORMAT_VERSION || !file.questions.is_empty() {
        return Ok(Streamed::Whole);
    }
    let mut board = file.into_board(s.questions);
    if board.validate().is_err() {
        return Ok(Streamed::Whole);
    }
    board.version = FORMAT_VERSION;
    Ok(Streamed::Board(board, hash))
}
