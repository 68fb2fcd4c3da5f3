//! The saver and the watcher: the threads that write the board and notice others' writes,
//! reporting to the app in the order they looked at the file.

use super::{Action, Message, now};
use crate::app::{SaveError, Unreadable};
use crate::model::Board;
use crate::store;
use std::io;
use std::path::Path;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;
use std::time::Instant;

/// A save request: write `board` if the file is still `base`.
pub(super) struct SaveJob {
    pub(super) generation: u64,
    pub(super) board: Board,
    pub(super) base: Board,
    pub(super) over_broken: bool,
}

/// What this process knows of the file, shared by the saver and the watcher. Each look at the
/// file is taken, numbered and reported while holding it, so the app hears of the file in the
/// order it changed. Without that, the watcher could read a file, lose the processor, and
/// report it after the saver had already reported a newer one: the app would then merge the
/// old board back over the newer one and undo another writer's change. (The numbers let the
/// app check this too, and ignore any report older than one it has taken in.)
#[derive(Default)]
pub(super) struct DiskView {
    /// The hash of the bytes this process last wrote (or first read the board from), to tell
    /// our own writes from others'.
    pub(super) last_written: Option<u64>,
    /// How many times this process wrote the board: the watcher tells whether the app last
    /// heard of the file from a write of ours or from the watcher itself.
    pub(super) writes: u64,
    /// How many looks at the file have been taken.
    pub(super) looks: u64,
}

pub(super) type Shared = Arc<Mutex<DiskView>>;

pub(super) fn view_of(shared: &Shared) -> std::sync::MutexGuard<'_, DiskView> {
    shared.lock().unwrap_or_else(|e| e.into_inner())
}

/// The saver's memory of its backups: when it last made one, and why they are failing.
#[derive(Default)]
pub(super) struct Backups {
    pub(super) last: Option<Instant>,
    pub(super) failing: Option<String>,
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
pub(super) fn save_once(
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
                    result: Err(SaveError::Lock(e.to_string())),
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
pub(super) fn write_if_unchanged(
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
            result: Err(SaveError::ReadOnly(path.to_path_buf())),
        });
    }
    let failed = |e: SaveError| {
        Message::Storage(Action::Saved {
            generation,
            seen,
            result: Err(e),
        })
    };
    // The file is hashed a chunk at a time, and read (a question at a time when it is well
    // formed) only when it is not this app's own last write: a big board is never held
    // twice.
    // A file that does not load is kept only as a `…-broken` backup, never as a plain one.
    let mut broken_kept = false;
    match store::board_hash(path) {
        Ok(hash) => {
            let ours = view.last_written == Some(hash);
            if !ours {
                match store::load(path) {
                    Ok(Some(disk)) if disk == job.base => {}
                    Ok(None) => {}
                    // Someone else wrote: let the app merge first.
                    Ok(Some(disk)) => {
                        return Message::Storage(Action::DiskChanged {
                            seen,
                            board: Ok(disk),
                        });
                    }
                    Err(store::LoadError::Io { error, .. }) => return failed(error.into()),
                    Err(store::LoadError::Format { error, .. }) if !job.over_broken => {
                        return Message::Storage(Action::DiskChanged {
                            seen,
                            board: Err(Unreadable {
                                path: path.to_path_buf(),
                                error,
                            }),
                        });
                    }
                    Err(store::LoadError::Format { .. }) => {
                        // Writing over a broken file: keep it first, whatever the schedule;
                        // without that copy, nothing is written over it.
                        if let Err(e) = store::backup(path, false, now(), keep) {
                            return failed(SaveError::BackupOfBroken(e.to_string()));
                        }
                        broken_kept = true;
                    }
                }
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return failed(e.into()),
    }
    // Before this session's first write, and then every ten minutes at most (or at each
    // save while they fail). A failing backup never stops the board's own save: the app says
    // that backups are failing, and why.
    if !broken_kept
        && (backups.failing.is_some()
            || backups
                .last
                .is_none_or(|t| t.elapsed() >= store::BACKUP_EVERY))
    {
        let result = store::backup(path, true, now(), keep).map(|_| ());
        backups.outcome(result, reports);
    }
    // Written as it is formatted; its hash is known before the rename, so the watcher never
    // takes this write for someone else's.
    let previous = view.last_written;
    match store::save_hashed(path, &job.board, |hash| {
        view.last_written = Some(hash);
        view.writes += 1;
    }) {
        Ok(()) => Message::Storage(Action::Saved {
            generation,
            seen,
            result: Ok(job.board),
        }),
        Err(e) => {
            view.last_written = previous;
            failed(e.into())
        }
    }
}

/// The saver thread's name, so the panic hook knows a failed save from a crash of the app.
pub(super) const SAVER_THREAD: &str = "unknowns-saver";

/// Starts the saver thread: it handles the newest job it has been sent.
pub(super) fn spawn_saver(
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
                let reports_dir = store::crash_dir();
                reports
                    .send(Message::Storage(Action::Saved {
                        generation,
                        seen: 0,
                        result: Err(SaveError::Internal {
                            reports: reports_dir,
                        }),
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
pub(super) fn spawn_watcher(
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
        // The file as the watcher last told the app of it, and how many writes of ours there
        // had been then.
        let mut last_seen: Option<(u64, u64)> = None;
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
            let Ok(h) = store::board_hash(&target) else {
                continue;
            };
            // What the app knows the file as: our last write, unless the watcher told it of
            // the file since (a file broken by hand, then put back as it was, comes back).
            let app_knows = match last_seen {
                Some((seen, writes)) if writes == view.writes => Some(seen),
                _ => view.last_written,
            };
            if app_knows == Some(h) {
                continue;
            }
            last_seen = Some((h, view.writes));
            view.looks += 1;
            let seen = view.looks;
            let board = match store::load(&target) {
                Ok(Some(board)) => Ok(board),
                Ok(None) => continue,
                Err(store::LoadError::Format { error, .. }) => Err(Unreadable {
                    path: target.clone(),
                    error,
                }),
                Err(store::LoadError::Io { .. }) => continue,
            };
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
