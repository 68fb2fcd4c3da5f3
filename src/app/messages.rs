//! Every sentence the app says in its status line, in one place. A sentence that names a key
//! asks the keymap for the key bound now ([`Keys`]), so a hint never lies after the user remaps
//! a key in the config file.

use std::path::Path;

use jiff::civil::Date;

use super::Action;
use super::keymap::{Context, Keymap};
use crate::model::merge::{Conflict, Side};
use crate::model::plan::{SectionKind, id_list};
use crate::model::{Door, Lane, Question, text};

/// The notes at the end of help: the mouse on the board, typing in a text field.
pub const MOUSE_NOTE: &str =
    "Mouse: click selects; drag a card to a lane and drop it; the wheel scrolls a lane.";
pub const TYPING_NOTE: &str = "Typing: arrows, Home/End, Ctrl-a/e, Ctrl-w deletes a word, Ctrl-u clears to the start, Ctrl-z/Ctrl-r undo/redo typing; paste works.";

pub const LOADS_AGAIN: &str = "the board on disk loads again; saving";
pub const MERGED_IN: &str = "the board changed on disk: merged in";
pub const CLEARED: &str = "search and filter cleared: every question is shown";
pub const NOTHING_SELECTED: &str = "nothing selected to show";
pub const SAVING_THEN_QUITTING: &str = "saving, then quitting";
pub const SAVING_AGAIN_THEN_QUITTING: &str = "saving again, then quitting";
pub const WRITING_OVER_BROKEN: &str = "backing up the broken file and writing yours";
pub const BACKUPS_WORK: &str = "backups work again";
pub const REVIEW_RECORDED: &str = "review recorded: new and changed marks start from now";
pub const REVIEW_CLOSED: &str = "review closed without recording it";
pub const REVIEW_STOPPED: &str = "review stopped; it is not recorded";
pub const COPIED: &str = "minutes sent to the clipboard with OSC 52 (if the terminal allows it; in tmux: set -g set-clipboard on)";

/// A question's title as the status line shows it: one line, controls made visible.
fn title(q: &Question) -> String {
    text::display_safe(&text::one_line(&q.title), false).into_owned()
}

pub fn dropped(id: u32, lane: Lane) -> String {
    format!("#{id} dropped in {}", lane.name())
}

pub fn moved(id: u32, lane: Lane) -> String {
    format!("#{id} moved to {}", lane.name())
}

pub fn door(id: u32, door: Door) -> String {
    format!("#{id} is a {} door", door.name())
}

pub fn reopened(id: u32) -> String {
    format!("#{id} reopened")
}

pub fn deleted(q: &Question) -> String {
    format!("deleted #{} {}", q.id, title(q))
}

pub fn deleted_elsewhere(id: u32) -> String {
    format!("#{id} was deleted elsewhere")
}

/// A field changed both here and in the file on disk, and which side was kept.
pub fn conflict(c: &Conflict) -> String {
    let kept = match c.kept {
        Side::Ours => "yours kept; theirs is in its history",
        Side::Theirs => "the later one, from elsewhere, kept; yours is in its history",
    };
    format!(
        "#{} {} was changed here and elsewhere: {kept}",
        c.id, c.field
    )
}

pub fn renumbered(old: u32, new: u32) -> String {
    format!("your #{old} is now #{new} (another #{old} was added elsewhere)")
}

pub fn question_saved(id: u32) -> String {
    format!("#{id} saved")
}

/// The editor saved over fields someone else changed meanwhile.
pub fn saved_over(id: u32, replaced: &[String]) -> String {
    format!(
        "#{id} saved; {} (the text it replaced is in its history)",
        replaced.join(", ")
    )
}

pub fn saved_as_new(old: u32, id: u32) -> String {
    format!(
        "#{old} was deleted elsewhere while you edited it; your edit is saved as a new question, #{id}"
    )
}

pub fn waits_now(id: u32, after: u32, waits: bool) -> String {
    if waits {
        format!("#{id} now waits on #{after}")
    } else {
        format!("#{id} no longer waits on #{after}")
    }
}

pub fn backups_failing(why: &str) -> String {
    format!("{why}; the board itself is saved, and backups are tried again at each save")
}

pub fn kept_aside(path: &Path) -> String {
    format!("the recovery copy is kept aside in {}", path.display())
}

/// Something the edges were asked to do failed.
pub fn could_not(what: &str, why: &str) -> String {
    format!("could not {what}: {why}")
}

pub const MAP_EMPTY: &str = "no open questions to draw";
pub const MAP_NO_PREREQUISITE: &str = "it waits on nothing open: nothing further left";
pub const MAP_NOTHING_WAITS: &str = "nothing open waits on it: nothing further right";
pub const MAP_COLUMN_END: &str = "no more questions in this column";

pub fn record_written(id: u32, path: &Path) -> String {
    format!("#{id}'s decision record written to {}", path.display())
}

pub fn record_exists(id: u32, path: &Path) -> String {
    format!("#{id}'s decision record is at {}", path.display())
}

pub fn copy_saved(to: &Path) -> String {
    format!("saved a copy to {}", to.display())
}

pub fn copy_not_saved(to: &Path, why: &str) -> String {
    format!("could not save to {}: {why}", to.display())
}

pub const MERGE_DRIVER_MISSING: &str = "this board is shared through git, but this clone has not set up its merge driver: run `unknowns git-setup` once";

/// The planner's thread failed: where its report is.
pub fn plan_failed(report: Option<&Path>) -> String {
    match report {
        Some(dir) => format!(
            "could not plan the board (a bug, reported in {}); Next steps shows an older plan",
            dir.display()
        ),
        None => "could not plan the board (a bug); Next steps shows an older plan".to_string(),
    }
}

pub fn minutes_written(path: &Path) -> String {
    format!("minutes written to {}", path.display())
}

pub fn revisit_but_waited_on(id: u32, day: Date, kind: SectionKind) -> String {
    format!(
        "#{id} revisits on {day}, but a blocking question waits on it: it stays in {}",
        kind.title()
    )
}

pub fn deferred(id: u32, revisit: Option<Date>) -> String {
    match revisit {
        Some(day) => format!("#{id} deferred until {day}"),
        None => format!("#{id} has no revisit date now"),
    }
}

pub fn no_match(query: &str) -> String {
    format!(
        "no question here matches \"{}\"",
        text::display_safe(query, false)
    )
}

pub fn no_conflict(id: u32) -> String {
    format!("#{id} has no conflict to settle")
}

/// `]` / `[` found no question with a conflict.
pub const NO_CONFLICTS: &str = "no conflicts to settle";

/// Leaving a conflict for later, with no other one to go to.
pub const NO_OTHER_CONFLICT: &str = "no other conflict to settle: this one is left for later";

/// `]` / `[` selected a question with conflicts.
pub fn conflict_here(id: u32, count: usize, settle: String) -> String {
    format!(
        "#{id}: {} to settle ({settle} settles)",
        text::count(count, "conflict")
    )
}

/// A conflict settled: the value the field holds now.
pub fn settled(id: u32, field: crate::model::Field, value: &str, undo: String) -> String {
    format!(
        "#{id} {field} settled: \"{}\"; {undo} undoes",
        text::display_safe(&text::one_line(value), false)
    )
}

pub const SYNCING: &str = "syncing through git…";

pub fn sync_failed(why: &str) -> String {
    format!("sync: {why}")
}

pub fn already_in(id: u32, lane: Lane) -> String {
    format!("#{id} is already in {}: kept as it is", lane.name())
}

pub fn titled(title: &str) -> String {
    if title.is_empty() {
        "the board has no title now".into()
    } else {
        format!(
            "the board is titled \"{}\"",
            text::display_safe(title, false)
        )
    }
}

pub fn zoom_end(n: usize) -> String {
    format!("the last question ({n} of {n})")
}

pub fn zoom_start(n: usize) -> String {
    format!("the first question (1 of {n})")
}

pub fn still_on(id: u32) -> String {
    format!("#{id} is as it was: still on it")
}

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

    pub fn settle(&self) -> String {
        self.board(Action::Settle)
    }

    pub fn add(&self) -> String {
        self.board(Action::Add)
    }

    /// What `i` did to the detail, or why it cannot show it.
    pub fn detail(&self, shown: Option<bool>, rows: u16) -> String {
        let key = self.board(Action::ToggleDetail);
        match shown {
            Some(true) => format!("detail shown ({key} hides it)"),
            Some(false) => format!("detail hidden ({key} shows it)"),
            None => format!(
                "no room for the detail: the board needs {rows} rows for it ({} shows the question whole)",
                self.0.key(Context::Global, &Action::Zoom)
            ),
        }
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

    pub fn nothing_to_review(&self) -> String {
        "nothing needs a look since your last review: no review to record".to_string()
    }

    pub fn meeting_started(&self) -> String {
        format!(
            "meeting started: capture away; {} ends it and writes the minutes",
            self.meeting()
        )
    }

    /// Enter on a card that waits on others jumped to the first of them.
    pub fn jumped(&self, id: u32, waiting: &[u32], first: u32) -> String {
        format!(
            "#{id} waits on {}: now on #{first} ({} edits #{first})",
            id_list(waiting),
            self.board(Action::Edit)
        )
    }

    pub fn disk_broken(&self, why: &impl std::fmt::Display) -> String {
        format!(
            "the board on disk does not load ({why}): nothing is written until it does; your changes are kept here. {} writes yours (the broken file is backed up first)",
            self.write_anyway()
        )
    }

    pub fn decision_needs_words(&self) -> String {
        format!(
            "a decision needs words: what was decided? ({} cancels)",
            self.cancel_line()
        )
    }

    /// A question was decided or dissolved.
    pub fn resolved(&self, id: u32, how: &str) -> String {
        format!("#{id} {how}; {} undoes", self.undo())
    }

    /// A one-way door decided: its record offered, once.
    pub fn decided_one_way(&self, id: u32) -> String {
        format!(
            "#{id} decided: a one-way door; {} writes its decision record · {} undoes",
            self.0.key(Context::Resolved, &Action::WriteRecord),
            self.undo()
        )
    }

    pub fn search_matches(&self, n: usize) -> String {
        format!(
            "{n} match{} · {} jump · {} clears",
            if n == 1 { "" } else { "es" },
            self.matches(),
            self.clear()
        )
    }

    /// Esc on typed words in the add line.
    pub fn discard_line(&self, typed: &str) -> String {
        format!(
            "{} again throws \"{}\" away; {} adds it",
            self.cancel_line(),
            text::display_safe(&text::one_line(typed), false),
            self.keep_line()
        )
    }

    pub fn no_search(&self) -> String {
        format!("no search: {} starts one", self.board(Action::Search))
    }

    /// Quick add took a question; the line stays open for the next.
    pub fn added(&self, id: u32, lane: Lane) -> String {
        format!(
            "added #{id} to {} · next one, or {} on an empty line to finish",
            lane.name(),
            self.keep_line()
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
