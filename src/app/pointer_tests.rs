//! Carrying cards: the keyboard's grab, and the mouse.

use super::tests::{app_with, demo_app, keys, lane_titles, now};
use super::*;

#[test]
fn keyboard_grab_carries_live_and_drops_as_one_change() {
    let mut app = app_with(&[
        ("a", Lane::Blocking),
        ("b", Lane::Blocking),
        ("c", Lane::Interesting),
    ]);
    keys(&mut app, " ");
    assert_eq!(app.context(), Context::Grab);
    keys(&mut app, "<right><right><down>");
    assert_eq!(
        lane_titles(&app, Lane::Interesting),
        ["c", "a"],
        "shown live"
    );
    keys(&mut app, " ");
    assert_eq!(lane_titles(&app, Lane::Interesting), ["c", "a"]);
    assert_eq!(app.selected_id(), Some(1));
    let moves = app.session.board.get(1).unwrap().history.len();
    assert_eq!(moves, 2, "created, then one move: not one per step");
    keys(&mut app, "u");
    assert_eq!(
        lane_titles(&app, Lane::Blocking),
        ["a", "b"],
        "one undo puts it back"
    );
    // Esc puts it back without a change.
    keys(&mut app, " ll");
    let effects = keys(&mut app, "<esc>");
    assert!(effects.is_empty());
    assert_eq!(lane_titles(&app, Lane::Blocking), ["a", "b"]);
}

#[test]
fn mouse_drag_drops_a_card_where_it_is_released() {
    let mut app = app_with(&[
        ("a", Lane::Blocking),
        ("b", Lane::Uncomfortable),
        ("c", Lane::Uncomfortable),
    ]);
    app.update(
        Action::Resize {
            width: 120,
            height: 40,
        },
        now(),
    );
    let area = ratatui::layout::Rect::new(0, 0, 120, 40);
    let layout = app.board_layout(area).unwrap();
    let card = layout.lanes[0].cards[0].area;
    let target = layout.lanes[1].cards[1].area;
    app.update(
        Action::MouseDown {
            col: card.x + 3,
            row: card.y + 1,
        },
        now(),
    );
    app.update(
        Action::MouseDrag {
            col: target.x + 3,
            row: target.y,
        },
        now(),
    );
    assert_eq!(
        app.nav.drag.as_ref().unwrap().target,
        Some((Lane::Uncomfortable, 1))
    );
    let effects = app.update(
        Action::MouseUp {
            col: target.x + 3,
            row: target.y,
        },
        now(),
    );
    assert_eq!(effects, vec![Effect::Save]);
    assert_eq!(lane_titles(&app, Lane::Uncomfortable), ["b", "a", "c"]);
    assert_eq!(app.selected_id(), Some(1));
    assert!(app.nav.drag.is_none());
}

#[test]
fn a_click_selects_without_moving() {
    a_click_selects_without_moving_when(false);
}

/// Presenting, the board takes the mouse as it does otherwise (its cards are bigger).
#[test]
fn a_click_selects_when_presenting() {
    a_click_selects_without_moving_when(true);
}

fn a_click_selects_without_moving_when(present: bool) {
    let mut app = app_with(&[("a", Lane::Blocking), ("b", Lane::Interesting)]);
    app.set_present(present);
    let layout = app
        .board_layout(ratatui::layout::Rect::new(0, 0, 120, 40))
        .unwrap();
    let card = layout.lanes[2].cards[0].area;
    app.update(
        Action::MouseDown {
            col: card.x + 2,
            row: card.y + 2,
        },
        now(),
    );
    let effects = app.update(
        Action::MouseUp {
            col: card.x + 2,
            row: card.y + 2,
        },
        now(),
    );
    assert!(effects.is_empty());
    assert_eq!(
        (app.nav.focus, app.selected_id()),
        (Lane::Interesting, Some(2))
    );
}

#[test]
fn the_wheel_scrolls_the_lane_under_the_pointer() {
    let titles: Vec<(String, Lane)> = (0..30).map(|i| (format!("q{i}"), Lane::Blocking)).collect();
    let refs: Vec<(&str, Lane)> = titles.iter().map(|(t, l)| (t.as_str(), *l)).collect();
    let mut app = app_with(&refs);
    app.update(
        Action::Resize {
            width: 90,
            height: 24,
        },
        now(),
    );
    let visible = app.cards_visible();
    assert_eq!(visible, 5);
    for _ in 0..3 {
        app.update(
            Action::Scroll {
                col: 5,
                row: 10,
                down: true,
            },
            now(),
        );
    }
    assert_eq!(app.nav.scroll[0], 3);
    assert_eq!(app.nav.selected[0], 3, "the selection stays on screen");
    // Selecting past the bottom scrolls too.
    keys(&mut app, "G");
    assert_eq!(app.nav.scroll[0], 30 - visible);
}

#[test]
fn a_click_in_the_next_list_selects_the_question_under_it() {
    let mut app = demo_app();
    keys(&mut app, "<tab>g");
    // Find the screen row of the third item's title.
    let area = ratatui::layout::Rect::new(0, 0, 120, 40);
    let a = app.list_areas(area).unwrap();
    let (top, _) = crate::geometry::lists::next_rows(&app.derived.plan, 2, app.next_expand());
    let row = a.list.y + 1 + top as u16;
    app.update(
        Action::MouseDown {
            col: a.list.x + 5,
            row,
        },
        now(),
    );
    app.update(
        Action::MouseUp {
            col: a.list.x + 5,
            row,
        },
        now(),
    );
    assert_eq!(app.nav.next_selected, 2);
}
