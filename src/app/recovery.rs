//! Text typed but not submitted, and recovery copies offered back on start.

use jiff::Timestamp;

use super::editor::{Editor, EditorField, Prompt, PromptKind, TextField};
use super::{App, Effect, Mode};
use crate::model::merge;
use crate::model::{Board, Draft};

/// A recovery copy found on start, offered to the user.
#[derive(Clone, Debug)]
pub struct Offer {
    /// The file it came from, to set aside once answered.
    pub path: std::path::PathBuf,
    pub at: Timestamp,
    pub base: Board,
    pub board: Board,
    pub draft: Option<Draft>,
    /// Whether merging it would change the board (found when it is offered).
    pub holds_changes: bool,
}

impl App {
    /// What is being typed and not yet submitted, if anything: kept in a recovery copy when the
    /// app is stopped.
    pub fn draft(&self) -> Option<Draft> {
        self.layers().find_map(draft_of)
    }

    /// Offers a recovery copy: `y` merges it in, `n` (or `Esc`) keeps it aside.
    pub fn offer_recovery(&mut self, mut offer: Offer) {
        offer.holds_changes =
            merge::merge(&offer.board, &offer.base, &self.session.board, self.now).board
                != self.session.board;
        self.open(Mode::Recover(Box::new(offer)));
    }

    /// The answer to a recovery offer.
    pub(super) fn answer_recovery(
        &mut self,
        merge_it: bool,
        now: Timestamp,
        effects: &mut Vec<Effect>,
    ) {
        if !matches!(self.mode, Mode::Recover(_)) {
            return;
        }
        let Mode::Recover(offer) = std::mem::replace(&mut self.mode, Mode::Normal) else {
            return;
        };
        self.close();
        if !merge_it {
            effects.push(Effect::SetAsideRecovery(
                offer.path,
                crate::store::SetAside::KeptAside,
            ));
            return;
        }
        // The changes the recovery copy made to the board it was based on, onto the board as
        // it is now: a three-way merge, like an outside change, and one undo step.
        let merged = merge::merge(&offer.board, &offer.base, &self.session.board, now).board;
        let changed = merged != self.session.board;
        if changed && !self.read_only {
            let _ = self.try_change(effects, |b| {
                *b = merged;
                Ok(())
            });
        }
        effects.push(Effect::SetAsideRecovery(
            offer.path,
            crate::store::SetAside::Merged,
        ));
        let restored = offer.draft.as_ref().map(|d| self.restore_draft(d));
        let what = match (changed, restored) {
            (true, Some(Ok(place))) => format!("recovered changes merged in, and {place} reopened"),
            (false, Some(Ok(place))) => format!("{place} reopened with the text you had typed"),
            (_, Some(Err(why))) => why,
            (true, None) => format!("recovered changes merged in; {} undoes", self.keys().undo()),
            (false, None) => "the recovery copy held nothing the board lacks".to_string(),
        };
        self.say(what);
    }

    /// Opens the editor or prompt the draft was typed in, with its text. Says where, or why it
    /// could not (the question is gone: then its text is in the message).
    fn restore_draft(&mut self, draft: &Draft) -> Result<String, String> {
        let missing = |id: u32| {
            format!(
                "{} could not be reopened (#{id} is gone); the text was: {}",
                draft.place(),
                crate::model::text::one_line(&draft.text())
            )
        };
        let prompt = |kind: PromptKind, text: &str| {
            let mut p = Prompt::new(kind, "");
            p.field = TextField::new(text, false);
            p.field.set_focused(true);
            Mode::Prompt(Box::new(p))
        };
        self.open(match draft {
            Draft::Editor {
                id, fields, door, ..
            } => {
                let q = self.question(*id).ok_or_else(|| missing(*id))?;
                let mut editor = Editor::open(q);
                for (kind, field) in &mut editor.fields {
                    if let Some((_, text)) = fields.iter().find(|(l, _)| l == kind.caption()) {
                        *field = TextField::new(text, kind.multi_line());
                        field.area.set_placeholder_text(kind.placeholder());
                    }
                }
                editor.door = *door;
                editor.focus_field(0);
                Mode::Editor(Box::new(editor))
            }
            Draft::Add { lane, text } => prompt(PromptKind::Add(*lane), text),
            Draft::Decide { id, text }
            | Draft::Dissolve { id, text }
            | Draft::Defer { id, text } => {
                self.question(*id).ok_or_else(|| missing(*id))?;
                let kind = match draft {
                    Draft::Decide { .. } => PromptKind::Decide(*id),
                    Draft::Dissolve { .. } => PromptKind::Dissolve(*id),
                    _ => PromptKind::Defer(*id),
                };
                prompt(kind, text)
            }
        });
        Ok(draft.place())
    }
}

fn draft_of(mode: &Mode) -> Option<Draft> {
    let draft = match mode {
        Mode::Editor(e) => Draft::Editor {
            id: e.id,
            lane: e.lane,
            fields: e
                .fields
                .iter()
                .map(|(kind, field)| (kind.caption().to_string(), field.text()))
                .collect(),
            door: e.door,
        },
        Mode::Prompt(p) => {
            let text = p.field.text();
            match p.kind {
                PromptKind::Add(lane) => Draft::Add { lane, text },
                PromptKind::Decide(id) => Draft::Decide { id, text },
                PromptKind::Dissolve(id) => Draft::Dissolve { id, text },
                PromptKind::Defer(id) => Draft::Defer { id, text },
                // Shorthand is quick to type again: not kept.
                PromptKind::SaveAs
                | PromptKind::Search
                | PromptKind::Filter
                | PromptKind::Title
                | PromptKind::Modify(_) => return None,
            }
        }
        _ => return None,
    };
    (!draft.is_empty()).then_some(draft)
}
