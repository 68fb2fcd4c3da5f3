//! Windows over the board: the editor, prompts, confirmations and help.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Widget, Wrap};

use super::dialogs::conflict_source;
use super::theme;
use crate::app::Action;
use crate::app::editor::{Editor, EditorField, Picker, Prompt, PromptKind};
use crate::app::keymap::{Context, Keymap};
use crate::geometry::HelpLine;
use crate::model::Field;
use crate::model::{Door, text};

/// A rectangle of at most `width` x `height`, centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

pub(super) fn frame(title: Line<'static>, area: Rect, buf: &mut Buffer) -> Rect {
    crate::geometry::text::clear(area, buf);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme::key())
        .title_top(title);
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

/// Key hints like "Ctrl-s save · Tab next field", from the keymap.
pub fn hints(keymap: &Keymap, context: Context) -> Line<'static> {
    hints_within(keymap, context, usize::MAX)
}

/// As many key hints as fit in `width` columns, most useful first (table order).
pub fn hints_within(keymap: &Keymap, context: Context, width: usize) -> Line<'static> {
    hint_lines(keymap, context, width, 1)
        .into_iter()
        .next()
        .unwrap_or_default()
}

/// The key hints of a context (label, what it does), in table order: the three lanes' keys
/// read as one hint, "1/2/3 lane".
fn hint_pairs(keymap: &Keymap, context: Context) -> Vec<(String, &'static str)> {
    let bindings = keymap.bindings_in_force(context);
    let lanes: Vec<String> = bindings
        .iter()
        .filter(|b| b.hint.is_some() && matches!(b.action, crate::app::Action::SendTo(_)))
        .map(|b| b.keys[0].label())
        .collect();
    let mut lanes_said = false;
    let mut out = Vec::new();
    for b in bindings {
        let Some(help) = b.hint else { continue };
        out.push(
            if matches!(b.action, crate::app::Action::SendTo(_)) && lanes.len() > 1 {
                if lanes_said {
                    continue;
                }
                lanes_said = true;
                (lanes.join("/"), "lane")
            } else if b.action == crate::app::Action::MoveLeft {
                ("arrows".to_string(), help)
            } else {
                (b.keys[0].label(), help)
            },
        );
    }
    out
}

/// The key hints packed into at most `rows` lines of `width` columns: every hint, where they
/// all fit in that many lines.
pub fn hint_lines(
    keymap: &Keymap,
    context: Context,
    width: usize,
    rows: usize,
) -> Vec<Line<'static>> {
    let mut lines: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let mut used = 0;
    for (key, help) in hint_pairs(keymap, context) {
        let line = lines.last_mut().map_or(0, |l| l.len());
        let sep = if line == 0 { 0 } else { 3 };
        let w = sep + key.chars().count() + 1 + help.chars().count();
        if used + w > width {
            if lines.len() >= rows {
                break;
            }
            lines.push(Vec::new());
            used = 0;
        }
        let spans = lines.last_mut().expect("a line");
        if !spans.is_empty() {
            spans.push(Span::styled(" · ", theme::dim()));
            used += 3;
        }
        used += key.chars().count() + 1 + help.chars().count();
        spans.push(Span::styled(key, theme::key()));
        spans.push(Span::raw(" "));
        spans.push(Span::raw(help));
    }
    lines.into_iter().map(Line::from).collect()
}

/// The line above a prompt's field: the question it is about, or (once something is typed)
/// what the typed text will do, or why it cannot; live as it is typed.
fn preview(
    prompt: &Prompt,
    board: &crate::model::Board,
    today: jiff::civil::Date,
) -> Option<String> {
    let title = |id: u32| {
        board
            .get(id)
            .map(|q| text::display_safe(&q.title, false).into_owned())
            .unwrap_or_default()
    };
    let typed = prompt.field.text();
    let empty = typed.trim().is_empty();
    let missing = |after: &[u32]| after.iter().copied().find(|&a| board.get(a).is_none());
    Some(match prompt.kind {
        PromptKind::Decide(id) | PromptKind::Dissolve(id) => board.get(id).map(|_| title(id))?,
        PromptKind::SaveAs | PromptKind::Search | PromptKind::Filter | PromptKind::Title => {
            return None;
        }
        PromptKind::Defer(id) | PromptKind::Modify(id) if empty => title(id),
        PromptKind::Add(_) if empty => String::new(),
        // The date the typed text means, or why it is not one.
        PromptKind::Defer(_) => match crate::model::dates::parse_date(&typed, today) {
            Ok(Some(d)) => format!("→ revisit on {} {d}", d.strftime("%a")),
            Ok(None) => "→ no revisit date".to_string(),
            Err(why) => format!("✗ {why}"),
        },
        // What the shorthand will change.
        PromptKind::Modify(_) => match crate::model::quick::parse_modify(&typed, today) {
            Ok(q) => match (q.refused_as_modify(), missing(&q.after)) {
                (Some(why), _) => format!("✗ {why}"),
                (None, Some(m)) => format!("✗ there is no question #{m} to wait on"),
                (None, None) => format!("→ {}", q.describe_change()),
            },
            Err(why) => format!("✗ {why}"),
        },
        // What the shorthand will make (a prerequisite that is not on the board is said
        // before Enter, as after).
        PromptKind::Add(lane) => match crate::model::quick::parse(&typed, today) {
            Ok(q) => match missing(&q.after) {
                Some(m) => format!("✗ there is no question #{m} to wait on"),
                None => format!("→ {}", q.describe(lane)),
            },
            Err(why) => format!("✗ {why}"),
        },
    })
}

/// A one-line prompt: centred, or, when `clear_of` is a card to keep in sight (the one just
/// added), in the half of the screen away from it. The add line lists what it added.
pub fn draw_prompt(
    keymap: &Keymap,
    prompt: &Prompt,
    (board, today): (&crate::model::Board, jiff::civil::Date),
    clear_of: Option<Rect>,
    area: Rect,
    buf: &mut Buffer,
) {
    let title = match prompt.kind {
        PromptKind::Add(lane) => Line::from(vec![
            Span::raw(" Add to "),
            Span::styled(lane.name(), theme::lane_header(lane, false)),
            Span::raw(" "),
        ]),
        PromptKind::Decide(id) => Line::from(format!(" Decide #{id} ")),
        PromptKind::Dissolve(id) => Line::from(format!(" Dissolve #{id} ")),
        PromptKind::Defer(id) => Line::from(format!(" Defer #{id} until ")),
        PromptKind::SaveAs => Line::from(" Write a copy of the board to "),
        PromptKind::Search => Line::from(" Search "),
        PromptKind::Filter => Line::from(" Filter "),
        PromptKind::Title => Line::from(" The board's title "),
        PromptKind::Modify(id) => Line::from(format!(" Change #{id} with shorthand ")),
    };
    let question = preview(prompt, board, today);
    let width = 80.max(area.width * 2 / 3).min(area.width);
    let added = added_line(prompt, board, width.saturating_sub(2) as usize);
    let height = 4 + u16::from(question.is_some()) + u16::from(added.is_some());
    let mut popup = centered(area, width, height);
    if let Some(card) = clear_of {
        let middle = area.y + area.height / 2;
        popup.y = if card.y + card.height / 2 >= middle {
            area.y + 2
        } else {
            area.bottom().saturating_sub(popup.height + 2).max(area.y)
        };
    }
    let inner = frame(title, popup, buf);
    let mut rows = Vec::new();
    if added.is_some() {
        rows.push(Constraint::Length(1));
    }
    if question.is_some() {
        rows.push(Constraint::Length(1));
    }
    rows.extend([Constraint::Length(1), Constraint::Length(1)]);
    let areas = Layout::vertical(rows).split(inner);
    let mut next = 0;
    if let Some(line) = added {
        Paragraph::new(line).render(areas[0], buf);
        next = 1;
    }
    if let Some(q) = question {
        let style = if q.starts_with('✗') {
            theme::warning()
        } else {
            theme::dim()
        };
        Paragraph::new(Line::styled(q, style)).render(areas[next], buf);
        next += 1;
    }
    (&prompt.field.area).render(areas[next], buf);
    if let Some(hint_area) = areas.get(next + 1) {
        Paragraph::new(hints(keymap, Context::Input)).render(*hint_area, buf);
    }
}

/// What an add line has added so far: the last few, newest last, each with its title.
fn added_line(prompt: &Prompt, board: &crate::model::Board, room: usize) -> Option<Line<'static>> {
    const SHOWN: usize = 3;
    if prompt.added.is_empty() {
        return None;
    }
    // Each title gets an equal share of the row, less its number and the separators.
    let shown = prompt.added.len().min(SHOWN);
    let title_room = (room.saturating_sub(11) / shown).saturating_sub(8).max(6);
    let mut spans = vec![Span::styled(
        format!("added {}: ", prompt.added.len()),
        theme::dim(),
    )];
    if prompt.added.len() > SHOWN {
        spans.push(Span::styled("… ", theme::dim()));
    }
    let last = &prompt.added[prompt.added.len().saturating_sub(SHOWN)..];
    for (k, id) in last.iter().enumerate() {
        if k > 0 {
            spans.push(Span::styled(" · ", theme::dim()));
        }
        let title = board
            .get(*id)
            .map(|q| text::display_safe(&q.title, false).into_owned())
            .unwrap_or_default();
        let (start, _) = crate::geometry::text::cut(&title, title_room);
        let cut = if start.len() < title.len() {
            format!("{start}…")
        } else {
            title.clone()
        };
        spans.push(Span::styled(format!("#{id} "), theme::key()));
        spans.push(Span::raw(cut));
    }
    Some(Line::from(spans))
}

/// Quitting while changes are not on disk.
pub fn draw_confirm(keymap: &Keymap, question: &str, area: Rect, buf: &mut Buffer) {
    // As tall as the question needs once wrapped, so no word of it is cut.
    let width = area.width.min(72);
    let needed = Paragraph::new(question.to_string())
        .wrap(Wrap { trim: true })
        .line_count(width.saturating_sub(2).max(1));
    let popup = centered(area, width, (needed as u16).saturating_add(3).max(5));
    let inner = frame(Line::from(" Confirm "), popup, buf);
    let lines = vec![
        Line::from(question.to_string()),
        Line::from(vec![
            Span::styled(keymap.key(Context::Confirm, &Action::Yes), theme::key()),
            Span::raw(" yes   "),
            Span::styled(keymap.key(Context::Confirm, &Action::No), theme::key()),
            Span::raw(" no"),
        ]),
    ];
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(inner, buf);
}

pub fn draw_editor(
    keymap: &Keymap,
    editor: &Editor,
    conflicts: &[crate::model::FieldConflict],
    zone: &jiff::tz::TimeZone,
    area: Rect,
    buf: &mut Buffer,
) {
    let popup = centered(area, 100, area.height.saturating_sub(2).max(12));
    let inner = frame(Line::from(format!(" Edit #{} ", editor.id)), popup, buf);
    if inner.height < 3 || inner.width < 20 {
        return;
    }
    // What two people changed differently, a line each above the fields (two at most), so
    // the other value can be typed in where it is wanted.
    let banner = (conflicts.len().min(2) as u16).min(inner.height.saturating_sub(6));
    for (k, c) in conflicts.iter().take(banner as usize).enumerate() {
        let line = Line::from(vec![
            Span::styled(format!("⚡ {}: ", c.field), theme::warning()),
            Span::raw(format!(
                "the other value is \"{}\" ({})",
                text::display_safe(&text::one_line(&c.value), false),
                conflict_source(c, zone)
            )),
        ]);
        Paragraph::new(line).render(Rect::new(inner.x, inner.y + k as u16, inner.width, 1), buf);
    }
    let inner = Rect::new(
        inner.x,
        inner.y + banner,
        inner.width,
        inner.height - banner,
    );
    let label_width = 11;
    let singles = editor
        .fields
        .iter()
        .filter(|(k, _)| !k.multi_line())
        .count() as u16;
    let multis = editor.fields.len() as u16 - singles;
    // One row of footer; one-line fields get a row each; the rest is shared by the others.
    let spare = inner.height.saturating_sub(1 + singles);
    let each = (spare / multis.max(1)).max(1);
    let mut y = inner.y;
    for (i, (kind, field)) in editor.fields.iter().enumerate() {
        let height = if kind.multi_line() { each } else { 1 };
        if y + height > inner.bottom().saturating_sub(1) {
            break;
        }
        let focused = i == editor.focus;
        let label = Rect::new(inner.x, y, label_width, 1);
        let value = Rect::new(
            inner.x + label_width + 1,
            y,
            inner.width.saturating_sub(label_width + 1),
            height,
        );
        let style = if focused {
            theme::focused_label()
        } else {
            theme::label()
        };
        Paragraph::new(Line::styled(format!("{:>10} ", kind.caption()), style)).render(label, buf);
        if *kind == Field::Door {
            let choice = |door: Door, name: &'static str| {
                let on = editor.door == door;
                Span::styled(
                    format!("{} {name}  ", if on { "(•)" } else { "( )" }),
                    if on { theme::label() } else { theme::dim() },
                )
            };
            let mut spans = vec![
                choice(Door::OneWay, "one-way: expensive to reverse"),
                choice(Door::TwoWay, "two-way: decide in motion"),
            ];
            if focused {
                spans.push(Span::styled("Space toggles", theme::dim()));
            }
            Paragraph::new(Line::from(spans)).render(value, buf);
        } else {
            field.area.render_ref(value, buf);
        }
        y += height;
    }
    let footer = Rect::new(inner.x, inner.bottom() - 1, inner.width, 1);
    let line = if editor.confirm_discard {
        Line::from(vec![
            Span::styled("Throw away your edits? ", theme::warning()),
            Span::styled("y", theme::key()),
            Span::raw(" discard   "),
            Span::styled("n", theme::key()),
            Span::raw(" keep editing"),
        ])
    } else if let Some((kind, why)) = &editor.error {
        Line::styled(format!("{}: {why}", kind.caption()), theme::warning())
    } else {
        hints(keymap, Context::Editor)
    };
    Paragraph::new(line).render(footer, buf);
}

/// Renders a text area by reference (it is a widget for `&TextArea`).
trait RenderRef {
    fn render_ref(&self, area: Rect, buf: &mut Buffer);
}

impl RenderRef for ratatui_textarea::TextArea<'_> {
    fn render_ref(&self, area: Rect, buf: &mut Buffer) {
        self.render(area, buf);
    }
}

pub fn draw_help(
    keymap: &Keymap,
    layout: &crate::geometry::HelpLayout,
    context: Context,
    scroll: u16,
    area: Rect,
    buf: &mut Buffer,
) {
    let key_width = layout.key_width;
    let line = |l: &HelpLine| match l {
        HelpLine::Heading(name) => Line::styled(
            name.clone(),
            theme::label().add_modifier(ratatui::style::Modifier::UNDERLINED),
        ),
        HelpLine::Entry(keys, help) => Line::from(vec![
            Span::styled(format!("{keys:>key_width$}"), theme::key()),
            Span::raw("  "),
            Span::raw(help.clone()),
        ]),
        HelpLine::More(help) => Line::raw(format!("{:w$}{help}", "", w = key_width + 2)),
        HelpLine::Note(note) => Line::styled(note.clone(), theme::dim()),
        HelpLine::Blank => Line::raw(""),
    };
    let popup = centered(
        area,
        layout.width.min(area.width),
        layout.height.min(area.height),
    );
    let max_scroll = layout.last() as u16;
    let key = |action: Action| keymap.key(Context::Help, &action);
    let closes = format!("{} closes ", key(Action::CloseHelp));
    let title = Line::from(vec![
        Span::raw(format!(" Keys: {} ", context.title())),
        Span::styled(
            if max_scroll > 0 {
                format!(
                    "{}/{} {}/{} {}/{} scroll · {closes}",
                    key(Action::SelectDown),
                    key(Action::SelectUp),
                    key(Action::PageDown),
                    key(Action::PageUp),
                    key(Action::SelectFirst),
                    key(Action::SelectLast),
                )
            } else {
                closes
            },
            theme::dim(),
        ),
    ]);
    let inner = frame(title, popup, buf);
    let scroll = scroll.min(max_scroll);
    // The columns side by side, a column's width and a space apart, scrolled together.
    for (k, column) in layout.columns.iter().enumerate() {
        let x = inner.x + k as u16 * (layout.column_width + 1);
        let area = Rect::new(x, inner.y, layout.column_width, inner.height).intersection(inner);
        Paragraph::new(column.iter().map(line).collect::<Vec<_>>())
            .style(Style::default())
            .scroll((scroll, 0))
            .render(area, buf);
    }
    // Where there is more above or below, the border says so.
    let mark = |y: u16, text: &str, buf: &mut Buffer| {
        let w = text.chars().count() as u16;
        if popup.width > w + 4 {
            buf.set_string(popup.right() - w - 2, y, text, theme::dim());
        }
    };
    if scroll > 0 {
        mark(popup.y, " ▲ more ", buf);
    }
    if scroll < max_scroll {
        mark(popup.bottom() - 1, " ▼ more ", buf);
    }
}

/// The prerequisite picker: a search field and the matching questions; ✓ marks what the
/// question waits on now.
pub fn draw_picker(
    keymap: &Keymap,
    picker: &Picker,
    board: &crate::model::Board,
    area: Rect,
    buf: &mut Buffer,
) {
    let popup = centered(area, 90, area.height.saturating_sub(4).max(8));
    let title = match board.get(picker.id) {
        Some(q) => format!(" What must be resolved before #{}? ", q.id),
        None => " Prerequisites ".into(),
    };
    let inner = frame(Line::from(title), popup, buf);
    if inner.height < 4 {
        return;
    }
    let candidates = &picker.candidates;
    let after = board
        .get(picker.id)
        .map(|q| q.after.clone())
        .unwrap_or_default();
    (&picker.query.area).render(Rect::new(inner.x, inner.y, inner.width, 1), buf);
    let summary = format!(
        "{} match{}{} · ✓ = waits on it now · {} adds or removes",
        candidates.len(),
        if candidates.len() == 1 { "" } else { "es" },
        if picker.looking_from.is_some() {
            " so far"
        } else {
            ""
        },
        keymap.key(Context::Picker, &Action::Submit)
    );
    buf.set_stringn(
        inner.x,
        inner.y + 1,
        summary,
        inner.width as usize,
        theme::dim(),
    );
    let list = Rect::new(inner.x, inner.y + 2, inner.width, inner.height - 3);
    let height = list.height as usize;
    let selected = picker.selected.min(candidates.len().saturating_sub(1));
    let first = (selected + 1).saturating_sub(height);
    for (row, &id) in candidates.iter().skip(first).take(height).enumerate() {
        let Some(q) = board.get(id) else { continue };
        let mark = if after.contains(&id) { "✓" } else { " " };
        let state = if q.is_open() {
            q.lane.name().to_lowercase()
        } else {
            q.status.name().to_string()
        };
        let mut line = Line::from(vec![
            Span::styled(format!(" {mark} "), theme::owner()),
            Span::styled(format!("#{:<4} ", q.id), theme::id()),
            Span::raw(text::display_safe(&q.title, false).into_owned()),
            Span::styled(format!("  {state}"), theme::dim()),
        ]);
        if first + row == selected {
            line = line.style(Style::default().add_modifier(ratatui::style::Modifier::REVERSED));
        }
        line.render(Rect::new(list.x, list.y + row as u16, list.width, 1), buf);
    }
    Paragraph::new(hints(keymap, Context::Picker))
        .render(Rect::new(inner.x, inner.bottom() - 1, inner.width, 1), buf);
}

/// Search and filter are typed in a bar at the bottom, so the board stays in view and the
/// matches show as the text is typed.
pub fn draw_bottom_prompt(prompt: &Prompt, summary: &str, area: Rect, buf: &mut Buffer) {
    let row = Rect::new(area.x, area.bottom().saturating_sub(1), area.width, 1);
    crate::geometry::text::clear(row, buf);
    let label = match prompt.kind {
        PromptKind::Filter => " filter: ",
        _ => " /",
    };
    let label_width = label.chars().count() as u16;
    buf.set_string(row.x, row.y, label, theme::key());
    let summary_width = (summary.chars().count() as u16 + 2).min(row.width / 2);
    let input = Rect::new(
        row.x + label_width,
        row.y,
        row.width.saturating_sub(label_width + summary_width),
        1,
    );
    (&prompt.field.area).render(input, buf);
    buf.set_stringn(
        row.right().saturating_sub(summary_width),
        row.y,
        summary,
        summary_width as usize,
        theme::dim(),
    );
}
