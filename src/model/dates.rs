//! Dates as people type them: `2026-12-01`, `+3d`, `+2w`, `mon`, `today`, `tomorrow`.

use jiff::civil::{Date, Weekday};

/// Parses a revisit date relative to `today`. Empty text means no date.
pub fn parse_date(text: &str, today: Date) -> Result<Option<Date>, String> {
    let t = text.trim().to_ascii_lowercase();
    if t.is_empty() {
        return Ok(None);
    }
    if let Some(rest) = t.strip_prefix('+') {
        let (number, unit) = rest.split_at(
            rest.find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len()),
        );
        let n: i64 = number
            .parse()
            .map_err(|_| format!("\"{text}\": expected a number after +, like +3d or +2w"))?;
        let days = match unit {
            "" | "d" | "day" | "days" => n,
            "w" | "wk" | "week" | "weeks" => n.saturating_mul(7),
            _ => {
                return Err(format!(
                    "\"{text}\": use d for days or w for weeks, like +3d or +2w"
                ));
            }
        };
        let too_far = || format!("\"{text}\" is too far away");
        let span = jiff::Span::new().try_days(days).map_err(|_| too_far())?;
        return today.checked_add(span).map(Some).map_err(|_| too_far());
    }
    match t.as_str() {
        "today" => return Ok(Some(today)),
        "tomorrow" | "tmr" => return today.tomorrow().map(Some).map_err(|e| e.to_string()),
        "yesterday" => return today.yesterday().map(Some).map_err(|e| e.to_string()),
        _ => {}
    }
    if let Some(weekday) = weekday(&t) {
        // The next such day, never today: "fri" on a Friday means next Friday.
        return today
            .tomorrow()
            .and_then(|d| d.nth_weekday(1, weekday))
            .map(Some)
            .map_err(|e| e.to_string());
    }
    t.parse::<Date>().map(Some).map_err(|_| {
        format!("\"{text}\" is not a date: use YYYY-MM-DD, +3d, +2w or a weekday like mon")
    })
}

/// Days since 1970-01-01 (negative before it), by arithmetic alone: a plan reckons days for
/// every dated question, and subtracting two `Date`s as spans costs a hundred times more.
pub fn day_number(d: Date) -> i64 {
    // Howard Hinnant's `days_from_civil`: years start in March, so the leap day is last.
    let (month, day) = (i64::from(d.month()), i64::from(d.day()));
    let year = i64::from(d.year()) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    day_number(to) - day_number(from)
}

fn weekday(t: &str) -> Option<Weekday> {
    const DAYS: [(&str, Weekday); 7] = [
        ("monday", Weekday::Monday),
        ("tuesday", Weekday::Tuesday),
        ("wednesday", Weekday::Wednesday),
        ("thursday", Weekday::Thursday),
        ("friday", Weekday::Friday),
        ("saturday", Weekday::Saturday),
        ("sunday", Weekday::Sunday),
    ];
    if t.len() < 3 {
        return None;
    }
    DAYS.iter()
        .find(|(name, _)| name.starts_with(t))
        .map(|&(_, d)| d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        "2026-11-24".parse().unwrap() // a Tuesday
    }

    fn parse(t: &str) -> Result<Option<String>, String> {
        parse_date(t, today()).map(|d| d.map(|d| d.to_string()))
    }

    #[test]
    fn absolute_relative_and_weekday_forms() {
        assert_eq!(parse(""), Ok(None));
        assert_eq!(parse("2026-12-01"), Ok(Some("2026-12-01".into())));
        assert_eq!(parse("+3d"), Ok(Some("2026-11-27".into())));
        assert_eq!(parse("+2w"), Ok(Some("2026-12-08".into())));
        assert_eq!(parse("+1"), Ok(Some("2026-11-25".into())));
        assert_eq!(parse("mon"), Ok(Some("2026-11-30".into())));
        assert_eq!(
            parse("Tue"),
            Ok(Some("2026-12-01".into())),
            "next week, not today"
        );
        assert_eq!(parse("friday"), Ok(Some("2026-11-27".into())));
        assert_eq!(parse("tomorrow"), Ok(Some("2026-11-25".into())));
    }

    #[test]
    fn day_numbers_agree_with_the_calendar() {
        let epoch = jiff::civil::date(1970, 1, 1);
        assert_eq!(day_number(epoch), 0);
        assert_eq!(day_number(jiff::civil::date(1969, 12, 31)), -1);
        assert_eq!(day_number(jiff::civil::date(2000, 3, 1)), 11_017);
        // Every day of four centuries on either side of the epoch, leap days included.
        let mut d = jiff::civil::date(1800, 1, 1);
        let mut expected = i64::from((d - epoch).get_days());
        while d.year() < 2200 {
            assert_eq!(day_number(d), expected, "{d}");
            d = d.tomorrow().unwrap();
            expected += 1;
        }
        for (a, b) in [(Date::MIN, Date::MAX), (today(), Date::MAX)] {
            let span = a.until((jiff::Unit::Day, b)).unwrap();
            assert_eq!(days_between(a, b), i64::from(span.get_days()));
        }
    }

    #[test]
    fn nonsense_is_explained() {
        assert!(parse("soon").unwrap_err().contains("not a date"));
        assert!(parse("+3y").unwrap_err().contains("days or w"));
        assert!(parse("+99999999999999d").is_err());
        assert!(parse("2026-13-01").is_err());
    }
}
