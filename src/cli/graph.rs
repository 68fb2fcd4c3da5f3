//! `unknowns graph`: the dependency graph as text (a tree of chains, for a terminal without
//! the app), Mermaid (for design docs on GitHub and GitLab) or DOT (Graphviz). Titles are
//! escaped for each format, so a hostile title cannot leave its label.

use std::fmt::Write as _;

use crate::model::depgraph::{DepGraph, critical_chain};
use crate::model::plan::Plan;
use crate::model::{Board, Door, Lane, Question, Status, text};

/// A question's words, safe for any terminal: one line, no control characters.
fn title(q: &Question) -> String {
    text::display_safe(&text::one_line(&q.title), false).into_owned()
}

/// The class (Mermaid) of a question: its lane, or resolved.
fn class(q: &Question) -> &'static str {
    match (q.status, q.lane) {
        (Status::Open, Lane::Blocking) => "blocking",
        (Status::Open, Lane::Uncomfortable) => "uncomfortable",
        (Status::Open, Lane::Interesting) => "interesting",
        _ => "resolved",
    }
}

/// Mermaid's label text: every character that could mean something to Mermaid or to the
/// HTML it draws into (quotes, brackets, `#`, `<`, `&`, backticks, pipes…) as an entity code
/// (`#35;`), which Mermaid turns back into the character.
pub fn mermaid_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_alphanumeric() || " ,.:;!?'()/_-+=*@".contains(c) {
            out.push(c);
        } else {
            let _ = write!(out, "#{};", c as u32);
        }
    }
    out
}

/// DOT's quoted string: backslashes and quotes escaped (no HTML-like label is used).
pub fn dot_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c => out.push(c),
        }
    }
    out
}

/// The graph as a Mermaid flowchart: prerequisites to the left, a class per lane.
pub fn mermaid(board: &Board, g: &DepGraph) -> String {
    let mut out = String::from("flowchart LR\n");
    out.push_str("  classDef blocking fill:#fde2e1,stroke:#c0392b,color:#000\n");
    out.push_str("  classDef uncomfortable fill:#fff3cd,stroke:#b7950b,color:#000\n");
    out.push_str("  classDef interesting fill:#dbeafe,stroke:#2e86c1,color:#000\n");
    out.push_str("  classDef resolved fill:#eeeeee,stroke:#999999,color:#555\n");
    for &id in &g.nodes {
        let Some(q) = board.get(id) else { continue };
        let door = if q.door == Door::OneWay {
            " (one-way)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  q{id}[\"{}\"]:::{}",
            mermaid_escape(&format!("#{id} {}{door}", title(q))),
            class(q)
        );
    }
    for &(a, b) in &g.edges {
        let _ = writeln!(out, "  q{a} --> q{b}");
    }
    out
}

/// The graph in Graphviz's DOT: prerequisites to the left, a colour per lane.
pub fn dot(board: &Board, g: &DepGraph) -> String {
    let mut out = String::from(
        "digraph unknowns {\n  rankdir=LR;\n  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];\n",
    );
    for &id in &g.nodes {
        let Some(q) = board.get(id) else { continue };
        let colour = match class(q) {
            "blocking" => "#fde2e1",
            "uncomfortable" => "#fff3cd",
            "interesting" => "#dbeafe",
            _ => "#eeeeee",
        };
        let door = if q.door == Door::OneWay {
            ", peripheries=2"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  q{id} [label=\"{}\", fillcolor=\"{colour}\"{door}];",
            dot_escape(&format!("#{id} {} ({})", title(q), class(q)))
        );
    }
    for &(a, b) in &g.edges {
        let _ = writeln!(out, "  q{a} -> q{b};");
    }
    out.push_str("}\n");
    out
}

/// The graph as text, like `git log --graph`: each chain from a question that waits on
/// nothing down to what waits on it; a question reached again says so instead of repeating
/// what follows it; then what lies on cycles, and the questions with no link at all.
pub fn text_tree(board: &Board, plan: &Plan, g: &DepGraph) -> String {
    let mut waiting: foldhash::HashMap<u32, Vec<u32>> = foldhash::HashMap::default();
    let mut has_prereq: foldhash::HashSet<u32> = foldhash::HashSet::default();
    for &(a, b) in &g.edges {
        waiting.entry(a).or_default().push(b);
        has_prereq.insert(b);
    }
    let label = |id: u32| -> String {
        let Some(q) = board.get(id) else {
            return format!("#{id}");
        };
        let mut facts = vec![match q.status {
            Status::Open => q.lane.name().to_string(),
            other => other.name().to_string(),
        }];
        if q.door == Door::OneWay {
            facts.push("one-way".into());
        }
        if let Some(o) = &q.owner {
            facts.push(format!("@{}", text::display_safe(o, false)));
        }
        if let Some(n) = plan.find(id).and_then(|(_, i)| i.needed_by) {
            facts.push(format!("needed by {}", n.date));
        }
        format!("#{id} {} [{}]", title(q), facts.join(", "))
    };
    let mut out = String::new();
    let chain = critical_chain(board, plan);
    if !chain.is_empty() {
        let path: Vec<String> = chain.iter().map(|id| format!("#{id}")).collect();
        let _ = writeln!(
            out,
            "critical chain: {} question{}, {}\n",
            chain.len(),
            if chain.len() == 1 { "" } else { "s" },
            path.join(" → ")
        );
    }
    let mut shown: foldhash::HashSet<u32> = foldhash::HashSet::default();
    let roots: Vec<u32> = g
        .nodes
        .iter()
        .copied()
        .filter(|id| waiting.contains_key(id) && !has_prereq.contains(id))
        .collect();
    for root in roots {
        let _ = writeln!(out, "{}", label(root));
        shown.insert(root);
        // (id, prefix for its children), depth first, children in the graph's order.
        let mut stack: Vec<(u32, String, bool)> = Vec::new();
        let push_children = |stack: &mut Vec<(u32, String, bool)>, id: u32, prefix: &str| {
            let children = waiting.get(&id).cloned().unwrap_or_default();
            let n = children.len();
            for (k, c) in children.into_iter().enumerate().rev() {
                stack.push((c, prefix.to_string(), k + 1 == n));
            }
        };
        push_children(&mut stack, root, "");
        while let Some((id, prefix, last)) = stack.pop() {
            let branch = if last { "└─ " } else { "├─ " };
            if !shown.insert(id) {
                let _ = writeln!(out, "{prefix}{branch}#{id} (shown above)");
                continue;
            }
            let _ = writeln!(out, "{prefix}{branch}{}", label(id));
            let deeper = format!("{prefix}{}", if last { "   " } else { "│  " });
            push_children(&mut stack, id, &deeper);
        }
    }
    // What only cycles reach: named as the warnings name them.
    let on_cycles: Vec<u32> = g
        .nodes
        .iter()
        .copied()
        .filter(|id| !shown.contains(id) && has_prereq.contains(id))
        .collect();
    if !on_cycles.is_empty() {
        out.push_str("\non a cycle (none of them can be resolved first):\n");
        for id in on_cycles {
            let _ = writeln!(out, "  {}", label(id));
        }
    }
    let unlinked = g.unlinked();
    if !unlinked.is_empty() {
        let _ = writeln!(out, "\nno links ({}):", unlinked.len());
        for id in unlinked {
            let _ = writeln!(out, "  {}", label(id));
        }
    }
    if out.is_empty() {
        out.push_str("no questions\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_keep_a_label_closed() {
        let e = mermaid_escape("a\"] --> x[\"<b>#1</b> & `code` | %%");
        assert!(!e.contains('"') && !e.contains(']') && !e.contains('<') && !e.contains('|'));
        assert!(e.starts_with("a#34;#93;"), "{e}");
        assert_eq!(dot_escape(r#"a "b" \c"#), r#"a \"b\" \\c"#);
    }
}
