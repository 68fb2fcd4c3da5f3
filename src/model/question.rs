//! A question and the small enums it is made of.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::field::Field;

/// Where an open question sits: how much it matters that it is resolved now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Lane {
    /// Compounds risk while it stays open; work cannot move well until it is resolved.
    Blocking,
    /// Feels pressing, but the team can move with it open.
    Uncomfortable,
    /// Looks important mostly because it is interesting; parked on purpose.
    Interesting,
}

impl Lane {
    pub const ALL: [Lane; 3] = [Lane::Blocking, Lane::Uncomfortable, Lane::Interesting];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn from_index(index: usize) -> Option<Lane> {
        Lane::ALL.get(index).copied()
    }

    pub fn name(self) -> &'static str {
        match self {
            Lane::Blocking => "Blocking",
            Lane::Uncomfortable => "Uncomfortable",
            Lane::Interesting => "Interesting",
        }
    }

    /// The lane to the left, if any.
    pub fn left(self) -> Option<Lane> {
        self.index().checked_sub(1).and_then(Lane::from_index)
    }

    /// The lane to the right, if any.
    pub fn right(self) -> Option<Lane> {
        Lane::from_index(self.index() + 1)
    }

    /// Parses a lane name as a user types it: any case, or its first letter.
    pub fn parse(text: &str) -> Option<Lane> {
        let t = text.trim().to_ascii_lowercase();
        Lane::ALL.into_iter().find(|lane| {
            let name = lane.name().to_ascii_lowercase();
            t == name || (t.len() == 1 && name.starts_with(&t))
        })
    }
}

impl std::fmt::Display for Lane {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Whether a question is still open, and how it ended.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    #[default]
    Open,
    /// Resolved by a decision, recorded in `resolution`.
    Decided,
    /// Went away once a first step was taken.
    Dissolved,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Decided => "decided",
            Status::Dissolved => "dissolved",
        }
    }
}

/// How expensive the decision is to reverse.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Door {
    /// Expensive to reverse: agree deliberately.
    OneWay,
    /// Can be made in motion and revisited.
    #[default]
    TwoWay,
}

impl Door {
    pub fn name(self) -> &'static str {
        match self {
            Door::OneWay => "one-way",
            Door::TwoWay => "two-way",
        }
    }

    pub fn toggled(self) -> Door {
        match self {
            Door::OneWay => Door::TwoWay,
            Door::TwoWay => Door::OneWay,
        }
    }
}

/// A short name: who made a change, an owner, a tag.
pub type Name = String;

/// What a question waits on, by id.
pub type Prerequisites = Vec<u32>;

/// One entry of a question's history: what changed and when.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub at: Timestamp,
    pub change: Change,
    /// Who made the change (the user name of whoever ran unknowns); none for changes made by
    /// hand in the file or that came with a commit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<Name>,
}

/// What happened to a question.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Change {
    Created,
    /// Moved from one lane to another.
    Moved {
        from: Lane,
        to: Lane,
    },
    /// A field was edited; `before` keeps the text it replaced.
    Edited {
        field: Field,
        before: String,
    },
    Decided,
    Dissolved,
    Reopened,
    /// Another question took its number when two boards were merged; it had `from`.
    Renumbered {
        from: u32,
    },
    /// A conflict on `field` was settled: the value kept replaced `before`.
    Settled {
        field: Field,
        before: String,
    },
}

/// Two people changed one field differently (found when boards were merged): the field keeps
/// one value and the conflict holds the other, with who changed it and when, until someone
/// settles it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldConflict {
    /// The field ("stakes", "lane" in the file).
    pub field: Field,
    /// The other value, as text.
    pub value: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Timestamp>,
}

/// A list read from a file, its room fitted to what it holds: a list read an element at a
/// time grows by doubling, and two events in room for four, in each of 100,000 questions, was
/// a sixth of a big board's memory.
fn fitted<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    let mut list = Vec::<T>::deserialize(d)?;
    list.shrink_to_fit();
    Ok(list)
}

/// An open question of a piece of work. `Eq`, so that comparing two `Arc<Question>` is a
/// pointer comparison when they are the same allocation (unchanged questions in snapshots).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: u32,
    /// What the question is, whatever its number: made when it is created, so two questions
    /// added on two clones with the same number are still told apart when their boards merge.
    /// Questions made before keys existed have none and are known by their number.
    #[serde(default)]
    pub key: Option<String>,
    pub title: String,
    pub lane: Lane,
    #[serde(default)]
    pub status: Status,
    #[serde(default)]
    pub door: Door,
    /// Questions that must be resolved before this one.
    #[serde(default)]
    pub after: Prerequisites,
    #[serde(default)]
    pub owner: Option<Name>,
    /// What is true.
    #[serde(default)]
    pub known: String,
    /// Why it matters.
    #[serde(default)]
    pub stakes: String,
    /// What should happen next.
    #[serde(default)]
    pub next_step: String,
    /// The decision, or why it dissolved.
    #[serde(default)]
    pub resolution: String,
    #[serde(default)]
    pub revisit: Option<Date>,
    /// The date it must be resolved by: a commitment the team made (a launch, a review).
    #[serde(default)]
    pub needed_by: Option<Date>,
    #[serde(default, deserialize_with = "fitted")]
    pub tags: Vec<Name>,
    /// Where its decision record was written, relative to the board's folder.
    #[serde(default)]
    pub record: Option<String>,
    #[serde(default)]
    pub created: Option<Timestamp>,
    #[serde(default)]
    pub updated: Option<Timestamp>,
    #[serde(default, deserialize_with = "fitted")]
    pub history: Vec<Event>,
    /// Fields changed differently by two people, not yet settled.
    #[serde(default)]
    pub conflicts: Vec<FieldConflict>,
}

impl Question {
    /// A new open question with defaults for everything but the essentials.
    pub fn new(id: u32, title: impl Into<String>, lane: Lane) -> Question {
        Question {
            id,
            key: None,
            conflicts: Vec::new(),
            title: title.into(),
            lane,
            status: Status::Open,
            door: Door::TwoWay,
            after: Prerequisites::new(),
            owner: None,
            known: String::new(),
            stakes: String::new(),
            next_step: String::new(),
            resolution: String::new(),
            revisit: None,
            needed_by: None,
            tags: Vec::new(),
            record: None,
            created: None,
            updated: None,
            history: Vec::new(),
        }
    }

    pub fn is_open(&self) -> bool {
        self.status == Status::Open
    }

    /// Whole days between the day it was last touched (UTC) and `today`; none when the file
    /// says nothing about when.
    pub fn days_untouched(&self, today: Date) -> Option<i64> {
        let touched = self.updated.or(self.created)?;
        let today_days = super::dates::day_number(today);
        Some(today_days - touched.as_second().div_euclid(86_400))
    }

    /// Blocking, and untouched for `stale_days` or more: how many days, if so.
    pub fn stale(&self, today: Date, stale_days: i64) -> Option<i64> {
        if self.lane != Lane::Blocking || !self.is_open() {
            return None;
        }
        self.days_untouched(today)
            .filter(|&days| days >= stale_days)
    }

    /// Gives the question its key if it has none (see [`Question::derived_key`]).
    pub(crate) fn ensure_key(&mut self) {
        if self.key.is_none() {
            self.key = Some(self.derived_key());
        }
    }

    /// The key a question without one is given: a hash of its number, the moment it was
    /// created and its title. The model has no randomness; two questions made on two machines
    /// differ in at least one of those, and one question typed into the file by hand gets
    /// the same key on every clone that first writes it.
    pub fn derived_key(&self) -> String {
        let mut h = crate::hash::stable_hash(&self.id.to_le_bytes());
        if let Some(t) = self.created {
            h = crate::hash::hash_more(h, &t.as_nanosecond().to_le_bytes());
        }
        h = crate::hash::hash_more(h, self.title.as_bytes());
        // splitmix64's finaliser spreads the bits.
        let mut x = h;
        x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        x ^= x >> 31;
        format!("{x:016x}")
    }

    /// A field with a conflict to settle, changed by a person: the change settles it. The value
    /// set aside stays in the history.
    pub(crate) fn settled_by_change(&mut self, field: Field, now: Timestamp) {
        if let Some(at) = self.conflicts.iter().position(|c| c.field == field) {
            let conflict = self.conflicts.remove(at);
            self.record(
                now,
                Change::Settled {
                    field,
                    before: conflict.value,
                },
            );
        }
    }

    pub(crate) fn record(&mut self, now: Timestamp, change: Change) {
        self.history.push(Event {
            at: now,
            change,
            by: None,
        });
        self.updated = Some(now);
    }
}
