//! The edge where time and the user's identity come in: the app and the model are handed
//! them, never read them.

use jiff::Timestamp;

use crate::model::text;

/// Who runs unknowns, to sign changes with: `$USER`, else `$LOGNAME`.
pub fn user() -> Option<String> {
    ["USER", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok())
        .map(|u| text::one_line(&u))
        .filter(|u| !u.is_empty())
}

/// Today in the user's time zone.
pub fn today() -> jiff::civil::Date {
    Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::system())
        .date()
}

/// The time, to the second (files read better without nanoseconds).
pub fn now() -> Timestamp {
    let now = Timestamp::now();
    Timestamp::from_second(now.as_second()).unwrap_or(now)
}
