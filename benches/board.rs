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

/// The board sizes: 1,000 and 10,000 questions, and 100,000 with `UNKNOWNS_BENCH_100K=1`.
fn sizes() -> Vec<u32> {
    let mut sizes = vec![1_000, 10_000];
    if std::env::var_os("UNKNOWNS_BENCH_100K").is_some() {
        sizes.push(100_000);
    }
    sizes
}

/// The floor every load is measured against: the same file parsed by the same parser into
/// plain typed structs, with no checks and nothing derived.
mod floor {
    use serde::Deserialize;
    use unknowns::model::{Door, Lane, Status};

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct File {
        pub version: u32,
        #[serde(default)]
        pub title: String,
        pub questions: Vec<Question>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct Question {
        pub id: u32,
        pub title: String,
        pub lane: Lane,
        #[serde(default)]
        pub status: Option<Status>,
        #[serde(default)]
        pub door: Option<Door>,
        #[serde(default)]
        pub after: Vec<u32>,
        #[serde(default)]
        pub owner: Option<String>,
        #[serde(default)]
        pub known: String,
        #[serde(default)]
        pub stakes: String,
        #[serde(default)]
        pub next_step: String,
        #[serde(default)]
        pub resolution: String,
        #[serde(default)]
        pub revisit: Option<String>,
        #[serde(default)]
        pub tags: Vec<String>,
        #[serde(default)]
        pub created: Option<String>,
        #[serde(default)]
        pub updated: Option<String>,
        #[serde(default)]
        pub history: Vec<Event>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct Event {
        pub at: String,
        pub change: Change,
        #[serde(default)]
        pub by: Option<String>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub enum Change {
        Created,
        Moved { from: Lane, to: Lane },
        Edited { field: String, before: String },
        Decided,
        Dissolved,
        Reopened,
    }

    pub fn parse(text: &str) -> File {
        ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(text)
            .unwrap()
    }
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
        q.tags = vec!["infra".into(), "data".into()];
        q.created = Some(now());
        q.updated = Some(now());
        q.history = vec![
            unknowns::model::Event {
                at: now(),
                change: unknowns::model::Change::Created,
                by: Some("ana".into()),
            },
            unknowns::model::Event {
                at: now(),
                change: unknowns::model::Change::Moved {
                    from: Lane::Uncomfortable,
                    to: lane,
                },
                by: Some("ana".into()),
            },
        ];
        board.push(q);
    }
    board.validate().unwrap();
    board
}

/// The floor: the file parsed into plain typed structs.
#[divan::bench(args = sizes())]
fn floor_typed_parse(bencher: Bencher, n: u32) {
    let text = format::write(&generated(n));
    bencher.bench(|| floor::parse(divan::black_box(&text)));
}

/// Loading a board from its text: what `unknowns check` does after reading the file.
#[divan::bench(args = sizes())]
fn load(bencher: Bencher, n: u32) {
    let text = format::write(&generated(n));
    bencher.bench(|| format::parse(divan::black_box(text.as_bytes())).unwrap());
}

/// `unknowns next` (text and JSON) after the load: the plan and its rendering.
#[divan::bench(args = sizes())]
fn next_text_after_load(bencher: Bencher, n: u32) {
    let board = generated(n);
    let today: jiff::civil::Date = "2026-11-24".parse().unwrap();
    bencher.bench(|| {
        let plan = unknowns::model::plan::plan(&board, today);
        // Written as the command writes it: streamed, never held whole.
        let style = unknowns::cli::Style::Text;
        unknowns::cli::write_next_to(&mut std::io::sink(), &board, &plan, today, style).unwrap();
        plan
    });
}

#[divan::bench(args = sizes())]
fn next_json_after_load(bencher: Bencher, n: u32) {
    let board = generated(n);
    let today: jiff::civil::Date = "2026-11-24".parse().unwrap();
    bencher.bench(|| {
        let plan = unknowns::model::plan::plan(&board, today);
        // Written as the command writes it: streamed, never held whole.
        unknowns::cli::write_next_json(&mut std::io::sink(), &board, &plan, today).unwrap();
        plan
    });
}

#[divan::bench(args = sizes())]
fn next_markdown_after_load(bencher: Bencher, n: u32) {
    let board = generated(n);
    let today: jiff::civil::Date = "2026-11-24".parse().unwrap();
    bencher.bench(|| {
        let plan = unknowns::model::plan::plan(&board, today);
        let style = unknowns::cli::Style::Markdown;
        unknowns::cli::write_next_to(&mut std::io::sink(), &board, &plan, today, style).unwrap();
        plan
    });
}

/// The TUI's first frame after the load: the app derives lanes and plan, and draws 200x50.
#[divan::bench(args = sizes())]
fn first_frame_after_load(bencher: Bencher, n: u32) {
    let board = generated(n);
    bencher.bench_local(|| {
        let mut app = App::new(board.clone(), "bench.ron");
        app.update(
            Action::Resize {
                width: 200,
                height: 50,
            },
            now(),
        );
        let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
        terminal.draw(|f| ui::view(&app, f)).unwrap();
    });
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
    let (mut app, mut terminal) = on_screen(n, setup);
    let mut k = 0;
    bencher.bench_local(|| {
        // The first step first (the set-up ends where it applies).
        let effects = app.update(steps[k % 2].clone(), now());
        k += 1;
        let saved = (!effects.is_empty()).then(|| app.session.board.clone());
        terminal.draw(|f| ui::view(&app, f)).unwrap();
        saved
    });
}

/// An app of `n` generated questions at 200x50 after `setup`, and a terminal to draw it on.
fn on_screen(n: u32, setup: &[Action]) -> (App, Terminal<TestBackend>) {
    let mut app = App::new(generated(n), "bench.ron");
    // As the TUI runs it: a board over `PLAN_INLINE_MAX` questions is replanned on another
    // thread (`replan_in_background` measures that), not within the keystroke.
    app.background_plans = true;
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
    (app, Terminal::new(TestBackend::new(200, 50)).unwrap())
}

/// Undo and redo of a card's move (applied onto the board as it is now), each a save.
#[divan::bench(args = sizes())]
fn undo_redo_and_frame(bencher: Bencher, n: u32) {
    keystrokes(
        bencher,
        n,
        &[Action::MoveDown],
        [Action::Undo, Action::Redo],
    );
}

/// Typing a search (one letter more, then one less): every question's text is searched, and
/// the matches counted, at each key.
#[divan::bench(args = sizes())]
fn search_keystroke_and_frame(bencher: Bencher, n: u32) {
    typing(bencher, n, Action::Search);
}

/// Typing in the prerequisite picker: every other open question is a candidate, looked for
/// at each key.
#[divan::bench(args = sizes())]
fn picker_keystroke_and_frame(bencher: Bencher, n: u32) {
    typing(bencher, n, Action::PickPrerequisite);
}

/// Typing a filter: the key is shown at once, and what the filter keeps is worked out
/// between keys (`filter_worked_out` measures that).
#[divan::bench(args = sizes())]
fn filter_keystroke_and_frame(bencher: Bencher, n: u32) {
    typing(bencher, n, Action::Filter);
}

/// A filter typed (one letter more, then one less) and worked out in full, as between keys,
/// with the frame that shows it: how soon the board shows what was typed.
#[divan::bench(args = sizes())]
fn filter_worked_out(bencher: Bencher, n: u32) {
    let (mut app, mut terminal) = on_screen(
        n,
        &[Action::Filter, typed(ratatui_textarea::Key::Char('Q'))],
    );
    let steps = [
        typed(ratatui_textarea::Key::Char('u')),
        typed(ratatui_textarea::Key::Backspace),
    ];
    worked_out(bencher, (&mut app, &mut terminal), steps);
}

/// Alternates two keys, each with its frame and then the work it left for between keys, done
/// in full with the frames that show it.
fn worked_out(
    bencher: Bencher,
    (app, terminal): (&mut App, &mut Terminal<TestBackend>),
    steps: [Action; 2],
) {
    let mut k = 0;
    bencher.bench_local(|| {
        let effects = app.update(steps[k % 2].clone(), now());
        k += 1;
        terminal.draw(|f| ui::view(app, f)).unwrap();
        while app.pending_between_keys() {
            app.update(Action::Tick, now());
            if !app.quiet {
                terminal.draw(|f| ui::view(app, f)).unwrap();
            }
        }
        (!effects.is_empty()).then(|| app.session.board.clone())
    });
}

/// A key typed into a prompt.
fn typed(key: ratatui_textarea::Key) -> Action {
    Action::Text(ratatui_textarea::Input {
        key,
        ctrl: false,
        alt: false,
        shift: false,
    })
}

/// After `open` and a `Q`: a `u` typed, then taken back, each a keystroke with a frame.
fn typing(bencher: Bencher, n: u32, open: Action) {
    use ratatui_textarea::Key;
    keystrokes(
        bencher,
        n,
        &[open, typed(Key::Char('Q'))],
        [typed(Key::Char('u')), typed(Key::Backspace)],
    );
}

/// Switching views (Board → Next steps → Resolved → Board).
#[divan::bench(args = sizes())]
fn switch_view_and_frame(bencher: Bencher, n: u32) {
    keystrokes(bencher, n, &[], [Action::SwitchView, Action::SwitchView]);
}

/// Moving the selection on the board.
#[divan::bench(args = sizes())]
fn keystroke_and_frame(bencher: Bencher, n: u32) {
    keystrokes(bencher, n, &[], [Action::SelectDown, Action::SelectUp]);
}

/// A change: move the selected card down its lane and back, each an undo step, a new plan and
/// a save.
#[divan::bench(args = sizes())]
fn move_card_and_frame(bencher: Bencher, n: u32) {
    keystrokes(bencher, n, &[], [Action::MoveDown, Action::MoveUp]);
}

/// One key on an app made ready by `setup` (a fresh copy for each sample, made outside the
/// timing), and the frame after it: for keys that cannot simply be pressed back and forth.
fn one_key(bencher: Bencher, n: u32, setup: &[Action], key: Action) {
    let (app, _) = on_screen(n, setup);
    bencher
        .with_inputs(|| {
            (
                app.clone(),
                Terminal::new(TestBackend::new(200, 50)).unwrap(),
            )
        })
        .bench_local_values(|(mut app, mut terminal)| {
            let effects = app.update(key.clone(), later());
            terminal.draw(|f| ui::view(&app, f)).unwrap();
            (app, terminal, effects)
        });
}

/// Half an hour after the board's time (a meeting's length).
fn later() -> Timestamp {
    "2026-11-24T09:30:00Z".parse().unwrap()
}

/// Starting a review: the board is looked through a slice at a time, the first slice in the
/// key (the rest between keys).
#[divan::bench(args = sizes())]
fn review_key_and_frame(bencher: Bencher, n: u32) {
    one_key(bencher, n, &[], Action::Review);
}

/// Ending a meeting in which a card moved: the history is read for the minutes a slice at a
/// time, the first slice in the key.
#[divan::bench(args = sizes())]
fn meeting_end_key_and_frame(bencher: Bencher, n: u32) {
    one_key(
        bencher,
        n,
        &[Action::Meeting, Action::MoveDown],
        Action::Meeting,
    );
}

/// Delete's question right after a change, while a new plan is on its way (over 20,000
/// questions): who waits on the question is looked for a slice at a time.
#[divan::bench(args = sizes())]
fn delete_key_while_planning_and_frame(bencher: Bencher, n: u32) {
    one_key(
        bencher,
        n,
        &[Action::MoveDown, Action::SelectDown],
        Action::Delete,
    );
}

/// Moving through the Next steps view.
#[divan::bench(args = sizes())]
fn next_view_keystroke_and_frame(bencher: Bencher, n: u32) {
    keystrokes(
        bencher,
        n,
        &[Action::SwitchView],
        [Action::SelectDown, Action::SelectUp],
    );
}

/// The planner on a board with random prerequisites (see `generated`).
#[divan::bench(args = sizes())]
fn plan_board(bencher: Bencher, n: u32) {
    let board = generated(n);
    let today: jiff::civil::Date = "2026-11-24".parse().unwrap();
    bencher.bench(|| unknowns::model::plan::plan(divan::black_box(&board), today));
}

/// What the background planner does after a card is moved: a plan of the changed board,
/// reusing what it found of the prerequisite graph (a move does not change it). Boards up to
/// `PLAN_INLINE_MAX` questions are planned like this within the keystroke.
#[divan::bench(args = sizes())]
fn replan_in_background(bencher: Bencher, n: u32) {
    let mut board = generated(n);
    let today: jiff::civil::Date = "2026-11-24".parse().unwrap();
    let mut reach = None;
    unknowns::model::plan::plan_cached(&board, today, 14, &mut reach);
    let id = board.lane(Lane::Blocking).next().unwrap().id;
    let mut k = 0;
    bencher.bench_local(|| {
        k += 1;
        let lane = [Lane::Uncomfortable, Lane::Blocking][k % 2];
        board.move_to(id, lane, 0, now()).unwrap();
        unknowns::model::plan::plan_cached(&board, today, 14, &mut reach)
    });
}

/// Git's merge driver on a shared board: two clones each changed a hundredth of the cards and
/// added fifty questions (with clashing numbers); merged question by question as the driver
/// does (the goal: within 3× loading one board).
#[divan::bench(args = [1_000, 10_000])]
fn merge_two_clones(bencher: Bencher, n: u32) {
    let base = generated(n);
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    let later = now() + jiff::SignedDuration::from_hours(1);
    for id in (1..=n).step_by(100) {
        let _ = ours.move_to(id, Lane::Interesting, 0, now());
        let _ = theirs.edit(id + 1, later, |e| {
            e.stakes = "changed on the other clone".into()
        });
        let _ = theirs.edit(id, later, |e| e.known = "both changed this one".into());
    }
    for k in 0..50 {
        ours.add(&format!("ours {k}"), Lane::Blocking, now())
            .unwrap();
        theirs
            .add(&format!("theirs {k}"), Lane::Blocking, later)
            .unwrap();
    }
    bencher.bench(|| {
        unknowns::model::merge::merge_shared(
            divan::black_box(&ours),
            &base,
            &theirs,
            unknowns::model::merge::Shared::Theirs,
            now(),
        )
    });
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

/// The Map: a step along an edge and back (`l` then `h`), each with its frame: the
/// neighbourhood of the selection is laid out and drawn at every key.
#[divan::bench(args = sizes())]
fn map_step_and_frame(bencher: Bencher, n: u32) {
    keystrokes(
        bencher,
        n,
        &[Action::PrevView],
        [Action::FocusRight, Action::FocusLeft],
    );
}

/// Opening the Map from the board and leaving it, each with its frame (the critical chain is
/// worked out once per plan, when the Map first shows it).
#[divan::bench(args = sizes())]
fn map_open_and_frame(bencher: Bencher, n: u32) {
    keystrokes(bencher, n, &[], [Action::PrevView, Action::SwitchView]);
}

/// Presenting, a card moved down and back up: the key and its frame (the header's eight-week
/// trend is worked out again between keys: `presenting_trend_worked_out`).
#[divan::bench(args = sizes())]
fn presenting_a_change(bencher: Bencher, n: u32) {
    keystrokes(
        bencher,
        n,
        &[Action::Present],
        [Action::MoveDown, Action::MoveUp],
    );
}

/// Presenting, a change and the trend worked out from every question's history between keys,
/// with the frames that show it: how soon the header shows the change.
#[divan::bench(args = sizes())]
fn presenting_trend_worked_out(bencher: Bencher, n: u32) {
    let (mut app, mut terminal) = on_screen(n, &[Action::Present]);
    worked_out(
        bencher,
        (&mut app, &mut terminal),
        [Action::MoveDown, Action::MoveUp],
    );
}
