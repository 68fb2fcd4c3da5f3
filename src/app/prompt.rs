//! The one-line prompts (add, decide, dissolve, defer, search, filter, save a copy) and search as you type.

use super::*;

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
                self.mode = Mode::Normal;
                match kind {
                    PromptKind::Search => self.live(PromptKind::Search, ""),
                    PromptKind::Filter => self.live(PromptKind::Filter, ""),
                    _ => {}
                }
            }
            Action::Help => self.open_help(),
            Action::Submit => {
                let text = prompt.field.text();
                let kind = prompt.kind;
                match kind {
                    PromptKind::Add(lane) => {
                        // Enter on an empty line is done capturing.
                        if crate::model::text::one_line(&text).is_empty() {
                            self.mode = Mode::Normal;
                            return;
                        }
                        let quick = match quick::parse(&text, today) {
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
                                }
                                self.select_id(id);
                                self.say(self.keys().added(id, added_to));
                            }
                            Err(e) => self.warn(e.to_string()),
                        }
                    }
                    PromptKind::Decide(id) => {
                        if crate::model::text::one_line(&text).is_empty() {
                            self.warn(self.keys().decision_needs_words());
                            return;
                        }
                        self.mode = Mode::Normal;
                        if self.change(effects, |b| b.decide(id, &text, now)).is_some() {
                            self.say(self.keys().resolved(id, "decided"));
                        }
                    }
                    PromptKind::Dissolve(id) => {
                        self.mode = Mode::Normal;
                        if self
                            .change(effects, |b| b.dissolve(id, &text, now))
                            .is_some()
                        {
                            self.say(self.keys().resolved(id, "dissolved"));
                        }
                    }
                    PromptKind::Search => {
                        self.mode = Mode::Normal;
                        if self.search.is_some() {
                            let n = self.derived.search_matches;
                            self.say(self.keys().search_matches(n));
                        }
                    }
                    PromptKind::Filter => self.mode = Mode::Normal,
                    PromptKind::Title => {
                        self.mode = Mode::Normal;
                        let title = crate::model::text::one_line(&text);
                        if title != self.session.board.title
                            && self
                                .change(effects, |b| {
                                    b.title = title.clone();
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
                        self.mode = Mode::ConfirmQuit;
                        effects.push(Effect::SaveAs(std::path::PathBuf::from(target)));
                    }
                    PromptKind::Defer(id) => match dates::parse_date(&text, today) {
                        Err(why) => self.warn(why),
                        Ok(date) => {
                            self.mode = Mode::Normal;
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
                    },
                }
            }
            _ => {}
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
                let selected = self.selected_id();
                let parsed = Filter::parse(text);
                self.filter = (!parsed.is_empty()).then(|| (text.trim().to_string(), parsed));
                self.refresh();
                if let Some(id) = selected {
                    self.select_id(id);
                }
            }
            _ => {}
        }
    }

    /// The questions of the current view, in reading order, with their position there.
    pub(super) fn view_order(&self) -> Vec<(Option<Lane>, usize, u32)> {
        match self.nav.view {
            View::Board => Lane::ALL
                .into_iter()
                .flat_map(|lane| {
                    self.derived.lanes[lane.index()]
                        .iter()
                        .enumerate()
                        .map(move |(pos, &id)| (Some(lane), pos, id))
                })
                .collect(),
            View::Next => self
                .derived
                .next()
                .items()
                .enumerate()
                .map(|(k, (_, item))| (None, k, item.id))
                .collect(),
            View::Resolved => self
                .derived
                .resolved
                .iter()
                .enumerate()
                .map(|(k, &id)| (None, k, id))
                .collect(),
        }
    }

    /// Recounts what the status line shows about the search and the review, when the board
    /// or the review time change (not on every frame).
    pub(super) fn recount(&mut self) {
        self.recount_search();
        self.recount_review();
    }

    /// Recounts the search's matches, when the view or the search change too.
    pub(super) fn recount_search(&mut self) {
        let Some(query) = self.search.as_deref().and_then(filter::folded) else {
            self.derived.search_matches = 0;
            return;
        };
        // The questions in the view, read in the board's order (the order they lie in memory)
        // rather than the view's: on a big board every question is read, and in the view's
        // order each read waited on memory.
        let filtered =
            |q: &crate::model::Question| self.filter.as_ref().is_none_or(|(_, f)| f.matches(q));
        let in_view = |q: &crate::model::Question| match self.nav.view {
            View::Board => q.is_open() && filtered(q),
            View::Next => self.derived.next().position(q.id).is_some(),
            View::Resolved => !q.is_open() && filtered(q),
        };
        self.derived.search_matches = self
            .session
            .board
            .questions()
            .iter()
            .filter(|q| in_view(q) && filter::holds(q, &query))
            .count();
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

    /// Moves the selection to the next (or previous) search match, wrapping around; `here`
    /// lets the selected question itself count (while typing the search).
    pub(super) fn jump_to_match(&mut self, forward: bool, here: bool) {
        let Some(query) = self.search.clone() else {
            self.say(self.keys().no_search());
            return;
        };
        let folded = filter::folded(&query).unwrap_or_default();
        let order = self.view_order();
        let current = self.selected_id();
        let start = order
            .iter()
            .position(|(_, _, id)| Some(*id) == current)
            .unwrap_or(0);
        let n = order.len();
        let found = (0..n)
            .map(|step| {
                let offset = if here { step } else { step + 1 };
                if forward {
                    (start + offset) % n
                } else {
                    (start + n * 2 - offset % n) % n
                }
            })
            .find(|&k| {
                self.session
                    .board
                    .get(order[k].2)
                    .is_some_and(|q| filter::holds(q, &folded))
            });
        match found {
            Some(k) => {
                let (lane, pos, _) = order[k];
                if let Some(lane) = lane {
                    self.nav.focus = lane;
                }
                self.select(pos);
            }
            None => self.warn(messages::no_match(&query)),
        }
    }
}
