//! Finding questions: search (any text) and filters (owner, tag, door, words).

use super::{Door, Question};

/// Whether a question's text holds `query` (case-insensitive): title, known, stakes, next
/// step, resolution, owner and tags.
pub fn text_matches(q: &Question, query: &str) -> bool {
    folded(query).is_some_and(|query| holds(q, &query))
}

/// A search as [`holds`] takes it: trimmed and in lower case; none when empty.
pub fn folded(query: &str) -> Option<String> {
    Some(query.trim().to_lowercase()).filter(|q| !q.is_empty())
}

/// [`text_matches`] for a query already [`folded`] (once, not for each question).
pub fn holds(q: &Question, query: &str) -> bool {
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
    .any(|field| contains_folded(field, query))
        || q.tags.iter().any(|t| contains_folded(t, query))
}

/// Whether `hay` holds `needle` (already lower case), ignoring case. ASCII text, nearly all of
/// a board, is searched as it is, with no lower-case copy: a search keystroke checks every
/// question, and copying each field was most of its time.
pub fn contains_folded(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    if !(hay.is_ascii() && needle.is_ascii()) {
        return hay.to_lowercase().contains(needle);
    }
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some(last) = h.len().checked_sub(n.len()) else {
        return false;
    };
    let (lower, upper) = (n[0].to_ascii_lowercase(), n[0].to_ascii_uppercase());
    let mut from = 0;
    while let Some(k) = memchr::memchr2(lower, upper, &h[from..=last]) {
        let at = from + k;
        if h[at..at + n.len()].eq_ignore_ascii_case(n) {
            return true;
        }
        from = at + 1;
    }
    false
}

/// Whether `text` is `lower` (lower case), ignoring case, with no copy for ASCII text.
fn same_folded(text: &str, lower: &str) -> bool {
    if text.is_ascii() && lower.is_ascii() {
        text.eq_ignore_ascii_case(lower)
    } else {
        text.to_lowercase() == lower
    }
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
        (self.owners.is_empty()
            || q.owner
                .as_deref()
                .is_some_and(|o| self.owners.iter().any(|w| same_folded(o, w))))
            && self
                .tags
                .iter()
                .all(|t| q.tags.iter().any(|qt| same_folded(qt, t)))
            && self.door.is_none_or(|d| q.door == d)
            && self.words.iter().all(|w| holds(q, w))
    }

    /// Whether every question this filter keeps, `wider` keeps too (so this one need only
    /// read what `wider` kept): as when a letter is added to a word.
    pub fn narrows(&self, wider: &Filter) -> bool {
        wider.door.is_none_or(|d| self.door == Some(d))
            && (wider.owners.is_empty()
                || (!self.owners.is_empty()
                    && self.owners.iter().all(|o| wider.owners.contains(o))))
            && wider.tags.iter().all(|t| self.tags.contains(t))
            && wider
                .words
                .iter()
                .all(|w| self.words.iter().any(|v| v.contains(w.as_str())))
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

    /// Searching without copies finds what lower-casing everything finds: ASCII and not,
    /// at the start, the end and overlapping, and queries longer than the text.
    #[test]
    fn folded_search_agrees_with_lower_casing() {
        let texts = [
            "",
            "a",
            "Ledger",
            "LEDGER ledger",
            "aaab",
            "abababc",
            "Straße",
            "ÉCOLE école",
            "K for kelvin",
            "İstanbul",
            "x_y*z",
            "ends with Q",
        ];
        let needles = [
            "",
            "a",
            "ab",
            "abc",
            "ledger",
            "led",
            "r l",
            "q",
            "ß",
            "école",
            "k",
            "i̇",
            "x_y",
            "bc",
            "ends with q!",
        ];
        for hay in texts {
            for needle in needles {
                let needle = needle.to_lowercase();
                assert_eq!(
                    contains_folded(hay, &needle),
                    hay.to_lowercase().contains(&needle),
                    "{hay:?} / {needle:?}"
                );
            }
        }
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

    #[test]
    fn a_letter_added_narrows_and_one_taken_back_widens() {
        let f = Filter::parse;
        assert!(f("ledge").narrows(&f("ledg")));
        assert!(!f("ledg").narrows(&f("ledge")));
        assert!(f("@dev #x ! cut").narrows(&f("@dev cut")));
        assert!(
            f("@dev").narrows(&f("@dev @maria")),
            "fewer owners keep fewer"
        );
        assert!(!f("@dev @maria").narrows(&f("@dev")));
        assert!(!f("cut").narrows(&f("!")), "a door is not a word");
        assert!(f("cutover plan").narrows(&f("cut")));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn filter_text() -> impl Strategy<Value = String> {
            prop::collection::vec(
                prop_oneof![
                    Just("!".to_string()),
                    Just("~".to_string()),
                    "@[ab]{1,2}",
                    "#[ab]{1,2}",
                    "[abÉé]{1,3}",
                ],
                0..4,
            )
            .prop_map(|words| words.join(" "))
        }

        fn question() -> impl Strategy<Value = Question> {
            (
                "[abÉé ]{0,8}",
                proptest::option::of("[abAB]{1,2}"),
                prop::collection::vec("[abAB]{1,2}", 0..3),
                any::<bool>(),
            )
                .prop_map(|(title, owner, tags, one_way)| {
                    let mut q = Question::new(1, title, crate::model::Lane::Blocking);
                    q.owner = owner;
                    q.tags = tags.into_iter().collect();
                    q.door = if one_way { Door::OneWay } else { Door::TwoWay };
                    q
                })
        }

        proptest! {
            #![proptest_config(ProptestConfig {
                cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256),
                ..ProptestConfig::default()
            })]

            /// A filter said to narrow another keeps nothing the other drops: the filter
            /// being typed reads again only what the one shown kept.
            #[test]
            fn a_narrower_filter_keeps_only_what_the_wider_keeps(
                narrow in filter_text(),
                wide in filter_text(),
                questions in prop::collection::vec(question(), 1..20),
            ) {
                let (narrow, wide) = (Filter::parse(&narrow), Filter::parse(&wide));
                if narrow.narrows(&wide) {
                    for q in &questions {
                        prop_assert!(!narrow.matches(q) || wide.matches(q), "{q:?}");
                    }
                }
            }
        }
    }
}
