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
    /// Copy what is shown (the minutes) to the clipboard.
    Copy,
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
    RecoverySetAside(&'static str, Result<std::path::PathBuf, String>),
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
    /// A message from the edges for the status line.
    Note(String),
    /// A warning from the edges for the status line.
    Warn(String),
}

impl Action {
    /// Whether the action starts or makes a change to the board (refused on a read-only one).
    pub fn changes_board(&self) -> bool {
        matches!(
            self,
            Action::Add
                | Action::Edit
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
    SetAsideRecovery(std::path::PathBuf, &'static str),
    /// Write the minutes of a meeting to a file.
    WriteMinutes(String),
    /// Remember that a review was finished now.
    RecordReview,
    /// Put text on the clipboard (OSC 52, so it works over ssh and tmux).
    CopyToClipboard(String),
    /// Plan this board on another thread (a big board's plan takes longer than a keystroke
    /// may); the plan comes back as [`Action::Planned`].
    Plan(Box<super::PlanJob>),
    /// Leave the program (the app asks for it only once its changes are on disk, or the user
    /// chose to leave anyway).
    Quit,
}
