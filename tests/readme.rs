//! The README says what the program does: every board it shows loads, and the one it says
//! `unknowns` writes is byte for byte what `unknowns` writes.

use unknowns::format;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

/// The code blocks of a language, with the line each starts on.
fn blocks(text: &str, lang: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (n, line) in text.lines().enumerate() {
        match &mut current {
            None if line.trim_start() == format!("```{lang}") => {
                current = Some((n + 2, String::new()));
            }
            Some(_) if line.trim_start() == "```" => {
                out.extend(current.take());
            }
            Some((_, body)) => {
                body.push_str(line);
                body.push('\n');
            }
            None => {}
        }
    }
    out
}

/// The RON blocks that are boards (the others are config files).
fn boards(text: &str) -> Vec<(usize, String)> {
    blocks(text, "ron")
        .into_iter()
        .filter(|(_, body)| body.contains("questions:"))
        .collect()
}

#[test]
fn every_config_in_the_readme_reads_without_a_problem() {
    let text = readme();
    let configs: Vec<(usize, String)> = blocks(&text, "ron")
        .into_iter()
        .filter(|(_, body)| !body.contains("questions:"))
        .collect();
    assert!(!configs.is_empty(), "the README shows a config file");
    for (line, body) in configs {
        let (_, problems) = unknowns::config::parse(&body);
        assert!(problems.is_empty(), "README.md:{line}: {problems:?}");
    }
}

#[test]
fn every_board_in_the_readme_loads() {
    let text = readme();
    let boards = boards(&text);
    assert!(boards.len() >= 2, "the README shows boards");
    for (line, body) in &boards {
        let board = format::parse(body.as_bytes())
            .unwrap_or_else(|e| panic!("README.md:{line}: the board does not load: {e}"));
        assert_eq!(board.validate(), Ok(()));
    }
}

#[test]
fn the_board_the_readme_says_unknowns_writes_is_what_it_writes() {
    let text = readme();
    let written: Vec<(usize, String)> = boards(&text)
        .into_iter()
        .filter(|(_, body)| body.contains("key:"))
        .collect();
    assert!(!written.is_empty(), "the README shows a board as written");
    for (line, body) in written {
        let board = format::parse(body.as_bytes()).unwrap();
        assert_eq!(
            format::write(&board),
            body,
            "README.md:{line}: not what unknowns writes"
        );
    }
}

/// Where the README's key reference begins and ends.
const KEYS_BEGIN: &str = "<!-- keys: generated from the keymap -->\n";
const KEYS_END: &str = "<!-- keys: end -->";

#[test]
fn the_readme_names_every_key_of_every_mode_as_the_keymap_binds_it() {
    let text = readme();
    let begin = text.find(KEYS_BEGIN).expect("the key reference's start") + KEYS_BEGIN.len();
    let end = text.find(KEYS_END).expect("the key reference's end");
    let generated = unknowns::app::keymap::Keymap::default().cheatsheet();
    if std::env::var_os("UNKNOWNS_BLESS").is_some() {
        let written = format!("{}{}{}", &text[..begin], generated, &text[end..]);
        std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"), written).unwrap();
        return;
    }
    assert_eq!(
        &text[begin..end],
        generated,
        "the README's keys differ from the keymap: UNKNOWNS_BLESS=1 cargo test --test readme writes them"
    );
}
