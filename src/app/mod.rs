//! The interactive state machine: `App` holds everything on screen; `update` is the one place it
//! changes. No terminal, no files, no clock: time comes in with each action.

pub mod action;
mod changes;
mod derive;
mod dialogs;
mod editing;
pub mod editor;
mod errors;
mod filtering;
mod geometry;
mod grab;
pub mod keymap;
mod layers;
mod map;
pub mod messages;
mod mouse;
mod nav;
mod normal;
mod prompt;
mod recovery;
mod review;
mod search;
mod settle;
mod state;
mod zoom;

use jiff::Timestamp;
use jiff::civil::Date;

pub use action::{Action, Effect};
use editor::{Editor, Prompt, PromptKind};
pub use errors::{SaveError, Unreadable};
pub use geometry::ALOUD_MAX;
pub use keymap::Context;
pub use layers::Zoom;
pub use recovery::Offer;
pub use state::*;

use crate::geometry::lists;
use crate::geometry::{self as layout, Hit};
use crate::model::filter::{self, Filter};
use crate::model::plan;
use crate::model::quick;
use crate::model::{Board, Lane, Question, dates};

/// What the add line says before anything is typed.
const ADD_PLACEHOLDER: &str = "the question; b: u: i: lane, @owner, #tag, ^7 after #7, ! one-way, >fri revisit, <fri needed by";

/// How many changes undo remembers.
const UNDO_DEPTH: usize = 1000;

/// Everything the screen shows.
#[derive(Clone, Debug)]
pub struct App {
    /// The board, what it is based on on disk, undo and redo, and how saving goes.
    pub session: Session,
    /// The board's path (or what stands for it), for the status line.
    pub board_label: String,
    /// What derives from the board: refreshed when it changes, never on a frame.
    pub derived: Derived,
    /// Where the user is in each view: selections, scrolling, the zoomed question, a drag.
    pub nav: Nav,
    pub today: Date,
    /// The top layer of what the user is doing (see `layers.rs`), and the layers beneath
    /// it, bottom first.
    pub mode: Mode,
    pub beneath: Vec<Mode>,
    pub size: (u16, u16),
    pub message: Option<(String, Tone)>,
    /// Every message of this session, oldest first (the newest few hundred), to read in full.
    pub log: Vec<(Timestamp, String, Tone)>,
    pub should_quit: bool,
    /// The last update was work between keys that shows nothing new yet: the screen need not
    /// be drawn again for it.
    pub quiet: bool,
    /// The user's time zone, for what "today" is (set by the edge; UTC in tests).
    pub time_zone: jiff::tz::TimeZone,
    /// What the board is narrowed to, as typed and as read.
    pub filter: Option<(String, Filter)>,
    /// The search, highlighted on the board and stepped through with n/N.
    pub search: Option<String>,
    pub theme: Theme,
    /// The keys in force (defaults with the config file's overrides).
    pub keymap: keymap::Keymap,
    /// Days a blocking question may go untouched before the plan warns (config).
    pub stale_days: i64,
    /// Backups kept per board (config).
    pub backups_kept: usize,
    /// When the meeting under way started.
    pub meeting: Option<Timestamp>,
    /// When this user last finished a review of this board (from the state directory).
    pub last_review: Option<Timestamp>,
    /// What this user looked at in past reviews (from the state directory).
    pub looked: crate::model::review::Looked,
    /// Who is making changes here (signed into the history).
    pub user: Option<String>,
    /// The time of the last action (the edge's clock), for the meeting's length.
    pub now: Timestamp,
    /// The board is opened read-only (its file is, or `--read-only`): changes are refused.
    pub read_only: bool,
    /// Why backups of the board are failing (the board itself is still saved), if they are.
    pub backups_failing: Option<String>,
    /// A sync through git is under way.
    pub syncing: bool,
    /// When the board was last synced through git, and what the upstream has that is not
    /// merged yet (after a fetch): commits that change the board.
    pub last_sync: Option<Timestamp>,
    pub upstream_ahead: Option<usize>,
    /// Plans of boards bigger than `plan_inline_max` questions are made on another thread
    /// (set by the edge that runs one); otherwise every plan is made in the update.
    pub background_plans: bool,
    pub plan_inline_max: usize,
}

/// Boards up to this many questions are planned within the keystroke (under half a
/// millisecond); bigger ones on the planner's thread, so a move stays within 1 ms at 10,000.
pub const PLAN_INLINE_MAX: usize = 2_000;

/// Questions added to the trend per slice: about a quarter of a millisecond with their history.
pub(crate) const TREND_SLICE: usize = 512;

impl App {
    /// A new app with everything derived from the board (the plan as of a placeholder day:
    /// for tests and benches; the TUI starts [`App::unplanned`]).
    pub fn new(board: Board, board_label: impl Into<String>) -> App {
        let mut app = App::unplanned(board, board_label);
        app.refresh();
        app
    }

    /// A new app with nothing derived yet: the first update works it out, as of its time (on
    /// a big board, a plan made for a placeholder day would only be thrown away, and it would
    /// weigh on memory while the real one is made).
    pub fn unplanned(board: Board, board_label: impl Into<String>) -> App {
        App {
            filter: None,
            search: None,
            theme: Theme::Dark,
            keymap: keymap::Keymap::default(),
            stale_days: plan::STALE_DAYS,
            backups_kept: crate::store::BACKUPS_KEPT,
            backups_failing: None,
            background_plans: false,
            syncing: false,
            last_sync: None,
            upstream_ahead: None,
            plan_inline_max: PLAN_INLINE_MAX,
            read_only: false,
            meeting: None,
            last_review: None,
            looked: Default::default(),
            user: None,
            now: Timestamp::UNIX_EPOCH,
            session: Session::new(board),
            board_label: board_label.into(),
            derived: Derived::default(),
            nav: Nav::default(),
            today: Date::constant(2026, 1, 1),
            mode: Mode::Normal,
            beneath: Vec::new(),
            size: (120, 40),
            message: None,
            log: Vec::new(),
            should_quit: false,
            quiet: false,
            time_zone: jiff::tz::TimeZone::UTC,
        }
    }

    /// What depends on the settings (the plan's stale threshold, the lanes in focus) worked
    /// out again, once the app has been worked out at all.
    pub fn settings_changed(&mut self) {
        if self.derived.made {
            self.refresh();
        }
    }

    /// A new app as of a day (the plan depends on it).
    pub fn on(board: Board, board_label: impl Into<String>, today: Date) -> App {
        let mut app = App::unplanned(board, board_label);
        app.today = today;
        app.refresh();
        app
    }

    /// The trend the presentation header and the review's summary draw, worked out once per
    /// change while they show: a slice of the board now, the rest between keys (on a big board
    /// with its history, all of it takes longer than a keystroke may).
    fn trend_if_shown(&mut self) {
        let shown = self.present() || self.review().is_some_and(Review::finished);
        let wanted = self.derived.trend.is_none() || self.derived.trend_due;
        if shown && wanted && self.derived.trend_work.is_none() {
            self.derived.trend_due = false;
            let from = self
                .today
                .checked_sub(jiff::Span::new().days(7 * 8 - 1))
                .unwrap_or(self.today);
            let counter = crate::model::trend::Counter::new(
                from,
                self.today,
                crate::model::trend::By::Day,
                &self.time_zone,
            );
            self.derived.trend_work = Some((Box::new(counter), 0));
            self.trend_slice();
        }
    }

    /// Adds the next slice of the board to the trend being worked out; the last one shows it.
    pub(super) fn trend_slice(&mut self) {
        let Some((counter, at)) = &mut self.derived.trend_work else {
            return;
        };
        let questions = self.session.board.questions();
        let end = (*at + TREND_SLICE).min(questions.len());
        for q in &questions[*at..end] {
            counter.add(q);
        }
        *at = end;
        if end == questions.len() {
            self.derived.trend = Some(counter.finish().points);
            self.derived.trend_work = None;
        } else {
            // Nothing new to draw until it is all read.
            self.quiet = true;
        }
    }

    /// The week's change, for the review's summary: each lane's open questions as last Monday
    /// began and now ("Blocking 6 → 4 since last Monday").
    pub fn week_change(&self) -> Option<String> {
        let points = self.derived.trend.as_ref()?;
        let back = match self.today.weekday().to_monday_zero_offset() {
            0 => 7,
            n => i64::from(n),
        };
        let sunday = self
            .today
            .checked_sub(jiff::Span::new().days(back + 1))
            .ok()?;
        let (then, now) = (points.iter().find(|p| p.date == sunday)?, points.last()?);
        let lanes: Vec<String> = crate::model::Lane::ALL
            .iter()
            .map(|&l| format!("{} {} → {}", l.name(), then.open(l), now.open(l)))
            .collect();
        Some(format!("{} since last Monday", lanes.join(" · ")))
    }

    /// The keys sentences name, as bound now.
    pub fn keys(&self) -> messages::Keys<'_> {
        messages::Keys(&self.keymap)
    }

    /// A question of the board by id (the board keeps an index: no walk over it).
    pub fn question(&self, id: u32) -> Option<&Question> {
        self.session.board.get(id)
    }

    /// The id of the selected question in the current view, if any.
    pub fn selected_id(&self) -> Option<u32> {
        if let Some(item) = self.review().and_then(Review::current) {
            return Some(item.id);
        }
        match self.nav.view {
            View::Board => self.board_selected_id(),
            View::Next => self
                .derived
                .next()
                .item(self.nav.next_selected)
                .map(|(_, i)| i.id),
            View::Resolved => self
                .derived
                .resolved
                .get(self.nav.resolved_selected)
                .copied(),
            View::Map => self.map_selected_id(),
        }
    }

    /// The selected card on the board, if the focused lane has any.
    pub fn board_selected_id(&self) -> Option<u32> {
        let lane = self.nav.focus.index();
        self.derived.lanes[lane]
            .get(self.nav.selected[lane])
            .copied()
    }

    /// How many cards fit in a lane at the current size.
    pub fn cards_visible(&self) -> usize {
        layout::cards_per_lane(self.size, self.present(), self.detail_at()).max(1)
    }

    fn say(&mut self, text: impl Into<String>) {
        self.tell(text.into(), Tone::Info);
    }

    fn warn(&mut self, text: impl Into<String>) {
        self.tell(text.into(), Tone::Warning);
    }

    /// A note from the background: kept in the log, shown only when the status line has
    /// nothing else to say (it never replaces the user's own message).
    fn note(&mut self, text: &str) {
        if self.message.is_some() {
            self.log.push((self.now, text.to_string(), Tone::Info));
        } else {
            self.say(text);
        }
    }

    /// Shows a message in the status line and keeps it in the log.
    fn tell(&mut self, text: String, tone: Tone) {
        const KEPT: usize = 500;
        if self.log.len() >= KEPT {
            self.log.remove(0);
        }
        self.log.push((self.now, text.clone(), tone));
        self.message = Some((text, tone));
    }

    /// The one place state changes. `now` is the time of the action (from the edge).
    pub fn update(&mut self, action: Action, now: Timestamp) -> Vec<Effect> {
        let mut effects = Vec::new();
        self.now = now;
        self.quiet = false;
        let today = now.to_zoned_datetime(self.time_zone.clone()).date();
        if today != self.today || !self.derived.made {
            // A new day: deferred questions may come back, stale ones go stale. (Or the first
            // update of an app made unplanned.)
            self.today = today;
            self.refresh();
        }
        if !matches!(
            action,
            // Background events leave the user's message alone.
            Action::Saved { .. }
                | Action::Planned { .. }
                | Action::UpstreamAhead(_)
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
        if let Some(action) = self.reported(action, now, &mut effects) {
            self.act(action, today, now, &mut effects);
        }
        self.settle_review();
        self.trend_if_shown();
        self.ask_for_plan(&mut effects);
        if self.should_quit && !effects.contains(&Effect::Quit) {
            effects.push(Effect::Quit);
        }
        effects
    }

    /// What the edges report (a save, the disk, a plan, a sync, the clock) and a resize:
    /// handled whatever the mode. Any other action is given back.
    fn reported(
        &mut self,
        action: Action,
        now: Timestamp,
        effects: &mut Vec<Effect>,
    ) -> Option<Action> {
        match action {
            Action::Resize { width, height } => {
                self.size = (width, height);
                self.measure_reasons();
                for lane in Lane::ALL {
                    self.keep_visible(lane);
                }
                self.keep_lists_visible();
            }
            Action::Saved {
                generation,
                seen,
                result,
            } => self.saved(generation, seen, result),
            // A late report of an older file: what it says is already known.
            Action::DiskChanged { seen, .. } if seen < self.session.disk_seen => {}
            Action::DiskChanged {
                seen,
                board: Ok(disk),
            } => {
                self.session.disk_seen = seen;
                self.disk_changed(disk, now, effects);
            }
            Action::DiskChanged {
                seen,
                board: Err(why),
            } => {
                self.session.disk_seen = seen;
                self.session.save_state = SaveState::Held(why.clone());
                self.warn(self.keys().disk_broken(&why));
            }
            Action::WriteAnyway => {
                if let SaveState::Held(_) = self.session.save_state {
                    self.session.save_state = SaveState::Saving;
                    effects.push(Effect::SaveOverBroken);
                    self.say(messages::WRITING_OVER_BROKEN);
                }
            }
            Action::RetryDue => {
                if let SaveState::Failed(_) = self.session.save_state {
                    self.request_save(effects);
                }
            }
            Action::BackupsFailing(why) => {
                match (&why, &self.backups_failing) {
                    (Some(why), _) => self.warn(messages::backups_failing(why)),
                    (None, Some(_)) => self.say(messages::BACKUPS_WORK),
                    (None, None) => {}
                }
                self.backups_failing = why;
            }
            Action::RecoverySetAside(why, result) => match result {
                Ok(path) if why == crate::store::SetAside::KeptAside => {
                    self.say(messages::kept_aside(&path))
                }
                Ok(_) => {}
                Err(e) => self.warn(messages::could_not("set the recovery copy aside", &e)),
            },
            Action::Planned { number, plan } => {
                // An older request's plan is of a board that has changed since: the newer
                // one is on its way.
                if number == self.derived.plan_asked {
                    self.derived.planning = false;
                    self.take_plan(*plan);
                    self.keep_lists_visible();
                    // The board has not changed since it was counted: only Next steps' order.
                    self.recount_search();
                }
            }
            // Between keys: search work left over.
            Action::Tick => self.slice_between_keys(effects),
            action => return self.noted(action, now, effects),
        }
        None
    }

    /// What the edges report that the user reads: a sync, a record, a copy, the minutes,
    /// the review recorded, problems met on the way. Any other action is given back.
    fn noted(
        &mut self,
        action: Action,
        now: Timestamp,
        effects: &mut Vec<Effect>,
    ) -> Option<Action> {
        match action {
            Action::Synced(result) => {
                self.syncing = false;
                match result {
                    Ok(said) => {
                        self.last_sync = Some(now);
                        self.upstream_ahead = Some(0);
                        self.say(said);
                    }
                    Err(why) => self.warn(messages::sync_failed(&why)),
                }
            }
            Action::UpstreamAhead(n) => self.upstream_ahead = n,
            Action::RecordWritten { id, result } => self.record_written(id, result, now, effects),
            Action::CopySaved { to, result } => match result {
                Ok(()) => self.say(messages::copy_saved(&to)),
                Err(why) => self.warn(messages::copy_not_saved(&to, &why)),
            },
            Action::MeetingNotKept(why) => {
                self.warn(messages::could_not("keep the meeting's start", &why))
            }
            Action::MergeDriverMissing => self.warn(messages::MERGE_DRIVER_MISSING),
            Action::PlanFailed { report } => self.warn(messages::plan_failed(report.as_deref())),
            Action::ConfigProblems(problems) => {
                self.warn(format!("config: {}", problems.join("; ")))
            }
            Action::KeysRepaired => {
                if let Some(note) = self.session.board.repaired_keys_note() {
                    self.warn(note);
                }
            }
            Action::ReviewRecorded(result) => match result {
                Ok(at) => {
                    self.last_review = Some(at);
                    self.recount();
                    self.say(messages::REVIEW_RECORDED);
                }
                Err(e) => self.warn(messages::could_not("record the review", &e)),
            },
            Action::MinutesSaved(result) => {
                match &result {
                    Ok(path) => self.say(messages::minutes_written(path)),
                    Err(e) => self.warn(messages::could_not("write the minutes", e)),
                }
                if let Mode::Minutes { path, .. } = &mut self.mode {
                    *path = Some(result);
                }
            }
            action => return Some(action),
        }
        None
    }

    /// The saver's report of a save.
    fn saved(&mut self, generation: u64, seen: u64, result: Result<Board, SaveError>) {
        match self.session.saved(generation, seen, result) {
            SaveReport::Older => {}
            SaveReport::Saved { again } => {
                if self.session.quit_when_saved || matches!(self.mode, Mode::ConfirmQuit) {
                    // Quitting waited for this: every change is on disk now.
                    self.should_quit = true;
                } else if again {
                    self.say(messages::SAVED_AGAIN);
                }
            }
            SaveReport::Failed(e) => {
                if self.session.quit_when_saved {
                    self.session.quit_when_saved = false;
                    self.open(Mode::ConfirmQuit);
                }
                self.warn(self.keys().not_saved(&e));
            }
        }
    }

    /// What the user did: a paste, the mouse, or a key in the mode they are in.
    fn act(&mut self, action: Action, today: Date, now: Timestamp, effects: &mut Vec<Effect>) {
        match action {
            Action::Paste(text) => match &mut self.mode {
                Mode::Prompt(p) => {
                    // Pasted like typed: a search or filter follows it at once.
                    p.field.paste(&text);
                    let (kind, text) = (p.kind, p.field.text());
                    self.live(kind, &text);
                }
                Mode::Picker(p) => {
                    p.query.paste(&text);
                    p.selected = 0;
                    p.search(&self.session.board);
                }
                Mode::Editor(e) if !e.confirm_discard => e.paste(&text),
                _ => {}
            },
            Action::MouseDown { .. }
            | Action::MouseDrag { .. }
            | Action::MouseUp { .. }
            | Action::Scroll { .. } => self.mouse(action, now, effects),
            action => match &self.mode {
                Mode::Normal | Mode::Present | Mode::Review(_) | Mode::Zoom(_) => {
                    self.normal(action, now, effects)
                }
                Mode::Grab { .. } => self.grab(action, now, effects),
                Mode::Prompt(_) => self.prompt(action, today, now, effects),
                Mode::Picker(_) => self.picker(action, now, effects),
                Mode::Editor(_) => self.editor(action, today, now, effects),
                Mode::ConfirmDelete { id, .. } => {
                    let id = *id;
                    self.confirm_delete(id, action, effects);
                }
                Mode::Recover(_) => match action {
                    Action::Yes => self.answer_recovery(true, now, effects),
                    Action::No => self.answer_recovery(false, now, effects),
                    _ => {}
                },
                Mode::Help { .. } => self.help(action),
                Mode::Settle { .. } => self.settle(action, now, effects),
                Mode::MeetingQuit => self.meeting_quit(action, now, effects),
                Mode::Minutes { .. } => self.minutes_overlay(action, effects),
                Mode::Messages { .. } => self.messages_overlay(action),
                Mode::ConfirmQuit => self.confirm_quit(action, effects),
            },
        }
    }
}

#[cfg(test)]
mod dialogs_tests;
#[cfg(test)]
mod disk_tests;
#[cfg(test)]
mod editing_tests;
#[cfg(test)]
mod filtering_tests;
#[cfg(test)]
mod planning_tests;
#[cfg(test)]
mod pointer_tests;
#[cfg(test)]
mod review_tests;
#[cfg(test)]
mod search_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod views_tests;
