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

use crate::app::{Action, App, Effect, SaveState};
use crate::clock::now;
use crate::model::Board;
use crate::{format, store, ui};

enum Message {
    Terminal(crossterm::event::Event),
    /// From the saver and the watcher: `Action::Saved` or `Action::DiskChanged`.
    Storage(Action),
    Signal(i32),
    InputClosed,
}

/// A save request: write `board` if the file is still `base`.
struct SaveJob {
    generation: u64,
    board: Board,
    base: Board,
    over_broken: bool,
}

/// What this process knows of the file, shared by the saver and the watcher. Each look at the
/// file is taken, numbered and reported while holding it, so the app hears of the file in the
/// order it changed. Without that, the watcher could read a file, lose the processor, and
/// report it after the saver had already reported a newer one: the app would then merge the
/// old board back over the newer one and undo another writer's change. (The numbers let the
/// app check this too, and ignore any report older than one it has taken in.)
#[derive(Default)]
struct DiskView {
    /// The hash of the bytes this process last wrote, to tell our own writes from others'.
    last_written: Option<u64>,
    /// How many looks at the file have been taken.
    looks: u64,
}

type Shared = Arc<Mutex<DiskView>>;

fn view_of(shared: &Shared) -> std::sync::MutexGuard<'_, DiskView> {
    shared.lock().unwrap_or_else(|e| e.into_inner())
}

/// The saver's memory of its backups: when it last made one, and why they are failing.
#[derive(Default)]
struct Backups {
    last: Option<Instant>,
    failing: Option<String>,
}

impl Backups {
    /// Takes in how a backup went; tells the app when backups start or stop failing.
    fn outcome(&mut self, result: std::io::Result<()>, reports: &mpsc::Sender<Message>) {
        let failing = match result {
            Ok(()) => {
                self.last = Some(Instant::now());
                None
            }
            Err(e) => Some(e.to_string()),
        };
        if failing != self.failing {
            self.failing = failing.clone();
            let _ = reports.send(Message::Storage(Action::BackupsFailing(failing)));
        }
    }
}

/// One save, under the board's lock: tells the app how it went. False when the app is gone.
fn save_once(
    path: &Path,
    keep: usize,
    job: SaveJob,
    shared: &Shared,
    backups: &mut Backups,
    reports: &mpsc::Sender<Message>,
) -> bool {
    let _lock = match store::lock(path, store::LOCK_WAIT) {
        Ok(lock) => lock,
        Err(e) => {
            return reports
                .send(Message::Storage(Action::Saved {
                    generation: job.generation,
                    seen: 0,
                    result: Err(e.to_string()),
                }))
                .is_ok();
        }
    };
    // Held from this look at the file until the app has been told, so that reports reach the
    // app in the order the looks were taken.
    let mut view = view_of(shared);
    view.looks += 1;
    let seen = view.looks;
    let report = write_if_unchanged(path, keep, job, &mut view, seen, backups, reports);
    reports.send(report).is_ok()
}

/// Writes the job's board if the file is still its base (or this process's own last write);
/// otherwise hands the file's board back for merging. Returns what the app should hear.
fn write_if_unchanged(
    path: &Path,
    keep: usize,
    job: SaveJob,
    view: &mut DiskView,
    seen: u64,
    backups: &mut Backups,
    reports: &mpsc::Sender<Message>,
) -> Message {
    let generation = job.generation;
    if store::is_read_only(path) {
        return Message::Storage(Action::Saved {
            generation,
            seen,
            result: Err(format!(
                "{} was made read-only; nothing is written over it",
                path.display()
            )),
        });
    }
    let failed = |e: String| {
        Message::Storage(Action::Saved {
            generation,
            seen,
            result: Err(e),
        })
    };
    match store::read_board(path) {
        Ok(bytes) => {
            let ours = view.last_written == Some(store::stable_hash(&bytes));
            if !ours {
                match format::parse(&bytes) {
                    Ok(disk) if disk == job.base => {}
                    // Someone else wrote: let the app merge first.
                    Ok(disk) => {
                        return Message::Storage(Action::DiskChanged {
                            seen,
                            board: Ok(disk),
                        });
                    }
                    Err(e) if !job.over_broken => {
                        return Message::Storage(Action::DiskChanged {
                            seen,
                            board: Err(format!("{}:{e}", path.display())),
                        });
                    }
                    Err(_) => {
                        // Writing over a broken file: keep it first, whatever the schedule;
                        // without that copy, nothing is written over it.
                        if let Err(e) = store::backup(path, false, now(), keep) {
                            return failed(format!("could not back up the broken file: {e}"));
                        }
                    }
                }
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return failed(e.to_string()),
    }
    // Before this session's first write, and then every ten minutes at most (or at each
    // save while they fail). A failing backup never stops the board's own save: the app says
    // that backups are failing, and why.
    if backups.failing.is_some()
        || backups
            .last
            .is_none_or(|t| t.elapsed() >= store::BACKUP_EVERY)
    {
        let result = store::backup(path, true, now(), keep).map(|_| ());
        backups.outcome(result, reports);
    }
    let text = format::write(&job.board);
    // Known before the rename, so the watcher never takes this write for someone else's.
    let previous = view
        .last_written
        .replace(store::stable_hash(text.as_bytes()));
    match store::save_text(path, &text) {
        Ok(()) => Message::Storage(Action::Saved {
            generation,
            seen,
            result: Ok(job.board),
        }),
        Err(e) => {
            view.last_written = previous;
            failed(e.to_string())
        }
    }
}

/// The saver thread's name, so the panic hook knows a failed save from a crash of the app.
const SAVER_THREAD: &str = "unknowns-saver";

/// Starts the saver thread: it handles the newest job it has been sent.
fn spawn_saver(
    path: PathBuf,
    keep: usize,
    reports: mpsc::Sender<Message>,
    shared: Shared,
) -> (mpsc::Sender<SaveJob>, thread::JoinHandle<()>) {
    let (tx, rx) = mpsc::channel::<SaveJob>();
    let saver = move || {
        let mut backups = Backups::default();
        while let Ok(mut job) = rx.recv() {
            // Only the newest board matters.
            while let Ok(newer) = rx.try_recv() {
                job = newer;
            }
            let generation = job.generation;
            // A bug in saving must not take the app (and the board in memory) down with it:
            // the save fails like any other, the user is told, and can save a copy elsewhere.
            let saved = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                if std::env::var("UNKNOWNS_CRASH_TEST").is_ok_and(|v| v == "saver") {
                    panic!("crash test: the saver fails with UNKNOWNS_CRASH_TEST=saver");
                }
                save_once(&path, keep, job, &shared, &mut backups, &reports)
            }));
            let sent = saved.unwrap_or_else(|_| {
                let report = store::state_dir()
                    .map(|d| format!(" (a report is in {})", d.join("crashes").display()))
                    .unwrap_or_default();
                reports
                    .send(Message::Storage(Action::Saved {
                        generation,
                        seen: 0,
                        result: Err(format!("an internal error stopped the save{report}")),
                    }))
                    .is_ok()
            });
            if !sent {
                break;
            }
        }
    };
    let handle = thread::Builder::new()
        .name(SAVER_THREAD.into())
        .spawn(saver)
        .expect("the saver thread starts");
    (tx, handle)
}

/// Watches the board's folder and sends the board whenever someone else changed the file.
fn spawn_watcher(
    path: PathBuf,
    reports: mpsc::Sender<Message>,
    shared: Shared,
) -> Option<notify::RecommendedWatcher> {
    use notify::Watcher;
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(tx).ok()?;
    // A board that does not exist yet is watched too: its folder is made now, the file when
    // the first change is saved.
    let target = std::fs::canonicalize(&path)
        .or_else(|_| std::path::absolute(&path))
        .unwrap_or(path.clone());
    let dir = target.parent()?.to_path_buf();
    let _ = std::fs::create_dir_all(&dir);
    watcher
        .watch(&dir, notify::RecursiveMode::NonRecursive)
        .ok()?;
    let name = target.file_name()?.to_os_string();
    thread::spawn(move || {
        let mut last_seen: Option<u64> = None;
        let concerns = |event: &notify::Result<notify::Event>| {
            event
                .as_ref()
                .is_ok_and(|e| e.paths.iter().any(|p| p.file_name() == Some(&name)))
        };
        while let Ok(event) = rx.recv() {
            if !concerns(&event) {
                continue;
            }
            // Let a burst of events (write, rename) settle.
            thread::sleep(Duration::from_millis(40));
            while rx.try_recv().is_ok() {}
            // Held until the app has been told (see `DiskView`).
            let mut view = view_of(&shared);
            let Ok(bytes) = store::read_board(&target) else {
                continue;
            };
            let h = store::stable_hash(&bytes);
            if view.last_written == Some(h) || last_seen == Some(h) {
                continue;
            }
            last_seen = Some(h);
            view.looks += 1;
            let seen = view.looks;
            let board = format::parse(&bytes).map_err(|e| format!("{}:{e}", target.display()));
            if reports
                .send(Message::Storage(Action::DiskChanged { seen, board }))
                .is_err()
            {
                break;
            }
            drop(view);
        }
    });
    Some(watcher)
}

/// What a panic report says the user was doing, and the board to recover.
#[derive(Default)]
struct Doing {
    action: String,
    mode: String,
    board: Option<Board>,
    /// The board on disk the one in memory is based on, and what is being typed.
    base: Option<Board>,
    draft: Option<crate::model::Draft>,
}

/// Writes a short crash report (version, what the user was doing, backtrace) and a recovery
/// copy of the board to the state directory (private, the newest 20 kept). Returns the
/// report's path.
fn write_report(info: &std::panic::PanicHookInfo<'_>, doing: &Doing) -> Option<PathBuf> {
    let stamp = jiff::Timestamp::now()
        .strftime("%Y%m%dT%H%M%SZ")
        .to_string();
    let report = |recovered: Option<&Path>| {
        format!(
            "unknowns {} crashed at {stamp}\n\n{info}\n\nWhat the user was doing: {} (mode: {})\nRecovered board: {}\n\nBacktrace:\n{}\n",
            env!("CARGO_PKG_VERSION"),
            doing.action,
            doing.mode,
            recovered.map_or("none".to_string(), |p| p.display().to_string()),
            std::backtrace::Backtrace::force_capture()
        )
    };
    store::write_crash_report(&stamp, report, doing.board.as_ref())
        .ok()
        .map(|(path, _)| path)
}

/// The name of an action, without what was typed.
fn action_name(action: &Action) -> String {
    let debug = format!("{action:?}");
    debug
        .split(['(', ' ', '{'])
        .next()
        .unwrap_or_default()
        .to_string()
}

fn restore_terminal() {
    let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
}

/// How long after a failed save it is tried again.
const RETRY_AFTER: Duration = Duration::from_secs(2);

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
            signal_hook::consts::SIGINT,
        ])?;
        thread::spawn(move || {
            for signal in signals.forever() {
                if tx.send(Message::Signal(signal)).is_err() {
                    break;
                }
            }
        });
    }

    let shared: Shared = Arc::default();
    let (saver, saver_thread) =
        spawn_saver(path.clone(), app.backups_kept, tx.clone(), shared.clone());
    let _watcher = spawn_watcher(path.clone(), tx.clone(), shared);

    // The panic hook of ratatui::init restores the screen; ours also turns the mouse off,
    // writes a report and a recovery copy of the board, and says where.
    let mut terminal = ratatui::init();
    let doing = Arc::new(Mutex::new(Doing {
        board: Some(app.board.clone()),
        base: Some(app.base.clone()),
        ..Doing::default()
    }));
    {
        let doing = doing.clone();
        let previous_hook = std::panic::take_hook();
        let saver_reported = std::sync::atomic::AtomicBool::new(false);
        let board_path = path.clone();
        std::panic::set_hook(Box::new(move |info| {
            if thread::current().name() == Some(SAVER_THREAD) {
                // The app keeps running and shows the failed save: leave the screen alone and
                // write one report (a retried save that fails again would only repeat it).
                if !saver_reported.swap(true, std::sync::atomic::Ordering::Relaxed) {
                    let fallback = Doing::default();
                    let held = doing.try_lock();
                    let _ = write_report(info, held.as_deref().unwrap_or(&fallback));
                }
                return;
            }
            let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
            previous_hook(info);
            let held = doing.try_lock().ok();
            let report = held.as_ref().and_then(|d| write_report(info, d));
            match report {
                Some(path) => eprintln!(
                    "unknowns crashed; every change up to the last one was saved as you went. A report (and a copy of the board in memory) is in {}",
                    path.parent().unwrap_or(&path).display()
                ),
                None => eprintln!("unknowns crashed, and could not write a report."),
            }
            // What was in memory and what was being typed, offered back on the next start.
            if let Some(d) = held.as_ref()
                && let (Some(board), Some(base)) = (&d.board, &d.base)
                && (board != base || d.draft.is_some())
            {
                match store::write_recovery(&board_path, base, board, d.draft.as_ref(), now()) {
                    Ok(p) => eprintln!(
                        "unknowns: what was not on disk yet (and any text being typed) is in {}; the next start offers it back",
                        p.display()
                    ),
                    Err(e) => eprintln!("unknowns: could not write a recovery copy: {e}"),
                }
            }
        }));
    }
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
                    Err(_) => {
                        let _ = tx.send(Message::InputClosed);
                        break;
                    }
                }
            }
        });
    }

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
    let size = terminal.size()?;
    app.update(
        Action::Resize {
            width: size.width,
            height: size.height,
        },
        now(),
    );
    let mut exit_code = 0;
    let mut input_closed = false;
    let mut retry_at: Option<Instant> = None;
    let send = |app: &App, over_broken: bool| {
        let _ = saver.send(SaveJob {
            generation: app.generation,
            board: app.board.clone(),
            base: app.base.clone(),
            over_broken,
        });
    };
    // Updates the app and carries out the effects; false when it is time to leave.
    let apply = |app: &mut App, action: Action| -> bool {
        if let Ok(mut d) = doing.lock() {
            d.action = action_name(&action);
            d.mode = format!("{:?}", app.context());
        }
        let generation = app.generation;
        let background = matches!(action, Action::Saved { .. } | Action::DiskChanged { .. });
        let effects = app.update(action, now());
        if let Ok(mut d) = doing.lock() {
            if app.generation != generation || background {
                d.board = Some(app.board.clone());
                d.base = Some(app.base.clone());
            }
            d.draft = app.draft();
        }
        for effect in effects {
            match effect {
                Effect::Save => send(app, false),
                Effect::SaveOverBroken => send(app, true),
                Effect::SaveAs(typed) => {
                    let target = store::expand_home(&typed.to_string_lossy());
                    let said = match store::save(&target, &app.board) {
                        Ok(()) => format!("saved a copy to {}", target.display()),
                        Err(e) => format!("could not save to {}: {e}", target.display()),
                    };
                    app.update(Action::Note(said), now());
                }
                Effect::WriteMinutes(text) => {
                    let saved =
                        store::write_minutes(&path, &text, now()).map_err(|e| e.to_string());
                    app.update(Action::MinutesSaved(saved), now());
                }
                Effect::CopyToClipboard(text) => {
                    use base64::Engine;
                    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
                    let mut out = io::stdout();
                    let _ = io::Write::write_all(
                        &mut out,
                        format!("\x1b]52;c;{encoded}\x07").as_bytes(),
                    );
                    let _ = io::Write::flush(&mut out);
                }
                Effect::SetAsideRecovery(recovery, why) => {
                    let result = store::set_aside(&recovery, why).map_err(|e| e.to_string());
                    app.update(Action::RecoverySetAside(why, result), now());
                }
                Effect::RecordReview => {
                    let at = now();
                    let recorded = store::record_review(&path, at)
                        .map(|_| at)
                        .map_err(|e| e.to_string());
                    app.update(Action::ReviewRecorded(recorded), now());
                }
                Effect::Quit => return false,
            }
        }
        true
    };
    let result = (|| -> io::Result<()> {
        terminal.draw(|f| ui::view(&app, f))?;
        loop {
            // While a meeting runs, its clock ticks every second.
            let tick_at = app.meeting.map(|_| Instant::now() + Duration::from_secs(1));
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
            if first.is_none() {
                if retry_at.is_some_and(|at| at <= Instant::now()) {
                    // A failed save is due to be tried again.
                    retry_at = None;
                    if !apply(&mut app, Action::RetryDue) {
                        return Ok(());
                    }
                }
                if !apply(&mut app, Action::Tick) {
                    return Ok(());
                }
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
                        exit_code = 128 + signal;
                        return Ok(());
                    }
                    Message::InputClosed => {
                        input_closed = true;
                        return Ok(());
                    }
                };
                if let Some(action) = action
                    && !apply(&mut app, action)
                {
                    return Ok(());
                }
                next = rx.try_recv().ok();
            }
            terminal.draw(|f| ui::view(&app, f))?;
        }
    })();

    // Every change has been sent to the saver; let it finish writing before we leave.
    drop(saver);
    let _ = saver_thread.join();
    restore_terminal();
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
    result?;
    let unsaved = match &app.save_state {
        SaveState::Saved => None,
        SaveState::Failed(why) | SaveState::Held(why) => Some(why.clone()),
        SaveState::Saving => Some("the last change had not reached the disk".to_string()),
    };
    let draft = app.draft();
    // Stopped from outside (a signal, the terminal gone): nothing in memory or typed is lost.
    let stopped = exit_code > 128 || input_closed;
    if stopped && (unsaved.is_some() || draft.is_some()) {
        let how = if exit_code > 128 {
            format!("stopped by signal {}", exit_code - 128)
        } else {
            "stopped (the terminal went away)".to_string()
        };
        match store::write_recovery(&path, &app.base, &app.board, draft.as_ref(), now()) {
            Ok(copy) => match (&unsaved, &draft) {
                (Some(why), _) => eprintln!(
                    "unknowns: {how}; the board could NOT be saved ({why}). Your changes{} are in the recovery copy {}: the next start offers to merge them in (or `unknowns recover`)",
                    if draft.is_some() {
                        " and the text you were typing"
                    } else {
                        ""
                    },
                    copy.display()
                ),
                (None, Some(d)) => eprintln!(
                    "unknowns: {how}; the board is saved. The text you were typing in {} is in the recovery copy {}: the next start offers it back",
                    d.place(),
                    copy.display()
                ),
                (None, None) => {}
            },
            Err(e) => {
                eprintln!(
                    "unknowns: {how}; the board could not be saved ({}) and no recovery copy could be written: {e}",
                    unsaved.as_deref().unwrap_or("text was being typed")
                );
                exit_code = exit_code.max(1);
            }
        }
    } else if let Some(why) = late_failure {
        // Quitting waited for a save that then failed (a quit chosen in the dialog is not).
        eprintln!("unknowns: the board could not be saved: {why}");
        exit_code = exit_code.max(1);
    } else if exit_code > 128 {
        eprintln!(
            "unknowns: stopped by signal {}; the board is saved",
            exit_code - 128
        );
    }
    Ok(exit_code)
}
