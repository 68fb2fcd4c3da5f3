//! The keys of the dialogs and overlays opened over a screen: delete's question, quitting
//! (with a meeting running, or changes not on disk), the help, the message log and the
//! minutes. Each closes back to the layer beneath (see `layers.rs`).

use super::{Action, App, Effect, Mode, Prompt, PromptKind, SaveState, messages};
use jiff::Timestamp;

impl App {
    /// Delete's question answered.
    pub(super) fn confirm_delete(&mut self, id: u32, action: Action, effects: &mut Vec<Effect>) {
        self.close();
        if action == Action::Yes
            && let Some(q) = self.change(effects, |b| b.remove(id))
        {
            self.say(messages::deleted(&q));
        }
    }

    /// Quitting while a meeting runs: end it (the minutes), keep it for later, or discard it.
    pub(super) fn meeting_quit(
        &mut self,
        action: Action,
        now: Timestamp,
        effects: &mut Vec<Effect>,
    ) {
        match action {
            Action::Meeting => {
                self.end_meeting(now, effects);
                self.close();
                self.quit();
            }
            Action::KeepMeeting => {
                // Kept in the state folder already (since it started).
                self.close();
                self.quit();
            }
            Action::DiscardMeeting => {
                self.close();
                self.meeting = None;
                effects.push(Effect::KeepMeeting(None));
                self.quit();
            }
            Action::Cancel => self.close(),
            Action::Help => self.open_help(),
            _ => {}
        }
    }

    /// Quitting while changes are not on disk: retry, save elsewhere, or quit anyway.
    pub(super) fn confirm_quit(&mut self, action: Action, effects: &mut Vec<Effect>) {
        match action {
            Action::RetrySave => {
                self.close();
                self.session.quit_when_saved = true;
                self.session.save_state = SaveState::Saving;
                effects.push(Effect::Save);
                self.say(messages::SAVING_AGAIN_THEN_QUITTING);
            }
            Action::SaveElsewhere => self.open(Mode::Prompt(Box::new(Prompt::new(
                PromptKind::SaveAs,
                "a path to write a copy of the board to",
            )))),
            Action::Yes => self.should_quit = true,
            Action::No => self.close(),
            _ => {}
        }
    }

    pub(super) fn help(&mut self, action: Action) {
        if !matches!(self.mode, Mode::Help { .. }) {
            return;
        }
        let context = self.help_context();
        let layout = self.help_layout(context);
        let last = layout.last() as u16;
        let page = (layout.rows() as u16).saturating_sub(1).max(1);
        let Mode::Help { scroll, .. } = &mut self.mode else {
            return;
        };
        match action {
            Action::SelectDown => *scroll = scroll.saturating_add(1).min(last),
            Action::SelectUp => *scroll = scroll.saturating_sub(1),
            Action::PageDown => *scroll = scroll.saturating_add(page).min(last),
            Action::PageUp => *scroll = scroll.saturating_sub(page),
            Action::SelectFirst => *scroll = 0,
            Action::SelectLast => *scroll = last,
            Action::CloseHelp => self.close(),
            _ => {}
        }
    }

    pub(super) fn open_help(&mut self) {
        self.push(Mode::Help { scroll: 0 });
    }

    /// The message log: scrolled like the minutes, closed the same way.
    pub(super) fn messages_overlay(&mut self, action: Action) {
        let Mode::Messages { scroll } = &mut self.mode else {
            return;
        };
        match action {
            Action::SelectDown => *scroll = scroll.saturating_add(1),
            Action::SelectUp => *scroll = scroll.saturating_sub(1),
            Action::Cancel | Action::Messages => self.close(),
            Action::Help => self.open_help(),
            _ => {}
        }
    }

    pub(super) fn minutes_overlay(&mut self, action: Action, effects: &mut Vec<Effect>) {
        // A key on the minutes: they are read in full first (and written).
        while self.minutes_pending() {
            self.minutes_slice(effects);
        }
        let Mode::Minutes { text, scroll, .. } = &mut self.mode else {
            return;
        };
        match action {
            Action::Copy => {
                effects.push(Effect::CopyToClipboard(text.clone()));
                self.say(messages::COPIED);
            }
            Action::SelectDown => *scroll = scroll.saturating_add(1),
            Action::SelectUp => *scroll = scroll.saturating_sub(1),
            Action::Cancel => self.close(),
            _ => {}
        }
    }
}
