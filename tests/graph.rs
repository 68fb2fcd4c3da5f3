//! `unknowns graph`: the dependency graph as text, Mermaid and DOT, read back (edges and
//! labels) from what was written, with titles that try to break out of their labels.

mod common;
use common::*;

/// Titles that would end a label, open another node, or inject markup, in every format.
const HOSTILE: [&str; 4] = [
    "quote \" bracket ] brace } arrow --> q9[\"evil\"]",
    "<b>bold</b> & #quot; #35; `tick` | pipe %% comment",
    "back\\\\slash \\\" end",
    "semicolon; q1 -> q3; digraph x {",
];

/// A board: #1 ← #2 ← #3 (blocking), #4 alone; hostile titles; #5 resolved, waited on by #2.
fn board() -> (tempfile::TempDir, PathBuf) {
    let (dir, path) = temp_board();
    let esc = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    let text = format!(
        "(version: 1, questions: [\n\
         (id: 1, title: \"{}\", lane: Uncomfortable),\n\
         (id: 2, title: \"{}\", lane: Blocking, after: [1, 5], door: OneWay),\n\
         (id: 3, title: \"{}\", lane: Blocking, after: [2]),\n\
         (id: 4, title: \"{}\", lane: Interesting),\n\
         (id: 5, title: \"done\", lane: Blocking, status: Decided, resolution: \"yes\"),\n\
         ])",
        esc(HOSTILE[0]),
        esc(HOSTILE[1]),
        esc(HOSTILE[2]),
        esc(HOSTILE[3])
    );
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

/// Edges read back: (prerequisite, dependent).
type Edges = Vec<(String, String)>;

/// Mermaid's entity codes (`#35;`) back to characters.
fn unmermaid(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find('#') {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 1..];
        let end = tail.find(';').expect("an entity ends with ;");
        let code: u32 = tail[..end].parse().expect("a decimal entity");
        out.push(char::from_u32(code).unwrap());
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    out
}

/// A Mermaid flowchart's nodes (id, label, class) and edges, read the way Mermaid reads them:
/// a label runs from `["` to the next `"`.
fn read_mermaid(text: &str) -> (Vec<(String, String, String)>, Edges) {
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("flowchart LR"));
    for line in lines.map(str::trim) {
        if line.starts_with("classDef") {
            continue;
        }
        if let Some((a, b)) = line.split_once(" --> ") {
            edges.push((a.to_string(), b.to_string()));
            continue;
        }
        let (id, rest) = line.split_once("[\"").expect(line);
        let (label, rest) = rest.split_once('"').expect(line);
        let class = rest.strip_prefix("]:::").expect(line);
        assert!(!class.contains(' '), "{line}");
        nodes.push((id.to_string(), unmermaid(label), class.to_string()));
    }
    (nodes, edges)
}

/// A DOT graph's nodes (id, label) and edges, read as Graphviz reads quoted strings.
fn read_dot(text: &str) -> (Vec<(String, String)>, Edges) {
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    for line in text.lines().map(str::trim) {
        // A node: `qN [label="…", …];` (its label may hold anything, arrows included).
        let node = line
            .split_once(" [label=\"")
            .filter(|(id, _)| id.starts_with('q') && id[1..].chars().all(|c| c.is_ascii_digit()));
        if node.is_none()
            && let Some((a, b)) = line.strip_suffix(';').and_then(|l| l.split_once(" -> "))
        {
            edges.push((a.to_string(), b.to_string()));
        } else if let Some((id, rest)) = node {
            let mut label = String::new();
            let mut chars = rest.chars();
            loop {
                match chars.next().expect("the label ends") {
                    '\\' => label.push(chars.next().unwrap()),
                    '"' => break,
                    c => label.push(c),
                }
            }
            let after: String = chars.collect();
            assert!(after.starts_with(", fillcolor="), "{line}");
            nodes.push((id.to_string(), label));
        }
    }
    (nodes, edges)
}

#[test]
fn mermaid_reads_back_with_every_label_whole() {
    let (_dir, path) = board();
    let out = cli(&path, &["graph", "--format", "mermaid"]);
    let (nodes, edges) = read_mermaid(&out);
    let label = |id: &str| nodes.iter().find(|n| n.0 == id).map(|n| n.1.clone());
    assert_eq!(label("q1").unwrap(), format!("#1 {}", HOSTILE[0]));
    assert_eq!(label("q2").unwrap(), format!("#2 {} (one-way)", HOSTILE[1]));
    assert_eq!(label("q3").unwrap(), format!("#3 {}", HOSTILE[2]));
    assert_eq!(nodes.len(), 4, "open questions only: {nodes:?}");
    let class = |id: &str| nodes.iter().find(|n| n.0 == id).unwrap().2.clone();
    assert_eq!(class("q2"), "blocking");
    assert_eq!(class("q1"), "uncomfortable");
    let mut edges = edges;
    edges.sort();
    assert_eq!(
        edges,
        [("q1".into(), "q2".into()), ("q2".into(), "q3".into())]
    );
    // With --all, the resolved question and its edge are in.
    let (nodes, edges) = read_mermaid(&cli(&path, &["graph", "--format", "mermaid", "--all"]));
    assert!(nodes.iter().any(|n| n.0 == "q5" && n.2 == "resolved"));
    assert!(edges.contains(&("q5".into(), "q2".into())));
}

#[test]
fn dot_reads_back_with_every_label_whole() {
    let (_dir, path) = board();
    let out = cli(&path, &["graph", "--format", "dot"]);
    assert!(
        out.starts_with("digraph unknowns {\n") && out.ends_with("}\n"),
        "{out}"
    );
    let (nodes, mut edges) = read_dot(&out);
    let label = |id: &str| nodes.iter().find(|n| n.0 == id).map(|n| n.1.clone());
    assert_eq!(
        label("q1").unwrap(),
        format!("#1 {} (uncomfortable)", HOSTILE[0])
    );
    assert_eq!(
        label("q4").unwrap(),
        format!("#4 {} (interesting)", HOSTILE[3])
    );
    edges.sort();
    assert_eq!(
        edges,
        [("q1".into(), "q2".into()), ("q2".into(), "q3".into())]
    );
}

#[test]
fn text_draws_the_chains_and_names_the_critical_one() {
    let (_dir, path) = board();
    let out = cli(&path, &["graph"]);
    assert!(
        out.starts_with("critical chain: 3 questions, #1 → #2 → #3\n"),
        "{out}"
    );
    assert!(out.contains("\n└─ #2 "), "{out}");
    assert!(out.contains("\n   └─ #3 "), "{out}");
    assert!(out.contains("no links (1):\n  #4 "), "{out}");
}

#[test]
fn a_markdown_export_carries_the_graph_as_a_mermaid_block() {
    let (_dir, path) = board();
    let out = cli(&path, &["export", "--format", "markdown"]);
    let start = out.find("```mermaid\nflowchart LR\n").expect(&out);
    let block = &out[start + "```mermaid\n".len()..];
    let end = block.find("```\n").expect("the block closes");
    let (nodes, edges) = read_mermaid(&block[..end]);
    assert_eq!(nodes.len(), 4);
    assert_eq!(edges.len(), 2);
}
