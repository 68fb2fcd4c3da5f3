//! The status line: whether every change is on disk, what holds (filter, search, meeting,
//! sync), the message of the moment, and key hints.

use crate::app::editor::PromptKind;
use crate::app::{App, Mode, SaveState, Tone};
use crate::model::text;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::{popups, theme};

pub(super) fn draw_status(app: &App, area: Rect, buf: &mut Buffer) {
    let (mark, mark_style) = save_mark(app);
    let mut left = if app.present() {
        // No file path and no key hints on a shared screen (? still works).
        vec![Span::raw(" ")]
    } else {
        vec![
            Span::styled(format!(" {mark} "), mark_style),
            Span::styled(
                text::display_safe(&app.board_label, false).into_owned(),
                theme::dim(),
            ),
            Span::raw("  "),
        ]
    };
    if app.present() && !matches!(app.session.save_state, SaveState::Saved | SaveState::Saving) {
        left.push(Span::styled(format!("{mark} "), mark_style));
    }
    if app.backups_failing.is_some() {
        left.push(Span::styled("BACKUPS FAILING ", theme::warning()));
    }
    left.extend(sync_span(app));
    if !app.present()
        && app.last_review.is_some()
        && app.review().is_none()
        && app.message.is_none()
    {
        let (new, changed) = app.derived.since_review;
        if new + changed > 0 {
            left.push(Span::styled(
                format!(
                    "{new} new · {changed} changed since your review ({}) ",
                    app.keymap
                        .key(crate::app::Context::Board, &crate::app::Action::Review)
                ),
                theme::revisit(),
            ));
        }
    }
    if let Some(start) = app.meeting {
        let seconds = (app.now.as_second() - start.as_second()).max(0);
        left.push(Span::styled(
            format!(" ● MEETING {}:{:02} ", seconds / 60, seconds % 60),
            theme::meeting(),
        ));
        left.push(Span::raw(" "));
    }
    if let Some((_, filter)) = &app.filter {
        let shown: usize = app.derived.lanes.iter().map(Vec::len).sum();
        let open = app.derived.open;
        left.push(Span::styled(
            format!(
                " FILTER {} · {shown} of {open} shown · {} clears ",
                text::display_safe(&filter.describe(), false),
                app.keys().clear()
            ),
            theme::filter_notice(),
        ));
        left.push(Span::raw(" "));
    }
    if let Some(query) = &app.search
        && !matches!(&app.mode, Mode::Prompt(p) if p.kind == PromptKind::Search)
    {
        left.push(Span::styled(
            format!(
                "/{} ({}{} · {}) ",
                text::display_safe(query, false),
                app.derived.search_matches,
                if app.counting_matches() {
                    " so far"
                } else {
                    ""
                },
                app.keys().matches()
            ),
            theme::search_match(),
        ));
    }
    if let Some((message, tone)) = &app.message {
        let used: usize = left.iter().map(Span::width).sum();
        let room = (area.width as usize).saturating_sub(used + 1);
        let message = text::display_safe(message, false).into_owned();
        // A warning too long for the line takes the row above it as well (over the board's
        // bottom edge): an error is never cut where two lines hold it.
        if *tone == Tone::Warning && area.y > 0 && crate::geometry::text::width(&message) > room {
            let lines = crate::geometry::text::wrap(&message, room.max(1), usize::MAX);
            let above = Rect::new(area.x + used as u16, area.y - 1, room as u16 + 1, 1);
            crate::geometry::text::clear(above, buf);
            Paragraph::new(Line::styled(lines[0].clone(), theme::warning())).render(above, buf);
            // Longer still: the second line says where the whole of it is.
            left.extend(message_spans(app, &lines[1..].join(" "), *tone, room));
        } else {
            left.extend(message_spans(app, &message, *tone, room));
        }
    }
    let left = Line::from(left);
    let used = left.width() as u16;
    Paragraph::new(left).render(area, buf);
    if app.message.is_none() && !app.present() {
        let room = area.width.saturating_sub(used + 2) as usize;
        let hints = popups::hints_within(&app.keymap, app.context(), room);
        let hint_width = hints.width() as u16;
        if hint_width > 0 {
            let x = area.right() - hint_width - 1;
            Paragraph::new(hints).render(Rect::new(x, area.y, hint_width + 1, 1), buf);
        }
    }
}

/// The save state's mark and its style.
fn save_mark(app: &App) -> (String, ratatui::style::Style) {
    match &app.session.save_state {
        SaveState::Saved if app.read_only => ("READ-ONLY".to_string(), theme::warning()),
        SaveState::Saved if app.session.new_board => (
            "○ new board, saved on the first change to".to_string(),
            theme::dim(),
        ),
        SaveState::Saved => ("● saved".to_string(), theme::owner()),
        SaveState::Saving => ("◌ saving".to_string(), theme::waits()),
        SaveState::Failed(_) => ("✗ NOT SAVED".to_string(), theme::warning()),
        SaveState::Held(_) => (
            format!(
                "✗ NOT SAVED: file on disk broken, {} writes yours",
                app.keys().write_anyway()
            ),
            theme::warning(),
        ),
    }
}

/// Sharing through git: a sync under way, what the upstream has not merged yet, or the last.
fn sync_span(app: &App) -> Option<Span<'static>> {
    if app.syncing {
        Some(Span::styled("syncing… ", theme::dim()))
    } else if let Some(n) = app.upstream_ahead.filter(|n| *n > 0) {
        Some(Span::styled(
            format!(
                "⇣{n} to sync ({}) ",
                app.keymap
                    .key(crate::app::Context::Board, &crate::app::Action::Sync)
            ),
            theme::revisit(),
        ))
    } else {
        app.last_sync.map(|at| {
            Span::styled(
                format!(
                    "synced {} ",
                    at.to_zoned_datetime(app.time_zone.clone())
                        .strftime("%H:%M")
                ),
                theme::dim(),
            )
        })
    }
}

/// The message, cut to `room` with a note that says where the whole of it is.
fn message_spans(app: &App, message: &str, tone: Tone, room: usize) -> Vec<Span<'static>> {
    let style = match tone {
        Tone::Info => theme::label(),
        Tone::Warning => theme::warning(),
    };
    let message = message.to_string();
    if crate::geometry::text::width(&message) > room {
        // Cut: say where the whole of it is.
        let more = format!(
            " ({} reads it all)",
            app.keymap
                .key(crate::app::Context::Global, &crate::app::Action::Messages)
        );
        let keep = room.saturating_sub(crate::geometry::text::width(&more));
        let cut = crate::geometry::text::wrap(&message, keep.max(1), 1)
            .into_iter()
            .next()
            .unwrap_or_default();
        vec![Span::styled(cut, style), Span::styled(more, theme::dim())]
    } else {
        vec![Span::styled(message, style)]
    }
}
