use std::process::ExitCode;

use clap::Parser;

use unknowns::app::App;
use unknowns::cli::{self, Cli};
use unknowns::config;
use unknowns::store::{self, Source};
use unknowns::ui::theme::Theme;
use unknowns::{runtime, ui};

fn main() -> ExitCode {
    let args = Cli::parse();
    // A demo's scratch folder lives as long as this function: however the program ends
    // (a quit, a signal, an error), it is removed on the way out.
    let mut demo_folder = None;
    let location = if args.demo {
        store::demo_copy().map(|(location, folder)| {
            demo_folder = Some(folder);
            location
        })
    } else {
        store::locate(args.board.clone()).map_err(std::io::Error::other)
    };
    let location = match location {
        Ok(l) => store::Location {
            read_only: args.read_only,
            ..l
        },
        Err(e) => {
            eprintln!("unknowns: {e}");
            return ExitCode::from(2);
        }
    };
    let (config, problems) = config::path().map(|p| config::load(&p)).unwrap_or_default();
    if let Some(command) = args.command {
        return run_command(command, &location, &config, &problems);
    }
    let mut loaded = store::load_hashed(&location.path);
    // A board git merged line by line: offer to merge both sides into a clean one.
    if let Err(store::LoadError::Format { error, .. }) = &loaded
        && error.kind == unknowns::format::FaultKind::ConflictMarkers
        && std::io::IsTerminal::is_terminal(&std::io::stdin())
    {
        eprintln!("unknowns: {}: {}", location.path.display(), error.message);
        eprint!("Merge both sides into a clean board now (`unknowns resolve`)? [y/N] ");
        let mut answer = String::new();
        let _ = std::io::stdin().read_line(&mut answer);
        if answer.trim().eq_ignore_ascii_case("y") {
            let mut out = std::io::stderr();
            match cli::run(cli::Command::Resolve, &location, &config, &mut out) {
                Ok(()) => loaded = store::load_hashed(&location.path),
                Err(cli::Failure(message)) => eprintln!("unknowns: {message}"),
            }
        }
    }
    let (board, seen) = match loaded {
        Ok(Some((board, hash))) => (board, Some(hash)),
        Ok(None) => (Default::default(), None),
        Err(e) => {
            // Never overwrite a board that did not load.
            eprintln!("unknowns: {}", cli::load_failure(&location.path, &e));
            eprintln!("unknowns: the board was not opened and has not been changed.");
            return ExitCode::from(2);
        }
    };
    let label = label_of(&location);
    let new_board = !location.path.exists();
    // Worked out by the first update, as of the time it comes with.
    let mut app = App::unplanned(board, label);
    app.session.new_board = new_board;
    // Before the first update, which derives what the status line counts from it.
    (app.last_review, app.looked) = store::review_state(&location.path);
    // A meeting left running (quit with "keep it running", or a crash) goes on.
    app.meeting = store::running_meeting(&location.path);
    app.configure(&config);
    app.user = cli::user();
    app.theme = match (args.theme, config.theme) {
        (None, Some(from_config)) if std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) => {
            from_config
        }
        (flag, _) => Theme::choose(flag, std::env::var_os("NO_COLOR")),
    };
    if !problems.is_empty() {
        // The app starts with defaults where the config is wrong, and says so.
        app.update(unknowns::app::Action::ConfigProblems(problems), cli::now());
    }
    if !app.session.board.repaired_keys.is_empty() {
        app.update(unknowns::app::Action::KeysRepaired, cli::now());
    }
    app.set_present(args.present);
    app.read_only = location.read_only || store::is_read_only(&location.path);
    match runtime::run(app, location.path, seen) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(code) => ExitCode::from(code.clamp(1, 255) as u8),
        Err(e) => {
            // The terminal may be gone: a message that cannot be written is no reason to panic.
            use std::io::Write as _;
            let _ = writeln!(std::io::stderr(), "unknowns: {e}");
            ExitCode::from(1)
        }
    }
}

/// A command: run, its output written as it is made, its failure said on stderr.
fn run_command(
    command: cli::Command,
    location: &store::Location,
    config: &config::Config,
    problems: &[String],
) -> ExitCode {
    // `unknowns config` reports the config's mistakes itself.
    if !matches!(command, cli::Command::Config { .. }) {
        for p in problems {
            eprintln!("unknowns: {p} (using the default instead)");
        }
    }
    // Written as it is made (a big board's report need not be held whole in memory).
    let mut out =
        std::io::BufWriter::with_capacity(1 << 16, cli::Unpiped::new(std::io::stdout().lock()));
    let result = cli::run(command, location, config, &mut out);
    let _ = std::io::Write::flush(&mut out);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(cli::Failure(message)) => {
            eprintln!("unknowns: {message}");
            ExitCode::from(1)
        }
    }
}

/// The board's name in the app's title: the demo, or its path made short.
fn label_of(location: &store::Location) -> String {
    match location.source {
        Source::Demo => "demo (a scratch copy)".to_string(),
        _ => {
            let path = std::path::absolute(&location.path).unwrap_or(location.path.clone());
            // As the work tree is found: through the real folder.
            let path = path
                .parent()
                .and_then(|p| p.canonicalize().ok())
                .map_or(path.clone(), |p| {
                    p.join(path.file_name().unwrap_or_default())
                });
            let work_tree = store::work_tree_of(&location.path);
            ui::short_path(
                &path.display().to_string(),
                std::env::var("HOME").ok().as_deref(),
                work_tree.as_deref().and_then(|t| t.to_str()),
            )
        }
    }
}
