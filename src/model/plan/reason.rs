//! The plan in words: each item's reason, read aloud in a meeting, and the lists of ids that
//! warnings and reasons name.

use super::{Item, Why};
use crate::model::Door;

impl Item {
    /// The reason, in a line a person can read aloud in a meeting.
    pub fn reason(&self) -> String {
        self.said().to_string()
    }

    /// The reason, written wherever it goes without a string of its own (a report of
    /// 100,000 items writes each one straight out).
    pub fn said(&self) -> Said<'_> {
        Said(self, None)
    }

    /// The cycle it is on, as the warnings name it ("#3 → #5 → #9 → #3"), if it is on one.
    pub fn cycle(&self) -> Option<String> {
        match &self.why {
            Why::Waiting {
                cycle: Some(path),
                more,
                ..
            } => Some(cycle_path(path, *more as usize)),
            _ => None,
        }
    }

    /// The reason naming every question it unblocks (`unblocked`, all of them, worked out by
    /// the caller), not the first few: for a shared screen, where a lead reads them aloud.
    pub fn reason_naming_all(&self, unblocked: &[u32]) -> String {
        Said(self, Some(unblocked)).to_string()
    }
}

/// An item's reason as [`std::fmt::Display`]: see [`Item::said`].
pub struct Said<'a>(&'a Item, Option<&'a [u32]>);

impl std::fmt::Display for Said<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let item = self.0;
        let mut r = Reason { out: f, any: false };
        let after = |r: &mut Reason, list: &[u32]| {
            if list.is_empty() {
                Ok(())
            } else {
                r.add(format_args!("after {}", ids(list)))
            }
        };
        match &item.why {
            Why::ResolveNow {
                first_unblocked,
                blocker,
                door,
                due,
            } => {
                if item.unblocks > 0 {
                    let (shown, more) = match self.1 {
                        Some(all) => (all, ""),
                        None => (
                            &first_unblocked[..first_unblocked.len().min(4)],
                            if item.unblocks > 4 { ", …" } else { "" },
                        ),
                    };
                    r.add(format_args!(
                        "unblocks {}: {}{more}",
                        item.unblocks,
                        ids(shown)
                    ))?;
                }
                if let Some((b, lane)) = blocker {
                    r.add(format_args!(
                        "{}, but #{b} (blocking) waits on it",
                        lane.name().to_lowercase()
                    ))?;
                }
                r.add(format_args!(
                    "{}",
                    match door {
                        Door::OneWay => "one-way door: agree deliberately",
                        Door::TwoWay => "two-way door: make a call and revisit",
                    }
                ))?;
                if let Some(d) = due {
                    r.add(format_args!("revisit date {d} has come"))?;
                }
            }
            Why::Waiting {
                cycle,
                more,
                steps,
                blocker,
            } => {
                after(&mut r, &item.waits_on)?;
                if let Some(cycle) = cycle {
                    r.add(format_args!(
                        "in a cycle: {}",
                        cycle_path(cycle, *more as usize)
                    ))?;
                } else if *steps > 1 && *steps != u32::MAX {
                    r.add(format_args!("{steps} steps from resolvable"))?;
                } else if *steps == u32::MAX {
                    r.add(format_args!("waits on a cycle"))?;
                }
                if let Some(b) = blocker {
                    r.add(format_args!("#{b} (blocking) waits on it"))?;
                }
            }
            Why::DecideInMotion { due } => {
                r.add(format_args!(
                    "two-way door, nothing blocking waits on it: make a call when convenient"
                ))?;
                after(&mut r, &item.waits_on)?;
                if let Some(d) = due {
                    r.add(format_args!("revisit date {d} has come"))?;
                }
            }
            Why::CanWait { due } => {
                if let Some(d) = due {
                    r.add(format_args!("due: revisit date {d} has come"))?;
                }
                r.add(format_args!(
                    "one-way door, nothing blocking waits on it: decide deliberately, later"
                ))?;
                after(&mut r, &item.waits_on)?;
            }
            Why::Parked { due } => {
                r.add(format_args!("interesting: parked on purpose"))?;
                if let Some(d) = due {
                    r.add(format_args!("revisit date {d} has come: look again"))?;
                }
            }
            Why::Deferred { until, days } => {
                r.add(format_args!(
                    "deferred until {until} (in {days} day{}): decide with better evidence",
                    if *days == 1 { "" } else { "s" }
                ))?;
            }
        }
        if let Some(by) = item.needed_by {
            let day = by.date.strftime("%a %m-%d");
            match by.source {
                Some(s) => r.add(format_args!("needed by {day} for #{s}"))?,
                None => r.add(format_args!("needed by {day}"))?,
            }
        }
        Ok(())
    }
}

/// How many questions a warning names; the rest are counted ("and 12 more"), so the advice at
/// the end of a warning stays in view however many questions it concerns. (`Warning::ids`
/// has them all.)
pub(super) const NAMED: usize = 6;

/// The first [`NAMED`] of a list, each as `name` writes it ("#3, #5 (for #9)"), and how many
/// more there are. Only what is named is formatted.
pub(super) fn named<T>(list: &[T], name: impl Fn(&T) -> String) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for (k, item) in list.iter().take(NAMED).enumerate() {
        if k > 0 {
            out.push_str(", ");
        }
        out.push_str(&name(item));
    }
    if list.len() > NAMED {
        let _ = write!(out, " and {} more", list.len() - NAMED);
    }
    out
}

/// "#3, #5, #9"
pub fn id_list(list: &[u32]) -> String {
    ids(list).to_string()
}

/// Ids joined by a separator, "#3, #5, #9" or "#3 → #5 → #3", written without building
/// intermediate strings.
pub(super) struct Joined<'a>(&'a [u32], &'static str);

impl std::fmt::Display for Joined<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (k, id) in self.0.iter().enumerate() {
            if k > 0 {
                f.write_str(self.1)?;
            }
            write!(f, "#{id}")?;
        }
        Ok(())
    }
}

/// "#3, #5, #9"
pub(super) fn ids(ids: &[u32]) -> Joined<'_> {
    Joined(ids, ", ")
}

/// "#3 → #5 → #9 → #3"
pub(super) fn path(ids: &[u32]) -> Joined<'_> {
    Joined(ids, " → ")
}

/// A cycle as ids ending where they start, `more` links left out before the end:
/// "#3 → #5 → #9 → #3", or "#1 → #2 → … 2994 more → #1".
pub(super) fn cycle_path(ids: &[u32], more: usize) -> String {
    match ids.split_last() {
        Some((start, named)) if more > 0 => format!("{} → … {more} more → #{start}", path(named)),
        _ => path(ids).to_string(),
    }
}

/// A reason built from parts joined by "; ", written as it is made.
struct Reason<'a, 'b> {
    out: &'a mut std::fmt::Formatter<'b>,
    any: bool,
}

impl Reason<'_, '_> {
    fn add(&mut self, part: std::fmt::Arguments<'_>) -> std::fmt::Result {
        if std::mem::replace(&mut self.any, true) {
            self.out.write_str("; ")?;
        }
        self.out.write_fmt(part)
    }
}
