//! Finding questions: search (any text) and filters (owner, tag, door, words).

use super::{Door, Question};

/// Whether a question's text holds `query` (case-insensitive): title, known, stakes, next
/// step, resolution, owner and tags.
pub fn text_matches(q: &Question, query: &str) -> bool {
    let query = query.trim().to_lowercase();
    if query.is_empty() {
        return false;
    }
    let owner = q.owner.as_deref().unwrap_or("");
    [
        q.title.as_str(),
        &q.known,
        &q.stakes,
        &q.next_step,
        &q.resolution,
        owner,
    ]
    .iter()
    .any(|field| field.to_lowercase().contains(&query))
        || q.tags.iter().any(|t| t.to_lowercase().contains(&query))
}

/// What the board is narrowed to: every part must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub owners: Vec<String>,
    pub tags: Vec<String>,
    pub door: Option<Door>,
    pub words: Vec<String>,
}

impl Filter {
    /// Reads `@maria #infra ! ledger`: `@owner`, `#tag`, `!` one-way or `~` two-way doors,
    /// and words the text must hold.
    pub fn parse(text: &str) -> Filter {
        let mut f = Filter::default();
        for word in text.split_whitespace() {
            match word {
                "!" => f.door = Some(Door::OneWay),
                "~" => f.door = Some(Door::TwoWay),
                w if w.len() > 1 && w.starts_with('@') => f.owners.push(w[1..].to_lowercase()),
                w if w.len() > 1 && w.starts_with('#') => f.tags.push(w[1..].to_lowercase()),
                w => f.words.push(w.to_lowercase()),
            }
        }
        f
    }

    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    pub fn matches(&self, q: &Question) -> bool {
        let owner = q.owner.as_deref().map(str::to_lowercase);
        (self.owners.is_empty() || owner.as_ref().is_some_and(|o| self.owners.contains(o)))
            && self
                .tags
                .iter()
                .all(|t| q.tags.iter().any(|qt| qt.to_lowercase() == *t))
            && self.door.is_none_or(|d| q.door == d)
            && self.words.iter().all(|w| text_matches(q, w))
    }

    /// The filter in words, for the status line: "@maria · #infra · one-way · "ledger"".
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = self.owners.iter().map(|o| format!("@{o}")).collect();
        parts.extend(self.tags.iter().map(|t| format!("#{t}")));
        match self.door {
            Some(Door::OneWay) => parts.push("one-way doors".into()),
            Some(Door::TwoWay) => parts.push("two-way doors".into()),
            None => {}
        }
        parts.extend(self.words.iter().map(|w| format!("\"{w}\"")));
        parts.join(" · ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lane;

    fn q(title: &str) -> Question {
        Question::new(1, title, Lane::Blocking)
    }

    #[test]
    fn search_looks_in_every_text_field_ignoring_case() {
        let mut x = q("Which LEDGER wins?");
        assert!(text_matches(&x, "ledger"));
        assert!(!text_matches(&x, "postgres"));
        x.stakes = "Postgres or Oracle".into();
        x.tags = vec!["Data".into()];
        x.owner = Some("Maria".into());
        assert!(text_matches(&x, "postgres"));
        assert!(text_matches(&x, "data"));
        assert!(text_matches(&x, "mar"));
        assert!(!text_matches(&x, "  "), "an empty search matches nothing");
    }

    #[test]
    fn filters_combine_owner_tag_door_and_words() {
        let mut x = q("Cut over by region");
        x.owner = Some("Dev".into());
        x.tags = vec!["rollout".into()];
        x.door = Door::OneWay;
        assert!(Filter::parse("@dev").matches(&x));
        assert!(Filter::parse("@dev #rollout ! region").matches(&x));
        assert!(!Filter::parse("@maria").matches(&x));
        assert!(!Filter::parse("#data").matches(&x));
        assert!(!Filter::parse("~").matches(&x));
        assert!(!Filter::parse("ledger").matches(&x));
        assert!(
            Filter::parse("@dev @maria").matches(&x),
            "several owners: any of them"
        );
        assert_eq!(
            Filter::parse("@dev #rollout ! region").describe(),
            "@dev · #rollout · one-way doors · \"region\""
        );
        assert!(Filter::parse("  ").is_empty());
    }
}
