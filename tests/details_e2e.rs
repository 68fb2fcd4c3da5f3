//! The details a lead meets in a meeting, a review and on a shared screen, end to end: the
//! real binary in a pseudo-terminal.

mod common;
use common::*;

/// 6: a meeting kept running when quitting is still running after a restart, and its
/// minutes cover the whole of it.
#[test]
fn a_meeting_kept_running_survives_a_restart() {
    let (dir, board) = temp_board();
    let state = dir.path().join("state");
    let data = dir.path().join("data");
    let env = [
        ("XDG_STATE_HOME", state.to_str().unwrap()),
        ("XDG_DATA_HOME", data.to_str().unwrap()),
    ];
    let open = || Tui::start_env(&["--board", board.to_str().unwrap()], 120, 30, &env, None);
    let mut tui = open();
    tui.keys(&["m"]);
    tui.wait_for("MEETING");
    tui.add("Captured before the restart");
    tui.keys(&["q"]);
    tui.wait_for("A meeting is running");
    tui.keys(&["k"]);
    assert!(tui.wait_exit().success());

    let mut tui = open();
    tui.wait_for("MEETING");
    tui.add("Captured after it");
    tui.keys(&["q"]);
    tui.wait_for("A meeting is running");
    tui.keys(&["e"]);
    assert!(tui.wait_exit().success());
    let minutes = std::fs::read_dir(data.join("unknowns/minutes"))
        .unwrap()
        .next()
        .expect("minutes were written")
        .unwrap()
        .path();
    let text = std::fs::read_to_string(minutes).unwrap();
    assert!(text.contains("Captured before the restart"), "{text}");
    assert!(text.contains("Captured after it"), "{text}");

    // Ended: the next start has no meeting.
    let mut tui = open();
    let screen = tui.wait_for("unknowns");
    assert!(!screen.contains("MEETING"), "{screen}");
    tui.quit();
}

/// The morning review in the real terminal: Enter keeps, k goes back, the footer has every
/// key, a kept question does not come back, and the changes are named.
#[test]
fn the_review_keys_and_memory_in_a_real_terminal() {
    let (dir, board) = temp_board();
    let state = dir.path().join("state");
    std::fs::write(
        &board,
        r#"(version: 1, questions: [
            (id: 1, title: "Due one", lane: Uncomfortable, revisit: "2026-01-05", owner: "li"),
            (id: 2, title: "Due two", lane: Uncomfortable, revisit: "2026-01-06", owner: "li"),
        ])"#,
    )
    .unwrap();
    let env = [("XDG_STATE_HOME", state.to_str().unwrap())];
    let mut tui = Tui::start_env(&["--board", board.to_str().unwrap()], 120, 40, &env, None);
    tui.keys(&["R"]);
    let s = tui.wait_for("Review 1 of 2");
    for hint in ["Enter keep", "s skip", "k back", "1/2/3 lane", "Esc stop"] {
        assert!(s.contains(hint), "{hint}: {s}");
    }
    tui.keys(&[ENTER]);
    tui.wait_for("Review 2 of 2");
    tui.keys(&["k"]);
    tui.wait_for("Review 1 of 2");
    tui.keys(&["2"]);
    tui.wait_for("already in Uncomfortable");
    tui.keys(&[ENTER]);
    tui.wait_for("Review done");
    tui.keys(&[ENTER]);
    tui.wait_for("review recorded");
    tui.keys(&["R"]);
    tui.wait_for("nothing needs a look");
    assert!(
        !tui.screen().contains("questions looked at"),
        "no empty dialog"
    );
    tui.quit();
}

/// The shared screen in the real terminal: the detail beside the lanes at 200x50, the zoom
/// from Next steps with where it is, Shift-Tab back, the message log, the board's title.
#[test]
fn the_shared_screen_in_a_real_terminal() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state");
    let env = [("XDG_STATE_HOME", state.to_str().unwrap())];
    let mut tui = Tui::start_env(&["--demo"], 200, 50, &env, None);
    let s = tui.wait_for("Detail");
    assert!(s.contains("Stakes") && s.contains("Next step"), "{s}");
    // i hides the detail.
    tui.keys(&["i"]);
    tui.wait_until("the detail hidden", |s| !s.contains("┌ Detail"));
    tui.keys(&["i"]);
    tui.wait_for("┌ Detail");
    // Next steps, then the zoom with where it is, stepping through the plan.
    tui.keys(&["\t", "g", "Z"]);
    tui.wait_for("1 of 14");
    tui.keys(&["j"]);
    tui.wait_for("2 of 14");
    tui.keys(&[ESC]);
    // Shift-Tab goes back to the board.
    tui.send("\x1b[Z");
    tui.wait_until("the board again", |s| s.contains("┌ Blocking"));
    // A title for the shared screen.
    tui.keys(&["T"]);
    tui.wait_for("The board's title");
    tui.send("Payments sync");
    tui.keys(&[ENTER]);
    tui.wait_for("the board is titled \"Payments sync\"");
    // The message log has it.
    tui.keys(&["M"]);
    tui.wait_for("Messages");
    tui.keys(&[ESC]);
    tui.wait_until("the log closed", |s| {
        !s.contains("┌ Messages") && !s.contains("╭ Messages")
    });
    tui.quit();
}

/// Everywhere, in the real terminal: delete names who waits; Esc on typed words asks; help
/// scrolls to the end.
#[test]
fn everyday_details_in_a_real_terminal() {
    let (dir, board) = temp_board();
    let state = dir.path().join("state");
    let env = [("XDG_STATE_HOME", state.to_str().unwrap())];
    cli(&board, &["add", "First"]);
    cli(&board, &["add", "Second", "--after", "1"]);
    let mut tui = Tui::start_env(&["--board", board.to_str().unwrap()], 100, 24, &env, None);
    tui.keys(&["\x1b[3~"]);
    tui.wait_for("#2 waits on it");
    tui.keys(&["n"]);
    tui.keys(&["a"]);
    tui.wait_for("Add to");
    tui.send("half a thought");
    tui.keys(&[ESC]);
    tui.wait_for("again throws \"half a thought\" away");
    tui.keys(&[ESC]);
    tui.wait_until("the add line closed", |s| !s.contains("Add to"));
    tui.keys(&["?"]);
    tui.wait_for("▼ more");
    tui.keys(&["G"]);
    tui.wait_for("▲ more");
    tui.keys(&[ESC]);
    tui.quit();
    assert_eq!(
        cli(&board, &["list"]).lines().count(),
        2,
        "nothing was added or deleted"
    );
}

/// The Map in a real terminal: Shift-Tab from the board opens it on the critical chain, `h`
/// follows an edge to the prerequisite (its card drawn thick), a click selects a node.
#[test]
fn the_map_opens_and_follows_an_edge() {
    let mut tui = Tui::start(&["--demo"], 120, 40);
    tui.wait_for("Blocking");
    tui.keys(&["\x1b[Z"]);
    let screen = tui.wait_for("critical chain: 3 questions, #3 → #1 → #2");
    assert!(screen.contains("┏#1 1-way"), "#1 selected:\n{screen}");
    tui.keys(&["h"]);
    let screen = tui.wait_for("┏#3");
    assert!(screen.contains("╭#6") || screen.contains("║"), "{screen}");
    // A click on #6's card selects it.
    let (row, col) = screen
        .lines()
        .enumerate()
        .find_map(|(r, l)| l.find("#6").map(|c| (r, l[..c].chars().count())))
        .expect("#6 is drawn");
    tui.send(&format!("\x1b[<0;{};{}M", col + 2, row + 2));
    tui.send(&format!("\x1b[<0;{};{}m", col + 2, row + 2));
    tui.wait_for("┏#6");
    tui.quit();
}
