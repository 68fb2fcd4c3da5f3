//! The terminal loop: the edge where events come in, frames go out and the board is saved.
//!
//! Four sources feed one channel: terminal input, the saver, the file watcher and signals. The
//! main thread turns each into an action, updates the app, carries out the effects and draws.
//!
//! Saving happens on the saver thread, so a large board never delays a keystroke. Each save is a
//! read-modify-write under the board's lock: the saver writes only if the file on disk is still
//! the board the app last saw (its `base`). If someone else wrote in between, the saver sends
//! their board back instead; the app merges it with its own changes and saves again. The watcher
//! notices outside changes (the CLI, an editor, `git pull`) and sends them the same way.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;

use crate::app::{Action, App, Effect, PlanJob, SaveState};
use crate::clock::now;
use crate::{store, ui};

mod crash;
mod disk;
mod planner;

use crash::{Doing, action_name, write_report};
use disk::{SAVER_THREAD, SaveJob, Shared, spawn_saver, spawn_watcher};
use planner::{PLANNER_THREAD, spawn_planner};

enum Message {
    Terminal(crossterm::event::Event),
    /// From the saver and the watcher: `Action::Saved` or `Action::DiskChanged`.
    Storage(Action),
    Signal(i32),
    InputClosed,
}

/// Says something on standard error. A terminal that has gone away (a window closed, an ssh
/// connection dropped) cannot be written to: that is not a reason to stop, let alone to panic,
/// as `eprintln!` would.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// Puts the terminal back as it was; quietly gives up on one that has gone away.
fn restore_terminal() {
    let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
    let _ = ratatui::try_restore();
}

/// The terminal in raw mode on the alternate screen. Unlike `ratatui::init`, no panic hook of
/// ratatui's is installed: ours restores the terminal without writing to one that is gone.
fn start_terminal() -> io::Result<ratatui::DefaultTerminal> {
    use std::io::IsTerminal;
    if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        return Err(io::Error::other(
            "the board needs a terminal (standard input and output are not one); from a script, use the commands: `unknowns --help`",
        ));
    }
    crossterm::terminal::enable_raw_mode()?;
    if let Err(e) = execute!(io::stdout(), crossterm::terminal::EnterAlternateScreen) {
        let _ = crossterm::terminal::disable_raw_mode();
        return Err(e);
    }
    ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(io::stdout()))
}

/// What the effects of an update reach: the board's path, the saver, and what a crash report
/// would say.
struct Edges<'a> {
    path: &'a Path,
    /// Where threads the effects start report back.
    reports: mpsc::Sender<Message>,
    saver: &'a mpsc::Sender<SaveJob>,
    planner: &'a mpsc::Sender<PlanJob>,
    doing: &'a Mutex<Doing>,
}

impl Edges<'_> {
    /// Updates the app and carries out the effects; false when it is time to leave.
    fn apply(&self, app: &mut App, action: Action) -> bool {
        if let Ok(mut d) = self.doing.lock() {
            d.action = action_name(&action);
            d.mode = format!("{:?}", app.context());
        }
        let generation = app.session.generation;
        let background = matches!(action, Action::Saved { .. } | Action::DiskChanged { .. });
        let effects = app.update(action, now());
        if let Ok(mut d) = self.doing.lock() {
            if app.session.generation != generation || background {
                d.board = Some(app.session.board.clone());
                d.base = Some(app.session.base.clone());
            }
            d.draft = app.draft();
        }
        effects
            .into_iter()
            .all(|effect| self.carry_out(app, effect))
    }

    /// Carries out one effect, telling the app how it went; false for Quit.
    fn carry_out(&self, app: &mut App, effect: Effect) -> bool {
        let send = |app: &App, over_broken: bool| {
            let _ = self.saver.send(SaveJob {
                generation: app.session.generation,
                board: app.session.board.clone(),
                base: app.session.base.clone(),
                over_broken,
            });
        };
        match effect {
            Effect::Save => send(app, false),
            Effect::SaveOverBroken => send(app, true),
            Effect::SaveAs(typed) => {
                let target = store::expand_home(&typed.to_string_lossy());
                let result = store::save(&target, &app.session.board).map_err(|e| e.to_string());
                app.update(Action::CopySaved { to: target, result }, now());
            }
            Effect::WriteRecord(id, today) => {
                let result =
                    store::records::write_record(self.path, &app.session.board, id, None, today);
                app.update(Action::RecordWritten { id, result }, now());
            }
            Effect::WriteMinutes(text) => {
                let saved =
                    store::write_minutes(self.path, &text, now()).map_err(|e| e.to_string());
                app.update(Action::MinutesSaved(saved), now());
            }
            Effect::CopyToClipboard(text) => {
                use base64::Engine;
                let encoded = base64::engine::general_purpose::STANDARD.encode(text);
                let mut out = io::stdout();
                let _ =
                    io::Write::write_all(&mut out, format!("\x1b]52;c;{encoded}\x07").as_bytes());
                let _ = io::Write::flush(&mut out);
            }
            Effect::SetAsideRecovery(recovery, why) => {
                let result = store::set_aside(&recovery, why).map_err(|e| e.to_string());
                app.update(Action::RecoverySetAside(why, result), now());
            }
            Effect::RecordReview(looked) => {
                let at = now();
                let recorded = store::record_review(self.path, at, &looked)
                    .map(|_| at)
                    .map_err(|e| e.to_string());
                app.update(Action::ReviewRecorded(recorded), now());
            }
            Effect::KeepMeeting(start) => {
                if let Err(e) = store::keep_meeting(self.path, start) {
                    app.update(Action::MeetingNotKept(e.to_string()), now());
                }
            }
            Effect::Sync => {
                let (path, tx) = (self.path.to_path_buf(), self.reports.clone());
                thread::spawn(move || {
                    let result = crate::team::sync(&path)
                        .map(|s| s.line())
                        .map_err(|e| e.to_string());
                    let _ = tx.send(Message::Storage(Action::Synced(result)));
                });
            }
            Effect::Plan(job) => {
                if let Err(mpsc::SendError(job)) = self.planner.send(*job) {
                    // No planner thread: plan here, late rather than never.
                    let plan = crate::model::plan::plan_with(&job.board, job.today, job.stale_days);
                    app.update(
                        Action::Planned {
                            number: job.number,
                            plan: Box::new(plan),
                        },
                        now(),
                    );
                }
            }
            Effect::Quit => return false,
        }
        true
    }
}

/// How long after a failed save it is tried again.
const RETRY_AFTER: Duration = Duration::from_secs(2);

/// Runs the full-screen board until the user quits. Returns the process exit code.
/// `seen`: the hash of the file the board was read from (the saver takes it as the file it
/// last saw, so it need not read the board again before its first save).
pub fn run(mut app: App, path: PathBuf, seen: Option<u64>) -> io::Result<i32> {
    app.time_zone = jiff::tz::TimeZone::system();
    let (tx, rx) = mpsc::channel::<Message>();
    spawn_signals(tx.clone())?;
    let shared: Shared = Arc::default();
    disk::view_of(&shared).last_written = seen;
    let (saver, saver_thread) =
        spawn_saver(path.clone(), app.backups_kept, tx.clone(), shared.clone());
    let _watcher = spawn_watcher(path.clone(), tx.clone(), shared);
    let planner = spawn_planner(tx.clone());
    spawn_team_check(path.clone(), tx.clone());
    app.background_plans = true;

    let mut terminal = start_terminal()?;
    let doing = Arc::new(Mutex::new(Doing {
        board: Some(app.session.board.clone()),
        base: Some(app.session.base.clone()),
        ..Doing::default()
    }));
    install_panic_hook(doing.clone(), path.clone());
    execute!(io::stdout(), EnableMouseCapture, EnableBracketedPaste)?;
    spawn_input(tx.clone());

    // A recovery copy left by a run that was stopped before its changes reached the disk.
    if !app.read_only
        && let Some(found) = store::pending_recoveries(&path).into_iter().next()
    {
        app.now = now();
        app.offer_recovery(crate::app::Offer {
            path: found.path,
            at: found.at,
            base: found.base,
            board: found.board,
            draft: found.draft,
            holds_changes: false,
        });
    }
    let edges = Edges {
        path: &path,
        reports: tx.clone(),
        saver: &saver,
        planner: &planner,
        doing: &doing,
    };
    let mut ending = Ending::default();
    let result = event_loop(&mut app, &rx, &mut terminal, &edges, &mut ending);

    // Every change has been sent to the saver; let it finish writing before we leave.
    drop(saver);
    let _ = saver_thread.join();
    // A fetch or a sync still talking to a remote is ended with the app.
    crate::git::end_running();
    // ratatui's terminal shows the cursor again when dropped, and says so with `eprintln!` when
    // it cannot: on a terminal that is gone that would panic. The cursor is shown here, and a
    // terminal that is gone is let go of without a word.
    if terminal.show_cursor().is_ok() {
        drop(terminal);
    } else {
        std::mem::forget(terminal);
    }
    // Take in what the saver (and watcher) reported, so the app knows whether every change
    // is on disk.
    let mut late_failure = None;
    while let Ok(message) = rx.try_recv() {
        if let Message::Storage(action @ Action::Saved { .. }) = message {
            if let Action::Saved { result: Err(e), .. } = &action {
                late_failure = Some(e.clone());
            }
            app.update(action, now());
        }
    }
    if let Err(e) = result {
        restore_terminal();
        return Err(e);
    }
    Ok(shutdown_report(&app, &path, ending, late_failure))
}

/// Signals: SIGTERM, SIGHUP and SIGINT save and leave.
fn spawn_signals(tx: mpsc::Sender<Message>) -> io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ])?;
    thread::spawn(move || {
        for signal in signals.forever() {
            if tx.send(Message::Signal(signal)).is_err() {
                break;
            }
        }
    });
    Ok(())
}

/// A board shared through git: whether this clone is set up for it, and whether the upstream
/// has changes to the board not merged yet (a fetch: never on the keystroke path).
fn spawn_team_check(path: PathBuf, tx: mpsc::Sender<Message>) {
    thread::spawn(move || {
        if crate::team::needs_setup(&path) {
            let _ = tx.send(Message::Storage(Action::MergeDriverMissing));
        }
        let ahead = crate::team::upstream_ahead(&path);
        let _ = tx.send(Message::Storage(Action::UpstreamAhead(ahead)));
    });
}

/// The terminal's events, read on a thread of their own; the end of the input is said once.
fn spawn_input(tx: mpsc::Sender<Message>) {
    thread::spawn(move || {
        loop {
            match crossterm::event::read() {
                Ok(event) => {
                    if tx.send(Message::Terminal(event)).is_err() {
                        break;
                    }
                }
                Err(_) => {
                    let _ = tx.send(Message::InputClosed);
                    break;
                }
            }
        }
    });
}

/// Our panic hook restores the screen, turns the mouse off, writes a report and a recovery
/// copy of the board, and says where.
fn install_panic_hook(doing: Arc<Mutex<Doing>>, board_path: PathBuf) {
    let previous_hook = std::panic::take_hook();
    let saver_reported = std::sync::atomic::AtomicBool::new(false);
    std::panic::set_hook(Box::new(move |info| {
        if matches!(
            thread::current().name(),
            Some(SAVER_THREAD | PLANNER_THREAD)
        ) {
            // The app keeps running and shows the failed save: leave the screen alone and
            // write one report (a retried save that fails again would only repeat it).
            if !saver_reported.swap(true, std::sync::atomic::Ordering::Relaxed) {
                let fallback = Doing::default();
                let held = doing.try_lock();
                let _ = write_report(info, held.as_deref().unwrap_or(&fallback));
            }
            return;
        }
        restore_terminal();
        previous_hook(info);
        let held = doing.try_lock().ok();
        let report = held.as_ref().and_then(|d| write_report(info, d));
        match report {
            Some(path) => say!(
                "unknowns crashed; every change up to the last one was saved as you went. A report (and a copy of the board in memory) is in {}",
                path.parent().unwrap_or(&path).display()
            ),
            None => say!("unknowns crashed, and could not write a report."),
        }
        // What was in memory and what was being typed, offered back on the next start.
        if let Some(d) = held.as_ref()
            && let (Some(board), Some(base)) = (&d.board, &d.base)
            && (board != base || d.draft.is_some())
        {
            match store::write_recovery(&board_path, base, board, d.draft.as_ref(), now()) {
                Ok(p) => say!(
                    "unknowns: what was not on disk yet (and any text being typed) is in {}; the next start offers it back",
                    p.display()
                ),
                Err(e) => say!("unknowns: could not write a recovery copy: {e}"),
            }
        }
    }));
}

/// How the event loop ended: the exit code so far (128 + a signal), and whether the terminal
/// went away.
#[derive(Default)]
struct Ending {
    exit_code: i32,
    input_closed: bool,
}

/// The loop: waits for a message (or a tick, or a retry that is due), hands everything
/// already waiting to the app, and draws once. Returns when the app asks to leave, a signal
/// comes, or the terminal is gone.
fn event_loop(
    app: &mut App,
    rx: &mpsc::Receiver<Message>,
    terminal: &mut ratatui::DefaultTerminal,
    edges: &Edges<'_>,
    ending: &mut Ending,
) -> io::Result<()> {
    let size = terminal.size()?;
    let mut retry_at: Option<Instant> = None;
    // The first update is the first with the real time: its effects (a big board's first
    // plan, asked of the planner) are carried out like every other's. (A resize never asks to
    // leave.)
    let _ = edges.apply(
        app,
        Action::Resize {
            width: size.width,
            height: size.height,
        },
    );
    // A frame that cannot be drawn means the terminal is gone: as a hang-up.
    if terminal.draw(|f| ui::view(app, f)).is_err() {
        ending.input_closed = true;
        return Ok(());
    }
    loop {
        // While a meeting runs, its clock ticks every second; work left for between keys (a
        // filter, a search, a review, the minutes, Delete's look) goes on as soon as no key
        // is waiting.
        let tick_at = if app.pending_between_keys() {
            Some(Instant::now())
        } else {
            app.meeting.map(|_| Instant::now() + Duration::from_secs(1))
        };
        let wake_at = match (retry_at, tick_at) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let first = match wake_at {
            Some(at) => match rx.recv_timeout(at.saturating_duration_since(Instant::now())) {
                Ok(m) => Some(m),
                Err(mpsc::RecvTimeoutError::Timeout) => None,
                Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
            },
            None => match rx.recv() {
                Ok(m) => Some(m),
                Err(_) => return Ok(()),
            },
        };
        // Drawn again after anything but work between keys that shows nothing new yet.
        let mut draw = first.is_some();
        if first.is_none() {
            if retry_at.is_some_and(|at| at <= Instant::now()) {
                // A failed save is due to be tried again.
                retry_at = None;
                if !edges.apply(app, Action::RetryDue) {
                    return Ok(());
                }
                draw = true;
            }
            if !edges.apply(app, Action::Tick) {
                return Ok(());
            }
            draw |= !app.quiet;
        }
        // Handle everything already waiting (a paste, a held key, saver reports) and draw
        // once.
        let mut next = first;
        while let Some(message) = next {
            let action = match message {
                // For the crash test only: a way to panic on purpose.
                Message::Terminal(crossterm::event::Event::Key(key))
                    if key.code == crossterm::event::KeyCode::F(12)
                        && std::env::var_os("UNKNOWNS_CRASH_TEST").is_some() =>
                {
                    panic!("crash test: F12 pressed with UNKNOWNS_CRASH_TEST set")
                }
                Message::Terminal(event) => app.keymap.translate(app.context(), event),
                Message::Storage(action) => {
                    if let Action::Saved { result, .. } = &action {
                        retry_at = result.is_err().then(|| Instant::now() + RETRY_AFTER);
                    }
                    Some(action)
                }
                Message::Signal(signal) => {
                    ending.exit_code = 128 + signal;
                    return Ok(());
                }
                Message::InputClosed => {
                    ending.input_closed = true;
                    return Ok(());
                }
            };
            if let Some(action) = action
                && !edges.apply(app, action)
            {
                return Ok(());
            }
            next = rx.try_recv().ok();
        }
        if draw && terminal.draw(|f| ui::view(app, f)).is_err() {
            ending.input_closed = true;
            return Ok(());
        }
    }
}

/// What is said once the terminal is restored, and the exit code: stopped from outside (a
/// signal, the terminal gone), nothing in memory or typed is lost, and where it went is said.
fn shutdown_report(
    app: &App,
    path: &Path,
    ending: Ending,
    late_failure: Option<crate::app::SaveError>,
) -> i32 {
    let Ending {
        mut exit_code,
        input_closed,
    } = ending;
    let unsaved = match &app.session.save_state {
        SaveState::Saved => None,
        SaveState::Failed(why) => Some(why.to_string()),
        SaveState::Held(why) => Some(why.to_string()),
        SaveState::Saving => Some("the last change had not reached the disk".to_string()),
    };
    let draft = app.draft();
    // A terminal that went away is a hang-up, whichever came first: the input ending or the
    // signal.
    if input_closed && exit_code <= 128 {
        exit_code = 128 + signal_hook::consts::SIGHUP;
    }
    let stopped = exit_code > 128;
    // The recovery copy is written before the terminal is touched again: a terminal that is
    // gone may fail anything asked of it.
    let recovery = (stopped && (unsaved.is_some() || draft.is_some())).then(|| {
        store::write_recovery(
            path,
            &app.session.base,
            &app.session.board,
            draft.as_ref(),
            now(),
        )
    });
    restore_terminal();
    if let Some(recovery) = recovery {
        let how = if input_closed {
            "stopped (the terminal went away)".to_string()
        } else {
            format!("stopped by signal {}", exit_code - 128)
        };
        match recovery {
            Ok(copy) => match (&unsaved, &draft) {
                (Some(why), _) => say!(
                    "unknowns: {how}; the board could NOT be saved ({why}). Your changes{} are in the recovery copy {}: the next start offers to merge them in (or `unknowns recover`)",
                    if draft.is_some() {
                        " and the text you were typing"
                    } else {
                        ""
                    },
                    copy.display()
                ),
                (None, Some(d)) => say!(
                    "unknowns: {how}; the board is saved. The text you were typing in {} is in the recovery copy {}: the next start offers it back",
                    d.place(),
                    copy.display()
                ),
                (None, None) => {}
            },
            Err(e) => {
                say!(
                    "unknowns: {how}; the board could not be saved ({}) and no recovery copy could be written: {e}",
                    unsaved.as_deref().unwrap_or("text was being typed")
                );
                exit_code = exit_code.max(1);
            }
        }
    } else if let Some(why) = late_failure {
        // Quitting waited for a save that then failed (a quit chosen in the dialog is not).
        say!("unknowns: the board could not be saved: {why}");
        exit_code = exit_code.max(1);
    } else if exit_code > 128 {
        say!(
            "unknowns: stopped by signal {}; the board is saved",
            exit_code - 128
        );
    }
    exit_code
}
