//! Drawing only: `view(&App, &mut Frame)` reads the state and changes nothing.

pub mod board;
pub mod dialogs;
pub mod lists;
mod map;
mod one_question;
pub mod popups;
mod status;
pub mod theme;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::app::editor::PromptKind;
use crate::app::{App, Mode, SaveState, View};
use crate::model::text;

/// Draws the whole screen.
pub fn view(app: &App, frame: &mut Frame) {
    let area = frame.area();
    draw(app, area, frame.buffer_mut());
}

/// Draws the whole screen into a buffer (the view, without a terminal), in the app's theme.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    draw_frame(app, area, buf);
    // Presenting is always high contrast (unless colour is off altogether).
    let theme = match app.theme {
        theme::Theme::NoColor => theme::Theme::NoColor,
        _ if app.present() => theme::Theme::HighContrast,
        other => other,
    };
    theme.apply(buf);
}

fn draw_frame(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(layout) = app.board_layout(area) else {
        draw_too_small(area, buf);
        return;
    };
    draw_header(app, layout.header, buf);
    if let Some(review) = app.review() {
        one_question::draw_review(app, review, area, buf);
    } else if let Some(q) = app.zoom().and_then(|z| app.question(z.id)) {
        one_question::draw_zoom(app, q, area, buf);
    } else if app.nav.view == View::Board {
        let highlight = match &app.mode {
            Mode::Normal | Mode::Present | Mode::Grab { .. } => true,
            Mode::Prompt(p) => matches!(p.kind, PromptKind::Search | PromptKind::Filter),
            _ => false,
        };
        board::draw_lanes(app, &layout, highlight, buf);
        if let Some(detail) = layout.detail {
            lists::draw_detail(app, detail, buf);
        }
    } else if app.nav.view == View::Map {
        map::draw(app, area, buf);
    } else {
        lists::draw(app, area, buf);
    }
    status::draw_status(app, layout.status, buf);
    // The dialogs, bottom first (the help over what it explains).
    for layer in app.beneath.iter().chain([&app.mode]) {
        draw_mode(app, layer, area, buf);
    }
}

fn draw_mode(app: &App, mode: &Mode, area: Rect, buf: &mut Buffer) {
    match mode {
        Mode::Normal | Mode::Present | Mode::Review(_) | Mode::Zoom(_) | Mode::Grab { .. } => {}
        Mode::Prompt(prompt) if matches!(prompt.kind, PromptKind::Search | PromptKind::Filter) => {
            let summary = live_summary(app, prompt.kind);
            popups::draw_bottom_prompt(prompt, &summary, area, buf);
        }
        Mode::Prompt(prompt) => {
            // The add line stays clear of the card just added (the selected one).
            let clear_of = app
                .board_layout(area)
                .filter(|_| app.nav.view == View::Board)
                .and_then(|layout| {
                    let id = app.board_selected_id()?;
                    layout.lanes[app.nav.focus.index()]
                        .cards
                        .iter()
                        .find(|c| c.id == id)
                        .map(|c| c.area)
                });
            popups::draw_prompt(
                &app.keymap,
                prompt,
                (&app.session.board, app.today),
                clear_of,
                area,
                buf,
            )
        }
        Mode::Picker(picker) => {
            popups::draw_picker(&app.keymap, picker, &app.session.board, area, buf)
        }
        Mode::Editor(editor) => {
            let conflicts = app
                .question(editor.id)
                .map_or(&[][..], |q| &q.conflicts[..]);
            popups::draw_editor(&app.keymap, editor, conflicts, &app.time_zone, area, buf)
        }
        Mode::ConfirmDelete {
            id,
            waiting,
            looking,
        } => {
            popups::draw_confirm(
                &app.keymap,
                &delete_question(app, *id, waiting, looking.is_some()),
                area,
                buf,
            );
        }
        Mode::Messages { scroll } => {
            dialogs::draw_messages(&app.keymap, &app.log, &app.time_zone, *scroll, area, buf)
        }
        Mode::MeetingQuit => {
            let why = meeting_quit_question(app);
            dialogs::draw_choice(
                &app.keymap,
                " A meeting is running ",
                &why,
                crate::app::Context::MeetingQuit,
                area,
                buf,
            );
        }
        Mode::Settle { id, field } => {
            if let Some(q) = app.question(*id) {
                dialogs::draw_settle(&app.keymap, q, *field, &app.time_zone, area, buf);
            }
        }
        Mode::Minutes {
            text, path, scroll, ..
        } => dialogs::draw_minutes(&app.keymap, text, path.as_ref(), *scroll, area, buf),
        Mode::ConfirmQuit => {
            let why = match &app.session.save_state {
                SaveState::Failed(e) => format!("Saving failed: {e}"),
                SaveState::Held(e) => format!("The board on disk does not load: {e}"),
                _ => "The last change is still being saved.".to_string(),
            };
            dialogs::draw_confirm_quit(&app.keymap, &text::display_safe(&why, false), area, buf);
        }
        Mode::Recover(offer) => {
            let lines = recovery_question(app, offer);
            popups::draw_confirm(&app.keymap, &lines, area, buf);
        }
        Mode::Help { scroll } => {
            popups::draw_help(
                &app.keymap,
                &app.help_layout(app.help_context()),
                app.help_context(),
                *scroll,
                area,
                buf,
            );
        }
    }
}

/// The count a search or a filter line shows as it is typed, and its keys.
fn live_summary(app: &App, kind: PromptKind) -> String {
    match kind {
        PromptKind::Search => {
            let n = app.derived.search_matches;
            format!(
                "{n} match{}{} · {} keeps · {} clears",
                if n == 1 { "" } else { "es" },
                if app.counting_matches() {
                    " so far"
                } else {
                    ""
                },
                app.keys().keep_line(),
                app.keys().cancel_line()
            )
        }
        _ => format!(
            "{} shown · {} keeps · {} clears",
            app.derived.lanes.iter().map(Vec::len).sum::<usize>(),
            app.keys().keep_line(),
            app.keys().cancel_line()
        ),
    }
}

/// Delete's question: who waits on it loses it from their `after`, said before it happens.
fn delete_question(app: &App, id: u32, waiting: &[u32], looking: bool) -> String {
    let title = app
        .session
        .board
        .get(id)
        .map(|q| text::display_safe(&q.title, false).into_owned())
        .unwrap_or_default();
    // Who waits on it loses it from their `after`: say so before it happens.
    let waits = match waiting.len() {
        _ if looking => " (looking for what waits on it…)".to_string(),
        0 => String::new(),
        1 => format!(
            " #{0} waits on it: deleting takes it out of what #{0} waits on.",
            waiting[0]
        ),
        _ => format!(
            " {} wait on it: deleting takes it out of what they wait on.",
            crate::model::plan::id_list(waiting)
        ),
    };
    format!(
        "Delete #{id} \"{title}\"?{waits} ({} undoes it)",
        app.keys().undo()
    )
}

/// Quitting during a meeting: when it started and what can become of it.
fn meeting_quit_question(app: &App) -> String {
    match app.meeting {
        Some(start) => format!(
            "The meeting started at {} ({} min ago). End it and write the minutes, keep it running for next time, or discard it?",
            start
                .to_zoned_datetime(app.time_zone.clone())
                .strftime("%H:%M"),
            (app.now.as_second() - start.as_second()).max(0) / 60
        ),
        None => "The meeting has ended.".into(),
    }
}

/// A recovery copy found on start: when, what it holds, and the keys that answer.
fn recovery_question(app: &App, offer: &crate::app::Offer) -> String {
    let mut lines = format!(
        "A recovery copy of this board from {} was found: unknowns was stopped with work not yet saved.",
        offer
            .at
            .to_zoned_datetime(app.time_zone.clone())
            .strftime("%Y-%m-%d %H:%M")
    );
    if offer.holds_changes {
        lines.push_str(" It holds changes the board lacks.");
    }
    if let Some(d) = &offer.draft {
        lines.push_str(&format!(
            " It holds text typed in {}: \"{}\".",
            d.place(),
            text::display_safe(&text::one_line(&d.text()), false)
        ));
    }
    lines.push_str(&format!(
        " {} merges it in ({} undoes) · {} keeps it aside",
        app.keys().yes(),
        app.keys().undo(),
        app.keys().no()
    ));
    lines
}

fn draw_too_small(area: Rect, buf: &mut Buffer) {
    let note = format!(
        "Terminal too small ({}x{}): unknowns needs at least {}x{}.",
        area.width,
        area.height,
        crate::geometry::MIN_WIDTH,
        crate::geometry::MIN_HEIGHT
    );
    let height = area.height.min(3);
    let y = area.y + area.height.saturating_sub(height) / 2;
    Paragraph::new(Line::styled(note, theme::warning()).centered())
        .wrap(Wrap { trim: true })
        .render(Rect::new(area.x, y, area.width, height), buf);
}

fn draw_header(app: &App, area: Rect, buf: &mut Buffer) {
    let shown: usize = app.derived.lanes.iter().map(Vec::len).sum();
    let open = app.derived.open;
    let resolved = app.session.board.questions().len().saturating_sub(open);
    let title = if app.present() {
        // For the people on the call: what this is, and when.
        let name = if app.session.board.title.is_empty() {
            "Open questions".to_string()
        } else {
            text::display_safe(&app.session.board.title, false).into_owned()
        };
        format!(" · {name} · {}", app.today.strftime("%A %-d %B %Y"))
    } else if app.session.board.title.is_empty() {
        String::new()
    } else {
        format!(" · {}", text::display_safe(&app.session.board.title, false))
    };
    let mut tabs: Vec<Span> = Vec::new();
    for view in View::ALL {
        let style = if view == app.nav.view {
            theme::focused_label()
        } else {
            theme::dim()
        };
        tabs.push(Span::styled(format!(" {} ", view.title()), style));
    }
    let tabs = Line::from(tabs);
    let left = Line::from(vec![
        Span::styled(" unknowns", theme::label()),
        Span::raw(title),
    ]);
    if app.present()
        && let Some(points) = &app.derived.trend
    {
        return draw_present_header(left, points, area, buf);
    }
    let counts = if app.filter.is_some() {
        format!("  {shown} of {open} open shown · {resolved} resolved ")
    } else {
        format!("  {open} open · {resolved} resolved ")
    };
    let tabs_width = tabs.width() as u16;
    let counts_width = counts.width() as u16;
    let mut right_x = area.right();
    let left_width = left.width() as u16;
    if area.width > left_width + tabs_width + counts_width + 2 {
        right_x -= counts_width;
        buf.set_string(right_x, area.y, counts, theme::dim());
    }
    let left_room = right_x.saturating_sub(area.x);
    if left_room > left_width + tabs_width + 1 {
        right_x -= tabs_width;
        tabs.render(Rect::new(right_x, area.y, tabs_width, 1), buf);
    }
    Paragraph::new(left).render(
        Rect::new(area.x, area.y, right_x.saturating_sub(area.x + 1), 1),
        buf,
    );
}

/// Days the presentation header's sparklines cover.
const SPARK_DAYS: usize = 14;

/// The presentation header: the board's name and day, then a sparkline per lane of the last
/// two weeks' open questions (Blocking's first, the others as room allows), so a shared screen
/// answers "are we less blocked?" without a word.
fn draw_present_header(
    left: Line<'static>,
    points: &[crate::model::trend::Point],
    area: Rect,
    buf: &mut Buffer,
) {
    use ratatui::widgets::Sparkline;
    let recent = &points[points.len().saturating_sub(SPARK_DAYS)..];
    let spark = |lane: crate::model::Lane| {
        let data: Vec<u64> = recent.iter().map(|p| p.open(lane) as u64).collect();
        let now = recent.last().map_or(0, |p| p.open(lane));
        (format!(" {} ", lane.name()), data, format!(" {now} "))
    };
    let width = |(label, data, value): &(String, Vec<u64>, String)| {
        (label.width() + data.len() + value.width()) as u16
    };
    // As many lanes as fit beside the title, Blocking first.
    let room = area.width.saturating_sub(left.width() as u16 + 1);
    let mut shown = Vec::new();
    let mut used = 0;
    for lane in crate::model::Lane::ALL {
        let s = spark(lane);
        if used + width(&s) > room {
            break;
        }
        used += width(&s);
        shown.push((lane, s));
    }
    let mut x = area.right() - used;
    let right = x;
    for (lane, s) in shown {
        let (label, data, value) = &s;
        buf.set_string(x, area.y, label, theme::lane_header(lane, false));
        let spark_x = x + label.width() as u16;
        Sparkline::default()
            .data(data)
            .max(data.iter().copied().max().unwrap_or(0).max(1))
            .style(ratatui::style::Style::default().fg(theme::lane(lane)))
            .render(Rect::new(spark_x, area.y, data.len() as u16, 1), buf);
        buf.set_string(spark_x + data.len() as u16, area.y, value, theme::label());
        x += width(&s);
    }
    let x = right;
    Paragraph::new(left).render(
        Rect::new(area.x, area.y, x.saturating_sub(area.x + 1), 1),
        buf,
    );
}

/// A board's path as the status line shows it: short enough to leave room for messages.
/// Inside a git work tree, the repository's name and the path in it (`ledger/unknowns.ron`);
/// else under the home folder with `~`; a long path keeps its last two parts
/// (`~/…/team/unknowns.ron`).
pub fn short_path(path: &str, home: Option<&str>, work_tree: Option<&str>) -> String {
    if let Some(top) = work_tree.map(|t| t.trim_end_matches('/'))
        && let Some(rel) = path.strip_prefix(top).and_then(|r| r.strip_prefix('/'))
    {
        let name = top.rsplit('/').next().unwrap_or(top);
        return format!("{name}/{rel}");
    }
    let (prefix, rest) = match home.map(|h| h.trim_end_matches('/')) {
        Some(h) if !h.is_empty() && path.starts_with(h) && path[h.len()..].starts_with('/') => {
            ("~/", &path[h.len() + 1..])
        }
        _ => ("/", path.trim_start_matches('/')),
    };
    let parts: Vec<&str> = rest.split('/').collect();
    if parts.len() > 3 {
        format!("{prefix}…/{}", parts[parts.len() - 2..].join("/"))
    } else {
        format!("{prefix}{rest}")
    }
}

/// A buffer as plain text, one line per row, trailing spaces trimmed. Wide characters are
/// written once.
pub fn buffer_text(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut skip = 0;
        for x in area.left()..area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buf[(x, y)].symbol();
            line.push_str(symbol);
            skip = crate::geometry::text::width(symbol).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The three lanes as plain text at a width, every card shown: what `unknowns show` prints.
pub fn board_text(board: &crate::model::Board, width: u16, today: jiff::civil::Date) -> String {
    board_text_by(board, width, today, SHOWN_PER_PAGE)
}

/// [`board_text`], written to `out` a page at a time (a long board's text is not held whole).
pub fn write_board_text(
    out: &mut dyn std::io::Write,
    board: &crate::model::Board,
    width: u16,
    today: jiff::civil::Date,
) -> std::io::Result<()> {
    write_board_by(out, board, width, today, SHOWN_PER_PAGE)
}

/// Cards per lane drawn at a time by [`board_text`]: a long board is drawn a page at a time
/// and the pages joined, so the screen buffer stays small (one as tall as the longest lane of
/// a 10,000-question board took 75 MB) and within a buffer's 65,535 rows (a lane of 16,384
/// cards passed them).
const SHOWN_PER_PAGE: usize = 16;

/// [`board_text`], drawing `per_page` cards per lane at a time.
fn board_text_by(
    board: &crate::model::Board,
    width: u16,
    today: jiff::civil::Date,
    per_page: usize,
) -> String {
    let mut out = Vec::new();
    write_board_by(&mut out, board, width, today, per_page).expect("written to memory");
    String::from_utf8(out).expect("text")
}

/// [`write_board_text`], drawing `per_page` cards per lane at a time.
fn write_board_by(
    out: &mut dyn std::io::Write,
    board: &crate::model::Board,
    width: u16,
    today: jiff::civil::Date,
    per_page: usize,
) -> std::io::Result<()> {
    let mut app = App::on(board.clone(), "", today);
    // On paper: the lanes only.
    app.nav.detail = crate::geometry::Detail::Hidden;
    let longest = app.derived.lanes.iter().map(Vec::len).max().unwrap_or(0);
    let width = width.max(crate::geometry::MIN_WIDTH);
    // On paper: what the board is and its counts, not the app's view tabs.
    let open = app.derived.open;
    let resolved = board.questions().len().saturating_sub(open);
    let name = if board.title.is_empty() {
        "Open questions".to_string()
    } else {
        text::display_safe(&board.title, false).into_owned()
    };
    let header = format!(" {name} · {open} open · {resolved} resolved · {today}");
    let pages = longest.div_ceil(per_page).max(1);
    // Where an empty lane says so: the middle of the whole lane, as one tall page would.
    let body_rows = longest.max(1) * crate::geometry::CARD_HEIGHT as usize;
    let hint_row = body_rows.max(6) / 2;
    for page in 0..pages {
        let first = page * per_page;
        let cards = (longest - first.min(longest)).min(per_page).max(1);
        let height =
            (4 + cards as u16 * crate::geometry::CARD_HEIGHT).max(crate::geometry::MIN_HEIGHT);
        app.size = (width, height);
        app.nav.scroll = [first; 3];
        let area = Rect::new(0, 0, width, height);
        let mut buf = Buffer::empty(area);
        let Some(layout) = app.board_layout(area) else {
            return Ok(());
        };
        buf.set_string(0, layout.header.y, &header, theme::label());
        board::draw_lanes(&app, &layout, false, &mut buf);
        let body = layout.lanes[0].body;
        if pages == 1 {
            // The status row is left empty, and trimmed.
            return writeln!(out, "{}", buffer_text(&buf).trim_end());
        }
        // An empty lane's hint, moved from the middle of this page to that of the whole lane.
        let here = first * crate::geometry::CARD_HEIGHT as usize;
        for l in layout
            .lanes
            .iter()
            .filter(|l| app.derived.lanes[l.lane.index()].is_empty())
        {
            let drawn = l.body.y + l.body.height / 2;
            for x in l.body.left()..l.body.right() {
                buf[(x, drawn)].reset();
            }
            if (here..here + cards * crate::geometry::CARD_HEIGHT as usize).contains(&hint_row) {
                let y = l.body.y + (hint_row - here) as u16;
                board::draw_empty_hint(&app, l.lane, l.body, y, &mut buf);
            }
        }
        // The header and the lanes' tops on the first page, their bottoms on the last, and
        // in between the cards of each page.
        let top = if page == 0 { 0 } else { body.y };
        let bottom = body.y + cards as u16 * crate::geometry::CARD_HEIGHT;
        let text = buffer_text(&buf);
        let lines: Vec<&str> = text.lines().collect();
        for line in &lines[top as usize..bottom as usize] {
            writeln!(out, "{line}")?;
        }
        if page + 1 == pages {
            writeln!(out, "{}", lines[body.bottom() as usize])?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_board_path_is_shown_short() {
        let home = Some("/home/ana");
        assert_eq!(
            short_path(
                "/home/ana/code/ledger/unknowns.ron",
                home,
                Some("/home/ana/code/ledger")
            ),
            "ledger/unknowns.ron"
        );
        assert_eq!(
            short_path("/home/ana/unknowns.ron", home, None),
            "~/unknowns.ron"
        );
        assert_eq!(
            short_path("/home/ana/a/b/c/team/unknowns.ron", home, None),
            "~/…/team/unknowns.ron"
        );
        assert_eq!(short_path("/srv/b.ron", home, None), "/srv/b.ron");
        assert_eq!(
            short_path("/home/anab/x.ron", home, None),
            "/home/anab/x.ron"
        );
    }

    use super::*;
    use crate::model::{Board, Lane, Question};

    /// A board with lanes of these lengths; some cards wait on others, one is one-way.
    fn board(lengths: [u32; 3]) -> Board {
        let mut board = Board::new("paged");
        let mut id = 0;
        for (lane, n) in Lane::ALL.into_iter().zip(lengths) {
            for k in 0..n {
                id += 1;
                let mut q = Question::new(id, format!("question {id} in a lane"), lane);
                if k > 0 && k % 3 == 0 {
                    q.after = vec![id - 1];
                }
                if id % 5 == 0 {
                    q.door = crate::model::Door::OneWay;
                }
                board.push(q);
            }
        }
        board
    }

    /// Drawn a few cards at a time and joined, the board reads as one tall page would: the
    /// same lines, the empty lane's hint once and where it was.
    #[test]
    fn a_board_drawn_in_pages_reads_as_one_page() {
        let today = "2026-11-24".parse().unwrap();
        for lengths in [[13, 0, 5], [7, 7, 7], [0, 9, 0], [2, 1, 0], [1, 0, 0]] {
            let board = board(lengths);
            let whole = board_text_by(&board, 100, today, 10_000);
            for per_page in [1, 2, 3, 5, 8] {
                assert_eq!(
                    board_text_by(&board, 100, today, per_page),
                    whole,
                    "{lengths:?} by {per_page}"
                );
            }
        }
    }
}
