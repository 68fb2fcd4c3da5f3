//! JSON as the command line prints it: pretty (serde_json's layout), with every character that
//! could act on a terminal or reorder text escaped. Values are written as they are made; the
//! plan, the biggest, by a writer of its own that escapes each string in one pass.

use std::io::Write;

use crate::model::plan::Plan;
use crate::model::{Board, text};

use super::report::titled;

/// JSON as printed: pretty, and with every character that could act on a terminal or reorder
/// text escaped (see [`text::json_safe`]).
pub fn json_text<T: serde::Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    Ok(text::json_safe(serde_json::to_string_pretty(value)?))
}

/// [`json_text`], written as it is made (a big board's JSON is never held whole), then a
/// newline.
pub fn write_json<T: serde::Serialize + ?Sized>(
    out: &mut dyn std::io::Write,
    value: &T,
) -> std::io::Result<()> {
    let safe = SafeJson {
        out: &mut *out,
        carry: Vec::new(),
    };
    // The serialiser writes a token at a time; the check for what must be escaped runs best
    // over big runs of bytes.
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, safe);
    let mut json = serde_json::Serializer::with_formatter(&mut buffered, Pretty::default());
    serde::Serialize::serialize(value, &mut json).map_err(std::io::Error::other)?;
    let mut safe = buffered.into_inner().map_err(|e| e.into_error())?;
    std::io::Write::flush(&mut safe)?;
    out.write_all(b"\n")
}

/// serde_json's pretty layout (two spaces a level), byte for byte, with each line break and
/// its indent written at once: serde_json writes an indent two spaces at a time, and half a
/// million lines of a big plan's JSON made that a few million writes.
#[derive(Default)]
struct Pretty {
    depth: usize,
    has_value: bool,
}

impl Pretty {
    /// Opens an array or an object.
    fn open<W: ?Sized + Write>(&mut self, out: &mut W, bracket: u8) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        out.write_all(&[bracket])
    }

    /// Closes it: on a line of its own unless it is empty.
    fn close<W: ?Sized + Write>(&mut self, out: &mut W, bracket: u8) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            line_break(out, self.depth, true)?;
        }
        out.write_all(&[bracket])
    }

    /// The line an element or a key starts.
    fn line<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> std::io::Result<()> {
        line_break(out, self.depth, first)
    }
}

impl serde_json::ser::Formatter for Pretty {
    fn begin_array<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.open(out, b'[')
    }

    fn end_array<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.close(out, b']')
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        out: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.line(out, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.open(out, b'{')
    }

    fn end_object<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.close(out, b'}')
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        out: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.line(out, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        out.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// JSON bytes passed on with what could act on a terminal escaped (see [`text::json_safe`]);
/// a character split between two writes waits for its rest.
struct SafeJson<'a> {
    out: &'a mut dyn std::io::Write,
    carry: Vec<u8>,
}

impl std::io::Write for SafeJson<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // Plain ASCII (nearly all of it) passes straight on.
        if self.carry.is_empty() && buf.iter().all(|&b| b < 0x7f) {
            self.out.write_all(buf)?;
            return Ok(buf.len());
        }
        self.carry.extend_from_slice(buf);
        let whole = match std::str::from_utf8(&self.carry) {
            Ok(_) => self.carry.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => return Err(std::io::Error::other("the JSON is not UTF-8")),
        };
        let text = std::str::from_utf8(&self.carry[..whole]).unwrap_or_default();
        let safe = text::json_safe(text.to_string());
        self.out.write_all(safe.as_bytes())?;
        self.carry.drain(..whole);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.carry.is_empty() {
            return Err(std::io::Error::other("the JSON ended inside a character"));
        }
        self.out.flush()
    }
}

/// The board as JSON, with the same field names as the file.
pub(super) fn json(board: &Board) -> impl serde::Serialize + '_ {
    // Written straight from the board, with no tree of values in between (a board of 100,000
    // questions would take several times its size in memory as one).
    #[derive(serde::Serialize)]
    struct BoardJson<'a> {
        version: u32,
        title: &'a str,
        questions: &'a [std::sync::Arc<crate::model::Question>],
    }
    BoardJson {
        version: board.version,
        title: &board.title,
        questions: board.questions(),
    }
}

/// The plan as JSON (`unknowns next --format json`): the date, the warnings, and the
/// sections with each question's id, title, reason, what it waits on and how many it
/// unblocks. Written as it is made, in serde_json's pretty layout, with no serde in between: a
/// plan of 100,000 items is 30 MB of JSON, and serde_json's escaping, a byte at a time, then a
/// second pass for the terminal, took longer than making the plan.
pub fn write_next_json(
    out: &mut dyn std::io::Write,
    board: &Board,
    plan: &Plan,
    day: jiff::civil::Date,
) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    let mut j = Layout::new(&mut out);
    j.open(b'{')?;
    j.key("today")?;
    j.string(&day.to_string())?;
    j.key("warnings")?;
    j.open(b'[')?;
    for w in &plan.warnings {
        j.item()?;
        j.open(b'{')?;
        j.key("kind")?;
        j.string(&format!("{:?}", w.kind))?;
        j.key("ids")?;
        j.numbers(&w.ids)?;
        j.key("message")?;
        j.string(&w.message)?;
        j.close(b'}')?;
    }
    j.close(b']')?;
    j.key("sections")?;
    j.open(b'[')?;
    let mut reason = String::new();
    for section in &plan.sections {
        j.item()?;
        j.open(b'{')?;
        j.key("key")?;
        j.string(section.kind.key())?;
        j.key("title")?;
        j.string(section.kind.title())?;
        j.key("items")?;
        j.open(b'[')?;
        for (item, title) in titled(board, &section.items) {
            j.item()?;
            j.open(b'{')?;
            j.key("id")?;
            j.number(u64::from(item.id))?;
            j.key("title")?;
            j.string(title)?;
            j.key("reason")?;
            reason.clear();
            std::fmt::Write::write_fmt(&mut reason, format_args!("{}", item.said()))
                .map_err(std::io::Error::other)?;
            j.string(&reason)?;
            j.key("waits_on")?;
            j.numbers(&item.waits_on)?;
            j.key("unblocks")?;
            j.number(item.unblocks as u64)?;
            // Its own needed-by date, and the earlier one it inherits from what waits on it
            // (with that question), if any.
            j.key("needed_by")?;
            match board.get(item.id).and_then(|q| q.needed_by) {
                Some(d) => j.string(&d.to_string())?,
                None => j.null()?,
            }
            j.key("needed_by_inherited")?;
            match item.needed_by.and_then(|n| Some((n.date, n.source?))) {
                Some((date, source)) => {
                    j.open(b'{')?;
                    j.key("date")?;
                    j.string(&date.to_string())?;
                    j.key("for")?;
                    j.number(u64::from(source))?;
                    j.close(b'}')?;
                }
                None => j.null()?,
            }
            j.close(b'}')?;
        }
        j.close(b']')?;
        j.close(b'}')?;
    }
    j.close(b']')?;
    j.close(b'}')?;
    out.write_all(b"\n")?;
    out.flush()
}

/// serde_json's pretty layout, kept by hand: a value opens and closes, and each key or element
/// goes on a line of its own, indented two spaces a level.
struct Layout<'a, W: Write> {
    out: &'a mut W,
    pretty: Pretty,
}

impl<'a, W: Write> Layout<'a, W> {
    fn new(out: &'a mut W) -> Self {
        Layout {
            out,
            pretty: Pretty::default(),
        }
    }

    fn open(&mut self, bracket: u8) -> std::io::Result<()> {
        self.pretty.open(self.out, bracket)
    }

    fn close(&mut self, bracket: u8) -> std::io::Result<()> {
        self.pretty.close(self.out, bracket)?;
        // The container closed is a value of the one around it.
        self.pretty.has_value = true;
        Ok(())
    }

    /// Before an element of an array.
    fn item(&mut self) -> std::io::Result<()> {
        let first = !self.pretty.has_value;
        self.pretty.has_value = true;
        self.pretty.line(self.out, first)
    }

    fn key(&mut self, key: &str) -> std::io::Result<()> {
        self.item()?;
        self.string(key)?;
        self.out.write_all(b": ")
    }

    fn string(&mut self, value: &str) -> std::io::Result<()> {
        escaped(self.out, value)
    }

    fn number(&mut self, n: u64) -> std::io::Result<()> {
        write!(self.out, "{n}")
    }

    fn null(&mut self) -> std::io::Result<()> {
        self.out.write_all(b"null")
    }

    fn numbers(&mut self, list: &[u32]) -> std::io::Result<()> {
        self.open(b'[')?;
        for &n in list {
            self.item()?;
            self.number(u64::from(n))?;
        }
        self.close(b']')
    }
}

/// `,` unless it is the first, a line break, and the indent of `depth`.
fn line_break<W: ?Sized + Write>(out: &mut W, depth: usize, first: bool) -> std::io::Result<()> {
    const BREAK: &[u8] = b",\n                                                                ";
    let text = if first { &BREAK[1..] } else { BREAK };
    let (head, width) = (text.len() - (BREAK.len() - 2), 2 * depth);
    match text.get(..head + width) {
        Some(line) => out.write_all(line),
        None => {
            out.write_all(&text[..head])?;
            (0..depth).try_for_each(|_| out.write_all(b"  "))
        }
    }
}

/// A JSON string, in quotes: `"` and `\` escaped, control characters as serde_json writes
/// them, and what [`text::json_safe`] escapes (C1 controls, line and paragraph separators,
/// bidirectional controls) as `\uXXXX`, all in one pass. Plain ASCII, nearly every string of
/// a board, is checked a run at a time and written whole.
fn escaped<W: ?Sized + Write>(out: &mut W, value: &str) -> std::io::Result<()> {
    let special = |b: u8| b < 0x20 || b == b'"' || b == b'\\' || b >= 0x7f;
    out.write_all(b"\"")?;
    let bytes = value.as_bytes();
    // No early exit: a check of every byte runs many bytes at a time.
    if !bytes.iter().fold(false, |any, &b| any | special(b)) {
        out.write_all(bytes)?;
        return out.write_all(b"\"");
    }
    let mut run = 0;
    for (at, c) in value.char_indices() {
        let short: &[u8] = match c {
            '"' => b"\\\"",
            '\\' => b"\\\\",
            '\u{8}' => b"\\b",
            '\t' => b"\\t",
            '\n' => b"\\n",
            '\u{c}' => b"\\f",
            '\r' => b"\\r",
            c if (c as u32) < 0x20 || text::json_risky(c) => {
                out.write_all(&bytes[run..at])?;
                write!(out, "\\u{:04x}", c as u32)?;
                run = at + c.len_utf8();
                continue;
            }
            _ => continue,
        };
        out.write_all(&bytes[run..at])?;
        out.write_all(short)?;
        run = at + c.len_utf8();
    }
    out.write_all(&bytes[run..])?;
    out.write_all(b"\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON written is serde_json's pretty JSON byte for byte: empty and nested arrays and
    /// objects, and depths past the indent written at once.
    #[test]
    fn json_is_laid_out_as_serde_json_lays_it_out() {
        let mut deep = serde_json::json!({"leaf": [1, [], {}], "text": "a\u{7}b"});
        for depth in 0..40 {
            deep = if depth % 2 == 0 {
                serde_json::json!([depth, deep, {}])
            } else {
                serde_json::json!({"depth": depth, "inner": deep, "empty": []})
            };
        }
        for value in [
            serde_json::json!([]),
            serde_json::json!({}),
            serde_json::json!({"a": [1, 2], "b": {"c": null}}),
            deep,
        ] {
            let mut out = Vec::new();
            write_json(&mut out, &value).unwrap();
            let expected = text::json_safe(serde_json::to_string_pretty(&value).unwrap()) + "\n";
            assert_eq!(String::from_utf8(out).unwrap(), expected);
        }
    }
}

#[cfg(test)]
mod next_tests {
    use super::*;
    use crate::model::{Lane, Question};

    /// The plan's JSON written by hand is what serde_json writes for the same fields, then
    /// made safe for a terminal: checked on text with every kind of character that is escaped.
    #[test]
    fn the_plan_is_written_as_serde_json_writes_it() {
        #[derive(serde::Serialize)]
        struct Next<'a> {
            today: String,
            warnings: Vec<Warning<'a>>,
            sections: Vec<Section<'a>>,
        }
        #[derive(serde::Serialize)]
        struct Warning<'a> {
            kind: crate::model::plan::WarningKind,
            ids: &'a [u32],
            message: &'a str,
        }
        #[derive(serde::Serialize)]
        struct Section<'a> {
            key: &'a str,
            title: &'a str,
            items: Vec<Item<'a>>,
        }
        #[derive(serde::Serialize)]
        struct Item<'a> {
            id: u32,
            title: &'a str,
            reason: String,
            waits_on: &'a [u32],
            unblocks: u32,
            needed_by: Option<String>,
            needed_by_inherited: Option<Inherited>,
        }
        #[derive(serde::Serialize)]
        struct Inherited {
            date: String,
            r#for: u32,
        }
        let titles = [
            "plain",
            "quote \" and backslash \\ and slash /",
            "controls \u{0} \u{8} \t \n \u{b} \u{c} \r \u{1b}[31m \u{1f}",
            "del \u{7f}, C1 \u{85} \u{9b}, separators \u{2028} \u{2029}",
            "bidi \u{202e}reversed\u{202c} \u{2066}isolate\u{2069} \u{200f} \u{61c}",
            "accents é, arrows →, dots …, emoji 🦀, CJK 漢字",
            "",
        ];
        let mut board = Board::new("t");
        for (k, title) in titles.iter().enumerate() {
            let id = k as u32 + 1;
            let mut q = Question::new(id, *title, Lane::ALL[k % 3]);
            if id == 3 {
                q.needed_by = Some(jiff::civil::date(2026, 12, 18));
            }
            // A chain, and a cycle between the last two.
            q.after = match id {
                1 => vec![],
                7 => vec![6],
                6 => vec![5, 7],
                _ => vec![id - 1],
            };
            board.push(q);
        }
        let day: jiff::civil::Date = "2026-11-24".parse().unwrap();
        let plan = crate::model::plan::plan(&board, day);
        assert!(plan.warnings.iter().any(|w| w.message.contains("cycle")));
        let expected = Next {
            today: day.to_string(),
            warnings: plan
                .warnings
                .iter()
                .map(|w| Warning {
                    kind: w.kind,
                    ids: &w.ids,
                    message: &w.message,
                })
                .collect(),
            sections: plan
                .sections
                .iter()
                .map(|s| Section {
                    key: s.kind.key(),
                    title: s.kind.title(),
                    items: s
                        .items
                        .iter()
                        .map(|i| Item {
                            id: i.id,
                            title: &board.get(i.id).unwrap().title,
                            reason: i.reason(),
                            waits_on: &i.waits_on,
                            unblocks: i.unblocks,
                            needed_by: board
                                .get(i.id)
                                .and_then(|q| q.needed_by)
                                .map(|d| d.to_string()),
                            needed_by_inherited: i.needed_by.and_then(|n| {
                                Some(Inherited {
                                    date: n.date.to_string(),
                                    r#for: n.source?,
                                })
                            }),
                        })
                        .collect(),
                })
                .collect(),
        };
        let mut out = Vec::new();
        write_next_json(&mut out, &board, &plan, day).unwrap();
        let written = String::from_utf8(out).unwrap();
        assert_eq!(written, json_text(&expected).unwrap() + "\n");
        for risky in ["\u{1b}", "\u{85}", "\u{202e}", "\u{2028}", "\u{7f}"] {
            assert!(!written.contains(risky), "{risky:?} reached the output");
        }
    }
}
