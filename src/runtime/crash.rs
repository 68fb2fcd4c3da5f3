//! What a crash leaves behind: a report of what the user was doing, and the board in memory.

use super::*;

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

/// The name of an action, without what was typed.
pub(super) fn action_name(action: &Action) -> String {
    let debug = format!("{action:?}");
    debug
        .split(['(', ' ', '{'])
        .next()
        .unwrap_or_default()
        .to_string()
}
