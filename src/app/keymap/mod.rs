//! Keys to actions, as one table. The help overlay is generated from the same table, so the two
//! can never disagree.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use super::action::{Action, COMMANDS};

mod table;

pub use table::BINDINGS;

/// Where keys are read: each mode of the app has its own set of bindings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    /// The keys the board, the next-step view and the resolved view share: never the mode the
    /// app is in, but the context those three add to.
    Global,
    Board,
    /// The next-step view.
    Next,
    /// What the board and Next steps share: both show open questions.
    Questions,
    /// The resolved questions.
    Resolved,
    /// The dependency map.
    Map,
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
    /// Settling a conflict: keep one value or take the other.
    Settle,
    /// Quitting while a meeting runs.
    MeetingQuit,
    /// The message log.
    Messages,
    Help,
}

/// The groups help shows a view's keys in, in order.
pub const HELP_GROUPS: [&str; 5] = [
    "Moving",
    "Changing",
    "Views and finding",
    "Meeting and review",
    "Team and the program",
];

/// Which of [`HELP_GROUPS`] an action's keys are listed under.
pub fn help_group(action: &Action) -> usize {
    match action {
        Action::SelectDown
        | Action::SelectUp
        | Action::SelectFirst
        | Action::SelectLast
        | Action::PageDown
        | Action::PageUp
        | Action::FocusLeft
        | Action::FocusRight
        | Action::MoveLeft
        | Action::MoveRight
        | Action::MoveUp
        | Action::MoveDown
        | Action::SendTo(_)
        | Action::Grab
        | Action::Open
        | Action::NextConflict
        | Action::PrevConflict => 0,
        Action::SwitchView
        | Action::PrevView
        | Action::Search
        | Action::Filter
        | Action::NextMatch
        | Action::PrevMatch
        | Action::ClearFilters
        | Action::Zoom
        | Action::Unzoom
        | Action::Present
        | Action::ToggleDetail
        | Action::ToggleWarnings
        | Action::Messages => 2,
        Action::Meeting
        | Action::Review
        | Action::Keep
        | Action::Skip
        | Action::KeepMeeting
        | Action::DiscardMeeting => 3,
        Action::Sync | Action::Help | Action::CloseHelp | Action::Quit => 4,
        _ => 1,
    }
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Every view",
            Context::Board => "Board",
            Context::Next => "Next steps",
            Context::Questions => "Board and Next steps",
            Context::Resolved => "Resolved",
            Context::Map => "Map",
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
            Context::Settle => "Settling a conflict",
            Context::MeetingQuit => "Quit during a meeting?",
            Context::Messages => "Messages",
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
    /// What the key does here, when it says more than the command's own help (else empty).
    help: &'static str,
    /// The short word shown in the status line's hints, for the most useful keys.
    pub hint: Option<&'static str>,
}

impl Binding {
    /// What the key does: the binding's own words where it has them, else its command's.
    pub fn help(&self) -> &'static str {
        if self.help.is_empty() {
            help_of(&self.action)
        } else {
            self.help
        }
    }
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

/// A context that adds to another: its keys first, then the other's (presentation mode is the
/// board with a few keys changed).
fn underlying(context: Context) -> Option<Context> {
    match context {
        Context::Present => Some(Context::Board),
        Context::Board | Context::Next => Some(Context::Questions),
        Context::Questions | Context::Resolved | Context::Map => Some(Context::Global),
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
        let mut at = context;
        while let Some(under) = underlying(at) {
            for b in self.bindings(under) {
                // A key the nearer context binds is its own; the other keys still work.
                let keys: Vec<KeyPress> = b
                    .keys
                    .iter()
                    .copied()
                    .filter(|k| !list.iter().any(|own| own.keys.contains(k)))
                    .collect();
                if keys.len() == b.keys.len() {
                    list.push(b);
                } else if !keys.is_empty() {
                    list.push(Binding {
                        keys: std::borrow::Cow::Owned(keys),
                        ..b
                    });
                }
            }
            at = under;
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

/// What an action does, as its command says it (for overrides and help).
fn help_of(action: &Action) -> &'static str {
    action.command().map_or("(no description)", |c| c.help)
}

/// Turns a terminal event into an action with the default keys.
pub fn translate(context: Context, event: Event) -> Option<Action> {
    Keymap::default().translate(context, event)
}

/// The action a config file names.
pub fn action_named(name: &str) -> Option<Action> {
    COMMANDS
        .iter()
        .find(|c| c.name == name)
        .map(|c| c.action.clone())
}

/// The config file's name of an action.
pub fn action_name(action: &Action) -> Option<&'static str> {
    action.command().map(|c| c.name)
}

impl Keymap {
    /// Every key of every mode as Markdown, a table per mode (the README's key reference is
    /// this text, and a test holds it to the bindings, as lazygit checks its cheatsheet).
    pub fn cheatsheet(&self) -> String {
        let mut out = String::new();
        for &(name, context) in CONTEXTS {
            let bindings = self.bindings(context);
            if bindings.is_empty() {
                continue;
            }
            out.push_str(&format!("\n**{}** (`{name}`)\n\n", context.title()));
            out.push_str("| Keys | What they do |\n| --- | --- |\n");
            for b in bindings {
                let keys: Vec<String> = b
                    .keys
                    .iter()
                    .map(|k| format!("`{}`", k.label().replace('|', "\\|")))
                    .collect();
                out.push_str(&format!(
                    "| {} | {} |\n",
                    keys.join(" "),
                    b.help().replace('|', "\\|")
                ));
            }
        }
        out
    }
}

/// The contexts, as the config file names them.
pub static CONTEXTS: &[(&str, Context)] = &[
    ("global", Context::Global),
    ("questions", Context::Questions),
    ("board", Context::Board),
    ("next", Context::Next),
    ("resolved", Context::Resolved),
    ("map", Context::Map),
    ("present", Context::Present),
    ("review", Context::Review),
    ("zoom", Context::Zoom),
    ("grab", Context::Grab),
    ("input", Context::Input),
    ("editor", Context::Editor),
    ("picker", Context::Picker),
    ("confirm", Context::Confirm),
    ("settle", Context::Settle),
    ("meeting_quit", Context::MeetingQuit),
    ("messages", Context::Messages),
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
        assert_eq!(decide.help(), "decide: record the decision");
        // Presentation mode falls back to the board's overridden keys too.
        assert_eq!(map.lookup(Context::Present, w), Some(Action::Decide));
    }

    #[test]
    fn the_views_share_the_global_keys_and_a_global_override_reaches_all_three() {
        let defaults = Keymap::default();
        let u = KeyPress::plain(KeyCode::Char('u'));
        for context in [
            Context::Board,
            Context::Next,
            Context::Resolved,
            Context::Present,
        ] {
            assert_eq!(
                defaults.lookup(context, u),
                Some(Action::Undo),
                "{context:?}"
            );
            assert!(
                defaults
                    .bindings_in_force(context)
                    .iter()
                    .any(|b| b.action == Action::Help),
                "help lists the shared keys in {context:?}"
            );
        }
        let z = KeyPress::plain(KeyCode::Char('Z'));
        let map = Keymap::with(&[(Context::Global, z, Action::Undo)]);
        for context in [Context::Board, Context::Next, Context::Resolved] {
            assert_eq!(map.lookup(context, z), Some(Action::Undo), "{context:?}");
        }
        // A view's own binding of a shared key wins there, and only that key.
        let help = KeyPress::plain(KeyCode::Char('?'));
        let map = Keymap::with(&[(Context::Next, help, Action::Decide)]);
        assert_eq!(map.lookup(Context::Next, help), Some(Action::Decide));
        assert_eq!(
            map.lookup(Context::Next, KeyPress::plain(KeyCode::F(1))),
            Some(Action::Help)
        );
        assert_eq!(map.lookup(Context::Board, help), Some(Action::Help));
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
                    .map(|o| o.help())
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
