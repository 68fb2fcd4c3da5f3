use std::process::ExitCode;

use clap::Parser;

use unknowns::app::App;
use unknowns::cli::{self, Cli};
use unknowns::store::{self, Source};
use unknowns::ui::theme::Theme;
use unknowns::{tui, ui};

fn main() -> ExitCode {
    let args = Cli::parse();
    let location = if args.demo {
        store::demo_copy()
    } else {
        store::locate(args.board.clone()).map_err(std::io::Error::other)
    };
    let location = match location {
        Ok(l) => l,
        Err(e) => {
            eprintln!("unknowns: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(command) = args.command {
        let mut out = Vec::new();
        let result = cli::run(command, &location, &mut out);
        // A reader that stops early (`| head`) is not an error.
        let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), &out);
        return match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(cli::Failure(message)) => {
                eprintln!("unknowns: {message}");
                ExitCode::from(1)
            }
        };
    }
    let board = match store::load_or_new(&location.path) {
        Ok(board) => board,
        Err(e) => {
            // Never overwrite a board that did not load.
            eprintln!("unknowns: {}", cli::load_failure(&location.path, &e));
            eprintln!("unknowns: the board was not opened and has not been changed.");
            return ExitCode::from(2);
        }
    };
    let label = match location.source {
        Source::Demo => "demo (a scratch copy)".to_string(),
        _ => ui::short_path(&location.path.display().to_string()),
    };
    let mut app = App::new(board, label);
    app.theme = Theme::choose(args.theme, std::env::var_os("NO_COLOR"));
    app.present = args.present;
    match tui::run(app, location.path) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(code) => ExitCode::from(code.clamp(1, 255) as u8),
        Err(e) => {
            eprintln!("unknowns: {e}");
            ExitCode::from(1)
        }
    }
}
