//! The views: Next steps and Resolved (walking the plan, acting from it), the Map, and the layers over them.

use super::tests::{app_with, demo_app, keys, next_ids, now, resize};
use super::*;
use crate::model::Door;
use crate::model::plan;

#[test]
fn the_next_view_walks_the_plan_and_acting_replans_at_once() {
    let mut app = demo_app();
    keys(&mut app, "<tab>g");
    assert_eq!(app.context(), Context::Next);
    assert_eq!(app.selected_id(), Some(3), "the bottleneck first");
    keys(&mut app, "j");
    assert_eq!(app.selected_id(), Some(4));
    keys(&mut app, "k");
    // Deciding the bottleneck frees what waited on it.
    assert!(!next_ids(&app, plan::SectionKind::ResolveNow).contains(&1));
    keys(&mut app, "dPeak is 9k writes/s<enter>");
    assert_eq!(
        app.session.board.get(3).unwrap().status,
        crate::model::Status::Decided
    );
    assert!(next_ids(&app, plan::SectionKind::ResolveNow).contains(&1));
    assert_eq!(
        app.selected_id(),
        Some(1),
        "the selection moves to what is now first"
    );
    keys(&mut app, "u");
    assert!(!next_ids(&app, plan::SectionKind::ResolveNow).contains(&1));
}

#[test]
fn door_and_lane_change_from_the_next_view() {
    let mut app = demo_app();
    keys(&mut app, "<tab>g");
    keys(&mut app, "o");
    assert_eq!(app.session.board.get(3).unwrap().door, Door::OneWay);
    keys(&mut app, "1");
    assert_eq!(app.session.board.get(3).unwrap().lane, Lane::Blocking);
    assert_eq!(app.selected_id(), Some(3));
    assert_eq!(app.nav.view, View::Next, "acting does not leave the view");
}

#[test]
fn resolved_questions_are_listed_newest_first_and_reopen() {
    let mut app = demo_app();
    keys(&mut app, "<tab>gdfirst<enter>");
    keys(&mut app, "<tab>");
    assert_eq!(app.nav.view, View::Resolved);
    assert_eq!(
        app.derived.resolved[0], 3,
        "the one just decided is the newest"
    );
    keys(&mut app, "gr");
    assert!(app.session.board.get(3).unwrap().is_open());
    assert!(app.message.as_ref().unwrap().0.contains("#3 reopened"));
}

#[test]
fn enter_on_a_waiting_card_jumps_to_what_it_waits_on() {
    let mut app = demo_app();
    assert_eq!(app.selected_id(), Some(1));
    keys(&mut app, "<enter>");
    assert_eq!(app.selected_id(), Some(3), "#1 waits on #3");
    assert_eq!(app.nav.focus, Lane::Uncomfortable);
    keys(&mut app, "<enter>");
    assert!(
        matches!(app.mode, Mode::Editor(_)),
        "#3 waits on nothing: Enter edits"
    );
}

#[test]
fn a_long_plan_scrolls_to_keep_the_selection_visible() {
    let titles: Vec<(String, Lane)> = (0..60)
        .map(|i| (format!("q{i}"), Lane::Interesting))
        .collect();
    let refs: Vec<(&str, Lane)> = titles.iter().map(|(t, l)| (t.as_str(), *l)).collect();
    let mut app = app_with(&refs);
    app.update(
        Action::Resize {
            width: 120,
            height: 30,
        },
        now(),
    );
    keys(&mut app, "<tab>G");
    let height = app.list_height();
    let (_, bottom) = crate::geometry::lists::next_rows(
        &app.derived.plan,
        app.nav.next_selected,
        app.next_expand(),
    );
    assert!(bottom < app.nav.next_scroll + height && bottom >= app.nav.next_scroll);
    keys(&mut app, "g");
    assert_eq!(app.nav.next_scroll, 0);
}

/// What the user is doing is one stack: the help over a zoom in presentation closes back
/// down it one layer at a time, and ending presentation closes its zoom.
#[test]
fn layers_close_back_to_the_one_beneath() {
    let mut app = demo_app();
    keys(&mut app, "P<enter>");
    assert_eq!(app.context(), Context::Zoom);
    keys(&mut app, "?");
    assert_eq!(app.context(), Context::Help);
    assert_eq!(
        app.help_context(),
        Context::Zoom,
        "the help explains the zoom"
    );
    keys(&mut app, "<esc>");
    assert_eq!(app.context(), Context::Zoom, "back to the question zoomed");
    assert!(app.present());
    keys(&mut app, "<esc>");
    assert_eq!(app.context(), Context::Present);
    keys(&mut app, "P");
    assert!(!app.present());
    assert_eq!(app.context(), Context::Board);
    // Presentation ended from under a zoom (`--present` off at the edge) takes the zoom along.
    keys(&mut app, "P<enter>?");
    app.set_present(false);
    assert!(app.zoom().is_none(), "the zoom ends with presentation");
    assert_eq!(app.context(), Context::Help);
    keys(&mut app, "<esc>");
    assert_eq!(app.context(), Context::Board);
    assert!(app.beneath.is_empty());
}

/// A prompt opened from the review closes back to the review, on the question it was on.
#[test]
fn a_prompt_from_the_review_closes_back_to_it() {
    let mut app = demo_app();
    keys(&mut app, "R");
    let Some(first) = app.review().and_then(|r| r.current()).map(|i| i.id) else {
        return assert_eq!(app.context(), Context::Board, "nothing to review");
    };
    keys(&mut app, "d");
    assert_eq!(app.context(), Context::Input);
    keys(&mut app, "<esc>");
    assert_eq!(app.context(), Context::Review);
    assert_eq!(app.selected_id(), Some(first));
    // The help over the editor over the review: each closes to the one beneath.
    keys(&mut app, "e");
    assert_eq!(app.context(), Context::Editor);
    keys(&mut app, "<f1>");
    assert_eq!(
        app.help_context(),
        Context::Editor,
        "the help explains the editor"
    );
    keys(&mut app, "<esc>");
    assert_eq!(app.context(), Context::Editor);
    keys(&mut app, "<esc>");
    assert_eq!(app.context(), Context::Review);
    assert_eq!(app.selected_id(), Some(first), "still on its question");
}

#[test]
fn presentation_mode_zooms_a_question_and_keeps_the_board_keys() {
    let mut app = demo_app();
    keys(&mut app, "P");
    assert!(app.present());
    assert_eq!(app.context(), Context::Present);
    keys(&mut app, "j");
    assert_eq!(app.selected_id(), Some(2), "board keys still work");
    keys(&mut app, "<enter>");
    assert_eq!(app.zoom().map(|z| z.id), Some(2));
    assert_eq!(app.context(), Context::Zoom);
    keys(&mut app, "j");
    assert_eq!(
        app.zoom().map(|z| z.id),
        Some(4),
        "the next question, still zoomed"
    );
    keys(&mut app, "<esc>");
    assert_eq!(app.zoom().map(|z| z.id), None);
    keys(&mut app, "P");
    assert!(!app.present());
    // Help in presentation mode lists its own keys and the board's.
    keys(&mut app, "P?");
    assert_eq!(app.help_context(), Context::Present);
}

#[test]
fn tab_cycles_the_views_and_keeps_the_question_selected() {
    let mut app = app_with(&[("a", Lane::Blocking), ("b", Lane::Interesting)]);
    keys(&mut app, "ll");
    assert_eq!(app.selected_id(), Some(2));
    keys(&mut app, "<tab>");
    assert_eq!(app.nav.view, View::Next);
    assert_eq!(
        app.selected_id(),
        Some(2),
        "the same question, now in the plan"
    );
    keys(&mut app, "<tab>");
    assert_eq!(app.nav.view, View::Resolved);
    keys(&mut app, "<tab>");
    assert_eq!(app.nav.view, View::Map);
    keys(&mut app, "<tab>");
    assert_eq!(app.nav.view, View::Board);
}

/// The Map: h and l follow edges, j and k move in a column, Enter zooms, and the view's keys
/// act on the question selected there.
#[test]
fn the_map_follows_edges_and_acts_on_its_selection() {
    let mut app = demo_app();
    resize(&mut app, 120, 40);
    keys(&mut app, "<backtab>");
    assert_eq!(app.nav.view, View::Map);
    assert_eq!(app.context(), Context::Map);
    assert_eq!(app.critical_chain(), [3, 1, 2]);
    assert_eq!(
        app.selected_id(),
        Some(1),
        "the question selected on the board"
    );
    keys(&mut app, "h");
    assert_eq!(app.selected_id(), Some(3), "its prerequisite");
    keys(&mut app, "h");
    assert_eq!(app.selected_id(), Some(3));
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .0
            .contains("waits on nothing open")
    );
    keys(&mut app, "l");
    let next = app.selected_id().unwrap();
    assert!([1, 6].contains(&next), "what waits on #3: {next}");
    keys(&mut app, "j");
    let below = app.selected_id().unwrap();
    assert_ne!(below, next, "the next in the column");
    keys(&mut app, "k");
    assert_eq!(app.selected_id(), Some(next));
    keys(&mut app, "<enter>");
    assert_eq!(app.context(), Context::Zoom);
    assert_eq!(app.zoom().map(|z| z.id), Some(next));
    keys(&mut app, "<esc>2");
    assert_eq!(
        app.question(next).unwrap().lane,
        crate::model::Lane::Uncomfortable,
        "2 sets the lane of the question selected on the Map"
    );
    keys(&mut app, "<tab>");
    assert_eq!(app.nav.view, View::Board);
}

/// Deciding a one-way door offers its decision record once; `A` on a resolved question asks
/// the edge to write it, and the question remembers where; an open one is refused.
#[test]
fn a_decided_one_way_door_offers_its_record_and_a_writes_it() {
    let mut app = app_with(&[
        ("which ledger", Lane::Blocking),
        ("still open", Lane::Blocking),
    ]);
    keys(&mut app, "A");
    assert!(app.message.as_ref().unwrap().0.contains("#1 is open"));
    keys(&mut app, "o");
    keys(&mut app, "dPostgres<enter>");
    let said = &app.message.as_ref().unwrap().0;
    assert!(
        said.contains("one-way door; A writes its decision record"),
        "{said}"
    );
    keys(&mut app, "<tab><tab>");
    assert_eq!(app.nav.view, View::Resolved);
    let effects = keys(&mut app, "A");
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::WriteRecord(1, _))),
        "{effects:?}"
    );
    let effects = app.update(
        Action::RecordWritten {
            id: 1,
            result: Ok(crate::store::records::Written::New {
                path: "/repo/docs/decisions/0001-which-ledger.md".into(),
                rel: "docs/decisions/0001-which-ledger.md".into(),
            }),
        },
        now(),
    );
    assert!(effects.contains(&Effect::Save), "remembered on disk");
    assert_eq!(
        app.question(1).unwrap().record.as_deref(),
        Some("docs/decisions/0001-which-ledger.md")
    );
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .0
            .contains("record written to /repo/docs")
    );
}

/// A question with no link is not on the Map: opened from one, the Map selects the start of
/// the critical chain instead of a question it does not draw.
#[test]
fn the_map_opened_from_an_unlinked_question_selects_the_chain() {
    let mut app = demo_app();
    resize(&mut app, 120, 40);
    app.select_id(5);
    assert!(app.derived.plan.find(5).unwrap().1.waits_on.is_empty());
    keys(&mut app, "<backtab>");
    assert_eq!(
        app.selected_id(),
        Some(3),
        "the start of the critical chain"
    );
    assert!(app.map_layout().node(3).is_some());
}
