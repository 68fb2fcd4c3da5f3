//! Emoji sequences, flags, skin tones, combining marks and zero-width characters in titles and
//! text: measured and cut by grapheme clusters as ratatui draws them, at several widths, in
//! every view and overlay.

mod common;
use common::now;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::{Buffer, CellWidth};
use unknowns::app::{Action, App};
use unknowns::model::{Board, Lane};
use unknowns::ui;

const FAMILY: &str = "👨\u{200d}👩\u{200d}👧\u{200d}👦";
const RAINBOW: &str = "🏳\u{fe0f}\u{200d}🌈";
const THUMB: &str = "👍🏽";
const FLAGS: &str = "🇩🇪🇫🇷🇯🇵";

fn titles() -> Vec<String> {
    vec![
        format!("{FAMILY} family {FAMILY} of four {FAMILY}{FAMILY}{FAMILY}{FAMILY}{FAMILY}{FAMILY}{FAMILY}{FAMILY}"),
        format!("Flags {FLAGS}{FLAGS}{FLAGS} and {RAINBOW}{RAINBOW} pride {THUMB}{THUMB}{THUMB}"),
        "Zero\u{200b}width\u{200b}space\u{2060}joiner and e\u{301}\u{301} combining 数据库迁移数据库迁移数据库迁移".to_string(),
        "数据库迁移数据库迁移数据库迁移数据库迁移数据库迁移数据库迁移数据库迁移数据库迁移".to_string(),
        "x数据库迁移数据库迁移数据库迁移数据库迁移数据库迁移数据库迁移数据库迁移数据库迁移".to_string(),
        format!("{THUMB}{THUMB}{THUMB}{THUMB}{THUMB}{THUMB}{THUMB}{THUMB}{THUMB}{THUMB}{THUMB}{THUMB}{THUMB}{THUMB}{THUMB}"),
    ]
}

fn board() -> Board {
    let mut board = Board::new(format!("Board {FAMILY}"));
    for (k, t) in titles().iter().enumerate() {
        let lane = Lane::ALL[k % 3];
        let id = board.add(t, lane, now()).unwrap();
        board
            .edit(id, now(), |e| {
                e.known = format!("{t} {t}");
                e.stakes = format!("stakes {FAMILY} {RAINBOW}");
                e.next_step = t.clone();
                e.owner = Some(format!("ana{THUMB}"));
            })
            .unwrap();
    }
    board
}

/// The screen as rows of (column, grapheme) as a terminal shows them.
fn rows(buf: &Buffer) -> Vec<Vec<(u16, String)>> {
    let area = buf.area;
    let mut out = Vec::new();
    for y in area.top()..area.bottom() {
        let mut row = Vec::new();
        let mut x = area.left();
        while x < area.right() {
            let symbol = buf[(x, y)].symbol().to_string();
            let w = symbol.as_str().cell_width().max(1);
            assert!(
                x + w <= area.right(),
                "row {y}: {symbol:?} at {x} runs off the screen"
            );
            // The cells a wide cluster covers are not drawn by the terminal diff: anything
            // there (an overlay's border, say) would be lost on screen.
            for hidden in x + 1..x + w {
                let under = buf[(hidden, y)].symbol();
                assert!(
                    under == " " || under.is_empty(),
                    "row {y}: {symbol:?} at {x} hides {under:?} at {hidden}\n{}",
                    ui::buffer_text(buf)
                );
            }
            row.push((x, symbol));
            x += w;
        }
        out.push(row);
    }
    out
}

fn draw(app: &mut App, width: u16, height: u16) -> Buffer {
    app.update(Action::Resize { width, height }, now());
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    // The frame as drawn, before the diff to the terminal drops what it cannot show.
    terminal.draw(|f| ui::view(app, f)).unwrap().buffer.clone()
}

/// No cluster is split: every piece of a family, flag or skin tone on screen is whole.
fn whole_clusters(buf: &Buffer, what: &str) {
    for (y, row) in rows(buf).iter().enumerate() {
        for (x, g) in row {
            let c = g.chars().next().unwrap_or(' ');
            if g.contains('\u{200d}') {
                assert!(
                    g == FAMILY || g == RAINBOW,
                    "{what}: a split sequence {g:?} at {x},{y}"
                );
            }
            if ('\u{1f1e6}'..='\u{1f1ff}').contains(&c) {
                assert_eq!(g.chars().count(), 2, "{what}: half a flag {g:?} at {x},{y}");
            }
            if c == '👍' {
                assert_eq!(g, THUMB, "{what}: a thumb without its tone at {x},{y}");
            }
            if ['👨', '👩', '👧', '👦'].contains(&c) {
                assert_eq!(g, FAMILY, "{what}: a family losing a person at {x},{y}");
            }
        }
    }
}

/// The lanes' borders are whole on every row of the board: nothing a card draws pushes them.
fn lane_borders_whole(buf: &Buffer, what: &str) {
    let rows = rows(buf);
    let top = &rows[1];
    let corners: Vec<u16> = top
        .iter()
        .filter(|(_, g)| g == "┌" || g == "┐")
        .map(|(x, _)| *x)
        .collect();
    // Three lanes, and the detail pane beside them on a wide terminal.
    let detail = top
        .windows(6)
        .any(|w| w.iter().map(|(_, g)| g.as_str()).collect::<String>() == "Detail");
    assert_eq!(
        corners.len(),
        if detail { 8 } else { 6 },
        "{what}: lanes' corners {top:?}"
    );
    let bottom = rows
        .iter()
        .position(|r| r.iter().any(|(_, g)| g == "└"))
        .unwrap();
    for (y, row) in rows.iter().enumerate().take(bottom).skip(2) {
        for &x in &corners {
            let at = row.iter().find(|(cx, _)| *cx == x);
            assert!(
                matches!(at, Some((_, g)) if g == "│"),
                "{what}: the lane border at column {x} is lost on row {y}: {at:?}\n{}",
                ui::buffer_text(buf)
            );
        }
    }
}

const SIZES: [(u16, u16); 9] = [
    (80, 24),
    (81, 25),
    (97, 31),
    (98, 30),
    (120, 40),
    (121, 40),
    (151, 45),
    (200, 50),
    (201, 50),
];

#[test]
fn the_board_keeps_its_borders_and_every_cluster_whole() {
    for (w, h) in SIZES {
        let mut app = App::new(board(), "b.ron");
        let buf = draw(&mut app, w, h);
        whole_clusters(&buf, &format!("board {w}x{h}"));
        lane_borders_whole(&buf, &format!("board {w}x{h}"));
    }
}

#[test]
fn views_and_overlays_keep_every_cluster_whole_and_cover_what_is_under_them() {
    let cases: Vec<(&str, Vec<Action>)> = vec![
        ("next", vec![Action::SwitchView]),
        ("editor", vec![Action::Edit]),
        ("present", vec![Action::Present]),
        ("zoom", vec![Action::Present, Action::Zoom]),
        ("review", vec![Action::Review]),
        ("decide", vec![Action::Decide]),
        ("picker", vec![Action::PickPrerequisite]),
        ("delete", vec![Action::Delete]),
    ];
    for (w, h) in SIZES {
        for (name, actions) in &cases {
            let mut app = App::new(board(), "b.ron");
            for a in actions {
                app.update(a.clone(), now());
            }
            let buf = draw(&mut app, w, h);
            whole_clusters(&buf, &format!("{name} {w}x{h}"));
        }
    }
}
