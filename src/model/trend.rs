//! Is the uncertainty shrinking? For each day (or week) of a span, at its end: the open
//! questions in each lane (as the lane was then, following the history's moves) and how many
//! were resolved so far. Read from each question's creation and history, once: every change
//! of state is a step up or down in one bucket, and the buckets are summed in order, so the
//! work is the history's length plus the span's, not their product.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;

use super::question::Change;
use super::{Board, Lane, Question, Status};

/// Day by day, or week by week.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum By {
    Day,
    Week,
}

/// The board at the end of one day or week.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Point {
    /// The last day of the bucket (in the user's zone).
    pub date: Date,
    pub blocking: usize,
    pub uncomfortable: usize,
    pub interesting: usize,
    /// Decided and dissolved so far.
    pub resolved: usize,
}

impl Point {
    /// Open questions in a lane.
    pub fn open(&self, lane: Lane) -> usize {
        match lane {
            Lane::Blocking => self.blocking,
            Lane::Uncomfortable => self.uncomfortable,
            Lane::Interesting => self.interesting,
        }
    }

    /// Every question created by then.
    pub fn total(&self) -> usize {
        self.blocking + self.uncomfortable + self.interesting + self.resolved
    }
}

/// The trend, and how many questions it leaves out for want of a creation time.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Trend {
    pub points: Vec<Point>,
    pub undated: usize,
}

/// A question's state: open in a lane (0, 1, 2) or resolved (3).
type State = usize;
const RESOLVED: State = 3;

/// The trend of `board` from the day `from` to the day `to` (both included), by day or week,
/// each bucket counted at its end in `zone`.
pub fn trend(board: &Board, from: Date, to: Date, by: By, zone: &TimeZone) -> Trend {
    let step = match by {
        By::Day => 1,
        By::Week => 7,
    };
    // The last day of each bucket, and the moment it ends.
    let mut days = Vec::new();
    let mut d = from;
    while d <= to {
        let last = d
            .checked_add(jiff::Span::new().days(step - 1))
            .unwrap_or(to)
            .min(to);
        days.push(last);
        match last.tomorrow() {
            Ok(next) => d = next,
            Err(_) => break,
        }
    }
    let ends: Vec<Timestamp> = days
        .iter()
        .map(|day| {
            day.tomorrow()
                .ok()
                .and_then(|t| t.to_zoned_datetime(zone.clone()).ok())
                .map_or(Timestamp::MAX, |z| z.timestamp())
        })
        .collect();
    // Steps up and down per bucket, per state: a change at `t` counts from the first bucket
    // ending after it.
    let mut steps = vec![[0i64; 4]; days.len() + 1];
    let bucket = |t: Timestamp| ends.partition_point(|&end| end <= t);
    let mut undated = 0;
    for q in board.questions() {
        match timeline(q) {
            Some(changes) => {
                let mut state: Option<State> = None;
                for (t, next) in changes {
                    let b = bucket(t);
                    if let Some(s) = state {
                        steps[b][s] -= 1;
                    }
                    steps[b][next] += 1;
                    state = Some(next);
                }
            }
            None => undated += 1,
        }
    }
    let mut now = [0i64; 4];
    let points = days
        .iter()
        .enumerate()
        .map(|(b, &date)| {
            for s in 0..4 {
                now[s] += steps[b][s];
            }
            let count = |s: State| usize::try_from(now[s]).unwrap_or(0);
            Point {
                date,
                blocking: count(0),
                uncomfortable: count(1),
                interesting: count(2),
                resolved: count(RESOLVED),
            }
        })
        .collect();
    Trend { points, undated }
}

/// A question's states over time, in order: from its creation (its lane then: where its first
/// move took it from), through its moves, decisions, dissolutions and reopenings. None without
/// a creation time (the file's `created`, or a `Created` event).
fn timeline(q: &Question) -> Option<Vec<(Timestamp, State)>> {
    let created = q.created.or_else(|| {
        q.history
            .iter()
            .find(|e| matches!(e.change, Change::Created))
            .map(|e| e.at)
    })?;
    let mut events: Vec<_> = q.history.iter().filter(|e| e.at >= created).collect();
    events.sort_by_key(|e| e.at);
    let first_lane = events
        .iter()
        .find_map(|e| match e.change {
            Change::Moved { from, .. } => Some(from),
            _ => None,
        })
        .unwrap_or(q.lane);
    let mut lane = first_lane.index();
    let mut state = lane;
    let mut out = vec![(created, state)];
    let mut resolved_seen = false;
    for e in events {
        let next = match e.change {
            Change::Moved { to, .. } => {
                lane = to.index();
                if state == RESOLVED { state } else { lane }
            }
            Change::Decided | Change::Dissolved => {
                resolved_seen = true;
                RESOLVED
            }
            Change::Reopened => lane,
            _ => state,
        };
        if next != state {
            out.push((e.at, next));
            state = next;
        }
    }
    // Resolved by hand in the file, with no event: from its last update.
    if q.status != Status::Open && !resolved_seen && state != RESOLVED {
        out.push((q.updated.unwrap_or(created).max(created), RESOLVED));
    }
    Some(out)
}

/// "Blocking 9 → 4 in 4 weeks": a lane's first and last values over the span.
pub fn change_said(name: &str, first: usize, last: usize, span: &str) -> String {
    if first == last {
        format!("{name} {first}, unchanged {span}")
    } else {
        format!("{name} {first} → {last} {span}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::question::Event;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn lanes_follow_the_moves_and_resolutions_count_from_their_day() {
        let mut b = Board::new("t");
        let mut q = Question::new(1, "moved then decided", Lane::Uncomfortable);
        q.created = Some(at("2026-11-02T09:00:00Z"));
        q.history = vec![
            Event {
                at: at("2026-11-04T10:00:00Z"),
                change: Change::Moved {
                    from: Lane::Blocking,
                    to: Lane::Uncomfortable,
                },
                by: None,
            },
            Event {
                at: at("2026-11-06T10:00:00Z"),
                change: Change::Decided,
                by: None,
            },
        ];
        q.status = Status::Decided;
        b.push(q);
        let mut never = Question::new(2, "no history", Lane::Blocking);
        never.created = None;
        b.push(never);
        let t = trend(
            &b,
            d("2026-11-01"),
            d("2026-11-07"),
            By::Day,
            &TimeZone::UTC,
        );
        assert_eq!(t.undated, 1);
        let row = |p: &Point| (p.blocking, p.uncomfortable, p.interesting, p.resolved);
        let rows: Vec<_> = t.points.iter().map(row).collect();
        assert_eq!(
            rows,
            [
                (0, 0, 0, 0),
                (1, 0, 0, 0),
                (1, 0, 0, 0),
                (0, 1, 0, 0),
                (0, 1, 0, 0),
                (0, 0, 0, 1),
                (0, 0, 0, 1)
            ]
        );
        let weeks = trend(
            &b,
            d("2026-11-01"),
            d("2026-11-14"),
            By::Week,
            &TimeZone::UTC,
        );
        assert_eq!(weeks.points.len(), 2);
        assert_eq!(weeks.points[0].date, d("2026-11-07"));
        assert_eq!(weeks.points[0].resolved, 1);
    }
}
