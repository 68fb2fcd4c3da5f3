//! The board's own keys: moving, changing, undoing, quitting, help.

use super::{
    ADD_PLACEHOLDER, Action, App, Editor, Effect, Mode, Prompt, PromptKind, SaveState, View,
    editor, messages, review,
};
use crate::model::BoardError;
use crate::model::Lane;
use jiff::Timestamp;

impl App {
    pub(super) fn normal(&mut self, action: Action, now: Timestamp, effects: &mut Vec<Effect>) {
        if self.read_only && action.changes_board() {
            self.warn(BoardError::ReadOnly.to_string());
            return;
        }
        match self.mode {
            Mode::Review(_) => self.review_action(action, now, effects),
            Mode::Zoom(_) => self.zoom_key(action, now, effects),
            _ => self.normal_action(action, now, effects),
        }
    }

    pub(super) fn normal_action(
        &mut self,
        action: Action,
        now: Timestamp,
        effects: &mut Vec<Effect>,
    ) {
        let lane = self.nav.focus;
        if self.nav.view == View::Map
            && matches!(
                action,
                Action::FocusLeft | Action::FocusRight | Action::SelectDown | Action::SelectUp
            )
        {
            return self.map_step(&action);
        }
        let pos = self.position();
        let page = self.page();
        match action {
            Action::FocusLeft => {
                if let Some(l) = lane.left() {
                    self.nav.focus = l;
                }
            }
            Action::FocusRight => {
                if let Some(l) = lane.right() {
                    self.nav.focus = l;
                }
            }
            Action::SelectDown => self.select(pos + 1),
            Action::SelectUp => self.select(pos.saturating_sub(1)),
            Action::SelectFirst => self.select(0),
            Action::SelectLast => self.select(usize::MAX),
            Action::PageDown => self.select(pos + page),
            Action::PageUp => self.select(pos.saturating_sub(page)),
            Action::SwitchView => self.go_to_view(self.nav.view.following()),
            Action::PrevView => self.go_to_view(self.nav.view.preceding()),
            Action::ToggleWarnings => self.nav.warnings_open = !self.nav.warnings_open,
            Action::Messages => self.open(Mode::Messages { scroll: 0 }),
            Action::ToggleDetail => self.toggle_detail(),
            Action::Add => self.open(Mode::Prompt(Box::new(Prompt::new(
                PromptKind::Add(lane),
                ADD_PLACEHOLDER,
            )))),
            Action::Title => {
                let mut prompt = Prompt::new(PromptKind::Title, "what this board is about");
                prompt.field = editor::TextField::prefilled(&self.session.board.title);
                self.open(Mode::Prompt(Box::new(prompt)));
            }
            Action::Search => self.open_search(),
            Action::Filter => self.open_filter(),
            Action::NextMatch => self.jump_to_match(true, false),
            Action::PrevMatch => self.jump_to_match(false, false),
            // Esc with nothing to clear, in Next steps or Resolved: back to the board.
            Action::ClearFilters
                if self.filter.is_none()
                    && self.search.is_none()
                    && self.nav.view != View::Board =>
            {
                self.go_to_view(View::Board)
            }
            Action::ClearFilters => {
                if self.filter.is_some() || self.search.is_some() {
                    self.search = None;
                    self.filter_to(None);
                    self.recount_search();
                    self.say(messages::CLEARED);
                }
            }
            Action::Review => self.start_review(),
            Action::Sync => {
                if !self.syncing {
                    self.syncing = true;
                    effects.push(Effect::Sync);
                }
                self.say(messages::SYNCING);
            }
            Action::Meeting => match self.meeting {
                None => {
                    self.meeting = Some(now);
                    // Kept on disk: a restart (or a crash) does not lose the meeting.
                    effects.push(Effect::KeepMeeting(Some(now)));
                    self.say(self.keys().meeting_started());
                }
                Some(_) => self.end_meeting(now, effects),
            },
            Action::Present => self.toggle_present(),
            Action::Zoom => self.zoom_in(),
            Action::Help => self.open_help(),
            // A meeting running: ask what becomes of it.
            Action::Quit if self.meeting.is_some() => self.open(Mode::MeetingQuit),
            Action::Quit => self.quit(),
            Action::NextConflict => self.go_to_conflict(true),
            Action::PrevConflict => self.go_to_conflict(false),
            Action::Undo => self.travel(true, now, effects),
            Action::Redo => self.travel(false, now, effects),
            action => {
                let Some(id) = self.selected_id() else {
                    return self.say_nothing_selected(lane);
                };
                self.act_on(id, action, now, effects);
            }
        }
    }

    /// The search line.
    fn open_search(&mut self) {
        self.open(Mode::Prompt(Box::new(Prompt::new(
            PromptKind::Search,
            format!(
                "search titles and text; {} keeps it, {} jump, {} clears",
                self.keys().keep_line(),
                self.keys().matches(),
                self.keys().cancel_line()
            ),
        ))))
    }

    /// The filter line, holding the filter in force.
    fn open_filter(&mut self) {
        let mut prompt = Prompt::new(
            PromptKind::Filter,
            format!(
                "@owner #tag ! (one-way) ~ (two-way) or words; {} clears",
                self.keys().cancel_line()
            ),
        );
        if let Some((text, _)) = &self.filter {
            prompt.field = editor::TextField::new(text, false);
            prompt.field.set_focused(true);
        }
        self.open(Mode::Prompt(Box::new(prompt)));
    }

    /// `i`: the detail hidden where it shows, shown where it does not (below the lanes when
    /// it does not fit beside them), or why it cannot be.
    fn toggle_detail(&mut self) {
        let showing = self.detail_showing();
        self.nav.detail = if showing {
            crate::geometry::Detail::Hidden
        } else {
            crate::geometry::Detail::Shown
        };
        for lane in Lane::ALL {
            self.keep_visible(lane);
        }
        self.keep_lists_visible();
        let now_showing = self.detail_showing();
        let said = self.keys().detail(
            (showing != now_showing).then_some(now_showing),
            crate::geometry::DETAIL_BELOW_MIN,
        );
        self.say(said);
    }

    /// Presentation mode on or off, and what it is said to do.
    fn toggle_present(&mut self) {
        self.set_present(!self.present());
        // Presenting, reasons name every question they unblock: measured again.
        self.measure_reasons();
        for lane in Lane::ALL {
            self.keep_visible(lane);
        }
        if self.present() {
            let key = |action: Action| self.keymap.key(super::Context::Present, &action);
            self.say(format!(
                "presenting: {} shows a question on the whole screen · {} keys · {} ends",
                key(Action::Zoom),
                key(Action::Help),
                key(Action::Present)
            ));
        } else {
            self.say("presentation ended");
        }
    }

    /// A key for the selected question with none selected: what to do instead.
    fn say_nothing_selected(&mut self, lane: Lane) {
        let what = match self.nav.view {
            View::Board => {
                format!(
                    "{} is empty: press {} to add a question",
                    lane.name(),
                    self.keys().add()
                )
            }
            View::Next => format!(
                "no open questions: {} to the board, {} to add one",
                self.keys().switch_view(),
                self.keys().add()
            ),
            View::Resolved => "nothing resolved yet".into(),
            View::Map => messages::MAP_EMPTY.into(),
        };
        self.say(what);
    }

    /// Enter on the board: a question that waits on others jumps to the first of them; else,
    /// it is edited.
    fn open_or_jump(&mut self, id: u32, now: Timestamp, effects: &mut Vec<Effect>) {
        let waiting: Vec<u32> = self
            .derived
            .plan
            .find(id)
            .map(|(_, item)| item.waits_on.to_vec())
            .unwrap_or_default();
        match waiting.first() {
            Some(&first) => {
                self.select_id(first);
                self.say(self.keys().jumped(id, &waiting, first));
            }
            None => self.act_on(id, Action::Edit, now, effects),
        }
    }

    /// The defer line, with the date the question has.
    fn open_defer(&mut self, id: u32) {
        // The example date is a week from today: a hint never suggests a day gone by.
        let example = self
            .today
            .checked_add(jiff::Span::new().days(7))
            .unwrap_or(self.today);
        let mut prompt = Prompt::new(
            PromptKind::Defer(id),
            format!("{example}, +3d, +2w or mon; empty clears the date"),
        );
        // The date it has, selected: typing replaces it, an arrow keeps it to edit.
        if let Some(d) = self.question(id).and_then(|q| q.revisit) {
            prompt.field = editor::TextField::prefilled(&d.to_string());
        }
        self.open(Mode::Prompt(Box::new(prompt)));
    }

    /// The actions that work on the selected question, in any view.
    pub(super) fn act_on(
        &mut self,
        id: u32,
        action: Action,
        now: Timestamp,
        effects: &mut Vec<Effect>,
    ) {
        let lane = self.nav.focus;
        match action {
            Action::Edit => {
                if let Some(q) = self.question(id) {
                    self.open(Mode::Editor(Box::new(Editor::open(q))));
                }
            }
            // Presenting, Enter shows the question on the whole screen; in the lists, it edits.
            Action::Open if self.present() => self.zoom_in(),
            Action::Open if self.nav.view != View::Board => {
                self.act_on(id, Action::Edit, now, effects)
            }
            Action::Open => self.open_or_jump(id, now, effects),
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
                    if to != lane || self.nav.view != View::Board || self.review().is_some() {
                        self.say(messages::moved(id, to));
                    }
                }
            }
            Action::Grab => {
                self.open(Mode::Grab {
                    id,
                    before: Box::new(self.session.board.clone()),
                });
            }
            Action::Decide => self.open(Mode::Prompt(Box::new(Prompt::new(
                PromptKind::Decide(id),
                "the decision, in a sentence",
            )))),
            Action::Dissolve => self.open(Mode::Prompt(Box::new(Prompt::new(
                PromptKind::Dissolve(id),
                "why it went away (optional)",
            )))),
            Action::Modify => self.open(Mode::Prompt(Box::new(Prompt::new(
                PromptKind::Modify(id),
                "@owner #tag ^7 ! >fri (revisit) <fri (needed by) b:/u:/i: (one undo step)",
            )))),
            Action::Defer => self.open_defer(id),
            Action::PickPrerequisite => {
                self.open(Mode::Picker(Box::new(editor::Picker::new(
                    id,
                    &self.session.board,
                ))));
            }
            Action::ToggleDoor => {
                let door = self.question(id).map(|q| q.door.toggled());
                if let Some(door) = door
                    && self
                        .change(effects, |b| b.edit(id, now, |e| e.door = door))
                        .is_some()
                {
                    self.select_id(id);
                    self.say(messages::door(id, door));
                }
            }
            Action::Reopen if self.change(effects, |b| b.reopen(id, now)).is_some() => {
                self.say(messages::reopened(id));
            }
            Action::Delete => {
                // Who waits on it loses it from their `after`: the question says so.
                self.open(match self.waiting_on(id) {
                    Some(waiting) => Mode::ConfirmDelete {
                        id,
                        waiting,
                        looking: None,
                    },
                    None => Mode::ConfirmDelete {
                        id,
                        waiting: Vec::new(),
                        looking: Some(0),
                    },
                });
                self.delete_slice();
            }
            Action::Settle => self.start_settle(id),
            Action::WriteRecord => match self.question(id).and_then(crate::model::adr::refusal) {
                Some(why) => self.warn(why),
                None => effects.push(Effect::WriteRecord(id, self.today)),
            },
            _ => {}
        }
    }

    /// Where a one-step move takes a card: lane and position among the other cards.
    pub(super) fn step_target(&self, id: u32, action: &Action) -> Option<(Lane, usize)> {
        let (lane, pos) = self.session.board.lane_position(id)?;
        let len = self.derived.lanes[lane.index()].len();
        match action {
            Action::MoveLeft => lane.left().map(|l| (l, pos)),
            Action::MoveRight => lane.right().map(|l| (l, pos)),
            Action::MoveUp => (pos > 0).then(|| (lane, pos - 1)),
            Action::MoveDown => (pos + 1 < len).then(|| (lane, pos + 1)),
            Action::SendTo(to) if *to != lane => Some((*to, usize::MAX)),
            _ => None,
        }
    }

    /// Leaves only once every change is on disk; asks when it cannot be.
    /// Ends the meeting under way: its minutes are shown and written.
    pub(super) fn end_meeting(&mut self, now: Timestamp, effects: &mut Vec<Effect>) {
        let Some(start) = self.meeting.take() else {
            return;
        };
        self.open(Mode::Minutes {
            text: String::new(),
            path: None,
            scroll: 0,
            rest: Some(Box::new(review::Writing::new(start, now))),
        });
        self.minutes_slice(effects);
    }

    pub(super) fn quit(&mut self) {
        match self.session.save_state {
            SaveState::Saved => self.should_quit = true,
            SaveState::Saving => {
                self.session.quit_when_saved = true;
                self.say(messages::SAVING_THEN_QUITTING);
            }
            SaveState::Failed(_) | SaveState::Held(_) => self.open(Mode::ConfirmQuit),
        }
    }

    /// A decision record written (the question remembers where, as a change of the board),
    /// or the one it had, or why not.
    pub(super) fn record_written(
        &mut self,
        id: u32,
        result: Result<crate::store::records::Written, String>,
        now: Timestamp,
        effects: &mut Vec<Effect>,
    ) {
        use crate::store::records::Written;
        match result {
            Ok(Written::New { path, rel }) => {
                if self
                    .change(effects, |b| b.set_record(id, &rel, now))
                    .is_some()
                {
                    self.say(messages::record_written(id, &path));
                }
            }
            Ok(Written::Already(path)) => self.say(messages::record_exists(id, &path)),
            Err(why) => self.warn(messages::could_not("write the decision record", &why)),
        }
    }

    /// Undo (`back`) or redo one change of the user's own, saying what it was.
    pub(super) fn travel(&mut self, back: bool, now: Timestamp, effects: &mut Vec<Effect>) {
        let Some(done) = self.session.travel(back, now) else {
            self.say(messages::nothing_to(back));
            return;
        };
        self.changed(effects);
        if let Some(id) = done.selected {
            self.select_id(id);
        }
        self.say(messages::travelled(back, &done));
    }
}

impl App {
    /// The questions that wait on `id`, in board order, when the plan knows: when it is of
    /// the board as it is, the open questions that wait on `id` are the plan's, and only the
    /// resolved questions are looked at. Otherwise (a new plan is on its way) every question is
    /// to be looked at, a slice at a time ([`App::delete_slice`]).
    fn waiting_on(&self, id: u32) -> Option<Vec<u32>> {
        if self.derived.planning {
            return None;
        }
        let board = &self.session.board;
        let (_, item) = self.derived.plan.find(id)?;
        let mut waiting = item.waited_by.to_vec();
        waiting.extend(
            self.derived
                .all
                .resolved_ids()
                .filter(|&r| board.get(r).is_some_and(|q| q.after.contains(&id))),
        );
        waiting.sort_by_key(|&w| board.position(w));
        Some(waiting)
    }

    /// Looks through the next slice of the board for what waits on the question the delete
    /// dialog asks about.
    pub(super) fn delete_slice(&mut self) {
        let Mode::ConfirmDelete {
            id,
            waiting,
            looking: looking @ Some(_),
        } = &mut self.mode
        else {
            return;
        };
        let questions = self.session.board.questions();
        let at = looking.unwrap_or(0).min(questions.len());
        let end = (at + DELETE_SLICE).min(questions.len());
        waiting.extend(
            questions[at..end]
                .iter()
                .filter(|q| q.after.contains(id))
                .map(|q| q.id),
        );
        *looking = (end < questions.len()).then_some(end);
        // The dialog says it is looking until it has looked at them all: nothing new to draw.
        self.quiet = end < questions.len();
    }

    /// Whether the delete dialog is still finding what waits on the question.
    pub(super) fn delete_pending(&self) -> bool {
        matches!(
            &self.mode,
            Mode::ConfirmDelete {
                looking: Some(_),
                ..
            }
        )
    }

    /// The board changed under the delete dialog: what waits on the question is found again.
    pub(super) fn delete_again(&mut self) {
        if let Mode::ConfirmDelete { id, .. } = self.mode {
            self.open(Mode::ConfirmDelete {
                id,
                waiting: Vec::new(),
                looking: Some(0),
            });
            self.delete_slice();
        }
    }
}

/// Questions looked at per slice for what waits on a question to delete: only their
/// prerequisites are read.
pub(crate) const DELETE_SLICE: usize = 4_096;
