//! Quick-add shorthand: one line, as fast as people talk.
//!
//! `b: Which ledger is the source of truth? @maria #data ^7 ! >fri`
//!
//! - `b:` `u:` `i:` (or `1:` `2:` `3:`) first: the lane.
//! - `@name` owner, `#tag` tags, `^7` after #7 (several allowed), `!` one-way door,
//!   `>2026-12-01` / `>+3d` / `>fri` revisit, `<2026-12-18` / `<+2w` / `<fri` needed by.
//! - A backslash keeps the next character as text: `\@home`, `\#1 priority`, `\!`.

use jiff::civil::Date;

use super::{Door, Lane, Question, dates, text};

/// What a quick-add line says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Quick {
    pub title: String,
    pub lane: Option<Lane>,
    pub owner: Option<super::Name>,
    pub tags: Vec<super::Name>,
    pub after: Vec<u32>,
    pub one_way: bool,
    pub revisit: Option<Date>,
    pub needed_by: Option<Date>,
}

impl Quick {
    /// A new question from the line, in `default_lane` unless the line names one.
    pub fn question(&self, default_lane: Lane) -> Question {
        let mut q = Question::new(0, self.title.clone(), self.lane.unwrap_or(default_lane));
        q.owner = self.owner.clone();
        q.tags = self.tags.clone();
        q.after = self.after.as_slice().into();
        q.door = if self.one_way {
            Door::OneWay
        } else {
            Door::TwoWay
        };
        q.revisit = self.revisit;
        q.needed_by = self.needed_by;
        q
    }

    /// Applies the line's shorthand to a question that exists: the owner set, tags and
    /// prerequisites added, a one-way door, a revisit date, a lane; as one change (one undo
    /// step). Words that are not shorthand are refused, with the reason.
    pub fn modify(
        &self,
        board: &mut super::Board,
        id: u32,
        now: jiff::Timestamp,
    ) -> Result<(), super::BoardError> {
        board.edit(id, now, |e| {
            if let Some(o) = &self.owner {
                e.owner = Some(o.clone());
            }
            for t in &self.tags {
                if !e.tags.contains(t) {
                    e.tags.push(t.clone());
                }
            }
            for a in &self.after {
                if !e.after.contains(a) {
                    e.after.push(*a);
                }
            }
            if self.one_way {
                e.door = Door::OneWay;
            }
            if self.revisit.is_some() {
                e.revisit = self.revisit;
            }
            if self.needed_by.is_some() {
                e.needed_by = self.needed_by;
            }
        })?;
        if let Some(lane) = self.lane
            && board.get(id).is_some_and(|q| q.lane != lane && q.is_open())
        {
            board.move_to(id, lane, usize::MAX, now)?;
        }
        Ok(())
    }

    /// Why a modify line cannot be applied as it stands: words that are not shorthand, or
    /// nothing to change.
    pub fn refused_as_modify(&self) -> Option<String> {
        if !self.title.is_empty() {
            return Some(format!(
                "\"{}\" is not shorthand: here only @owner, #tag, ^7, !, >date, <date and b:/u:/i: change the question (e edits its words)",
                self.title
            ));
        }
        self.is_empty().then(|| {
            "nothing to change: type @owner, #tag, ^7, !, >date, <date or b:/u:/i:".to_string()
        })
    }

    /// Whether the line changes nothing.
    pub fn is_empty(&self) -> bool {
        self.lane.is_none()
            && self.owner.is_none()
            && self.tags.is_empty()
            && self.after.is_empty()
            && !self.one_way
            && self.revisit.is_none()
            && self.needed_by.is_none()
    }

    /// What a modify line will change, in a line: "owner → li · #ops · after #2 · one-way".
    pub fn describe_change(&self) -> String {
        let mut parts = Vec::new();
        if let Some(l) = self.lane {
            parts.push(format!("to {}", l.name()));
        }
        if let Some(o) = &self.owner {
            parts.push(format!("owner → {o}"));
        }
        for t in &self.tags {
            parts.push(format!("+#{t}"));
        }
        if !self.after.is_empty() {
            let ids: Vec<String> = self.after.iter().map(|a| format!("#{a}")).collect();
            parts.push(format!("after {}", ids.join(", ")));
        }
        if self.one_way {
            parts.push("one-way door".into());
        }
        if let Some(d) = self.revisit {
            parts.push(format!("revisit {d}"));
        }
        if let Some(d) = self.needed_by {
            parts.push(format!("needed by {d}"));
        }
        parts.join(" · ")
    }

    /// What will be added, in a line: "Blocking · @maria · #data · after #7 · one-way".
    pub fn describe(&self, default_lane: Lane) -> String {
        let mut parts = vec![self.lane.unwrap_or(default_lane).name().to_string()];
        if let Some(o) = &self.owner {
            parts.push(format!("@{o}"));
        }
        for t in &self.tags {
            parts.push(format!("#{t}"));
        }
        if !self.after.is_empty() {
            let ids: Vec<String> = self.after.iter().map(|a| format!("#{a}")).collect();
            parts.push(format!("after {}", ids.join(", ")));
        }
        if self.one_way {
            parts.push("one-way door".into());
        }
        if let Some(d) = self.revisit {
            parts.push(format!("revisit {d}"));
        }
        if let Some(d) = self.needed_by {
            parts.push(format!("needed by {d}"));
        }
        parts.join(" · ")
    }
}

fn lane_prefix(word: &str) -> Option<Lane> {
    match word {
        "b:" | "1:" => Some(Lane::Blocking),
        "u:" | "2:" => Some(Lane::Uncomfortable),
        "i:" | "3:" => Some(Lane::Interesting),
        _ => None,
    }
}

/// Reads a modify line: the shorthand of the add line, with the lane (`b:` …) anywhere in
/// it, since no title follows it there.
pub fn parse_modify(line: &str, today: Date) -> Result<Quick, String> {
    let (lanes, rest): (Vec<&str>, Vec<&str>) = line
        .split_whitespace()
        .partition(|w| lane_prefix(w).is_some());
    let mut words = lanes;
    words.extend(rest);
    parse_shorthand(&words.join(" "), today)
}

/// Reads a quick-add line. Errors name the token and what it should look like.
pub fn parse(line: &str, today: Date) -> Result<Quick, String> {
    let quick = parse_shorthand(line, today)?;
    if quick.title.is_empty() {
        return Err("a question needs words besides the shorthand".into());
    }
    Ok(quick)
}

/// The shorthand of a line, and its other words as the title (which may be empty).
fn parse_shorthand(line: &str, today: Date) -> Result<Quick, String> {
    let line = text::one_line(line);
    let mut quick = Quick::default();
    let mut title: Vec<String> = Vec::new();
    for (k, word) in line.split_whitespace().enumerate() {
        if k == 0
            && let Some(lane) = lane_prefix(word)
        {
            quick.lane = Some(lane);
            continue;
        }
        if let Some(rest) = word.strip_prefix('\\') {
            title.push(rest.to_string());
            continue;
        }
        match word.chars().next() {
            Some('@') if word.len() > 1 => quick.owner = Some(word[1..].into()),
            Some('#') if word.len() > 1 => {
                let tag = super::Name::from(&word[1..]);
                if !quick.tags.contains(&tag) {
                    quick.tags.push(tag);
                }
            }
            Some('^') if word.len() > 1 => {
                for part in word[1..].split(['^', ',']).filter(|p| !p.is_empty()) {
                    let id = part.trim_start_matches('#').parse::<u32>().map_err(|_| {
                        format!("{word}: after takes question ids, like ^7 or ^3^5 (\\{word} keeps it as text)")
                    })?;
                    if !quick.after.contains(&id) {
                        quick.after.push(id);
                    }
                }
            }
            // A date: `>` the revisit date, `<` the needed-by date.
            Some(mark @ ('>' | '<')) if word.len() > 1 => {
                let date = dates::parse_date(&word[1..], today)
                    .map_err(|e| format!("{e} (\\{word} keeps it as text)"))?;
                *if mark == '>' {
                    &mut quick.revisit
                } else {
                    &mut quick.needed_by
                } = date;
            }
            _ if word == "!" => quick.one_way = true,
            _ => title.push(word.to_string()),
        }
    }
    quick.title = title.join(" ");
    Ok(quick)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        "2026-11-24".parse().unwrap()
    }

    #[test]
    fn every_token() {
        let q = parse(
            "b: Which ledger wins? @maria #data #finance ^7 ^3^5 ! >fri",
            today(),
        )
        .unwrap();
        assert_eq!(q.title, "Which ledger wins?");
        assert_eq!(q.lane, Some(Lane::Blocking));
        assert_eq!(q.owner.as_deref(), Some("maria"));
        assert_eq!(q.tags, vec!["data", "finance"]);
        assert_eq!(q.after.to_vec(), vec![7, 3, 5]);
        assert!(q.one_way);
        assert_eq!(q.revisit.unwrap().to_string(), "2026-11-27");
        assert_eq!(
            q.describe(Lane::Interesting),
            "Blocking · @maria · #data · #finance · after #7, #3, #5 · one-way door · revisit 2026-11-27"
        );
    }

    #[test]
    fn lane_prefixes_and_their_numbers() {
        for (line, lane) in [
            ("b: x", Lane::Blocking),
            ("1: x", Lane::Blocking),
            ("u: x", Lane::Uncomfortable),
            ("2: x", Lane::Uncomfortable),
            ("i: x", Lane::Interesting),
            ("3: x", Lane::Interesting),
        ] {
            assert_eq!(parse(line, today()).unwrap().lane, Some(lane), "{line}");
        }
        // Without a colon it is the title: "I think…" stays a sentence.
        let q = parse("i think we should", today()).unwrap();
        assert_eq!((q.lane, q.title.as_str()), (None, "i think we should"));
        // Only at the start.
        assert_eq!(parse("x b: y", today()).unwrap().title, "x b: y");
    }

    #[test]
    fn revisit_forms() {
        let d = |l: &str| parse(l, today()).unwrap().revisit.unwrap().to_string();
        assert_eq!(d("x >2026-12-01"), "2026-12-01");
        assert_eq!(d("x >+3d"), "2026-11-27");
        assert_eq!(d("x >+2w"), "2026-12-08");
        assert_eq!(d("x >mon"), "2026-11-30");
        let err = parse("x >soon", today()).unwrap_err();
        assert!(
            err.contains("not a date") && err.contains("\\>soon"),
            "{err}"
        );
    }

    #[test]
    fn needed_by_forms() {
        let d = |l: &str| parse(l, today()).unwrap().needed_by.unwrap().to_string();
        assert_eq!(d("x <2026-12-18"), "2026-12-18");
        assert_eq!(d("x <+2w"), "2026-12-08");
        assert_eq!(d("x <fri"), "2026-11-27");
        let q = parse("launch blocker <fri >mon", today()).unwrap();
        assert_eq!(q.title, "launch blocker");
        assert_eq!(q.revisit.unwrap().to_string(), "2026-11-30");
        assert!(q.describe(Lane::Blocking).ends_with("needed by 2026-11-27"));
        let err = parse("x <soon", today()).unwrap_err();
        assert!(
            err.contains("not a date") && err.contains("\\<soon"),
            "{err}"
        );
        assert_eq!(parse(r"p99 \<50ms", today()).unwrap().title, "p99 <50ms");
        let m = parse_modify("<+1w", today()).unwrap();
        assert!(m.refused_as_modify().is_none());
        assert_eq!(m.describe_change(), "needed by 2026-12-01");
    }

    #[test]
    fn escapes_keep_the_characters_as_text() {
        let q = parse(r"Move \@home to \#1 priority \! now \>later \^5", today()).unwrap();
        assert_eq!(q.title, "Move @home to #1 priority ! now >later ^5");
        assert_eq!(q.owner, None);
        assert!(q.tags.is_empty() && q.after.is_empty() && !q.one_way && q.revisit.is_none());
        // Characters inside words are text too.
        let q = parse("C# or F#? email@example.com a!", today()).unwrap();
        assert_eq!(q.title, "C# or F#? email@example.com a!");
    }

    #[test]
    fn mistakes_are_explained() {
        assert!(
            parse("x ^seven", today())
                .unwrap_err()
                .contains("after takes question ids")
        );
        assert!(
            parse("@maria #data", today())
                .unwrap_err()
                .contains("needs words")
        );
        // A lone sigil is text.
        assert_eq!(
            parse("a @ b # c ^ d >", today()).unwrap().title,
            "a @ b # c ^ d >"
        );
    }

    #[test]
    fn the_question_it_makes() {
        let q = parse("u: x @li ! ^2", today())
            .unwrap()
            .question(Lane::Blocking);
        assert_eq!(q.lane, Lane::Uncomfortable);
        assert_eq!(q.door, Door::OneWay);
        assert_eq!(q.after.to_vec(), vec![2]);
        assert_eq!(q.owner.as_deref(), Some("li"));
    }
}
