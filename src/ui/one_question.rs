//! One question at a time: the morning review and the zoom.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::{lists, popups, theme};
use crate::app::{Action, App, Context};

/// The review's end: what was looked at, by outcome, and the keys that finish it.
fn review_summary(app: &App, review: &crate::app::Review) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    lines.push(Line::styled(
        format!("{} questions looked at.", review.outcomes.len()),
        theme::label(),
    ));
    if let Some(week) = app.week_change() {
        lines.push(Line::styled(week, theme::dim()));
    }
    lines.push(Line::raw(""));
    for outcome in crate::app::Outcome::ALL {
        let ids: Vec<u32> = review
            .outcomes
            .iter()
            .filter(|(_, o)| *o == outcome)
            .map(|(id, _)| *id)
            .collect();
        if !ids.is_empty() {
            lines.push(Line::raw(format!(
                "{:>10}  {}",
                outcome.name(),
                crate::model::plan::id_list(&ids)
            )));
        }
    }
    lines.push(Line::raw(""));
    let key = |action: Action| app.keymap.key(Context::Review, &action);
    lines.push(Line::from(vec![
        Span::styled(key(Action::Keep), theme::key()),
        Span::raw(" finishes and records the review · "),
        Span::styled(key(Action::Cancel), theme::key()),
        Span::raw(" closes without recording it"),
    ]));
    lines
}

/// The review: one question at a time with why it is here and its detail; at the end, what
/// was done.
pub(super) fn draw_review(app: &App, review: &crate::app::Review, area: Rect, buf: &mut Buffer) {
    let body = crate::geometry::body(area);
    crate::geometry::text::clear(body, buf);
    let since = app.last_review.map_or("first review".to_string(), |t| {
        format!("since {}", crate::model::minutes::local(t, &app.time_zone))
    });
    let title = if review.finished() {
        format!(" Review done · {since} ")
    } else if review.current().is_none() {
        format!(" Review · looking through the board · {since} ")
    } else {
        format!(
            " Review {} of {}{} · {since} ",
            review.index + 1,
            review.items.len(),
            if review.looking() { " so far" } else { "" }
        )
    };
    // Every key of the review shows: in the border when they fit, else on two rows inside.
    let keys = popups::hint_lines(
        &app.keymap,
        crate::app::Context::Review,
        body.width.saturating_sub(4) as usize,
        2,
    );
    let mut block = ratatui::widgets::Block::bordered()
        .border_type(ratatui::widgets::BorderType::Rounded)
        .border_style(theme::key())
        .padding(ratatui::widgets::Padding::horizontal(1))
        .title_top(Line::styled(title, theme::label()));
    if keys.len() == 1 {
        block = block.title_bottom(keys[0].clone());
    }
    let inner = block.inner(body);
    block.render(body, buf);
    let inner = if keys.len() > 1 {
        let rows = keys.len() as u16;
        let [text, footer] = ratatui::layout::Layout::vertical([
            ratatui::layout::Constraint::Min(0),
            ratatui::layout::Constraint::Length(rows),
        ])
        .areas(inner);
        Paragraph::new(keys).render(footer, buf);
        text
    } else {
        inner
    };
    let mut lines: Vec<Line> = Vec::new();
    match review
        .current()
        .and_then(|item| Some((item, app.question(item.id)?)))
    {
        Some((item, q)) => {
            for reason in &item.reasons {
                lines.push(Line::styled(
                    format!("● {}", reason.describe()),
                    theme::warning(),
                ));
            }
            lines.push(Line::raw(""));
            lines.extend(lists::detail_lines(app, q, inner.width as usize));
        }
        None if review.looking() => lines.push(Line::styled(
            "Looking through the board for what needs a look…",
            theme::label(),
        )),
        None => lines.extend(review_summary(app, review)),
    }
    // A question that does not fit scrolls (PgDn/PgUp), and the border says there is more.
    let width = inner.width.max(1) as usize;
    let rows: usize = lines.iter().map(|l| l.width().div_ceil(width).max(1)).sum();
    let max_scroll = rows.saturating_sub(inner.height as usize) as u16;
    let scroll = review.scrolled().min(max_scroll);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((scroll, 0))
        .render(inner, buf);
    let key = |action| app.keymap.key(crate::app::Context::Review, &action);
    let mark = match (scroll > 0, scroll < max_scroll) {
        (false, false) => None,
        (true, false) => Some(format!(" ▲ more: {} ", key(crate::app::Action::PageUp))),
        (false, true) => Some(format!(" ▼ more: {} ", key(crate::app::Action::PageDown))),
        (true, true) => Some(format!(
            " ▲▼ more: {} {} ",
            key(crate::app::Action::PageUp),
            key(crate::app::Action::PageDown)
        )),
    };
    if let Some(mark) = mark {
        let w = crate::geometry::text::width(&mark) as u16;
        if body.width > w + 4 {
            buf.set_string(body.right() - w - 2, body.y, mark, theme::dim());
        }
    }
}

/// One question on the whole screen, spaced to be read from the back of a room.
pub(super) fn draw_zoom(app: &App, q: &crate::model::Question, area: Rect, buf: &mut Buffer) {
    let body = crate::geometry::body(area);
    crate::geometry::text::clear(body, buf);
    // Rows the text takes once wrapped (near enough: wrapping is by words).
    let text_width = body.width.saturating_sub(8).max(1) as usize;
    let mut lines = lists::detail_lines(app, q, text_width);
    if let Some(first) = lines.first_mut() {
        *first = first
            .clone()
            .style(theme::label().add_modifier(ratatui::style::Modifier::UNDERLINED));
    }
    let rows: usize = lines
        .iter()
        .map(|l| l.width().div_ceil(text_width).max(1))
        .sum();
    let room = body.height.saturating_sub(4) as usize;
    let overflows = rows > room;
    let max_scroll = rows.saturating_sub(room) as u16;
    let scroll = app.zoom().map_or(0, |z| z.scroll).min(max_scroll);
    let key = |action: Action| app.keymap.key(Context::Zoom, &action);
    let (back, next) = (
        format!("{} back", key(Action::Unzoom)),
        format!(
            "{}/{} next question",
            key(Action::SelectDown),
            key(Action::SelectUp)
        ),
    );
    let hint = if !overflows {
        let lane = format!(
            "{}/{} next lane",
            key(Action::FocusLeft),
            key(Action::FocusRight)
        );
        format!(" {back} · {next} · {lane} ")
    } else if scroll < max_scroll {
        format!(" ↓ more: {} · {back} · {next} ", key(Action::PageDown))
    } else {
        format!(" {} back up · {back} · {next} ", key(Action::PageUp))
    };
    // Where this question is in what is being stepped through: "3 of 14".
    let place = app
        .zoom_place()
        .map_or(String::new(), |(at, n)| format!(" {} of {n} ", at + 1));
    let block = ratatui::widgets::Block::bordered()
        .border_type(ratatui::widgets::BorderType::Thick)
        .border_style(ratatui::style::Style::default().fg(theme::lane(q.lane)))
        .padding(ratatui::widgets::Padding::new(3, 3, 1, 1))
        .title_bottom(Line::styled(hint, theme::dim()).right_aligned())
        .title_top(Line::styled(place, theme::label()).right_aligned());
    let inner = block.inner(body);
    block.render(body, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((scroll, 0))
        .render(inner, buf);
}
