//! Benches on generated boards: `cargo bench --locked`.
//!
//! load / save / format a 10,000-question board; one keystroke's update plus a full 200x50
//! frame render.

use divan::Bencher;
use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use unknowns::app::{Action, App};
use unknowns::model::{Board, Door, Lane, Question};
use unknowns::{format, store, ui};

fn main() {
    divan::main();
}

fn now() -> Timestamp {
    "2026-11-24T09:00:00Z".parse().unwrap()
}

/// A board of `n` questions spread over the lanes, with prerequisites, owners and history,
/// about the size of real questions.
pub fn generated(n: u32) -> Board {
    let mut board = Board::new("generated");
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for id in 1..=n {
        let lane = Lane::ALL[(next() % 3) as usize];
        let mut q = Question::new(
            id,
            format!(
                "Question {id}: which option do we take for part {}?",
                next() % 1000
            ),
            lane,
        );
        q.known = "What we know so far, in a sentence or two of plain words.".into();
        q.stakes = "Why it matters: what goes wrong while this stays open.".into();
        q.next_step = "Talk to the owning team and write down the options.".into();
        if next() % 4 == 0 {
            q.door = Door::OneWay;
        }
        if id > 1 {
            for _ in 0..next() % 4 {
                let after = (next() % (id as u64 - 1)) as u32 + 1;
                if !q.after.contains(&after) {
                    q.after.push(after);
                }
            }
        }
        if next() % 10 == 0 {
            q.revisit = Some(jiff::civil::date(2026, 11, 1 + (next() % 60) as i8 % 28));
        }
        if next() % 2 == 0 {
            q.owner = Some(format!("owner{}", next() % 20));
        }
        q.created = Some(now());
        q.updated = Some(now());
        board.push(q);
    }
    board.validate().unwrap();
    board
}

#[divan::bench(args = [1_000, 10_000])]
fn load(bencher: Bencher, n: u32) {
    let text = format::write(&generated(n));
    bencher.bench(|| format::parse(divan::black_box(text.as_bytes())).unwrap());
}

#[divan::bench(args = [1_000, 10_000])]
fn format_board(bencher: Bencher, n: u32) {
    let board = generated(n);
    bencher.bench(|| format::write(divan::black_box(&board)));
}

#[divan::bench(args = [10_000])]
fn save_atomically(bencher: Bencher, n: u32) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("board.ron");
    let board = generated(n);
    bencher.bench(|| store::save(&path, &board).unwrap());
}

/// Alternates two actions on an app at 200x50 (after `setup`), drawing a full frame after
/// each: what one keystroke costs, from key to screen. Saving runs on another thread; a change
/// only clones the board's pointers for it, which is counted here.
fn keystrokes(bencher: Bencher, n: u32, setup: &[Action], steps: [Action; 2]) {
    let mut app = App::new(generated(n), "bench.ron");
    app.update(
        Action::Resize {
            width: 200,
            height: 50,
        },
        now(),
    );
    for action in setup {
        app.update(action.clone(), now());
    }
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    let mut k = 0;
    bencher.bench_local(|| {
        k += 1;
        let effects = app.update(steps[k % 2].clone(), now());
        let saved = (!effects.is_empty()).then(|| app.board.clone());
        terminal.draw(|f| ui::view(&app, f)).unwrap();
        saved
    });
}

/// Moving the selection on the board.
#[divan::bench(args = [1_000, 10_000])]
fn keystroke_and_frame(bencher: Bencher, n: u32) {
    keystrokes(bencher, n, &[], [Action::SelectDown, Action::SelectUp]);
}

/// A change: move the selected card down its lane and back, each an undo step, a new plan and
/// a save.
#[divan::bench(args = [1_000, 10_000])]
fn move_card_and_frame(bencher: Bencher, n: u32) {
    keystrokes(bencher, n, &[], [Action::MoveDown, Action::MoveUp]);
}

/// Moving through the Next steps view.
#[divan::bench(args = [1_000, 10_000])]
fn next_view_keystroke_and_frame(bencher: Bencher, n: u32) {
    keystrokes(
        bencher,
        n,
        &[Action::SwitchView],
        [Action::SelectDown, Action::SelectUp],
    );
}

/// The planner on a board with random prerequisites (see `generated`).
#[divan::bench(args = [1_000, 10_000])]
fn plan_board(bencher: Bencher, n: u32) {
    let board = generated(n);
    let today: jiff::civil::Date = "2026-11-24".parse().unwrap();
    bencher.bench(|| unknowns::model::plan::plan(divan::black_box(&board), today));
}

/// Pasting 10,000 lines into the editor's Known field: the paste is cleaned and inserted.
#[divan::bench]
fn paste_ten_thousand_lines(bencher: Bencher) {
    let pasted: String = (0..10_000)
        .map(|i| format!("line {i} of a long paste\t\u{1b}[2J\r\n"))
        .collect();
    bencher
        .with_inputs(|| {
            let mut app = App::new(generated(100), "bench.ron");
            app.update(Action::Edit, now());
            app.update(Action::NextField, now());
            app
        })
        .bench_local_values(|mut app| {
            app.update(Action::Paste(pasted.clone()), now());
            app
        });
}

/// The presentation view, board and zoomed question, on a 200x60 screen.
#[divan::bench(args = [1_000])]
fn presentation_frame(bencher: Bencher, n: u32) {
    let mut app = App::new(generated(n), "bench.ron");
    app.update(
        Action::Resize {
            width: 200,
            height: 60,
        },
        now(),
    );
    app.update(Action::Present, now());
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let mut zoomed = false;
    bencher.bench_local(|| {
        app.update(if zoomed { Action::Unzoom } else { Action::Zoom }, now());
        zoomed = !zoomed;
        terminal.draw(|f| ui::view(&app, f)).unwrap();
    });
}
