//! The morning review: what changed since the last one, and what needs a look today.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

use super::{Board, Change, Door, Name, Question};

/// Why a question is in the review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// Added since the last review, by whom (none: by hand in the file, or with a commit).
    New { by: Option<Name> },
    /// Changed since the last review, last by whom, and what changed ("moved Blocking →
    /// Uncomfortable", "decided: use Postgres", "stakes edited").
    Changed { by: Option<Name>, what: Vec<String> },
    /// Its revisit date has come.
    Due { revisit: Date },
    /// The date it was needed by has passed, and it is still open.
    Overdue { needed_by: Date },
    /// Blocking, and untouched for this many days.
    Stale { days: i64 },
    /// A one-way door, or a blocking question, with nobody driving it.
    NoOwner,
    /// Blocking, with no next step written down.
    NoNextStep,
    /// Fields two people changed differently (found when boards merged), not yet settled.
    Conflict { fields: Vec<super::Field> },
}

impl Reason {
    pub fn describe(&self) -> String {
        match self {
            Reason::New { by } => format!("new since your last review{}", who(by)),
            Reason::Changed { by, what } if what.is_empty() => {
                format!("changed since your last review{}", who(by))
            }
            Reason::Changed { by, what } => format!(
                "changed since your last review{}: {}",
                who(by),
                what.join("; ")
            ),
            Reason::Due { revisit } => format!("revisit date {revisit} has come"),
            Reason::Overdue { needed_by } => {
                format!("overdue: it was needed by {needed_by}")
            }
            Reason::Stale { days } => format!("blocking and untouched for {days} days"),
            Reason::NoOwner => "nobody owns it".into(),
            Reason::NoNextStep => "blocking, with no next step written down".into(),
            Reason::Conflict { fields } => {
                format!(
                    "changed differently by two people: {}",
                    fields
                        .iter()
                        .map(|f| f.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        }
    }
}

/// One question to look at, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Item {
    pub id: u32,
    pub title: String,
    pub reasons: Vec<Reason>,
}

/// Where a change came from, in words.
fn who(by: &Option<Name>) -> String {
    match by {
        Some(name) => format!(", by {}", super::text::display_safe(name, false)),
        None => ", in the file (by hand, or with a commit)".into(),
    }
}

/// Whether a question is new or changed since `since`, and by whom (and what changed).
pub fn change_since(q: &Question, since: Option<Timestamp>) -> Option<Reason> {
    let since = since?;
    let by = q.history.last().and_then(|e| e.by.clone());
    if q.created.is_some_and(|c| c > since) {
        Some(Reason::New { by })
    } else if q.updated.is_some_and(|u| u > since) {
        let mut what: Vec<String> = Vec::new();
        for e in q.history.iter().filter(|e| e.at > since) {
            let said = match &e.change {
                Change::Created => continue,
                Change::Moved { from, to } => format!("moved {} → {}", from.name(), to.name()),
                Change::Edited { field, .. } => format!("{} edited", field.label()),
                Change::Decided => format!(
                    "decided: {}",
                    super::text::display_safe(&super::text::one_line(&q.resolution), false)
                ),
                Change::Dissolved => "dissolved".into(),
                Change::Reopened => "reopened".into(),
                Change::Renumbered { from } => format!("renumbered from #{from}"),
                Change::Settled { field, .. } => format!("conflict on {field} settled"),
            };
            if !what.contains(&said) {
                what.push(said);
            }
        }
        Some(Reason::Changed { by, what })
    } else {
        None
    }
}

/// What this user looked at in past reviews: a question's key (the key it will get, for one typed by hand) and when. A
/// question looked at does not come back for the same reason until it changes, or, for being
/// stale, until it has gone untouched for the threshold again.
pub type Looked = std::collections::HashMap<String, Timestamp>;

/// The name a question is remembered by in [`Looked`].
pub fn looked_key(q: &Question) -> String {
    let mut key = String::new();
    write_looked_key(q, &mut key);
    key
}

/// [`looked_key`] written into `key` (cleared first): one buffer for a walk of the board.
fn write_looked_key(q: &Question, key: &mut String) {
    key.clear();
    match &q.key {
        Some(k) => key.push_str(k),
        // The key the question gets when the board is first written.
        None => key.push_str(&q.derived_key()),
    }
}

/// The questions the review walks through, in lane order: what changed since the last
/// review (resolved ones too), what is due, what is stale, and blocking questions and one-way doors that nobody owns.
pub fn digest(
    board: &Board,
    since: Option<Timestamp>,
    looked: &Looked,
    today: Date,
    stale_days: i64,
) -> Vec<Item> {
    let mut looker = Looker::new(since, looked, today, stale_days);
    order(board).filter_map(|q| looker.look(q)).collect()
}

/// The order the review walks the board in: open questions by lane, then resolved ones, each
/// in board order. (The app takes the same order from the lists it keeps: `Lists::review_order`.)
fn order(board: &Board) -> impl Iterator<Item = &Question> {
    let mut ranked: [Vec<&Question>; 4] = Default::default();
    for q in board.questions() {
        let rank = if q.is_open() { q.lane.index() } else { 3 };
        ranked[rank].push(q);
    }
    ranked.into_iter().flatten()
}

/// What the review asks of each question: why it needs a look, if it does.
pub struct Looker<'a> {
    since: Option<Timestamp>,
    looked: &'a Looked,
    today: Date,
    stale_days: i64,
    /// The key a question is looked up by in `looked`, written here (not made anew for
    /// each question).
    key: String,
}

impl<'a> Looker<'a> {
    pub fn new(
        since: Option<Timestamp>,
        looked: &'a Looked,
        today: Date,
        stale_days: i64,
    ) -> Looker<'a> {
        Looker {
            since,
            looked,
            today,
            stale_days,
            key: String::new(),
        }
    }

    /// The review's item for `q`: none when nothing about it needs a look.
    pub fn look(&mut self, q: &Question) -> Option<Item> {
        let (since, looked, today, stale_days) =
            (self.since, self.looked, self.today, self.stale_days);
        let key = &mut self.key;
        let mut reasons = Vec::new();
        if let Some(change) = change_since(q, since) {
            reasons.push(change);
        }
        // Looked at in a review since it last changed: what needs a look has been looked at.
        let seen = if looked.is_empty() {
            None
        } else {
            write_looked_key(q, key);
            looked.get(key.as_str())
        }
        .filter(|at| q.updated.is_none_or(|u| u <= **at));
        // A revisit date that came after the question was last looked at brings it back:
        // looked at for one reason, it comes back for another.
        if q.is_open()
            && let Some(revisit) = q.revisit.filter(|d| *d <= today)
            && seen.is_none_or(|at| at.to_zoned_datetime(jiff::tz::TimeZone::UTC).date() < revisit)
        {
            reasons.push(Reason::Due { revisit });
        }
        // A needed-by date that passed after it was last looked at, the same way.
        if q.is_open()
            && let Some(needed_by) = q.needed_by.filter(|d| *d < today)
            && seen
                .is_none_or(|at| at.to_zoned_datetime(jiff::tz::TimeZone::UTC).date() <= needed_by)
        {
            reasons.push(Reason::Overdue { needed_by });
        }
        if q.is_open() && seen.is_none() {
            let blocking = q.lane == super::Lane::Blocking;
            if (q.door == Door::OneWay || blocking) && q.owner.is_none() {
                reasons.push(Reason::NoOwner);
            }
            if blocking && q.next_step.trim().is_empty() {
                reasons.push(Reason::NoNextStep);
            }
        }
        if q.is_open()
            && let Some(days) = q.stale(today, stale_days)
        {
            // Stale again only once the threshold has passed since it was last looked at.
            let kept_recently = seen.is_some_and(|at| {
                let at = at.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
                super::dates::days_between(at, today) < stale_days
            });
            if !kept_recently {
                reasons.push(Reason::Stale { days });
            }
        }
        if !q.conflicts.is_empty() {
            reasons.push(Reason::Conflict {
                fields: q.conflicts.iter().map(|c| c.field).collect(),
            });
        }
        (!reasons.is_empty()).then(|| Item {
            id: q.id,
            title: q.title.clone(),
            reasons,
        })
    }
}

/// The digest as text or Markdown, for a shell start-up or a cron mail.
pub fn render(
    items: &[Item],
    since: Option<Timestamp>,
    zone: &jiff::tz::TimeZone,
    markdown: bool,
) -> String {
    let since_text = since.map_or("never reviewed before".to_string(), |t| {
        format!("since {}", super::minutes::local(t, zone))
    });
    let mut out = if markdown {
        format!("# Review ({since_text})\n\n")
    } else {
        format!("Review ({since_text})\n\n")
    };
    if items.is_empty() {
        out.push_str("Nothing needs a look.\n");
    }
    for item in items {
        let why: Vec<String> = item.reasons.iter().map(Reason::describe).collect();
        let title = super::text::display_safe(&item.title, false);
        if markdown {
            out.push_str(&format!("- **#{}** {title}: {}\n", item.id, why.join("; ")));
        } else {
            out.push_str(&format!(
                "  #{:<4} {title}\n        {}\n",
                item.id,
                why.join("; ")
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lane;

    fn at(day: i64) -> Timestamp {
        Timestamp::from_second(day * 86_400 + 3600).unwrap()
    }

    #[test]
    fn a_question_looked_at_comes_back_when_its_revisit_date_comes() {
        let today: Date = "2026-11-24".parse().unwrap();
        let day = i64::from((today - jiff::civil::date(1970, 1, 1)).get_days());
        let mut b = Board::new("t");
        b.add("deferred to next week", Lane::Uncomfortable, at(day))
            .unwrap();
        b.edit(1, at(day), |e| {
            e.revisit = Some("2026-12-01".parse().unwrap())
        })
        .unwrap();
        // Looked at (kept) in today's review, after it was deferred.
        let mut looked = Looked::new();
        looked.insert(
            looked_key(b.get(1).unwrap()),
            at(day) + jiff::SignedDuration::from_hours(1),
        );
        let on = |looked: &Looked, date: &str| -> Vec<u32> {
            digest(
                &b,
                Some(at(day) + jiff::SignedDuration::from_hours(1)),
                looked,
                date.parse().unwrap(),
                7,
            )
            .iter()
            .map(|i| i.id)
            .collect()
        };
        assert!(
            on(&looked, "2026-11-27").is_empty(),
            "not due yet, and looked at"
        );
        assert_eq!(on(&looked, "2026-12-01"), [1], "its date has come: back");
        assert_eq!(on(&looked, "2026-12-03"), [1]);
        // Looked at again on or after the date: not back for the same reason.
        looked.insert(
            looked_key(b.get(1).unwrap()),
            at(day + 7) + jiff::SignedDuration::from_hours(2),
        );
        assert!(on(&looked, "2026-12-03").is_empty());
    }

    #[test]
    fn an_overdue_question_is_in_the_review_once_its_date_passes() {
        let today: Date = "2026-11-24".parse().unwrap();
        let day = i64::from((today - jiff::civil::date(1970, 1, 1)).get_days());
        let mut b = Board::new("t");
        b.add("launch gate", Lane::Uncomfortable, at(day - 30))
            .unwrap();
        b.edit(1, at(day - 30), |e| {
            e.needed_by = Some("2026-11-20".parse().unwrap())
        })
        .unwrap();
        let items = digest(&b, Some(at(day - 3)), &Looked::new(), today, 7);
        assert_eq!(items.len(), 1);
        assert_eq!(
            items[0].reasons,
            vec![Reason::Overdue {
                needed_by: "2026-11-20".parse().unwrap()
            }]
        );
        assert_eq!(
            items[0].reasons[0].describe(),
            "overdue: it was needed by 2026-11-20"
        );
        // Not yet passed: nothing to look at.
        let early = digest(
            &b,
            Some(at(day - 3)),
            &Looked::new(),
            "2026-11-20".parse().unwrap(),
            7,
        );
        assert!(early.is_empty());
    }

    #[test]
    fn changed_due_stale_and_ownerless_questions_are_in_the_review() {
        let today: Date = "2026-11-24".parse().unwrap();
        let day = i64::from((today - jiff::civil::date(1970, 1, 1)).get_days());
        let mut b = Board::new("t");
        b.add("old and fine", Lane::Uncomfortable, at(day - 30))
            .unwrap();
        b.add("stale blocker", Lane::Blocking, at(day - 10))
            .unwrap();
        b.add("new one", Lane::Interesting, at(day - 1)).unwrap();
        b.add("due", Lane::Uncomfortable, at(day - 30)).unwrap();
        b.edit(4, at(day - 30), |e| {
            e.revisit = Some("2026-11-20".parse().unwrap())
        })
        .unwrap();
        b.add("door", Lane::Uncomfortable, at(day - 30)).unwrap();
        b.edit(5, at(day - 30), |e| e.door = Door::OneWay).unwrap();
        let items = digest(&b, Some(at(day - 3)), &Looked::new(), today, 7);
        let ids: Vec<u32> = items.iter().map(|i| i.id).collect();
        assert_eq!(ids, [2, 4, 5, 3], "lane order");
        assert_eq!(
            items[0].reasons,
            vec![
                Reason::NoOwner,
                Reason::NoNextStep,
                Reason::Stale { days: 10 }
            ]
        );
        assert_eq!(items[3].reasons, vec![Reason::New { by: None }]);
        assert_eq!(
            items[3].reasons[0].describe(),
            "new since your last review, in the file (by hand, or with a commit)"
        );
        assert_eq!(
            items[1].reasons,
            vec![Reason::Due {
                revisit: "2026-11-20".parse().unwrap()
            }]
        );
        assert_eq!(items[2].reasons, vec![Reason::NoOwner]);
        // Never reviewed: nothing counts as new, the rest still does.
        assert_eq!(digest(&b, None, &Looked::new(), today, 7).len(), 3);
        let mut signed = b.clone();
        let before = signed.clone();
        signed.edit(1, at(day), |e| e.known = "x".into()).unwrap();
        signed.sign(&before, "maria");
        let changed = change_since(signed.get(1).unwrap(), Some(at(day - 3))).unwrap();
        assert_eq!(
            changed.describe(),
            "changed since your last review, by maria: known edited"
        );
        let text = render(&items, Some(at(day - 3)), &jiff::tz::TimeZone::UTC, true);
        assert!(
            text.contains("- **#2** stale blocker: nobody owns it; blocking, with no next step written down; blocking and untouched for 10 days\n"),
            "{text}"
        );
    }
}
