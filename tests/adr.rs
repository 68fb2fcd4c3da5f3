//! Decision records: `unknowns adr` writes a resolved question in the MADR layout, numbered
//! after what the folder holds, never over a file, and the question remembers where.

mod common;
use common::*;

fn adr(board: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_unknowns"))
        .args(["--board", board.to_str().unwrap(), "adr"])
        .args(args)
        .env("TZ", "UTC")
        .output()
        .unwrap()
}

/// A board in its own folder (no repository): #1 decided after an earlier answer was
/// replaced, a one-way door with an owner; #2 waits on #1 and is decided; #3 is open; #4 has
/// a title awkward in file names and Markdown.
fn board() -> (tempfile::TempDir, PathBuf) {
    let (dir, path) = temp_board();
    std::fs::write(
        &path,
        r##"(version: 1, title: "Ledger migration", questions: [
            (id: 1, title: "Which ledger is the source of truth?", lane: Blocking, status: Decided,
             door: OneWay, owner: Some("maria"),
             known: "Billing writes to Oracle.\n# not a heading", stakes: "Invoices diverge <b>badly</b>.",
             resolution: "Postgres, from the cutover on",
             history: [
                (at: "2026-11-20T10:00:00Z", change: Decided),
                (at: "2026-11-21T10:00:00Z", change: Edited(field: "resolution", before: "Oracle until March")),
             ]),
            (id: 2, title: "Cut over region by region?", lane: Blocking, status: Decided, after: [1],
             resolution: "Yes, EU first", history: [(at: "2026-11-25T10:00:00Z", change: Decided)]),
            (id: 3, title: "Still open", lane: Uncomfortable),
            (id: 4, title: "What about `a/b` \"quotes\" & [links](x) — ü?", lane: Interesting,
             status: Dissolved),
        ])"##,
    )
    .unwrap();
    (dir, path)
}

#[test]
fn a_decided_question_is_written_as_a_madr_record() {
    let (dir, path) = board();
    let out = adr(&path, &["1"]);
    assert!(out.status.success(), "{:?}", out);
    let file = dir
        .path()
        .join("docs/decisions/0001-which-ledger-is-the-source-of-truth.md");
    let text = std::fs::read_to_string(&file).unwrap();
    insta::assert_snapshot!(text);
    // The question remembers it, and adr on it again says where it is.
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(
        saved.contains(
            "record: Some(\"docs/decisions/0001-which-ledger-is-the-source-of-truth.md\")"
        ),
        "{saved}"
    );
    let again = adr(&path, &["#1"]);
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stdout).contains("decision record is at"));
    assert_eq!(
        std::fs::read_dir(file.parent().unwrap()).unwrap().count(),
        1
    );
    // #2 links to #1's record.
    assert!(adr(&path, &["2"]).status.success());
    let second = std::fs::read_to_string(
        dir.path()
            .join("docs/decisions/0002-cut-over-region-by-region.md"),
    )
    .unwrap();
    assert!(second.contains("* [#1 Which ledger is the source of truth?](0001-which-ledger-is-the-source-of-truth.md)"), "{second}");
}

#[test]
fn numbers_follow_the_highest_record_and_an_existing_folder_is_used() {
    let (dir, path) = board();
    let folder = dir.path().join("docs/adr");
    std::fs::create_dir_all(&folder).unwrap();
    for name in [
        "0001-first.md",
        "0007-seventh.md",
        "README.md",
        "template.md",
        "12-odd.md",
    ] {
        std::fs::write(folder.join(name), "x").unwrap();
    }
    let out = adr(&path, &["4"]);
    assert!(out.status.success(), "{:?}", out);
    let written = folder.join("0008-what-about-a-b-quotes-links-x.md");
    let text = std::fs::read_to_string(&written).unwrap();
    assert!(text.starts_with("---\nstatus: dissolved\n"), "{text}");
    assert!(
        text.contains("# What about `a/b` \"quotes\" & [links](x) — ü?\n"),
        "{text}"
    );
    assert!(text.contains("The question dissolved"), "{text}");
    // Nothing else was touched.
    assert_eq!(
        std::fs::read_to_string(folder.join("0007-seventh.md")).unwrap(),
        "x"
    );
}

#[test]
fn an_open_or_missing_question_is_refused_and_nothing_is_written() {
    let (dir, path) = board();
    let before = std::fs::read(&path).unwrap();
    let out = adr(&path, &["3"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("#3 is open"));
    let out = adr(&path, &["9"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no question #9"));
    assert!(!dir.path().join("docs").exists(), "no folder made");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the board is untouched"
    );
}

#[test]
fn dir_puts_the_record_elsewhere() {
    let (dir, path) = board();
    let elsewhere = dir.path().join("records");
    let out = adr(&path, &["2", "--dir", elsewhere.to_str().unwrap()]);
    assert!(out.status.success(), "{:?}", out);
    assert!(
        elsewhere
            .join("0001-cut-over-region-by-region.md")
            .is_file()
    );
}
