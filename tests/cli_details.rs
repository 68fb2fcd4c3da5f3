//! The command line, right in the details: lanes by any name, days as the app reads them,
//! spans for the minutes, a board that does not exist said so.

mod common;
use common::*;

#[test]
fn lanes_are_taken_in_any_case_or_by_their_first_letter() {
    let (_dir, board) = temp_board();
    cli(&board, &["add", "one"]);
    for (typed, lane) in [
        ("u", "Uncomfortable"),
        ("Interesting", "Interesting"),
        ("BLOCKING", "Blocking"),
        ("i", "Interesting"),
    ] {
        let said = cli(&board, &["move", "1", typed]);
        assert_eq!(said, format!("#1 is now in {lane}\n"));
    }
    let (ok, _, err) = run_cli(&board, &["move", "1", "sideways"]);
    assert!(!ok);
    assert!(err.contains("not a lane"), "{err}");
    cli(&board, &["add", "two", "--lane", "u"]);
    assert!(cli(&board, &["list"]).contains("#2  Uncomfortable"));
}

#[test]
fn a_board_that_does_not_exist_is_said_so_by_every_command_that_reads_it() {
    let (dir, _) = temp_board();
    let missing = dir.path().join("typo.ron");
    for args in [
        &["list"][..],
        &["next"],
        &["review"],
        &["show"],
        &["export"],
        &["conflicts"],
    ] {
        let (ok, out, err) = run_cli(&missing, args);
        assert!(!ok, "{args:?} exits non-zero");
        assert!(err.contains("no such board yet"), "{args:?}: {err}");
        assert_eq!(out, "", "{args:?} prints no empty result");
    }
    assert!(!missing.exists(), "reading never creates the board");
}

#[test]
fn demo_and_board_work_after_the_subcommand_too() {
    let home = tempfile::tempdir().unwrap();
    let out = command(home.path())
        .args(["list", "--demo"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("ledger"));
}

#[test]
fn show_keeps_to_its_width_and_prints_no_tabs() {
    let (_dir, board) = temp_board();
    cli(
        &board,
        &[
            "add",
            "Which ledger is the source of truth during the dual write?",
        ],
    );
    let (ok, _, err) = run_cli(&board, &["show", "--width", "20"]);
    assert!(!ok);
    assert!(err.contains("at least 40 columns"), "{err}");
    assert!(!run_cli(&board, &["show", "--width", "0"]).0);
    let shown = cli(&board, &["show", "--width", "60"]);
    assert!(shown.lines().all(|l| unicode_width(l) <= 60), "{shown}");
    assert!(!shown.contains("Next steps"), "{shown}");
    assert!(shown.contains("1 open · 0 resolved"), "{shown}");
}

fn unicode_width(s: &str) -> usize {
    s.chars().count()
}

/// 13: the board's title, from the command line.
#[test]
fn the_board_title_is_set_and_read_from_the_command_line() {
    let (_dir, board) = temp_board();
    cli(&board, &["add", "one"]);
    assert_eq!(
        cli(&board, &["title", "Ledger", "migration"]),
        "the board is titled \"Ledger migration\"\n"
    );
    assert_eq!(cli(&board, &["title"]), "Ledger migration\n");
    assert!(cli(&board, &["show"]).starts_with(" Ledger migration · 1 open"));
}

/// 8 and 20: times are the user's, days are typed as in the app, and spans that make no
/// sense are refused.
#[test]
fn times_and_days_are_read_in_the_users_zone_and_words() {
    let (_dir, board) = temp_board();
    cli(&board, &["add", "one"]);
    let run = |tz: &str, args: &[&str]| {
        run_command(
            command(board.parent().unwrap())
                .env("TZ", tz)
                .arg("--board")
                .arg(&board)
                .args(args),
        )
    };
    let (ok, md, err) = run("Europe/Berlin", &["minutes", "--since", "1h"]);
    assert!(ok, "{err}");
    assert!(
        md.contains(" CET to ") || md.contains(" CEST to "),
        "the zone is named: {md}"
    );
    let (ok, _, err) = run(
        "Europe/Berlin",
        &["minutes", "--since", "1h", "--until", "2h"],
    );
    assert!(!ok);
    assert!(err.contains("before it starts"), "{err}");
    let (ok, _, err) = run("UTC", &["minutes", "--since", "+2d"]);
    assert!(!ok, "a span starting in the future");
    assert!(
        err.contains("has not come yet") || err.contains("use a span"),
        "{err}"
    );
    let (ok, md, err) = run("UTC", &["minutes", "--since", "yesterday"]);
    assert!(ok, "{err}");
    assert!(md.contains("#1 one"), "{md}");
    let (ok, next, err) = run("UTC", &["next", "--today", "tomorrow"]);
    assert!(ok, "{err}");
    let tomorrow = unknowns::cli::today()
        .checked_add(jiff::Span::new().days(1))
        .unwrap();
    assert!(next.contains(&format!("as of {tomorrow}")), "{next}");
    let (ok, _, err) = run("UTC", &["next", "--today", "someday"]);
    assert!(!ok);
    assert!(err.contains("is not a date"), "{err}");
}

#[test]
fn ids_are_taken_as_the_app_shows_them() {
    let (_dir, board) = temp_board();
    assert!(run_cli(&board, &["add", "Which ledger?"]).0);
    assert!(run_cli(&board, &["add", "Cut over?", "--after", "#1"]).0);
    let (ok, out, err) = run_cli(&board, &["move", "#2", "u"]);
    assert!(ok, "{err}");
    assert!(out.contains("#2"), "{out}");
    assert!(run_cli(&board, &["decide", "#1", "Postgres"]).0);
    assert!(run_cli(&board, &["dissolve", "#2"]).0);
    let (ok, _, err) = run_cli(&board, &["move", "#x", "u"]);
    assert!(!ok);
    assert!(err.contains("give it as 3 or #3"), "{err}");
}

#[test]
fn an_untitled_board_prints_no_title_and_says_so() {
    let (_dir, board) = temp_board();
    assert!(run_cli(&board, &["add", "Which ledger?"]).0);
    let (ok, out, err) = run_cli(&board, &["title"]);
    assert!(ok, "{err}");
    assert_eq!(out, "", "nothing on stdout");
    assert!(err.contains("has no title yet"), "{err}");
    assert!(run_cli(&board, &["title", "Ledger", "migration"]).0);
    let (_, out, err) = run_cli(&board, &["title"]);
    assert_eq!(out, "Ledger migration\n");
    assert_eq!(err, "");
}

#[test]
fn review_takes_another_day_as_next_does() {
    let (_dir, board) = temp_board();
    assert!(run_cli(&board, &["add", "u: Deferred a while"]).0);
    let board_text = read(&board);
    let in_ten_days = unknowns::cli::today()
        .checked_add(jiff::Span::new().days(10))
        .unwrap();
    let with_date = board_text.replace(
        "lane: Uncomfortable,",
        &format!("lane: Uncomfortable,\n            revisit: Some(\"{in_ten_days}\"),"),
    );
    std::fs::write(&board, with_date).unwrap();
    let (ok, out, err) = run_cli(&board, &["review", "--format", "json", "--today", "+10d"]);
    assert!(ok, "{err}");
    assert!(
        out.contains(&in_ten_days.to_string()),
        "due that day: {out}"
    );
    let (ok, _, err) = run_cli(&board, &["review", "--today", "someday"]);
    assert!(!ok);
    assert!(err.contains("--today"), "{err}");
}
