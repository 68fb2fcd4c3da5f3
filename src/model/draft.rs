//! Text typed but not yet submitted: kept in a recovery copy when the app is stopped by a
//! signal or a crash, and offered back on the next start.

use serde::{Deserialize, Serialize};

use super::{Door, Lane};

/// What was being typed, and where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Draft {
    /// The editor, open on a question: each field's text (by its label) and the door.
    Editor {
        id: u32,
        lane: Lane,
        fields: Vec<(String, String)>,
        door: Door,
    },
    /// The add line of a lane.
    Add { lane: Lane, text: String },
    /// A decision being typed.
    Decide { id: u32, text: String },
    /// Why a question went away, being typed.
    Dissolve { id: u32, text: String },
    /// A revisit date being typed.
    Defer { id: u32, text: String },
}

impl Draft {
    /// Whether there is anything typed in it worth keeping.
    pub fn is_empty(&self) -> bool {
        match self {
            Draft::Editor { .. } => false,
            Draft::Add { text, .. }
            | Draft::Decide { text, .. }
            | Draft::Dissolve { text, .. }
            | Draft::Defer { text, .. } => text.trim().is_empty(),
        }
    }

    /// Where it was typed, for a person: "the editor of #3", "the add line of Blocking".
    pub fn place(&self) -> String {
        match self {
            Draft::Editor { id, .. } => format!("the editor of #{id}"),
            Draft::Add { lane, .. } => format!("the add line of {}", lane.name()),
            Draft::Decide { id, .. } => format!("the decision of #{id}"),
            Draft::Dissolve { id, .. } => format!("why #{id} dissolved"),
            Draft::Defer { id, .. } => format!("the revisit date of #{id}"),
        }
    }

    /// The text typed, as plain lines (for the command line to print).
    pub fn text(&self) -> String {
        match self {
            Draft::Editor { fields, .. } => fields
                .iter()
                .filter(|(_, t)| !t.is_empty())
                .map(|(name, t)| format!("{name}: {t}"))
                .collect::<Vec<_>>()
                .join("\n"),
            Draft::Add { text, .. }
            | Draft::Decide { text, .. }
            | Draft::Dissolve { text, .. }
            | Draft::Defer { text, .. } => text.clone(),
        }
    }
}
