//! Keys to actions, as one table. The help overlay is generated from the same table, so the two
//! can never disagree.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use super::action::Action;
use crate::model::Lane;

/// Where keys are read: each mode of the app has its own set of bindings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    Board,
    /// The next-step view.
    Next,
    /// The resolved questions.
    Resolved,
    /// Choosing prerequisites.
    Picker,
    /// Quitting while changes are not on disk.
    Quit,
    /// The board in presentation mode: the board's keys, but Enter shows a question full screen.
    Present,
    /// One question on the whole screen.
    Zoom,
    /// The minutes of a meeting that just ended.
    Minutes,
    /// The morning review, one question at a time.
    Review,
    Grab,
    /// A one-line input: add, decide, dissolve.
    Input,
    Editor,
    Confirm,
    Help,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Board => "Board",
            Context::Next => "Next steps",
            Context::Resolved => "Resolved",
            Context::Picker => "Prerequisites",
            Context::Quit => "Quit without saving?",
            Context::Present => "Presenting",
            Context::Zoom => "One question",
            Context::Minutes => "Minutes",
            Context::Review => "Review",
            Context::Grab => "Carrying a card",
            Context::Input => "Text input",
            Context::Editor => "Editor",
            Context::Confirm => "Confirm",
            Context::Help => "Help",
        }
    }

    /// Whether keys without a binding are typed into a text field.
    pub fn takes_text(self) -> bool {
        matches!(self, Context::Input | Context::Editor | Context::Picker)
    }
}

/// A key with its modifiers, as matched against the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyPress {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl KeyPress {
    pub const fn plain(code: KeyCode) -> KeyPress {
        KeyPress {
            code,
            mods: KeyModifiers::NONE,
        }
    }

    /// A key as crossterm reports it, normalised: the Shift of a typed capital letter (or of
    /// Shift-Tab) is part of the character, not a modifier.
    pub fn from_event(key: &KeyEvent) -> KeyPress {
        let mut mods =
            key.modifiers & (KeyModifiers::SHIFT | KeyModifiers::CONTROL | KeyModifiers::ALT);
        if matches!(key.code, KeyCode::Char(_) | KeyCode::BackTab) {
            mods.remove(KeyModifiers::SHIFT);
        }
        let code = match key.code {
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            code => code,
        };
        KeyPress { code, mods }
    }

    /// How the key is written in help and hints.
    pub fn label(&self) -> String {
        let name = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Delete => "Delete".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        let mut out = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            out.push_str("Ctrl-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            out.push_str("Alt-");
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            out.push_str("Shift-");
        }
        out.push_str(&name);
        out
    }
}

const fn k(c: char) -> KeyPress {
    KeyPress::plain(KeyCode::Char(c))
}
const fn code(code: KeyCode) -> KeyPress {
    KeyPress::plain(code)
}
const fn ctrl(c: char) -> KeyPress {
    KeyPress {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}
const fn shift(code: KeyCode) -> KeyPress {
    KeyPress {
        code,
        mods: KeyModifiers::SHIFT,
    }
}

/// One line of the keymap: in this context, these keys do this.
#[derive(Clone, Debug)]
pub struct Binding {
    pub context: Context,
    pub keys: std::borrow::Cow<'static, [KeyPress]>,
    pub action: Action,
    pub help: &'static str,
    /// The short word shown in the status line's hints, for the most useful keys.
    pub hint: Option<&'static str>,
}

const fn bind(
    context: Context,
    keys: &'static [KeyPress],
    action: Action,
    help: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        context,
        keys: std::borrow::Cow::Borrowed(keys),
        action,
        help,
        hint,
    }
}

use Context::{
    Board as B, Confirm as C, Editor as E, Grab as G, Help as H, Input as I, Minutes as M,
    Next as N, Picker as P, Present as PR, Quit as Q, Resolved as R, Review as RV, Zoom as Z,
};
use KeyCode::{
    BackTab, Delete, Down, End, Enter, Esc, F, Home, Left, PageDown, PageUp, Right, Tab, Up,
};

/// Every key of the app, one binding per line: a table, kept as one (rustfmt skips it).
#[rustfmt::skip]
pub static BINDINGS: &[Binding] = &[
    bind(B, &[k('a')], Action::Add, "add a question to the focused lane", Some("add")),
    bind(B, &[k('e')], Action::Edit, "edit the selected question", Some("edit")),
    bind(B, &[code(Enter)], Action::Open, "jump to what it waits on; edit if it waits on nothing", None),
    bind(B, &[code(Tab)], Action::SwitchView, "next view: Board, Next steps, Resolved", Some("next steps")),
    bind(B, &[k('h'), code(Left)], Action::FocusLeft, "focus the lane on the left", None),
    bind(B, &[k('l'), code(Right)], Action::FocusRight, "focus the lane on the right", None),
    bind(B, &[k('j'), code(Down)], Action::SelectDown, "select the next question", None),
    bind(B, &[k('k'), code(Up)], Action::SelectUp, "select the previous question", None),
    bind(B, &[k('g'), code(Home)], Action::SelectFirst, "select the first question", None),
    bind(B, &[k('G'), code(End)], Action::SelectLast, "select the last question", None),
    bind(B, &[code(PageUp)], Action::PageUp, "page up", None),
    bind(B, &[code(PageDown)], Action::PageDown, "page down", None),
    bind(B, &[k('H'), shift(Left)], Action::MoveLeft, "move the card to the lane on the left", None),
    bind(B, &[k('L'), shift(Right)], Action::MoveRight, "move the card to the lane on the right", None),
    bind(B, &[k('K'), shift(Up)], Action::MoveUp, "move the card up its lane", None),
    bind(B, &[k('J'), shift(Down)], Action::MoveDown, "move the card down its lane", None),
    bind(B, &[k('1')], Action::SendTo(Lane::Blocking), "send the card to Blocking", None),
    bind(B, &[k('2')], Action::SendTo(Lane::Uncomfortable), "send the card to Uncomfortable", None),
    bind(B, &[k('3')], Action::SendTo(Lane::Interesting), "send the card to Interesting", None),
    bind(B, &[k(' ')], Action::Grab, "grab the card to carry it with the arrows", None),
    bind(B, &[k('d')], Action::Decide, "decide: record the decision", Some("decide")),
    bind(B, &[k('x')], Action::Dissolve, "dissolve: it went away", None),
    bind(B, &[k('/')], Action::Search, "search titles and text as you type", Some("search")),
    bind(B, &[k('n')], Action::NextMatch, "next search match", None),
    bind(B, &[k('N')], Action::PrevMatch, "previous search match", None),
    bind(B, &[k('f')], Action::Filter, "filter by @owner, #tag, ! one-way, ~ two-way, or words", None),
    bind(B, &[code(Esc)], Action::ClearFilters, "clear the search and the filter", None),
    bind(B, &[k('z')], Action::Defer, "defer: set a revisit date (2026-12-01, +3d, +2w, mon)", None),
    bind(B, &[k('p')], Action::PickPrerequisite, "choose what it waits on (add or remove)", None),
    bind(B, &[k('o')], Action::ToggleDoor, "toggle one-way / two-way door", None),
    bind(B, &[code(Delete)], Action::Delete, "delete the question (asks first)", None),
    bind(B, &[k('u')], Action::Undo, "undo", Some("undo")),
    bind(B, &[ctrl('r')], Action::Redo, "redo", None),
    bind(B, &[k('?'), code(F(1))], Action::Help, "all keys", Some("keys")),
    bind(B, &[k('q'), ctrl('c')], Action::Quit, "quit (everything is saved already)", Some("quit")),
    bind(B, &[k('P')], Action::Present, "presentation mode: for a shared screen", None),
    bind(B, &[k('R')], Action::Review, "review: what changed since last time, what is due, what is stale", None),
    bind(RV, &[k('k'), code(Enter)], Action::Keep, "keep as it is, next", Some("keep")),
    bind(RV, &[k('1')], Action::SendTo(Lane::Blocking), "move to Blocking", None),
    bind(RV, &[k('2')], Action::SendTo(Lane::Uncomfortable), "move to Uncomfortable", None),
    bind(RV, &[k('3')], Action::SendTo(Lane::Interesting), "move to Interesting", None),
    bind(RV, &[k('d')], Action::Decide, "decide", Some("decide")),
    bind(RV, &[k('x')], Action::Dissolve, "dissolve", Some("dissolve")),
    bind(RV, &[k('z')], Action::Defer, "defer: set a revisit date", Some("defer")),
    bind(RV, &[k('e')], Action::Edit, "edit", Some("edit")),
    bind(RV, &[k('s'), k('n')], Action::Skip, "skip for now", Some("skip")),
    bind(RV, &[code(Esc)], Action::Cancel, "stop the review (not recorded)", Some("stop")),
    bind(RV, &[k('?'), code(F(1))], Action::Help, "all keys", None),
    bind(B, &[k('m')], Action::Meeting, "start a meeting; m again ends it and writes the minutes", None),
    bind(M, &[k('c')], Action::Copy, "copy the minutes to the clipboard", Some("copy")),
    bind(M, &[k('j'), code(Down)], Action::SelectDown, "scroll down", None),
    bind(M, &[k('k'), code(Up)], Action::SelectUp, "scroll up", None),
    bind(M, &[code(Esc), k('q'), code(Enter)], Action::Cancel, "close", Some("close")),
    bind(PR, &[code(Enter)], Action::Zoom, "show the question on the whole screen", Some("show")),
    bind(PR, &[k('P')], Action::Present, "end presentation mode", Some("end")),
    bind(PR, &[k('?'), code(F(1))], Action::Help, "all keys", Some("keys")),
    bind(Z, &[code(Esc), code(Enter), k('q')], Action::Unzoom, "back to the board", Some("back")),
    bind(Z, &[k('j'), code(Down)], Action::SelectDown, "the next question", Some("next")),
    bind(Z, &[k('k'), code(Up)], Action::SelectUp, "the previous question", Some("previous")),
    bind(Z, &[k(' '), code(PageDown)], Action::PageDown, "scroll down, when it does not fit", None),
    bind(Z, &[code(PageUp)], Action::PageUp, "scroll up", None),
    bind(Z, &[k('?'), code(F(1))], Action::Help, "all keys", None),
    bind(B, &[k('W')], Action::WriteAnyway, "when the file on disk is broken: back it up and write yours", None),
    bind(G, &[k('h'), code(Left), k('H'), shift(Left)], Action::MoveLeft, "carry to the lane on the left", Some("carry")),
    bind(G, &[k('l'), code(Right), k('L'), shift(Right)], Action::MoveRight, "carry to the lane on the right", None),
    bind(G, &[k('k'), code(Up), k('K'), shift(Up)], Action::MoveUp, "carry up", None),
    bind(G, &[k('j'), code(Down), k('J'), shift(Down)], Action::MoveDown, "carry down", None),
    bind(G, &[k('1')], Action::SendTo(Lane::Blocking), "carry to Blocking", None),
    bind(G, &[k('2')], Action::SendTo(Lane::Uncomfortable), "carry to Uncomfortable", None),
    bind(G, &[k('3')], Action::SendTo(Lane::Interesting), "carry to Interesting", None),
    bind(G, &[k(' '), code(Enter)], Action::Drop, "drop the card here", Some("drop")),
    bind(G, &[code(Esc), k('q')], Action::CancelGrab, "put the card back where it was", Some("put back")),
    bind(G, &[k('?'), code(F(1))], Action::Help, "all keys", None),
    bind(N, &[k('j'), code(Down)], Action::SelectDown, "select the next question", None),
    bind(N, &[k('k'), code(Up)], Action::SelectUp, "select the previous question", None),
    bind(N, &[k('g'), code(Home)], Action::SelectFirst, "select the first question", None),
    bind(N, &[k('G'), code(End)], Action::SelectLast, "select the last question", None),
    bind(N, &[code(PageUp)], Action::PageUp, "page up", None),
    bind(N, &[code(PageDown)], Action::PageDown, "page down", None),
    bind(N, &[k('e'), code(Enter)], Action::Edit, "edit the selected question", Some("edit")),
    bind(N, &[k('d')], Action::Decide, "decide: record the decision", Some("decide")),
    bind(N, &[k('x')], Action::Dissolve, "dissolve: it went away", Some("dissolve")),
    bind(N, &[k('z')], Action::Defer, "defer: set a revisit date (2026-12-01, +3d, +2w, mon)", Some("defer")),
    bind(N, &[k('p')], Action::PickPrerequisite, "choose what it waits on (add or remove)", Some("after")),
    bind(N, &[k('o')], Action::ToggleDoor, "toggle one-way / two-way door", Some("door")),
    bind(N, &[k('1')], Action::SendTo(Lane::Blocking), "set the lane: Blocking", None),
    bind(N, &[k('2')], Action::SendTo(Lane::Uncomfortable), "set the lane: Uncomfortable", None),
    bind(N, &[k('3')], Action::SendTo(Lane::Interesting), "set the lane: Interesting", None),
    bind(N, &[k('a')], Action::Add, "add a question to the focused lane", None),
    bind(N, &[k('/')], Action::Search, "search titles and text as you type", None),
    bind(N, &[k('n')], Action::NextMatch, "next search match", None),
    bind(N, &[k('N')], Action::PrevMatch, "previous search match", None),
    bind(N, &[code(Esc)], Action::ClearFilters, "clear the search", None),
    bind(N, &[code(Delete)], Action::Delete, "delete the question (asks first)", None),
    bind(N, &[k('u')], Action::Undo, "undo", Some("undo")),
    bind(N, &[ctrl('r')], Action::Redo, "redo", None),
    bind(N, &[code(Tab)], Action::SwitchView, "next view: Resolved", Some("view")),
    bind(N, &[k('?'), code(F(1))], Action::Help, "all keys", Some("keys")),
    bind(N, &[k('q'), ctrl('c')], Action::Quit, "quit (everything is saved already)", Some("quit")),
    bind(N, &[k('P')], Action::Present, "presentation mode: for a shared screen", None),
    bind(N, &[k('m')], Action::Meeting, "start a meeting; m again ends it and writes the minutes", None),
    bind(N, &[k('W')], Action::WriteAnyway, "when the file on disk is broken: back it up and write yours", None),
    bind(R, &[k('j'), code(Down)], Action::SelectDown, "select the next question", None),
    bind(R, &[k('k'), code(Up)], Action::SelectUp, "select the previous question", None),
    bind(R, &[k('g'), code(Home)], Action::SelectFirst, "select the newest", None),
    bind(R, &[k('G'), code(End)], Action::SelectLast, "select the oldest", None),
    bind(R, &[code(PageUp)], Action::PageUp, "page up", None),
    bind(R, &[code(PageDown)], Action::PageDown, "page down", None),
    bind(R, &[k('r')], Action::Reopen, "reopen the question", Some("reopen")),
    bind(R, &[k('e'), code(Enter)], Action::Edit, "edit the question", Some("edit")),
    bind(R, &[code(Delete)], Action::Delete, "delete the question (asks first)", None),
    bind(R, &[k('u')], Action::Undo, "undo", Some("undo")),
    bind(R, &[ctrl('r')], Action::Redo, "redo", None),
    bind(R, &[code(Tab)], Action::SwitchView, "next view: Board", Some("board")),
    bind(R, &[k('?'), code(F(1))], Action::Help, "all keys", Some("keys")),
    bind(R, &[k('q'), ctrl('c')], Action::Quit, "quit (everything is saved already)", Some("quit")),
    bind(R, &[k('W')], Action::WriteAnyway, "when the file on disk is broken: back it up and write yours", None),
    bind(Q, &[k('r')], Action::RetrySave, "try saving again, then quit", Some("retry")),
    bind(Q, &[k('s')], Action::SaveElsewhere, "write a copy to another path", Some("save elsewhere")),
    bind(Q, &[k('y'), k('q')], Action::Yes, "quit anyway: changes not on disk are lost", Some("quit anyway")),
    bind(Q, &[k('n'), code(Esc)], Action::No, "stay", Some("stay")),
    bind(P, &[code(Enter)], Action::Submit, "add or remove the selected prerequisite", Some("add/remove")),
    bind(P, &[code(Down)], Action::SelectDown, "select the next question", None),
    bind(P, &[code(Up)], Action::SelectUp, "select the previous question", None),
    bind(P, &[code(Esc)], Action::Cancel, "close", Some("close")),
    bind(P, &[code(F(1))], Action::Help, "all keys", None),
    bind(I, &[code(Enter)], Action::Submit, "save", Some("save")),
    bind(I, &[code(Esc), ctrl('c')], Action::Cancel, "cancel", Some("cancel")),
    bind(I, &[code(F(1))], Action::Help, "all keys", None),
    bind(E, &[ctrl('s')], Action::Save, "save the question", Some("save")),
    bind(E, &[code(Tab)], Action::NextField, "next field (Enter too, in one-line fields)", Some("next field")),
    bind(E, &[code(BackTab)], Action::PrevField, "previous field", None),
    bind(E, &[code(Esc)], Action::Cancel, "close (asks before throwing edits away)", Some("close")),
    bind(E, &[code(F(1))], Action::Help, "all keys", Some("keys")),
    bind(C, &[k('y'), k('Y')], Action::Yes, "yes", Some("yes")),
    bind(C, &[k('n'), k('N'), code(Esc)], Action::No, "no", Some("no")),
    bind(H, &[code(Esc), k('?'), k('q'), code(F(1))], Action::CloseHelp, "close help", Some("close")),
    bind(H, &[k('j'), code(Down)], Action::SelectDown, "scroll down", None),
    bind(H, &[k('k'), code(Up)], Action::SelectUp, "scroll up", None),
];

/// A context that adds to another: its keys first, then the other's (presentation mode is the
/// board with a few keys changed).
fn underlying(context: Context) -> Option<Context> {
    match context {
        Context::Present => Some(Context::Board),
        _ => None,
    }
}

/// The keys in force: the table above with the user's overrides (from the config file).
#[derive(Clone, Debug, Default)]
pub struct Keymap {
    overrides: Vec<Binding>,
}

impl Keymap {
    /// The defaults, with `key` doing `action` in `context` for each override (the key stops
    /// doing what it did by default there).
    pub fn with(overrides: &[(Context, KeyPress, Action)]) -> Keymap {
        let overrides = overrides
            .iter()
            .map(|(context, key, action)| Binding {
                context: *context,
                keys: std::borrow::Cow::Owned(vec![*key]),
                action: action.clone(),
                help: help_of(action),
                hint: None,
            })
            .collect();
        Keymap { overrides }
    }

    /// The bindings of one context: overrides first, then the defaults, less overridden keys.
    pub fn bindings(&self, context: Context) -> Vec<Binding> {
        let own: Vec<&Binding> = self
            .overrides
            .iter()
            .filter(|b| b.context == context)
            .collect();
        let taken: Vec<KeyPress> = own.iter().flat_map(|b| b.keys.iter().copied()).collect();
        let mut list: Vec<Binding> = own.into_iter().cloned().collect();
        for b in BINDINGS.iter().filter(|b| b.context == context) {
            if b.keys.iter().any(|k| taken.contains(k)) {
                let keys: Vec<KeyPress> = b
                    .keys
                    .iter()
                    .copied()
                    .filter(|k| !taken.contains(k))
                    .collect();
                if !keys.is_empty() {
                    list.push(Binding {
                        keys: std::borrow::Cow::Owned(keys),
                        ..b.clone()
                    });
                }
            } else {
                list.push(b.clone());
            }
        }
        list
    }

    /// Every binding in force in a context: its own, then those of the context it adds to that
    /// it does not override.
    pub fn bindings_in_force(&self, context: Context) -> Vec<Binding> {
        let mut list = self.bindings(context);
        if let Some(under) = underlying(context) {
            for b in self.bindings(under) {
                if !b
                    .keys
                    .iter()
                    .any(|k| list.iter().any(|own| own.keys.contains(k)))
                {
                    list.push(b);
                }
            }
        }
        list
    }

    /// The key that does `action` in `context` as things stand (the user's own first), as help
    /// writes it; the action's config name in angle brackets when no key does.
    pub fn key(&self, context: Context, action: &Action) -> String {
        self.bindings_in_force(context)
            .iter()
            .find(|b| &b.action == action)
            .and_then(|b| b.keys.first())
            .map(KeyPress::label)
            .unwrap_or_else(|| format!("<{}>", action_name(action).unwrap_or("unbound")))
    }

    /// The action a key press means in a context, if any.
    pub fn lookup(&self, context: Context, key: KeyPress) -> Option<Action> {
        self.bindings_in_force(context)
            .into_iter()
            .find(|b| b.keys.contains(&key))
            .map(|b| b.action)
    }

    /// Turns a terminal event into an action for the given context.
    pub fn translate(&self, context: Context, event: Event) -> Option<Action> {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => {
                let press = KeyPress::from_event(&key);
                self.lookup(context, press).or_else(|| {
                    context
                        .takes_text()
                        .then(|| Action::Text(ratatui_textarea::Input::from(key)))
                })
            }
            Event::Paste(text) => Some(Action::Paste(text)),
            Event::Mouse(m) => {
                let (col, row) = (m.column, m.row);
                match m.kind {
                    MouseEventKind::Down(MouseButton::Left) => Some(Action::MouseDown { col, row }),
                    MouseEventKind::Drag(MouseButton::Left) => Some(Action::MouseDrag { col, row }),
                    MouseEventKind::Up(MouseButton::Left) => Some(Action::MouseUp { col, row }),
                    MouseEventKind::ScrollDown => Some(Action::Scroll {
                        col,
                        row,
                        down: true,
                    }),
                    MouseEventKind::ScrollUp => Some(Action::Scroll {
                        col,
                        row,
                        down: false,
                    }),
                    _ => None,
                }
            }
            Event::Resize(width, height) => Some(Action::Resize { width, height }),
            _ => None,
        }
    }
}

/// What an action does, as the default table says it (for overrides and help).
fn help_of(action: &Action) -> &'static str {
    BINDINGS
        .iter()
        .find(|b| b.action == *action)
        .map_or("(no description)", |b| b.help)
}

/// Turns a terminal event into an action with the default keys.
pub fn translate(context: Context, event: Event) -> Option<Action> {
    Keymap::default().translate(context, event)
}

/// The names of actions, as the config file writes them.
pub static ACTIONS: &[(&str, Action)] = &[
    ("add", Action::Add),
    ("edit", Action::Edit),
    ("open", Action::Open),
    ("switch_view", Action::SwitchView),
    ("focus_left", Action::FocusLeft),
    ("focus_right", Action::FocusRight),
    ("select_down", Action::SelectDown),
    ("select_up", Action::SelectUp),
    ("select_first", Action::SelectFirst),
    ("select_last", Action::SelectLast),
    ("page_up", Action::PageUp),
    ("page_down", Action::PageDown),
    ("move_left", Action::MoveLeft),
    ("move_right", Action::MoveRight),
    ("move_up", Action::MoveUp),
    ("move_down", Action::MoveDown),
    ("send_to_blocking", Action::SendTo(Lane::Blocking)),
    ("send_to_uncomfortable", Action::SendTo(Lane::Uncomfortable)),
    ("send_to_interesting", Action::SendTo(Lane::Interesting)),
    ("grab", Action::Grab),
    ("drop", Action::Drop),
    ("cancel_grab", Action::CancelGrab),
    ("decide", Action::Decide),
    ("dissolve", Action::Dissolve),
    ("defer", Action::Defer),
    ("pick_prerequisite", Action::PickPrerequisite),
    ("toggle_door", Action::ToggleDoor),
    ("reopen", Action::Reopen),
    ("delete", Action::Delete),
    ("undo", Action::Undo),
    ("redo", Action::Redo),
    ("search", Action::Search),
    ("filter", Action::Filter),
    ("next_match", Action::NextMatch),
    ("prev_match", Action::PrevMatch),
    ("clear_filters", Action::ClearFilters),
    ("meeting", Action::Meeting),
    ("review", Action::Review),
    ("keep", Action::Keep),
    ("skip", Action::Skip),
    ("copy", Action::Copy),
    ("present", Action::Present),
    ("zoom", Action::Zoom),
    ("unzoom", Action::Unzoom),
    ("write_anyway", Action::WriteAnyway),
    ("retry_save", Action::RetrySave),
    ("save_elsewhere", Action::SaveElsewhere),
    ("submit", Action::Submit),
    ("cancel", Action::Cancel),
    ("next_field", Action::NextField),
    ("prev_field", Action::PrevField),
    ("save", Action::Save),
    ("yes", Action::Yes),
    ("no", Action::No),
    ("help", Action::Help),
    ("close_help", Action::CloseHelp),
    ("quit", Action::Quit),
];

/// The action a config file names.
pub fn action_named(name: &str) -> Option<Action> {
    ACTIONS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, a)| a.clone())
}

/// The config file's name of an action.
pub fn action_name(action: &Action) -> Option<&'static str> {
    ACTIONS.iter().find(|(_, a)| a == action).map(|(n, _)| *n)
}

/// The contexts, as the config file names them.
pub static CONTEXTS: &[(&str, Context)] = &[
    ("board", Context::Board),
    ("next", Context::Next),
    ("resolved", Context::Resolved),
    ("present", Context::Present),
    ("review", Context::Review),
    ("zoom", Context::Zoom),
    ("grab", Context::Grab),
    ("input", Context::Input),
    ("editor", Context::Editor),
    ("picker", Context::Picker),
    ("confirm", Context::Confirm),
    ("quit", Context::Quit),
    ("minutes", Context::Minutes),
    ("help", Context::Help),
];

impl KeyPress {
    /// Reads a key as the config file writes it: `a`, `A`, `?`, `ctrl-s`, `alt-x`,
    /// `shift-left`, `enter`, `esc`, `tab`, `backtab`, `space`, `delete`, `backspace`, `up`,
    /// `down`, `left`, `right`, `home`, `end`, `pgup`, `pgdn`, `f1`…`f12`.
    pub fn parse(text: &str) -> Option<KeyPress> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            if let Some(r) = lower
                .strip_prefix("ctrl-")
                .or_else(|| lower.strip_prefix("c-"))
            {
                mods |= KeyModifiers::CONTROL;
                rest = &rest[rest.len() - r.len()..];
            } else if let Some(r) = lower
                .strip_prefix("alt-")
                .or_else(|| lower.strip_prefix("a-"))
            {
                mods |= KeyModifiers::ALT;
                rest = &rest[rest.len() - r.len()..];
            } else if let Some(r) = lower
                .strip_prefix("shift-")
                .or_else(|| lower.strip_prefix("s-"))
            {
                mods |= KeyModifiers::SHIFT;
                rest = &rest[rest.len() - r.len()..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(if mods.contains(KeyModifiers::CONTROL) {
                c.to_ascii_lowercase()
            } else {
                c
            }),
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" => KeyCode::Tab,
                "backtab" => KeyCode::BackTab,
                "space" => KeyCode::Char(' '),
                "delete" | "del" => KeyCode::Delete,
                "backspace" => KeyCode::Backspace,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pgup" | "pageup" => KeyCode::PageUp,
                "pgdn" | "pagedown" => KeyCode::PageDown,
                f if f.starts_with('f') => {
                    KeyCode::F(f[1..].parse().ok().filter(|n| (1..=12).contains(n))?)
                }
                _ => return None,
            },
        };
        if matches!(code, KeyCode::Char(_)) {
            mods.remove(KeyModifiers::SHIFT);
        }
        Some(KeyPress { code, mods })
    }
}

/// The keys of a binding, as help shows them: "h / ←".
pub fn keys_label(binding: &Binding) -> String {
    binding
        .keys
        .iter()
        .map(KeyPress::label)
        .collect::<Vec<_>>()
        .join(" / ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> Event {
        Event::Key(KeyEvent::new(code, mods))
    }

    #[test]
    fn capitals_and_shifted_arrows_both_move_cards() {
        let shifted_h = key(KeyCode::Char('H'), KeyModifiers::SHIFT);
        assert_eq!(translate(Context::Board, shifted_h), Some(Action::MoveLeft));
        let shift_left = key(KeyCode::Left, KeyModifiers::SHIFT);
        assert_eq!(
            translate(Context::Board, shift_left),
            Some(Action::MoveLeft)
        );
        let left = key(KeyCode::Left, KeyModifiers::NONE);
        assert_eq!(translate(Context::Board, left), Some(Action::FocusLeft));
    }

    #[test]
    fn text_contexts_type_what_is_not_bound() {
        let q = key(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(translate(Context::Board, q.clone()), Some(Action::Quit));
        assert!(matches!(
            translate(Context::Input, q),
            Some(Action::Text(_))
        ));
        let ctrl_s = key(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(translate(Context::Editor, ctrl_s), Some(Action::Save));
        let w = key(KeyCode::Char('w'), KeyModifiers::NONE);
        assert_eq!(translate(Context::Board, w), None);
    }

    #[test]
    fn overrides_rebind_a_key_and_free_it_elsewhere_in_the_context() {
        let w = KeyPress::parse("w").unwrap();
        let d = KeyPress::parse("d").unwrap();
        let map = Keymap::with(&[
            (Context::Board, w, Action::Decide),
            (Context::Board, d, Action::Quit),
        ]);
        assert_eq!(map.lookup(Context::Board, w), Some(Action::Decide));
        assert_eq!(map.lookup(Context::Board, d), Some(Action::Quit));
        assert_eq!(
            map.lookup(Context::Next, d),
            Some(Action::Decide),
            "other contexts keep theirs"
        );
        let help: Vec<_> = map.bindings(Context::Board);
        let decide = help.iter().find(|b| b.action == Action::Decide).unwrap();
        assert_eq!(&*decide.keys, &[w][..]);
        assert_eq!(decide.help, "decide: record the decision");
        // Presentation mode falls back to the board's overridden keys too.
        assert_eq!(map.lookup(Context::Present, w), Some(Action::Decide));
    }

    #[test]
    fn every_action_in_the_table_has_a_name_and_keys_parse() {
        for b in BINDINGS {
            let name =
                action_name(&b.action).unwrap_or_else(|| panic!("{:?} has no name", b.action));
            assert_eq!(action_named(name), Some(b.action.clone()));
        }
        let p = |t: &str| KeyPress::parse(t).unwrap().label();
        assert_eq!(p("ctrl-s"), "Ctrl-s");
        assert_eq!(p("C-S"), "Ctrl-s");
        assert_eq!(p("shift-left"), "Shift-←");
        assert_eq!(p("A"), "A");
        assert_eq!(p("space"), "Space");
        assert_eq!(p("f12"), "F12");
        assert_eq!(p("pgdn"), "PgDn");
        assert!(KeyPress::parse("hyper-x").is_none());
        assert!(KeyPress::parse("f13").is_none());
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        let keymap = Keymap::default();
        for b in BINDINGS {
            for key in b.keys.iter() {
                let owners: Vec<_> = keymap
                    .bindings(b.context)
                    .into_iter()
                    .filter(|o| o.keys.contains(key))
                    .map(|o| o.help)
                    .collect();
                assert_eq!(
                    owners.len(),
                    1,
                    "{:?} {} bound to {owners:?}",
                    b.context,
                    key.label()
                );
            }
        }
    }
}
