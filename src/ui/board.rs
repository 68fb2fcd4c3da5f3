//! The three lanes and their cards.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Padding, Paragraph, Widget};

use super::theme;
use crate::app::{App, Mode};
pub use crate::geometry::text::wrap;
use crate::geometry::{BoardLayout, CardSlot};
use crate::model::plan::{Plan, SectionKind, WarningKind, Why};
use crate::model::{Door, Lane, Question, text};

/// The small markers of a card, the same facts the planner uses: to resolve now, on a cycle,
/// one-way door, open prerequisites, revisit date, needed-by date, owner.
pub fn markers(
    board: &crate::model::Board,
    plan: &Plan,
    (since, today): (Option<jiff::Timestamp>, jiff::civil::Date),
    q: &Question,
) -> Vec<Span<'static>> {
    let mut out = Vec::new();
    match crate::model::review::change_since(q, since) {
        Some(crate::model::review::Reason::New { .. }) => {
            out.push(Span::styled("✚new", theme::revisit()))
        }
        Some(_) => out.push(Span::styled("✎changed", theme::revisit())),
        None => {}
    }
    if !q.conflicts.is_empty() {
        out.push(Span::styled("⚡conflict", theme::warning()));
    }
    let planned = plan.find(q.id);
    if planned.is_some_and(|(kind, _)| kind == SectionKind::ResolveNow) {
        out.push(Span::styled("▶now", theme::now()));
    }
    if plan
        .warnings
        .iter()
        .any(|w| w.kind == WarningKind::Cycle && w.ids.contains(&q.id))
    {
        out.push(Span::styled("cycle", theme::warning()));
    }
    if q.door == Door::OneWay {
        out.push(Span::styled("1-way", theme::one_way()));
    }
    let waits = planned.map_or_else(|| board.open_prerequisites(q), |(_, i)| i.waits_on.len());
    if waits > 0 {
        out.push(Span::styled(format!("waits {waits}"), theme::waits()));
    }
    if let Some(date) = q.revisit {
        // A date that has come looks different from one to come (and in every theme: a mark,
        // not only a colour).
        let came = planned.is_some_and(|(_, item)| {
            matches!(
                item.why,
                Why::ResolveNow { due: Some(_), .. }
                    | Why::DecideInMotion { due: Some(_) }
                    | Why::CanWait { due: Some(_) }
                    | Why::Parked { due: Some(_) }
            )
        });
        out.push(if came {
            Span::styled(format!("↻{}!", date.strftime("%m-%d")), theme::warning())
        } else {
            Span::styled(format!("↻{}", date.strftime("%m-%d")), theme::revisit())
        });
    }
    if let Some(span) = needed_mark(q, planned.and_then(|(_, i)| i.needed_by), today) {
        out.push(span);
    }
    if let Some(owner) = &q.owner {
        out.push(Span::styled(
            format!("@{}", text::display_safe(owner, false)),
            theme::owner(),
        ));
    }
    out
}

/// Working days from which a needed-by date counts as near.
const NEAR_DAYS: i64 = 3;

/// The needed-by mark of a card: the date the question is needed by (its own, or inherited:
/// then with the question it is needed for); marked when near, and passed.
fn needed_mark(
    q: &Question,
    planned: Option<crate::model::plan::NeededBy>,
    today: jiff::civil::Date,
) -> Option<Span<'static>> {
    let (date, source) = match planned {
        Some(n) => (n.date, n.source),
        None => (q.needed_by?, None),
    };
    let day = date.strftime("%m-%d");
    let text = match source {
        Some(s) => format!("⏰{day}→#{s}"),
        None => format!("⏰{day}"),
    };
    Some(if date < today && q.is_open() {
        Span::styled(format!("{text}!"), theme::warning())
    } else if q.is_open() && crate::model::plan::working_days(today, date) <= NEAR_DAYS {
        Span::styled(text, theme::needed_near())
    } else {
        Span::styled(text, theme::revisit())
    })
}

/// Joins markers with spaces, keeping as many as fit in `width` columns.
fn fit_markers(markers: Vec<Span<'static>>, width: usize) -> Line<'static> {
    let mut spans = Vec::new();
    let mut used = 1;
    for m in markers {
        let w = crate::geometry::text::width(&m.content) + 1;
        if used + w > width {
            break;
        }
        spans.push(Span::raw(" "));
        used += w;
        spans.push(m);
    }
    if !spans.is_empty() {
        spans.push(Span::raw(" "));
    }
    Line::from(spans)
}

/// How a card is drawn.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum CardLook {
    Normal,
    Selected,
    /// Being carried with the keyboard.
    Carried,
    /// Being dragged with the mouse: its old place is shown faintly.
    Ghost,
    /// Matches the search.
    Match,
}

pub fn draw_card(
    board: &crate::model::Board,
    plan: &Plan,
    since: (Option<jiff::Timestamp>, jiff::civil::Date),
    q: &Question,
    look: CardLook,
    area: Rect,
    buf: &mut Buffer,
) {
    let selected = !matches!(look, CardLook::Normal | CardLook::Match);
    let border = match look {
        CardLook::Ghost => theme::dim(),
        CardLook::Carried => theme::carried(),
        CardLook::Match => theme::search_match(),
        _ => theme::card_border(q.lane, selected),
    };
    let inner_width = area.width.saturating_sub(2) as usize;
    let mut top = vec![Span::styled(
        format!(" #{} ", q.id),
        theme::id().patch(border),
    )];
    if look == CardLook::Carried {
        top.push(Span::styled("carrying ", theme::carried()));
    }
    let block = Block::bordered()
        .border_type(if selected && look != CardLook::Ghost {
            BorderType::Thick
        } else {
            BorderType::Rounded
        })
        .border_style(border)
        .title_top(Line::from(top))
        .padding(Padding::horizontal(1))
        .title_bottom(fit_markers(
            markers(board, plan, since, q),
            inner_width.saturating_sub(2),
        ));
    let inner = block.inner(area);
    block.render(area, buf);
    let title = text::display_safe(&q.title, false);
    let lines: Vec<Line> = wrap(&title, inner.width as usize, inner.height as usize)
        .into_iter()
        .map(|l| {
            Line::styled(
                l,
                if look == CardLook::Ghost {
                    theme::dim()
                } else {
                    Style::default()
                },
            )
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}

fn draw_lane(app: &App, layout: &BoardLayout, lane: Lane, highlight: bool, buf: &mut Buffer) {
    let l = &layout.lanes[lane.index()];
    let focused = highlight && app.nav.focus == lane;
    let count = app.derived.lanes[lane.index()].len();
    let mut block = Block::bordered()
        .border_type(BorderType::Plain)
        .border_style(theme::lane_border(lane, focused))
        .title_top(Line::from(vec![Span::styled(
            lane_title(lane, count, l.area.width.saturating_sub(2) as usize),
            theme::lane_header(lane, focused),
        )]));
    if l.above > 0 {
        block =
            block.title_top(Line::styled(format!("↑{} ", l.above), theme::dim()).right_aligned());
    }
    if l.below > 0 {
        block = block.title_bottom(
            Line::styled(format!("↓{} more ", l.below), theme::dim()).right_aligned(),
        );
    }
    block.render(l.area, buf);
    if count == 0 && l.body.height > 0 {
        draw_empty_hint(app, lane, l.body, l.body.y + l.body.height / 2, buf);
    }
    let selected = app.selected_id();
    let carried = match &app.mode {
        Mode::Grab { id, .. } => Some(*id),
        _ => None,
    };
    let ghost = app
        .nav
        .drag
        .as_ref()
        .filter(|d| d.target.is_some())
        .map(|d| d.id);
    for &CardSlot { id, area, .. } in &l.cards {
        let Some(q) = app.question(id) else { continue };
        let look = if Some(id) == carried {
            CardLook::Carried
        } else if Some(id) == ghost {
            CardLook::Ghost
        } else if Some(id) == selected && focused {
            CardLook::Selected
        } else if app
            .search
            .as_deref()
            .is_some_and(|s| crate::model::filter::text_matches(q, s))
        {
            CardLook::Match
        } else {
            CardLook::Normal
        };
        draw_card(
            &app.session.board,
            &app.derived.plan,
            (app.last_review, app.today),
            q,
            look,
            area,
            buf,
        );
    }
    // The drop marker of a mouse drag.
    if let Some(drag) = &app.nav.drag
        && let Some((to, pos)) = drag.target
        && to == lane
        && let Some(row) = layout.marker_row(lane, pos)
    {
        let text = format!("▶{}◀", "━".repeat(l.body.width.saturating_sub(2) as usize));
        buf.set_stringn(
            l.body.x,
            row,
            text,
            l.body.width as usize,
            theme::drop_marker(),
        );
    }
}

/// Draws the lanes; `highlight` shows the focus and selection (off under a popup, and in
/// plain text output).
/// " Blocking 6 ", shortened to fit narrow lanes.
fn lane_title(lane: Lane, count: usize, width: usize) -> String {
    let full = format!(" {} {count} ", lane.name());
    if crate::geometry::text::width(&full) <= width {
        return full;
    }
    let short = match lane {
        Lane::Blocking => "Block",
        Lane::Uncomfortable => "Uncomf",
        Lane::Interesting => "Interest",
    };
    format!(" {short} {count} ")
}

/// What an empty lane says, on row `y` of its body.
pub(super) fn draw_empty_hint(app: &App, lane: Lane, body: Rect, y: u16, buf: &mut Buffer) {
    let hint = match lane {
        _ if app.filter.is_some() => "none match the filter".to_string(),
        Lane::Blocking => format!("nothing blocking: {} to add", app.keys().add()),
        Lane::Uncomfortable => "nothing uncomfortable".to_string(),
        Lane::Interesting => "nothing parked".to_string(),
    };
    Paragraph::new(Line::styled(hint, theme::dim()).centered())
        .render(Rect::new(body.x, y, body.width, 1), buf);
}

pub fn draw_lanes(app: &App, layout: &BoardLayout, highlight: bool, buf: &mut Buffer) {
    for lane in Lane::ALL {
        draw_lane(app, layout, lane, highlight, buf);
    }
}
