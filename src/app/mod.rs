//! The interactive state machine: `App` holds everything on screen; `update` is the one place it
//! changes. No terminal, no files, no clock: time comes in with each action.

pub mod action;
pub mod editor;
mod geometry;
pub mod keymap;
mod recovery;

use jiff::Timestamp;
use jiff::civil::Date;

pub use action::{Action, Effect};
use editor::{Editor, Prompt, PromptKind};
pub use keymap::Context;
pub use recovery::Offer;

use crate::geometry::lists;
use crate::geometry::{self as layout, Hit};
use crate::model::filter::{self, Filter};
use crate::model::merge;
use crate::model::plan::{self, Plan};
use crate::model::quick;
use crate::model::{Board, BoardError, Lane, Question, dates};

/// What the add line says before anything is typed.
const ADD_PLACEHOLDER: &str =
    "the question; b: u: i: lane, @owner, #tag, ^7 after #7, ! one-way, >fri revisit";

/// What a change on a read-only board is answered with.
const READ_ONLY: &str = "this board is opened read-only (its file is read-only, or --read-only): nothing can be changed here";

/// How many changes undo remembers.
const UNDO_DEPTH: usize = 1000;

/// What the app runs with, from the config file (defaults where it says nothing).
#[derive(Clone, Debug)]
pub struct Settings {
    /// The lane focused at start, where `a` adds.
    pub default_lane: Lane,
    /// Days a blocking question may go untouched before the plan warns.
    pub stale_days: i64,
    /// Backups kept per board.
    pub backups_kept: usize,
    /// Key overrides: in this mode, this key does this.
    pub keys: Vec<(Context, keymap::KeyPress, Action)>,
}

/// The three ways of looking at the board.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// The three lanes.
    Board,
    /// The plan: what to resolve now, what waits, what can wait.
    Next,
    /// Decided and dissolved questions, newest first.
    Resolved,
}

impl View {
    pub const ALL: [View; 3] = [View::Board, View::Next, View::Resolved];

    pub fn title(self) -> &'static str {
        match self {
            View::Board => "Board",
            View::Next => "Next steps",
            View::Resolved => "Resolved",
        }
    }

    fn following(self) -> View {
        match self {
            View::Board => View::Next,
            View::Next => View::Resolved,
            View::Resolved => View::Board,
        }
    }
}

/// What the user is doing.
#[derive(Clone, Debug)]
pub enum Mode {
    Normal,
    /// Carrying a card with the keyboard; `before` is the board as it was when grabbed.
    Grab {
        id: u32,
        before: Box<Board>,
    },
    Prompt(Box<Prompt>),
    Editor(Box<Editor>),
    /// Choosing prerequisites of a question from a searchable list.
    Picker(Box<editor::Picker>),
    ConfirmDelete(u32),
    /// Quitting while changes are not on disk: retry, save elsewhere, or quit anyway.
    ConfirmQuit,
    /// The minutes of the meeting that just ended, and where they were written.
    Minutes {
        text: String,
        path: Option<Result<std::path::PathBuf, String>>,
        scroll: u16,
    },
    /// A recovery copy found on start: merge it in, or keep it aside.
    Recover(Box<Offer>),
    /// The help overlay, over the mode it was opened from.
    Help {
        under: Box<Mode>,
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
    pending: Option<(Outcome, Option<std::sync::Arc<crate::model::Question>>)>,
}

impl Review {
    pub fn finished(&self) -> bool {
        self.index >= self.items.len()
    }

    pub fn current(&self) -> Option<&crate::model::review::Item> {
        self.items.get(self.index)
    }

    fn done(&mut self, outcome: Outcome) {
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
    Failed(String),
    /// The file on disk does not load: nothing is written until it does (or `W`).
    Held(String),
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

/// One change of the user's own, for undo: the board just before and just after it. Undo
/// applies the difference back onto whatever the board is now (others' changes stay).
#[derive(Clone, Debug)]
struct Step {
    before: Board,
    after: Board,
    selected: Option<u32>,
}

/// Everything the screen shows.
#[derive(Clone, Debug)]
pub struct App {
    pub board: Board,
    /// The board's path (or what stands for it), for the status line.
    pub board_label: String,
    /// Open question ids per lane, in lane order: derived from `board` after every change.
    pub lanes: [Vec<u32>; 3],
    pub view: View,
    pub focus: Lane,
    pub selected: [usize; 3],
    /// The plan as of `today`: derived from `board` after every change.
    pub plan: Plan,
    pub today: Date,
    /// The selected item of the plan, and the first visible row of its list.
    pub next_selected: usize,
    pub next_scroll: usize,
    /// Resolved question ids, newest first (derived), the selected one and the first visible.
    pub resolved: Vec<u32>,
    pub resolved_selected: usize,
    pub resolved_scroll: usize,
    /// The first visible card of each lane.
    pub scroll: [usize; 3],
    pub mode: Mode,
    pub drag: Option<Drag>,
    pub size: (u16, u16),
    pub save_state: SaveState,
    /// Counts changes; the saver reports which one it wrote.
    pub generation: u64,
    pub message: Option<(String, Tone)>,
    pub should_quit: bool,
    /// The user's time zone, for what "today" is (set by the edge; UTC in tests).
    pub time_zone: jiff::tz::TimeZone,
    /// The board as last seen on disk: what this app's changes are based on.
    pub base: Board,
    /// The number of the newest look at the file taken in (see `Action::DiskChanged`).
    pub disk_seen: u64,
    /// What the planner found of the prerequisite graph, reused while it is unchanged.
    reach: Option<plan::Reach>,
    /// Quit was asked for while a save was under way: leave once it is on disk.
    pub quit_when_saved: bool,
    /// What the board is narrowed to, as typed and as read.
    pub filter: Option<(String, Filter)>,
    /// The search, highlighted on the board and stepped through with n/N.
    pub search: Option<String>,
    /// How many questions of the current view match the search (derived).
    pub search_matches: usize,
    /// How many questions are new, and how many changed, since the last review (derived).
    pub since_review: (usize, usize),
    pub theme: crate::settings::Theme,
    /// The keys in force (defaults with the config file's overrides).
    pub keymap: keymap::Keymap,
    /// Days a blocking question may go untouched before the plan warns (config).
    pub stale_days: i64,
    /// Backups kept per board (config).
    pub backups_kept: usize,
    /// Presentation mode: for a shared screen.
    pub present: bool,
    /// When the meeting under way started.
    pub meeting: Option<Timestamp>,
    /// When this user last finished a review of this board (from the state directory).
    pub last_review: Option<Timestamp>,
    /// The review under way.
    pub review: Option<Review>,
    /// Who is making changes here (signed into the history).
    pub user: Option<String>,
    /// The time of the last action (the edge's clock), for the meeting's length.
    pub now: Timestamp,
    /// The board is opened read-only (its file is, or `--read-only`): changes are refused.
    pub read_only: bool,
    /// Why backups of the board are failing (the board itself is still saved), if they are.
    pub backups_failing: Option<String>,
    /// In presentation mode, the question shown on the whole screen.
    pub zoom: Option<u32>,
    /// How far the zoomed question is scrolled, when it does not fit.
    pub zoom_scroll: u16,
    undo: Vec<Step>,
    redo: Vec<Step>,
}

impl App {
    pub fn new(board: Board, board_label: impl Into<String>) -> App {
        let mut app = App {
            lanes: board.lanes(),
            base: board.clone(),
            disk_seen: 0,
            reach: None,
            quit_when_saved: false,
            filter: None,
            search: None,
            search_matches: 0,
            since_review: (0, 0),
            theme: crate::settings::Theme::Dark,
            keymap: keymap::Keymap::default(),
            stale_days: plan::STALE_DAYS,
            backups_kept: crate::store::BACKUPS_KEPT,
            present: false,
            zoom: None,
            zoom_scroll: 0,
            backups_failing: None,
            read_only: false,
            meeting: None,
            last_review: None,
            review: None,
            user: None,
            now: Timestamp::UNIX_EPOCH,
            board,
            board_label: board_label.into(),
            view: View::Board,
            focus: Lane::Blocking,
            selected: [0; 3],
            plan: Plan::default(),
            today: Date::constant(2026, 1, 1),
            next_selected: 0,
            next_scroll: 0,
            resolved: Vec::new(),
            resolved_selected: 0,
            resolved_scroll: 0,
            scroll: [0; 3],
            mode: Mode::Normal,
            drag: None,
            size: (120, 40),
            save_state: SaveState::Saved,
            generation: 0,
            message: None,
            should_quit: false,
            time_zone: jiff::tz::TimeZone::UTC,
            undo: Vec::new(),
            redo: Vec::new(),
        };
        app.refresh();
        app
    }

    /// Takes the config file's settings: keys, stale threshold, backups, the lane in focus.
    pub fn configure(&mut self, settings: &Settings) {
        self.keymap = keymap::Keymap::with(&settings.keys);
        self.stale_days = settings.stale_days;
        self.backups_kept = settings.backups_kept;
        self.focus = settings.default_lane;
        self.refresh();
    }

    /// A new app as of a day (the plan depends on it).
    pub fn on(board: Board, board_label: impl Into<String>, today: Date) -> App {
        let mut app = App::new(board, board_label);
        app.today = today;
        app.refresh();
        app
    }

    /// The keymap context of the current mode.
    pub fn context(&self) -> Context {
        self.context_of(&self.mode)
    }

    /// The context whose keys the help overlay lists.
    pub fn help_context(&self) -> Context {
        match &self.mode {
            Mode::Help { under, .. } => self.context_of(under),
            other => self.context_of(other),
        }
    }

    fn context_of(&self, mode: &Mode) -> Context {
        match mode {
            Mode::Normal if self.review.is_some() => Context::Review,
            Mode::Normal if self.zoom.is_some() => Context::Zoom,
            Mode::Normal => match self.view {
                View::Board if self.present => Context::Present,
                View::Board => Context::Board,
                View::Next => Context::Next,
                View::Resolved => Context::Resolved,
            },
            Mode::Picker(_) => Context::Picker,
            Mode::Grab { .. } => Context::Grab,
            Mode::Prompt(_) => Context::Input,
            Mode::Editor(e) if e.confirm_discard => Context::Confirm,
            Mode::Editor(_) => Context::Editor,
            Mode::ConfirmDelete(_) | Mode::Recover(_) => Context::Confirm,
            Mode::ConfirmQuit => Context::Quit,
            Mode::Minutes { .. } => Context::Minutes,
            Mode::Help { .. } => Context::Help,
        }
    }

    /// A question of the board by id (the board keeps an index: no walk over it).
    pub fn question(&self, id: u32) -> Option<&Question> {
        self.board.get(id)
    }

    /// The id of the selected question in the current view, if any.
    pub fn selected_id(&self) -> Option<u32> {
        if let Some(item) = self.review.as_ref().and_then(Review::current) {
            return Some(item.id);
        }
        match self.view {
            View::Board => self.board_selected_id(),
            View::Next => self.plan.item(self.next_selected).map(|(_, i)| i.id),
            View::Resolved => self.resolved.get(self.resolved_selected).copied(),
        }
    }

    /// The selected card on the board, if the focused lane has any.
    pub fn board_selected_id(&self) -> Option<u32> {
        let lane = self.focus.index();
        self.lanes[lane].get(self.selected[lane]).copied()
    }

    /// How many cards fit in a lane at the current size.
    pub fn cards_visible(&self) -> usize {
        layout::cards_per_lane(self.size, self.present).max(1)
    }

    /// Recomputes what derives from the board (lanes, plan, resolved list) and keeps every
    /// view's selection on the same question where it still is, in range where it is not.
    fn refresh(&mut self) {
        let next_id = self.plan.item(self.next_selected).map(|(_, i)| i.id);
        let resolved_id = self.resolved.get(self.resolved_selected).copied();
        self.lanes = match &self.filter {
            None => self.board.lanes(),
            Some((_, filter)) => {
                let mut lanes: [Vec<u32>; 3] = Default::default();
                for q in self.board.questions().iter().filter(|q| q.is_open()) {
                    if filter.matches(q) {
                        lanes[q.lane.index()].push(q.id);
                    }
                }
                lanes
            }
        };
        self.plan = plan::plan_cached(&self.board, self.today, self.stale_days, &mut self.reach);
        if let Mode::Picker(picker) = &mut self.mode {
            picker.search(&self.board);
        }
        let mut resolved: Vec<&crate::model::Question> = self.board.resolved().collect();
        resolved.sort_by_key(|q| (std::cmp::Reverse(q.updated), std::cmp::Reverse(q.id)));
        self.resolved = resolved.iter().map(|q| q.id).collect();
        for lane in Lane::ALL {
            let i = lane.index();
            let len = self.lanes[i].len();
            self.selected[i] = self.selected[i].min(len.saturating_sub(1));
            self.keep_visible(lane);
        }
        if let Some(pos) = next_id.and_then(|id| self.plan.position(id)) {
            self.next_selected = pos;
        }
        self.next_selected = self.next_selected.min(self.plan.len().saturating_sub(1));
        if let Some(pos) = resolved_id.and_then(|id| self.resolved.iter().position(|&r| r == id)) {
            self.resolved_selected = pos;
        }
        self.resolved_selected = self
            .resolved_selected
            .min(self.resolved.len().saturating_sub(1));
        self.keep_lists_visible();
        self.recount();
    }

    /// Scrolls the Next and Resolved lists so their selections are on screen.
    fn keep_lists_visible(&mut self) {
        let height = self.list_height();
        let (top, bottom) = lists::next_rows(&self.plan, self.next_selected);
        self.next_scroll = lists::scroll_to(self.next_scroll, top, bottom, height);
        let (top, bottom) = lists::resolved_rows(self.resolved_selected);
        self.resolved_scroll = lists::scroll_to(self.resolved_scroll, top, bottom, height);
    }

    fn keep_visible(&mut self, lane: Lane) {
        let i = lane.index();
        let visible = self.cards_visible();
        let len = self.lanes[i].len();
        let sel = self.selected[i];
        if sel < self.scroll[i] {
            self.scroll[i] = sel;
        } else if sel >= self.scroll[i] + visible {
            self.scroll[i] = sel + 1 - visible;
        }
        self.scroll[i] = self.scroll[i].min(len.saturating_sub(visible));
    }

    /// Selects a question in every view where it is: its lane on the board, the plan, or the
    /// resolved list.
    pub fn select_id(&mut self, id: u32) {
        if let Some(pos) = self.plan.position(id) {
            self.next_selected = pos;
        }
        if let Some(pos) = self.resolved.iter().position(|&r| r == id) {
            self.resolved_selected = pos;
        }
        self.keep_lists_visible();
        if let Some(lane) = Lane::ALL
            .into_iter()
            .find(|l| self.lanes[l.index()].contains(&id))
        {
            let pos = self.lanes[lane.index()]
                .iter()
                .position(|&x| x == id)
                .unwrap_or(0);
            self.focus = lane;
            self.selected[lane.index()] = pos;
            self.keep_visible(lane);
        }
    }

    /// Selects a position in the current view's list (or the focused lane).
    fn select(&mut self, pos: usize) {
        match self.view {
            View::Board => {
                let i = self.focus.index();
                self.selected[i] = pos.min(self.lanes[i].len().saturating_sub(1));
                self.keep_visible(self.focus);
            }
            View::Next => {
                self.next_selected = pos.min(self.plan.len().saturating_sub(1));
                self.keep_lists_visible();
            }
            View::Resolved => {
                self.resolved_selected = pos.min(self.resolved.len().saturating_sub(1));
                self.keep_lists_visible();
            }
        }
    }

    /// The selected position in the current view's list.
    fn position(&self) -> usize {
        match self.view {
            View::Board => self.selected[self.focus.index()],
            View::Next => self.next_selected,
            View::Resolved => self.resolved_selected,
        }
    }

    /// How many rows a page is in the current view.
    fn page(&self) -> usize {
        match self.view {
            View::Board => self.cards_visible(),
            View::Next | View::Resolved => (self.list_height() / 2).max(1),
        }
    }

    fn say(&mut self, text: impl Into<String>) {
        self.message = Some((text.into(), Tone::Info));
    }

    fn warn(&mut self, text: impl Into<String>) {
        self.message = Some((text.into(), Tone::Warning));
    }

    /// Applies a change to the board as one undo step, and asks for a save. A refused change
    /// leaves the board as it was.
    fn try_change<T>(
        &mut self,
        effects: &mut Vec<Effect>,
        f: impl FnOnce(&mut Board) -> Result<T, BoardError>,
    ) -> Result<T, BoardError> {
        let before = self.board.clone();
        let selected = self.selected_id();
        match f(&mut self.board) {
            Ok(value) => {
                if let Some(who) = &self.user {
                    self.board.sign(&before, who);
                }
                self.undo.push(Step {
                    before,
                    after: self.board.clone(),
                    selected,
                });
                if self.undo.len() > UNDO_DEPTH {
                    self.undo.remove(0);
                }
                self.redo.clear();
                self.changed(effects);
                Ok(value)
            }
            Err(e) => {
                self.board = before;
                Err(e)
            }
        }
    }

    /// [`App::try_change`], with a refusal said in the status line.
    fn change<T>(
        &mut self,
        effects: &mut Vec<Effect>,
        f: impl FnOnce(&mut Board) -> Result<T, BoardError>,
    ) -> Option<T> {
        self.try_change(effects, f)
            .map_err(|e| self.warn(e.to_string()))
            .ok()
    }

    fn changed(&mut self, effects: &mut Vec<Effect>) {
        self.generation += 1;
        self.refresh();
        self.request_save(effects);
    }

    /// Asks the edges to write the board, unless the file on disk is broken (then it waits).
    fn request_save(&mut self, effects: &mut Vec<Effect>) {
        if self.read_only || matches!(self.save_state, SaveState::Held(_)) {
            return;
        }
        self.save_state = SaveState::Saving;
        if !effects.contains(&Effect::Save) {
            effects.push(Effect::Save);
        }
    }

    /// A newer board on disk: merge it with ours. Our changes since `base` are kept, theirs
    /// come in, and the selection stays on the same question.
    fn disk_changed(&mut self, disk: Board, now: Timestamp, effects: &mut Vec<Effect>) {
        let was_held = matches!(self.save_state, SaveState::Held(_));
        if was_held {
            self.save_state = SaveState::Saving;
        }
        if disk == self.base {
            if was_held {
                self.say("the board on disk loads again; saving");
                self.request_save(effects);
            }
            return;
        }
        let merged = merge::merge(&self.board, &self.base, &disk, now);
        if let Mode::Grab { before, .. } = &mut self.mode {
            **before = merge::merge(before, &self.base, &disk, now).board;
        }
        let selected = self.selected_id();
        self.base = disk;
        let ours_pending = merged.board != self.base;
        let came_in = merged.board != self.board;
        if came_in {
            self.board = merged.board;
            self.refresh();
            if let Some(id) = selected {
                self.select_id(id);
            }
        }
        let mut notes = Vec::new();
        if let Some(id) = self.zoom.filter(|&id| self.question(id).is_none()) {
            // The question on the whole screen went away: back to the board, and say why.
            self.zoom = None;
            self.zoom_scroll = 0;
            notes.push(format!("#{id} was deleted elsewhere"));
        }
        for c in &merged.conflicts {
            let kept = match c.kept {
                merge::Side::Ours => "yours kept; theirs is in its history",
                merge::Side::Theirs => {
                    "the later one, from elsewhere, kept; yours is in its history"
                }
            };
            notes.push(format!(
                "#{} {} was changed here and elsewhere: {kept}",
                c.id, c.field
            ));
        }
        for (old, new) in &merged.renumbered {
            notes.push(format!(
                "your #{old} is now #{new} (another #{old} was added elsewhere)"
            ));
        }
        if notes.is_empty() {
            // Our own write seen early, or a change equal to ours: nothing to tell.
            if came_in {
                self.say("the board changed on disk: merged in");
            }
        } else {
            self.warn(notes.join("; "));
        }
        if ours_pending || was_held {
            self.generation += 1;
            self.request_save(effects);
        }
    }

    /// The one place state changes. `now` is the time of the action (from the edge).
    pub fn update(&mut self, action: Action, now: Timestamp) -> Vec<Effect> {
        let mut effects = Vec::new();
        self.now = now;
        let today = now.to_zoned_datetime(self.time_zone.clone()).date();
        if today != self.today {
            // A new day: deferred questions may come back, stale ones go stale.
            self.today = today;
            self.refresh();
        }
        if !matches!(
            action,
            // Background events leave the user's message alone.
            Action::Saved { .. }
                | Action::BackupsFailing(_)
                | Action::RecoverySetAside(..)
                | Action::DiskChanged { .. }
                | Action::Resize { .. }
                | Action::MouseDrag { .. }
                | Action::RetryDue
                | Action::Tick
        ) {
            self.message = None;
        }
        match action {
            Action::Resize { width, height } => {
                self.size = (width, height);
                for lane in Lane::ALL {
                    self.keep_visible(lane);
                }
                self.keep_lists_visible();
            }
            Action::Saved {
                generation,
                seen,
                result,
            } => match result {
                Ok(written) => {
                    // Unless a newer look at the file came in first (which then already holds
                    // this write), what was written is what is on disk.
                    if seen >= self.disk_seen {
                        self.disk_seen = seen;
                        self.base = written;
                    }
                    if generation == self.generation {
                        let was_failing = matches!(self.save_state, SaveState::Failed(_));
                        self.save_state = SaveState::Saved;
                        if self.quit_when_saved || matches!(self.mode, Mode::ConfirmQuit) {
                            // Quitting waited for this: every change is on disk now.
                            self.should_quit = true;
                        } else if was_failing {
                            self.say("saved again: every change is on disk");
                        }
                    }
                }
                Err(e) => {
                    if self.quit_when_saved {
                        self.quit_when_saved = false;
                        self.mode = Mode::ConfirmQuit;
                    }
                    self.save_state = SaveState::Failed(e.clone());
                    self.warn(format!(
                        "NOT SAVED: {e}. Your changes are kept here and the save is retried; q asks what to do"
                    ));
                }
            },
            // A late report of an older file: what it says is already known.
            Action::DiskChanged { seen, .. } if seen < self.disk_seen => {}
            Action::DiskChanged {
                seen,
                board: Ok(disk),
            } => {
                self.disk_seen = seen;
                self.disk_changed(disk, now, &mut effects);
            }
            Action::DiskChanged {
                seen,
                board: Err(why),
            } => {
                self.disk_seen = seen;
                self.save_state = SaveState::Held(why.clone());
                self.warn(format!(
                    "the board on disk does not load ({why}): nothing is written until it does; your changes are kept here. W writes yours (the broken file is backed up first)"
                ));
            }
            Action::WriteAnyway => {
                if let SaveState::Held(_) = self.save_state {
                    self.save_state = SaveState::Saving;
                    effects.push(Effect::SaveOverBroken);
                    self.say("backing up the broken file and writing yours");
                }
            }
            Action::RetryDue => {
                if let SaveState::Failed(_) = self.save_state {
                    self.request_save(&mut effects);
                }
            }
            Action::BackupsFailing(why) => {
                match (&why, &self.backups_failing) {
                    (Some(why), _) => self.warn(format!(
                        "{why}; the board itself is saved, and backups are tried again at each save"
                    )),
                    (None, Some(_)) => self.say("backups work again"),
                    (None, None) => {}
                }
                self.backups_failing = why;
            }
            Action::RecoverySetAside(why, result) => match result {
                Ok(path) if why == "kept-aside" => self.say(format!(
                    "the recovery copy is kept aside in {}",
                    path.display()
                )),
                Ok(_) => {}
                Err(e) => self.warn(format!("could not set the recovery copy aside: {e}")),
            },
            Action::Note(text) => self.say(text),
            Action::Warn(text) => self.warn(text),
            Action::Tick => {}
            Action::ReviewRecorded(result) => match result {
                Ok(at) => {
                    self.last_review = Some(at);
                    self.recount();
                    self.say("review recorded: new and changed marks start from now");
                }
                Err(e) => self.warn(format!("could not record the review: {e}")),
            },
            Action::MinutesSaved(result) => {
                match &result {
                    Ok(path) => self.say(format!("minutes written to {}", path.display())),
                    Err(e) => self.warn(format!("could not write the minutes: {e}")),
                }
                if let Mode::Minutes { path, .. } = &mut self.mode {
                    *path = Some(result);
                }
            }
            Action::Paste(text) => match &mut self.mode {
                Mode::Prompt(p) => p.field.paste(&text),
                Mode::Picker(p) => {
                    p.query.paste(&text);
                    p.selected = 0;
                    p.search(&self.board);
                }
                Mode::Editor(e) if !e.confirm_discard => e.paste(&text),
                _ => {}
            },
            Action::MouseDown { .. }
            | Action::MouseDrag { .. }
            | Action::MouseUp { .. }
            | Action::Scroll { .. } => self.mouse(action, now, &mut effects),
            action => match &self.mode {
                Mode::Normal => self.normal(action, now, &mut effects),
                Mode::Grab { .. } => self.grab(action, now, &mut effects),
                Mode::Prompt(_) => self.prompt(action, today, now, &mut effects),
                Mode::Picker(_) => self.picker(action, now, &mut effects),
                Mode::Editor(_) => self.editor(action, today, now, &mut effects),
                Mode::ConfirmDelete(id) => {
                    let id = *id;
                    self.mode = Mode::Normal;
                    if action == Action::Yes
                        && let Some(q) = self.change(&mut effects, |b| b.remove(id))
                    {
                        self.say(format!("deleted #{id} {}", q.title));
                    }
                }
                Mode::Recover(_) => match action {
                    Action::Yes => self.answer_recovery(true, now, &mut effects),
                    Action::No => self.answer_recovery(false, now, &mut effects),
                    _ => {}
                },
                Mode::Help { .. } => self.help(action),
                Mode::Minutes { .. } => self.minutes_overlay(action, &mut effects),
                Mode::ConfirmQuit => match action {
                    Action::RetrySave => {
                        self.mode = Mode::Normal;
                        self.quit_when_saved = true;
                        self.save_state = SaveState::Saving;
                        effects.push(Effect::Save);
                        self.say("saving again, then quitting");
                    }
                    Action::SaveElsewhere => {
                        self.mode = Mode::Prompt(Box::new(Prompt::new(
                            PromptKind::SaveAs,
                            "a path to write a copy of the board to",
                        )))
                    }
                    Action::Yes => self.should_quit = true,
                    Action::No => self.mode = Mode::Normal,
                    _ => {}
                },
            },
        }
        self.settle_review();
        if self.should_quit && !effects.contains(&Effect::Quit) {
            effects.push(Effect::Quit);
        }
        effects
    }

    /// The questions of the current view, in reading order, with their position there.
    fn view_order(&self) -> Vec<(Option<Lane>, usize, u32)> {
        match self.view {
            View::Board => Lane::ALL
                .into_iter()
                .flat_map(|lane| {
                    self.lanes[lane.index()]
                        .iter()
                        .enumerate()
                        .map(move |(pos, &id)| (Some(lane), pos, id))
                })
                .collect(),
            View::Next => self
                .plan
                .items()
                .enumerate()
                .map(|(k, (_, item))| (None, k, item.id))
                .collect(),
            View::Resolved => self
                .resolved
                .iter()
                .enumerate()
                .map(|(k, &id)| (None, k, id))
                .collect(),
        }
    }

    /// Recounts what the status line shows about the search and the review, when the board,
    /// the view, the search or the review time change (not on every frame).
    fn recount(&mut self) {
        self.search_matches = match &self.search {
            None => 0,
            Some(query) => self
                .view_order()
                .iter()
                .filter(|(_, _, id)| {
                    self.board
                        .get(*id)
                        .is_some_and(|q| filter::text_matches(q, query))
                })
                .count(),
        };
        let (mut new, mut changed) = (0, 0);
        for q in self.board.questions() {
            match crate::model::review::change_since(q, self.last_review) {
                Some(crate::model::review::Reason::New { .. }) => new += 1,
                Some(_) => changed += 1,
                None => {}
            }
        }
        self.since_review = (new, changed);
    }

    /// Moves the selection to the next (or previous) search match, wrapping around; `here`
    /// lets the selected question itself count (while typing the search).
    fn jump_to_match(&mut self, forward: bool, here: bool) {
        let Some(query) = self.search.clone() else {
            self.say("no search: / starts one");
            return;
        };
        let order = self.view_order();
        let current = self.selected_id();
        let start = order
            .iter()
            .position(|(_, _, id)| Some(*id) == current)
            .unwrap_or(0);
        let n = order.len();
        let found = (0..n)
            .map(|step| {
                let offset = if here { step } else { step + 1 };
                if forward {
                    (start + offset) % n
                } else {
                    (start + n * 2 - offset % n) % n
                }
            })
            .find(|&k| {
                self.board
                    .get(order[k].2)
                    .is_some_and(|q| filter::text_matches(q, &query))
            });
        match found {
            Some(k) => {
                let (lane, pos, _) = order[k];
                if let Some(lane) = lane {
                    self.focus = lane;
                }
                self.select(pos);
            }
            None => self.warn(format!("no question here matches \"{query}\"")),
        }
    }

    /// Search and filter follow the text as it is typed.
    fn live(&mut self, kind: PromptKind, text: &str) {
        match kind {
            PromptKind::Search => {
                self.search = Some(text.trim().to_string()).filter(|t| !t.is_empty());
                self.recount();
                if self.search.is_some() {
                    self.jump_to_match(true, true);
                }
            }
            PromptKind::Filter => {
                let selected = self.selected_id();
                let parsed = Filter::parse(text);
                self.filter = (!parsed.is_empty()).then(|| (text.trim().to_string(), parsed));
                self.refresh();
                if let Some(id) = selected {
                    self.select_id(id);
                }
            }
            _ => {}
        }
    }

    fn minutes_overlay(&mut self, action: Action, effects: &mut Vec<Effect>) {
        let Mode::Minutes { text, scroll, .. } = &mut self.mode else {
            return;
        };
        match action {
            Action::Copy => {
                effects.push(Effect::CopyToClipboard(text.clone()));
                self.say(
                    "minutes sent to the clipboard with OSC 52 (if the terminal allows it; in tmux: set -g set-clipboard on)",
                );
            }
            Action::SelectDown => *scroll = scroll.saturating_add(1),
            Action::SelectUp => *scroll = scroll.saturating_sub(1),
            Action::Cancel => self.mode = Mode::Normal,
            _ => {}
        }
    }

    /// One key in the review: act on the current question and go on to the next.
    fn review_action(&mut self, action: Action, now: Timestamp, effects: &mut Vec<Effect>) {
        let Some(review) = &mut self.review else {
            return;
        };
        if review.finished() {
            match action {
                Action::Keep => {
                    self.review = None;
                    effects.push(Effect::RecordReview);
                }
                Action::Cancel => {
                    self.review = None;
                    self.say("review closed without recording it");
                }
                Action::Help => self.open_help(),
                _ => {}
            }
            return;
        }
        let Some(id) = review.current().map(|i| i.id) else {
            return;
        };
        let outcome = match &action {
            Action::Keep => Outcome::Kept,
            Action::Skip => Outcome::Skipped,
            Action::SendTo(_) => Outcome::Moved,
            Action::Decide => Outcome::Decided,
            Action::Dissolve => Outcome::Dissolved,
            Action::Defer => Outcome::Deferred,
            Action::Edit => Outcome::Edited,
            Action::Cancel => {
                self.review = None;
                self.say("review stopped; it is not recorded");
                return;
            }
            Action::Help => return self.open_help(),
            _ => return,
        };
        match action {
            Action::Keep | Action::Skip => review.done(outcome),
            Action::SendTo(_) => {
                review.done(outcome);
                self.act_on(id, action, now, effects);
            }
            // A prompt or the editor opens over the review; the question counts as done
            // once it was answered (see `settle_review`).
            _ => {
                let before = self.board.get_shared(id).cloned();
                review.pending = Some((outcome, before));
                self.act_on(id, action, now, effects);
            }
        }
    }

    /// When the prompt or editor opened from the review closes: on to the next question if the
    /// current one changed, back to it if the prompt was cancelled.
    fn settle_review(&mut self) {
        if !matches!(self.mode, Mode::Normal) {
            return;
        }
        let Some(review) = &mut self.review else {
            return;
        };
        let Some((outcome, before)) = review.pending.take() else {
            return;
        };
        let Some(id) = review.current().map(|i| i.id) else {
            return;
        };
        let now = self.board.get_shared(id);
        if now != before.as_ref() {
            review.done(outcome);
        } else {
            self.say(format!("#{id} is as it was: still on it"));
        }
    }

    /// Leaves only once every change is on disk; asks when it cannot be.
    fn quit(&mut self) {
        match self.save_state {
            SaveState::Saved => self.should_quit = true,
            SaveState::Saving => {
                self.quit_when_saved = true;
                self.say("saving, then quitting");
            }
            SaveState::Failed(_) | SaveState::Held(_) => self.mode = Mode::ConfirmQuit,
        }
    }

    fn help(&mut self, action: Action) {
        let Mode::Help { scroll, .. } = &mut self.mode else {
            return;
        };
        match action {
            Action::SelectDown => *scroll = scroll.saturating_add(1),
            Action::SelectUp => *scroll = scroll.saturating_sub(1),
            Action::CloseHelp => {
                if let Mode::Help { under, .. } = std::mem::replace(&mut self.mode, Mode::Normal) {
                    self.mode = *under;
                }
            }
            _ => {}
        }
    }

    fn open_help(&mut self) {
        let under = std::mem::replace(&mut self.mode, Mode::Normal);
        self.mode = Mode::Help {
            under: Box::new(under),
            scroll: 0,
        };
    }

    fn normal(&mut self, action: Action, now: Timestamp, effects: &mut Vec<Effect>) {
        if self.read_only && action.changes_board() {
            self.warn(READ_ONLY);
            return;
        }
        if self.zoom.is_some() && matches!(action, Action::PageDown | Action::PageUp) {
            let page = self.size.1 / 2;
            self.zoom_scroll = if action == Action::PageDown {
                self.zoom_scroll.saturating_add(page)
            } else {
                self.zoom_scroll.saturating_sub(page)
            };
            return;
        }
        let zoomed = self.zoom;
        self.normal_action(action, now, effects);
        // A zoomed question follows the selection, from its top.
        if self.zoom.is_some() {
            self.zoom = self.selected_id().or(self.zoom);
        }
        if self.zoom != zoomed {
            self.zoom_scroll = 0;
        }
    }

    fn normal_action(&mut self, action: Action, now: Timestamp, effects: &mut Vec<Effect>) {
        if self.review.is_some() {
            self.review_action(action, now, effects);
            return;
        }
        let lane = self.focus;
        let pos = self.position();
        let page = self.page();
        match action {
            Action::FocusLeft => {
                if let Some(l) = lane.left() {
                    self.focus = l;
                }
            }
            Action::FocusRight => {
                if let Some(l) = lane.right() {
                    self.focus = l;
                }
            }
            Action::SelectDown => self.select(pos + 1),
            Action::SelectUp => self.select(pos.saturating_sub(1)),
            Action::SelectFirst => self.select(0),
            Action::SelectLast => self.select(usize::MAX),
            Action::PageDown => self.select(pos + page),
            Action::PageUp => self.select(pos.saturating_sub(page)),
            Action::SwitchView => {
                // The question selected here stays selected in the next view, where it is there.
                let selected = self.selected_id();
                self.view = self.view.following();
                self.recount();
                if let Some(id) = selected {
                    self.select_id(id);
                }
            }
            Action::Add => {
                self.mode = Mode::Prompt(Box::new(Prompt::new(
                    PromptKind::Add(lane),
                    ADD_PLACEHOLDER,
                )))
            }
            Action::Search => {
                self.mode = Mode::Prompt(Box::new(Prompt::new(
                    PromptKind::Search,
                    "search titles and text; Enter keeps it, n/N jump, Esc clears",
                )))
            }
            Action::Filter => {
                let mut prompt = Prompt::new(
                    PromptKind::Filter,
                    "@owner #tag ! (one-way) ~ (two-way) or words; Esc clears",
                );
                if let Some((text, _)) = &self.filter {
                    prompt.field = editor::TextField::new(text, false);
                    prompt.field.set_focused(true);
                }
                self.mode = Mode::Prompt(Box::new(prompt));
            }
            Action::NextMatch => self.jump_to_match(true, false),
            Action::PrevMatch => self.jump_to_match(false, false),
            Action::ClearFilters => {
                if self.filter.is_some() || self.search.is_some() {
                    let selected = self.selected_id();
                    self.filter = None;
                    self.search = None;
                    self.refresh();
                    if let Some(id) = selected {
                        self.select_id(id);
                    }
                    self.say("search and filter cleared: every question is shown");
                }
            }
            Action::Review => {
                let items = crate::model::review::digest(
                    &self.board,
                    self.last_review,
                    self.today,
                    self.stale_days,
                );
                if items.is_empty() {
                    self.say("nothing needs a look: Enter records the review");
                }
                self.review = Some(Review {
                    items,
                    index: 0,
                    outcomes: Vec::new(),
                    pending: None,
                });
            }
            Action::Meeting => match self.meeting.take() {
                None => {
                    self.meeting = Some(now);
                    self.say("meeting started: capture away; m ends it and writes the minutes");
                }
                Some(start) => {
                    let m = crate::model::minutes::minutes(&self.board, start, now);
                    let text = crate::model::minutes::markdown(&m, &self.board.title, start, now);
                    effects.push(Effect::WriteMinutes(text.clone()));
                    self.mode = Mode::Minutes {
                        text,
                        path: None,
                        scroll: 0,
                    };
                }
            },
            Action::Present => {
                self.present = !self.present;
                self.zoom = None;
                for lane in Lane::ALL {
                    self.keep_visible(lane);
                }
                self.say(if self.present {
                    "presenting: Enter shows a question on the whole screen · ? keys · P ends"
                } else {
                    "presentation ended"
                });
            }
            Action::Zoom => match self.selected_id() {
                Some(id) => self.zoom = Some(id),
                None => self.say("nothing selected to show"),
            },
            Action::Unzoom => self.zoom = None,
            Action::Help => self.open_help(),
            Action::Quit => self.quit(),
            Action::Undo => self.travel(true, now, effects),
            Action::Redo => self.travel(false, now, effects),
            action => {
                let Some(id) = self.selected_id() else {
                    let what = match self.view {
                        View::Board => {
                            format!("{} is empty: press a to add a question", lane.name())
                        }
                        View::Next => "no open questions: Tab to the board, a to add one".into(),
                        View::Resolved => "nothing resolved yet".into(),
                    };
                    self.say(what);
                    return;
                };
                self.act_on(id, action, now, effects);
            }
        }
    }

    /// The actions that work on the selected question, in any view.
    fn act_on(&mut self, id: u32, action: Action, now: Timestamp, effects: &mut Vec<Effect>) {
        let lane = self.focus;
        match action {
            Action::Edit => {
                if let Some(q) = self.question(id) {
                    self.mode = Mode::Editor(Box::new(Editor::open(q)));
                }
            }
            Action::Open => {
                // A question that waits on others jumps to the first of them; else, edit.
                let waiting: Vec<u32> = self
                    .plan
                    .find(id)
                    .map(|(_, item)| item.waits_on.clone())
                    .unwrap_or_default();
                match waiting.first() {
                    Some(&first) => {
                        self.select_id(first);
                        self.say(format!(
                            "#{id} waits on {}: now on #{first} (e edits #{first})",
                            plan::id_list(&waiting)
                        ));
                    }
                    None => self.act_on(id, Action::Edit, now, effects),
                }
            }
            Action::MoveLeft
            | Action::MoveRight
            | Action::MoveUp
            | Action::MoveDown
            | Action::SendTo(_) => {
                if let Some((to, pos)) = self.step_target(id, &action)
                    && self
                        .change(effects, |b| b.move_to(id, to, pos, now))
                        .is_some()
                {
                    self.select_id(id);
                    if to != lane || self.view != View::Board {
                        self.say(format!("#{id} moved to {}", to.name()));
                    }
                }
            }
            Action::Grab => {
                self.mode = Mode::Grab {
                    id,
                    before: Box::new(self.board.clone()),
                };
            }
            Action::Decide => {
                self.mode = Mode::Prompt(Box::new(Prompt::new(
                    PromptKind::Decide(id),
                    "the decision, in a sentence",
                )))
            }
            Action::Dissolve => {
                self.mode = Mode::Prompt(Box::new(Prompt::new(
                    PromptKind::Dissolve(id),
                    "why it went away (optional)",
                )))
            }
            Action::Defer => {
                let mut prompt = Prompt::new(
                    PromptKind::Defer(id),
                    "2026-12-01, +3d, +2w or mon; empty clears the date",
                );
                if let Some(d) = self.question(id).and_then(|q| q.revisit) {
                    prompt.field = editor::TextField::new(&d.to_string(), false);
                    prompt.field.set_focused(true);
                }
                self.mode = Mode::Prompt(Box::new(prompt));
            }
            Action::PickPrerequisite => {
                self.mode = Mode::Picker(Box::new(editor::Picker::new(id, &self.board)));
            }
            Action::ToggleDoor => {
                let door = self.question(id).map(|q| q.door.toggled());
                if let Some(door) = door
                    && self
                        .change(effects, |b| b.edit(id, now, |e| e.door = door))
                        .is_some()
                {
                    self.select_id(id);
                    self.say(format!("#{id} is a {} door", door.name()));
                }
            }
            Action::Reopen if self.change(effects, |b| b.reopen(id, now)).is_some() => {
                self.say(format!("#{id} reopened"));
            }
            Action::Delete => self.mode = Mode::ConfirmDelete(id),
            _ => {}
        }
    }

    /// Where a one-step move takes a card: lane and position among the other cards.
    fn step_target(&self, id: u32, action: &Action) -> Option<(Lane, usize)> {
        let (lane, pos) = self.board.lane_position(id)?;
        let len = self.lanes[lane.index()].len();
        match action {
            Action::MoveLeft => lane.left().map(|l| (l, pos)),
            Action::MoveRight => lane.right().map(|l| (l, pos)),
            Action::MoveUp => (pos > 0).then(|| (lane, pos - 1)),
            Action::MoveDown => (pos + 1 < len).then(|| (lane, pos + 1)),
            Action::SendTo(to) if *to != lane => Some((*to, usize::MAX)),
            _ => None,
        }
    }

    fn grab(&mut self, action: Action, now: Timestamp, effects: &mut Vec<Effect>) {
        let Mode::Grab { id, before } = &self.mode else {
            return;
        };
        let (id, before) = (*id, before.clone());
        match action {
            Action::MoveLeft
            | Action::MoveRight
            | Action::MoveUp
            | Action::MoveDown
            | Action::SendTo(_) => {
                // Carried live, without history: the drop records one change.
                if let Some((to, pos)) = self.step_target(id, &action) {
                    let _ = self.board.move_to(id, to, pos, now);
                    self.refresh();
                    self.select_id(id);
                }
            }
            Action::Drop => {
                let target = self.board.lane_position(id);
                self.board = *before;
                self.refresh();
                self.mode = Mode::Normal;
                if let Some((to, pos)) = target {
                    if self.board.lane_position(id) != Some((to, pos)) {
                        self.change(effects, |b| b.move_to(id, to, pos, now));
                        self.say(format!("#{id} dropped in {}", to.name()));
                    }
                    self.select_id(id);
                }
            }
            Action::CancelGrab | Action::Quit => {
                self.board = *before;
                self.refresh();
                self.mode = Mode::Normal;
                self.select_id(id);
            }
            Action::Help => self.open_help(),
            _ => {}
        }
    }

    fn prompt(&mut self, action: Action, today: Date, now: Timestamp, effects: &mut Vec<Effect>) {
        let Mode::Prompt(prompt) = &mut self.mode else {
            return;
        };
        match action {
            Action::Text(input) => {
                prompt.field.input(input);
                let (kind, text) = (prompt.kind, prompt.field.text());
                self.live(kind, &text);
            }
            Action::Cancel => {
                let kind = prompt.kind;
                self.mode = Mode::Normal;
                match kind {
                    PromptKind::Search => self.live(PromptKind::Search, ""),
                    PromptKind::Filter => self.live(PromptKind::Filter, ""),
                    _ => {}
                }
            }
            Action::Help => self.open_help(),
            Action::Submit => {
                let text = prompt.field.text();
                let kind = prompt.kind;
                match kind {
                    PromptKind::Add(lane) => {
                        // Enter on an empty line is done capturing.
                        if crate::model::text::one_line(&text).is_empty() {
                            self.mode = Mode::Normal;
                            return;
                        }
                        let quick = match quick::parse(&text, today) {
                            Ok(q) => q,
                            Err(why) => return self.warn(why),
                        };
                        let mut question = quick.question(lane);
                        question.created = Some(now);
                        let added_to = question.lane;
                        match self.try_change(effects, |b| b.add_question(question, now)) {
                            Ok(id) => {
                                // The line stays open for the next one.
                                if let Mode::Prompt(p) = &mut self.mode {
                                    p.field = editor::TextField::new("", false);
                                    p.field.area.set_placeholder_text(ADD_PLACEHOLDER);
                                    p.field.set_focused(true);
                                }
                                self.select_id(id);
                                self.say(format!(
                                    "added #{id} to {} · next one, or Enter on an empty line to finish",
                                    added_to.name()
                                ));
                            }
                            Err(e) => self.warn(e.to_string()),
                        }
                    }
                    PromptKind::Decide(id) => {
                        if crate::model::text::one_line(&text).is_empty() {
                            self.warn("a decision needs words: what was decided? (Esc cancels)");
                            return;
                        }
                        self.mode = Mode::Normal;
                        if self.change(effects, |b| b.decide(id, &text, now)).is_some() {
                            self.say(format!("#{id} decided; u undoes"));
                        }
                    }
                    PromptKind::Dissolve(id) => {
                        self.mode = Mode::Normal;
                        if self
                            .change(effects, |b| b.dissolve(id, &text, now))
                            .is_some()
                        {
                            self.say(format!("#{id} dissolved; u undoes"));
                        }
                    }
                    PromptKind::Search => {
                        self.mode = Mode::Normal;
                        if self.search.is_some() {
                            let n = self.search_matches;
                            self.say(format!(
                                "{n} match{} · n/N jump · Esc clears",
                                if n == 1 { "" } else { "es" }
                            ));
                        }
                    }
                    PromptKind::Filter => self.mode = Mode::Normal,
                    PromptKind::SaveAs => {
                        let target = text.trim();
                        if target.is_empty() {
                            return;
                        }
                        self.mode = Mode::ConfirmQuit;
                        effects.push(Effect::SaveAs(std::path::PathBuf::from(target)));
                    }
                    PromptKind::Defer(id) => match dates::parse_date(&text, today) {
                        Err(why) => self.warn(why),
                        Ok(date) => {
                            self.mode = Mode::Normal;
                            if self
                                .change(effects, |b| b.edit(id, now, |e| e.revisit = date))
                                .is_some()
                            {
                                self.select_id(id);
                                let stays = self
                                    .plan
                                    .find(id)
                                    .filter(|(kind, _)| *kind != plan::SectionKind::Deferred);
                                match (date, stays) {
                                    (Some(d), Some((kind, _))) if d > today => self.say(format!(
                                        "#{id} revisits on {d}, but a blocking question waits on it: it stays in {}",
                                        kind.title()
                                    )),
                                    (Some(d), _) => self.say(format!("#{id} deferred until {d}")),
                                    (None, _) => self.say(format!("#{id} has no revisit date now")),
                                }
                            }
                        }
                    },
                }
            }
            _ => {}
        }
    }

    fn picker(&mut self, action: Action, now: Timestamp, effects: &mut Vec<Effect>) {
        let Mode::Picker(picker) = &mut self.mode else {
            return;
        };
        match action {
            Action::Text(input) => {
                picker.query.input(input);
                picker.selected = 0;
                picker.search(&self.board);
            }
            Action::SelectDown => {
                picker.selected =
                    (picker.selected + 1).min(picker.candidates.len().saturating_sub(1));
            }
            Action::SelectUp => picker.selected = picker.selected.saturating_sub(1),
            Action::Cancel => self.mode = Mode::Normal,
            Action::Help => self.open_help(),
            Action::Submit => {
                let id = picker.id;
                let Some(after) = picker.chosen() else {
                    return;
                };
                match self.try_change(effects, |b| b.toggle_prerequisite(id, after, now)) {
                    Ok(true) => self.say(format!("#{id} now waits on #{after}")),
                    Ok(false) => self.say(format!("#{id} no longer waits on #{after}")),
                    Err(e) => self.warn(e.to_string()),
                }
            }
            _ => {}
        }
    }

    fn editor(&mut self, action: Action, today: Date, now: Timestamp, effects: &mut Vec<Effect>) {
        let Mode::Editor(editor) = &mut self.mode else {
            return;
        };
        if editor.confirm_discard {
            match action {
                Action::Yes => self.mode = Mode::Normal,
                Action::No => editor.confirm_discard = false,
                _ => {}
            }
            return;
        }
        match action {
            Action::Text(input) => editor.input(input),
            Action::NextField => editor.next_field(),
            Action::PrevField => editor.prev_field(),
            Action::Help => self.open_help(),
            Action::Cancel => {
                if editor.is_dirty(today) {
                    editor.confirm_discard = true;
                } else {
                    self.mode = Mode::Normal;
                }
            }
            Action::Save => {
                let id = editor.id;
                let edit = match editor.to_edit(today) {
                    Ok(edit) => edit,
                    Err((field, why)) => {
                        editor.focus_kind(field);
                        editor.error = Some((field, why));
                        return;
                    }
                };
                if !editor.is_dirty(today) {
                    self.mode = Mode::Normal;
                    return;
                }
                let (original, lane) = (editor.original.clone(), editor.lane);
                let Some(current) = self.question(id) else {
                    // Deleted elsewhere while being edited: the words typed are kept, as a
                    // new question.
                    return self.save_edit_as_new(edit, lane, now, effects);
                };
                // Only the fields the user changed are written: what others changed meanwhile
                // in other fields stays. A field both changed takes the user's text; the text
                // it replaced stays in the history.
                let current_edit = crate::model::QuestionEdit::of(current);
                let (merged, both) = edit.onto(&original, &current_edit);
                let replaced: Vec<String> = both
                    .iter()
                    .map(|field| {
                        let who = current
                            .history
                            .iter()
                            .rev()
                            .find(|e| {
                                matches!(&e.change, crate::model::Change::Edited { field: f, .. } if f == field)
                            })
                            .and_then(|e| e.by.clone())
                            .filter(|by| Some(by) != self.user.as_ref());
                        match who {
                            Some(who) => format!("your {} replaced {who}'s", field.replace('_', " ")),
                            None => format!("your {} replaced a change made elsewhere", field.replace('_', " ")),
                        }
                    })
                    .collect();
                match self.try_change(effects, |b| b.apply_edit(id, merged, now)) {
                    Ok(_) => {
                        self.mode = Mode::Normal;
                        self.select_id(id);
                        if replaced.is_empty() {
                            self.say(format!("#{id} saved"));
                        } else {
                            self.warn(format!(
                                "#{id} saved; {} (the text it replaced is in its history)",
                                replaced.join(", ")
                            ));
                        }
                    }
                    Err(e) => {
                        let field = match e {
                            BoardError::EmptyTitle => editor::FieldKind::Title,
                            _ => editor::FieldKind::After,
                        };
                        if let Mode::Editor(editor) = &mut self.mode {
                            editor.focus_kind(field);
                            editor.error = Some((field, e.to_string()));
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// Saves an edit of a question that was deleted elsewhere as a new question, so no word
    /// typed is lost; prerequisites that no longer exist are left out.
    fn save_edit_as_new(
        &mut self,
        edit: crate::model::QuestionEdit,
        lane: Lane,
        now: Timestamp,
        effects: &mut Vec<Effect>,
    ) {
        let mut q = Question::new(0, edit.title.clone(), lane);
        q.known = edit.known;
        q.stakes = edit.stakes;
        q.next_step = edit.next_step;
        q.owner = edit.owner;
        q.door = edit.door;
        q.after = edit
            .after
            .into_iter()
            .filter(|&a| self.question(a).is_some())
            .collect();
        q.revisit = edit.revisit;
        q.tags = edit.tags;
        let old = match &self.mode {
            Mode::Editor(e) => e.id,
            _ => 0,
        };
        match self.try_change(effects, |b| b.add_question(q, now)) {
            Ok(id) => {
                self.mode = Mode::Normal;
                self.select_id(id);
                self.warn(format!(
                    "#{old} was deleted elsewhere while you edited it; your edit is saved as a new question, #{id}"
                ));
            }
            Err(e) => {
                if let Mode::Editor(editor) = &mut self.mode {
                    editor.error = Some((editor::FieldKind::Title, e.to_string()));
                }
            }
        }
    }

    /// Undo (`back`) or redo one change of the user's own: its difference is applied onto the
    /// board as it is now, so changes made since by others (or merged from disk) stay.
    fn travel(&mut self, back: bool, now: Timestamp, effects: &mut Vec<Effect>) {
        let (from, to) = if back {
            (&mut self.undo, &mut self.redo)
        } else {
            (&mut self.redo, &mut self.undo)
        };
        let Some(step) = from.pop() else {
            self.say(if back {
                "nothing to undo"
            } else {
                "nothing to redo"
            });
            return;
        };
        let left = from.len();
        let (changed_from, changed_to) = if back {
            (&step.after, &step.before)
        } else {
            (&step.before, &step.after)
        };
        self.board = merge::merge(&self.board, changed_from, changed_to, now).board;
        let selected = step.selected;
        to.push(step);
        self.changed(effects);
        if let Some(id) = selected {
            self.select_id(id);
        }
        self.say(format!(
            "{} ({left} more)",
            if back { "undone" } else { "redone" }
        ));
    }

    fn mouse(&mut self, action: Action, now: Timestamp, effects: &mut Vec<Effect>) {
        if !matches!(self.mode, Mode::Normal) {
            return;
        }
        if self.view != View::Board {
            // Lists: a click selects, the wheel moves the selection.
            match action {
                Action::MouseDown { col, row } => {
                    if let Some(k) = self.list_hit(col, row) {
                        self.select(k);
                    }
                }
                Action::Scroll { down, .. } => {
                    let pos = self.position();
                    self.select(if down { pos + 1 } else { pos.saturating_sub(1) });
                }
                _ => {}
            }
            return;
        }
        let area = ratatui::layout::Rect::new(0, 0, self.size.0, self.size.1);
        let Some(board_layout) = self.board_layout(area) else {
            return;
        };
        match action {
            Action::MouseDown { col, row } => {
                self.drag = None;
                match board_layout.hit(col, row) {
                    Some(Hit::Card { lane, index, id }) => {
                        self.focus = lane;
                        self.select(index);
                        self.drag = Some(Drag {
                            id,
                            from: lane,
                            start: (col, row),
                            target: None,
                        });
                    }
                    Some(Hit::Lane { lane, .. }) => self.focus = lane,
                    None => {}
                }
            }
            Action::MouseDrag { col, row } => {
                if let Some(drag) = &mut self.drag
                    && (col, row) != drag.start
                {
                    drag.target = board_layout.drop_target(col, row);
                }
            }
            Action::MouseUp { col, row } => {
                let Some(drag) = self.drag.take() else { return };
                if (col, row) == drag.start || drag.target.is_none() {
                    return;
                }
                if self.read_only {
                    return self.warn(READ_ONLY);
                }
                let target = board_layout.drop_target(col, row).or(drag.target);
                if let Some((to, mut pos)) = target {
                    // `pos` counts the card itself when it stays in its lane.
                    if let Some((lane, current)) = self.board.lane_position(drag.id) {
                        if lane == to && current < pos {
                            pos -= 1;
                        }
                        if (lane, current) != (to, pos)
                            && self
                                .change(effects, |b| b.move_to(drag.id, to, pos, now))
                                .is_some()
                        {
                            self.select_id(drag.id);
                            self.say(format!("#{} dropped in {}", drag.id, to.name()));
                        }
                    }
                }
            }
            Action::Scroll { col, row, down } => {
                if let Some(lane) = board_layout.lane_at(col, row) {
                    let i = lane.index();
                    let len = self.lanes[i].len();
                    let visible = self.cards_visible();
                    let max = len.saturating_sub(visible);
                    self.scroll[i] = if down {
                        (self.scroll[i] + 1).min(max)
                    } else {
                        self.scroll[i].saturating_sub(1)
                    };
                    // Keep the selection on screen.
                    let first = self.scroll[i];
                    let last = (first + visible).min(len).saturating_sub(1);
                    self.selected[i] = self.selected[i].clamp(first, last.max(first));
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests;
