//! Everything a user (or an edge of the program) can ask of the app.

use ratatui_textarea::Input;

use crate::model::{Board, Lane};
use jiff::Timestamp;

/// One thing to do. Keys become actions through the keymap; mouse, paste and resize events
/// become actions directly; the saver reports back with [`Action::Saved`].
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    // Moving around the board.
    FocusLeft,
    FocusRight,
    SelectUp,
    SelectDown,
    SelectFirst,
    SelectLast,
    PageUp,
    PageDown,
    // Changing the board.
    Add,
    Edit,
    MoveLeft,
    MoveRight,
    MoveUp,
    MoveDown,
    SendTo(Lane),
    Grab,
    Drop,
    CancelGrab,
    Decide,
    Dissolve,
    Delete,
    Undo,
    Redo,
    /// Set a revisit date (defer deliberately).
    Defer,
    /// Choose what the question waits on.
    PickPrerequisite,
    ToggleDoor,
    Reopen,
    /// Enter on a card: jump to what it waits on, or edit it.
    Open,
    /// Board → Next steps → Resolved → Board.
    SwitchView,
    /// The view before: Board → Resolved → Next steps → Board.
    PrevView,
    /// Next steps' warnings: open in full, or folded to one line (small terminals).
    ToggleWarnings,
    /// Search titles and text as you type.
    Search,
    /// Narrow the board by owner, tag, door or text.
    Filter,
    NextMatch,
    PrevMatch,
    /// Clear the search and the filter.
    ClearFilters,
    /// Start the meeting, or end it and write the minutes.
    Meeting,
    /// Quitting during a meeting: keep it running for next time.
    KeepMeeting,
    /// Quitting during a meeting: drop it, with no minutes.
    DiscardMeeting,
    /// Copy what is shown (the minutes) to the clipboard.
    Copy,
    /// Settle a conflict two people's changes left on the selected question.
    Settle,
    /// Name the board (presentation mode and the minutes show it).
    Title,
    /// Every message of this session, in full.
    Messages,
    /// The board's detail pane on or off.
    ToggleDetail,
    /// In settling a conflict: take the other value.
    TakeOther,
    /// In settling a conflict on a text: keep both texts, the other one marked.
    KeepBoth,
    /// A line of shorthand applied to the selected question.
    Modify,
    /// Go to the next question with a conflict to settle.
    NextConflict,
    /// Go to the previous question with a conflict to settle.
    PrevConflict,
    /// Commit the board, fetch, merge the upstream, push.
    Sync,
    /// A second passed (while a meeting runs, for its clock).
    Tick,
    /// The minutes were written: where, or why not.
    MinutesSaved(Result<std::path::PathBuf, String>),
    /// Start the morning review.
    Review,
    /// In the review: nothing to change, next one.
    Keep,
    /// In the review: come back to it another time.
    Skip,
    /// The review was recorded (or could not be).
    ReviewRecorded(Result<Timestamp, String>),
    /// A sync through git finished: what it did, or why it stopped.
    Synced(Result<String, String>),
    /// How many commits of the upstream change the board and are not merged yet (after a
    /// fetch in the background); None when there is no upstream to ask.
    UpstreamAhead(Option<usize>),
    /// Presentation mode on or off.
    Present,
    /// Show the selected question on the whole screen (presentation mode).
    Zoom,
    Unzoom,
    // Text inputs, the editor and questions asked of the user.
    Submit,
    Cancel,
    NextField,
    PrevField,
    Save,
    Yes,
    No,
    Text(Input),
    Paste(String),
    // Overlays and the program.
    Help,
    CloseHelp,
    Quit,
    // Mouse, in terminal cells.
    MouseDown {
        col: u16,
        row: u16,
    },
    MouseDrag {
        col: u16,
        row: u16,
    },
    MouseUp {
        col: u16,
        row: u16,
    },
    Scroll {
        col: u16,
        row: u16,
        down: bool,
    },
    // From the edges.
    Resize {
        width: u16,
        height: u16,
    },
    /// The saver finished with change number `generation`: the board it wrote, or why not.
    /// `seen` numbers the look at the file the write followed (see `DiskChanged`).
    Saved {
        generation: u64,
        seen: u64,
        result: Result<Board, super::SaveError>,
    },
    /// The board on disk is not what this app last saw (another writer, an editor, a pull):
    /// the newer board, or why it does not load. `seen` numbers the look at the file it comes
    /// from: looks are numbered in the order they were taken, so a report that arrives after a
    /// newer one is known to be older and is ignored.
    DiskChanged {
        seen: u64,
        board: Result<Board, super::Unreadable>,
    },
    /// Where a recovery copy was set aside once answered, or why it could not be.
    RecoverySetAside(crate::store::SetAside, Result<std::path::PathBuf, String>),
    /// Backups of the board started failing (why, naming the state folder), or work again.
    BackupsFailing(Option<String>),
    /// Write this board over a file on disk that does not load (it is backed up first).
    WriteAnyway,
    /// Try a failed save again.
    RetrySave,
    /// The timer for retrying a failed save went off (not a key: a dialog stays open).
    RetryDue,
    /// Ask where to write a copy of the board (when it cannot be saved in its place).
    SaveElsewhere,
    /// The background planner's plan for request `number` (see [`Effect::Plan`]).
    Planned {
        number: u64,
        plan: Box<crate::model::plan::Plan>,
    },
    /// A copy of the board was written elsewhere (when it could not be saved in its
    /// place), or why not.
    CopySaved {
        to: std::path::PathBuf,
        result: Result<(), String>,
    },
    /// The running meeting's start could not be kept on disk: why.
    MeetingNotKept(String),
    /// The board is shared through git, but this clone has not set up its merge driver.
    MergeDriverMissing,
    /// The planner's thread failed (a bug): where its report was written, if anywhere.
    PlanFailed {
        report: Option<std::path::PathBuf>,
    },
    /// What is wrong in the config file (the app runs on defaults for those settings).
    ConfigProblems(Vec<String>),
    /// Questions that had another's key were given keys of their own on load.
    KeysRepaired,
    /// Write the selected resolved question's decision record.
    WriteRecord,
    /// A decision record was written (or a question already had one), or why not.
    RecordWritten {
        id: u32,
        result: Result<crate::store::records::Written, String>,
    },
}

/// An action a key can be bound to: the name the config file uses for it and what it does
/// (the help of a key bound to it, where the key table says nothing more particular).
#[derive(Debug)]
pub struct Command {
    pub name: &'static str,
    pub action: Action,
    pub help: &'static str,
}

/// Declares every command once: its action, its name and its help.
macro_rules! commands {
    ($($action:expr => $name:literal, $help:literal;)*) => {
        /// Every action a key can be bound to.
        pub static COMMANDS: &[Command] = &[$(Command { name: $name, action: $action, help: $help }),*];
    };
}

commands! {
    Action::Add => "add", "add a question to the focused lane";
    Action::Edit => "edit", "edit the selected question";
    Action::Open => "open", "jump to what it waits on; edit if it waits on nothing";
    Action::PrevView => "prev_view", "the view before";
    Action::ToggleWarnings => "toggle_warnings", "show all warnings, or fold them to one line";
    Action::SwitchView => "switch_view", "next view: Board, Next steps, Resolved";
    Action::FocusLeft => "focus_left", "focus the lane on the left";
    Action::FocusRight => "focus_right", "focus the lane on the right";
    Action::SelectDown => "select_down", "select the next question";
    Action::SelectUp => "select_up", "select the previous question";
    Action::SelectFirst => "select_first", "select the first question";
    Action::SelectLast => "select_last", "select the last question";
    Action::PageUp => "page_up", "page up";
    Action::PageDown => "page_down", "page down";
    Action::MoveLeft => "move_left", "move the card to the lane on the left";
    Action::MoveRight => "move_right", "move the card to the lane on the right";
    Action::MoveUp => "move_up", "move the card up its lane";
    Action::MoveDown => "move_down", "move the card down its lane";
    Action::SendTo(Lane::Blocking) => "send_to_blocking", "send the card to Blocking";
    Action::SendTo(Lane::Uncomfortable) => "send_to_uncomfortable", "send the card to Uncomfortable";
    Action::SendTo(Lane::Interesting) => "send_to_interesting", "send the card to Interesting";
    Action::Grab => "grab", "grab the card to carry it with the arrows";
    Action::Drop => "drop", "drop the card here";
    Action::CancelGrab => "cancel_grab", "put the card back where it was";
    Action::Decide => "decide", "decide: record the decision";
    Action::Dissolve => "dissolve", "dissolve: it went away";
    Action::Defer => "defer", "defer: set a revisit date (+3d, +2w, mon, YYYY-MM-DD)";
    Action::PickPrerequisite => "pick_prerequisite", "choose what it waits on (add or remove)";
    Action::ToggleDoor => "toggle_door", "toggle one-way / two-way door";
    Action::Reopen => "reopen", "reopen the question";
    Action::Delete => "delete", "delete the question (asks first)";
    Action::Undo => "undo", "undo";
    Action::Redo => "redo", "redo";
    Action::Search => "search", "search titles and text as you type";
    Action::Filter => "filter", "filter by @owner, #tag, ! one-way, ~ two-way, or words";
    Action::NextMatch => "next_match", "next search match";
    Action::PrevMatch => "prev_match", "previous search match";
    Action::ClearFilters => "clear_filters", "clear the search and the filter";
    Action::KeepMeeting => "keep_meeting", "quit, and keep the meeting running for next time";
    Action::DiscardMeeting => "discard_meeting", "quit, and drop the meeting (no minutes)";
    Action::Meeting => "meeting", "start a meeting; m again ends it and writes the minutes";
    Action::Review => "review", "review: what changed since last time, what is due, what is stale";
    Action::WriteRecord => "write_record", "write the resolved question's decision record (MADR) into the repository";
    Action::Keep => "keep", "keep as it is, next";
    Action::Skip => "skip", "skip for now";
    Action::Copy => "copy", "copy the minutes to the clipboard";
    Action::ToggleDetail => "toggle_detail", "show or hide the selected question's detail (beside or below the board, beside the lists)";
    Action::Messages => "messages", "every message of this session, in full";
    Action::Title => "title", "name the board (presentation mode and the minutes show it)";
    Action::Settle => "settle", "settle a conflict: keep the value the board holds, or take the other";
    Action::TakeOther => "take_other", "take the other value";
    Action::KeepBoth => "keep_both", "keep both texts in the field, the other one marked";
    Action::Modify => "modify", "change the question with shorthand: @owner #tag ^7 ! >date <date b:/u:/i:";
    Action::NextConflict => "next_conflict", "the next question with a conflict to settle";
    Action::PrevConflict => "prev_conflict", "the previous question with a conflict to settle";
    Action::Sync => "sync", "sync through git: commit the board, fetch, merge, push";
    Action::Present => "present", "presentation mode: for a shared screen";
    Action::Zoom => "zoom", "show the question on the whole screen";
    Action::Unzoom => "unzoom", "back to the board";
    Action::WriteAnyway => "write_anyway", "when the file on disk is broken: back it up and write yours";
    Action::RetrySave => "retry_save", "try saving again, then quit";
    Action::SaveElsewhere => "save_elsewhere", "write a copy to another path";
    Action::Submit => "submit", "add or remove the selected prerequisite";
    Action::Cancel => "cancel", "stop the review (not recorded)";
    Action::NextField => "next_field", "next field (Enter too, in one-line fields)";
    Action::PrevField => "prev_field", "previous field";
    Action::Save => "save", "save the question";
    Action::Yes => "yes", "quit anyway: changes not on disk are lost";
    Action::No => "no", "stay";
    Action::Help => "help", "all keys";
    Action::CloseHelp => "close_help", "close help";
    Action::Quit => "quit", "quit (everything is saved already)";
}

impl Action {
    /// The command of an action a key can do, if it is one.
    pub fn command(&self) -> Option<&'static Command> {
        COMMANDS.iter().find(|c| c.action == *self)
    }
}

impl Action {
    /// Whether the action starts or makes a change to the board (refused on a read-only one).
    pub fn changes_board(&self) -> bool {
        matches!(
            self,
            Action::Add
                | Action::Edit
                | Action::WriteRecord
                | Action::MoveLeft
                | Action::MoveRight
                | Action::MoveUp
                | Action::MoveDown
                | Action::SendTo(_)
                | Action::Grab
                | Action::Decide
                | Action::Dissolve
                | Action::Delete
                | Action::Undo
                | Action::Redo
                | Action::Defer
                | Action::PickPrerequisite
                | Action::ToggleDoor
                | Action::Reopen
                | Action::Settle
                | Action::Title
                | Action::TakeOther
                | Action::KeepBoth
                | Action::Modify
                | Action::WriteAnyway
        )
    }
}

/// What the edges must do after an update.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Write the board (the app's `generation` tells which change this is) if the file on
    /// disk is still the app's `base`.
    Save,
    /// Back up the file on disk, which does not load, and write the board over it.
    SaveOverBroken,
    /// Write a copy of the board to another path.
    SaveAs(std::path::PathBuf),
    /// Set a recovery copy aside (into a folder named by the reason), once it is answered.
    SetAsideRecovery(std::path::PathBuf, crate::store::SetAside),
    /// Write the minutes of a meeting to a file.
    WriteMinutes(String),
    /// Remember that a review was finished now, and what was looked at in it.
    RecordReview(crate::model::review::Looked),
    /// Sync the board through git (on another thread: it takes a moment, and the network).
    Sync,
    /// Keep a running meeting's start (None: forget it), so it survives a restart.
    KeepMeeting(Option<Timestamp>),
    /// Write question `id`'s decision record into the repository (as of `today`).
    WriteRecord(u32, jiff::civil::Date),
    /// Put text on the clipboard (OSC 52, so it works over ssh and tmux).
    CopyToClipboard(String),
    /// Plan this board on another thread (a big board's plan takes longer than a keystroke
    /// may); the plan comes back as [`Action::Planned`].
    Plan(Box<super::PlanJob>),
    /// Leave the program (the app asks for it only once its changes are on disk, or the user
    /// chose to leave anyway).
    Quit,
}
