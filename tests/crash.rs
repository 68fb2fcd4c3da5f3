//! Crash safety: the real binary saving a 10,000-question board is killed with SIGKILL at
//! random moments. Every time, the file loads and is either the board before or the board
//! after the change: never torn. `CRASH_RUNS` sets how many kills (200 by default).

use std::process::{Command, Stdio};
use std::time::Duration;

use unknowns::format;
use unknowns::model::Lane;

fn big_board() -> String {
    let mut out = String::from("(version: 1, questions: [\n");
    for i in 1..=10_000u32 {
        let lane = ["Blocking", "Uncomfortable", "Interesting"][(i % 3) as usize];
        out.push_str(&format!(
            "    (id: {i}, title: \"Question {i}: which option for part {}?\", lane: {lane}, known: \"What we know so far.\", stakes: \"Why it matters.\", next_step: \"Ask the owning team.\"),\n",
            i % 997
        ));
    }
    out.push_str("])\n");
    out
}

#[test]
fn sigkill_at_any_moment_leaves_the_old_or_the_new_board() {
    let runs: usize = std::env::var("CRASH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(200);
    let dir = tempfile::tempdir().unwrap();
    let board = dir.path().join("board.ron");
    // As the program writes it (every question with its key), so a write changes exactly
    // the one question moved.
    let written = format::write(&format::parse(big_board().as_bytes()).unwrap());
    std::fs::write(&board, written).unwrap();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut random = move |below: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % below
    };
    let (mut old_kept, mut new_written) = (0, 0);
    let mut old_bytes = std::fs::read(&board).unwrap();
    let mut old = format::parse(&old_bytes).unwrap();
    for run in 0..runs {
        let id = 1 + random(10_000) as u32;
        let from = old.get(id).unwrap().lane;
        let to = Lane::ALL[(from.index() + 1) % 3];
        let mut child = Command::new(env!("CARGO_BIN_EXE_unknowns"))
            .env("XDG_STATE_HOME", dir.path().join("state"))
            .arg("--board")
            .arg(&board)
            .args(["move", &id.to_string(), &to.name().to_lowercase()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Anywhere from before it has read the board to after it has written it.
        std::thread::sleep(Duration::from_micros(random(150_000)));
        let _ = child.kill();
        let _ = child.wait();
        let bytes = std::fs::read(&board).unwrap();
        let now = format::parse(&bytes)
            .unwrap_or_else(|e| panic!("run {run}: the board does not load after a kill: {e}"));
        let changed = bytes != old_bytes;
        old_bytes = bytes.clone();
        if !changed {
            old_kept += 1;
            continue;
        }
        let before = std::mem::replace(&mut old, now);
        let now = &old;
        // The new board: exactly the one change.
        new_written += 1;
        assert_eq!(now.questions().len(), before.questions().len(), "run {run}");
        let before: std::collections::HashMap<u32, _> =
            before.questions().iter().map(|q| (q.id, q)).collect();
        for q in now.questions() {
            if q.id == id {
                assert_eq!(q.lane, to, "run {run}");
            } else {
                assert_eq!(
                    Some(q),
                    before.get(&q.id).copied(),
                    "run {run}: #{} changed",
                    q.id
                );
            }
        }
    }
    // One more save, left to finish: nothing the killed ones left stays beside the board.
    let finished = Command::new(env!("CARGO_BIN_EXE_unknowns"))
        .env("XDG_STATE_HOME", dir.path().join("state"))
        .arg("--board")
        .arg(&board)
        .args(["move", "1", "i"])
        .output()
        .unwrap();
    assert!(finished.status.success());
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
    eprintln!(
        "{runs} kills: the old board {old_kept} times, the new board {new_written} times, never torn"
    );
    assert_eq!(old_kept + new_written, runs);
    assert!(new_written > 0, "some writes finished");
    assert!(old_kept > 0, "some kills landed before the rename");
}
