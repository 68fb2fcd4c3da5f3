//! What a plan is made of: sections of items, each with the facts behind its place, and
//! warnings.

use jiff::civil::Date;
use serde::Serialize;

use crate::model::index::IdIndex;
use crate::model::{Door, Lane};

/// The sections of a plan, in the order they are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum SectionKind {
    /// No open prerequisite, and blocking (or a blocking question waits on it).
    ResolveNow,
    /// Blocking, but waiting on open prerequisites.
    Waiting,
    /// Uncomfortable two-way doors nothing blocking waits on.
    DecideInMotion,
    /// Other uncomfortable questions.
    CanWait,
    /// Interesting questions nothing blocking waits on.
    Parked,
    /// A revisit date in the future, and nothing blocking waits on it.
    Deferred,
}

impl SectionKind {
    pub const ALL: [SectionKind; 6] = [
        SectionKind::ResolveNow,
        SectionKind::Waiting,
        SectionKind::DecideInMotion,
        SectionKind::CanWait,
        SectionKind::Parked,
        SectionKind::Deferred,
    ];

    pub fn title(self) -> &'static str {
        match self {
            SectionKind::ResolveNow => "Resolve now",
            SectionKind::Waiting => "Waiting",
            SectionKind::DecideInMotion => "Decide in motion",
            SectionKind::CanWait => "Can wait",
            SectionKind::Parked => "Parked on purpose",
            SectionKind::Deferred => "Deferred",
        }
    }

    /// One line on what the section means.
    pub fn meaning(self) -> &'static str {
        match self {
            SectionKind::ResolveNow => "nothing stops these; the bottleneck first",
            SectionKind::Waiting => "blocking, but waiting on open questions",
            SectionKind::DecideInMotion => "two-way doors: make a call when convenient",
            SectionKind::CanWait => "uncomfortable, but the team can move with them open",
            SectionKind::Parked => "interesting; parked on purpose",
            SectionKind::Deferred => "decide later, with better evidence",
        }
    }

    /// The name used in JSON and Markdown anchors.
    pub fn key(self) -> &'static str {
        match self {
            SectionKind::ResolveNow => "resolve_now",
            SectionKind::Waiting => "waiting",
            SectionKind::DecideInMotion => "decide_in_motion",
            SectionKind::CanWait => "can_wait",
            SectionKind::Parked => "parked",
            SectionKind::Deferred => "deferred",
        }
    }
}

/// A few question ids.
pub type Ids = Vec<u32>;

/// One question in a section, with why it is there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub id: u32,
    pub why: Why,
    /// Its open prerequisites.
    pub waits_on: Ids,
    /// How many open questions wait on it, directly or not.
    pub unblocks: u32,
    /// The open questions that wait on it directly, in board order.
    pub waited_by: Ids,
    /// The date it is needed by: its own, or the earliest of what waits on it, directly or
    /// not.
    pub needed_by: Option<NeededBy>,
}

/// The date a question must be resolved by, and the question whose date it is when it is
/// inherited (`None`: its own).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NeededBy {
    pub date: Date,
    pub source: Option<u32>,
}

/// The facts behind an item's place; [`Item::reason`] says them in words. Kept as data so the
/// plan is cheap to compute and only what is shown is ever formatted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Why {
    ResolveNow {
        /// The smallest ids of what it unblocks (up to five).
        first_unblocked: Vec<u32>,
        /// Not blocking itself: the blocking question that waits on it, and its own lane.
        blocker: Option<(u32, Lane)>,
        door: Door,
        /// Its revisit date, when that has come.
        due: Option<Date>,
    },
    Waiting {
        /// A cycle it is on, as ids ending where they start; a long one names its first few,
        /// and `more` counts those left out.
        cycle: Option<Vec<u32>>,
        more: u32,
        /// Steps until it can be resolved (u32::MAX on or after a cycle).
        steps: u32,
        /// Not blocking itself: the blocking question that waits on it.
        blocker: Option<u32>,
    },
    DecideInMotion {
        due: Option<Date>,
    },
    CanWait {
        due: Option<Date>,
    },
    Parked {
        due: Option<Date>,
    },
    Deferred {
        until: Date,
        days: i32,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub kind: SectionKind,
    pub items: Vec<Item>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum WarningKind {
    Cycle,
    BlockingWaitsOnParked,
    OneWayWithoutOwner,
    NoNextStep,
    Stale,
    TooMuchBlocking,
    /// Fields two people changed differently, found when boards merged.
    Conflicts,
    /// Needed by a date that has passed while it is open.
    Overdue,
    /// Deferred past the date something needs it by.
    DeferredPastNeeded,
    /// More open questions in a chain than working days before its date.
    ChainTooLong,
}

/// Something about the order that needs a person's attention, and what would fix it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub kind: WarningKind,
    pub ids: Vec<u32>,
    pub message: String,
}

/// The board as an order of operations.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    pub warnings: Vec<Warning>,
    pub sections: Vec<Section>,
    /// Each item's place in reading order, by id.
    pub(super) index: IdIndex,
}

/// Days a blocking question may go untouched before the plan says so.
pub const STALE_DAYS: i64 = 7;

impl Plan {
    /// Every item with its section, in reading order.
    pub fn items(&self) -> impl Iterator<Item = (SectionKind, &Item)> + '_ {
        self.sections
            .iter()
            .flat_map(|s| s.items.iter().map(move |i| (s.kind, i)))
    }

    pub fn section(&self, kind: SectionKind) -> &[Item] {
        self.sections
            .iter()
            .find(|s| s.kind == kind)
            .map_or(&[], |s| &s.items)
    }

    /// The `k`th item in reading order, found by section: no walk over the items before it.
    pub fn item(&self, k: usize) -> Option<(SectionKind, &Item)> {
        let mut k = k;
        for s in &self.sections {
            if let Some(item) = s.items.get(k) {
                return Some((s.kind, item));
            }
            k -= s.items.len();
        }
        None
    }

    /// Every open question that waits on `id`, directly or not (the plan's links walked from
    /// it: work in proportion to what it unblocks), by number.
    pub fn unblocked_by(&self, id: u32) -> Vec<u32> {
        let plan = self;
        let mut seen = foldhash::HashSet::default();
        let mut todo = vec![id];
        while let Some(at) = todo.pop() {
            if let Some((_, item)) = plan.find(at) {
                for &w in &item.waited_by {
                    if w != id && seen.insert(w) {
                        todo.push(w);
                    }
                }
            }
        }
        let mut all: Vec<u32> = seen.into_iter().collect();
        all.sort_unstable();
        all
    }

    /// Where a question is in the plan.
    pub fn find(&self, id: u32) -> Option<(SectionKind, &Item)> {
        self.position(id).and_then(|k| self.item(k))
    }

    /// The place of a question's item in reading order.
    pub fn position(&self, id: u32) -> Option<usize> {
        self.index.get(id)
    }

    pub fn len(&self) -> usize {
        self.sections.iter().map(|s| s.items.len()).sum()
    }

    /// The plan narrowed to the questions `keep` takes (a filter), in the same order, with the
    /// same warnings (they are about the whole board).
    pub fn narrowed(&self, keep: impl Fn(u32) -> bool) -> Plan {
        let sections: Vec<Section> = self
            .sections
            .iter()
            .map(|s| Section {
                kind: s.kind,
                items: s.items.iter().filter(|i| keep(i.id)).cloned().collect(),
            })
            .collect();
        let order: Vec<u32> = sections
            .iter()
            .flat_map(|s| s.items.iter().map(|i| i.id))
            .collect();
        Plan {
            warnings: self.warnings.clone(),
            index: IdIndex::new(&order),
            sections,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
