//! The Map view: open questions as a graph, prerequisites to the left, edges in box-drawing
//! characters (readable in every theme, no colour needed), the critical chain marked and named.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Widget};

use super::theme;
use crate::app::App;
use crate::geometry::map::MapLayout;
use crate::model::plan::WarningKind;
use crate::model::{Door, text};

const UP: u8 = 1;
const DOWN: u8 = 2;
const LEFT: u8 = 4;
const RIGHT: u8 = 8;

/// The box-drawing character for lines leaving a cell in these directions.
fn glyph(mask: u8) -> char {
    match mask {
        m if m == UP | DOWN | LEFT | RIGHT => '┼',
        m if m == UP | DOWN | RIGHT => '├',
        m if m == UP | DOWN | LEFT => '┤',
        m if m == LEFT | RIGHT | DOWN => '┬',
        m if m == LEFT | RIGHT | UP => '┴',
        m if m == DOWN | RIGHT => '┌',
        m if m == DOWN | LEFT => '┐',
        m if m == UP | RIGHT => '└',
        m if m == UP | LEFT => '┘',
        m if m & (UP | DOWN) != 0 && m & (LEFT | RIGHT) == 0 => '│',
        _ => '─',
    }
}

/// The cells edges pass through, each with the directions its lines leave it in, and whether
/// an edge of the critical chain passes.
#[derive(Default)]
struct Lines {
    cells: foldhash::HashMap<(u16, u16), (u8, bool)>,
    arrows: Vec<(u16, u16, char, bool)>,
}

impl Lines {
    fn mark(&mut self, x: u16, y: u16, dirs: u8, chain: bool) {
        let cell = self.cells.entry((x, y)).or_default();
        cell.0 |= dirs;
        cell.1 |= chain;
    }

    fn horizontal(&mut self, y: u16, from: u16, to: u16, chain: bool) {
        let (a, b) = (from.min(to), from.max(to));
        for x in a..=b {
            let mut d = 0;
            if x > a {
                d |= LEFT;
            }
            if x < b {
                d |= RIGHT;
            }
            self.mark(x, y, d, chain);
        }
    }

    fn vertical(&mut self, x: u16, from: u16, to: u16, chain: bool) {
        let (a, b) = (from.min(to), from.max(to));
        for y in a..=b {
            let mut d = 0;
            if y > a {
                d |= UP;
            }
            if y < b {
                d |= DOWN;
            }
            self.mark(x, y, d, chain);
        }
    }

    /// An edge from the right side of `from` to `to`: forward into its left side, or (to a
    /// question in the same column or before it: a cycle) back into its right side.
    /// `lane` (0 to 2) picks the column of the gap the edge turns in: edges into different
    /// questions turn in different columns, so lines that meet mean the same question.
    fn edge(&mut self, from: Rect, to: Rect, lane: u16, chain: bool) {
        let (y1, y2) = (from.y + from.height / 2, to.y + to.height / 2);
        if to.x > from.right() {
            let turn = to.x.saturating_sub(2 + lane);
            self.horizontal(y1, from.right(), turn, chain);
            self.vertical(turn, y1, y2, chain);
            self.horizontal(y2, turn, to.x.saturating_sub(1), chain);
            self.arrows.push((to.x.saturating_sub(1), y2, '▶', chain));
        } else {
            let turn = from.right() + 1 + lane;
            self.horizontal(y1, from.right(), turn, chain);
            self.vertical(turn, y1, y2, chain);
            self.horizontal(y2, to.right(), turn, chain);
            self.arrows.push((to.right(), y2, '◀', chain));
        }
    }

    fn draw(&self, area: Rect, buf: &mut Buffer) {
        let plain = Style::default().add_modifier(Modifier::DIM);
        let chain = theme::needed_near();
        for (&(x, y), &(mask, on_chain)) in &self.cells {
            if area.contains((x, y).into()) {
                buf[(x, y)]
                    .set_char(glyph(mask))
                    .set_style(if on_chain { chain } else { plain });
            }
        }
        for &(x, y, c, on_chain) in &self.arrows {
            if area.contains((x, y).into()) {
                buf[(x, y)]
                    .set_char(c)
                    .set_style(if on_chain { chain } else { plain });
            }
        }
    }
}

/// The Map: its frame with the critical chain named, the edges, then the nodes over them.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let body = crate::geometry::body(area);
    let chain = app.critical_chain();
    let layout = app.map_layout();
    let title = if chain.is_empty() {
        " Map · no blocking question waits on a chain ".to_string()
    } else {
        let path: Vec<String> = chain.iter().map(|id| format!("#{id}")).collect();
        format!(
            " Map · critical chain: {} question{}, {} ",
            chain.len(),
            if chain.len() == 1 { "" } else { "s" },
            path.join(" → ")
        )
    };
    let block = Block::bordered()
        .title_top(Line::styled(title, theme::label()))
        .title_bottom(Line::styled(footer(app, &layout), theme::dim()));
    block.render(body, buf);
    let inner = app.map_area();
    if layout.nodes.is_empty() {
        Paragraph::new(Line::styled(
            " No open question waits on another: nothing to draw (Tab to the board).",
            theme::dim(),
        ))
        .render(inner, buf);
        return;
    }
    let on_chain = |a: u32, b: u32| chain.windows(2).any(|w| w[0] == a && w[1] == b);
    let mut lines = Lines::default();
    for &(a, b) in &layout.edges {
        if let (Some(na), Some(nb)) = (layout.node(a), layout.node(b)) {
            let row = layout.column(nb.column).iter().position(|&n| n == b);
            let lane = row.unwrap_or(0) as u16 % 3;
            lines.edge(na.area, nb.area, lane, on_chain(a, b));
        }
    }
    lines.draw(inner, buf);
    let selected = app.map_selected_id();
    for node in &layout.nodes {
        node_card(
            app,
            node.id,
            node.area,
            selected == Some(node.id),
            chain.contains(&node.id),
            buf,
        );
    }
}

/// What the Map leaves out, said on its bottom edge: questions beyond the hops drawn, rows
/// cut, questions with no links, cycles.
fn footer(app: &App, layout: &MapLayout) -> String {
    let mut parts = Vec::new();
    if !layout.whole {
        parts.push("around the selection".to_string());
    }
    if layout.beyond.0 > 0 {
        parts.push(format!("◀ {} more prerequisites", layout.beyond.0));
    }
    if layout.beyond.1 > 0 {
        parts.push(format!("{} more wait further ▶", layout.beyond.1));
    }
    let cut: usize = layout.columns.iter().map(|c| c.more).sum();
    if cut > 0 {
        parts.push(format!("{cut} not shown for room"));
    }
    if layout.unlinked > 0 {
        parts.push(format!("{} with no links (not drawn)", layout.unlinked));
    }
    // Each cycle named as the warnings name it, through its first member.
    let plan = &app.derived.plan;
    for w in plan
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::Cycle)
    {
        if let Some(path) = w
            .ids
            .first()
            .and_then(|&id| plan.find(id))
            .and_then(|(_, item)| item.cycle())
        {
            parts.push(format!("cycle {path}"));
        }
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" {} ", parts.join(" · "))
    }
}

/// A question as a compact card: number, one-way mark, title cut to fit, owner; its lane's
/// colour; thick when selected, double when on the critical chain. One the filter leaves
/// out is a small gap mark.
fn node_card(app: &App, id: u32, area: Rect, selected: bool, chain: bool, buf: &mut Buffer) {
    let Some(q) = app.question(id) else {
        return;
    };
    crate::geometry::text::clear(area, buf);
    if let Some((_, filter)) = &app.filter
        && !filter.matches(q)
    {
        let mark = format!("┄#{id}┄");
        let y = area.y + area.height / 2;
        buf.set_string(area.x + 1, y, mark, theme::dim());
        return;
    }
    let mut top = vec![Span::styled(format!("#{id}"), theme::id())];
    if q.door == Door::OneWay {
        top.push(Span::styled(" 1-way", theme::one_way()));
    }
    let bottom = q
        .owner
        .as_ref()
        .map(|o| Line::styled(format!("@{}", text::display_safe(o, false)), theme::owner()))
        .unwrap_or_default();
    let block = Block::bordered()
        .border_type(if selected {
            BorderType::Thick
        } else if chain {
            BorderType::Double
        } else {
            BorderType::Rounded
        })
        .border_style(theme::card_border(q.lane, selected))
        .title_top(Line::from(top))
        .title_bottom(bottom);
    let inner = block.inner(area);
    block.render(area, buf);
    let title = text::display_safe(&q.title, false);
    let rows = crate::geometry::text::wrap(&title, inner.width as usize, inner.height as usize);
    Paragraph::new(rows.into_iter().map(Line::raw).collect::<Vec<_>>()).render(inner, buf);
}
