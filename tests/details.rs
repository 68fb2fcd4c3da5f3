//! The details a lead meets in a meeting, a morning review and on a shared screen: the editor,
//! Delete, help, titles, views, filters, quitting a meeting, typed dates, messages, reasons,
//! the zoom and the detail pane. App-level and rendering tests; the end-to-end ones are in
//! `details_e2e.rs`.

mod common;
use common::{now, screen};

use unknowns::app::{Action, App, Mode};
use unknowns::model::{Board, Lane};

fn board(titles: &[&str]) -> Board {
    let mut b = Board::new("t");
    for t in titles {
        b.add(t, Lane::Blocking, now()).unwrap();
    }
    b
}

fn paste(app: &mut App, text: &str) {
    app.update(Action::Paste(text.into()), now());
}

/// 16: the editor refuses a prerequisite that closes a cycle, with the picker's message.
#[test]
fn the_editor_refuses_a_prerequisite_that_makes_a_cycle() {
    let mut b = board(&["six", "eight"]);
    b.toggle_prerequisite(2, 1, now()).unwrap(); // #2 waits on #1
    let mut app = App::new(b, "b.ron");
    app.update(Action::Edit, now()); // #1
    let Mode::Editor(editor) = &mut app.mode else {
        panic!("the editor opens")
    };
    editor.focus_kind(unknowns::model::Field::After);
    paste(&mut app, "2");
    app.update(Action::Save, now());
    let Mode::Editor(editor) = &app.mode else {
        panic!("the editor stays open on a refused save")
    };
    let (_, why) = editor.error.clone().expect("an error on the After field");
    assert!(why.contains("would make a cycle"), "{why}");
    assert!(app.session.board.get(1).unwrap().after.is_empty());
}

/// 17: deleting names the questions that wait on the one being deleted.
#[test]
fn delete_names_what_waits_on_the_question() {
    let mut b = board(&["one", "two", "three"]);
    b.toggle_prerequisite(2, 1, now()).unwrap();
    b.toggle_prerequisite(3, 1, now()).unwrap();
    let mut app = App::new(b, "b.ron");
    app.update(Action::Delete, now());
    let s = screen(&mut app, 100, 30);
    assert!(s.contains("#2, #3 wait on it"), "{s}");
    app.update(Action::No, now());
    app.update(Action::SelectDown, now());
    app.update(Action::Delete, now());
    let s = screen(&mut app, 100, 30);
    assert!(!s.contains("wait on it"), "{s}");
}

/// 18: help scrolls with G, PgDn, Home, End too, and says there is more.
#[test]
fn help_scrolls_by_page_and_to_the_end_and_marks_more() {
    let mut app = App::new(board(&["one"]), "b.ron");
    app.update(Action::Help, now());
    let top = screen(&mut app, 80, 20);
    assert!(top.contains("▼ more"), "{top}");
    assert!(!top.contains("▲ more"), "{top}");
    app.update(Action::SelectLast, now());
    let end = screen(&mut app, 80, 20);
    assert!(end.contains("▲ more"), "{end}");
    assert!(!end.contains("▼ more"), "{end}");
    assert!(
        end.contains("Mouse: click selects"),
        "the last line shows: {end}"
    );
    // One step up from the end moves at once (the scroll is never past the end).
    app.update(Action::SelectUp, now());
    let up = screen(&mut app, 80, 20);
    assert!(up.contains("▼ more"), "{up}");
    app.update(Action::SelectFirst, now());
    assert_eq!(screen(&mut app, 80, 20), top);
    app.update(Action::PageDown, now());
    assert!(screen(&mut app, 80, 20).contains("▲ more"));
}

/// 19: a board that does not exist yet is not said to be saved.
#[test]
fn a_new_board_is_not_said_to_be_saved() {
    let mut app = App::new(Board::new(""), "~/.local/share/unknowns/board.ron");
    app.session.new_board = true;
    let s = screen(&mut app, 120, 30);
    assert!(!s.contains("● saved"), "{s}");
    assert!(
        s.contains("new board, saved on the first change to ~/.local/share/unknowns/board.ron"),
        "{s}"
    );
}

/// 13: the board's title, from the app: presentation mode shows it.
#[test]
fn the_board_title_is_set_in_the_app_and_shown_when_presenting() {
    let mut app = App::new(board(&["one"]), "b.ron");
    app.update(Action::Title, now());
    assert!(matches!(app.mode, Mode::Prompt(_)));
    // The old title is there to change; replace it.
    if let Mode::Prompt(p) = &mut app.mode {
        p.field = unknowns::app::editor::TextField::new("", false);
    }
    paste(&mut app, "Ledger migration: Oracle to Postgres");
    app.update(Action::Submit, now());
    assert_eq!(
        app.session.board.title,
        "Ledger migration: Oracle to Postgres"
    );
    app.update(Action::Present, now());
    let s = screen(&mut app, 120, 30);
    assert!(s.contains("Ledger migration: Oracle to Postgres"), "{s}");
    app.update(Action::Undo, now());
    assert_eq!(app.session.board.title, "t");
}

/// 15: Shift-Tab and Esc go back; Next steps opens on the bottleneck when the board's
/// selection would not show; small terminals fold the warnings to one line.
#[test]
fn views_go_back_and_next_steps_opens_on_the_bottleneck() {
    let mut b = Board::new("t");
    for k in 0..30 {
        b.add(&format!("question {k}"), Lane::Blocking, now())
            .unwrap();
    }
    // #30 waits on #29 ... so it is far down, in Waiting.
    for id in 2..=30 {
        b.toggle_prerequisite(id, id - 1, now()).unwrap();
    }
    let mut app = App::new(b, "b.ron");
    screen(&mut app, 100, 24);
    app.update(Action::SelectLast, now());
    assert_eq!(app.selected_id(), Some(30));
    app.update(Action::SwitchView, now());
    assert_eq!(app.nav.view, unknowns::app::View::Next);
    assert_eq!(app.selected_id(), Some(1), "the first to resolve now");
    // Shift-Tab goes back to the board, Esc too.
    app.update(Action::PrevView, now());
    assert_eq!(app.nav.view, unknowns::app::View::Board);
    app.update(Action::PrevView, now());
    assert_eq!(app.nav.view, unknowns::app::View::Map);
    app.update(Action::PrevView, now());
    assert_eq!(app.nav.view, unknowns::app::View::Resolved);
    app.update(Action::ClearFilters, now());
    assert_eq!(app.nav.view, unknowns::app::View::Board);
    // The warnings fold at 24 rows, and open on w.
    app.update(Action::SwitchView, now());
    let folded = screen(&mut app, 100, 24);
    assert!(folded.contains("w shows all"), "{folded}");
    app.update(Action::ToggleWarnings, now());
    let open = screen(&mut app, 100, 24);
    assert!(!open.contains("w shows all"), "{open}");
}

/// 14: the filter narrows Next steps and Resolved too, as the status line says.
#[test]
fn the_filter_narrows_next_steps_and_resolved() {
    let mut b = Board::new("t");
    for (t, owner) in [("a", "ana"), ("b", "bo"), ("c", "ana"), ("d", "bo")] {
        let id = b.add(t, Lane::Blocking, now()).unwrap();
        b.question_mut(id).unwrap().owner = Some(owner.into());
    }
    b.decide(3, "done", now()).unwrap();
    b.decide(4, "done", now()).unwrap();
    let mut app = App::new(b, "b.ron");
    app.update(Action::Filter, now());
    paste(&mut app, "@ana");
    app.update(Action::Submit, now());
    app.update(Action::SwitchView, now());
    let s = screen(&mut app, 120, 30);
    assert!(s.contains("#1"), "{s}");
    assert!(!s.contains("#2 "), "{s}");
    assert_eq!(app.derived.next().len(), 1);
    app.update(Action::SwitchView, now());
    assert_eq!(app.derived.resolved, vec![3]);
    // The filter is typed from Next steps and Resolved too, with the board's key.
    for view in [unknowns::app::View::Next, unknowns::app::View::Resolved] {
        app.nav.view = view;
        let key = crossterm::event::Event::Key(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char('f'),
            crossterm::event::KeyModifiers::NONE,
        ));
        assert_eq!(
            app.keymap.translate(app.context(), key),
            Some(Action::Filter),
            "{view:?}"
        );
    }
    // Cleared: everything again.
    app.update(Action::ClearFilters, now());
    assert_eq!(app.derived.resolved.len(), 2);
    assert_eq!(app.derived.next().len(), 2);
}

/// 6: quitting during a meeting asks what becomes of it.
#[test]
fn quitting_during_a_meeting_asks_end_keep_or_discard() {
    use unknowns::app::Effect;
    let start = App::new(board(&["one"]), "b.ron");
    let run = |answer: Action| {
        let mut app = start.clone();
        let effects = app.update(Action::Meeting, now());
        assert!(
            effects.contains(&Effect::KeepMeeting(Some(now()))),
            "{effects:?}"
        );
        app.update(Action::Quit, now());
        assert!(matches!(app.mode, Mode::MeetingQuit));
        let s = screen(&mut app, 100, 30);
        assert!(s.contains("keep it running"), "{s}");
        let later = now() + jiff::SignedDuration::from_mins(30);
        app.update(answer, later)
    };
    let ended = run(Action::Meeting);
    assert!(
        ended.iter().any(|e| matches!(e, Effect::WriteMinutes(_))),
        "{ended:?}"
    );
    assert!(ended.contains(&Effect::KeepMeeting(None)));
    assert!(ended.contains(&Effect::Quit));
    let kept = run(Action::KeepMeeting);
    assert_eq!(kept, vec![Effect::Quit], "the meeting's start stays kept");
    let dropped = run(Action::DiscardMeeting);
    assert_eq!(dropped, vec![Effect::KeepMeeting(None), Effect::Quit]);
    // Esc stays, with the meeting running.
    let mut app = start.clone();
    app.update(Action::Meeting, now());
    app.update(Action::Quit, now());
    assert!(app.update(Action::Cancel, now()).is_empty());
    assert!(app.meeting.is_some());
}

/// 20: z shows the date it has, and typing replaces it; Ctrl-u clears the line (the board is
/// untouched); Esc on words typed into the add line asks once.
#[test]
fn date_and_line_editing_behave_as_typed() {
    use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    let mut b = board(&["one"]);
    b.edit(1, now(), |e| {
        e.revisit = Some("2026-12-16".parse().unwrap())
    })
    .unwrap();
    let mut app = App::new(b, "b.ron");
    let key = |app: &mut App, code: KeyCode, mods: KeyModifiers| {
        let ev = Event::Key(KeyEvent::new(code, mods));
        if let Some(a) = app.keymap.translate(app.context(), ev) {
            app.update(a, now());
        }
    };
    let type_text = |app: &mut App, text: &str| {
        for c in text.chars() {
            key(app, KeyCode::Char(c), KeyModifiers::NONE);
        }
    };
    app.update(Action::Defer, now());
    type_text(&mut app, "today");
    key(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(
        app.session.board.get(1).unwrap().revisit,
        Some("2026-11-24".parse().unwrap()),
        "typing replaced the old date: {:?}",
        app.message
    );
    // Ctrl-u in the add line clears the line, and nothing else.
    let before = app.session.board.clone();
    app.update(Action::Add, now());
    type_text(&mut app, "half a thought");
    key(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    let Mode::Prompt(p) = &app.mode else { panic!() };
    assert_eq!(p.field.text(), "");
    assert_eq!(app.session.board, before);
    // Esc on typed words asks first; a second Esc throws them away.
    type_text(&mut app, "keep me");
    key(&mut app, KeyCode::Esc, KeyModifiers::NONE);
    assert!(matches!(app.mode, Mode::Prompt(_)), "still open");
    let said = app.message.clone().unwrap().0;
    assert!(said.contains("again throws \"keep me\" away"), "{said}");
    key(&mut app, KeyCode::Esc, KeyModifiers::NONE);
    assert!(app.on_screen());
    // An empty line closes at once.
    app.update(Action::Add, now());
    key(&mut app, KeyCode::Esc, KeyModifiers::NONE);
    assert!(app.on_screen());
}

/// 9: a message too long for the status line says where to read it all; the log has it whole.
#[test]
fn a_cut_message_can_be_read_in_full() {
    let mut app = App::new(board(&["one"]), "~/a/rather/long/path/to/the/board.ron");
    app.update(Action::Defer, now());
    paste(
        &mut app,
        "someday soon, when the moon is full and the team is back from the offsite",
    );
    app.update(Action::Submit, now());
    let said = app.message.clone().unwrap().0;
    let s = screen(&mut app, 80, 24);
    let status = s.lines().last().unwrap().to_string();
    assert!(status.contains("(M reads it all)"), "{status}");
    assert_eq!(
        status.matches('…').count(),
        1,
        "one mark where it is cut: {status}"
    );
    // (The date did not read: the prompt is still open; Esc closes it.)
    app.update(Action::Cancel, now());
    app.update(Action::Messages, now());
    let log = screen(&mut app, 80, 24);
    assert!(log.contains("Messages"), "{log}");
    // Every word of it is there, wrapped.
    let words: String = log.split_whitespace().collect::<Vec<_>>().join(" ");
    for word in said.split_whitespace().take(12) {
        assert!(words.contains(word), "{word} missing from {log}");
    }
    app.update(Action::Cancel, now());
    assert!(app.on_screen());
}

/// 12: the selected question's reason shows whole in Next steps, and the rows the list draws,
/// scrolls to and clicks agree.
#[test]
fn the_selected_reason_shows_whole_and_rows_agree() {
    use unknowns::geometry::lists::{Expand, NextRow, next_row, next_rows};
    let board = unknowns::format::parse(unknowns::store::DEMO_BOARD.as_bytes()).unwrap();
    let mut app = App::on(board, "demo", "2026-11-24".parse().unwrap());
    app.update(Action::SwitchView, now());
    app.update(Action::SelectFirst, now());
    let s = screen(&mut app, 120, 40);
    assert!(
        s.contains("(blocking) waits on it; two-way door: make a call and"),
        "{s}"
    );
    assert!(
        s.contains("       revisit"),
        "the last words of the reason: {s}"
    );
    let plan = app.derived.next().clone();
    for item in 0..plan.len() {
        for extra in [0, 1, 3] {
            let expand = Expand {
                item,
                extra,
                each: &[],
            };
            for k in 0..plan.len() {
                let (first, last) = next_rows(&plan, k, expand);
                match next_row(&plan, last, expand) {
                    Some(NextRow::Reason(r, _)) => assert_eq!(r, k),
                    other => panic!(
                        "row {last} of item {k} is not its reason: {:?}",
                        other.is_some()
                    ),
                }
                let title = (first..=last)
                    .find(|&r| matches!(next_row(&plan, r, expand), Some(NextRow::Title(_))))
                    .expect("a title row");
                assert!(
                    matches!(next_row(&plan, title, expand), Some(NextRow::Title(t)) if t == k)
                );
            }
        }
    }
}

/// 11: the zoom opens from every view (Enter in Next steps when presenting), steps through
/// the view's own order across lanes and sections, and says where it is.
#[test]
fn the_zoom_steps_through_the_view_it_came_from() {
    let board = unknowns::format::parse(unknowns::store::DEMO_BOARD.as_bytes()).unwrap();
    let mut app = App::on(board, "demo", "2026-11-24".parse().unwrap());
    app.update(Action::Present, now());
    app.update(Action::SwitchView, now());
    app.update(Action::SelectFirst, now());
    let first = app.selected_id().unwrap();
    app.update(Action::Open, now());
    assert_eq!(
        app.zoom().map(|z| z.id),
        Some(first),
        "Enter zooms when presenting"
    );
    assert!(app.on_screen(), "not the editor");
    let s = screen(&mut app, 120, 40);
    let n = app.derived.next().len();
    assert!(s.contains(&format!("1 of {n}")), "{s}");
    // j goes through the whole plan, in its order, across sections.
    let order: Vec<u32> = app.derived.next().items().map(|(_, i)| i.id).collect();
    for expected in order.iter().skip(1) {
        app.update(Action::SelectDown, now());
        assert_eq!(app.zoom().map(|z| z.id), Some(*expected));
    }
    app.update(Action::SelectDown, now());
    assert!(
        app.message
            .clone()
            .unwrap()
            .0
            .contains(&format!("{n} of {n}"))
    );
    // h/l jump by section.
    app.update(Action::FocusLeft, now());
    let section_start = app.zoom().unwrap().id;
    assert!(order.contains(&section_start));
    app.update(Action::Unzoom, now());
    assert_eq!(app.zoom().map(|z| z.id), None);
    // From the board, Z zooms and j crosses into the next lane.
    app.update(Action::Present, now());
    app.update(Action::ClearFilters, now());
    assert_eq!(app.nav.view, unknowns::app::View::Board);
    app.update(Action::SelectLast, now());
    app.update(Action::Zoom, now());
    let last_of_lane = app.zoom().unwrap().id;
    app.update(Action::SelectDown, now());
    let next = app.zoom().unwrap().id;
    assert_ne!(next, last_of_lane);
    assert_ne!(
        app.session.board.get(next).unwrap().lane,
        app.session.board.get(last_of_lane).unwrap().lane,
        "on into the next lane"
    );
}

/// The board shows the selected question's detail beside the lanes when wide, below them
/// when tall, and i hides it.
#[test]
fn the_board_shows_the_selected_detail_where_there_is_room() {
    let board = unknowns::format::parse(unknowns::store::DEMO_BOARD.as_bytes()).unwrap();
    let mut app = App::on(board, "demo", "2026-11-24".parse().unwrap());
    let wide = screen(&mut app, 200, 50);
    assert!(wide.contains("┌ Detail"), "{wide}");
    assert!(
        wide.contains("Stakes") && wide.contains("Next step"),
        "{wide}"
    );
    let tall = screen(&mut app, 120, 50);
    assert!(tall.contains("┌ Detail"), "{tall}");
    let small = screen(&mut app, 120, 30);
    assert!(!small.contains("┌ Detail"), "{small}");
    screen(&mut app, 200, 50);
    app.update(Action::ToggleDetail, now());
    let off = screen(&mut app, 200, 50);
    assert!(!off.contains("┌ Detail"), "{off}");
    // A click still lands on the card drawn there.
    app.update(Action::ToggleDetail, now());
    screen(&mut app, 120, 50);
    let layout = app
        .board_layout(ratatui::layout::Rect::new(0, 0, 120, 50))
        .unwrap();
    let card = &layout.lanes[1].cards[0];
    app.update(
        Action::MouseDown {
            col: card.area.x + 2,
            row: card.area.y + 1,
        },
        now(),
    );
    app.update(
        Action::MouseUp {
            col: card.area.x + 2,
            row: card.area.y + 1,
        },
        now(),
    );
    assert_eq!(app.selected_id(), Some(card.id));
}

/// A change from disk merged in the background does not push aside the user's own message.
#[test]
fn a_background_merge_leaves_the_users_message() {
    let mut app = App::new(board(&["one", "two"]), "b.ron");
    app.update(Action::SendTo(Lane::Interesting), now());
    let mine = app.message.clone().unwrap().0;
    let mut disk = app.session.base.clone();
    disk.add("from the CLI", Lane::Blocking, now()).unwrap();
    app.update(
        Action::DiskChanged {
            seen: 1,
            board: Ok(disk),
        },
        now(),
    );
    assert_eq!(app.message.clone().unwrap().0, mine);
    assert!(app.log.iter().any(|(_, t, _)| t.contains("merged in")));
    assert!(
        app.session
            .board
            .questions()
            .iter()
            .any(|q| q.title == "from the CLI")
    );
}

/// 4: a move in the review says so.
#[test]
fn a_move_in_the_review_is_said() {
    let mut b = board(&["one"]);
    b.edit(1, now(), |e| {
        e.revisit = Some("2026-11-20".parse().unwrap())
    })
    .unwrap();
    let mut app = App::new(b, "b.ron");
    app.update(Action::Review, now());
    // Whatever lane the board had in focus underneath.
    app.nav.focus = Lane::Interesting;
    app.update(Action::SendTo(Lane::Interesting), now());
    assert_eq!(app.message.clone().unwrap().0, "#1 moved to Interesting");
}

/// 4: every review key shows, even at 80 columns (on two rows inside when the border is short).
#[test]
fn every_review_key_shows_at_80_columns() {
    let board = unknowns::format::parse(unknowns::store::DEMO_BOARD.as_bytes()).unwrap();
    let mut app = App::on(board, "demo", "2026-11-24".parse().unwrap());
    app.update(Action::Review, now());
    for (w, h) in [(80, 24), (120, 40)] {
        let s = screen(&mut app, w, h);
        for hint in [
            "Enter keep",
            "s skip",
            "k back",
            "1/2/3 lane",
            "d decide",
            "x dissolve",
            "z defer",
            "e edit",
            "Esc stop",
        ] {
            assert!(s.contains(hint), "{w}x{h}: {hint} missing\n{s}");
        }
    }
}

/// 15: on a small terminal, w opens every warning in full (not a third of the screen).
#[test]
fn opened_warnings_show_in_full_on_a_small_terminal() {
    let board = unknowns::format::parse(unknowns::store::DEMO_BOARD.as_bytes()).unwrap();
    let mut app = App::on(board, "demo", "2026-11-24".parse().unwrap());
    // One more warning: a blocking question waits on a parked one.
    app.select_id(3);
    app.update(Action::SendTo(Lane::Interesting), now());
    assert_eq!(app.derived.plan.warnings.len(), 4);
    app.update(Action::SwitchView, now());
    let folded = screen(&mut app, 80, 24);
    assert!(!folded.contains("still block"), "{folded}");
    app.update(Action::ToggleWarnings, now());
    let open = screen(&mut app, 80, 24);
    assert!(
        open.contains("still block"),
        "the last warning's last words: {open}"
    );
}

#[test]
fn the_add_preview_says_a_prerequisite_is_not_there_before_enter() {
    let mut app = App::new(board(&["Which ledger?"]), "b.ron");
    app.update(Action::Add, now());
    paste(&mut app, "Cut over? ^99");
    let s = screen(&mut app, 120, 30);
    assert!(s.contains("✗ there is no question #99 to wait on"), "{s}");
    assert!(!s.contains("after #99"), "{s}");
    // One that is there is previewed as it will be made.
    app.update(Action::Cancel, now());
    app.update(Action::Cancel, now());
    app.update(Action::Add, now());
    paste(&mut app, "Cut over? ^1");
    let s = screen(&mut app, 120, 30);
    assert!(s.contains("after #1"), "{s}");
}

#[test]
fn the_defer_hint_suggests_a_day_to_come() {
    let mut app = App::new(board(&["Which ledger?"]), "b.ron");
    app.update(Action::Defer, now());
    let s = screen(&mut app, 120, 30);
    let week = app
        .today
        .checked_add(jiff::Span::new().days(7))
        .unwrap()
        .to_string();
    assert!(s.contains(&format!("{week}, +3d, +2w or mon")), "{s}");
}

#[test]
fn next_steps_says_planning_with_the_count_never_that_the_board_is_empty() {
    let mut b = Board::new("big");
    for id in 1..=30 {
        b.push(unknowns::model::Question::new(
            id,
            format!("q{id}"),
            Lane::Blocking,
        ));
    }
    let mut app = App::unplanned(b, "b.ron");
    // Planned in the background, as a big board is: the plan is on its way.
    app.background_plans = true;
    app.plan_inline_max = 10;
    app.update(Action::SwitchView, now());
    let s = screen(&mut app, 120, 30);
    assert!(s.contains("planning… 30 open questions"), "{s}");
    assert!(!s.contains("No open questions"), "{s}");
}

#[test]
fn the_modify_line_changes_the_selected_question_in_one_step() {
    use unknowns::model::Door;
    let mut app = App::new(board(&["Which ledger?", "Cut over by region?"]), "b.ron");
    let before = app.session.board.clone();
    let type_line = |app: &mut App, line: &str| {
        app.update(Action::Modify, now());
        paste(app, line);
    };
    // Words that are not shorthand are refused, with the reason; nothing changes.
    type_line(&mut app, "@li fix this");
    app.update(Action::Submit, now());
    assert!(matches!(app.mode, Mode::Prompt(_)), "the line stays open");
    let said = app
        .message
        .as_ref()
        .map(|(m, _)| m.clone())
        .unwrap_or_default();
    assert!(said.contains("\"fix this\" is not shorthand"), "{said}");
    assert_eq!(app.session.board, before);
    app.update(Action::Cancel, now());
    assert!(app.on_screen());
    // The preview says what will change, live.
    type_line(&mut app, "@li #ops ^2 ! >+3d u:");
    let s = screen(&mut app, 120, 30);
    assert!(s.contains("Change #1 with shorthand"), "{s}");
    assert!(
        s.contains("→ to Uncomfortable · owner → li · +#ops · after #2 · one-way door · revisit"),
        "{s}"
    );
    app.update(Action::Submit, now());
    assert!(app.on_screen());
    let q = app.session.board.get(1).unwrap();
    assert_eq!(q.owner.as_deref(), Some("li"));
    assert_eq!(q.tags, vec!["ops"]);
    assert_eq!(q.after.to_vec(), vec![2]);
    assert_eq!(q.door, Door::OneWay);
    assert_eq!(q.lane, Lane::Uncomfortable);
    let three_days = app.today.checked_add(jiff::Span::new().days(3)).unwrap();
    assert_eq!(q.revisit, Some(three_days));
    assert_eq!(app.selected_id(), Some(1), "the selection follows the card");
    // One undo step puts it all back.
    app.update(Action::Undo, now());
    assert_eq!(app.session.board.get(1), before.get(1));
}

#[test]
fn the_review_scrolls_a_question_that_does_not_fit_at_80x24() {
    let mut b = Board::new("t");
    let mut q =
        unknowns::model::Question::new(1, "Which ledger is the source of truth?", Lane::Blocking);
    q.known = (1..=12)
        .map(|n| format!("known line {n}"))
        .collect::<Vec<_>>()
        .join("\n");
    q.next_step = "Call the auditors on Tuesday.".into();
    b.push(q);
    let mut app = App::new(b, "b.ron");
    app.update(Action::Review, now());
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("▼ more"), "{s}");
    assert!(!s.contains("Call the auditors"), "cut at first: {s}");
    for _ in 0..4 {
        app.update(Action::PageDown, now());
    }
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("Call the auditors on Tuesday."), "{s}");
    assert!(s.contains("▲ more"), "{s}");
    app.update(Action::PageUp, now());
    app.update(Action::PageUp, now());
    app.update(Action::PageUp, now());
    app.update(Action::PageUp, now());
    let s = screen(&mut app, 80, 24);
    assert!(!s.contains("▲ more"), "back at the top: {s}");
}

#[test]
fn a_revisit_date_that_has_come_looks_different_from_one_to_come() {
    let mut b = Board::new("t");
    let mut came = unknowns::model::Question::new(1, "Due already", Lane::Uncomfortable);
    came.revisit = Some("2026-11-01".parse().unwrap());
    let mut coming = unknowns::model::Question::new(2, "Not yet", Lane::Uncomfortable);
    coming.revisit = Some("2099-01-01".parse().unwrap());
    b.push(came);
    b.push(coming);
    let mut app = App::new(b, "b.ron");
    let s = screen(&mut app, 160, 40);
    assert!(s.contains("↻11-01!"), "{s}");
    assert!(s.contains("↻01-01") && !s.contains("↻01-01!"), "{s}");
}

/// Where the detail does not fit on its own (120x40), `i` shows it below the lanes, fewer
/// cards above it; `i` again hides it. Too small even for that, it says why.
#[test]
fn i_shows_the_detail_at_120x40_and_says_why_when_it_cannot() {
    let board = unknowns::format::parse(unknowns::store::DEMO_BOARD.as_bytes()).unwrap();
    let mut app = App::on(board, "demo", "2026-11-24".parse().unwrap());
    let before = screen(&mut app, 120, 40);
    assert!(!before.contains("┌ Detail"), "{before}");
    app.update(Action::ToggleDetail, now());
    let shown = screen(&mut app, 120, 40);
    assert!(
        shown.contains("┌ Detail") && shown.contains("Stakes"),
        "{shown}"
    );
    assert!(shown.contains("detail shown"), "{shown}");
    app.update(Action::ToggleDetail, now());
    let hidden = screen(&mut app, 120, 40);
    assert!(!hidden.contains("┌ Detail"), "{hidden}");
    assert!(hidden.contains("detail hidden"), "{hidden}");
    screen(&mut app, 80, 20);
    app.update(Action::ToggleDetail, now());
    let tiny = screen(&mut app, 80, 20);
    assert!(!tiny.contains("┌ Detail"), "{tiny}");
    assert!(tiny.contains("no room for the detail"), "{tiny}");
}

/// In Next steps, `i` hides the detail beside the list, and the list takes the width.
#[test]
fn i_hides_the_detail_of_the_lists_too() {
    let board = unknowns::format::parse(unknowns::store::DEMO_BOARD.as_bytes()).unwrap();
    let mut app = App::on(board, "demo", "2026-11-24".parse().unwrap());
    screen(&mut app, 120, 40);
    app.update(Action::SwitchView, now());
    let with = screen(&mut app, 120, 40);
    assert!(with.contains("Stakes"), "{with}");
    app.update(Action::ToggleDetail, now());
    let without = screen(&mut app, 120, 40);
    assert!(!without.contains("Stakes"), "{without}");
    assert!(without.contains("detail hidden"), "{without}");
}
