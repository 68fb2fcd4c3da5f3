//! Hostile and broken input: loading never panics and never hangs, and pastes are cleaned.

mod common;

use std::time::{Duration, Instant};

use proptest::prelude::*;
use unknowns::format;
use unknowns::store::DEMO_BOARD;

/// Parses and says how long it took; anything near the limit means something went quadratic.
fn parse_within(
    bytes: &[u8],
    limit: Duration,
) -> Result<unknowns::model::Board, format::FormatError> {
    let start = Instant::now();
    let result = format::parse(bytes);
    assert!(start.elapsed() < limit, "took {:?}", start.elapsed());
    result
}

#[test]
fn a_50_mb_file_loads_or_fails_without_hanging() {
    let mut big =
        String::from("(version: 1, questions: [(id: 1, title: \"a\", lane: Blocking, known: \"");
    big.push_str(&"all work and no play ".repeat(50 * 1024 * 1024 / 21));
    big.push_str("\")])");
    let board = parse_within(big.as_bytes(), Duration::from_secs(30)).unwrap();
    assert!(board.questions()[0].known.len() > 50_000_000);
    // 50 MB of brackets: too deep, said at once.
    let deep = "[".repeat(50 * 1024 * 1024);
    let err = parse_within(deep.as_bytes(), Duration::from_secs(30)).unwrap_err();
    assert_eq!(err.line, 1);
    // 50 MB of noise.
    let noise: Vec<u8> = (0..50 * 1024 * 1024u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 24) as u8)
        .collect();
    assert!(parse_within(&noise, Duration::from_secs(30)).is_err());
}

#[test]
fn a_one_megabyte_title_loads_and_draws() {
    let title = "x".repeat(1024 * 1024);
    let text = format!("(version: 1, questions: [(id: 1, title: \"{title}\", lane: Blocking)])");
    let board = format::parse(text.as_bytes()).unwrap();
    let shown = unknowns::ui::board_text(&board, 80, "2026-11-24".parse().unwrap());
    assert!(shown.contains('…'), "cut to two lines with an ellipsis");
    assert!(shown.len() < 20_000);
}

#[test]
fn ids_at_the_edge_of_u32() {
    let max = "(version: 1, questions: [(id: 4294967295, title: \"a\", lane: Blocking)])";
    let mut board = format::parse(max.as_bytes()).unwrap();
    let err = board
        .add(
            "b",
            unknowns::model::Lane::Blocking,
            jiff::Timestamp::UNIX_EPOCH,
        )
        .unwrap_err();
    assert_eq!(err, unknowns::model::BoardError::IdsExhausted);
    let over = "(version: 1, questions: [(id: 4294967296, title: \"a\", lane: Blocking)])";
    let err = format::parse(over.as_bytes()).unwrap_err();
    assert_eq!((err.line, err.col), (1, 31));
    assert!(err.message.contains("out of range"), "{err}");
}

#[test]
fn an_after_that_points_at_itself_is_named() {
    let text =
        "(version: 1, questions: [\n  (id: 7, title: \"a\", lane: Blocking, after: [7]),\n])";
    let err = format::parse(text.as_bytes()).unwrap_err();
    assert_eq!(err.line, 2);
    assert!(
        err.message
            .contains("cannot wait on itself: #7 is after #7"),
        "{err}"
    );
}

/// Where a load error points must be in the text: a line it has, a column on that line.
fn points_into(bytes: &[u8], e: &format::FormatError) -> bool {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.split('\n').collect();
    e.line >= 1
        && e.line <= lines.len()
        && e.col >= 1
        && e.col <= lines[e.line - 1].chars().count() + 1
}

/// Valid boards, broken: truncated, bytes flipped, pieces spliced in from elsewhere. Each
/// loads (and then reads back the same after a save) or fails at a place in the text; the
/// cases reach both, or the property says nothing of one of them, and fails.
#[test]
fn mutated_boards_load_or_fail_with_a_position() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let (loaded, refused) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let strategy = (
        prop_oneof![1 => Just(1000usize), 1 => 0usize..1000],
        prop::collection::vec((0usize..100_000, any::<u8>()), 0..3),
        prop::option::of((0usize..100_000, 0usize..100_000, 0usize..200)),
    );
    let mut runner = proptest::test_runner::TestRunner::new(common::proptest_config(1000));
    runner
        .run(&strategy, |(cut, flips, splice)| {
            let mut bytes = DEMO_BOARD.as_bytes().to_vec();
            for (at, byte) in flips {
                let n = bytes.len();
                bytes[at % n] = byte;
            }
            if let Some((from, to, len)) = splice {
                let n = bytes.len();
                let from = from % n;
                let piece: Vec<u8> = bytes[from..(from + len).min(n)].to_vec();
                let to = to % n;
                bytes.splice(to..to, piece);
            }
            bytes.truncate(bytes.len() * cut / 1000);
            match format::parse(&bytes) {
                Ok(board) => {
                    loaded.fetch_add(1, Ordering::Relaxed);
                    prop_assert_eq!(board.validate(), Ok(()));
                    let again = format::parse(format::write(&board).as_bytes());
                    prop_assert_eq!(again, Ok(board));
                }
                Err(e) => {
                    refused.fetch_add(1, Ordering::Relaxed);
                    prop_assert!(
                        points_into(&bytes, &e),
                        "{}:{} is outside the text",
                        e.line,
                        e.col
                    );
                }
            }
            Ok(())
        })
        .unwrap();
    let (loaded, refused) = (loaded.into_inner(), refused.into_inner());
    assert!(loaded > 0, "no case loaded ({refused} refused)");
    assert!(refused > 0, "no case was refused ({loaded} loaded)");
}
