//! The examples `unknowns --help` gives run as written, on a copy of the demo board, so a stale
//! example fails here before a user types it.

/// The example lines of `--help`, each without its description.
fn help_examples() -> Vec<String> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_unknowns"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    let section = help.split("Examples:").nth(1).expect("--help has examples");
    section
        .lines()
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| !l.trim().is_empty())
        .map(|l| {
            let l = l.trim();
            // The description follows two or more spaces outside quotes, or in brackets.
            let mut quoted = false;
            let mut end = l.len();
            let bytes = l.as_bytes();
            for (i, &b) in bytes.iter().enumerate() {
                match b {
                    b'"' | b'\'' => quoted = !quoted,
                    b' ' if !quoted && bytes.get(i + 1) == Some(&b' ') => {
                        end = i;
                        break;
                    }
                    _ => {}
                }
            }
            l[..end].to_string()
        })
        .collect()
}

#[test]
fn every_help_example_runs() {
    let examples = help_examples();
    assert!(examples.len() >= 8, "{examples:?}");
    let dir = tempfile::tempdir().unwrap();
    let board = dir.path().join("unknowns.ron");
    std::fs::write(&board, unknowns::store::DEMO_BOARD).unwrap();
    std::fs::create_dir_all(dir.path().join("team")).unwrap();
    std::fs::write(
        dir.path().join("team/unknowns.ron"),
        unknowns::store::DEMO_BOARD,
    )
    .unwrap();
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_unknowns"))
        .parent()
        .unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let has_jq = std::process::Command::new("sh")
        .args(["-c", "command -v jq"])
        .output()
        .is_ok_and(|o| o.status.success());
    let mut ran = 0;
    for example in &examples {
        // The app itself needs a terminal: the end-to-end tests open it.
        if example == "unknowns" || example == "unknowns --demo" {
            continue;
        }
        let line = if example.contains("| jq") && !has_jq {
            example.split('|').next().unwrap().trim().to_string()
        } else {
            example.clone()
        };
        let result = std::process::Command::new("sh")
            .args(["-c", &line])
            .env_clear()
            .env("PATH", &path)
            .env("HOME", dir.path())
            .env("XDG_STATE_HOME", dir.path().join("state"))
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            result.status.success(),
            "`{line}` failed: {}{}",
            String::from_utf8_lossy(&result.stdout),
            String::from_utf8_lossy(&result.stderr)
        );
        ran += 1;
    }
    assert!(ran >= 8, "ran {ran} of {examples:?}");
}
