//! `unknowns trend`: the open questions per lane and the resolved ones, day by day or week by
//! week, as a chart a person reads at a glance, or as CSV and JSON.

use std::fmt::Write as _;

use crate::model::Lane;
use crate::model::trend::{By, Point, Trend, change_said};

/// Block characters from low to high.
const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// CSV: `date,blocking,uncomfortable,interesting,resolved`, a row a day (or week).
pub fn csv(trend: &Trend) -> String {
    let mut out = String::from("date,blocking,uncomfortable,interesting,resolved\r\n");
    for p in &trend.points {
        let _ = write!(
            out,
            "{},{},{},{},{}\r\n",
            p.date, p.blocking, p.uncomfortable, p.interesting, p.resolved
        );
    }
    out
}

/// One value as a bar, scaled to `max`.
fn bar(value: usize, max: usize) -> char {
    if max == 0 || value == 0 {
        return if value == 0 { ' ' } else { BARS[0] };
    }
    BARS[((value * (BARS.len() - 1)).div_ceil(max)).min(BARS.len() - 1)]
}

/// How long a span is, in words: "in 8 weeks", "in 5 days".
pub fn span_words(points: &[Point], by: By) -> String {
    let n = points.len();
    match by {
        By::Week if n == 1 => "in 1 week".into(),
        By::Week => format!("in {n} weeks"),
        By::Day if n.is_multiple_of(7) && n >= 14 => format!("in {} weeks", n / 7),
        By::Day if n == 1 => "in 1 day".into(),
        By::Day => format!("in {n} days"),
    }
}

/// The chart: a row of bars per lane and for the resolved, each with its first and last
/// values; coloured by lane when `colour`.
pub fn text(trend: &Trend, by: By, colour: bool) -> String {
    let points = &trend.points;
    let mut out = String::new();
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return "no days in the span\n".into();
    };
    let _ = writeln!(
        out,
        "Open questions from {} to {}, by {}\n",
        first.date,
        last.date,
        match by {
            By::Day => "day",
            By::Week => "week",
        }
    );
    let max_open = points
        .iter()
        .flat_map(|p| Lane::ALL.map(|l| p.open(l)))
        .max()
        .unwrap_or(0);
    let max_resolved = points.iter().map(|p| p.resolved).max().unwrap_or(0);
    // Each row: its name, its colour, what it counts (a lane, or None: the resolved).
    let rows = [
        ("Blocking", "\x1b[31m", Some(Lane::Blocking)),
        ("Uncomfortable", "\x1b[33m", Some(Lane::Uncomfortable)),
        ("Interesting", "\x1b[34m", Some(Lane::Interesting)),
        ("Resolved", "\x1b[32m", None),
    ];
    let span = span_words(points, by);
    for (name, ansi, lane) in rows {
        let value = |p: &Point| lane.map_or(p.resolved, |l| p.open(l));
        let max = if lane.is_some() {
            max_open
        } else {
            max_resolved
        };
        let bars: String = points.iter().map(|p| bar(value(p), max)).collect();
        let (a, b) = (value(first), value(last));
        let bars = if colour {
            format!("{ansi}{bars}\x1b[0m")
        } else {
            bars
        };
        let _ = writeln!(out, "{name:<14} {bars}  {a} → {b}");
    }
    let _ = writeln!(
        out,
        "\n{}",
        change_said("Blocking", first.blocking, last.blocking, &span)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_highest_value() {
        assert_eq!(bar(0, 10), ' ');
        assert_eq!(bar(10, 10), '█');
        assert_eq!(bar(1, 10), '▂');
        assert_eq!(bar(3, 0), '▁');
    }
}
