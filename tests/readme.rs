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

/// The README's synopsis of the command line: each line's subcommand (empty for the app
/// itself) and the options and values it names.
fn synopsis(text: &str) -> Vec<(usize, String, Vec<String>)> {
    let (start, block) = blocks(text, "sh")
        .into_iter()
        .find(|(_, body)| body.starts_with("unknowns [--board PATH]"))
        .expect("the README's synopsis of the command line");
    block
        .lines()
        .enumerate()
        .map(|(n, line)| {
            let usage = line.split('#').next().unwrap().trim();
            let mut words = usage.split_whitespace().skip(1).peekable();
            let sub = match words.peek() {
                Some(w) if w.chars().all(|c| c.is_ascii_lowercase() || c == '-') => {
                    words.next().unwrap().to_string()
                }
                _ => String::new(),
            };
            (start + n, sub, words.map(str::to_string).collect())
        })
        .collect()
}

#[test]
fn the_readme_synopsis_names_every_command_and_only_options_that_exist() {
    use clap::CommandFactory;
    let text = readme();
    let lines = synopsis(&text);
    let cli = unknowns::cli::Cli::command();
    let listed: Vec<&str> = lines.iter().map(|(_, sub, _)| sub.as_str()).collect();
    for sub in cli.get_subcommands() {
        let name = sub.get_name();
        assert!(
            name == "help" || listed.contains(&name),
            "the README's synopsis leaves out `unknowns {name}`"
        );
    }
    for (line, sub, words) in &lines {
        let cmd = if sub.is_empty() {
            &cli
        } else {
            cli.find_subcommand(sub)
                .unwrap_or_else(|| panic!("README.md:{line}: no command `{sub}`"))
        };
        for word in words {
            let word = word.trim_matches(|c| matches!(c, '[' | ']' | '.'));
            let Some(rest) = word.strip_prefix("--") else {
                continue;
            };
            let name = rest;
            let arg = cmd
                .get_arguments()
                .chain(cli.get_arguments().filter(|a| a.is_global_set()))
                .find(|a| a.get_long() == Some(name))
                .unwrap_or_else(|| panic!("README.md:{line}: `{sub}` has no option --{name}"));
            let possible: Vec<String> = arg
                .get_possible_values()
                .iter()
                .map(|v| v.get_name().to_string())
                .collect();
            if !possible.is_empty() {
                // The values the README offers after the option are ones clap takes.
                let offered = words
                    .iter()
                    .skip_while(|w| w.trim_start_matches('[') != format!("--{name}"))
                    .nth(1)
                    .map(|w| w.trim_matches(|c| matches!(c, '[' | ']')).to_string())
                    .unwrap_or_default();
                for value in offered.split('|').filter(|v| {
                    v.chars().all(|c| c.is_ascii_lowercase() || c == '-') && !v.is_empty()
                }) {
                    assert!(
                        possible.contains(&value.to_string()),
                        "README.md:{line}: --{name} does not take `{value}` (it takes {possible:?})"
                    );
                }
            }
        }
    }
}
