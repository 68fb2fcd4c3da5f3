//! The interactive state machine: `App` holds everything on screen; `update` is the one place it
//! changes. No terminal, no files, no clock: time comes in with each action.

pub mod action;
pub mod editor;
pub mod keymap;

use jiff::Timestamp;
use jiff::civil::Date;

pub use action::{Action, Effect};
use editor::{Editor, Prompt, PromptKind};
pub use keymap::Context;

use crate::model::{Board, BoardError, Lane};
use crate::ui::layout::{self, Hit};

/// How many changes undo remembers.
const UNDO_DEPTH: usize = 1000;

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
    ConfirmDelete(u32),
    /// The help overlay, over the mode it was opened from.
    Help {
        under: Box<Mode>,
        scroll: u16,
    },
}

/// Whether the board on disk matches the board in memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    Saving,
    Failed(String),
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

#[derive(Clone, Debug)]
struct Snapshot {
    board: Board,
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
    pub focus: Lane,
    pub selected: [usize; 3],
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
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
}

impl App {
    pub fn new(board: Board, board_label: impl Into<String>) -> App {
        let mut app = App {
            lanes: board.lanes(),
            board,
            board_label: board_label.into(),
            focus: Lane::Blocking,
            selected: [0; 3],
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

    /// The keymap context of the current mode.
    pub fn context(&self) -> Context {
        Self::context_of(&self.mode)
    }

    /// The context whose keys the help overlay lists.
    pub fn help_context(&self) -> Context {
        match &self.mode {
            Mode::Help { under, .. } => Self::context_of(under),
            other => Self::context_of(other),
        }
    }

    fn context_of(mode: &Mode) -> Context {
        match mode {
            Mode::Normal => Context::Board,
            Mode::Grab { .. } => Context::Grab,
            Mode::Prompt(_) => Context::Input,
            Mode::Editor(e) if e.confirm_discard => Context::Confirm,
            Mode::Editor(_) => Context::Editor,
            Mode::ConfirmDelete(_) => Context::Confirm,
            Mode::Help { .. } => Context::Help,
        }
    }

    /// The id of the selected question, if the focused lane has any.
    pub fn selected_id(&self) -> Option<u32> {
        let lane = self.focus.index();
        self.lanes[lane].get(self.selected[lane]).copied()
    }

    /// How many cards fit in a lane at the current size.
    pub fn cards_visible(&self) -> usize {
        layout::cards_per_lane(self.size).max(1)
    }

    /// Recomputes what derives from the board and keeps selections and scrolling in range.
    fn refresh(&mut self) {
        self.lanes = self.board.lanes();
        for lane in Lane::ALL {
            let i = lane.index();
            let len = self.lanes[i].len();
            self.selected[i] = self.selected[i].min(len.saturating_sub(1));
            self.keep_visible(lane);
        }
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

    /// Focuses and selects a question wherever it is.
    pub fn select_id(&mut self, id: u32) {
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

    fn select(&mut self, pos: usize) {
        let i = self.focus.index();
        self.selected[i] = pos.min(self.lanes[i].len().saturating_sub(1));
        self.keep_visible(self.focus);
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
        let before = Snapshot {
            board: self.board.clone(),
            selected: self.selected_id(),
        };
        match f(&mut self.board) {
            Ok(value) => {
                self.undo.push(before);
                if self.undo.len() > UNDO_DEPTH {
                    self.undo.remove(0);
                }
                self.redo.clear();
                self.changed(effects);
                Ok(value)
            }
            Err(e) => {
                self.board = before.board;
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
        self.save_state = SaveState::Saving;
        self.refresh();
        if !effects.contains(&Effect::Save) {
            effects.push(Effect::Save);
        }
    }

    /// The one place state changes. `now` is the time of the action (from the edge).
    pub fn update(&mut self, action: Action, now: Timestamp) -> Vec<Effect> {
        let mut effects = Vec::new();
        let today = now.to_zoned_datetime(self.time_zone.clone()).date();
        if !matches!(
            action,
            Action::Saved { .. } | Action::Resize { .. } | Action::MouseDrag { .. }
        ) {
            self.message = None;
        }
        match action {
            Action::Resize { width, height } => {
                self.size = (width, height);
                for lane in Lane::ALL {
                    self.keep_visible(lane);
                }
            }
            Action::Saved { generation, result } => match result {
                Ok(()) if generation == self.generation => self.save_state = SaveState::Saved,
                Ok(()) => {}
                Err(e) => {
                    self.save_state = SaveState::Failed(e.clone());
                    self.warn(format!("could not save: {e}"));
                }
            },
            Action::Paste(text) => match &mut self.mode {
                Mode::Prompt(p) => p.field.paste(&text),
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
                Mode::Prompt(_) => self.prompt(action, now, &mut effects),
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
                Mode::Help { .. } => self.help(action),
            },
        }
        if self.should_quit && !effects.contains(&Effect::Quit) {
            effects.push(Effect::Quit);
        }
        effects
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
        let lane = self.focus;
        let i = lane.index();
        let page = self.cards_visible();
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
            Action::SelectDown => self.select(self.selected[i] + 1),
            Action::SelectUp => self.select(self.selected[i].saturating_sub(1)),
            Action::SelectFirst => self.select(0),
            Action::SelectLast => self.select(usize::MAX),
            Action::PageDown => self.select(self.selected[i] + page),
            Action::PageUp => self.select(self.selected[i].saturating_sub(page)),
            Action::Add => {
                self.mode = Mode::Prompt(Box::new(Prompt::new(
                    PromptKind::Add(lane),
                    "the question, in one line",
                )))
            }
            Action::Help => self.open_help(),
            Action::Quit => self.should_quit = true,
            Action::Undo => self.undo(effects),
            Action::Redo => self.redo(effects),
            action => {
                let Some(id) = self.selected_id() else {
                    if matches!(
                        action,
                        Action::Edit
                            | Action::Decide
                            | Action::Dissolve
                            | Action::Delete
                            | Action::Grab
                    ) {
                        self.say(format!(
                            "{} is empty: press a to add a question",
                            lane.name()
                        ));
                    }
                    return;
                };
                match action {
                    Action::Edit => {
                        if let Some(q) = self.board.get(id) {
                            self.mode = Mode::Editor(Box::new(Editor::open(q)));
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
                            if to != lane {
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
                    Action::Delete => self.mode = Mode::ConfirmDelete(id),
                    _ => {}
                }
            }
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

    fn prompt(&mut self, action: Action, now: Timestamp, effects: &mut Vec<Effect>) {
        let Mode::Prompt(prompt) = &mut self.mode else {
            return;
        };
        match action {
            Action::Text(input) => {
                prompt.field.input(input);
            }
            Action::Cancel => self.mode = Mode::Normal,
            Action::Help => self.open_help(),
            Action::Submit => {
                let text = prompt.field.text();
                let kind = prompt.kind;
                match kind {
                    PromptKind::Add(lane) => {
                        if crate::model::text::one_line(&text).is_empty() {
                            self.mode = Mode::Normal;
                            return;
                        }
                        if let Some(id) = self.change(effects, |b| b.add(&text, lane, now)) {
                            self.mode = Mode::Normal;
                            self.select_id(id);
                            self.say(format!("added #{id} to {}", lane.name()));
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
                match self.try_change(effects, |b| b.apply_edit(id, edit, now)) {
                    Ok(_) => {
                        self.mode = Mode::Normal;
                        self.select_id(id);
                        self.say(format!("#{id} saved"));
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

    fn undo(&mut self, effects: &mut Vec<Effect>) {
        match self.undo.pop() {
            Some(snapshot) => {
                let current = Snapshot {
                    board: std::mem::replace(&mut self.board, snapshot.board),
                    selected: self.selected_id(),
                };
                self.redo.push(current);
                self.changed(effects);
                if let Some(id) = snapshot.selected {
                    self.select_id(id);
                }
                self.say(format!("undone ({} more)", self.undo.len()));
            }
            None => self.say("nothing to undo"),
        }
    }

    fn redo(&mut self, effects: &mut Vec<Effect>) {
        match self.redo.pop() {
            Some(snapshot) => {
                let current = Snapshot {
                    board: std::mem::replace(&mut self.board, snapshot.board),
                    selected: self.selected_id(),
                };
                self.undo.push(current);
                self.changed(effects);
                if let Some(id) = snapshot.selected {
                    self.select_id(id);
                }
                self.say(format!("redone ({} more)", self.redo.len()));
            }
            None => self.say("nothing to redo"),
        }
    }

    fn mouse(&mut self, action: Action, now: Timestamp, effects: &mut Vec<Effect>) {
        if !matches!(self.mode, Mode::Normal) {
            return;
        }
        let area = ratatui::layout::Rect::new(0, 0, self.size.0, self.size.1);
        let Some(board_layout) = layout::board_layout(self, area) else {
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
