//! The plan's warnings.

use super::phases::{Graph, Levels, Read};
use super::reason::{NAMED, cycle_path, named};
use super::types::{Section, SectionKind, Warning, WarningKind};
use crate::model::{Board, Door, Lane};

/// The warnings, in the order they are said: what two people disagree on (until it is
/// settled, the board holds one of two answers), cycles, blocking questions that wait on
/// parked ones, what to resolve now without an owner or a next step, stale blocking
/// questions, and too much blocking.
pub(super) fn warnings(
    board: &Board,
    read: &Read<'_>,
    graph: &Graph,
    levels: &Levels,
    sections: &[Section],
    stale_days: i64,
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
