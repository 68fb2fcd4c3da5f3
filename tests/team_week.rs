//! A week of use, as a test: three people share a board through real git, each pulling their
//! own way (`unknowns sync`, `git pull`, `git pull --rebase`, `git stash` + pull + pop, and a
//! clone that never ran `git-setup`), over a seeded sequence of adds with colliding numbers,
//! moves, decisions, dissolutions, title changes, hand edits and hand-typed questions. After
//! everyone syncs: one board everywhere, every question created there exactly once, numbers
//! unique, every `after` pointing where its author meant, every decision made either the
//! decision or a recorded conflict, no conflict marker, and no merge stopped.
//!
//! A few seeds run with the suite; `UNKNOWNS_WEEK_SEEDS=N` runs N (and `UNKNOWNS_WEEK_STEPS`
//! sets the steps of each). Needs `git` on the PATH.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::team::Team;
use unknowns::model::{Board, Status};

/// A small deterministic generator (xorshift), so a failing seed can be run again.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// How a person takes in what others pushed.
#[derive(Clone, Copy, Debug)]
enum Pull {
    Sync,
    Merge,
    Rebase,
    Stash,
}

/// What the people meant, to hold the final board to.
#[derive(Default)]
struct Meant {
    /// Every question created, by its (unique) title.
    created: BTreeSet<String>,
    /// A question's title, and the titles of what its author made it wait on.
    after: BTreeMap<String, BTreeSet<String>>,
    /// Every decision made of a question, by its title.
    decisions: BTreeMap<String, BTreeSet<String>>,
    /// The number each question had when it first reached the origin: the team has seen it,
    /// so it never changes.
    shared: BTreeMap<String, u32>,
}

/// Notes the number of every question the origin holds that it did not hold before.
fn note_shared(team: &Team, meant: &mut Meant) {
    let text = team.git_in(
        &team.dir.path().join("origin.git"),
        &["show", "main:unknowns.ron"],
    );
    let origin = unknowns::format::parse(text.as_bytes()).expect("the origin's board loads");
    for q in origin.questions() {
        meant.shared.entry(q.title.clone()).or_insert(q.id);
    }
}

/// Who shares the board; carl never ran `git-setup`, and syncs.
const PEOPLE: [&str; 3] = ["ana", "bo", "carl"];

/// The way a person pulls this time: ana and bo each way now and then; carl only syncs.
fn way_of(who: &str, rng: &mut Rng) -> Pull {
    if who == "carl" {
        return Pull::Sync;
    }
    [Pull::Sync, Pull::Merge, Pull::Rebase, Pull::Stash][rng.below(4)]
}

fn open_titles(b: &Board) -> Vec<(u32, String)> {
    b.questions()
        .iter()
        .filter(|q| q.is_open())
        .map(|q| (q.id, q.title.clone()))
        .collect()
}

/// One person's turn: a change to their board, then now and then a pull their way.
fn step(team: &Team, rng: &mut Rng, meant: &mut Meant, n: usize) {
    let who = PEOPLE[rng.below(PEOPLE.len())];
    let board = team.load(who);
    let open = open_titles(&board);
    let pick = |rng: &mut Rng| open.get(rng.below(open.len().max(1))).cloned();
    match rng.below(9) {
        0..=2 => {
            // An add, sometimes waiting on a question this person sees.
            let title = format!("q{n} by {who}");
            let mut args = vec!["add".to_string(), title.clone()];
            let mut waits = BTreeSet::new();
            if rng.below(2) == 0
                && let Some((id, on)) = pick(rng)
            {
                args.extend(["--after".to_string(), id.to_string()]);
                waits.insert(on);
            }
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            team.ok(who, &args);
            meant.created.insert(title.clone());
            meant.after.insert(title, waits);
        }
        3 => {
            if let Some((id, _)) = pick(rng) {
                let lane = ["b", "u", "i"][rng.below(3)];
                team.ok(who, &["move", &id.to_string(), lane]);
            }
        }
        4 => {
            if let Some((id, title)) = pick(rng) {
                let decision = format!("decided at {n} by {who}");
                team.ok(who, &["decide", &id.to_string(), &decision]);
                meant.decisions.entry(title).or_default().insert(decision);
            }
        }
        5 => {
            if let Some((id, _)) = pick(rng) {
                team.ok(who, &["dissolve", &id.to_string(), "went away"]);
            }
        }
        6 => {
            team.ok(
                who,
                &["title", &format!("Week board, named at {n} by {who}")],
            );
        }
        7 => {
            // A question typed into the file by hand: no key, the next number this person
            // sees (which another may have taken meanwhile).
            let text = std::fs::read_to_string(team.board(who)).unwrap();
            let next = board.questions().iter().map(|q| q.id).max().unwrap_or(0) + 1;
            let title = format!("hand {n} by {who}");
            let block = format!("        (id: {next}, title: \"{title}\", lane: Interesting),\n");
            let end = text.rfind("    ],\n)").expect("the end of the questions");
            team.write_by_hand(who, &format!("{}{block}{}", &text[..end], &text[end..]));
            meant.created.insert(title.clone());
            meant.after.insert(title, BTreeSet::new());
        }
        _ => {
            // A hand edit of one question's lane, as written in the file.
            if let Some((_, title)) = pick(rng) {
                let text = std::fs::read_to_string(team.board(who)).unwrap();
                let from = format!("title: \"{title}\",\n            lane: ");
                if let Some(at) = text.find(&from) {
                    let rest = &text[at + from.len()..];
                    let end = rest.find(',').unwrap();
                    let lane = ["Blocking", "Uncomfortable", "Interesting"][rng.below(3)];
                    let edited = format!("{}{from}{lane}{}", &text[..at], &rest[end..]);
                    team.write_by_hand(who, &edited);
                }
            }
        }
    }
    if rng.below(3) == 0 {
        let way = way_of(who, rng);
        pull(team, who, way);
        note_shared(team, meant);
    }
}

/// Takes in what others pushed and shares this person's work, their way.
fn pull(team: &Team, who: &str, way: Pull) {
    let committed = |team: &Team| {
        let (_, status) = team.git_may_fail(who, &["status", "--porcelain", "--", "unknowns.ron"]);
        if !status.trim().is_empty() {
            team.git(
                who,
                &["commit", "--quiet", "-am", &format!("{who}'s changes")],
            );
        }
    };
    match way {
        Pull::Sync => {
            team.ok(who, &["sync"]);
        }
        Pull::Merge => {
            committed(team);
            team.git(who, &["pull", "--quiet", "--no-rebase"]);
            team.git(who, &["push", "--quiet"]);
        }
        Pull::Rebase => {
            committed(team);
            team.git(who, &["pull", "--quiet", "--rebase"]);
            team.git(who, &["push", "--quiet"]);
        }
        Pull::Stash => {
            let (_, status) =
                team.git_may_fail(who, &["status", "--porcelain", "--", "unknowns.ron"]);
            let stashed = !status.trim().is_empty();
            if stashed {
                team.git(who, &["stash", "--quiet"]);
            }
            team.git(who, &["pull", "--quiet", "--no-rebase"]);
            if stashed {
                team.git(who, &["stash", "pop", "--quiet"]);
            }
            team.ok(who, &["sync"]);
        }
    }
}

fn week(seed: u64, steps: usize) {
    let team = Team::new();
    team.join("carl", false);
    let mut meant = Meant::default();
    for title in ["Which ledger?", "Cut over by region?", "Rewrite the ORM?"] {
        meant.created.insert(title.to_string());
        meant.after.insert(title.to_string(), BTreeSet::new());
    }
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    for n in 0..steps {
        step(&team, &mut rng, &mut meant, n);
    }
    // Everyone syncs, twice round.
    for _ in 0..2 {
        for who in PEOPLE {
            team.ok(who, &["sync"]);
        }
    }
    let b = team.load("ana");
    for who in PEOPLE {
        assert_eq!(
            team.load(who),
            b,
            "seed {seed}: {who} holds the same board as ana"
        );
        let text = std::fs::read_to_string(team.board(who)).unwrap();
        assert!(
            !text.contains("<<<<<<<"),
            "seed {seed}: markers in {who}'s board"
        );
        team.ok(who, &["check"]);
    }
    assert_eq!(
        b.validate(),
        Ok(()),
        "seed {seed}: numbers unique, links whole"
    );
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for q in b.questions() {
        *seen.entry(q.title.as_str()).or_default() += 1;
    }
    for title in &meant.created {
        assert_eq!(
            seen.get(title.as_str()).copied(),
            Some(1),
            "seed {seed}: {title:?} exists exactly once"
        );
    }
    let by_title: BTreeMap<&str, u32> = b
        .questions()
        .iter()
        .map(|q| (q.title.as_str(), q.id))
        .collect();
    for (title, waits) in &meant.after {
        let q = b.get(by_title[title.as_str()]).unwrap();
        for on in waits {
            assert!(
                q.after.contains(&by_title[on.as_str()]),
                "seed {seed}: {title:?} waits on {on:?} as its author meant: {:?}",
                q.after
            );
        }
    }
    for (title, number) in &meant.shared {
        assert_eq!(
            by_title[title.as_str()],
            *number,
            "seed {seed}: {title:?} keeps the number the team saw"
        );
    }
    for (title, made) in &meant.decisions {
        let q = b.get(by_title[title.as_str()]).unwrap();
        let recorded = q.resolution.clone();
        let kept = made.contains(&recorded)
            || q.conflicts.iter().any(|c| c.field == unknowns::model::Field::Resolution && made.contains(&c.value))
            || q.history.iter().any(|e| {
                matches!(&e.change, unknowns::model::Change::Settled { field, before } if *field == unknowns::model::Field::Resolution && made.contains(before))
            });
        assert!(
            kept || q.status != Status::Decided,
            "seed {seed}: {title:?} holds {recorded:?}, none of {made:?}"
        );
        // A decision is never silently undone: decided, or a conflict says what was decided.
        assert!(
            q.status == Status::Decided
                || q.conflicts
                    .iter()
                    .any(|c| c.field == unknowns::model::Field::Status
                        || c.field == unknowns::model::Field::Resolution),
            "seed {seed}: {title:?} was decided ({made:?}) and is {:?} with no conflict",
            q.status
        );
    }
}

#[test]
fn a_week_of_three_people_pulling_every_way_loses_nothing() {
    let seeds: u64 = std::env::var("UNKNOWNS_WEEK_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2);
    let steps: usize = std::env::var("UNKNOWNS_WEEK_STEPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    for seed in 1..=seeds {
        week(seed, steps);
    }
}
