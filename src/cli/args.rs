//! The command line's arguments, as clap reads them.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::model::Lane;

use super::EXAMPLES;

#[derive(Parser, Debug)]
#[command(
    name = "unknowns",
    version,
    about = "Keep the open questions of a piece of work, and decide in what order to resolve them.",
    after_help = EXAMPLES
)]
pub struct Cli {
    /// The board file to use.
    #[arg(long, global = true, value_name = "PATH")]
    pub board: Option<PathBuf>,
    /// Open a scratch copy of the bundled demo board (your board is not touched).
    #[arg(long, global = true)]
    pub demo: bool,
    /// Open the board read-only: nothing can be changed (useful when sharing a screen).
    #[arg(long, global = true)]
    pub read_only: bool,
    /// Start in presentation mode, for a shared screen (P toggles it).
    #[arg(long)]
    pub present: bool,
    /// Colours: dark (default), light, high-contrast, or no-color (also chosen by NO_COLOR).
    #[arg(long, value_enum, global = true)]
    pub theme: Option<crate::ui::theme::Theme>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// A lane as typed on the command line: its name in any case, or its first letter (as the
/// app takes it).
pub type LaneArg = Lane;

fn lane_arg(text: &str) -> Result<Lane, String> {
    Lane::parse(text).ok_or_else(|| {
        format!(
            "`{text}` is not a lane: blocking, uncomfortable or interesting (any case, or b, u, i)"
        )
    })
}

/// A question's number as the app shows it (`#3`) or bare (`3`).
fn question_id(text: &str) -> Result<u32, String> {
    let digits = text.trim().strip_prefix('#').unwrap_or(text.trim());
    digits
        .parse::<u32>()
        .map_err(|_| format!("`{text}` is not a question's number: give it as 3 or #3"))
}

/// A width for `show`: the narrowest a board can be drawn, up to a very wide terminal.
fn show_width(text: &str) -> Result<u16, String> {
    let min = crate::geometry::MIN_WIDTH;
    match text.parse::<u16>() {
        Ok(w) if w >= min => Ok(w),
        Ok(_) => Err(format!("the board needs at least {min} columns")),
        Err(_) => Err(format!("`{text}` is not a number of columns")),
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Markdown,
    Json,
    Csv,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum TrendFormat {
    Text,
    Csv,
    Json,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum TrendBy {
    Day,
    Week,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Text,
    Mermaid,
    Dot,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum NextFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Add a question and print its id. The title takes the quick-add shorthand:
    /// `b:`/`u:`/`i:` lane, `@owner`, `#tag`, `^7` after #7, `!` one-way, `>fri` revisit, `<fri` needed by
    /// (a backslash keeps a character as text: `\@home`).
    Add {
        /// The question, in one line (shorthand allowed).
        #[arg(required = true, num_args = 1..)]
        title: Vec<String>,
        /// The lane (default: Blocking, or what the shorthand says): any case, or b, u, i.
        #[arg(long, value_parser = lane_arg)]
        lane: Option<LaneArg>,
        /// The decision is expensive to reverse.
        #[arg(long)]
        one_way: bool,
        /// A question that must be resolved first (repeat for several).
        #[arg(long, value_name = "ID", value_parser = question_id)]
        after: Vec<u32>,
        #[arg(long, value_name = "NAME")]
        owner: Option<String>,
    },
    /// Print every question, open and resolved.
    List {
        #[arg(long, value_enum, default_value = "text")]
        format: ListFormat,
    },
    /// Print the three lanes as plain text, as the board shows them.
    Show {
        /// Width in columns (default: the terminal's, or 120; at least the board's narrowest).
        #[arg(long, value_parser = show_width)]
        width: Option<u16>,
    },
    /// Move a question to a lane (at the end of it).
    Move {
        #[arg(value_parser = question_id)]
        id: u32,
        /// blocking, uncomfortable or interesting: any case, or b, u, i.
        #[arg(value_parser = lane_arg)]
        lane: LaneArg,
    },
    /// Resolve a question with a decision.
    Decide {
        #[arg(value_parser = question_id)]
        id: u32,
        #[arg(required = true, num_args = 1..)]
        decision: Vec<String>,
    },
    /// Resolve a question that went away once a first step was taken.
    Dissolve {
        #[arg(value_parser = question_id)]
        id: u32,
        note: Vec<String>,
    },
    /// Check that the board file loads; exit 0, or print the precise error.
    Check,
    /// The whole board (lanes, then resolved questions with their decisions) for a design
    /// doc or a spreadsheet.
    Export {
        #[arg(long, value_enum, default_value = "markdown")]
        format: ExportFormat,
    },
    /// The dependency graph of the open questions: every `after` an edge, prerequisites
    /// first. Text draws the chains as a tree with the critical chain named; Mermaid
    /// (`flowchart LR`, a class per lane) pastes into a design doc on GitHub or GitLab; DOT
    /// goes to Graphviz (`unknowns graph --format dot | dot -Tsvg > graph.svg`).
    Graph {
        #[arg(long, value_enum, default_value = "text")]
        format: GraphFormat,
        /// Resolved questions too.
        #[arg(long)]
        all: bool,
    },
    /// Is the uncertainty shrinking? The open questions per lane and the resolved ones at the
    /// end of each day (or week), read from the questions' history.
    Trend {
        /// From when: a span back (8w, 30d), a date, a day word; the forms `minutes` takes.
        #[arg(long, default_value = "8w")]
        since: String,
        /// Until when (default: now).
        #[arg(long)]
        until: Option<String>,
        #[arg(long, value_enum, default_value = "day")]
        by: TrendBy,
        #[arg(long, value_enum, default_value = "text")]
        format: TrendFormat,
    },
    /// Write a decided (or dissolved) question as a decision record (MADR) in the
    /// repository's decision folder (docs/decisions, docs/adr or doc/adr, found in that
    /// order; docs/decisions when none exists), numbered after the highest record there. A
    /// question that has its record says where it is.
    Adr {
        #[arg(value_parser = question_id)]
        id: u32,
        /// Another folder for the record.
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Print a shell completion script: `unknowns completions bash > ~/.local/share/bash-completion/completions/unknowns`.
    Completions {
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Print the man page (roff): `unknowns man > ~/.local/share/man/man1/unknowns.1`.
    Man,
    /// Minutes for any span, from the questions' history: what was added, moved, decided,
    /// dissolved and deferred, as Markdown.
    Minutes {
        /// From when: a span back (2h, 90m, 1d), a time (2026-11-24T09:00:00Z), a date, or 09:30.
        #[arg(long, default_value = "1h")]
        since: String,
        /// Until when (default: now), in the same forms.
        #[arg(long)]
        until: Option<String>,
    },
    /// The morning digest: what changed since your last review, what is due, what is stale,
    /// blocking questions and one-way doors that nobody owns. (It does not count as a review;
    /// `R` in the board does.)
    Review {
        #[arg(long, value_enum, default_value = "text")]
        format: NextFormat,
        /// Review as of another day (what comes due then): 2026-12-01, tomorrow, mon, +3d
        /// (as the app reads dates).
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
    },
    /// Where the config file is and whether it reads; or print a commented default one.
    Config {
        /// Print a commented config file with every setting at its default.
        #[arg(long)]
        print_default: bool,
    },
    /// List the board's backups, newest first: id, time, size, questions.
    Backups,
    /// Recovery copies left when unknowns was stopped before its changes reached the disk:
    /// list them, merge the newest in, or keep it aside.
    Recover {
        /// Merge the newest recovery copy into the board (a three-way merge: nothing written
        /// since is lost); the copy is then set aside.
        #[arg(long, conflicts_with = "aside")]
        merge: bool,
        /// Keep the newest recovery copy aside without merging it (it stays on disk).
        #[arg(long)]
        aside: bool,
    },
    /// Put a backup back (the current board is backed up first, so this too can be undone).
    Restore {
        /// The backup's id, as `unknowns backups` lists it.
        id: String,
    },
    /// Print the board's title, or give it one (presentation mode and the minutes show it).
    Title {
        /// The new title (none: print the title).
        title: Vec<String>,
    },
    /// Share the board through git: mark it in .gitattributes for the unknowns merge driver,
    /// register the driver in this clone (every clone runs this once), and keep the lock and
    /// temporary files out of `git status`.
    GitSetup,
    /// What is set up for sharing the board through git, and what is missing.
    Doctor,
    /// Git's merge driver for the board (`%O %A %B %P`): merges three versions question by
    /// question and field by field, writes the result to OURS. Exit 1 only if a version does
    /// not load.
    MergeDriver {
        /// The common ancestor's version (%O).
        base: PathBuf,
        /// Our version, where the result is written (%A).
        ours: PathBuf,
        /// Their version (%B).
        theirs: PathBuf,
        /// The board's path in the repository (%P), for messages.
        path: Option<String>,
    },
    /// Merge a board that holds git's conflict markers (merged without the driver) into a
    /// clean one: from git's index inside an unfinished merge, else from the marked sides.
    Resolve,
    /// Fields two people changed differently, found when boards merged, not yet settled.
    Conflicts {
        #[arg(long, value_enum, default_value = "text")]
        format: ListFormat,
    },
    /// Commit the board if it changed, fetch, merge the upstream, push; say what came in.
    Sync,
    /// The order of operations: what to resolve now, what waits, what can wait, with reasons.
    Next {
        #[arg(long, value_enum, default_value = "text")]
        format: NextFormat,
        /// Plan as of another day, e.g. to see what Monday looks like: 2026-12-01, tomorrow,
        /// mon, +3d (as the app reads dates).
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
    },
}
