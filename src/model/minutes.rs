//! Minutes: what happened to the board in a span of time, read from the questions' history.

use jiff::Timestamp;
use jiff::civil::Date;

use super::{Board, Change, Lane, Status, text};

/// What happened between two moments.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Minutes {
    pub added: Vec<(u32, String, Lane)>,
    pub moved: Vec<(u32, String, Lane, Lane)>,
    pub decided: Vec<(u32, String, String)>,
    pub dissolved: Vec<(u32, String, String)>,
    pub deferred: Vec<(u32, String, Option<Date>)>,
}

impl Minutes {
    pub fn is_empty(&self) -> bool {
        *self == Minutes::default()
    }
}

/// Reads the board's history from `from` to `to`, both included.
pub fn minutes(board: &Board, from: Timestamp, to: Timestamp) -> Minutes {
    let mut m = Minutes::default();
    for q in board.questions() {
        let title = text::display_safe(&q.title, false).into_owned();
        let mut deferred = false;
        // Inclusive at both ends: times are kept to the second, and a short meeting's changes
        // share the second it ended in.
        for e in q.history.iter().filter(|e| e.at >= from && e.at <= to) {
            match &e.change {
                Change::Created => m.added.push((q.id, title.clone(), q.lane)),
                Change::Moved { from, to } => m.moved.push((q.id, title.clone(), *from, *to)),
                Change::Decided if q.status == Status::Decided => {
                    m.decided
                        .push((q.id, title.clone(), text::one_line(&q.resolution)))
                }
                Change::Dissolved if q.status == Status::Dissolved => {
                    m.dissolved
                        .push((q.id, title.clone(), text::one_line(&q.resolution)))
                }
                Change::Edited { field, .. } if field == "revisit" => deferred = true,
                _ => {}
            }
        }
        if deferred && q.is_open() {
            m.deferred.push((q.id, title.clone(), q.revisit));
        }
    }
    m
}

/// The minutes as Markdown, with a heading naming the board and the span.
pub fn markdown(m: &Minutes, board_title: &str, from: Timestamp, to: Timestamp) -> String {
    let when = |t: Timestamp| t.strftime("%Y-%m-%d %H:%M UTC").to_string();
    let minutes_long = (to.as_second() - from.as_second()).max(0) / 60;
    let mut out = format!(
        "# Minutes{}\n\n{} to {} ({minutes_long} min)\n",
        if board_title.is_empty() {
            String::new()
        } else {
            format!(": {}", text::display_safe(board_title, false))
        },
        when(from),
        when(to)
    );
    if m.is_empty() {
        out.push_str("\nNothing changed on the board.\n");
        return out;
    }
    let mut section = |title: &str, lines: Vec<String>| {
        if !lines.is_empty() {
            out.push_str(&format!("\n## {title}\n\n"));
            for l in lines {
                out.push_str(&format!("- {l}\n"));
            }
        }
    };
    section(
        "Added",
        m.added
            .iter()
            .map(|(id, t, lane)| format!("#{id} {t} ({})", lane.name()))
            .collect(),
    );
    section(
        "Moved",
        m.moved
            .iter()
            .map(|(id, t, from, to)| format!("#{id} {t}: {} → {}", from.name(), to.name()))
            .collect(),
    );
    section(
        "Decided",
        m.decided
            .iter()
            .map(|(id, t, d)| format!("#{id} {t}: **{d}**"))
            .collect(),
    );
    section(
        "Dissolved",
        m.dissolved
            .iter()
            .map(|(id, t, why)| {
                if why.is_empty() {
                    format!("#{id} {t}")
                } else {
                    format!("#{id} {t}: {why}")
                }
            })
            .collect(),
    );
    section(
        "Deferred",
        m.deferred
            .iter()
            .map(|(id, t, d)| match d {
                Some(d) => format!("#{id} {t}: until {d}"),
                None => format!("#{id} {t}: revisit date cleared"),
            })
            .collect(),
    );
    out
}

/// Reads "2h", "90m", "1d", "2w" (ago), an RFC 3339 time, a date, or "HH:MM" today (UTC).
pub fn parse_since(text: &str, now: Timestamp) -> Result<Timestamp, String> {
    let t = text.trim();
    let bad = || {
        format!(
            "\"{text}\": use a span like 2h, 90m, 1d, or a time like 2026-11-24T09:00:00Z or 09:30"
        )
    };
    if let Some(unit) = t.chars().last().filter(char::is_ascii_alphabetic)
        && let Ok(n) = t[..t.len() - 1].parse::<i64>()
    {
        let seconds = match unit {
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            'w' => 7 * 86_400,
            _ => return Err(bad()),
        };
        let back = n.checked_mul(seconds).ok_or_else(bad)?;
        return Timestamp::from_second(now.as_second().saturating_sub(back)).map_err(|_| bad());
    }
    if let Ok(ts) = t.parse::<Timestamp>() {
        return Ok(ts);
    }
    if let Ok(date) = t.parse::<Date>() {
        return date
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .map(|z| z.timestamp())
            .map_err(|_| bad());
    }
    if let Ok(time) = t.parse::<jiff::civil::Time>() {
        let today = now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
        return today
            .to_datetime(time)
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .map(|z| z.timestamp())
            .map_err(|_| bad());
    }
    Err(bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: i64) -> Timestamp {
        Timestamp::from_second(1_795_000_000 + minute * 60).unwrap()
    }

    #[test]
    fn what_happened_in_the_span_and_nothing_else() {
        let mut b = Board::new("Migration");
        b.add("before", Lane::Blocking, at(0)).unwrap();
        b.add("new one", Lane::Uncomfortable, at(10)).unwrap();
        b.add("another", Lane::Blocking, at(11)).unwrap();
        b.move_to(1, Lane::Interesting, 0, at(12)).unwrap();
        b.decide(3, "Postgres", at(13)).unwrap();
        b.edit(2, at(14), |e| {
            e.revisit = Some("2026-12-01".parse().unwrap())
        })
        .unwrap();
        b.add("after", Lane::Blocking, at(30)).unwrap();
        let m = minutes(&b, at(10), at(20));
        assert_eq!(
            minutes(&b, at(11), at(11)).added.len(),
            1,
            "both ends count"
        );
        assert_eq!(
            m.added,
            vec![
                (2, "new one".into(), Lane::Uncomfortable),
                (3, "another".into(), Lane::Blocking)
            ]
        );
        assert_eq!(
            m.moved,
            vec![(1, "before".into(), Lane::Blocking, Lane::Interesting)]
        );
        assert_eq!(m.decided, vec![(3, "another".into(), "Postgres".into())]);
        assert_eq!(
            m.deferred,
            vec![(2, "new one".into(), Some("2026-12-01".parse().unwrap()))]
        );
        let md = markdown(&m, "Migration", at(10), at(20));
        assert!(md.starts_with("# Minutes: Migration\n"), "{md}");
        assert!(md.contains("(10 min)"));
        assert!(md.contains("## Added\n\n- #2 new one (Uncomfortable)\n- #3 another (Blocking)\n"));
        assert!(md.contains("## Moved\n\n- #1 before: Blocking → Interesting\n"));
        assert!(md.contains("## Decided\n\n- #3 another: **Postgres**\n"));
        assert!(md.contains("## Deferred\n\n- #2 new one: until 2026-12-01\n"));
        assert!(!md.contains("after"));
        assert!(minutes(&b, at(40), at(50)).is_empty());
    }

    #[test]
    fn since_reads_spans_times_and_dates() {
        let now: Timestamp = "2026-11-24T12:00:00Z".parse().unwrap();
        let s = |t: &str| parse_since(t, now).map(|t| t.to_string());
        assert_eq!(s("2h"), Ok("2026-11-24T10:00:00Z".into()));
        assert_eq!(s("90m"), Ok("2026-11-24T10:30:00Z".into()));
        assert_eq!(s("1d"), Ok("2026-11-23T12:00:00Z".into()));
        assert_eq!(s("09:30"), Ok("2026-11-24T09:30:00Z".into()));
        assert_eq!(s("2026-11-20"), Ok("2026-11-20T00:00:00Z".into()));
        assert_eq!(s("2026-11-24T08:00:00Z"), Ok("2026-11-24T08:00:00Z".into()));
        assert!(s("yesterday").unwrap_err().contains("use a span"));
        assert!(s("2y").is_err());
    }
}
