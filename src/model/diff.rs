//! What changed between two versions of a board, in a few words: for undo and redo ("undone:
//! moved #4 Blocking → Uncomfortable"), and anywhere else a change is named.

use std::sync::Arc;

use super::{Board, Field, Question, Status, text};

/// One question's change, in words: "added #5 …", "moved #4 Blocking → Uncomfortable",
/// "decided #2", "edited #3: stakes, owner". None when it did not change.
pub fn question_change(before: Option<&Question>, after: Option<&Question>) -> Option<String> {
    let title = |q: &Question| text::display_safe(&text::one_line(&q.title), false).into_owned();
    match (before, after) {
        (None, None) => None,
        (None, Some(a)) => Some(format!("added #{} {}", a.id, title(a))),
        (Some(b), None) => Some(format!("deleted #{} {}", b.id, title(b))),
        (Some(b), Some(a)) if b == a => None,
        (Some(b), Some(a)) => Some(if b.status != a.status {
            match a.status {
                Status::Decided => format!("decided #{}", a.id),
                Status::Dissolved => format!("dissolved #{}", a.id),
                Status::Open => format!("reopened #{}", a.id),
            }
        } else if b.lane != a.lane {
            format!("moved #{} {} → {}", a.id, b.lane.name(), a.lane.name())
        } else {
            let fields = changed_fields(b, a);
            if fields.is_empty() {
                format!("moved #{} within {}", a.id, a.lane.name())
            } else {
                format!("edited #{}: {}", a.id, fields.join(", "))
            }
        }),
    }
}

/// The fields a person edits that differ between two versions of one question.
fn changed_fields(b: &Question, a: &Question) -> Vec<&'static str> {
    // A move or a decision is said as such.
    Field::ALL
        .into_iter()
        .filter(|f| !matches!(f, Field::Lane | Field::Status) && f.differs(b, a))
        .map(Field::label)
        .collect()
}

/// What changed from `before` to `after`: the first change named, and how many more.
/// Unchanged questions are shared between versions, so this is a pointer comparison per
/// question.
pub fn describe(before: &Board, after: &Board) -> String {
    let mut changes: Vec<(u32, String)> = after
        .questions()
        .iter()
        .filter_map(|a| match before.get_shared(a.id) {
            Some(b) if Arc::ptr_eq(b, a) => None,
            b => Some((a.id, question_change(b.map(|b| &**b), Some(a))?)),
        })
        .chain(
            before
                .questions()
                .iter()
                .filter(|b| after.get(b.id).is_none())
                .filter_map(|b| Some((b.id, question_change(Some(b), None)?))),
        )
        .collect();
    // The smallest number first, whatever the order of the cards.
    changes.sort_unstable_by_key(|(id, _)| *id);
    let mut changes = changes.into_iter().map(|(_, said)| said);
    let Some(first) = changes.next() else {
        // Only the order of the questions changed.
        return if before.title != after.title {
            "the board's title".to_string()
        } else {
            "the order of the cards".to_string()
        };
    };
    match changes.count() {
        0 => first,
        more => format!("{first} and {}", text::count(more, "more change")),
    }
}

/// What changed from `before` to `after`, counted for a commit message or a sync report:
/// "2 new, 1 moved, 1 decided by ana; #13 is now #15". Empty when nothing changed.
pub fn summary(before: &Board, after: &Board) -> String {
    let (mut new, mut moved, mut decided, mut dissolved, mut reopened, mut edited, mut deleted) =
        (0, 0, 0, 0, 0, 0, 0);
    let mut conflicts = 0;
    let mut who: Vec<String> = Vec::new();
    let mut renumbered: Vec<String> = Vec::new();
    let by_key = |b: &Board| -> std::collections::HashMap<String, Arc<Question>> {
        b.questions()
            .iter()
            .map(|q| (q.key.clone().unwrap_or_else(|| q.derived_key()), q.clone()))
            .collect()
    };
    let (old, now) = (by_key(before), by_key(after));
    let mut signed = |events: &mut dyn Iterator<Item = &super::Event>| {
        for e in events {
            if let Some(by) = &e.by
                && !who.iter().any(|w| w == by)
            {
                who.push(by.to_string());
            }
        }
    };
    for q in after.questions() {
        let key = q.key.clone().unwrap_or_else(|| q.derived_key());
        let Some(b) = old.get(&key) else {
            new += 1;
            signed(&mut q.history.iter());
            continue;
        };
        if Arc::ptr_eq(b, q) || **b == **q {
            continue;
        }
        if b.id != q.id {
            renumbered.push(format!(
                "#{} is now #{} (both sides added a #{})",
                b.id, q.id, b.id
            ));
        }
        conflicts += q
            .conflicts
            .iter()
            .filter(|c| !b.conflicts.contains(c))
            .count();
        if b.status != q.status {
            match q.status {
                Status::Decided => decided += 1,
                Status::Dissolved => dissolved += 1,
                Status::Open => reopened += 1,
            }
        } else if b.lane != q.lane {
            moved += 1;
        } else if !changed_fields(b, q).is_empty() {
            edited += 1;
        }
        signed(&mut q.history.iter().filter(|e| !b.history.contains(e)));
    }
    for key in old.keys() {
        if !now.contains_key(key) {
            deleted += 1;
        }
    }
    let mut parts: Vec<String> = Vec::new();
    for (n, word) in [
        (new, "new"),
        (moved, "moved"),
        (decided, "decided"),
        (dissolved, "dissolved"),
        (reopened, "reopened"),
        (edited, "edited"),
        (deleted, "deleted"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {word}"));
        }
    }
    if before.title != after.title {
        parts.push(if after.title.is_empty() {
            "the title taken away".to_string()
        } else {
            format!(
                "the title is now \"{}\"",
                text::display_safe(&after.title, false)
            )
        });
    }
    conflicts += after
        .conflicts
        .iter()
        .filter(|c| !before.conflicts.contains(c))
        .count();
    let mut out = parts.join(", ");
    if !out.is_empty() && !who.is_empty() {
        let who: Vec<String> = who
            .iter()
            .map(|w| text::display_safe(w, false).into_owned())
            .collect();
        out.push_str(&format!(" by {}", who.join(", ")));
    }
    if conflicts > 0 {
        if !out.is_empty() {
            out.push_str("; ");
        }
        out.push_str(&format!("{} to settle", text::count(conflicts, "conflict")));
    }
    if !renumbered.is_empty() {
        if !out.is_empty() {
            out.push_str("; ");
        }
        out.push_str(&renumbered.join(", "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lane;

    fn now() -> jiff::Timestamp {
        "2026-11-24T09:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_summary_counts_each_kind_and_names_who() {
        let mut before = Board::new("t");
        before.add("one", Lane::Blocking, now()).unwrap();
        before.add("two", Lane::Blocking, now()).unwrap();
        let mut after = before.clone();
        after.add("three", Lane::Blocking, now()).unwrap();
        after.move_to(1, Lane::Interesting, 0, now()).unwrap();
        after.decide(2, "yes", now()).unwrap();
        after.sign(&before, "ana");
        assert_eq!(summary(&before, &after), "1 new, 1 moved, 1 decided by ana");
        assert_eq!(summary(&before, &before), "");
    }

    #[test]
    fn each_kind_of_change_is_named() {
        let mut before = Board::new("t");
        before.add("one", Lane::Blocking, now()).unwrap();
        before.add("two", Lane::Blocking, now()).unwrap();
        let change = |f: &dyn Fn(&mut Board)| {
            let mut after = before.clone();
            f(&mut after);
            describe(&before, &after)
        };
        assert_eq!(
            change(&|b| {
                b.add("three", Lane::Interesting, now()).unwrap();
            }),
            "added #3 three"
        );
        assert_eq!(
            change(&|b| {
                b.remove(1).unwrap();
            }),
            "deleted #1 one"
        );
        assert_eq!(
            change(&|b| b.move_to(2, Lane::Uncomfortable, 0, now()).unwrap()),
            "moved #2 Blocking → Uncomfortable"
        );
        assert_eq!(
            change(&|b| b.decide(1, "yes", now()).unwrap()),
            "decided #1"
        );
        assert_eq!(
            change(&|b| b.question_mut(2).unwrap().stakes = "money".into()),
            "edited #2: stakes"
        );
        assert_eq!(
            change(&|b| {
                b.move_to(1, Lane::Interesting, 0, now()).unwrap();
                b.move_to(2, Lane::Interesting, 0, now()).unwrap();
            }),
            "moved #1 Blocking → Interesting and 1 more change"
        );
    }
}
