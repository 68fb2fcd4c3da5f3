//! Shared by the end-to-end tests: the real binary in a pseudo-terminal, read through a
//! terminal emulator, and the helpers every test repeated.
#![allow(dead_code)]

pub mod team;

pub use std::io::{Read, Write};
pub use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
pub use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

pub const WAIT: Duration = Duration::from_secs(15);

/// A board path in a new temporary folder (which lives as long as the returned guard).
pub fn temp_board() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let board = dir.path().join("board.ron");
    (dir, board)
}

pub struct Tui {
    pub child: Box<dyn Child + Send + Sync>,
    pub writer: Box<dyn Write + Send>,
    pub parser: Arc<Mutex<vt100::Parser>>,
    /// The terminal's side of the pseudo-terminal; gone once the terminal is closed.
    pub master: Option<Box<dyn portable_pty::MasterPty + Send>>,
    /// The thread that reads the screen, and whether it should go on.
    reading: Option<(
        Arc<std::sync::atomic::AtomicBool>,
        std::thread::JoinHandle<()>,
    )>,
}

impl Tui {
    /// Starts the app and waits for its first frame.
    pub fn start(args: &[&str], cols: u16, rows: u16) -> Tui {
        let tui = Tui::start_raw(args, cols, rows);
        tui.wait_for("unknowns");
        tui
    }

    /// Opens `board` and waits for the first frame.
    pub fn open(board: &Path, cols: u16, rows: u16) -> Tui {
        Tui::start(&["--board", board.to_str().unwrap()], cols, rows)
    }

    /// Starts the app in a pseudo-terminal of `cols` x `rows`.
    pub fn start_raw(args: &[&str], cols: u16, rows: u16) -> Tui {
        Tui::start_env(args, cols, rows, &[], None)
    }

    /// Starts the app with extra environment variables.
    pub fn start_env(
        args: &[&str],
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
        cwd: Option<&Path>,
    ) -> Tui {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_unknowns"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("UNKNOWNS_BOARD");
        cmd.env(
            "XDG_STATE_HOME",
            std::env::temp_dir().join("unknowns-tests-state"),
        );
        cmd.env_remove("NO_COLOR");
        cmd.env(
            "XDG_CONFIG_HOME",
            std::env::temp_dir().join("unknowns-tests-no-config"),
        );
        for (key, value) in env {
            cmd.env(key, value);
        }
        if let Some(dir) = cwd {
            cmd.cwd(dir);
        }
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        // The screen is read through a handle of our own, waited on a little at a time, so
        // that closing the terminal can let go of every handle the terminal's side holds.
        use std::os::fd::FromRawFd;
        let fd = pair.master.as_raw_fd().expect("the terminal's handle");
        // SAFETY: dup returns a new descriptor that the File below owns and closes.
        let mut reader = unsafe { std::fs::File::from_raw_fd(libc::dup(fd)) };
        let writer = pair.master.take_writer().unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let feed = parser.clone();
        let open = Arc::new(std::sync::atomic::AtomicBool::new(true));
        let still_open = open.clone();
        let reading = std::thread::spawn(move || {
            use std::os::fd::AsRawFd;
            let mut buf = [0u8; 8192];
            while still_open.load(std::sync::atomic::Ordering::Relaxed) {
                let mut poll = libc::pollfd {
                    fd: reader.as_raw_fd(),
                    events: libc::POLLIN,
                    revents: 0,
                };
                // SAFETY: one pollfd, valid for the call.
                if unsafe { libc::poll(&mut poll, 1, 20) } <= 0 {
                    continue;
                }
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => feed.lock().unwrap().process(&buf[..n]),
                }
            }
        });
        Tui {
            child,
            writer,
            parser,
            master: Some(pair.master),
            reading: Some((open, reading)),
        }
    }

    /// Resizes the terminal, as a user dragging the window would.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.parser
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(nz(rows), nz(cols));
        self.master
            .as_ref()
            .expect("the terminal is open")
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    pub fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return screen;
            }
            if start.elapsed() > WAIT {
                panic!("timed out waiting for {what}; the screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(text, |s| s.contains(text))
    }

    pub fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Types keys one event at a time, as a person would.
    pub fn keys(&mut self, keys: &[&str]) {
        for k in keys {
            self.send(k);
            // A lone ESC is only a key when nothing follows it at once.
            std::thread::sleep(Duration::from_millis(if *k == ESC { 120 } else { 15 }));
        }
    }

    /// Adds a question through the add line (which stays open for the next one) and closes
    /// the line with Enter on an empty line.
    pub fn add(&mut self, title: &str) {
        self.keys(&["a"]);
        self.wait_for("Add to");
        self.send(title);
        self.keys(&[ENTER]);
        self.wait_for("added #");
        self.keys(&[ENTER]);
        self.wait_until("the add line to close", |s| !s.contains("Add to"));
    }

    /// Presses, drags and releases the left button (cells are 0-based here).
    pub fn drag(&mut self, from: (u16, u16), to: (u16, u16)) {
        let (fx, fy) = (from.0 + 1, from.1 + 1);
        let (tx, ty) = (to.0 + 1, to.1 + 1);
        self.send(&format!("\x1b[<0;{fx};{fy}M"));
        std::thread::sleep(Duration::from_millis(30));
        let steps = 4;
        for i in 1..=steps {
            let x = fx as i32 + (tx as i32 - fx as i32) * i / steps;
            let y = fy as i32 + (ty as i32 - fy as i32) * i / steps;
            self.send(&format!("\x1b[<32;{x};{y}M"));
            std::thread::sleep(Duration::from_millis(30));
        }
        self.send(&format!("\x1b[<0;{tx};{ty}m"));
    }

    /// Quits with `q` and checks the app left successfully (everything saved).
    pub fn quit(&mut self) {
        self.keys(&["q"]);
        assert!(self.wait_exit().success());
    }

    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        match self.ended_within(WAIT) {
            Some(status) => status,
            None => panic!("the app did not exit; the screen:\n{}", self.screen()),
        }
    }

    /// How the app ended, if it did within `limit` (else it is killed).
    fn ended_within(&mut self, limit: Duration) -> Option<portable_pty::ExitStatus> {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            if start.elapsed() > limit {
                let _ = self.child.kill();
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The terminal closes under the app (a window closed, a pane killed, an ssh connection
    /// dropped): the pseudo-terminal goes away. Returns how the app ended.
    pub fn close_terminal(&mut self) -> portable_pty::ExitStatus {
        self.writer = Box::new(std::io::sink());
        if let Some((open, reading)) = self.reading.take() {
            open.store(false, std::sync::atomic::Ordering::Relaxed);
            let _ = reading.join();
        }
        drop(self.master.take());
        self.ended_within(WAIT)
            .expect("the app did not end when its terminal closed")
    }

    pub fn alternate_screen(&self) -> bool {
        self.parser.lock().unwrap().screen().alternate_screen()
    }

    /// Where a text is on screen: (column, row), 0-based.
    pub fn find(&self, text: &str) -> (u16, u16) {
        let screen = self.screen();
        for (row, line) in screen.lines().enumerate() {
            if let Some(byte) = line.find(text) {
                let col = unicode_width::UnicodeWidthStr::width(&line[..byte]);
                return (col as u16, row as u16);
            }
        }
        panic!("{text:?} is not on screen:\n{screen}");
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

pub fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).unwrap()
}

pub const ESC: &str = "\x1b";
pub const ENTER: &str = "\r";

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

pub fn wait_file(path: &Path, ok: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let text = read(path);
        if ok(&text) {
            return text;
        }
        assert!(start.elapsed() < WAIT, "the file never matched:\n{text}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

pub fn lane_of(file: &str, title: &str) -> String {
    let board = unknowns::format::parse(file.as_bytes()).unwrap();
    let q = board.questions().iter().find(|q| q.title == title).unwrap();
    format!("{:?}", q.lane)
}

pub fn order(file: &str) -> Vec<String> {
    let board = unknowns::format::parse(file.as_bytes()).unwrap();
    board.questions().iter().map(|q| q.title.clone()).collect()
}

/// Runs a subcommand on `board` that must succeed (state in a shared test folder): its output.
pub fn cli(board: &Path, args: &[&str]) -> String {
    cli_with_state(
        board,
        args,
        &std::env::temp_dir().join("unknowns-tests-state"),
    )
}

/// [`cli`] with the state folder given.
pub fn cli_with_state(board: &Path, args: &[&str], state: &Path) -> String {
    let (ok, out, err) = run_cli_env(board, args, state);
    assert!(ok, "{args:?}: {err}");
    out
}

/// The binary, with its own state and config folders under `home` (never the user's own).
pub fn command(home: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_unknowns"));
    c.env_remove("UNKNOWNS_BOARD")
        .env_remove("NO_COLOR")
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .stdin(std::process::Stdio::null());
    c
}

/// Runs a subcommand on `board` (state under the board's folder): exit status, stdout, stderr.
pub fn run_cli(board: &Path, args: &[&str]) -> (bool, String, String) {
    run_cli_env(board, args, &board.parent().unwrap().join("state"))
}

/// [`run_cli`] with the state folder given.
pub fn run_cli_env(board: &Path, args: &[&str], state: &Path) -> (bool, String, String) {
    let home = board.parent().unwrap();
    run_command(
        command(home)
            .env("XDG_STATE_HOME", state)
            .arg("--board")
            .arg(board)
            .args(args),
    )
}

/// Runs a command made with [`command`] to its end: exit status, stdout, stderr. One that
/// hangs fails the test instead of hanging it.
pub fn run_command(c: &mut std::process::Command) -> (bool, String, String) {
    let mut child = c
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut s = String::new();
            r.read_to_string(&mut s).unwrap();
            s
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > WAIT {
            let _ = child.kill();
            panic!("{c:?} did not finish in {WAIT:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    (
        status.success(),
        stdout.join().unwrap(),
        stderr.join().unwrap(),
    )
}

/// A file's permission bits (of the link itself, for a symlink).
pub fn file_mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::symlink_metadata(path)
        .unwrap()
        .permissions()
        .mode()
        & 0o777
}

/// The fixed time every test that does not read the clock runs at.
pub fn now() -> jiff::Timestamp {
    "2026-11-24T09:00:00Z".parse().unwrap()
}

/// Property tests run `default` cases, or `PROPTEST_CASES` for a heavier search.
pub fn proptest_config(default: u32) -> proptest::test_runner::Config {
    proptest::test_runner::Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(default),
        ..proptest::test_runner::Config::default()
    }
}

/// The app drawn on a test terminal of `w` x `h` (after telling it the size), as text.
pub fn screen(app: &mut unknowns::app::App, w: u16, h: u16) -> String {
    app.update(
        unknowns::app::Action::Resize {
            width: w,
            height: h,
        },
        now(),
    );
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    t.draw(|f| unknowns::ui::view(app, f)).unwrap();
    unknowns::ui::buffer_text(t.backend().buffer())
}
