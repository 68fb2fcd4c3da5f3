//! The three moments end to end (issue 12): the real binary in a pseudo-terminal.

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
