//! The config file: `$XDG_CONFIG_HOME/unknowns/config.ron`. Everything in it is optional; a
//! mistake is reported with its line and column, and the rest of the file still applies.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::app::Action;
use crate::app::Theme;
use crate::app::keymap::{self, Context, KeyPress};
use crate::format::line_col;
use crate::model::Lane;
use crate::model::plan::STALE_DAYS;
use crate::store::BACKUPS_KEPT;

/// What the config file says, resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub theme: Option<Theme>,
    /// The lane focused at start, where `a` adds and `unknowns add` puts questions.
    pub default_lane: Lane,
    /// Days a blocking question may go untouched before the plan warns.
    pub stale_days: i64,
    /// Backups kept per board.
    pub backups_kept: usize,
    /// Key overrides: in this mode, this key does this.
    pub keys: Vec<(Context, KeyPress, Action)>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            theme: None,
            default_lane: Lane::Blocking,
            stale_days: STALE_DAYS,
            backups_kept: BACKUPS_KEPT,
            keys: Vec::new(),
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename = "config")]
struct ConfigFile {
    #[serde(default)]
    theme: Option<Theme>,
    #[serde(default)]
    default_lane: Option<Lane>,
    #[serde(default)]
    stale_days: Option<u32>,
    #[serde(default)]
    backups_kept: Option<usize>,
    #[serde(default)]
    keys: BTreeMap<String, BTreeMap<String, String>>,
}

/// Where the config file is.
pub fn path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "unknowns").map(|d| d.config_dir().join("config.ron"))
}

/// The place of the first `"text"` in the source, for messages about it.
fn place(src: &str, text: &str) -> (usize, usize) {
    src.find(&format!("\"{text}\""))
        .map(|at| line_col(src, at + 1))
        .unwrap_or((1, 1))
}

/// Reads a config file's text. Returns the config (defaults where the file says nothing or
/// is wrong) and every problem, as `line:col: message`.
pub fn parse(src: &str) -> (Config, Vec<String>) {
    let mut config = Config::default();
    let mut problems = Vec::new();
    let file: ConfigFile = match ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(src)
    {
        Ok(f) => f,
        Err(e) => {
            // Read each setting on its own, so every mistake is named (and the good settings
            // still apply); a file that is not even RON gets its one error.
            let fields = top_level_fields(src);
            if fields.is_empty() {
                problems.push(format!(
                    "{}:{}: {}",
                    e.span.start.line, e.span.start.col, e.code
                ));
                return (config, problems);
            }
            let mut merged = ConfigFile::default();
            for (start, end) in fields {
                let one = format!("({})", &src[start..end]);
                match ron::Options::default()
                    .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
                    .from_str::<ConfigFile>(&one)
                {
                    Ok(f) => merged.take(f),
                    Err(e) => {
                        // The position inside the one setting, in the whole file.
                        let inside = byte_at(&one, e.span.start.line, e.span.start.col);
                        let at = (start + inside.saturating_sub(1)).min(end);
                        let (l, c) = line_col(src, at);
                        problems.push(format!("{l}:{c}: {}", e.code));
                    }
                }
            }
            merged
        }
    };
    config.theme = file.theme;
    if let Some(lane) = file.default_lane {
        config.default_lane = lane;
    }
    if let Some(days) = file.stale_days {
        config.stale_days = i64::from(days);
    }
    if let Some(kept) = file.backups_kept {
        if kept == 0 {
            let (l, c) = place(src, "backups_kept");
            problems.push(format!("{l}:{c}: backups_kept must be at least 1"));
        } else {
            config.backups_kept = kept;
        }
    }
    let modes: Vec<&str> = keymap::CONTEXTS.iter().map(|(n, _)| *n).collect();
    for (mode, keys) in &file.keys {
        let Some(context) = keymap::CONTEXTS
            .iter()
            .find(|(n, _)| n == mode)
            .map(|(_, c)| *c)
        else {
            let (l, c) = place(src, mode);
            problems.push(format!(
                "{l}:{c}: unknown mode \"{mode}\", expected one of: {}",
                modes.join(", ")
            ));
            continue;
        };
        for (key, action) in keys {
            let Some(press) = KeyPress::parse(key) else {
                let (l, c) = place(src, key);
                problems.push(format!(
                    "{l}:{c}: unknown key \"{key}\": write keys like a, A, ?, ctrl-s, alt-x, shift-left, enter, esc, tab, space, f1"
                ));
                continue;
            };
            let Some(act) = keymap::action_named(action) else {
                let (l, c) = place(src, action);
                problems.push(format!(
                    "{l}:{c}: unknown action \"{action}\"; `unknowns config --print-default` lists them"
                ));
                continue;
            };
            config.keys.push((context, press, act));
        }
    }
    (config, problems)
}

/// Reads the config file if there is one. Problems name the file.
pub fn load(path: &Path) -> (Config, Vec<String>) {
    match std::fs::read_to_string(path) {
        Ok(src) => {
            let (config, problems) = parse(&src);
            let problems = problems
                .into_iter()
                .map(|p| format!("{}:{p}", path.display()))
                .collect();
            (config, problems)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Config::default(), Vec::new()),
        Err(e) => (Config::default(), vec![format!("{}: {e}", path.display())]),
    }
}

/// A commented config file with every setting at its default.
pub fn default_text() -> String {
    let mut out = String::from(
        "// unknowns configuration: every setting is optional.\n\
         // Save as $XDG_CONFIG_HOME/unknowns/config.ron (usually ~/.config/unknowns/config.ron).\n\
         (\n\
         \x20   // Colours: Dark, Light, HighContrast or NoColor (--theme and NO_COLOR win over this).\n\
         \x20   // theme: Dark,\n\
         \n\
         \x20   // The lane focused at start: where `a` adds, and where `unknowns add` puts questions.\n\
         \x20   default_lane: Blocking,\n\
         \n\
         \x20   // Days a blocking question may go untouched before Next steps warns about it.\n",
    );
    out.push_str(&format!("    stale_days: {STALE_DAYS},\n\n"));
    out.push_str("    // Backups kept per board.\n");
    out.push_str(&format!("    backups_kept: {BACKUPS_KEPT},\n\n"));
    out.push_str(
        "    // Keys, per mode: \"key\": \"action\". The key stops doing what it did in that mode.\n\
         \x20   // Modes: ",
    );
    let modes: Vec<&str> = keymap::CONTEXTS.iter().map(|(n, _)| *n).collect();
    out.push_str(&modes.join(", "));
    out.push_str(".\n    // Actions:\n");
    for chunk in crate::app::action::COMMANDS.chunks(6) {
        let names: Vec<&str> = chunk.iter().map(|c| c.name).collect();
        out.push_str(&format!("    //   {}\n", names.join(", ")));
    }
    out.push_str(
        "    keys: {\n\
         \x20       // \"board\": { \"w\": \"decide\", \"ctrl-n\": \"add\" },\n\
         \x20   },\n\
         )\n",
    );
    out
}

impl ConfigFile {
    /// Takes the settings another (one-setting) file gives.
    fn take(&mut self, other: ConfigFile) {
        self.theme = other.theme.or(self.theme);
        self.default_lane = other.default_lane.or(self.default_lane);
        self.stale_days = other.stale_days.or(self.stale_days);
        self.backups_kept = other.backups_kept.or(self.backups_kept);
        self.keys.extend(other.keys);
    }
}

/// Where each setting of a config file is: the byte ranges of `name: value` at the top level
/// of its outer parentheses (strings, comments and nesting respected). Empty when the text is
/// not shaped like that.
fn top_level_fields(src: &str) -> Vec<(usize, usize)> {
    let bytes = src.as_bytes();
    let mut fields = Vec::new();
    let (mut depth, mut i, mut start) = (0usize, 0usize, None);
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth == 1 {
                    start = Some(i + 1);
                }
            }
            b')' | b']' | b'}' => {
                if depth == 1
                    && let Some(s) = start.take()
                    && !src[s..i].trim().is_empty()
                {
                    fields.push((s, i));
                }
                depth = depth.saturating_sub(1);
            }
            b',' if depth == 1 => {
                if let Some(s) = start
                    && !src[s..i].trim().is_empty()
                {
                    fields.push((s, i));
                }
                start = Some(i + 1);
            }
            _ => {}
        }
        i += 1;
    }
    // Each piece must look like `name: value`.
    fields
        .into_iter()
        .map(|(s, e)| {
            let lead = src[s..e].len() - src[s..e].trim_start().len();
            (s + lead, e)
        })
        .filter(|&(s, e)| {
            let t = strip_comments(&src[s..e]);
            t.split_once(':').is_some_and(|(name, _)| {
                name.trim().chars().all(|c| c.is_alphanumeric() || c == '_')
            })
        })
        .collect()
}

/// Text without its `//` comments (a comment inside a string is not one, but no setting
/// name holds a string).
fn strip_comments(text: &str) -> String {
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The byte offset of a 1-based line and column (in characters) of a text.
fn byte_at(text: &str, line: usize, col: usize) -> usize {
    let mut offset = 0;
    for (k, l) in text.split_inclusive('\n').enumerate() {
        if k + 1 == line {
            return offset
                + l.char_indices()
                    .nth(col.saturating_sub(1))
                    .map_or(l.len(), |(i, _)| i);
        }
        offset += l.len();
    }
    text.len()
}

/// The app takes the config file's choices here, so the app knows nothing of the file.
impl crate::app::App {
    /// Takes the config file's choices (the theme is chosen with the flags and the
    /// environment, by the caller).
    pub fn configure(&mut self, settings: &Config) {
        self.keymap = crate::app::keymap::Keymap::with(&settings.keys);
        self.stale_days = settings.stale_days;
        self.backups_kept = settings.backups_kept;
        self.nav.focus = settings.default_lane;
        self.settings_changed();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_file_parses_to_the_defaults() {
        let (config, problems) = parse(&default_text());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(config, Config::default());
    }

    #[test]
    fn every_setting() {
        let src = r#"(
            theme: HighContrast,
            default_lane: Uncomfortable,
            stale_days: 3,
            backups_kept: 10,
            keys: { "board": { "w": "decide", "ctrl-n": "add" }, "editor": { "ctrl-w": "save" } },
        )"#;
        let (config, problems) = parse(src);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(config.theme, Some(Theme::HighContrast));
        assert_eq!(config.default_lane, Lane::Uncomfortable);
        assert_eq!(config.stale_days, 3);
        assert_eq!(config.backups_kept, 10);
        assert_eq!(config.keys.len(), 3);
        assert!(config.keys.contains(&(
            Context::Board,
            KeyPress::parse("w").unwrap(),
            Action::Decide
        )));
    }

    #[test]
    fn mistakes_name_their_place_and_the_rest_still_applies() {
        let src = "(\n  stale_days: 3,\n  keys: {\n    \"boardd\": { \"w\": \"decide\" },\n    \"board\": { \"hyper-x\": \"add\", \"w\": \"decid\", \"v\": \"decide\" },\n  },\n)";
        let (config, problems) = parse(src);
        assert_eq!(config.stale_days, 3);
        assert_eq!(
            config.keys,
            vec![(
                Context::Board,
                KeyPress::parse("v").unwrap(),
                Action::Decide
            )]
        );
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("4:6: unknown mode \"boardd\"")),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("5:17: unknown key \"hyper-x\"")),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("unknown action \"decid\"")),
            "{problems:?}"
        );
        let (config, problems) = parse("(stale_dayz: 3)");
        assert_eq!(config, Config::default());
        assert!(problems[0].starts_with("1:2:"), "{problems:?}");
    }
}
