//! The trend of uncertainty: a pure function of the board and a span, checked against hand-made
//! histories and on random ones; its CSV, JSON and chart from the command line.

mod common;
use common::*;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use proptest::prelude::*;
use unknowns::model::trend::{By, trend};
use unknowns::model::{Board, Lane, Question, Status};
use unknowns::model::{Change, Event};

fn day(k: i64) -> Date {
    Date::constant(2026, 11, 1)
        .checked_add(jiff::Span::new().days(k))
        .unwrap()
}

fn at(k: i64, hour: i64) -> Timestamp {
    day(k)
        .to_zoned_datetime(TimeZone::UTC)
        .unwrap()
        .timestamp()
        .checked_add(jiff::SignedDuration::from_hours(hour))
        .unwrap()
}

/// Random questions, each created on a day of the span, then moved, resolved and reopened at
/// later hours.
fn random_board() -> impl Strategy<Value = Board> {
    let change = (0..4usize, 0..3usize, 1..48i64);
    let question = (0..20i64, 0..3usize, prop::collection::vec(change, 0..6));
    prop::collection::vec(question, 0..25).prop_map(|qs| {
        let mut b = Board::new("random");
        for (i, (created, lane, changes)) in qs.into_iter().enumerate() {
            let mut q = Question::new(i as u32 + 1, format!("q{i}"), Lane::ALL[lane]);
            q.created = Some(at(created, 9));
            let mut t = at(created, 9);
            let mut current = Lane::ALL[lane];
            let mut status = Status::Open;
            for (kind, to, hours) in changes {
                t = t
                    .checked_add(jiff::SignedDuration::from_hours(hours))
                    .unwrap();
                let change = match kind {
                    0 if Lane::ALL[to] != current => {
                        let from = current;
                        current = Lane::ALL[to];
                        Change::Moved { from, to: current }
                    }
                    1 if status == Status::Open => {
                        status = Status::Decided;
                        Change::Decided
                    }
                    2 if status != Status::Open => {
                        status = Status::Open;
                        Change::Reopened
                    }
                    _ => continue,
                };
                q.history.push(Event {
                    at: t,
                    change,
                    by: None,
                });
            }
            q.lane = current;
            q.status = status;
            b.push(q);
        }
        b
    })
}

proptest! {
    #![proptest_config(common::proptest_config(200))]

    /// Each day: open and resolved add up to the questions created by its end (so no count
    /// went below zero), the total never falls, and moving never changes it.
    #[test]
    fn counts_add_up_to_what_was_created(b in random_board()) {
        let t = trend(&b, day(0), day(30), By::Day, &TimeZone::UTC);
        prop_assert_eq!(t.points.len(), 31);
        let mut before = 0;
        for p in &t.points {
            let end = p.date.tomorrow().unwrap().to_zoned_datetime(TimeZone::UTC).unwrap().timestamp();
            let created = b.questions().iter().filter(|q| q.created.unwrap() < end).count();
            prop_assert_eq!(p.total(), created, "{}", p.date);
            prop_assert!(p.total() >= before);
            before = p.total();
        }
        // Weeks end on the same counts as their last day.
        let weeks = trend(&b, day(0), day(27), By::Week, &TimeZone::UTC);
        for w in &weeks.points {
            let same = t.points.iter().find(|p| p.date == w.date).unwrap();
            prop_assert_eq!(w, same);
        }
    }
}

/// A board with a history written by hand: #1 blocking, moved to uncomfortable on day 3,
/// decided on day 5; #2 interesting from day 2, dissolved on day 4; #3 with no creation time.
fn hand_made() -> (tempfile::TempDir, PathBuf) {
    let (dir, path) = temp_board();
    std::fs::write(
        &path,
        r#"(version: 1, questions: [
            (id: 1, title: "one", lane: Uncomfortable, status: Decided, resolution: "yes",
             created: Some("2026-11-01T09:00:00Z"),
             history: [
                (at: "2026-11-03T10:00:00Z", change: Moved(from: Blocking, to: Uncomfortable)),
                (at: "2026-11-05T10:00:00Z", change: Decided),
             ]),
            (id: 2, title: "two", lane: Interesting, status: Dissolved,
             created: Some("2026-11-02T09:00:00Z"),
             history: [(at: "2026-11-04T10:00:00Z", change: Dissolved)]),
            (id: 3, title: "three", lane: Blocking),
        ])"#,
    )
    .unwrap();
    (dir, path)
}

fn trend_cli(path: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_unknowns"))
        .args(["--board", path.to_str().unwrap(), "trend"])
        .args(args)
        .env("TZ", "UTC")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn csv_and_json_follow_a_hand_made_history() {
    let (_dir, path) = hand_made();
    let span = ["--since", "2026-11-01", "--until", "2026-11-06"];
    let out = trend_cli(&path, &[&span[..], &["--format", "csv"]].concat());
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "date,blocking,uncomfortable,interesting,resolved\r\n\
         2026-11-01,1,0,0,0\r\n\
         2026-11-02,1,0,1,0\r\n\
         2026-11-03,0,1,1,0\r\n\
         2026-11-04,0,1,0,1\r\n\
         2026-11-05,0,0,0,2\r\n\
         2026-11-06,0,0,0,2\r\n"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("1 question left out"), "{stderr}");
    let out = trend_cli(&path, &[&span[..], &["--format", "json"]].concat());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 6);
    assert_eq!(
        json[2],
        serde_json::json!({"date": "2026-11-03", "blocking": 0, "uncomfortable": 1, "interesting": 1, "resolved": 0})
    );
}

#[test]
fn the_chart_reads_at_a_glance() {
    let (_dir, path) = hand_made();
    let out = trend_cli(&path, &["--since", "2026-11-01", "--until", "2026-11-06"]);
    let text = String::from_utf8(out.stdout).unwrap();
    insta::assert_snapshot!(text);
    assert!(!text.contains('\x1b'), "NO_COLOR: no colour");
}

#[test]
fn a_span_that_ends_before_it_starts_or_starts_later_is_refused() {
    let (_dir, path) = hand_made();
    let out = trend_cli(&path, &["--since", "2026-11-05", "--until", "2026-11-01"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("before it starts"));
    let out = trend_cli(&path, &["--since", "2099-01-01"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("has not come yet"));
}
