//! Dialogs over the board: a question with a few answers, settling a conflict, the message
//! log and the minutes.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::popups::{centered, frame, hints};
use super::theme;
use crate::app::keymap::{Context, Keymap};
use crate::model::text;

pub fn draw_confirm_quit(keymap: &Keymap, why: &str, area: Rect, buf: &mut Buffer) {
    draw_choice(
        keymap,
        " Your changes are not on disk ",
        why,
        Context::Quit,
        area,
        buf,
    );
}

/// A question with a few answers, one key each (the context's hints).
pub fn draw_choice(
    keymap: &Keymap,
    title: &'static str,
    why: &str,
    context: Context,
    area: Rect,
    buf: &mut Buffer,
) {
    let lines = vec![
        Line::from(why.to_string()),
        Line::raw(""),
        hints(keymap, context),
    ];
    let width = area.width.min(80);
    let needed = Paragraph::new(lines.clone())
        .wrap(Wrap { trim: true })
        .line_count(width.saturating_sub(2).max(1));
    let popup = centered(area, width, (needed as u16 + 2).max(5));
    let inner = frame(Line::styled(title, theme::warning()), popup, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(inner, buf);
}

/// Who changed a conflict's other value, and when (in the user's zone).
pub fn conflict_source(c: &crate::model::FieldConflict, zone: &jiff::tz::TimeZone) -> String {
    let at = c.at.map(|t| {
        t.to_zoned_datetime(zone.clone())
            .strftime("%Y-%m-%d %H:%M")
            .to_string()
    });
    match (&c.by, at) {
        (Some(by), Some(at)) => format!("{}, {at}", text::display_safe(by, false)),
        (Some(by), None) => text::display_safe(by, false).into_owned(),
        (None, Some(at)) => at,
        (None, None) => "from the other side of a merge".into(),
    }
}

/// Settling a conflict: the value the board holds, the other, who changed it and when.
pub fn draw_settle(
    keymap: &Keymap,
    q: &crate::model::Question,
    field: crate::model::Field,
    zone: &jiff::tz::TimeZone,
    area: Rect,
    buf: &mut Buffer,
) {
    let Some(c) = q.conflicts.iter().find(|c| c.field == field) else {
        return;
    };
    let safe = |s: &str| text::display_safe(s, true).into_owned();
    let shown = |s: String| {
        if s.is_empty() {
            "(empty)".to_string()
        } else {
            s
        }
    };
    let lines = vec![
        Line::from(vec![
            Span::styled(format!("#{} ", q.id), theme::id()),
            Span::raw(safe(&q.title)),
        ]),
        Line::raw(""),
        Line::styled(
            format!("{field} was changed differently by two people."),
            theme::label(),
        ),
        Line::raw(""),
        Line::styled("The board holds:", theme::dim()),
        Line::raw(format!("  {}", shown(safe(&field.text(q))))),
        Line::styled(
            format!("The other value ({}):", conflict_source(c, zone)),
            theme::dim(),
        ),
        Line::raw(format!("  {}", shown(safe(&c.value)))),
        Line::raw(""),
        hints(keymap, Context::Settle),
    ];
    let width = area.width.min(80);
    let needed = Paragraph::new(lines.clone())
        .wrap(Wrap { trim: false })
        .line_count(width.saturating_sub(2).max(1));
    let more = q.conflicts.len().saturating_sub(1);
    let title = if more > 0 {
        format!(" Settle a conflict ({more} more on #{}) ", q.id)
    } else {
        " Settle a conflict ".to_string()
    };
    let popup = centered(area, width, (needed as u16).saturating_add(2));
    let inner = frame(Line::styled(title, theme::warning()), popup, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}

/// Every message of this session, newest first, each in full (wrapped), with its time.
pub fn draw_messages(
    keymap: &Keymap,
    log: &[(jiff::Timestamp, String, crate::app::Tone)],
    zone: &jiff::tz::TimeZone,
    scroll: u16,
    area: Rect,
    buf: &mut Buffer,
) {
    let popup = centered(area, 100, area.height.saturating_sub(2));
    let inner = frame(Line::from(" Messages "), popup, buf);
    if inner.height < 2 {
        return;
    }
    let body = Rect::new(inner.x, inner.y, inner.width, inner.height - 1);
    let room = (body.width as usize).saturating_sub(8).max(8);
    let mut lines: Vec<Line> = Vec::new();
    for (at, text, tone) in log.iter().rev() {
        let style = match tone {
            crate::app::Tone::Info => Style::default(),
            crate::app::Tone::Warning => theme::warning(),
        };
        let time = at
            .to_zoned_datetime(zone.clone())
            .strftime("%H:%M")
            .to_string();
        let safe = text::display_safe(text, false);
        for (k, part) in crate::geometry::text::wrap(&safe, room, usize::MAX)
            .into_iter()
            .enumerate()
        {
            let lead = if k == 0 {
                format!("{time}  ")
            } else {
                " ".repeat(7)
            };
            lines.push(Line::from(vec![
                Span::styled(lead, theme::dim()),
                Span::styled(part, style),
            ]));
        }
    }
    if lines.is_empty() {
        lines.push(Line::styled("Nothing said yet.", theme::dim()));
    }
    let last = (lines.len() as u16).saturating_sub(body.height);
    Paragraph::new(lines)
        .scroll((scroll.min(last), 0))
        .render(body, buf);
    hints(keymap, Context::Messages)
        .render(Rect::new(inner.x, inner.bottom() - 1, inner.width, 1), buf);
}

/// The minutes of the meeting that just ended: the Markdown, and where it was written.
pub fn draw_minutes(
    keymap: &Keymap,
    text: &str,
    path: Option<&Result<std::path::PathBuf, String>>,
    scroll: u16,
    area: Rect,
    buf: &mut Buffer,
) {
    let popup = centered(area, 100, area.height.saturating_sub(2));
    let inner = frame(Line::from(" Minutes "), popup, buf);
    if inner.height < 3 {
        return;
    }
    let body = Rect::new(inner.x, inner.y, inner.width, inner.height - 2);
    let lines: Vec<Line> = text
        .lines()
        .map(|l| {
            if l.starts_with('#') {
                Line::styled(l.to_string(), theme::label())
            } else {
                Line::raw(l.to_string())
            }
        })
        .collect();
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((scroll, 0))
        .render(body, buf);
    let saved = match path {
        None => Line::styled("writing the minutes…", theme::dim()),
        Some(Ok(p)) => Line::styled(format!("written to {}", p.display()), theme::owner()),
        Some(Err(e)) => Line::styled(format!("not written: {e}"), theme::warning()),
    };
    saved.render(Rect::new(inner.x, inner.bottom() - 2, inner.width, 1), buf);
    hints(keymap, Context::Minutes)
        .render(Rect::new(inner.x, inner.bottom() - 1, inner.width, 1), buf);
}
