//! End to end, for trust: what other writers, signals and hostile files do to a running app.

mod common;
use common::*;

#[test]
fn a_zoomed_question_deleted_by_another_writer_leaves_the_app_running() {
    let (_dir, board) = temp_board();
    std::fs::write(
        &board,
        r#"(version: 1, questions: [
            (id: 1, title: "Alpha question", lane: Blocking),
            (id: 2, title: "Bravo question", lane: Blocking),
        ])"#,
    )
    .unwrap();
    let mut tui = Tui::open(&board, 100, 30);
    tui.wait_for("Alpha question");
    tui.keys(&["P", ENTER]);
    tui.wait_until("the zoom", |s| {
        s.contains("Alpha question") && !s.contains("Bravo question")
    });
    // Another writer (a hand edit, a git pull) takes the zoomed question away.
    std::fs::write(
        &board,
        r#"(version: 1, questions: [
            (id: 2, title: "Bravo question", lane: Blocking),
        ])"#,
    )
    .unwrap();
    let screen = tui.wait_for("#1 was deleted elsewhere");
    assert!(screen.contains("Bravo question"), "{screen}");
    assert!(!screen.contains("Alpha question"), "{screen}");
    tui.quit();
}
