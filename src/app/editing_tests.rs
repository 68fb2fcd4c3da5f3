//! Editing a question: the editor, pastes, the defer line and the prerequisite picker.

use super::disk_tests::newer_look;
use super::tests::{app_with, demo_app, keys, next_ids, now};
use super::*;
use crate::model::Door;
use crate::model::plan;

#[test]
fn the_editor_saves_every_field_and_refuses_bad_ones_in_place() {
    let mut app = app_with(&[("a", Lane::Blocking), ("b", Lane::Blocking)]);
    keys(&mut app, "je");
    assert!(matches!(app.mode, Mode::Editor(_)));
    // Title: append; Known: two lines; then owner, door, after, revisit, needed by, tags.
    keys(
        &mut app,
        "!<tab>line one<enter>line two<tab><tab><tab>@maria<tab> <tab>1<tab>+1w<tab>+3w<tab>db, infra",
    );
    keys(&mut app, "<c-s>");
    assert!(app.on_screen());
    let q = app.session.board.get(2).unwrap();
    assert_eq!(q.title, "b!");
    assert_eq!(q.known, "line one\nline two");
    assert_eq!(q.owner.as_deref(), Some("maria"));
    assert_eq!(q.door, Door::OneWay);
    assert_eq!(q.after.to_vec(), vec![1]);
    assert_eq!(q.revisit.unwrap().to_string(), "2026-12-01");
    assert_eq!(q.needed_by.unwrap().to_string(), "2026-12-15");
    assert_eq!(q.tags, vec!["db", "infra"]);

    // A bad id keeps the editor open, focused on the field, with the reason.
    keys(&mut app, "e<backtab><backtab><backtab><backtab>, 9<c-s>");
    let Mode::Editor(editor) = &app.mode else {
        panic!("editor closed")
    };
    assert_eq!(editor.focused_kind(), crate::model::Field::After);
    assert!(editor.error.as_ref().unwrap().1.contains("no question #9"));
    // Esc with edits asks; n keeps editing; y throws them away.
    keys(&mut app, "<esc>");
    assert_eq!(app.context(), Context::Confirm);
    keys(&mut app, "n");
    assert_eq!(app.context(), Context::Editor);
    keys(&mut app, "<esc>y");
    assert!(app.on_screen());
    assert_eq!(app.session.board.get(2).unwrap().after.to_vec(), vec![1]);
}

#[test]
fn esc_without_edits_closes_the_editor_at_once() {
    let mut app = app_with(&[("a", Lane::Blocking)]);
    keys(&mut app, "<enter><esc>");
    assert!(app.on_screen());
}

#[test]
fn pasted_text_is_cleaned_for_the_field() {
    let mut app = app_with(&[]);
    keys(&mut app, "a");
    app.update(Action::Paste("line one\r\nline two\u{1b}[2J".into()), now());
    keys(&mut app, "<enter><enter>");
    assert_eq!(
        app.session.board.get(1).unwrap().title,
        "line one line two [2J"
    );
    keys(&mut app, "e<tab>");
    app.update(Action::Paste("a\r\nb\tc".into()), now());
    keys(&mut app, "<c-s>");
    assert_eq!(app.session.board.get(1).unwrap().known, "a\nb    c");
}

#[test]
fn pasting_ten_thousand_lines_stores_a_clean_result() {
    let lines: Vec<String> = (0..10_000)
        .map(|i| format!("line {i}\u{1b}[31m\t"))
        .collect();
    let pasted = lines.join("\r\n");
    let mut app = app_with(&[]);
    keys(&mut app, "a");
    app.update(Action::Paste(pasted.clone()), now());
    keys(&mut app, "<enter><enter>");
    let title = &app.session.board.get(1).unwrap().title;
    assert!(
        title.starts_with("line 0 [31m line 1 [31m line 2"),
        "{}",
        &title[..40]
    );
    assert!(!title.chars().any(char::is_control));
    // In a multi-line field the lines stay lines.
    keys(&mut app, "e<tab>");
    app.update(Action::Paste(pasted), now());
    keys(&mut app, "<c-s>");
    let known = &app.session.board.get(1).unwrap().known;
    assert_eq!(known.lines().count(), 10_000);
    assert!(!known.chars().any(|c| c.is_control() && c != '\n'));
}

#[test]
fn defer_accepts_dates_as_people_type_them_and_explains_refusals() {
    let mut app = demo_app();
    keys(&mut app, "<tab>G");
    let id = app.selected_id().unwrap();
    keys(&mut app, "zsoon<enter>");
    assert!(matches!(app.mode, Mode::Prompt(_)), "still asking");
    assert!(app.message.as_ref().unwrap().0.contains("not a date"));
    // The prompt starts with the current date; clear it and type a relative one.
    let Mode::Prompt(p) = &mut app.mode else {
        unreachable!()
    };
    p.field = editor::TextField::new("", false);
    keys(&mut app, "+3d<enter>");
    assert_eq!(
        app.session
            .board
            .get(id)
            .unwrap()
            .revisit
            .unwrap()
            .to_string(),
        "2026-11-27"
    );
    assert_eq!(
        app.selected_id(),
        Some(id),
        "the selection follows the question"
    );
    assert!(next_ids(&app, plan::SectionKind::Deferred).contains(&id));
}

#[test]
fn deferring_what_a_blocker_waits_on_says_why_it_stays() {
    let mut app = demo_app();
    keys(&mut app, "<tab>g");
    assert_eq!(app.selected_id(), Some(3));
    keys(&mut app, "z");
    let Mode::Prompt(p) = &mut app.mode else {
        panic!()
    };
    p.field = editor::TextField::new("", false);
    keys(&mut app, "+1w<enter>");
    let message = &app.message.as_ref().unwrap().0;
    assert!(
        message.contains("a blocking question waits on it: it stays in Resolve now"),
        "{message}"
    );
}

#[test]
fn the_picker_adds_and_removes_prerequisites_and_refuses_cycles() {
    let mut app = demo_app();
    keys(&mut app, "<tab>g");
    assert_eq!(app.selected_id(), Some(3));
    keys(&mut app, "ppayments");
    assert_eq!(app.context(), Context::Picker);
    keys(&mut app, "<enter>");
    assert_eq!(app.session.board.get(3).unwrap().after.to_vec(), vec![4]);
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .0
            .contains("#3 now waits on #4")
    );
    keys(&mut app, "<enter>");
    assert!(
        app.session.board.get(3).unwrap().after.is_empty(),
        "Enter again removes it"
    );
    // #1 waits on #3: making #3 wait on #1 would close a cycle.
    let Mode::Picker(p) = &mut app.mode else {
        panic!()
    };
    p.query = editor::TextField::new("", false);
    keys(&mut app, "#1 ");
    keys(&mut app, "<enter>");
    assert!(app.session.board.get(3).unwrap().after.is_empty());
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .0
            .contains("would make a cycle"),
        "{:?}",
        app.message
    );
    keys(&mut app, "<esc>");
    assert_eq!(app.context(), Context::Next);
}

#[test]
fn the_picker_list_narrows_as_you_type_and_follows_outside_changes() {
    let mut app = app_with(&[
        ("ledger", Lane::Blocking),
        ("payments freeze", Lane::Blocking),
        ("payments owner", Lane::Uncomfortable),
    ]);
    keys(&mut app, "gp");
    let candidates = |app: &App| match &app.mode {
        Mode::Picker(p) => (p.candidates.clone(), p.selected),
        _ => panic!("the picker is closed"),
    };
    assert_eq!(candidates(&app), (vec![2, 3], 0));
    keys(&mut app, "<down><down><down>");
    assert_eq!(
        candidates(&app),
        (vec![2, 3], 1),
        "the selection stays in the list"
    );
    keys(&mut app, "owner");
    assert_eq!(candidates(&app), (vec![3], 0));
    // Another writer adds a matching question while the picker is open.
    let mut disk = app.session.base.clone();
    disk.add("payments owner's deputy", Lane::Blocking, now())
        .unwrap();
    app.update(newer_look(&app, Ok(disk)), now());
    assert_eq!(candidates(&app), (vec![3, 4], 0));
    keys(&mut app, "<enter>");
    assert_eq!(app.session.board.get(1).unwrap().after.to_vec(), vec![3]);
    assert_eq!(
        candidates(&app).0,
        vec![3, 4],
        "#3 first: it can be removed"
    );
}
