//! The background planner: a big board's plan takes longer than a keystroke may, so it is
//! made here while the app stays responsive, and comes back as `Action::Planned`.

use std::sync::mpsc;
use std::thread;

use super::Message;
use crate::app::{Action, PlanJob};
use crate::model::plan;

pub(super) const PLANNER_THREAD: &str = "unknowns-planner";

/// Starts the planner; it plans the newest job it has been sent (older ones are of a board that
/// has changed since) and keeps what it found of the prerequisite graph between plans.
pub(super) fn spawn_planner(reports: mpsc::Sender<Message>) -> mpsc::Sender<PlanJob> {
    let (tx, rx) = mpsc::channel::<PlanJob>();
    let planner = move || {
        let mut reach = None;
        while let Ok(mut job) = rx.recv() {
            while let Ok(newer) = rx.try_recv() {
                // What the app found of the graph is kept, whichever job brought it.
                let seed = job.reach.take();
                job = newer;
                job.reach = job.reach.take().or(seed);
            }
            if reach.is_none() {
                reach = job.reach.take();
            }
            let made = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                plan::plan_cached(&job.board, job.today, job.stale_days, &mut reach)
            }));
            let action = match made {
                Ok(plan) => Action::Planned {
                    number: job.number,
                    plan: Box::new(plan),
                },
                Err(_) => {
                    reach = None;
                    Action::PlanFailed {
                        report: crate::store::crash_dir(),
                    }
                }
            };
            if reports.send(Message::Storage(action)).is_err() {
                break;
            }
        }
    };
    if let Err(e) = thread::Builder::new()
        .name(PLANNER_THREAD.into())
        .spawn(planner)
    {
        eprintln!("unknowns: could not start the planner thread: {e}");
    }
    tx
}
