//! The Next steps and Resolved views: a list on one side, the selected question's detail on the
//! other. The row model here is shared by drawing, scrolling (in update) and mouse hit-testing,
//! and only visible rows are ever formatted.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Widget, Wrap};

use super::board::wrap;
use super::theme;
use crate::app::{App, View};
use crate::geometry::lists::{NextRow, next_row};
use crate::model::plan::SectionKind;
use crate::model::{Door, Lane, Question, Status, text};

fn safe(s: &str) -> String {
    text::display_safe(s, false).into_owned()
}

fn selected_style() -> Style {
    Style::default().add_modifier(Modifier::REVERSED)
}

fn section_style(kind: SectionKind) -> Style {
    let color = match kind {
        SectionKind::ResolveNow => theme::lane(Lane::Blocking),
        SectionKind::Waiting => theme::lane(Lane::Uncomfortable),
        SectionKind::DecideInMotion | SectionKind::CanWait => ratatui::style::Color::Green,
        SectionKind::Parked => theme::lane(Lane::Interesting),
        SectionKind::Deferred => ratatui::style::Color::Blue,
    };
    Style::default().fg(color).add_modifier(Modifier::BOLD)
}

/// One line of a title: "#12  The title…", within `width`.
fn title_line(q: &Question, width: usize, selected: bool) -> Line<'static> {
    let id = format!(" #{:<4} ", q.id);
    let room = width.saturating_sub(id.chars().count());
    let title = wrap(&safe(&q.title), room, 1).pop().unwrap_or_default();
    let mut line = Line::from(vec![Span::styled(id, theme::id()), Span::raw(title)]);
    if q.door == Door::OneWay {
        line.spans.push(Span::styled(" 1-way", theme::one_way()));
    }
    if selected {
        line = line.style(selected_style());
    }
    line
}

fn reason_line(reason: &str, width: usize, selected: bool) -> Line<'static> {
    let text = wrap(reason, width.saturating_sub(8), 1)
        .pop()
        .unwrap_or_default();
    let line = Line::from(vec![Span::raw("       "), Span::styled(text, theme::dim())]);
    if selected {
        line.style(selected_style())
    } else {
        line
    }
}

fn list_block(title: String) -> Block<'static> {
    Block::bordered()
        .border_type(BorderType::Plain)
        .border_style(theme::dim())
        .title_top(Line::styled(title, theme::label()))
}

fn draw_next_list(app: &App, area: Rect, buf: &mut Buffer) {
    // A big board is planned in the background: say so while the plan is catching up.
    let planning = if app.derived.planning {
        "· planning… "
    } else {
        ""
    };
    let block = list_block(format!(" Next steps as of {} {planning}", app.today));
    let inner = block.inner(area);
    block.render(area, buf);
    let width = inner.width as usize;
    let mut lines = Vec::with_capacity(inner.height as usize);
    let expand = app.next_expand();
    for r in 0..inner.height as usize {
        let Some(row) = next_row(app.derived.next(), app.nav.next_scroll + r, expand) else {
            break;
        };
        lines.push(match row {
            NextRow::Heading(kind, count) => Line::from(vec![
                Span::styled(format!(" {} {count}", kind.title()), section_style(kind)),
                Span::styled(format!("  {}", kind.meaning()), theme::dim()),
            ]),
            NextRow::Title(k) => match app
                .derived
                .next()
                .item(k)
                .and_then(|(_, i)| app.question(i.id))
            {
                Some(q) => title_line(q, width, k == app.nav.next_selected),
                None => Line::raw(""),
            },
            // The selected question's reason whole, the others' first line.
            NextRow::Reason(k, line) => match app.derived.next().item(k) {
                Some((_, item)) if line > 0 || expand.of_item(k) > 0 => {
                    let lines = crate::geometry::lists::reason_lines(&app.reason_of(item), width);
                    let text = lines.get(line).cloned().unwrap_or_default();
                    let l =
                        Line::from(vec![Span::raw("       "), Span::styled(text, theme::dim())]);
                    if k == app.nav.next_selected {
                        l.style(selected_style())
                    } else {
                        l
                    }
                }
                Some((_, item)) => {
                    reason_line(&app.reason_of(item), width, k == app.nav.next_selected)
                }
                None => Line::raw(""),
            },
            NextRow::Blank => Line::raw(""),
        });
    }
    if app.derived.next().is_empty() {
        let said = if app.derived.open > 0 && app.derived.planning {
            // A big board's plan is on its way: never say the board is empty.
            format!(
                " planning… {}; the order shows here as soon as it is made.",
                text::count(app.derived.open, "open question")
            )
        } else if app.derived.open > 0 {
            format!(
                " Nothing open matches the filter: {} clears it.",
                app.keys().clear()
            )
        } else {
            format!(
                " No open questions. {} to the board and press {} to add one.",
                app.keys().switch_view(),
                app.keys().add()
            )
        };
        lines = vec![Line::styled(said, theme::dim())];
    }
    Paragraph::new(lines).render(inner, buf);
}

fn draw_resolved_list(app: &App, area: Rect, buf: &mut Buffer) {
    let block = list_block(format!(
        " Resolved {} (newest first) ",
        app.derived.resolved.len()
    ));
    let inner = block.inner(area);
    block.render(area, buf);
    let width = inner.width as usize;
    let mut lines = Vec::new();
    let first = app.nav.resolved_scroll / 2;
    for (k, &id) in app.derived.resolved.iter().enumerate().skip(first) {
        if lines.len() > inner.height as usize {
            break;
        }
        let Some(q) = app.question(id) else { continue };
        let selected = k == app.nav.resolved_selected;
        let mut title = title_line(q, width.saturating_sub(11), selected);
        let (word, style) = match q.status {
            Status::Decided => ("decided  ", theme::owner()),
            _ => ("dissolved", theme::dim()),
        };
        title
            .spans
            .insert(1, Span::styled(format!("{word} "), style));
        lines.push(title);
        let resolution = if q.resolution.is_empty() {
            "(no words recorded)".to_string()
        } else {
            format!("→ {}", text::one_line(&safe(&q.resolution)))
        };
        lines.push(reason_line(&resolution, width, selected));
    }
    if app.nav.resolved_scroll % 2 == 1 && !lines.is_empty() {
        lines.remove(0);
    }
    if app.derived.resolved.is_empty() {
        lines.push(Line::styled(
            " Nothing resolved yet: d decides a question, x dissolves one.",
            theme::dim(),
        ));
    }
    Paragraph::new(lines).render(inner, buf);
}

fn draw_warnings(app: &App, area: Rect, buf: &mut Buffer) {
    let block = Block::bordered()
        .border_type(BorderType::Plain)
        .border_style(theme::warning())
        .title_top(Line::styled(
            format!(" Warnings {} ", app.derived.plan.warnings.len()),
            theme::warning(),
        ));
    let inner = block.inner(area);
    block.render(area, buf);
    let room = (inner.width as usize).saturating_sub(2).max(1);
    if app.warnings_folded() {
        // One line on a small terminal: the first warning, and the key that opens them all.
        let warnings = &app.derived.plan.warnings;
        let key = app.keymap.key(
            crate::app::Context::Next,
            &crate::app::Action::ToggleWarnings,
        );
        let tail = format!(" ({key} shows all {})", warnings.len());
        let first = warnings.first().map_or(String::new(), |w| safe(&w.message));
        let cut = wrap(
            &first,
            room.saturating_sub(crate::geometry::text::width(&tail))
                .max(8),
            1,
        )
        .into_iter()
        .next()
        .unwrap_or_default();
        Paragraph::new(Line::from(vec![
            Span::styled("! ", theme::warning()),
            Span::raw(cut),
            Span::styled(tail, theme::dim()),
        ]))
        .render(inner, buf);
        return;
    }
    // Each warning wrapped under its own text, not under the "!" (as the layout counted it).
    let lines: Vec<Line> = app
        .derived
        .plan
        .warnings
        .iter()
        .flat_map(|w| {
            wrap(&safe(&w.message), room, usize::MAX)
                .into_iter()
                .enumerate()
                .map(|(k, part)| {
                    let lead = if k == 0 { "! " } else { "  " };
                    Line::from(vec![Span::styled(lead, theme::warning()), Span::raw(part)])
                })
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}

/// The selected question in full: what is known, what is at stake, the next step, the door,
/// the owner, what it waits on and what waits on it. Text under a heading is indented, and
/// wrapped to `width` columns keeping that indent, so a paragraph reads as one block.
pub fn detail_lines(app: &App, q: &Question, width: usize) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("#{} ", q.id), theme::id()),
        Span::styled(safe(&q.title), theme::label()),
    ])];
    lines.push(facts_line(q));
    if !q.tags.is_empty() {
        lines.push(Line::styled(
            format!("tags: {}", safe(&q.tags.join(", "))),
            theme::dim(),
        ));
    }
    let section = |lines: &mut Vec<Line<'static>>, label: &str, body: &str| {
        text_section(lines, label, body, width)
    };
    // What two people changed differently: both values, who and when, until settled.
    for c in &q.conflicts {
        let body = format!(
            "the board holds: {}\nthe other value: {} ({})\n{} settles it",
            or_empty(&c.field.text(q)),
            or_empty(&c.value),
            super::dialogs::conflict_source(c, &app.time_zone),
            app.keymap
                .key(crate::app::Context::Board, &crate::app::Action::Settle)
        );
        section(&mut lines, &format!("Conflict on {}", c.field), &body);
    }
    if let Some((kind, item)) = app.derived.plan.find(q.id) {
        section(
            &mut lines,
            &format!("Why {}", kind.title().to_lowercase()),
            &app.reason_said(item, app.present() || app.zoom().is_some()),
        );
    }
    if !q.is_open() {
        section(&mut lines, "Resolution", &q.resolution);
    }
    if let Some(record) = &q.record {
        section(&mut lines, "Decision record", record);
    }
    section(&mut lines, "Known", &q.known);
    section(&mut lines, "Stakes", &q.stakes);
    section(&mut lines, "Next step", &q.next_step);
    let describe =
        |lines: &mut Vec<Line<'static>>, other: &Question| linked_question(lines, other, width);
    lines.push(Line::raw(""));
    lines.push(Line::styled("Waits on", theme::label()));
    if q.after.is_empty() {
        lines.push(Line::styled("  nothing", theme::dim()));
    }
    for a in &q.after {
        if let Some(other) = app.question(*a) {
            describe(&mut lines, other);
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Waited on by", theme::label()));
    // The plan knows who waits on an open question; only a resolved one is looked for.
    let waiting: Vec<&Question> = match app.derived.plan.find(q.id) {
        Some((_, item)) => item
            .waited_by
            .iter()
            .filter_map(|&id| app.question(id))
            .collect(),
        None => app
            .session
            .board
            .questions()
            .iter()
            .filter(|o| o.is_open() && o.after.contains(&q.id))
            .map(|o| &**o)
            .collect(),
    };
    if waiting.is_empty() {
        lines.push(Line::styled("  nothing", theme::dim()));
    }
    for other in &waiting {
        describe(&mut lines, other);
    }
    if let Some((_, item)) = app.derived.plan.find(q.id)
        && item.unblocks as usize > waiting.len()
    {
        // On a shared screen every one of them, to read aloud; elsewhere how many.
        let aloud = item.unblocks as usize <= crate::app::ALOUD_MAX;
        let said = if aloud && (app.present() || app.zoom().is_some()) {
            let all = app.derived.plan.unblocked_by(q.id);
            format!(
                "  {} in all, counting what waits on those: {}",
                all.len(),
                crate::model::plan::id_list(&all)
            )
        } else {
            format!("  … {} in all, counting what waits on those", item.unblocks)
        };
        lines.push(Line::styled(said, theme::dim()));
    }
    lines
}

/// A question's lane, state, door, owner and revisit date, on one line.
fn facts_line(q: &Question) -> Line<'static> {
    let mut facts = vec![Span::styled(
        q.lane.name().to_string(),
        Style::default()
            .fg(theme::lane(q.lane))
            .add_modifier(Modifier::BOLD),
    )];
    let mut fact = |text: String, style: Style| {
        facts.push(Span::styled(" · ", theme::dim()));
        facts.push(Span::styled(text, style));
    };
    if q.status != Status::Open {
        fact(q.status.name().to_string(), theme::label());
    }
    fact(
        match q.door {
            Door::OneWay => "one-way door".into(),
            Door::TwoWay => "two-way door".into(),
        },
        if q.door == Door::OneWay {
            theme::one_way()
        } else {
            Style::default()
        },
    );
    fact(
        q.owner
            .as_ref()
            .map_or("no owner".into(), |o| format!("@{}", safe(o))),
        theme::owner(),
    );
    if let Some(d) = q.revisit {
        fact(format!("revisit {d}"), theme::revisit());
    }
    if let Some(d) = q.needed_by {
        fact(
            format!("needed by {}", d.strftime("%a %Y-%m-%d")),
            theme::needed_near(),
        );
    }
    Line::from(facts)
}

/// A labelled text of the detail, wrapped to `width` (a list item's later lines under its
/// text, not its bullet); a dash when it is empty.
fn text_section(lines: &mut Vec<Line<'static>>, label: &str, body: &str, width: usize) {
    lines.push(Line::raw(""));
    lines.push(Line::styled(label.to_string(), theme::label()));
    if body.trim().is_empty() {
        lines.push(Line::styled("  —", theme::dim()));
    }
    for l in text::display_safe(body, true).lines() {
        let words = l.trim_start();
        let indent = 2 + (l.len() - words.len());
        let room = width.saturating_sub(indent);
        if room < 8 || crate::geometry::text::width(words) <= room {
            lines.push(Line::raw(format!("{:indent$}{words}", "")));
            continue;
        }
        // A list item's later lines line up with its text, not its bullet.
        let bullet = ["- ", "* ", "• "]
            .iter()
            .find(|b| words.starts_with(*b))
            .map_or(0, |_| 2);
        let hang = indent + bullet;
        for (k, part) in wrap(words, room - bullet, usize::MAX)
            .into_iter()
            .enumerate()
        {
            let pad = if k == 0 { indent } else { hang };
            lines.push(Line::raw(format!("{:pad$}{part}", "")));
        }
    }
}

/// "  #7 title (state)", a long title wrapped under itself, not at the left edge.
fn linked_question(lines: &mut Vec<Line<'static>>, other: &Question, width: usize) {
    let state = if other.is_open() {
        other.lane.name().to_lowercase()
    } else {
        other.status.name().to_string()
    };
    let id = format!("  #{} ", other.id);
    let hang = crate::geometry::text::width(&id);
    let text = format!("{} ({state})", safe(&other.title));
    let parts = wrap(&text, width.saturating_sub(hang).max(8), usize::MAX);
    let last = parts.len().saturating_sub(1);
    for (k, part) in parts.into_iter().enumerate() {
        let lead = if k == 0 {
            Span::styled(id.clone(), theme::id())
        } else {
            Span::raw(" ".repeat(hang))
        };
        // The state in brackets is dim, where it ends the last line.
        let suffix = format!(" ({state})");
        let line = match part.strip_suffix(&suffix) {
            Some(title) if k == last => Line::from(vec![
                lead,
                Span::raw(title.to_string()),
                Span::styled(suffix, theme::dim()),
            ]),
            _ => Line::from(vec![lead, Span::raw(part)]),
        };
        lines.push(line);
    }
}

pub fn draw_detail(app: &App, area: Rect, buf: &mut Buffer) {
    let block = list_block(" Detail ".into());
    let inner = block.inner(area);
    block.render(area, buf);
    let Some(q) = app.selected_id().and_then(|id| app.question(id)) else {
        return;
    };
    Paragraph::new(detail_lines(app, q, inner.width as usize))
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}

/// Draws the Next steps or Resolved view.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(a) = app.list_areas(area) else {
        return;
    };
    if let Some(w) = a.warnings {
        draw_warnings(app, w, buf);
    }
    match app.nav.view {
        View::Next => draw_next_list(app, a.list, buf),
        _ => draw_resolved_list(app, a.list, buf),
    }
    draw_detail(app, a.detail, buf);
}

/// A value as a conflict shows it: an empty one named as such.
fn or_empty(value: &str) -> String {
    if value.is_empty() {
        "(empty)".to_string()
    } else {
        text::one_line(value)
    }
}
