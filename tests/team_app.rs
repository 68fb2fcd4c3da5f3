//! Conflicts in the app: marked on the card, shown with both values in the detail pane, and
//! settled with one key (keep, take the other, or edit), as one undo step.

mod common;
use common::{now, screen};

use unknowns::app::{Action, App, Context, Mode};
use unknowns::model::{Board, FieldConflict, Lane};

fn board_with_conflict() -> Board {
    let mut b = Board::new("t");
    b.add("Which ledger?", Lane::Blocking, now()).unwrap();
    b.add("Cut over by region?", Lane::Blocking, now()).unwrap();
    b.edit(1, now(), |e| e.stakes = "finance cannot close".into())
        .unwrap();
    let q = b.question_mut(1).unwrap();
    q.conflicts.push(FieldConflict {
        field: unknowns::model::Field::Stakes,
        value: "invoices diverge".into(),
        by: Some("maria".into()),
        at: Some(now()),
    });
    q.conflicts.push(FieldConflict {
        field: unknowns::model::Field::Lane,
        value: "Uncomfortable".into(),
        by: Some("dev".into()),
        at: Some(now()),
    });
    b
}

#[test]
fn a_conflict_is_marked_shown_and_settled_in_one_key_each() {
    let mut app = App::new(board_with_conflict(), "b.ron");
    let s = screen(&mut app, 160, 45);
    assert!(s.contains("⚡conflict"), "{s}");
    // Next steps' detail pane shows both values.
    app.update(Action::SwitchView, now());
    let s = screen(&mut app, 160, 45);
    assert!(s.contains("Conflict on stakes"), "{s}");
    assert!(
        s.contains("invoices diverge (maria, 2026-11-24 09:00)"),
        "{s}"
    );
    // Next steps warns.
    assert!(
        app.derived
            .plan
            .warnings
            .iter()
            .any(|w| w.message.contains("#1 stakes")),
        "{:?}",
        app.derived.plan.warnings
    );

    let key = |app: &mut App, c: Context, a: Action| {
        assert!(
            !app.keymap.key(c, &a).starts_with('<'),
            "{a:?} has a key in {c:?}"
        );
        app.update(a, now())
    };
    key(&mut app, Context::Next, Action::Settle);
    assert!(
        matches!(&app.mode, Mode::Settle { field, .. } if *field == unknowns::model::Field::Stakes)
    );
    let s = screen(&mut app, 100, 30);
    assert!(s.contains("The board holds:"), "{s}");
    assert!(s.contains("finance cannot close"), "{s}");
    assert!(s.contains("invoices diverge"), "{s}");
    // Take the other value: the next conflict of the question comes up.
    let effects = key(&mut app, Context::Settle, Action::TakeOther);
    assert!(!effects.is_empty(), "settling is a change, saved");
    let q = app.session.board.get(1).unwrap();
    assert_eq!(q.stakes, "invoices diverge");
    assert!(
        matches!(&app.mode, Mode::Settle { field, .. } if *field == unknowns::model::Field::Lane)
    );
    // Keep the lane the board holds.
    key(&mut app, Context::Settle, Action::Submit);
    let q = app.session.board.get(1).unwrap();
    assert_eq!(q.lane, Lane::Blocking);
    assert!(q.conflicts.is_empty());
    assert!(app.on_screen());
    assert!(
        app.derived
            .plan
            .warnings
            .iter()
            .all(|w| !w.message.contains("#1 stakes"))
    );
    // Each settle is an undo step; the value set aside is in the history.
    app.update(Action::Undo, now());
    app.update(Action::Undo, now());
    let q = app.session.board.get(1).unwrap();
    assert_eq!(q.stakes, "finance cannot close");
    assert_eq!(q.conflicts.len(), 2);
}

#[test]
fn the_editor_shows_the_other_value_and_the_review_walks_conflicts() {
    let mut app = App::new(board_with_conflict(), "b.ron");
    app.update(Action::Settle, now());
    app.update(Action::Edit, now());
    assert!(matches!(app.mode, Mode::Editor(_)));
    let s = screen(&mut app, 120, 40);
    assert!(
        s.contains("⚡ stakes: the other value is \"invoices diverge\" (maria"),
        "{s}"
    );
    app.update(Action::Cancel, now());
    app.update(Action::Review, now());
    let item = app.review().and_then(|r| r.current()).cloned();
    let item = item.expect("the review has the question with conflicts");
    assert_eq!(item.id, 1);
    assert!(item.reasons.iter().any(|r| {
        r.describe()
            .contains("changed differently by two people: stakes, lane")
    }));
}

/// Types one key through the keymap, as the terminal would.
fn press(app: &mut App, c: char) {
    use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    let mods = if c.is_ascii_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    let event = Event::Key(KeyEvent::new(KeyCode::Char(c), mods));
    if let Some(action) = app.keymap.translate(app.context(), event) {
        app.update(action, now());
    }
}

#[test]
fn settling_keeps_both_texts_goes_to_the_next_conflict_and_follows_the_card() {
    let mut app = App::new(board_with_conflict(), "b.ron");
    // ] goes to the question with conflicts from wherever the selection is.
    press(&mut app, 'j');
    assert_eq!(app.selected_id(), Some(2));
    press(&mut app, ']');
    assert_eq!(app.selected_id(), Some(1));
    press(&mut app, 'c');
    assert!(
        matches!(&app.mode, Mode::Settle { field, .. } if *field == unknowns::model::Field::Stakes)
    );
    // n leaves this one for later: the next conflict.
    press(&mut app, 'n');
    assert!(
        matches!(&app.mode, Mode::Settle { field, .. } if *field == unknowns::model::Field::Lane)
    );
    // A lane holds one value: both cannot be kept.
    press(&mut app, 'b');
    assert!(
        matches!(&app.mode, Mode::Settle { field, .. } if *field == unknowns::model::Field::Lane)
    );
    // t moves the card to the other lane: the selection follows it.
    press(&mut app, 't');
    let q = app.session.board.get(1).unwrap();
    assert_eq!(q.lane, Lane::Uncomfortable);
    assert_eq!(app.selected_id(), Some(1), "the selection follows the card");
    // The stakes are still to settle, and come up: b keeps both texts, the other one marked.
    assert!(
        matches!(&app.mode, Mode::Settle { field, .. } if *field == unknowns::model::Field::Stakes)
    );
    press(&mut app, 'b');
    let q = app.session.board.get(1).unwrap();
    assert!(q.conflicts.is_empty());
    assert_eq!(
        q.stakes,
        "finance cannot close\n\n[also, from maria:]\ninvoices diverge"
    );
    press(&mut app, ']');
    let said = app
        .message
        .as_ref()
        .map(|(m, _)| m.clone())
        .unwrap_or_default();
    assert!(said.contains("no conflicts to settle"), "{said}");
}

#[test]
fn editing_a_conflicted_field_starts_from_both_values_and_settles_it() {
    let mut app = App::new(board_with_conflict(), "b.ron");
    press(&mut app, 'c');
    press(&mut app, 'e');
    let s = screen(&mut app, 120, 40);
    assert!(
        s.contains("[also, from maria:]"),
        "the field holds both: {s}"
    );
    // Esc closes without asking: the editor has only what the app put there.
    app.update(Action::Cancel, now());
    assert!(app.on_screen());
    press(&mut app, 'c');
    press(&mut app, 'e');
    // Made into one text and saved: settled, the ⚡ gone for the stakes.
    for c in " (both)".chars() {
        press(&mut app, c);
    }
    app.update(Action::Save, now());
    let q = app.session.board.get(1).unwrap();
    assert!(
        q.conflicts
            .iter()
            .all(|c| c.field != unknowns::model::Field::Stakes),
        "{:?}",
        q.conflicts
    );
    assert_eq!(q.conflicts.len(), 1);
}
