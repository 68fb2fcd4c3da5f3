//! The terminal loop: the edge where events come in, frames go out and the board is saved.
//!
//! Three threads feed one channel: terminal input, the saver's reports and signals. The main
//! thread turns each into an action, updates the app, carries out the effects and draws. Saving
//! happens on the saver thread, so a large board never delays a keystroke; the saver always
//! writes the newest board it was given and skips the ones in between.

use std::io;
use std::path::PathBuf;
use std::sync::mpsc;
use std::thread;

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;

use crate::app::{Action, App, Effect, keymap};
use crate::cli::now;
use crate::model::Board;
use crate::store;
use crate::ui;

enum Message {
    Terminal(crossterm::event::Event),
    Saved {
        generation: u64,
        result: Result<(), String>,
    },
    Signal(i32),
    InputClosed,
}

/// Starts the saver thread: it writes the newest board it has been sent.
fn spawn_saver(
    path: PathBuf,
    reports: mpsc::Sender<Message>,
) -> (mpsc::Sender<(u64, Board)>, thread::JoinHandle<()>) {
    let (tx, rx) = mpsc::channel::<(u64, Board)>();
    let handle = thread::spawn(move || {
        while let Ok(mut job) = rx.recv() {
            // Coalesce: only the newest board matters.
            while let Ok(newer) = rx.try_recv() {
                job = newer;
            }
            let (generation, board) = job;
            let result = store::save(&path, &board).map_err(|e| e.to_string());
            let _ = reports.send(Message::Saved { generation, result });
        }
    });
    (tx, handle)
}

fn restore_terminal() {
    let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
}

/// Runs the full-screen board until the user quits. Returns the process exit code.
pub fn run(mut app: App, path: PathBuf) -> io::Result<i32> {
    app.time_zone = jiff::tz::TimeZone::system();
    let (tx, rx) = mpsc::channel::<Message>();

    // Signals: SIGTERM and SIGHUP save and leave.
    {
        let tx = tx.clone();
        let mut signals = signal_hook::iterator::Signals::new([
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGHUP,
        ])?;
        thread::spawn(move || {
            for signal in signals.forever() {
                if tx.send(Message::Signal(signal)).is_err() {
                    break;
                }
            }
        });
    }

    let (saver, saver_thread) = spawn_saver(path, tx.clone());

    // The panic hook of ratatui::init restores the screen; ours also turns the mouse off.
    let mut terminal = ratatui::init();
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
        previous_hook(info);
    }));
    execute!(io::stdout(), EnableMouseCapture, EnableBracketedPaste)?;

    {
        let tx = tx.clone();
        thread::spawn(move || {
            loop {
                match crossterm::event::read() {
                    Ok(event) => {
                        if tx.send(Message::Terminal(event)).is_err() {
                            break;
                        }
                    }
                    Err(e) => {
                        let _ = e;
                        let _ = tx.send(Message::InputClosed);
                        break;
                    }
                }
            }
        });
    }

    let size = terminal.size()?;
    app.update(
        Action::Resize {
            width: size.width,
            height: size.height,
        },
        now(),
    );
    let mut exit_code = 0;
    let result = (|| -> io::Result<()> {
        terminal.draw(|f| ui::view(&app, f))?;
        while let Ok(first) = rx.recv() {
            // Handle everything already waiting (a paste, a held key, a burst of saver
            // reports) and draw once.
            let mut next = Some(first);
            while let Some(message) = next {
                let action = match message {
                    Message::Terminal(event) => keymap::translate(app.context(), event),
                    Message::Saved { generation, result } => {
                        Some(Action::Saved { generation, result })
                    }
                    Message::Signal(signal) => {
                        exit_code = 128 + signal;
                        return Ok(());
                    }
                    Message::InputClosed => return Ok(()),
                };
                if let Some(action) = action {
                    let effects = app.update(action, now());
                    if effects.contains(&Effect::Save) {
                        let _ = saver.send((app.generation, app.board.clone()));
                    }
                    if effects.contains(&Effect::Quit) {
                        return Ok(());
                    }
                }
                next = rx.try_recv().ok();
            }
            terminal.draw(|f| ui::view(&app, f))?;
        }
        Ok(())
    })();

    // Every change has been sent to the saver; let it finish writing before we leave.
    drop(saver);
    let _ = saver_thread.join();
    restore_terminal();
    // Say how the last save went.
    while let Ok(message) = rx.try_recv() {
        if let Message::Saved { result: Err(e), .. } = message {
            eprintln!("unknowns: the board could not be saved: {e}");
            exit_code = 1;
        }
    }
    result?;
    if exit_code > 128 {
        eprintln!(
            "unknowns: stopped by signal {}; the board is saved",
            exit_code - 128
        );
    }
    Ok(exit_code)
}
