//! Needed-by dates, flowed down: a question that something dated waits on, directly or not,
//! is needed by the earliest such date. Worked out once per plan, from what waits on what
//! (prerequisites before dependents in the component order): each question takes the
//! earliest of its own date and its dependents' dates; a cycle's members share the earliest
//! of them all, so a cycle does not loop.

use jiff::civil::Date;

use super::graph::Adj;
use super::phases::{Graph, Read};
use super::types::NeededBy;

/// Each open question's needed-by date (its own or inherited), by index.
pub(super) struct Needed {
    pub(super) by: Vec<Option<NeededBy>>,
}

impl Needed {
    pub(super) fn of(read: &Read<'_>, graph: &Graph, waiters: &Adj) -> Needed {
        let n = read.facts.len();
        // The earliest date and the index of the question whose own date it is.
        let mut best: Vec<Option<(Date, usize)>> = (0..n)
            .map(|i| read.facts[i].needed_by.map(|d| (d, i)))
            .collect();
        let earlier = |a: Option<(Date, usize)>, b: Option<(Date, usize)>| match (a, b) {
            (Some(x), Some(y)) => Some(if (y.0, read.ids[y.1]) < (x.0, read.ids[x.1]) {
                y
            } else {
                x
            }),
            (x, None) => x,
            (None, y) => y,
        };
        // Dependents come after their prerequisites in the components' order: walk it
        // backwards, so every dependent is done before what it waits on.
        for members in graph.comps.iter().rev() {
            let mut shared = None;
            for &m in members {
                shared = earlier(shared, best[m]);
                for &w in &waiters[m] {
                    shared = earlier(shared, best[w]);
                }
            }
            for &m in members {
                best[m] = shared;
            }
        }
        let by = best
            .into_iter()
            .enumerate()
            .map(|(i, b)| {
                b.map(|(date, source)| NeededBy {
                    date,
                    source: (source != i).then(|| read.ids[source]),
                })
            })
            .collect();
        Needed { by }
    }

    /// The rank a needed-by date gives in an order: earlier first, undated last.
    pub(super) fn rank(&self, i: usize) -> Date {
        self.by[i].map_or(Date::MAX, |n| n.date)
    }
}

/// Working days (Monday to Friday) from `today` up to the day before `date`: the days there
/// are to work on something needed by then. Counted by whole weeks, so a date years away
/// costs no more than one next week (cards ask it at every frame).
pub fn working_days(today: Date, date: Date) -> i64 {
    let days = crate::model::dates::days_between(today, date);
    if days <= 0 {
        return 0;
    }
    let start = i64::from(today.weekday().to_monday_zero_offset());
    let rest = (0..days % 7).filter(|k| (start + k) % 7 < 5).count() as i64;
    days / 7 * 5 + rest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn working_days_skip_the_weekend() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        // Friday 2026-12-04 to Monday 2026-12-07: Friday only.
        assert_eq!(working_days(d("2026-12-04"), d("2026-12-07")), 1);
        assert_eq!(working_days(d("2026-12-07"), d("2026-12-14")), 5);
        assert_eq!(working_days(d("2026-12-07"), d("2026-12-07")), 0);
        assert_eq!(working_days(d("2026-12-09"), d("2026-12-01")), 0);
        // Day by day, against a count made one day at a time.
        let by_hand = |from: Date, to: Date| {
            let mut n = 0;
            let mut at = from;
            while at < to {
                n += i64::from(at.weekday().to_monday_zero_offset() < 5);
                at = at.tomorrow().unwrap();
            }
            n
        };
        let start = d("2026-11-01");
        for a in 0..9 {
            for b in 0..40 {
                let from = start.checked_add(jiff::Span::new().days(a)).unwrap();
                let to = start.checked_add(jiff::Span::new().days(b)).unwrap();
                assert_eq!(working_days(from, to), by_hand(from, to), "{from} to {to}");
            }
        }
    }
}
