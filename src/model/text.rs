//! Text hygiene: what may be stored, and what may be shown.

/// A single line: newlines, tabs and every other control character become spaces, a CR LF pair
/// becomes one space, and the ends are trimmed.
pub fn one_line(text: &str) -> String {
    flatten(text).trim().to_string()
}

/// [`one_line`] without the trim: for text pasted into the middle of a line, where the spaces
/// at its ends are part of what was typed.
pub fn flatten(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        out.push(if c.is_control() { ' ' } else { c });
    }
    out
}

/// Free text that may span lines: line breaks are kept (CR LF and lone CR become LF), tabs become
/// four spaces, and every other control character becomes a space. Trailing white space of the
/// whole text is dropped.
pub fn multi_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\n' => out.push('\n'),
            '\t' => out.push_str("    "),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// Text made safe to put on a terminal: control characters (which could move the cursor, clear
/// the screen or set the clipboard) are shown as visible stand-ins instead of being sent raw.
/// C0 controls become their Unicode "control picture" (ESC shows as ␛), DEL as ␡, C1 controls
/// as �. Line breaks are kept only when `keep_newlines` is set.
pub fn display_safe(text: &str, keep_newlines: bool) -> std::borrow::Cow<'_, str> {
    // Printable ASCII (most text) needs no look at each character.
    let plain = text.bytes().all(|b| (0x20..0x7f).contains(&b));
    if plain
        || !text
            .chars()
            .any(|c| c.is_control() || separator(c).is_some() || bidi_control(c).is_some())
    {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' if keep_newlines => out.push('\n'),
            '\t' => out.push(' '),
            c if (c as u32) < 0x20 => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('�')),
            '\u{7f}' => out.push('␡'),
            c if c.is_control() => out.push('�'),
            c => match bidi_control(c).or_else(|| separator(c)) {
                // Shown by name, so a title cannot display reversed.
                Some(name) => {
                    out.push('⟨');
                    out.push_str(name);
                    out.push('⟩');
                }
                None => out.push(c),
            },
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The short name of a bidirectional embedding, override, isolate (U+202A–U+202E,
/// U+2066–U+2069) or mark (LRM, RLM, ALM): characters that make the text around them display
/// in another direction.
pub fn bidi_control(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{202a}' => "LRE",
        '\u{202b}' => "RLE",
        '\u{202c}' => "PDF",
        '\u{202d}' => "LRO",
        '\u{202e}' => "RLO",
        '\u{2066}' => "LRI",
        '\u{2067}' => "RLI",
        '\u{2068}' => "FSI",
        '\u{2069}' => "PDI",
        // Marks: invisible, but they change the direction of what is around them.
        '\u{200e}' => "LRM",
        '\u{200f}' => "RLM",
        '\u{061c}' => "ALM",
        _ => return None,
    })
}

/// The short name of a Unicode line or paragraph separator (U+2028, U+2029): a line break
/// to some programs, none to others, so one is never passed on raw.
fn separator(c: char) -> Option<&'static str> {
    match c {
        '\u{2028}' => Some("LS"),
        '\u{2029}' => Some("PS"),
        _ => None,
    }
}

/// JSON text with every character that could act on a terminal or reorder text written as a
/// `\u` escape: C1 controls, DEL, bidirectional controls and line separators. (JSON already
/// escapes C0 controls; these may appear raw in JSON strings, and only inside strings, so an
/// escape there reads back as the same text.)
pub fn json_safe(json: String) -> String {
    let risky = json_risky;
    if !json.chars().any(risky) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if risky(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// A character JSON output escapes beyond what JSON asks: C1 controls and DEL (terminals act
/// on them), line and paragraph separators, and bidirectional controls (they reorder text).
pub fn json_risky(c: char) -> bool {
    matches!(c, '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}') || bidi_control(c).is_some()
}

/// "1 question", "2 questions".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Splits a comma or space separated list into clean items (tags, names).
pub fn split_list(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .map(|s| one_line(s).trim_start_matches('#').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_turns_breaks_and_controls_into_spaces() {
        assert_eq!(one_line("a\r\nb\nc\td\u{1b}[2Je"), "a b c d [2Je");
        assert_eq!(one_line("  padded \n"), "padded");
    }

    #[test]
    fn multi_line_keeps_breaks_and_drops_other_controls() {
        assert_eq!(multi_line("a\r\nb\rc\td\u{7}"), "a\nb\nc    d");
    }

    #[test]
    fn bidi_marks_and_line_separators_are_shown_by_name_and_escaped_in_json() {
        let title = "a\u{200e}b\u{200f}c\u{61c}d\u{2028}e\u{2029}f";
        assert_eq!(display_safe(title, false), "a⟨LRM⟩b⟨RLM⟩c⟨ALM⟩d⟨LS⟩e⟨PS⟩f");
        let safe = json_safe(serde_json::to_string(title).unwrap());
        for escaped in ["\\u200e", "\\u200f", "\\u061c", "\\u2028", "\\u2029"] {
            assert!(safe.contains(escaped), "{escaped} in {safe}");
        }
        assert_eq!(serde_json::from_str::<String>(&safe).unwrap(), title);
    }

    #[test]
    fn bidi_overrides_are_shown_by_name_and_escaped_in_json() {
        let title = "invoice \u{202e}fdp.exe\u{202c} and \u{2067}x\u{2069}";
        assert_eq!(
            display_safe(title, false),
            "invoice ⟨RLO⟩fdp.exe⟨PDF⟩ and ⟨RLI⟩x⟨PDI⟩"
        );
        let json = serde_json::to_string(&format!("{title}\u{85}\u{7f}\u{9b}")).unwrap();
        let safe = json_safe(json);
        assert!(safe.is_ascii() || !safe.chars().any(|c| c as u32 >= 0x7f && (c as u32) < 0xa0));
        assert!(safe.contains("\\u202e") && safe.contains("\\u0085") && safe.contains("\\u007f"));
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(
            back,
            format!("{title}\u{85}\u{7f}\u{9b}"),
            "the same text reads back"
        );
    }

    #[test]
    fn display_safe_shows_escape_sequences_visibly() {
        let shown = display_safe("x\u{1b}]52;c;aGk=\u{7}y\u{9b}", false);
        assert_eq!(shown, "x␛]52;c;aGk=␇y�");
        assert!(!shown.chars().any(|c| c.is_control()));
        assert!(matches!(
            display_safe("plain", false),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(display_safe("a\nb", true), "a\nb");
        assert_eq!(display_safe("a\nb", false), "a␊b");
    }

    #[test]
    fn split_list_accepts_commas_spaces_and_hashes() {
        assert_eq!(split_list("#infra, db  ops,,"), vec!["infra", "db", "ops"]);
    }
}
