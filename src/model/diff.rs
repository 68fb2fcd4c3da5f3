//! What changed between two versions of a board, in a few words: for undo and redo ("undone:
//! moved #4 Blocking → Uncomfortable"), and anywhere else a change is named.

use std::sync::Arc;

use super::{Board, Question, Status, text};

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
    let mut out = Vec::new();
    let mut field = |name, differs: bool| {
        if differs {
            out.push(name);
        }
    };
    field("title", b.title != a.title);
    field("door", b.door != a.door);
    field("after", b.after != a.after);
    field("owner", b.owner != a.owner);
    field("known", b.known != a.known);
    field("stakes", b.stakes != a.stakes);
    field("next step", b.next_step != a.next_step);
    field("resolution", b.resolution != a.resolution);
    field("revisit", b.revisit != a.revisit);
    field("tags", b.tags != a.tags);
    out
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lane;

    fn now() -> jiff::Timestamp {
        "2026-11-24T09:00:00Z".parse().unwrap()
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
