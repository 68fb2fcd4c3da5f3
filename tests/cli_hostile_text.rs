//! Trust at the command line: hostile text is escaped in every output, odd files are refused
//! at once with a clear message, and the small words are right.

mod common;
use common::*;

/// A board whose texts carry a terminal escape (OSC 52 sets the clipboard), C1 controls, DEL
/// and a right-to-left override.
fn hostile_board() -> (tempfile::TempDir, PathBuf) {
    let (dir, board) = temp_board();
    std::fs::write(
        &board,
        "(version: 1, questions: [\n\
         (id: 1, title: \"=HYPERLINK(\\\"http://x\\\") \\u{1b}]52;c;aGk=\\u{7} clip\", lane: Blocking, next_step: \"-2+3\", owner: \"@ana\"),\n\
         (id: 2, title: \"invoice \\u{202e}fdp.exe\\u{202c} \\u{85}\\u{9b}2J\\u{7f}\", lane: Blocking),\n\
         (id: 3, title: \"marks \\u{200e}l\\u{200f}r\\u{61c}a \\u{2028}ls\\u{2029}ps\", lane: Blocking),\n\
         ])",
    )
    .unwrap();
    (dir, board)
}

fn no_raw_controls(out: &str) {
    for c in out.chars() {
        let n = c as u32;
        assert!(
            !((0x7f..=0x9f).contains(&n) || n < 0x20 && c != '\n' && c != '\r'),
            "a raw control U+{n:04X} in:\n{out}"
        );
        assert!(
            !matches!(
                n,
                0x202a..=0x202e | 0x2066..=0x2069 | 0x200e | 0x200f | 0x061c | 0x2028 | 0x2029
            ),
            "a raw bidi control U+{n:04X} in:\n{out}"
        );
    }
}

#[test]
fn csv_export_escapes_controls_and_guards_against_formulas() {
    let (_dir, board) = hostile_board();
    let (ok, csv, err) = run_cli(&board, &["export", "--format", "csv"]);
    assert!(ok, "{err}");
    no_raw_controls(&csv);
    assert!(csv.contains("␛]52;c;aGk=␇ clip"), "{csv}");
    // A cell a spreadsheet would run as a formula starts with a quote.
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")"), "{csv}");
    assert!(csv.contains(",'-2+3,"), "{csv}");
    assert!(csv.contains(",'@ana,"), "{csv}");
    assert!(csv.contains("⟨RLO⟩fdp.exe⟨PDF⟩"), "{csv}");
    assert!(
        csv.contains("marks ⟨LRM⟩l⟨RLM⟩r⟨ALM⟩a ⟨LS⟩ls⟨PS⟩ps"),
        "{csv}"
    );
}

#[test]
fn every_json_output_escapes_c1_del_and_bidi_controls() {
    let (_dir, board) = hostile_board();
    for args in [
        &["list", "--format", "json"][..],
        &["export", "--format", "json"],
        &["next", "--format", "json"],
        &["review", "--format", "json"],
    ] {
        let (ok, json, err) = run_cli(&board, args);
        assert!(ok, "{args:?}: {err}");
        no_raw_controls(&json);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let text = value.to_string();
        if args[0] != "review" {
            assert!(json.contains("\\u202e"), "{args:?}: {json}");
            for mark in ["\\u200e", "\\u200f", "\\u061c", "\\u2028", "\\u2029"] {
                assert!(json.contains(mark), "{args:?}: {mark} in {json}");
            }
            assert!(text.contains('\u{202e}'), "the same text reads back");
        }
    }
}

#[test]
fn text_outputs_show_bidi_overrides_by_name() {
    let (_dir, board) = hostile_board();
    for args in [&["list"][..], &["show"], &["next"], &["export"]] {
        let (ok, out, err) = run_cli(&board, args);
        assert!(ok, "{args:?}: {err}");
        no_raw_controls(&out);
        assert!(out.contains("⟨RLO⟩"), "{args:?}: {out}");
        assert!(out.contains("⟨LRM⟩l⟨RLM⟩r⟨ALM⟩a"), "{args:?}: {out}");
    }
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let (_dir, board) = temp_board();
    std::fs::write(
        &board,
        "\u{feff}(version: 1, questions: [(id: 1, title: \"From Notepad\", lane: Blocking)])",
    )
    .unwrap();
    let (ok, out, err) = run_cli(&board, &["check"]);
    assert!(ok, "{err}");
    assert!(out.contains("ok, 1 question (1 open)"), "{out}");
    // And a mistake after it is placed as an editor shows it.
    std::fs::write(
        &board,
        "\u{feff}(version: 1, questions: [(id: 1, title: \"x\", lane: Nope)])",
    )
    .unwrap();
    let (ok, _, err) = run_cli(&board, &["check"]);
    assert!(!ok);
    assert!(err.contains("board.ron:1:52: unknown lane"), "{err}");
}

#[test]
fn a_fifo_socket_or_folder_as_the_board_is_refused_at_once() {
    let (dir, _) = temp_board();
    let fifo = dir.path().join("pipe.ron");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let folder = dir.path().join("folder.ron");
    std::fs::create_dir(&folder).unwrap();
    for (path, what) in [(&fifo, "a FIFO (named pipe)"), (&folder, "a folder")] {
        for args in [&["check"][..], &["list"], &["add", "x"]] {
            let start = Instant::now();
            let (ok, _, err) = run_cli(path, args);
            assert!(start.elapsed() < Duration::from_secs(5), "it hung");
            assert!(!ok);
            assert!(
                err.contains(&format!("this is {what}, not a board file")),
                "{err}"
            );
        }
    }
}

#[test]
fn small_words_are_right() {
    let (_dir, board) = temp_board();
    let (ok, out, _) = run_cli(&board, &["add", "only one"]);
    assert!(ok, "{out}");
    let (_, out, _) = run_cli(&board, &["check"]);
    assert!(out.contains("ok, 1 question (1 open)"), "{out}");
    // The second write backs up the board of one question: "1 question", not "1 questions".
    assert!(run_cli(&board, &["add", "a second"]).0);
    let (ok, out, _) = run_cli(&board, &["backups"]);
    assert!(ok);
    assert!(out.trim_end().ends_with("bytes  1 question"), "{out}");
    // A new question cannot wait on itself; it is said so, not that it does not exist.
    let (ok, _, err) = run_cli(&board, &["add", "second", "--after", "3"]);
    assert!(!ok);
    assert!(err.contains("cannot wait on itself"), "{err}");
}

#[test]
fn check_on_a_broken_board_names_the_newest_good_backup() {
    let (_dir, board) = temp_board();
    assert!(run_cli(&board, &["add", "first"]).0);
    // A second write makes the first backup (of the board as it was).
    assert!(run_cli(&board, &["add", "second"]).0);
    std::fs::write(&board, "(version: 1, questions: [oops").unwrap();
    let (ok, _, err) = run_cli(&board, &["check"]);
    assert!(!ok);
    assert!(err.contains("backups that load, newest first"), "{err}");
    assert!(err.contains("1 question  <- the one to restore"), "{err}");
    assert!(err.contains("unknowns restore"), "{err}");
}

#[test]
fn a_read_only_board_refuses_writes_with_the_cause() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, board) = temp_board();
    assert!(run_cli(&board, &["add", "first"]).0);
    let before = std::fs::read_to_string(&board).unwrap();
    std::fs::set_permissions(&board, std::fs::Permissions::from_mode(0o444)).unwrap();
    for args in [
        &["add", "x"][..],
        &["move", "1", "interesting"],
        &["decide", "1", "y"],
    ] {
        let (ok, _, err) = run_cli(&board, args);
        assert!(!ok, "{args:?}");
        assert!(err.contains("read-only"), "{err}");
    }
    assert_eq!(std::fs::read_to_string(&board).unwrap(), before);
    assert_eq!(file_mode(&board), 0o444);
    // Reading still works; and --read-only refuses writes on any board.
    assert!(run_cli(&board, &["list"]).0);
    std::fs::set_permissions(&board, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (ok, _, err) = run_cli(&board, &["--read-only", "add", "x"]);
    assert!(!ok);
    assert!(err.contains("read-only"), "{err}");
    let (ok, _, err) = run_cli(&board, &["add", "--read-only", "x"]);
    assert!(!ok, "the flag is global");
    assert!(err.contains("read-only"), "{err}");
    assert_eq!(std::fs::read_to_string(&board).unwrap(), before);
}

/// A big report is written as it is made; a reader that stops early (`| head`) is no error.
#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    use std::io::Read;
    let (_dir, board) = temp_board();
    let mut text = String::from("(version: 1, questions: [\n");
    for id in 1..=3000 {
        text.push_str(&format!(
            "(id: {id}, title: \"Question {id}: which option do we take?\", lane: Blocking),\n"
        ));
    }
    text.push_str("])\n");
    std::fs::write(&board, text).unwrap();
    for format in ["text", "markdown", "json"] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_unknowns"))
            .args([
                "--board",
                board.to_str().unwrap(),
                "next",
                "--format",
                format,
            ])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 100];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        // The pipe is closed here, long before the report ends.
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{format}: {:?} {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{format}");
    }
}

#[test]
fn a_key_copied_with_a_block_is_repaired_said_and_written() {
    let (_dir, board) = temp_board();
    std::fs::write(
        &board,
        "(questions: [(id: 1, key: \"k1\", title: \"one\", lane: Blocking),\n\
         (id: 2, key: \"k1\", title: \"copied\", lane: Blocking)])",
    )
    .unwrap();
    let (ok, out, err) = run_cli(&board, &["check"]);
    assert!(ok, "{err}");
    assert!(
        out.contains("#2 had the key of a question before it"),
        "{out}"
    );
    run_cli(&board, &["move", "2", "u"]);
    let written = unknowns::format::parse(read(&board).as_bytes()).unwrap();
    let keys: Vec<_> = written.questions().iter().map(|q| q.key.clone()).collect();
    assert_eq!(keys[0].as_deref(), Some("k1"), "the first keeps it");
    assert_ne!(keys[1], keys[0], "the copy has its own now");
    let (_, out, _) = run_cli(&board, &["check"]);
    assert!(
        !out.contains("had the key"),
        "said until written, not after: {out}"
    );
}

#[test]
fn the_merge_driver_refuses_a_version_that_is_not_a_file_at_once() {
    let (dir, board) = temp_board();
    run_cli(&board, &["add", "Which ledger?"]);
    let fifo = dir.path().join("base.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let start = Instant::now();
    let (ok, _, err) = run_cli(
        &board,
        &[
            "merge-driver",
            fifo.to_str().unwrap(),
            board.to_str().unwrap(),
            board.to_str().unwrap(),
        ],
    );
    assert!(!ok);
    assert!(start.elapsed() < Duration::from_secs(10), "refused at once");
    assert!(err.contains("FIFO"), "{err}");
    assert!(
        read(&board).contains("Which ledger?"),
        "ours is left as it was"
    );
}

#[test]
fn small_words_are_right_for_odd_numbers_locks_and_empty_decisions() {
    let (dir, board) = temp_board();
    std::fs::write(&board, "(version: 18446744073709551615, questions: [])").unwrap();
    let (ok, _, err) = run_cli(&board, &["check"]);
    assert!(!ok);
    assert!(err.contains("number out of range"), "{err}");
    assert!(!err.contains("ids go from"), "it is not an id: {err}");
    // A FIFO planted as the lock is named as what it is.
    std::fs::remove_file(&board).unwrap();
    let lock = dir.path().join(".board.ron.lock");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&lock)
            .status()
            .unwrap()
            .success()
    );
    let (ok, _, err) = run_cli(&board, &["add", "x"]);
    assert!(!ok);
    assert!(err.contains("not a regular file"), "{err}");
    assert!(!err.contains("os error"), "{err}");
    std::fs::remove_file(&lock).unwrap();
    // A decision needs words; a dissolution may go without.
    assert!(run_cli(&board, &["add", "Which ledger?"]).0);
    assert!(run_cli(&board, &["add", "Cut over?"]).0);
    let (ok, _, err) = run_cli(&board, &["decide", "1", ""]);
    assert!(!ok);
    assert!(err.contains("a decision needs words"), "{err}");
    assert!(!read(&board).contains("Decided"), "nothing recorded");
    let (ok, _, err) = run_cli(&board, &["dissolve", "2"]);
    assert!(ok, "{err}");
}
