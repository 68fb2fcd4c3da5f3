//! Minutes: what happened to the board in a span of time, read from the questions' history.
//! Written for a reader: each question once, where a new one was added, a card's net move
//! (not every hop), decisions, and which fields changed, in the user's time zone.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::{Board, Change, Field, Lane, Question, Status, text};

/// What happened between two moments.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Minutes {
    /// Added: the lane it was added to, and where it is at the end of the span if it moved.
    pub added: Vec<(u32, String, Lane, Option<Lane>)>,
    /// Moved: from the lane it was in at the start of the span to the one at its end.
    pub moved: Vec<(u32, String, Lane, Lane)>,
    pub decided: Vec<(u32, String, String)>,
    pub dissolved: Vec<(u32, String, String)>,
    pub deferred: Vec<(u32, String, Option<Date>)>,
    /// Other fields edited, by question: each as it stands now ("owner → zed", "next step:
    /// Call the auditors.", "waits on #1"), in the order they were first changed.
    pub edited: Vec<(u32, String, Vec<String>)>,
    /// Open questions per lane and the resolved ones (Blocking, Uncomfortable, Interesting,
    /// resolved) as the span started and as it ended.
    pub lanes: [[usize; 4]; 2],
}

impl Minutes {
    /// Nothing happened (the lane counts aside).
    pub fn is_empty(&self) -> bool {
        Minutes {
            lanes: [[0; 4]; 2],
            ..self.clone()
        } == Minutes::default()
    }
}

/// A field as the question holds it, as the minutes say it: "owner → zed", "next step: …",
/// "waits on #1, #3", "one-way door".
fn field_value(q: &Question, field: Field) -> String {
    let words = |s: &str| text::display_safe(&text::one_line(s), false).into_owned();
    let said = |name: &str, value: &str| {
        if value.trim().is_empty() {
            format!("{name} cleared")
        } else {
            format!("{name}: {}", words(value))
        }
    };
    match field {
        Field::Owner => match &q.owner {
            Some(o) => format!("owner → {}", words(o)),
            None => "owner cleared".into(),
        },
        Field::After if q.after.is_empty() => "waits on nothing".into(),
        Field::After => {
            let ids: Vec<String> = q.after.iter().map(|a| format!("#{a}")).collect();
            format!("waits on {}", ids.join(", "))
        }
        Field::Door => format!("{} door", q.door.name()),
        Field::Tags if q.tags.is_empty() => "tags cleared".into(),
        Field::Tags => {
            let tags: Vec<String> = q.tags.iter().map(|t| format!("#{}", words(t))).collect();
            format!("tags {}", tags.join(" "))
        }
        other => said(other.label(), &other.text(q)),
    }
}

/// Reads the board's history from `from` to `to`, both included.
pub fn minutes(board: &Board, from: Timestamp, to: Timestamp) -> Minutes {
    let mut m = Minutes::default();
    for q in board.questions() {
        m.add(q, from, to);
    }
    m.in_order_added(board);
    m
}

impl Minutes {
    /// Puts "Added" in the order the questions were added (the board's order is the lanes').
    pub fn in_order_added(&mut self, board: &Board) {
        self.added
            .sort_by_key(|(id, ..)| (board.get(*id).and_then(|q| q.created), *id));
    }

    /// Adds what happened to `q` from `from` to `to`, both included (questions are added in
    /// board order).
    pub fn add(&mut self, q: &Question, from: Timestamp, to: Timestamp) {
        // Where it stood as the span started and as it ended.
        for (k, at) in [
            (0, super::trend::state_at(q, from, false)),
            (1, super::trend::state_at(q, to, true)),
        ] {
            if let Some(s) = at {
                self.lanes[k][s] += 1;
            }
        }
        // Inclusive at both ends: times are kept to the second, and a short meeting's changes
        // share the second it ended in.
        let events: Vec<_> = q
            .history
            .iter()
            .filter(|e| e.at >= from && e.at <= to)
            .collect();
        if events.is_empty() {
            return;
        }
        let title = text::display_safe(&q.title, false).into_owned();
        let created = events.iter().any(|e| e.change == Change::Created);
        let moves: Vec<(Lane, Lane)> = events
            .iter()
            .filter_map(|e| match e.change {
                Change::Moved { from, to } => Some((from, to)),
                _ => None,
            })
            .collect();
        // The lane at the start of the span (or where it was added) and at its end.
        let first = moves.first().map_or(q.lane, |(f, _)| *f);
        let last = moves.last().map_or(q.lane, |(_, t)| *t);
        if created {
            self.added
                .push((q.id, title.clone(), first, (last != first).then_some(last)));
        } else if first != last {
            self.moved.push((q.id, title.clone(), first, last));
        }
        let mut deferred = false;
        let mut fields: Vec<Field> = Vec::new();
        for e in &events {
            match &e.change {
                Change::Decided if q.status == Status::Decided => {
                    self.decided
                        .push((q.id, title.clone(), text::one_line(&q.resolution)))
                }
                Change::Dissolved if q.status == Status::Dissolved => {
                    self.dissolved
                        .push((q.id, title.clone(), text::one_line(&q.resolution)))
                }
                Change::Edited {
                    field: Field::Revisit,
                    ..
                } => deferred = true,
                // Changed in the span, added in it or not: said with its value.
                Change::Edited { field, .. } if !fields.contains(field) => fields.push(*field),
                _ => {}
            }
        }
        if deferred && q.is_open() {
            self.deferred.push((q.id, title.clone(), q.revisit));
        }
        if !fields.is_empty() {
            let values = fields.iter().map(|f| field_value(q, *f)).collect();
            self.edited.push((q.id, title, values));
        }
    }
}

/// A moment as a person reads it: their zone, named.
pub fn local(t: Timestamp, zone: &TimeZone) -> String {
    t.to_zoned_datetime(zone.clone())
        .strftime("%Y-%m-%d %H:%M %Z")
        .to_string()
}

/// The minutes as Markdown, with a heading naming the board and the span (in `zone`).
pub fn markdown(
    m: &Minutes,
    board_title: &str,
    from: Timestamp,
    to: Timestamp,
    zone: &TimeZone,
) -> String {
    let minutes_long = (to.as_second() - from.as_second()).max(0) / 60;
    let mut out = format!(
        "# Minutes{}\n\n{} to {} ({minutes_long} min)\n",
        if board_title.is_empty() {
            String::new()
        } else {
            format!(": {}", text::display_safe(board_title, false))
        },
        local(from, zone),
        local(to, zone)
    );
    let said = |c: &[usize; 4]| {
        format!(
            "Blocking {}, Uncomfortable {}, Interesting {}, resolved {}",
            c[0], c[1], c[2], c[3]
        )
    };
    out.push_str(&format!(
        "\nAt the start: {}.  \nAt the end: {}.\n",
        said(&m.lanes[0]),
        said(&m.lanes[1])
    ));
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
            .map(|(id, t, lane, now)| match now {
                Some(now) => format!("#{id} {t} (to {}, now in {})", lane.name(), now.name()),
                None => format!("#{id} {t} ({})", lane.name()),
            })
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
        "Moved",
        m.moved
            .iter()
            .map(|(id, t, from, to)| format!("#{id} {t}: {} → {}", from.name(), to.name()))
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
    section(
        "Changed",
        m.edited
            .iter()
            .map(|(id, t, fields)| format!("#{id} {t}: {}", fields.join("; ")))
            .collect(),
    );
    out
}

/// Reads when a span starts or ends, as a person types it: "2h", "90m", "1d", "2w" (ago), a
/// time of day ("09:30", today), a date or a day word ("yesterday", "today", "2026-11-20",
/// "mon": the start of that day), or a full time ("2026-11-24T09:00:00Z"). Times and days are
/// the user's (`zone`).
pub fn parse_since(text: &str, now: Timestamp, zone: &TimeZone) -> Result<Timestamp, String> {
    let t = text.trim().to_ascii_lowercase();
    let bad = || {
        format!(
            "\"{text}\": use a span like 2h, 90m or 1d, a time like 09:30, a day like yesterday or 2026-11-24, or a full time like 2026-11-24T09:00:00Z"
        )
    };
    let today = now.to_zoned_datetime(zone.clone()).date();
    let start_of = |date: Date| {
        date.to_zoned_datetime(zone.clone())
            .map(|z| z.timestamp())
            .map_err(|_| bad())
    };
    if let Some(unit) = t.chars().last().filter(char::is_ascii_alphabetic)
        && !t.starts_with('+')
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
    if let Ok(ts) = text.trim().parse::<Timestamp>() {
        return Ok(ts);
    }
    if let Ok(time) = t.parse::<jiff::civil::Time>() {
        return today
            .to_datetime(time)
            .to_zoned_datetime(zone.clone())
            .map(|z| z.timestamp())
            .map_err(|_| bad());
    }
    if t == "yesterday" {
        return start_of(today.yesterday().map_err(|_| bad())?);
    }
    if let Ok(date) = t.parse::<Date>() {
        return start_of(date);
    }
    // A weekday names the last such day (a span looks back); "tomorrow" or "+2d" is the day
    // it says (and a span cannot start there).
    let weekday =
        t.chars().all(|c| c.is_ascii_alphabetic()) && !matches!(t.as_str(), "tomorrow" | "tmr");
    match super::dates::parse_date(&t, today) {
        Ok(Some(date)) if date > today && weekday => start_of(
            date.checked_sub(jiff::Span::new().days(7))
                .map_err(|_| bad())?,
        ),
        Ok(Some(date)) => start_of(date),
        _ => Err(bad()),
    }
}

/// A span a person asked for, checked: it must not end before it starts, nor start later
/// than now.
pub fn span(
    since: &str,
    until: Option<&str>,
    now: Timestamp,
    zone: &TimeZone,
) -> Result<(Timestamp, Timestamp), String> {
    let from = parse_since(since, now, zone)?;
    let to = match until {
        Some(u) => parse_since(u, now, zone)?,
        None => now,
    };
    if from > now {
        return Err(format!(
            "--since {since} is {}, which has not come yet",
            local(from, zone)
        ));
    }
    if to < from {
        return Err(format!(
            "the span ends ({}) before it starts ({}): --until must come after --since",
            local(to, zone),
            local(from, zone)
        ));
    }
    Ok((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: i64) -> Timestamp {
        Timestamp::from_second(1_795_000_000 + minute * 60).unwrap()
    }

    #[test]
    fn what_happened_in_the_span_once_per_question_and_nothing_else() {
        let mut b = Board::new("Migration");
        b.add("before", Lane::Blocking, at(0)).unwrap();
        b.add("new one", Lane::Uncomfortable, at(10)).unwrap();
        b.add("another", Lane::Blocking, at(11)).unwrap();
        // Three hops: the minutes give the net move.
        b.move_to(1, Lane::Interesting, 0, at(12)).unwrap();
        b.move_to(1, Lane::Uncomfortable, 0, at(12)).unwrap();
        b.move_to(1, Lane::Interesting, 0, at(12)).unwrap();
        b.decide(3, "Postgres", at(13)).unwrap();
        b.edit(2, at(14), |e| {
            e.revisit = Some("2026-12-01".parse().unwrap())
        })
        .unwrap();
        // Added to Uncomfortable, then moved: where it was added, and where it is.
        b.move_to(2, Lane::Blocking, 0, at(15)).unwrap();
        b.edit(1, at(16), |e| {
            e.owner = Some("ana".into());
            e.next_step = "call the DBA".into();
        })
        .unwrap();
        b.add("after", Lane::Blocking, at(30)).unwrap();
        let m = minutes(&b, at(10), at(20));
        // As the span began only #1 was there (blocking); at its end #1 is interesting, #2
        // blocking, #3 decided.
        assert_eq!(m.lanes, [[1, 0, 0, 0], [1, 0, 1, 1]]);
        let text = markdown(&m, "Migration", at(10), at(20), &TimeZone::UTC);
        assert!(
            text.contains("At the start: Blocking 1, Uncomfortable 0, Interesting 0, resolved 0.")
                && text.contains(
                    "At the end: Blocking 1, Uncomfortable 0, Interesting 1, resolved 1."
                ),
            "{text}"
        );
        assert_eq!(
            minutes(&b, at(11), at(11)).added.len(),
            1,
            "both ends count"
        );
        assert_eq!(
            m.added,
            vec![
                (
                    2,
                    "new one".into(),
                    Lane::Uncomfortable,
                    Some(Lane::Blocking)
                ),
                (3, "another".into(), Lane::Blocking, None)
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
        assert_eq!(
            m.edited,
            vec![(
                1,
                "before".into(),
                vec!["next step: call the DBA".into(), "owner → ana".into()]
            )]
        );
        let md = markdown(&m, "Migration", at(10), at(20), &TimeZone::UTC);
        assert!(md.starts_with("# Minutes: Migration\n"), "{md}");
        assert!(md.contains("(10 min)"));
        assert!(md.contains(
            "## Added\n\n- #2 new one (to Uncomfortable, now in Blocking)\n- #3 another (Blocking)\n"
        ), "{md}");
        assert!(
            md.contains("## Moved\n\n- #1 before: Blocking → Interesting\n"),
            "{md}"
        );
        assert!(md.contains("## Decided\n\n- #3 another: **Postgres**\n"));
        assert!(md.contains("## Deferred\n\n- #2 new one: until 2026-12-01\n"));
        assert!(
            md.contains("## Changed\n\n- #1 before: next step: call the DBA; owner → ana\n"),
            "{md}"
        );
        assert!(md.find("## Added") < md.find("## Decided"));
        assert!(md.find("## Decided") < md.find("## Moved"));
        assert!(!md.contains("after"));
        assert!(minutes(&b, at(40), at(50)).is_empty());
    }

    #[test]
    fn minutes_say_the_values_for_questions_added_in_the_span_too_in_the_order_added() {
        let mut b = Board::new("Migration");
        b.add("earlier", Lane::Blocking, at(0)).unwrap();
        b.add("added second", Lane::Interesting, at(12)).unwrap();
        b.add("added first", Lane::Blocking, at(11)).unwrap();
        b.edit(3, at(13), |e| {
            e.owner = Some("zed".into());
            e.after = vec![1];
            e.door = crate::model::Door::OneWay;
            e.next_step = "Call the auditors on Tuesday.".into();
        })
        .unwrap();
        let m = minutes(&b, at(10), at(20));
        let added: Vec<u32> = m.added.iter().map(|(id, ..)| *id).collect();
        assert_eq!(added, [3, 2], "in the order they were added");
        assert_eq!(
            m.edited,
            vec![(
                3,
                "added first".into(),
                vec![
                    "next step: Call the auditors on Tuesday.".into(),
                    "owner → zed".into(),
                    "one-way door".into(),
                    "waits on #1".into(),
                ]
            )]
        );
    }

    #[test]
    fn since_reads_spans_times_and_days_in_the_users_zone() {
        let now: Timestamp = "2026-11-24T12:00:00Z".parse().unwrap();
        let berlin = TimeZone::get("Europe/Berlin").unwrap();
        let s = |t: &str| parse_since(t, now, &TimeZone::UTC).map(|t| t.to_string());
        assert_eq!(s("2h"), Ok("2026-11-24T10:00:00Z".into()));
        assert_eq!(s("90m"), Ok("2026-11-24T10:30:00Z".into()));
        assert_eq!(s("1d"), Ok("2026-11-23T12:00:00Z".into()));
        assert_eq!(s("09:30"), Ok("2026-11-24T09:30:00Z".into()));
        assert_eq!(s("2026-11-20"), Ok("2026-11-20T00:00:00Z".into()));
        assert_eq!(s("yesterday"), Ok("2026-11-23T00:00:00Z".into()));
        assert_eq!(
            s("mon"),
            Ok("2026-11-23T00:00:00Z".into()),
            "the last Monday"
        );
        assert_eq!(s("2026-11-24T08:00:00Z"), Ok("2026-11-24T08:00:00Z".into()));
        assert!(s("2y").is_err());
        // In Berlin, 09:30 is 08:30 UTC.
        let b = |t: &str| parse_since(t, now, &berlin).map(|t| t.to_string());
        assert_eq!(b("09:30"), Ok("2026-11-24T08:30:00Z".into()));
        assert_eq!(b("today"), Ok("2026-11-23T23:00:00Z".into()));
        // Spans that end before they start, or start in the future, are refused.
        assert!(
            span("1h", Some("2h"), now, &berlin)
                .unwrap_err()
                .contains("before it starts")
        );
        assert!(
            span("23:00", None, now, &berlin)
                .unwrap_err()
                .contains("has not come yet")
        );
        assert!(span("2h", Some("1h"), now, &berlin).is_ok());
        assert_eq!(local(now, &berlin), "2026-11-24 13:00 CET");
    }
}
