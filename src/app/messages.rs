//! Sentences that name a key: each asks the keymap for the key bound now, so a hint never lies
//! after the user remaps a key in the config file.

use super::Action;
use super::keymap::{Context, Keymap};

/// Saves work again after failing.
pub const SAVED_AGAIN: &str = "saved again: every change is on disk";

/// The keys a sentence names, as bound now.
pub struct Keys<'a>(pub &'a Keymap);

impl Keys<'_> {
    fn board(&self, action: Action) -> String {
        self.0.key(Context::Board, &action)
    }

    fn input(&self, action: Action) -> String {
        self.0.key(Context::Input, &action)
    }

    pub fn undo(&self) -> String {
        self.board(Action::Undo)
    }

    pub fn add(&self) -> String {
        self.board(Action::Add)
    }

    pub fn quit(&self) -> String {
        self.board(Action::Quit)
    }

    pub fn meeting(&self) -> String {
        self.board(Action::Meeting)
    }

    pub fn write_anyway(&self) -> String {
        self.board(Action::WriteAnyway)
    }

    pub fn switch_view(&self) -> String {
        self.board(Action::SwitchView)
    }

    pub fn clear(&self) -> String {
        self.board(Action::ClearFilters)
    }

    pub fn matches(&self) -> String {
        format!(
            "{}/{}",
            self.board(Action::NextMatch),
            self.board(Action::PrevMatch)
        )
    }

    pub fn keep_line(&self) -> String {
        self.input(Action::Submit)
    }

    pub fn cancel_line(&self) -> String {
        self.input(Action::Cancel)
    }

    pub fn yes(&self) -> String {
        self.0.key(Context::Confirm, &Action::Yes)
    }

    /// A save failed: what happened, and where to turn.
    pub fn not_saved(&self, why: &super::SaveError) -> String {
        format!(
            "NOT SAVED: {why}. Your changes are kept here and the save is retried; {} asks what to do",
            self.quit()
        )
    }

    pub fn no(&self) -> String {
        self.0.key(Context::Confirm, &Action::No)
    }
}

/// Undo or redo found nothing to do.
pub fn nothing_to(back: bool) -> &'static str {
    if back {
        "nothing to undo"
    } else {
        "nothing to redo"
    }
}

/// Undo or redo done: what it was, and how many more there are.
pub fn travelled(back: bool, done: &super::Travelled) -> String {
    let (did, verb) = if back {
        ("undone", "undo")
    } else {
        ("redone", "redo")
    };
    format!("{did}: {} ({} more to {verb})", done.what, done.left)
}
