//! The plan's warnings.

use super::needed::{Needed, working_days};
use super::phases::{Graph, Levels, Read};
use super::reason::{NAMED, cycle_path, named};
use super::types::{Section, SectionKind, Warning, WarningKind};
use crate::model::{Board, Door, Lane};
use jiff::civil::Date;

/// The warnings, in the order they are said: what two people disagree on (until it is
/// settled, the board holds one of two answers), cycles, dates (overdue, deferred past what
/// needs it, a chain too long for its date), blocking questions that wait on parked ones,
/// what to resolve now without an owner or a next step, stale blocking questions, and too
/// much blocking.
pub(super) fn warnings(
    board: &Board,
    read: &Read<'_>,
    graph: &Graph,
    (levels, needed): (&Levels, &Needed),
    sections: &[Section],
    (today, stale_days): (Date, i64),
) -> Vec<Warning> {
    let (facts, ids, n) = (&read.facts, &read.ids, read.open.len());
    let mut warnings = Vec::new();
    if !read.disputed.is_empty() {
        let mut ids: Vec<u32> = read.disputed.iter().map(|&(id, _)| id).collect();
        ids.dedup();
        warnings.push(Warning {
            kind: WarningKind::Conflicts,
            message: format!(
                "changed differently by two people: {}: settle them (`unknowns conflicts` lists both values)",
                named(&read.disputed, |(id, field)| format!("#{id} {field}"))
            ),
            ids,
        });
    }
    if let Some(c) = board
        .conflicts
        .iter()
        .find(|c| c.field == crate::model::Field::Title)
    {
        warnings.push(Warning {
            kind: WarningKind::Conflicts,
            message: format!(
                "the board's title was set differently by two people: it is \"{}\", the other was \"{}\"; setting the title settles it (`unknowns title`)",
                crate::model::text::display_safe(&board.title, false),
                crate::model::text::display_safe(&c.value, false)
            ),
            ids: Vec::new(),
        });
    }
    for (c, members) in graph.comps.iter().enumerate() {
        if !graph.cyclic[c] {
            continue;
        }
        let start = graph.canonical[&c][0];
        let mut members: Vec<u32> = members.iter().map(|&m| ids[m]).collect();
        members.sort_unstable();
        let mut path = graph.cycle_ids(ids, start, NAMED);
        let more = path.pop().unwrap_or_default() as usize;
        warnings.push(Warning {
            kind: WarningKind::Cycle,
            message: format!(
                "cycle in after: {}: none of them can be resolved first; remove one of these prerequisites",
                cycle_path(&path, more)
            ),
            ids: members,
        });
    }
    date_warnings(read, (levels, needed), today, &mut warnings);
    parked_warning(read, levels, &mut warnings);
    resolve_now_warnings(read, sections, &mut warnings);
    let mut stale = read.stale.clone();
    stale.sort_by_key(|&(id, days)| (std::cmp::Reverse(days), id));
    if !stale.is_empty() {
        warnings.push(Warning {
            kind: WarningKind::Stale,
            ids: stale.iter().map(|&(id, _)| id).collect(),
            message: format!(
                "blocking and untouched for {stale_days} days or more: {}: move them forward, or ask whether they still block",
                named(&stale, |(id, days)| format!("#{id} ({days} days)"))
            ),
        });
    }
    let blocking: Vec<u32> = facts
        .iter()
        .filter(|q| q.lane == Lane::Blocking)
        .map(|q| q.id)
        .collect();
    if blocking.len() * 2 > n || blocking.len() > 7 {
        warnings.push(Warning {
            kind: WarningKind::TooMuchBlocking,
            message: format!(
                "{} of {n} open questions are blocking; which can the team move with? Move those to Uncomfortable",
                blocking.len()
            ),
            ids: blocking,
        });
    }
    warnings
}

/// A date as a warning says it: "Fri 12-18".
fn day(d: Date) -> String {
    d.strftime("%a %m-%d").to_string()
}

/// What the dates say before it is too late: questions overdue, questions deferred past the
/// date something needs them by, and chains with more open questions than working days
/// before their date.
fn date_warnings(
    read: &Read<'_>,
    (levels, needed): (&Levels, &Needed),
    today: Date,
    warnings: &mut Vec<Warning>,
) {
    let ids = &read.ids;
    let mut overdue: Vec<(Date, u32, Option<u32>)> = Vec::new();
    let mut deferred: Vec<(u32, Date, Date, Option<u32>)> = Vec::new();
    let mut chains: Vec<(Date, u32, usize, i64)> = Vec::new();
    for (i, q) in read.facts.iter().enumerate() {
        let Some(by) = needed.by[i] else {
            continue;
        };
        if by.date < today {
            overdue.push((by.date, ids[i], by.source));
        }
        if let Some(r) = q.revisit
            && r > by.date
        {
            deferred.push((ids[i], r, by.date, by.source));
        }
        if by.source.is_none() && by.date >= today && levels.level[i] != usize::MAX {
            let chain = levels.level[i] + 1;
            let days = working_days(today, by.date);
            if chain as i64 > days {
                chains.push((by.date, ids[i], chain, days));
            }
        }
    }
    if !overdue.is_empty() {
        overdue.sort_unstable();
        warnings.push(Warning {
            kind: WarningKind::Overdue,
            ids: overdue.iter().map(|o| o.1).collect(),
            message: format!(
                "overdue: {}: resolve them, or agree a new date",
                named(&overdue, |(d, id, source)| match source {
                    Some(s) => format!("#{id} (needed by {} for #{s})", day(*d)),
                    None => format!("#{id} (needed by {})", day(*d)),
                })
            ),
        });
    }
    for (id, r, d, source) in deferred {
        warnings.push(Warning {
            kind: WarningKind::DeferredPastNeeded,
            ids: vec![id],
            message: match source {
                Some(s) => format!(
                    "#{id} deferred to {}, but #{s} needs it by {}: bring the revisit date forward",
                    day(r),
                    day(d)
                ),
                None => format!(
                    "#{id} deferred to {}, past the date it is needed by ({}): bring the revisit date forward",
                    day(r),
                    day(d)
                ),
            },
        });
    }
    chains.sort_unstable();
    for (d, id, chain, days) in chains {
        warnings.push(Warning {
            kind: WarningKind::ChainTooLong,
            ids: vec![id],
            message: format!(
                "#{id} is needed by {}: {chain} open questions stand in its chain, with {} before then: start the first now, or move the date",
                day(d),
                match days {
                    1 => "1 working day".to_string(),
                    n => format!("{n} working days"),
                }
            ),
        });
    }
}

/// Blocking questions that wait on parked ones: one warning, naming each pair.
fn parked_warning(read: &Read<'_>, levels: &Levels, warnings: &mut Vec<Warning>) {
    let (facts, ids, n) = (&read.facts, &read.ids, read.open.len());
    let mut parked: Vec<(u32, u32)> = (0..n)
        .filter(|&i| facts[i].lane == Lane::Interesting)
        .filter_map(|i| levels.waited[i].map(|b| (ids[i], ids[b as usize])))
        .collect();
    parked.sort_unstable();
    match parked.as_slice() {
        [] => {}
        [(qid, bid)] => warnings.push(Warning {
            kind: WarningKind::BlockingWaitsOnParked,
            ids: vec![*bid, *qid],
            message: format!(
                "#{bid} (blocking) waits on #{qid}, which is parked as interesting: move #{qid} to Blocking, or take it out of what #{bid} waits on"
            ),
        }),
        pairs => {
            warnings.push(Warning {
                kind: WarningKind::BlockingWaitsOnParked,
                ids: pairs.iter().map(|&(q, _)| q).collect(),
                message: format!(
                    "blocking questions wait on parked (interesting) ones: {}: move them to Blocking, or take them out of what the blocking questions wait on",
                    named(pairs, |(q, b)| format!("#{q} (for #{b})"))
                ),
            });
        }
    }
}

/// What is to be resolved now without an owner (a one-way door) or without a next step.
fn resolve_now_warnings(read: &Read<'_>, sections: &[Section], warnings: &mut Vec<Warning>) {
    let now_ids = || {
        sections
            .iter()
            .find(|s| s.kind == SectionKind::ResolveNow)
            .map_or(&[][..], |s| &s.items[..])
            .iter()
            .map(|it| it.id)
    };
    let q_of = |id: u32| read.index.get(id).map(|i| read.open[i]);
    let no_owner: Vec<u32> = now_ids()
        .filter(|&id| q_of(id).is_some_and(|q| q.door == Door::OneWay && q.owner.is_none()))
        .collect();
    if !no_owner.is_empty() {
        warnings.push(Warning {
            kind: WarningKind::OneWayWithoutOwner,
            message: format!(
                "one-way door{} to resolve now with no owner: {}: name who drives the decision",
                if no_owner.len() == 1 { "" } else { "s" },
                named(&no_owner, |id| format!("#{id}"))
            ),
            ids: no_owner,
        });
    }
    let no_step: Vec<u32> = now_ids()
        .filter(|&id| q_of(id).is_some_and(|q| q.next_step.trim().is_empty()))
        .collect();
    if !no_step.is_empty() {
        warnings.push(Warning {
            kind: WarningKind::NoNextStep,
            message: format!(
                "to resolve now, with no next step: {}: write what happens next",
                named(&no_step, |id| format!("#{id}"))
            ),
            ids: no_step,
        });
    }
}
