//! The command line, run as the real binary on temporary boards.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_unknowns"));
    c.env_remove("UNKNOWNS_BOARD");
    // Never the user's own config file.
    c.env(
        "XDG_CONFIG_HOME",
        std::env::temp_dir().join("unknowns-tests-no-config"),
    );
    // Backups go to the state directory: never the real one from a test.
    c.env(
        "XDG_STATE_HOME",
        std::env::temp_dir().join("unknowns-tests-state"),
    );
    c
}

fn run(board: &Path, args: &[&str]) -> Output {
    bin()
        .env("XDG_STATE_HOME", state_of(board))
        .arg("--board")
        .arg(board)
        .args(args)
        .output()
        .expect("the binary runs")
}

fn ok(board: &Path, args: &[&str]) -> String {
    let out = run(board, args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn fail(board: &Path, args: &[&str]) -> String {
    let out = run(board, args);
    assert!(!out.status.success(), "{args:?} should fail");
    assert!(out.stdout.is_empty(), "errors go to stderr only");
    String::from_utf8(out.stderr).unwrap()
}

/// Each test board keeps its backups beside it.
fn state_of(board: &Path) -> PathBuf {
    board.parent().unwrap().join("state")
}

fn temp() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/board.ron");
    (dir, path)
}

#[test]
fn add_creates_the_board_with_its_folders_and_prints_the_id() {
    let (_dir, board) = temp();
    assert_eq!(
        ok(
            &board,
            &["add", "Which ledger?", "--one-way", "--owner", "maria"]
        ),
        "1\n"
    );
    assert_eq!(
        ok(
            &board,
            &[
                "add",
                "Cut",
                "over",
                "by",
                "region?",
                "--lane",
                "uncomfortable",
                "--after",
                "1"
            ]
        ),
        "2\n"
    );
    let text = std::fs::read_to_string(&board).unwrap();
    assert!(text.contains("title: \"Cut over by region?\""), "{text}");
    assert!(text.contains("door: OneWay"));
    assert!(text.contains("after: [1]"));
    assert!(text.contains("owner: Some(\"maria\")"));
    assert!(text.contains("lane: Uncomfortable"));
}

#[test]
fn add_refuses_a_missing_prerequisite_and_leaves_the_file_alone() {
    let (_dir, board) = temp();
    ok(&board, &["add", "first"]);
    let before = std::fs::read(&board).unwrap();
    let err = fail(&board, &["add", "second", "--after", "7"]);
    assert!(err.contains("no question #7"), "{err}");
    assert_eq!(std::fs::read(&board).unwrap(), before);
}

#[test]
fn move_decide_dissolve_and_list() {
    let (_dir, board) = temp();
    ok(&board, &["add", "a"]);
    ok(&board, &["add", "b"]);
    ok(&board, &["add", "c"]);
    assert_eq!(
        ok(&board, &["move", "2", "interesting"]),
        "#2 is now in Interesting\n"
    );
    ok(&board, &["decide", "1", "Postgres", "wins"]);
    ok(&board, &["dissolve", "3"]);
    let list = ok(&board, &["list"]);
    let lines: Vec<&str> = list.lines().collect();
    assert!(
        lines[0].starts_with("#1  Blocking       decided    a"),
        "{list}"
    );
    assert!(lines[1].contains("→ Postgres wins"));
    assert!(lines[2].starts_with("#2  Interesting    open       b"));
    assert!(lines[3].contains("dissolved"));
    let err = fail(&board, &["decide", "1", "again"]);
    assert!(err.contains("already resolved"), "{err}");
    let err = fail(&board, &["move", "9", "blocking"]);
    assert!(err.contains("no question #9"));
}

#[test]
fn list_as_json_uses_the_file_field_names() {
    let (_dir, board) = temp();
    ok(&board, &["add", "a", "--one-way", "--owner", "li"]);
    let json: serde_json::Value =
        serde_json::from_str(&ok(&board, &["list", "--format", "json"])).unwrap();
    let q = &json["questions"][0];
    assert_eq!(q["id"], 1);
    assert_eq!(q["title"], "a");
    assert_eq!(q["lane"], "Blocking");
    assert_eq!(q["status"], "Open");
    assert_eq!(q["door"], "OneWay");
    assert_eq!(q["owner"], "li");
    assert!(q["next_step"].is_string());
    assert!(json["title"].is_string());
}

#[test]
fn show_prints_the_lanes_at_a_width() {
    let (_dir, board) = temp();
    ok(&board, &["add", "Which ledger is the source of truth?"]);
    ok(&board, &["add", "parked one", "--lane", "interesting"]);
    let out = ok(&board, &["show", "--width", "90"]);
    assert!(out.contains("Blocking 1"), "{out}");
    assert!(out.contains("Interesting 1"));
    assert!(out.contains("Which ledger is the"));
    assert!(
        out.lines()
            .all(|l| unicode_width::UnicodeWidthStr::width(l) <= 90)
    );
    assert!(!out.contains('\u{1b}'), "plain text, no colours");
}

#[test]
fn check_names_file_line_and_column_and_never_rewrites() {
    let (dir, _) = temp();
    let board = dir.path().join("board.ron");
    let broken = "(version: 1, questions: [\n    (id: 1, title: \"Which?\", lane: Sideways),\n])";
    std::fs::write(&board, broken).unwrap();
    let err = fail(&board, &["check"]);
    assert_eq!(
        err.trim(),
        format!(
            "unknowns: {}:2:36: unknown lane \"Sideways\", expected Blocking, Uncomfortable or Interesting",
            board.display()
        )
    );
    // Commands that write refuse too, and the file stays as it was.
    fail(&board, &["add", "x"]);
    assert_eq!(std::fs::read_to_string(&board).unwrap(), broken);
    // The TUI refuses to open it as well, before touching the terminal.
    let out = bin().arg("--board").arg(&board).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(":2:36: unknown lane"));
    assert_eq!(std::fs::read_to_string(&board).unwrap(), broken);

    std::fs::write(
        &board,
        "(version: 1, questions: [(id: 1, title: \"a\", lane: Blocking)])",
    )
    .unwrap();
    assert!(ok(&board, &["check"]).contains("ok, 1 question (1 open)"));
}

#[test]
fn the_board_comes_from_the_environment_or_the_current_folder() {
    let dir = tempfile::tempdir().unwrap();
    let env_board = dir.path().join("env.ron");
    let out = bin()
        .env("UNKNOWNS_BOARD", &env_board)
        .args(["add", "from env"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(env_board.exists());
    std::fs::write(
        dir.path().join("unknowns.ron"),
        "(version: 1, questions: [])",
    )
    .unwrap();
    let out = bin()
        .current_dir(dir.path())
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .args(["add", "local"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let local = std::fs::read_to_string(dir.path().join("unknowns.ron")).unwrap();
    assert!(local.contains("local"));
    // With nothing else, the data directory.
    let empty = tempfile::tempdir().unwrap();
    let out = bin()
        .current_dir(empty.path())
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .args(["add", "in data"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.path().join("data/unknowns/board.ron").exists());
}

#[test]
fn demo_never_writes_the_bundled_file() {
    let (_dir, board) = temp();
    let out = bin().args(["--demo", "list"]).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Which ledger"));
    let out = bin()
        .args(["--demo", "add", "scratch"])
        .arg("--board")
        .arg(&board)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        !board.exists(),
        "the demo's scratch copy was written, not --board"
    );
    let bundled =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo.ron")).unwrap();
    assert!(!bundled.contains("scratch"));
}

#[test]
fn help_shows_examples() {
    let out = bin().arg("--help").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Examples:"));
    assert!(text.contains("unknowns add"));
}

#[test]
fn hostile_text_is_listed_visibly_not_raw() {
    let (_dir, board) = temp();
    std::fs::create_dir_all(board.parent().unwrap()).unwrap();
    std::fs::write(
        &board,
        "(version: 1, questions: [(id: 1, title: \"a \\u{1b}]52;c;aGk=\\u{7} b\", lane: Blocking)])",
    )
    .unwrap();
    for args in [
        &["list"][..],
        &["show", "--width", "60"][..],
        &["next"][..],
        &["next", "--format", "markdown"][..],
    ] {
        let out = ok(&board, args);
        assert!(!out.contains('\u{1b}'), "{args:?}: {out:?}");
        assert!(out.contains("␛]52;c;aGk=␇"), "{args:?}: {out}");
    }
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(format!(
        "{}/tests/fixtures/plan/{name}.ron",
        env!("CARGO_MANIFEST_DIR")
    ))
}

#[test]
fn next_prints_the_plan_as_text_markdown_and_json() {
    let board = fixture("bottleneck");
    let text = ok(&board, &["next", "--today", "2026-11-24"]);
    assert!(text.starts_with("Next steps as of 2026-11-24\n"), "{text}");
    let now = text.find("Resolve now (2)").expect("section heading");
    let waiting = text.find("Waiting (4)").unwrap();
    assert!(now < waiting);
    assert!(text.contains("  #1    The bottleneck\n        unblocks 4: #2, #3, #5, #6;"));

    let md = ok(
        &board,
        &["next", "--format", "markdown", "--today", "2026-11-24"],
    );
    assert!(md.contains("\n## Resolve now\n"), "{md}");
    assert!(md.contains("- **#1** The bottleneck — unblocks 4"));

    let json: serde_json::Value = serde_json::from_str(&ok(
        &board,
        &["next", "--format", "json", "--today", "2026-11-24"],
    ))
    .unwrap();
    assert_eq!(json["today"], "2026-11-24");
    let sections = json["sections"].as_array().unwrap();
    assert_eq!(sections.len(), 6, "every section, empty ones too");
    assert_eq!(sections[0]["key"], "resolve_now");
    assert_eq!(sections[0]["items"][0]["id"], 1);
    assert_eq!(sections[0]["items"][0]["unblocks"], 4);
    assert_eq!(sections[1]["items"][0]["waits_on"], serde_json::json!([1]));
}

#[test]
fn next_as_of_another_day_brings_deferred_questions_back() {
    let board = fixture("sections");
    let before = ok(&board, &["next", "--today", "2026-11-24"]);
    assert!(before.contains("Deferred (2)"), "{before}");
    let monday = ok(&board, &["next", "--today", "2026-12-01"]);
    assert!(monday.contains("Deferred (1)"), "{monday}");
    let err = fail(&board, &["next", "--today", "someday"]);
    assert!(err.contains("someday"), "{err}");
}

#[test]
fn next_shows_warnings_first() {
    let text = ok(&fixture("cycle"), &["next"]);
    let warn = text
        .find("! cycle in after: #3 → #5 → #9 → #3")
        .expect(&text);
    assert!(warn < text.find("Waiting").unwrap());
}

#[test]
fn a_writer_waits_for_the_lock_held_by_another() {
    let (_dir, board) = temp();
    ok(&board, &["add", "first"]);
    let held = unknowns::store::lock(&board, unknowns::store::LOCK_WAIT).unwrap();
    let path = board.clone();
    let writer = std::thread::spawn(move || run(&path, &["add", "second"]));
    std::thread::sleep(std::time::Duration::from_millis(400));
    assert!(!writer.is_finished(), "the second writer waits");
    assert!(
        !std::fs::read_to_string(&board).unwrap().contains("second"),
        "nothing is written while another holds the lock"
    );
    drop(held);
    let out = writer.join().unwrap();
    assert!(out.status.success());
    assert!(std::fs::read_to_string(&board).unwrap().contains("second"));
}

#[test]
fn writes_are_backed_up_and_a_backup_can_be_restored_and_undone() {
    let (_dir, board) = temp();
    ok(&board, &["add", "first"]);
    // The first write found no board to back up; the second backs up the board with "first".
    ok(&board, &["add", "second"]);
    let list = ok(&board, &["backups"]);
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 1, "{list}");
    assert!(lines[0].ends_with("1 question"), "{list}");
    let id = lines[0].split_whitespace().next().unwrap().to_string();
    // Backups are the user's alone.
    let backup = std::fs::read_dir(state_of(&board).join("unknowns/backups"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let file = std::fs::read_dir(&backup).unwrap().next().unwrap().unwrap();
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(file.metadata().unwrap().permissions().mode() & 0o777, 0o600);

    let restored = ok(&board, &["restore", &id]);
    assert!(restored.contains("restored"), "{restored}");
    let text = std::fs::read_to_string(&board).unwrap();
    assert!(text.contains("first") && !text.contains("second"));
    // The restore itself backed up the board it replaced.
    let list = ok(&board, &["backups"]);
    let newest = list.lines().next().unwrap();
    assert!(newest.ends_with("2 questions"), "{list}");
    let err = fail(&board, &["restore", "19990101T000000Z"]);
    assert!(err.contains("no backup 19990101T000000Z"), "{err}");
}

#[test]
fn a_board_that_does_not_load_names_the_newest_backup_that_does() {
    let (_dir, board) = temp();
    ok(&board, &["add", "first"]);
    ok(&board, &["add", "second"]);
    std::fs::write(
        &board,
        "(version: 1, questions: [(id: 1, title: \"a\", lane: Nowhere)])",
    )
    .unwrap();
    let err = fail(&board, &["list"]);
    assert!(err.contains(":1:52: unknown lane \"Nowhere\""), "{err}");
    assert!(err.contains("backups that load, newest first"), "{err}");
    assert!(err.contains("1 question  <- the one to restore"), "{err}");
    assert!(err.contains("`unknowns restore "), "{err}");
}

#[test]
fn add_understands_the_quick_add_shorthand() {
    let (_dir, board) = temp();
    ok(&board, &["add", "first"]);
    let id = ok(
        &board,
        &[
            "add",
            "u: Cut over by region? @dev #rollout ^1 ! >2026-12-01",
        ],
    );
    assert_eq!(id, "2\n");
    let json: serde_json::Value =
        serde_json::from_str(&ok(&board, &["list", "--format", "json"])).unwrap();
    let q = &json["questions"][1];
    assert_eq!(q["title"], "Cut over by region?");
    assert_eq!(q["lane"], "Uncomfortable");
    assert_eq!(q["owner"], "dev");
    assert_eq!(q["tags"], serde_json::json!(["rollout"]));
    assert_eq!(q["after"], serde_json::json!([1]));
    assert_eq!(q["door"], "OneWay");
    assert_eq!(q["revisit"], "2026-12-01");
    // Flags still work, and escapes keep characters as text.
    ok(
        &board,
        &["add", r"Move \@home to \#1", "--lane", "interesting"],
    );
    let list = ok(&board, &["list"]);
    assert!(
        list.contains("Interesting    open       Move @home to #1"),
        "{list}"
    );
    let err = fail(&board, &["add", "x >someday"]);
    assert!(err.contains("not a date"), "{err}");
}

#[test]
fn export_writes_markdown_json_and_csv() {
    let (_dir, board) = temp();
    ok(&board, &["add", "b: Which ledger, \"really\"? @maria ^"]);
    ok(&board, &["add", "i: Event sourcing #arch"]);
    ok(&board, &["add", "Decided one"]);
    ok(&board, &["decide", "3", "Postgres"]);
    let md = ok(&board, &["export"]);
    assert!(md.contains("## Blocking (1)"), "{md}");
    assert!(md.contains("### #1 Which ledger, \"really\"? ^"));
    assert!(md.contains("## Interesting (1)"));
    assert!(md.contains("## Resolved (1)"));
    assert!(md.contains("- **#3 Decided one** (decided): Postgres"));
    let json: serde_json::Value =
        serde_json::from_str(&ok(&board, &["export", "--format", "json"])).unwrap();
    assert_eq!(json["questions"].as_array().unwrap().len(), 3);
    assert_eq!(json["questions"][2]["resolution"], "Postgres");
    let csv = ok(&board, &["export", "--format", "csv"]);
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert!(lines[0].starts_with("id,title,lane,status,door,owner,after"));
    assert!(
        lines[1].starts_with("1,\"Which ledger, \"\"really\"\"? ^\",Blocking,open,two-way,maria,"),
        "{}",
        lines[1]
    );
    assert!(lines[3].contains(",decided,") && lines[3].contains(",Postgres,"));
}

#[test]
fn completions_and_the_man_page_come_from_the_command_line_definition() {
    for shell in ["bash", "zsh", "fish"] {
        let out = bin().args(["completions", shell]).output().unwrap();
        assert!(out.status.success());
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.contains("unknowns"), "{shell}");
        assert!(
            script.contains("export") && script.contains("restore"),
            "{shell} knows the subcommands"
        );
    }
    let out = bin().arg("man").output().unwrap();
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".TH unknowns 1"));
    assert!(page.contains("completions"));
}

#[test]
fn minutes_for_any_span_come_from_the_history() {
    let (_dir, board) = temp();
    ok(&board, &["add", "First"]);
    ok(&board, &["add", "Second"]);
    ok(&board, &["move", "2", "interesting"]);
    ok(&board, &["decide", "1", "Yes"]);
    let md = ok(&board, &["minutes", "--since", "10m"]);
    assert!(md.starts_with("# Minutes\n"), "{md}");
    assert!(
        md.contains("- #1 First (Blocking)\n- #2 Second (to Blocking, now in Interesting)\n"),
        "{md}"
    );
    assert!(md.contains("- #1 First: **Yes**"));
    let old = ok(
        &board,
        &["minutes", "--since", "2020-01-01", "--until", "2020-01-02"],
    );
    assert!(old.contains("Nothing changed on the board."), "{old}");
    let err = fail(&board, &["minutes", "--since", "last week"]);
    assert!(err.contains("use a span like 2h"), "{err}");
}

#[test]
fn the_config_file_sets_the_default_lane_the_stale_threshold_and_says_where_it_is() {
    let (dir, board) = temp();
    let config = dir.path().join("config");
    std::fs::create_dir_all(config.join("unknowns")).unwrap();
    let with_config = |args: &[&str]| {
        bin()
            .env("XDG_CONFIG_HOME", &config)
            .env("XDG_STATE_HOME", dir.path().join("state"))
            .arg("--board")
            .arg(&board)
            .args(args)
            .output()
            .unwrap()
    };
    let out = with_config(&["config"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("not there: defaults apply"));
    let default = String::from_utf8(with_config(&["config", "--print-default"]).stdout).unwrap();
    assert!(default.contains("stale_days: 7"));
    std::fs::write(
        config.join("unknowns/config.ron"),
        "(default_lane: Interesting, stale_days: 0)",
    )
    .unwrap();
    let out = with_config(&["config"]);
    assert!(String::from_utf8_lossy(&out.stdout).ends_with(": ok\n"));
    assert!(with_config(&["add", "where does this go"]).status.success());
    assert!(ok(&board, &["list"]).contains("Interesting"));
    ok(&board, &["add", "b: blocking now"]);
    let next = String::from_utf8(with_config(&["next"]).stdout).unwrap();
    assert!(next.contains("untouched for 0 days or more"), "{next}");
    std::fs::write(config.join("unknowns/config.ron"), "(stale_dayz: 1)").unwrap();
    let out = with_config(&["config"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("config.ron:1:2:"));
    // Every mistake, each once, and the good settings still apply.
    std::fs::write(
        config.join("unknowns/config.ron"),
        "(\n    default_lane: Sideways,\n    stale_days: \"soon\",\n    backups_kept: 3,\n    colour: 1,\n)",
    )
    .unwrap();
    let out = with_config(&["config"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("config.ron:2:"), "{err}");
    assert!(err.contains("config.ron:3:"), "{err}");
    assert!(err.contains("config.ron:5:"), "{err}");
    assert_eq!(err.matches("config.ron:2:").count(), 1, "said once: {err}");
}

#[test]
fn changes_are_signed_with_the_user_who_made_them() {
    let (_dir, board) = temp();
    let as_user = |user: &str, args: &[&str]| {
        let out = bin()
            .env("USER", user)
            .env("XDG_STATE_HOME", state_of(&board))
            .arg("--board")
            .arg(&board)
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success());
    };
    as_user("maria", &["add", "Which ledger?"]);
    as_user("dev", &["move", "1", "interesting"]);
    let text = std::fs::read_to_string(&board).unwrap();
    assert!(text.contains("change: Created, by: \"maria\")"), "{text}");
    assert!(
        text.contains("change: Moved(from: Blocking, to: Interesting), by: \"dev\")"),
        "{text}"
    );
    // Files without authors still load (hand edits, older files).
    let review: serde_json::Value =
        serde_json::from_str(&ok(&board, &["review", "--format", "json"])).unwrap();
    assert!(review["since"].is_null());
}
