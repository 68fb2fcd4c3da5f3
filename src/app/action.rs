//! Everything a user (or an edge of the program) can ask of the app.

use ratatui_textarea::Input;

use crate::model::Lane;

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
    /// The saver finished writing change number `generation`.
    Saved {
        generation: u64,
        result: Result<(), String>,
    },
}

/// What the edges must do after an update.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Write the board (the app's `generation` tells which change this is).
    Save,
    /// Leave the program, once pending saves are written.
    Quit,
}
