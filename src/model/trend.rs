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

/// The trend being worked out: questions are added to it one by one (a big board's, a slice
/// at a time between keys), and it is read once they all are.
#[derive(Clone, Debug)]
pub struct Counter {
    days: Vec<Date>,
    ends: Vec<Timestamp>,
    /// Steps up and down per bucket, per state.
    steps: Vec<[i64; 4]>,
    undated: usize,
}

impl Counter {
    /// A trend from the day `from` to the day `to` (both included), by day or week, each
    /// bucket counted at its end in `zone`.
    pub fn new(from: Date, to: Date, by: By, zone: &TimeZone) -> Counter {
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
        Counter {
            steps: vec![[0i64; 4]; days.len() + 1],
            days,
            ends,
            undated: 0,
        }
    }

    /// Adds a question: each change of its state is a step in the first bucket ending after it.
    pub fn add(&mut self, q: &Question) {
        let Some(changes) = timeline(q) else {
            self.undated += 1;
            return;
        };
        let mut state: Option<State> = None;
        for (t, next) in changes {
            let b = self.ends.partition_point(|&end| end <= t);
            if let Some(s) = state {
                self.steps[b][s] -= 1;
            }
            self.steps[b][next] += 1;
            state = Some(next);
        }
    }

    /// The trend: the steps summed in order.
    pub fn finish(&self) -> Trend {
        let mut now = [0i64; 4];
        let points = self
            .days
            .iter()
            .enumerate()
            .map(|(b, &date)| {
                for (s, n) in now.iter_mut().enumerate() {
                    *n += self.steps[b][s];
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
        Trend {
            points,
            undated: self.undated,
        }
    }
}

/// The trend of `board` from the day `from` to the day `to` (both included), by day or week,
/// each bucket counted at its end in `zone`.
pub fn trend(board: &Board, from: Date, to: Date, by: By, zone: &TimeZone) -> Trend {
    let mut counter = Counter::new(from, to, by, zone);
    for q in board.questions() {
        counter.add(q);
    }
    counter.finish()
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

/// Where a question stood at a moment: open in a lane (its index), or resolved (3); None
/// before it was created, or with no creation time. `inclusive`: a change at that very
/// moment counts.
pub fn state_at(q: &Question, t: Timestamp, inclusive: bool) -> Option<usize> {
    timeline(q)?
        .into_iter()
        .take_while(|&(at, _)| if inclusive { at <= t } else { at < t })
        .last()
        .map(|(_, s)| s)
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

    /// Decided, reopened, then resolved by hand in the file (no event): each counts where it
    /// belongs on its day.
    #[test]
    fn a_reopened_question_is_open_again_and_a_hand_resolution_counts() {
        let mut b = Board::new("t");
        let mut q = Question::new(1, "reopened", Lane::Uncomfortable);
        q.created = Some(at("2026-11-01T09:00:00Z"));
        q.history = vec![
            Event {
                at: at("2026-11-02T10:00:00Z"),
                change: Change::Decided,
                by: None,
            },
            Event {
                at: at("2026-11-03T10:00:00Z"),
                change: Change::Reopened,
                by: None,
            },
        ];
        b.push(q);
        let mut by_hand = Question::new(2, "decided in the file", Lane::Blocking);
        by_hand.created = Some(at("2026-11-01T09:00:00Z"));
        by_hand.updated = Some(at("2026-11-03T12:00:00Z"));
        by_hand.status = Status::Decided;
        b.push(by_hand);
        let t = trend(
            &b,
            d("2026-11-01"),
            d("2026-11-03"),
            By::Day,
            &TimeZone::UTC,
        );
        let rows: Vec<_> = t
            .points
            .iter()
            .map(|p| (p.blocking, p.uncomfortable, p.resolved))
            .collect();
        assert_eq!(rows, [(1, 1, 0), (1, 0, 1), (0, 1, 1)]);
    }
}
