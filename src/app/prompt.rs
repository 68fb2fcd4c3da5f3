//! The one-line prompts (add, decide, dissolve, defer, search, filter, save a copy) and search as you type.

use super::{
    ADD_PLACEHOLDER, Action, App, Effect, Mode, PromptKind, dates, editor, messages, plan, quick,
};
use crate::model::filter::Filter;
use jiff::Timestamp;
use jiff::civil::Date;

impl App {
    pub(super) fn prompt(
        &mut self,
        action: Action,
        today: Date,
        now: Timestamp,
        effects: &mut Vec<Effect>,
    ) {
        let Mode::Prompt(prompt) = &mut self.mode else {
            return;
        };
        match action {
            Action::Text(input) => {
                prompt.discard_armed = false;
                prompt.field.input(input);
                let (kind, text) = (prompt.kind, prompt.field.text());
                self.live(kind, &text);
            }
            // Words typed into the add line are not thrown away on one key: Esc asks once.
            Action::Cancel
                if matches!(prompt.kind, PromptKind::Add(_))
                    && !prompt.field.text().trim().is_empty()
                    && !prompt.discard_armed =>
            {
                prompt.discard_armed = true;
                let typed = prompt.field.text();
                self.warn(self.keys().discard_line(&typed));
            }
            Action::Cancel => {
                let kind = prompt.kind;
                self.close();
                match kind {
                    PromptKind::Search => self.live(PromptKind::Search, ""),
                    PromptKind::Filter => self.live(PromptKind::Filter, ""),
                    _ => {}
                }
            }
            Action::Help => self.open_help(),
            Action::Submit => {
                let (kind, text) = (prompt.kind, prompt.field.text());
                self.submit(kind, text, today, now, effects);
            }
            _ => {}
        }
    }

    /// Enter in a prompt.
    fn submit(
        &mut self,
        kind: PromptKind,
        text: String,
        today: Date,
        now: Timestamp,
        effects: &mut Vec<Effect>,
    ) {
        match kind {
            PromptKind::Add(lane) => self.submit_add(lane, &text, today, now, effects),
            PromptKind::Modify(id) => self.submit_modify(id, &text, today, now, effects),
            PromptKind::Decide(id) => {
                if crate::model::text::one_line(&text).is_empty() {
                    self.warn(self.keys().decision_needs_words());
                    return;
                }
                self.close();
                if self.change(effects, |b| b.decide(id, &text, now)).is_some() {
                    let one_way = self
                        .question(id)
                        .is_some_and(|q| q.door == crate::model::Door::OneWay);
                    self.say(if one_way {
                        self.keys().decided_one_way(id)
                    } else {
                        self.keys().resolved(id, "decided")
                    });
                }
            }
            PromptKind::Dissolve(id) => {
                self.close();
                if self
                    .change(effects, |b| b.dissolve(id, &text, now))
                    .is_some()
                {
                    self.say(self.keys().resolved(id, "dissolved"));
                }
            }
            PromptKind::Search => {
                self.close();
                if self.search.is_some() {
                    // The message says the whole count: what is left of it is done now.
                    self.finish_count();
                    let n = self.derived.search_matches;
                    self.say(self.keys().search_matches(n));
                }
            }
            PromptKind::Filter => {
                // What is left of the filter is worked out now, not behind the board.
                self.finish_filter();
                self.close();
            }
            PromptKind::Title => {
                self.close();
                let title = crate::model::text::one_line(&text);
                if (title != self.session.board.title || !self.session.board.conflicts.is_empty())
                    && self
                        .change(effects, |b| {
                            b.set_title(&title);
                            Ok(())
                        })
                        .is_some()
                {
                    self.say(messages::titled(&title));
                }
            }
            PromptKind::SaveAs => {
                let target = text.trim();
                if target.is_empty() {
                    return;
                }
                self.open(Mode::ConfirmQuit);
                effects.push(Effect::SaveAs(std::path::PathBuf::from(target)));
            }
            PromptKind::Defer(id) => self.submit_defer(id, &text, today, now, effects),
        }
    }

    /// Enter on the add line: the question added, the line kept open for the next one.
    fn submit_add(
        &mut self,
        lane: crate::model::Lane,
        text: &str,
        today: Date,
        now: Timestamp,
        effects: &mut Vec<Effect>,
    ) {
        // Enter on an empty line is done capturing.
        if crate::model::text::one_line(text).is_empty() {
            self.close();
            return;
        }
        let quick = match quick::parse(text, today) {
            Ok(q) => q,
            Err(why) => return self.warn(why),
        };
        let mut question = quick.question(lane);
        question.created = Some(now);
        let added_to = question.lane;
        match self.try_change(effects, |b| b.add_question(question, now)) {
            Ok(id) => {
                // The line stays open for the next one.
                if let Mode::Prompt(p) = &mut self.mode {
                    p.field = editor::TextField::new("", false);
                    p.field.area.set_placeholder_text(ADD_PLACEHOLDER);
                    p.field.set_focused(true);
                    p.added.push(id);
                }
                self.select_id(id);
                self.say(self.keys().added(id, added_to));
            }
            Err(e) => self.warn(e.to_string()),
        }
    }

    /// Enter on the modify line: the shorthand applied to the question as one undo step.
    fn submit_modify(
        &mut self,
        id: u32,
        text: &str,
        today: Date,
        now: Timestamp,
        effects: &mut Vec<Effect>,
    ) {
        let quick = match quick::parse_modify(text, today) {
            Ok(q) => q,
            Err(why) => return self.warn(why),
        };
        // Refused words keep the line open, with the reason; so does a change
        // the board refuses (a prerequisite that is not there, a cycle).
        if let Some(why) = quick.refused_as_modify() {
            return self.warn(why);
        }
        match self.try_change(effects, |b| quick.modify(b, id, now)) {
            Ok(()) => {
                self.close();
                self.select_id(id);
                self.say(format!("#{id}: {}", quick.describe_change()));
            }
            Err(e) => self.warn(e.to_string()),
        }
    }

    /// Enter on the defer line: the revisit date set, and where the question stands now.
    fn submit_defer(
        &mut self,
        id: u32,
        text: &str,
        today: Date,
        now: Timestamp,
        effects: &mut Vec<Effect>,
    ) {
        match dates::parse_date(text, today) {
            Err(why) => self.warn(why),
            Ok(date) => {
                self.close();
                if self
                    .change(effects, |b| b.edit(id, now, |e| e.revisit = date))
                    .is_some()
                {
                    self.select_id(id);
                    let stays = self
                        .derived
                        .plan
                        .find(id)
                        .filter(|(kind, _)| *kind != plan::SectionKind::Deferred);
                    match (date, stays) {
                        (Some(d), Some((kind, _))) if d > today => {
                            self.say(messages::revisit_but_waited_on(id, d, kind))
                        }
                        (revisit, _) => self.say(messages::deferred(id, revisit)),
                    }
                }
            }
        }
    }

    /// Search and filter follow the text as it is typed.
    pub(super) fn live(&mut self, kind: PromptKind, text: &str) {
        match kind {
            PromptKind::Search => {
                self.search = Some(text.trim().to_string()).filter(|t| !t.is_empty());
                self.recount_search();
                if self.search.is_some() {
                    self.jump_to_match(true, true);
                }
            }
            PromptKind::Filter => {
                let parsed = Filter::parse(text);
                self.filter_to((!parsed.is_empty()).then(|| (text.trim().to_string(), parsed)));
            }
            _ => {}
        }
    }

    /// Recounts what the status line shows about the search and the review, when the board
    /// or the review time change (not on every frame).
    pub(super) fn recount(&mut self) {
        self.recount_search();
        self.recount_review();
    }

    /// Recounts what changed since the last review (every question is looked at: only when
    /// the board or the time of the review changed).
    fn recount_review(&mut self) {
        let (mut new, mut changed) = (0, 0);
        for q in self.session.board.questions() {
            match crate::model::review::change_since(q, self.last_review) {
                Some(crate::model::review::Reason::New { .. }) => new += 1,
                Some(_) => changed += 1,
                None => {}
            }
        }
        self.derived.since_review = (new, changed);
    }
}
