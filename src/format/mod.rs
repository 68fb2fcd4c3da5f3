//! The board file format: RON text to a [`Board`] and back. Pure: no files, no clock.
//!
//! Reading accepts both `owner: Some("maria")` and the implicit form `owner: "maria"`. Writing is
//! done by hand rather than by a generic pretty printer so that the file reads well in a diff:
//! stable field order, one question per block, fields at their default left out, short lists on
//! one line, one history event per line.

use std::sync::Arc;

use serde::Deserialize;

use crate::model::{Board, BoardError, FORMAT_VERSION, FieldConflict, Question, text};

/// Why a board's text did not load: where, and what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
    pub message: String,
    /// What kind of fault: what to offer a person depends on it.
    pub kind: FaultKind,
}

/// What kind of fault keeps a board from loading.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultKind {
    /// Not text (bad UTF-8, a NUL byte).
    NotText,
    /// Not a board's RON: a syntax error, an unknown or missing field, a wrong value.
    Syntax,
    /// Written by a newer version of unknowns.
    TooNew,
    /// git's conflict markers: merged without the driver; `resolve` merges both sides.
    ConflictMarkers,
    /// Well-formed, but two questions share a number or a prerequisite names no question (a
    /// merge without the driver, or a hand edit); `resolve` repairs it.
    Numbering,
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.col, self.message)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "board")]
struct BoardFile {
    #[serde(default = "first_version")]
    version: u32,
    #[serde(default)]
    title: String,
    /// Each question is read straight into its shared box: a board of plain questions first
    /// (grown by doubling) would be a second copy of every question's fields at once.
    #[serde(default)]
    questions: Vec<Arc<Question>>,
    /// The board's own fields changed differently by two people (its title).
    #[serde(default)]
    conflicts: Vec<FieldConflict>,
}

impl BoardFile {
    /// The board this file holds, with `questions`, before its invariants are checked. Hand-edited text is kept
    /// word for word (and shown safely); a key copied with a block is replaced.
    fn into_board(self, questions: Vec<Arc<Question>>) -> Board {
        let mut board = Board::with_questions(text::one_line(&self.title), questions);
        board.version = self.version;
        board.conflicts = self.conflicts;
        board.repaired_keys = board.repair_keys();
        board
    }
}

fn first_version() -> u32 {
    1
}

fn options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(64)
}

/// Parses a board file's bytes. Every failure names a line and column.
pub fn parse(bytes: &[u8]) -> Result<Board, FormatError> {
    let (board, src) = parse_unchecked(bytes)?;
    let mut board = board;
    board.validate().map_err(|e| locate(src, e))?;
    // A version older than ours reads the same; it is written back as ours.
    board.version = FORMAT_VERSION;
    Ok(board)
}

/// A board's text read as RON, its invariants not checked yet (numbers may repeat, a
/// prerequisite may name no question): what `resolve` repairs.
pub fn parse_unchecked(bytes: &[u8]) -> Result<(Board, &str), FormatError> {
    // A byte-order mark (as some Windows editors write) is not part of the text; lines and
    // columns are counted as an editor shows them, without it.
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let src = match std::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let (line, col) = line_col(
                // Everything before the bad byte is valid UTF-8.
                std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or(""),
                e.valid_up_to(),
            );
            return Err(FormatError {
                line,
                col,
                message: "the file is not valid UTF-8 text".into(),
                kind: FaultKind::NotText,
            });
        }
    };
    if let Some(at) = src.find('\0') {
        let (line, col) = line_col(src, at);
        return Err(FormatError {
            line,
            col,
            message: "the file contains a NUL byte; it is not a text file".into(),
            kind: FaultKind::NotText,
        });
    }
    // One parse. A file from a newer version is named as such (rather than by a field this
    // program does not know): its version is looked up in the text when the parse fails.
    let too_new = || {
        let (v, line, col) = declared_version(src).filter(|(v, ..)| *v > FORMAT_VERSION)?;
        Some(FormatError {
            line,
            col,
            message: BoardError::VersionTooNew(v).to_string(),
            kind: FaultKind::TooNew,
        })
    };
    let mut file: BoardFile = match options().from_str(src) {
        Ok(file) => file,
        Err(e) => {
            return Err(too_new()
                .or_else(|| conflict_markers(src))
                .or_else(|| unclosed_string(src, &e))
                .unwrap_or_else(|| friendly(src, e)));
        }
    };
    if file.version > FORMAT_VERSION {
        return Err(too_new().unwrap_or(FormatError {
            line: 1,
            col: 1,
            message: BoardError::VersionTooNew(file.version).to_string(),
            kind: FaultKind::TooNew,
        }));
    }
    let questions = std::mem::take(&mut file.questions);
    Ok((file.into_board(questions), src))
}

/// What `check` says of a board git merged line by line (without the merge driver).
pub const MARKERS: &str = "the board holds git conflict markers: it was merged without the unknowns merge driver (by a clone that never ran `unknowns git-setup`, or a hosting site's merge button). `unknowns resolve` merges both sides into a clean board; nothing either side wrote is lost";

/// A board with git's conflict markers (`<<<<<<<` at the start of a line) is named as such,
/// at the first marker.
fn conflict_markers(src: &str) -> Option<FormatError> {
    let line = src.lines().position(|l| l.starts_with("<<<<<<<"))? + 1;
    Some(FormatError {
        line,
        col: 1,
        message: MARKERS.into(),
        kind: FaultKind::ConflictMarkers,
    })
}

/// The versions a board with git's conflict markers holds: ours (between `<<<<<<<` and
/// `|||||||` or `=======`), the base when git wrote it (diff3 style, between `|||||||` and
/// `=======`), and theirs (between `=======` and `>>>>>>>`); lines outside the markers belong
/// to all. None when the text has no markers.
pub fn split_markers(src: &str) -> Option<(String, Option<String>, String)> {
    #[derive(PartialEq)]
    enum In {
        All,
        Ours,
        Base,
        Theirs,
    }
    let mut at = In::All;
    let (mut ours, mut base, mut theirs) = (String::new(), String::new(), String::new());
    let (mut any, mut diff3) = (false, false);
    for line in src.split_inclusive('\n') {
        let mark = |m: &str| line.starts_with(m);
        match at {
            _ if mark("<<<<<<<") && at == In::All => {
                at = In::Ours;
                any = true;
                continue;
            }
            In::Ours if mark("|||||||") => {
                at = In::Base;
                diff3 = true;
                continue;
            }
            In::Ours | In::Base if mark("=======") => {
                at = In::Theirs;
                continue;
            }
            In::Theirs if mark(">>>>>>>") => {
                at = In::All;
                continue;
            }
            _ => {}
        }
        match at {
            In::All => {
                ours.push_str(line);
                base.push_str(line);
                theirs.push_str(line);
            }
            In::Ours => ours.push_str(line),
            In::Base => base.push_str(line),
            In::Theirs => theirs.push_str(line),
        }
    }
    any.then(|| (ours, diff3.then_some(base), theirs))
}

/// Turns a ron error into words a person who hand-edited the file understands.
/// A string left open: the parser stumbles a line or more later, where the next quote closes
/// it. A string in a board never holds a raw line break (it writes `\n`), so a string that
/// runs over one before the error is named, at its opening quote.
fn unclosed_string(src: &str, e: &ron::error::SpannedError) -> Option<FormatError> {
    let (line, col) = (e.span.start.line.max(1), e.span.start.col.max(1));
    let error_at = src
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum::<usize>()
        + src.lines().nth(line - 1).map_or(0, |l| {
            l.char_indices().nth(col - 1).map_or(l.len(), |(i, _)| i)
        });
    let bytes = src.as_bytes();
    let (mut i, mut open, mut broken) = (0, None::<usize>, None::<usize>);
    while i < bytes.len().min(error_at) {
        match (open, bytes[i]) {
            (None, b'"') => open = Some(i),
            (None, b'/') if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            (Some(_), b'\\') => i += 1,
            (Some(_), b'"') => open = None,
            (Some(start), b'\n') => {
                broken = Some(start);
                break;
            }
            _ => {}
        }
        i += 1;
    }
    let start = broken?;
    let (line, col) = line_col(src, start);
    Some(FormatError {
        line,
        col,
        message: "a string is not closed: the quote here runs on over the end of the line (a line break in a text is written \\n)".into(),
        kind: FaultKind::Syntax,
    })
}

fn friendly(src: &str, e: ron::error::SpannedError) -> FormatError {
    use ron::Error as E;
    let noun = |outer: &Option<String>| match outer.as_deref() {
        Some("Question") => "a question".to_string(),
        Some("board") => "the board".to_string(),
        Some("Event") => "a history event".to_string(),
        Some(other) => format!("`{other}`"),
        None => "this value".to_string(),
    };
    let message = match &e.code {
        E::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => {
            let kind = outer.as_deref().unwrap_or("value").to_ascii_lowercase();
            format!("unknown {kind} \"{found}\", expected {}", one_of(expected))
        }
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => format!(
            "unknown field \"{found}\" in {}, expected one of: {}",
            noun(outer),
            expected.join(", ")
        ),
        E::MissingStructField { field, outer } => {
            format!("{} is missing its `{field}`", noun(outer))
        }
        E::DuplicateStructField { field, outer } => {
            format!("`{field}` appears twice in {}", noun(outer))
        }
        E::IntegerOutOfBounds => {
            "number out of range: the largest a board holds (a version or a question's number) is 4294967295".to_string()
        }
        E::ExceededRecursionLimit => "the file is nested too deeply".to_string(),
        E::Eof => "the file ends too early; is a bracket or quote missing?".to_string(),
        other => {
            let text = other.to_string();
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => "invalid board".to_string(),
            }
        }
    };
    let at_end = {
        let (line, col) = (e.span.start.line, e.span.start.col);
        let last = src.trim_end();
        let (end_line, end_col) = line_col(src, last.len());
        (line, col) >= (end_line, end_col)
    };
    let message = if at_end && !matches!(e.code, E::Eof) {
        format!("the file ends too early ({message})")
    } else {
        message
    };
    FormatError {
        line: e.span.start.line.max(1),
        col: e.span.start.col.max(1),
        message,
        kind: FaultKind::Syntax,
    }
}

fn one_of(names: &[&str]) -> String {
    match names {
        [] => "nothing".into(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// Places a board-level error at the question (and field) it is about.
fn locate(src: &str, e: BoardError) -> FormatError {
    let place = match &e {
        BoardError::DuplicateId(id) => find_id(src, *id, 1).map(|at| line_col(src, at)),
        BoardError::MissingPrerequisite { id, .. } | BoardError::SelfPrerequisite(id) => {
            // With duplicate ids ruled out, the question is the only one with this id.
            find_id(src, *id, 0)
                .map(|at| locate_field(src, at, "after").unwrap_or_else(|| line_col(src, at)))
        }
        _ => None,
    };
    let (line, col) = place.unwrap_or((1, 1));
    let kind = match e {
        BoardError::DuplicateId(_) | BoardError::MissingPrerequisite { .. } => FaultKind::Numbering,
        BoardError::VersionTooNew(_) => FaultKind::TooNew,
        _ => FaultKind::Syntax,
    };
    FormatError {
        line,
        col,
        message: e.to_string(),
        kind,
    }
}

/// The 1-based line and column (in characters) of a byte offset.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(src.len());
    let before = &src[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Identifiers outside strings and comments, with their byte offsets.
fn identifiers(src: &str) -> impl Iterator<Item = (usize, &str)> + '_ {
    let bytes = src.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let b = bytes[i];
            if b == b'"' {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i += 1;
            } else if b == b'/' && bytes.get(i + 1) == Some(&b'/') {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            } else if b.is_ascii_alphanumeric() || b == b'_' {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                return Some((start, &src[start..i]));
            } else {
                i += 1;
            }
        }
        None
    })
}

/// The offset of the `nth` (0-based) `id: <id>` in the text.
fn find_id(src: &str, id: u32, nth: usize) -> Option<usize> {
    let wanted = id.to_string();
    let mut tokens = identifiers(src).peekable();
    let mut seen = 0;
    while let Some((at, word)) = tokens.next() {
        if word == "id"
            && src[at + 2..].trim_start().starts_with(':')
            && let Some(&(_, value)) = tokens.peek()
            && value == wanted
        {
            if seen == nth {
                return Some(at);
            }
            seen += 1;
        }
    }
    None
}

/// The line and column of the first field `name` at or after byte `from`.
/// The board's `version: N` as written, with its line and column, found in the text.
fn declared_version(src: &str) -> Option<(u32, usize, usize)> {
    let (at, _) = identifiers(src).find(|&(at, word)| {
        word == "version" && src[at + word.len()..].trim_start().starts_with(':')
    })?;
    let rest = src[at + "version".len()..]
        .trim_start()
        .strip_prefix(':')?
        .trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let (line, col) = line_col(src, at);
    Some((digits.parse().ok()?, line, col))
}

fn locate_field(src: &str, from: usize, name: &str) -> Option<(usize, usize)> {
    identifiers(src)
        .find(|&(at, word)| {
            at >= from && word == name && src[at + name.len()..].trim_start().starts_with(':')
        })
        .map(|(at, _)| line_col(src, at))
}

mod write;
pub use write::{write, write_into};

#[cfg(test)]
mod tests;
