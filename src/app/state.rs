//! The app's state types: views, modes, the review under way, save state.

use super::Offer;
use super::editor::{self, Editor, Prompt};
use super::layers::Zoom;
use crate::model::snapshot::Snapshot;
use crate::model::{Board, Lane};
use std::sync::Arc;

/// The three ways of looking at the board.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    /// The three lanes.
    #[default]
    Board,
    /// The plan: what to resolve now, what waits, what can wait.
    Next,
    /// Decided and dissolved questions, newest first.
    Resolved,
    /// What waits on what: the open questions as a graph.
    Map,
}

impl View {
    pub const ALL: [View; 4] = [View::Board, View::Next, View::Resolved, View::Map];

    pub fn title(self) -> &'static str {
        match self {
            View::Board => "Board",
            View::Next => "Next steps",
            View::Resolved => "Resolved",
            View::Map => "Map",
        }
    }

    pub(super) fn preceding(self) -> View {
        match self {
            View::Board => View::Map,
            View::Next => View::Board,
            View::Resolved => View::Next,
            View::Map => View::Resolved,
        }
    }

    pub(super) fn following(self) -> View {
        match self {
            View::Board => View::Next,
            View::Next => View::Resolved,
            View::Resolved => View::Map,
            View::Map => View::Board,
        }
    }
}

/// What the user is doing: one layer of the stack (see `app/layers.rs`). The first four
/// are screens (what is drawn over the whole of it); the rest are dialogs and overlays
/// shown over a screen.
#[derive(Clone, Debug)]
pub enum Mode {
    /// A view of the board (Board, Next steps, Resolved).
    Normal,
    /// Presentation mode, for a shared screen: bigger cards, high contrast (over the views).
    Present,
    /// The morning review, one question at a time.
    Review(Box<Review>),
    /// One question on the whole screen.
    Zoom(Box<Zoom>),
    /// Carrying a card with the keyboard; `before` is the board as it was when grabbed.
    Grab {
        id: u32,
        before: Box<Board>,
    },
    Prompt(Box<Prompt>),
    Editor(Box<Editor>),
    /// Choosing prerequisites of a question from a searchable list.
    Picker(Box<editor::Picker>),
    /// Asking before deleting `id`; `waiting` are the questions that wait on it (found once,
    /// when asked, not at every frame). While `looking` (the next place of the board to look
    /// at), they are still being found, between keys.
    ConfirmDelete {
        id: u32,
        waiting: Vec<u32>,
        looking: Option<usize>,
    },
    /// Settling the conflict on `field` of question `id`.
    Settle {
        id: u32,
        field: crate::model::Field,
    },
    /// Quitting while changes are not on disk: retry, save elsewhere, or quit anyway.
    ConfirmQuit,
    /// Quitting while a meeting runs: end it with minutes, keep it for next time, or drop it.
    MeetingQuit,
    /// The messages of this session, in full, newest first.
    Messages {
        scroll: u16,
    },
    /// The minutes of the meeting that just ended, and where they were written.
    Minutes {
        text: String,
        path: Option<Result<std::path::PathBuf, String>>,
        scroll: u16,
        /// The history still to read for them, between keys (see `app/review.rs`); the text
        /// is empty until it is all read.
        rest: Option<Box<super::review::Writing>>,
    },
    /// A recovery copy found on start: merge it in, or keep it aside.
    Recover(Box<Offer>),
    /// The help overlay, over the layer it explains (the one beneath it).
    Help {
        scroll: u16,
    },
}

/// What was done with a question in a review.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Kept,
    Moved,
    Decided,
    Dissolved,
    Deferred,
    Edited,
    Skipped,
}

impl Outcome {
    /// In the order the review's summary lists them.
    pub const ALL: [Outcome; 7] = [
        Outcome::Kept,
        Outcome::Moved,
        Outcome::Decided,
        Outcome::Dissolved,
        Outcome::Deferred,
        Outcome::Edited,
        Outcome::Skipped,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Outcome::Kept => "kept",
            Outcome::Moved => "moved",
            Outcome::Decided => "decided",
            Outcome::Dissolved => "dissolved",
            Outcome::Deferred => "deferred",
            Outcome::Edited => "edited",
            Outcome::Skipped => "skipped",
        }
    }
}

/// The morning review under way: the questions to look at, where we are, what was done.
#[derive(Clone, Debug, PartialEq)]
pub struct Review {
    pub items: Vec<crate::model::review::Item>,
    pub index: usize,
    /// What was done with each question, in order.
    pub outcomes: Vec<(u32, Outcome)>,
    /// A prompt or the editor is open for the current question: what it is for, and the
    /// question as it was, to tell whether it was answered or cancelled.
    pub(super) pending: Option<(Outcome, Option<std::sync::Arc<crate::model::Question>>)>,
    /// The questions still to look through for items, between keys (see `app/review.rs`).
    pub(super) rest: Option<super::review::Rest>,
    /// How far the question shown is scrolled (rows), and which question that is: a new
    /// question starts at the top.
    pub scroll: (usize, u16),
}

impl Review {
    /// Rows the question shown is scrolled by.
    pub fn scrolled(&self) -> u16 {
        if self.scroll.0 == self.index {
            self.scroll.1
        } else {
            0
        }
    }
}

impl Review {
    pub fn finished(&self) -> bool {
        self.index >= self.items.len() && self.rest.is_none()
    }

    /// The board is still being looked through for what needs a look: more items may come.
    pub fn looking(&self) -> bool {
        self.rest.is_some()
    }

    pub fn current(&self) -> Option<&crate::model::review::Item> {
        self.items.get(self.index)
    }

    /// Back to the previous question (what was done with it is undone with `u`, not here).
    pub(super) fn back(&mut self) {
        if self.index > 0 {
            self.index -= 1;
            if let Some(at) = self
                .outcomes
                .iter()
                .rposition(|(id, _)| Some(*id) == self.items.get(self.index).map(|i| i.id))
            {
                self.outcomes.remove(at);
            }
        }
    }

    pub(super) fn done(&mut self, outcome: Outcome) {
        if let Some(item) = self.current() {
            let id = item.id;
            self.outcomes.push((id, outcome));
            self.index += 1;
        }
    }
}

/// Whether the board on disk matches the board in memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    Saving,
    /// Writing failed (read-only folder, full disk…); changes are kept and the save retried.
    Failed(super::SaveError),
    /// The file on disk does not load: nothing is written until it does (or `W`).
    Held(super::Unreadable),
}

/// How a status message should look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Info,
    Warning,
}

/// A card being dragged with the mouse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drag {
    pub id: u32,
    pub from: Lane,
    pub start: (u16, u16),
    /// Where it would land: lane and position among that lane's cards (counting itself).
    pub target: Option<(Lane, usize)>,
}

/// One change of the user's own, for undo: the board just before and just after it, kept as
/// snapshots that share what they have in common (with each other and with the steps next to
/// them: the board before a change is most often the one after the change before). Undo
/// applies the difference back onto whatever the board is now (others' changes stay).
#[derive(Clone, Debug)]
pub(super) struct Step {
    pub(super) before: Arc<Snapshot>,
    pub(super) after: Arc<Snapshot>,
    pub(super) selected: Option<u32>,
}

/// What the app derives from the board, refreshed only when the board (or the day, the filter,
/// the search) changes.
#[derive(Clone, Debug, Default)]
pub struct Derived {
    /// The last eight weeks' trend, day by day, worked out once per change while presenting
    /// (None: not yet, for this board).
    pub trend: Option<Vec<crate::model::trend::Point>>,
    /// The board changed since the trend was worked out.
    pub trend_due: bool,
    /// The trend being worked out between keys, and the next question to add to it.
    pub trend_work: Option<(Box<crate::model::trend::Counter>, usize)>,
    /// The critical chain of the plan, worked out when the Map shows (None: not yet, for
    /// this plan).
    pub chain: Option<Vec<u32>>,
    /// Open question ids per lane, in lane order (narrowed by the filter).
    pub lanes: [Vec<u32>; 3],
    /// The plan as of today.
    pub plan: crate::model::plan::Plan,
    /// The plan narrowed by the filter, while one holds (Next steps shows it).
    pub narrowed: Option<crate::model::plan::Plan>,
    /// While a filter holds: what it keeps (see `app/filtering.rs`).
    pub(crate) kept: Option<super::filtering::Kept>,
    /// Every question of the board as of the last change, by place (to find what a change
    /// changed); the lanes and the resolved list of the whole board.
    pub(crate) seen: Vec<std::sync::Arc<crate::model::Question>>,
    pub(crate) all: super::filtering::Lists,
    /// A new filter being worked out between keys, while the one before it shows.
    pub(crate) filtering: Option<super::filtering::Filtering>,
    /// The plan is to be narrowed by the filter, and its reasons measured, when Next steps is
    /// shown (see `narrow_plan` and `measure_reasons`).
    pub(super) next_due: bool,
    /// The rows past one each item's reason takes in Next steps, at the list's width (empty
    /// on a plan too big to measure every reason: then only the selected one's shows whole).
    pub reason_extra: Vec<u16>,
    /// Resolved question ids, newest first.
    pub resolved: Vec<u32>,
    /// How many questions of the current view match the search (so far, while counting).
    pub search_matches: usize,
    /// Search work left for between keys (see `app/search.rs`).
    pub(crate) counting: Option<super::search::Counting>,
    pub(crate) jumping: Option<super::search::Jumping>,
    /// How many questions are new, and how many changed, since the last review.
    pub since_review: (usize, usize),
    /// What the planner found of the prerequisite graph, reused while it is unchanged.
    pub(super) reach: Option<crate::model::plan::Reach>,
    /// How many questions are open (the plan may be a moment behind the board).
    pub open: usize,
    /// The number of the last plan asked of the background planner; while one is asked and
    /// not back, `planning` is set and the plan shown is of the board a change or two ago.
    pub(super) plan_asked: u64,
    pub planning: bool,
    /// A plan is to be asked for at the end of this update.
    pub(super) plan_wanted: bool,
    /// Worked out at least once (see [`App::unplanned`]).
    pub(super) made: bool,
}

/// What the background planner is asked: plan this board as of this day.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanJob {
    /// Numbers the request: only the plan of the newest one is taken.
    pub number: u64,
    pub board: crate::model::Board,
    pub today: jiff::civil::Date,
    pub stale_days: i64,
    /// What the app found of the prerequisite graph when it planned within a keystroke, for
    /// a planner that has not walked it yet (the first request only).
    pub reach: Option<crate::model::plan::Reach>,
}

/// Where the user is in each view.
#[derive(Clone, Debug)]
pub struct Nav {
    pub view: View,
    /// The lane in focus on the board, the selected card of each lane and the first visible.
    pub focus: Lane,
    pub selected: [usize; 3],
    pub scroll: [usize; 3],
    /// The selected item of the plan, and the first visible row of its list.
    pub next_selected: usize,
    pub next_scroll: usize,
    /// The selected resolved question and the first visible.
    pub resolved_selected: usize,
    pub resolved_scroll: usize,
    /// A card being dragged with the mouse.
    pub drag: Option<Drag>,
    /// Next steps' warnings opened in full on a small terminal.
    pub warnings_open: bool,
    /// The question selected on the Map (None: the start of the critical chain).
    pub map_selected: Option<u32>,
    /// The board shows the selected question's detail where there is room (i toggles it).
    pub detail: crate::geometry::Detail,
}

impl Derived {
    /// The plan Next steps lists: narrowed by the filter while one holds.
    pub fn next(&self) -> &crate::model::plan::Plan {
        self.narrowed.as_ref().unwrap_or(&self.plan)
    }
}

impl Default for Nav {
    fn default() -> Nav {
        Nav {
            view: View::Board,
            focus: Lane::Blocking,
            selected: [0; 3],
            scroll: [0; 3],
            next_selected: 0,
            next_scroll: 0,
            resolved_selected: 0,
            resolved_scroll: 0,
            drag: None,
            warnings_open: false,
            detail: crate::geometry::Detail::Auto,
            map_selected: None,
        }
    }
}

/// The board being edited and its relation to the file: what it is based on, the user's own
/// changes to undo and redo, and how saving goes.
#[derive(Clone, Debug)]
pub struct Session {
    pub board: Board,
    /// The board as last seen on disk: what this app's changes are based on.
    pub base: Board,
    pub save_state: SaveState,
    /// Counts changes; the saver reports which one it wrote.
    pub generation: u64,
    /// The number of the newest look at the file taken in (see `Action::DiskChanged`).
    pub disk_seen: u64,
    /// Quit was asked for while a save was under way: leave once it is on disk.
    pub quit_when_saved: bool,
    /// The board has no file yet: it is made with the first change.
    pub new_board: bool,
    pub(super) undo: Vec<Step>,
    pub(super) redo: Vec<Step>,
}

/// What taking in a newer board from disk did: typed, for the app to say and redraw.
#[derive(Debug)]
pub struct Taken {
    /// Something from the disk came into the board in memory.
    pub came_in: bool,
    /// The board in memory now holds changes the disk lacks (or the disk loads again after
    /// being broken): a save is due.
    pub save: bool,
    /// The disk loads again after being broken.
    pub loads_again: bool,
    /// Fields changed here and there, and which side was kept.
    pub conflicts: Vec<crate::model::merge::Conflict>,
    /// Our questions renumbered because the other side added the same numbers.
    pub renumbered: Vec<(u32, u32)>,
    /// A board carried along (a card being grabbed) with the same changes merged in.
    pub carried: Option<Board>,
}

/// Undo or redo of one change, as done: what it was, whom to select, how many are left.
#[derive(Debug)]
pub struct Travelled {
    /// The change in words ("moved #4 Blocking → Uncomfortable").
    pub what: String,
    pub selected: Option<u32>,
    pub left: usize,
}

/// What a save's report means for the session.
#[derive(Debug, PartialEq)]
pub enum SaveReport {
    /// An older change was written; a newer one is on its way.
    Older,
    /// Every change is on disk; `again` after saves had been failing.
    Saved { again: bool },
    /// The newest change could not be written.
    Failed(super::SaveError),
}

impl Session {
    /// Remembers a change of the user's own (from `before` to the board as it is now) as one
    /// undo step; redo is forgotten.
    pub(super) fn record(&mut self, before: Board, selected: Option<u32>, depth: usize) {
        let last = self.undo.last().map(|step| &step.after);
        let before = match last {
            Some(last) if last.holds(&before) => Arc::clone(last),
            _ => Arc::new(Snapshot::of(&before, last.map(|s| &**s))),
        };
        let after = Arc::new(Snapshot::of(&self.board, Some(&before)));
        self.undo.push(Step {
            before,
            after,
            selected,
        });
        if self.undo.len() > depth {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// Undoes (`back`) or redoes one change of the user's own: its difference is applied onto
    /// the board as it is now, so changes made since by others (or merged from disk) stay.
    /// None when there is nothing to undo (or redo).
    pub(super) fn travel(&mut self, back: bool, now: jiff::Timestamp) -> Option<Travelled> {
        let (from, to) = if back {
            (&mut self.undo, &mut self.redo)
        } else {
            (&mut self.redo, &mut self.undo)
        };
        let step = from.pop()?;
        let left = from.len();
        let (changed_from, changed_to) = if back {
            (&step.after, &step.before)
        } else {
            (&step.before, &step.after)
        };
        // Named as the change was made, whichever way it is travelled: "undone: added #5".
        // From the questions the two snapshots do not share: the change and its neighbours.
        let (before, after) = step.before.apart(&step.after);
        let what = crate::model::diff::describe(&before, &after);
        self.board = if changed_from.holds(&self.board) {
            // Nothing has changed since (the usual case): the board it was.
            changed_to.board()
        } else {
            let (from, to) = (changed_from.board(), changed_to.board());
            crate::model::merge::merge(&self.board, &from, &to, now).board
        };
        let selected = step.selected;
        to.push(step);
        Some(Travelled {
            what,
            selected,
            left,
        })
    }

    /// Takes the saver's report on change number `generation`, written after look `seen` at
    /// the file.
    pub fn saved(
        &mut self,
        generation: u64,
        seen: u64,
        result: Result<Board, super::SaveError>,
    ) -> SaveReport {
        match result {
            Ok(written) => {
                // Unless a newer look at the file came in first (which then already holds
                // this write), what was written is what is on disk.
                if seen >= self.disk_seen {
                    self.disk_seen = seen;
                    self.base = written;
                }
                if generation != self.generation {
                    return SaveReport::Older;
                }
                let again = matches!(self.save_state, SaveState::Failed(_));
                self.save_state = SaveState::Saved;
                self.new_board = false;
                SaveReport::Saved { again }
            }
            Err(e) => {
                self.save_state = SaveState::Failed(e.clone());
                SaveReport::Failed(e)
            }
        }
    }

    /// Takes in a newer board from disk: merged with ours on the base we share, so our changes
    /// stay and theirs come in. `carried`, a board held aside (a grab's "before"), gets the
    /// same changes.
    pub fn take_disk(
        &mut self,
        disk: Board,
        carried: Option<&Board>,
        now: jiff::Timestamp,
    ) -> Taken {
        use crate::model::merge;
        let was_held = matches!(self.save_state, SaveState::Held(_));
        if was_held {
            self.save_state = SaveState::Saving;
        }
        if disk == self.base {
            return Taken {
                came_in: false,
                save: was_held,
                loads_again: was_held,
                conflicts: Vec::new(),
                renumbered: Vec::new(),
                carried: None,
            };
        }
        let merged = merge::merge(&self.board, &self.base, &disk, now);
        let carried = carried.map(|b| merge::merge(b, &self.base, &disk, now).board);
        self.base = disk;
        let ours_pending = merged.board != self.base;
        let came_in = merged.board != self.board;
        if came_in {
            self.board = merged.board;
        }
        let save = ours_pending || was_held;
        if save {
            self.generation += 1;
        }
        Taken {
            came_in,
            save,
            loads_again: false,
            conflicts: merged.conflicts,
            renumbered: merged.renumbered,
            carried,
        }
    }

    pub fn new(board: Board) -> Session {
        Session {
            base: board.clone(),
            board,
            save_state: SaveState::Saved,
            generation: 0,
            disk_seen: 0,
            quit_when_saved: false,
            new_board: false,
            undo: Vec::new(),
            redo: Vec::new(),
        }
    }
}

/// The built-in themes. Styles above are written for the dark theme; a theme is a mapping of
/// those colours applied to the finished frame, so every widget follows it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
pub enum Theme {
    #[default]
    Dark,
    Light,
    /// No dim colours, bright lanes: survives screen sharing and video compression.
    HighContrast,
    /// No colour at all (the `NO_COLOR` convention): bold, reverse and underline only.
    NoColor,
}
