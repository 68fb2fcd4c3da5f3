//! Where everything goes on screen, from plain data (the size, the lanes, the scroll, the
//! plan): the view draws from this and the app's mouse handling and scrolling read the same
//! result, so a click lands exactly on what was drawn. Below both app and ui.

use ratatui::layout::{Constraint, Layout, Rect};

use crate::model::Lane;

pub mod lists;
pub mod map;
pub mod text;

/// Rows of one card: border, two title lines, border with markers.
pub const CARD_HEIGHT: u16 = 4;
/// Below this the board is not drawn; a note asks for a larger terminal.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;

/// The header row, the status row, and the lane borders.
const CHROME_ROWS: u16 = 4;

/// Rows from one card to the next: presentation mode leaves a blank row between cards.
pub fn slot_height(present: bool) -> u16 {
    CARD_HEIGHT + u16::from(present)
}

/// How many cards a lane shows at a terminal size.
pub fn cards_per_lane((width, height): (u16, u16), present: bool, detail: DetailAt) -> usize {
    let below = match detail {
        DetailAt::Below => detail_rows(height),
        _ => 0,
    };
    let _ = width; // beside the lanes, the detail takes no rows from them
    (height.saturating_sub(CHROME_ROWS + below) / slot_height(present)) as usize
}

/// Where the board shows the selected question's detail: beside the lanes on a wide terminal,
/// below them on a tall one, or not at all (too small, or turned off).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DetailAt {
    None,
    Right,
    Below,
}

/// Whether the selected question's detail is shown (`i` in every view).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Detail {
    /// Where it fits without costing the board cards: beside the lanes from
    /// [`DETAIL_RIGHT_FROM`] columns, below them from [`DETAIL_BELOW_FROM`] rows; always
    /// in the lists.
    #[default]
    Auto,
    /// Asked for: below the lanes when it does not fit beside them (fewer cards show), down to
    /// [`DETAIL_BELOW_MIN`] rows.
    Shown,
    /// Turned off: the lanes and lists take the whole screen.
    Hidden,
}

/// Columns from which the detail goes beside the lanes, and rows from which it goes below.
pub const DETAIL_RIGHT_FROM: u16 = 150;
pub const DETAIL_BELOW_FROM: u16 = 44;
/// Rows from which the board can show the detail below the lanes at all (when asked).
pub const DETAIL_BELOW_MIN: u16 = 22;

pub fn detail_at((width, height): (u16, u16), detail: Detail) -> DetailAt {
    let below_from = match detail {
        Detail::Hidden => return DetailAt::None,
        Detail::Auto => DETAIL_BELOW_FROM,
        Detail::Shown => DETAIL_BELOW_MIN,
    };
    if width >= DETAIL_RIGHT_FROM {
        DetailAt::Right
    } else if height >= below_from {
        DetailAt::Below
    } else {
        DetailAt::None
    }
}

/// Rows the detail takes below the lanes.
fn detail_rows(height: u16) -> u16 {
    height * 2 / 5
}

/// The screen between the header row and the status row.
pub fn body(area: Rect) -> Rect {
    Rect::new(
        area.x,
        area.y + 1,
        area.width,
        area.height.saturating_sub(2),
    )
}

/// Whether the terminal is large enough to draw the board.
pub fn fits(area: Rect) -> bool {
    area.width >= MIN_WIDTH && area.height >= MIN_HEIGHT
}

/// One card on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CardSlot {
    /// Position in the lane.
    pub index: usize,
    pub id: u32,
    pub area: Rect,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LaneLayout {
    pub lane: Lane,
    /// The lane with its border.
    pub area: Rect,
    /// Inside the border, where cards go.
    pub body: Rect,
    pub cards: Vec<CardSlot>,
    /// Cards hidden above and below.
    pub above: usize,
    pub below: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoardLayout {
    /// Rows from one card to the next.
    pub slot: u16,
    pub header: Rect,
    /// Where the selected question's detail goes, if the board shows it.
    pub detail: Option<Rect>,
    pub lanes: [LaneLayout; 3],
    pub status: Rect,
}

/// What a screen cell holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hit {
    Card { lane: Lane, index: usize, id: u32 },
    Lane { lane: Lane },
}

fn contains(area: Rect, col: u16, row: u16) -> bool {
    col >= area.x && col < area.right() && row >= area.y && row < area.bottom()
}

/// Lays out the board (the open question ids of each lane, the first shown of each), or `None`
/// when the terminal is too small for it.
pub fn board_layout(
    area: Rect,
    present: bool,
    lanes: &[Vec<u32>; 3],
    scroll: &[usize; 3],
    detail_at: DetailAt,
) -> Option<BoardLayout> {
    if !fits(area) {
        return None;
    }
    let [header, lanes_area, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    let (lanes_area, detail) = match detail_at {
        DetailAt::None => (lanes_area, None),
        DetailAt::Right => {
            let [l, d] = Layout::horizontal([Constraint::Min(0), Constraint::Percentage(35)])
                .areas(lanes_area);
            (l, Some(d))
        }
        DetailAt::Below => {
            let [l, d] = Layout::vertical([
                Constraint::Min(0),
                Constraint::Length(detail_rows(area.height)),
            ])
            .areas(lanes_area);
            (l, Some(d))
        }
    };
    let columns: [Rect; 3] = Layout::horizontal([Constraint::Ratio(1, 3); 3]).areas(lanes_area);
    let slot = slot_height(present);
    let visible = cards_per_lane((area.width, area.height), present, detail_at);
    let lanes = Lane::ALL.map(|lane| {
        let i = lane.index();
        let area = columns[i];
        let body = Rect::new(
            area.x + 1,
            area.y + 1,
            area.width.saturating_sub(2),
            area.height.saturating_sub(2),
        );
        let ids = &lanes[i];
        let first = scroll[i].min(ids.len());
        let cards: Vec<CardSlot> = ids[first..]
            .iter()
            .take(visible)
            .enumerate()
            .map(|(k, &id)| CardSlot {
                index: first + k,
                id,
                area: Rect::new(body.x, body.y + k as u16 * slot, body.width, slot),
            })
            .collect();
        let below = ids.len() - first - cards.len();
        LaneLayout {
            lane,
            area,
            body,
            cards,
            above: first,
            below,
        }
    });
    Some(BoardLayout {
        slot,
        detail,
        header,
        lanes,
        status,
    })
}

impl BoardLayout {
    /// The lane whose column holds a cell (any row of the lanes).
    pub fn lane_at(&self, col: u16, row: u16) -> Option<Lane> {
        self.lanes
            .iter()
            .find(|l| contains(l.area, col, row))
            .map(|l| l.lane)
    }

    pub fn hit(&self, col: u16, row: u16) -> Option<Hit> {
        let lane = self.lanes.iter().find(|l| contains(l.area, col, row))?;
        Some(
            lane.cards
                .iter()
                .find(|c| contains(c.area, col, row))
                .map(|c| Hit::Card {
                    lane: lane.lane,
                    index: c.index,
                    id: c.id,
                })
                .unwrap_or(Hit::Lane { lane: lane.lane }),
        )
    }

    /// Where a card released at a cell would land: the lane under the pointer (by column, so
    /// a release a little above or below the lanes still counts) and the position among that
    /// lane's cards, the nearest gap between cards.
    pub fn drop_target(&self, col: u16, row: u16) -> Option<(Lane, usize)> {
        let lane = self
            .lanes
            .iter()
            .find(|l| col >= l.area.x && col < l.area.right())?;
        let total = lane.above + lane.cards.len() + lane.below;
        let offset = row.saturating_sub(lane.body.y) + self.slot / 2;
        let pos = lane.above + (offset / self.slot) as usize;
        Some((lane.lane, pos.min(total)))
    }

    /// The row where the drop marker goes for a position in a lane.
    pub fn marker_row(&self, lane: Lane, pos: usize) -> Option<u16> {
        let l = &self.lanes[lane.index()];
        let k = pos.checked_sub(l.above)?;
        if k > l.cards.len() {
            return None;
        }
        let row = l.body.y + k as u16 * self.slot;
        Some(row.min(l.body.bottom().saturating_sub(1)))
    }
}

/// One line of the help overlay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HelpLine {
    /// A group's name (moving, changing, views…).
    Heading(String),
    /// A binding: its keys and (the first line of) what they do.
    Entry(String, String),
    /// The rest of a binding's description, wrapped under it.
    More(String),
    /// A note after the bindings (the mouse, typing), and the blank line before one.
    Note(String),
    Blank,
}

/// The help overlay laid out in columns: each group of bindings under its name, each
/// description wrapped under itself when the column is narrower than it, then the notes; and
/// how many rows show at once. The app scrolls and the view draws from the same columns, so
/// the end of help can always be reached; a 120x40 screen shows a board's keys whole.
pub struct HelpLayout {
    pub columns: Vec<Vec<HelpLine>>,
    pub key_width: usize,
    /// The width of one column, and of the whole popup.
    pub column_width: u16,
    pub width: u16,
    pub height: u16,
}

impl HelpLayout {
    /// How many rows show at once.
    pub fn rows(&self) -> usize {
        self.height.saturating_sub(2) as usize
    }

    /// The rows of the longest column.
    pub fn row_count(&self) -> usize {
        self.columns.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// The furthest it scrolls.
    pub fn last(&self) -> usize {
        self.row_count().saturating_sub(self.rows())
    }
}

/// Columns of help narrower than this are not worth the split.
const HELP_COLUMN_MIN: usize = 52;
/// A column's break moves up to this many rows earlier to fall between groups.
const HELP_BREAK_SLACK: usize = 5;

/// Lays out help: `groups` of (keys, what they do), each under its name (no names when there
/// is one group), then `notes`, in as many columns as the screen's width holds (up to three).
pub fn help_layout(
    groups: &[(&str, Vec<(String, &str)>)],
    notes: &[&str],
    size: (u16, u16),
) -> HelpLayout {
    let entries = || groups.iter().flat_map(|(_, e)| e.iter());
    let key_width = entries().map(|(k, _)| text::width(k)).max().unwrap_or(0);
    let widest = entries()
        .map(|(_, h)| key_width + 2 + text::width(h))
        .chain(notes.iter().map(|n| text::width(n)))
        .max()
        .unwrap_or(0);
    let count: usize = groups.iter().map(|(_, e)| e.len()).sum();
    let inner = (size.0 as usize).saturating_sub(2);
    // More than one column only when the keys would not fit in one at this height.
    let fits_one = count + 2 * groups.len() + 2 * notes.len() + 2 <= size.1 as usize;
    let across = if fits_one {
        1
    } else {
        (inner / HELP_COLUMN_MIN).clamp(1, 3)
    };
    let column = if across == 1 {
        (widest + 1).max(38).min(inner)
    } else {
        (inner + 1) / across - 1
    };
    let named = groups.len() > 1;
    let mut lines = Vec::new();
    let mut starts = Vec::new();
    for (name, group) in groups {
        if group.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(HelpLine::Blank);
        }
        starts.push(lines.len());
        if named {
            lines.push(HelpLine::Heading((*name).to_string()));
        }
        for (keys, help) in group {
            let room = column.saturating_sub(key_width + 2).max(8);
            for (k, part) in text::wrap(help, room, usize::MAX).into_iter().enumerate() {
                lines.push(if k == 0 {
                    HelpLine::Entry(keys.clone(), part)
                } else {
                    HelpLine::More(part)
                });
            }
        }
    }
    for note in notes {
        lines.push(HelpLine::Blank);
        for part in text::wrap(note, column.max(8), usize::MAX) {
            lines.push(HelpLine::Note(part));
        }
    }
    let columns = split_columns(lines, &starts, across);
    let width = if across == 1 {
        column as u16 + 2
    } else {
        size.0
    };
    let longest = columns.iter().map(Vec::len).max().unwrap_or(0);
    HelpLayout {
        columns,
        key_width,
        column_width: column as u16,
        width,
        height: (longest as u16 + 2).min(size.1),
    }
}

/// Splits help's lines into `across` columns of about equal length, each break moved back to
/// the start of a group when one is near.
fn split_columns(lines: Vec<HelpLine>, starts: &[usize], across: usize) -> Vec<Vec<HelpLine>> {
    let per = lines.len().div_ceil(across.max(1)).max(1);
    let mut breaks = Vec::new();
    let mut from = 0;
    for _ in 1..across {
        let end = (from + per).min(lines.len());
        let at = starts
            .iter()
            .copied()
            .filter(|&s| s > from && s <= end && end - s <= HELP_BREAK_SLACK)
            .max()
            .unwrap_or(end);
        // Never between a binding and the rest of its description.
        let mut at = at;
        while at > from + 1 && matches!(lines.get(at), Some(HelpLine::More(_))) {
            at -= 1;
        }
        breaks.push(at);
        from = at;
    }
    let mut columns = Vec::new();
    let mut rest = lines;
    for &at in breaks.iter().rev() {
        let at = at.min(rest.len());
        columns.push(rest.split_off(at));
    }
    columns.push(rest);
    columns.reverse();
    for column in &mut columns {
        while column.first() == Some(&HelpLine::Blank) {
            column.remove(0);
        }
    }
    columns.retain(|c| !c.is_empty());
    columns
}
