//! What a crash leaves behind: a report of what the user was doing, and the board in memory.

use crate::model::Board;
use crate::store;
use std::path::Path;
use std::path::PathBuf;

/// What a panic report says the user was doing, and the board to recover.
#[derive(Default)]
pub(super) struct Doing {
    pub(super) action: String,
    pub(super) mode: String,
    pub(super) board: Option<Board>,
    /// The board on disk the one in memory is based on, and what is being typed.
    pub(super) base: Option<Board>,
    pub(super) draft: Option<crate::model::Draft>,
}

/// Writes a short crash report (version, what the user was doing, backtrace) and a recovery
/// copy of the board to the state directory (private, the newest 20 kept). Returns the
/// report's path.
pub(super) fn write_report(info: &std::panic::PanicHookInfo<'_>, doing: &Doing) -> Option<PathBuf> {
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

/// The name of an action, without what was typed: formatting stops where the name ends, so
/// what the action carries (a plan, a board) is never formatted.
pub(super) fn action_name(action: &impl std::fmt::Debug) -> String {
    /// Keeps what is written up to the end of the name, then says "stop".
    struct Name(String);
    impl std::fmt::Write for Name {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            match s.find(['(', ' ', '{']) {
                Some(end) => {
                    self.0.push_str(&s[..end]);
                    Err(std::fmt::Error)
                }
                None => {
                    self.0.push_str(s);
                    Ok(())
                }
            }
        }
    }
    let mut name = Name(String::new());
    // The error is the stop asked for.
    let _ = std::fmt::Write::write_fmt(&mut name, format_args!("{action:?}"));
    name.0
}

#[cfg(test)]
mod tests {
    use super::action_name;
    use std::sync::atomic::{AtomicBool, Ordering};

    static FORMATTED: AtomicBool = AtomicBool::new(false);

    /// What an action carries, which says when it is formatted.
    struct Payload;

    impl std::fmt::Debug for Payload {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            FORMATTED.store(true, Ordering::SeqCst);
            f.write_str("a plan of 100,000 items")
        }
    }

    #[derive(Debug)]
    #[allow(dead_code)]
    enum Probe {
        Planned(Payload),
        Moved { payload: Payload },
        Quit,
    }

    /// The name is read before what the action carries: a plan or a board of 100,000
    /// questions, formatted whole at every such action, took 75 MB and a long pause.
    #[test]
    fn an_action_is_named_without_formatting_what_it_carries() {
        assert_eq!(action_name(&Probe::Planned(Payload)), "Planned");
        assert_eq!(action_name(&Probe::Moved { payload: Payload }), "Moved");
        assert_eq!(action_name(&Probe::Quit), "Quit");
        assert!(!FORMATTED.load(Ordering::SeqCst));
    }
}
