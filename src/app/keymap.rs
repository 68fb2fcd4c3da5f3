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
pub struct Binding {
    pub context: Context,
    pub keys: &'static [KeyPress],
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
        keys,
        action,
        help,
        hint,
    }
}

use Context::{
    Board as B, Confirm as C, Editor as E, Grab as G, Help as H, Input as I, Minutes as M,
    Next as N, Picker as P, Present as PR, Quit as Q, Resolved as R, Zoom as Z,
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

/// The bindings of one context, in table order.
pub fn bindings(context: Context) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.context == context)
}

/// A context that adds to another: its keys first, then the other's (presentation mode is the
/// board with a few keys changed).
fn underlying(context: Context) -> Option<Context> {
    match context {
        Context::Present => Some(Context::Board),
        _ => None,
    }
}

/// Every binding in force in a context: its own, then those of the context it adds to that
/// it does not override.
pub fn bindings_in_force(context: Context) -> Vec<&'static Binding> {
    let mut list: Vec<&Binding> = bindings(context).collect();
    if let Some(under) = underlying(context) {
        for b in bindings(under) {
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

/// The action a key press means in a context, if any.
pub fn lookup(context: Context, key: KeyPress) -> Option<Action> {
    bindings_in_force(context)
        .into_iter()
        .find(|b| b.keys.contains(&key))
        .map(|b| b.action.clone())
}

/// Turns a terminal event into an action for the given context.
pub fn translate(context: Context, event: Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            let press = KeyPress::from_event(&key);
            lookup(context, press).or_else(|| {
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
    fn no_key_is_bound_twice_in_one_context() {
        for b in BINDINGS {
            for key in b.keys {
                let owners: Vec<_> = bindings(b.context)
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
