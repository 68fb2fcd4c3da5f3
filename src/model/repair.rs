//! Repairs of a board read from a file: numbers git repeated when it merged line by line,
//! and keys copied with a block.

use std::sync::Arc;

use jiff::Timestamp;

use super::{Board, Change};

/// What [`Board::repair_numbers`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RepairedNumbers {
    /// (the number it had, the number it has now).
    pub renumbered: Vec<(u32, u32)>,
    /// (the question, the prerequisite that named no question): dropped.
    pub dropped: Vec<(u32, u32)>,
}

impl Board {
    /// What to tell a person when keys were repaired as the board was read, if any were.
    pub fn repaired_keys_note(&self) -> Option<String> {
        if self.repaired_keys.is_empty() {
            return None;
        }
        let ids: Vec<String> = self
            .repaired_keys
            .iter()
            .map(|id| format!("#{id}"))
            .collect();
        Some(format!(
            "{} had the key of a question before {} (a block copied by hand, key and all): {} a key of its own, written at the next save, so no merge takes two questions for one",
            ids.join(", "),
            if ids.len() == 1 { "it" } else { "them" },
            if ids.len() == 1 {
                "it gets"
            } else {
                "each gets"
            },
        ))
    }

    /// Repairs a board whose numbers are not unique (git merged it line by line, or a block
    /// was copied by hand): of the questions holding one number, the one `shared` (the
    /// upstream's board, say) holds under that number keeps it, else the first in the file;
    /// the others take the next free numbers. A prerequisite naming a number two questions
    /// held keeps naming the one that kept it; one naming no question is dropped. Returns
    /// the renumberings (the number it had, the number it has now) and the dropped links.
    pub fn repair_numbers(&mut self, shared: Option<&Board>, now: Timestamp) -> RepairedNumbers {
        let mut holders: std::collections::HashMap<u32, Vec<usize>> = Default::default();
        for (p, q) in self.questions.iter().enumerate() {
            holders.entry(q.id).or_default().push(p);
        }
        let mut next = self.questions.iter().map(|q| q.id).max().unwrap_or(0);
        let mut renumbered = Vec::new();
        let mut ids: Vec<u32> = holders.keys().copied().collect();
        ids.sort_unstable();
        for id in ids {
            let places = &holders[&id];
            if places.len() < 2 {
                continue;
            }
            let shared_key = shared
                .and_then(|b| b.get(id))
                .map(|q| q.key.clone().unwrap_or_else(|| q.derived_key()));
            let keeper = places
                .iter()
                .copied()
                .find(|&p| {
                    let q = &self.questions[p];
                    shared_key.as_deref().is_some_and(|k| {
                        q.key
                            .as_deref()
                            .map_or_else(|| q.derived_key() == k, |own| own == k)
                    })
                })
                .unwrap_or(places[0]);
            for &p in places {
                if p == keeper {
                    continue;
                }
                next = next.saturating_add(1);
                let q = Arc::make_mut(&mut self.questions[p]);
                q.ensure_key();
                q.id = next;
                q.record(now, Change::Renumbered { from: id });
                renumbered.push((id, next));
            }
        }
        self.reindex();
        let mut dropped = Vec::new();
        for p in 0..self.questions.len() {
            let q = &self.questions[p];
            let keep: Vec<u32> = q
                .after
                .iter()
                .copied()
                .filter(|&a| a != q.id && self.index.get(a).is_some())
                .collect();
            if keep.len() != q.after.len() {
                let id = q.id;
                dropped.extend(
                    q.after
                        .iter()
                        .filter(|a| !keep.contains(a))
                        .map(|&a| (id, a)),
                );
                Arc::make_mut(&mut self.questions[p]).after = keep.into_iter().collect();
            }
        }
        RepairedNumbers {
            renumbered,
            dropped,
        }
    }

    /// Gives a question that shares its key with one before it (a block copied by hand, key
    /// and all) a key of its own, so no merge takes the two for one question. The new key is
    /// derived as for a hand-typed question, so every clone repairs a file the same way.
    /// Returns the questions whose key changed.
    pub fn repair_keys(&mut self) -> Vec<u32> {
        let mut seen = std::collections::HashSet::with_capacity(self.questions.len());
        let mut repaired = Vec::new();
        for p in 0..self.questions.len() {
            let Some(key) = self.questions[p].key.as_deref() else {
                continue;
            };
            if seen.insert(key.to_string()) {
                continue;
            }
            let q = Arc::make_mut(&mut self.questions[p]);
            let mut fresh = q.derived_key();
            while seen.contains(&fresh) {
                fresh.push('\'');
            }
            seen.insert(fresh.clone());
            q.key = Some(fresh);
            repaired.push(q.id);
        }
        repaired
    }
}
