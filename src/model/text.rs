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
    if !text.chars().any(|c| c.is_control()) {
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
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
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
