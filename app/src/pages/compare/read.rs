//! A comparison read from Run:ai (server only): each id looked up as the viewer, then
//! each shown workload's metrics over its window, one call each, all at once. The
//! calls are the workload page's own (the same types and samples, "now" on the same
//! 5-second grid), so on the clock they are the questions its viewers ask, which the
//! read cache answers once; the page and the CSV read through here alike.

use futures_util::future::join_all;
use runai::{
    ApiError,
    client::{Credentials, MetricsResult, RunaiClient},
    model::{Phase, Timestamp, Workload},
    query::MetricsQuery,
};
use uuid::Uuid;

use super::{
    answer::WindowShown,
    view::{CompareWindow, MAX_SINCE_START_S},
};
use crate::{error::AppError, metric_series};

/// Samples per series, as the workload page asks.
pub const SAMPLES: u16 = 120;
/// The shortest default window after each start (for runs just begun).
const SHORTEST_DEFAULT_S: i64 = 900;

/// One id of the comparison, as read.
pub struct Reading {
    pub id: Uuid,
    pub looked_up: LookedUp,
}

/// What Run:ai said of one id.
pub enum LookedUp {
    Found {
        workload: Box<Workload>,
        /// When it first ran, in Unix milliseconds; `None`: not yet.
        started_ms: Option<i64>,
        metrics: Metrics,
    },
    Forbidden,
    NotFound,
}

/// A shown workload's metrics over its window, or why there are none.
pub enum Metrics {
    /// `origin_ms` is the charts' zero: its start, or `None` on the clock.
    Read {
        origin_ms: Option<i64>,
        result: MetricsResult,
    },
    Absent(String),
}

/// A shown workload's own window: the charts' zero (its start, or `None` on the
/// clock), from and to; or why it has none.
type OwnWindow = Result<(Option<i64>, Timestamp, Timestamp), String>;

/// When `w` first ran: its creation plus its time waiting, if it has run at all.
pub fn started_ms(w: &Workload) -> Option<i64> {
    let ran = w.total_running_time_seconds.get().unwrap_or(0) > 0 || w.phase == Phase::Running;
    ran.then(|| w.created_at.unix_millis() + w.total_pending_time_seconds.get().unwrap_or(0) * 1000)
}

/// Reads `ids` and their metrics over `window` at `now`, as `credentials` may.
pub async fn read(
    client: &RunaiClient,
    credentials: &Credentials,
    ids: &[Uuid],
    window: &CompareWindow,
    now: Timestamp,
) -> Result<(Vec<Reading>, WindowShown), AppError> {
    // "Now" on a 5 s grid, as the workload page: viewers within the same 5 s share calls.
    let now = Timestamp::from_unix_millis(now.unix_millis() / 5_000 * 5_000).unwrap_or(now);
    let looked_up = join_all(ids.iter().map(|id| client.get_workload(credentials, *id))).await;
    // 404 and 403 are answers about one workload; anything else (a session gone, Run:ai
    // down) is the comparison's, as it is the workload page's.
    let mut found: Vec<(Uuid, Result<Workload, LookedUp>)> = Vec::new();
    for (id, answer) in ids.iter().zip(looked_up) {
        let answer = match answer {
            Ok(detail) => Ok(detail.workload),
            Err(ApiError::Forbidden(_)) => Err(LookedUp::Forbidden),
            Err(ApiError::NotFound(_)) => Err(LookedUp::NotFound),
            Err(err) => return Err(err.into()),
        };
        found.push((*id, answer));
    }
    let shown = window_shown(
        window,
        found.iter().filter_map(|(_, w)| w.as_ref().ok()),
        now,
    );
    let windows: Vec<Option<OwnWindow>> = found
        .iter()
        .map(|(_, answer)| {
            let w = answer.as_ref().ok()?;
            Some(member_window(w, &shown, now))
        })
        .collect();
    let calls = found
        .iter()
        .zip(&windows)
        .map(|((id, answer), window)| async move {
            let (Ok(w), Some(Ok((origin_ms, start, end)))) = (answer, window) else {
                return None;
            };
            let query = MetricsQuery {
                metric_type: metric_series::metric_types(metric_series::serves_inference(w)),
                start: *start,
                end: *end,
                number_of_samples: Some(SAMPLES),
            };
            let result = client.workload_metrics(credentials, *id, &query).await;
            Some((*origin_ms, result))
        });
    let metrics = join_all(calls).await;
    let readings = found
        .into_iter()
        .zip(windows)
        .zip(metrics)
        .map(|(((id, answer), window), metrics)| {
            let looked_up = match answer {
                Err(hidden) => hidden,
                Ok(workload) => {
                    let metrics = match (window, metrics) {
                        (Some(Err(why)), _) => Metrics::Absent(why),
                        (_, Some((origin_ms, Ok(result)))) => Metrics::Read { origin_ms, result },
                        (_, Some((_, Err(err)))) => Metrics::Absent(format!(
                            "its metrics could not be read: {}",
                            AppError::from(err).message()
                        )),
                        _ => Metrics::Absent("its metrics could not be read".to_owned()),
                    };
                    LookedUp::Found {
                        started_ms: started_ms(&workload),
                        workload: Box::new(workload),
                        metrics,
                    }
                }
            };
            Reading { id, looked_up }
        })
        .collect();
    Ok((readings, shown))
}

/// The window as shown: after each start, to the end of the longest run when the URL
/// names no end (a quarter of an hour at least, a week at most); or the clock's.
fn window_shown<'a>(
    window: &CompareWindow,
    found: impl Iterator<Item = &'a Workload>,
    now: Timestamp,
) -> WindowShown {
    match window {
        CompareWindow::Clock(range) => {
            let (from, to) = range.resolve(now);
            WindowShown::Clock { from, to }
        }
        CompareWindow::SinceStart { since_s, until_s } => {
            // Wall time from its start to its end (or now): a run preempted on the way
            // spans more than its running time.
            let longest = found
                .filter_map(|w| {
                    let started = started_ms(w)?;
                    let ended = w
                        .completed_at
                        .get()
                        .map_or(now.unix_millis(), |t| t.unix_millis());
                    Some((ended.min(now.unix_millis()) - started) / 1000)
                })
                .max()
                .unwrap_or(0);
            let until_s = until_s.unwrap_or_else(|| {
                longest
                    .max(SHORTEST_DEFAULT_S)
                    .max(since_s + 60)
                    .min(MAX_SINCE_START_S)
            });
            WindowShown::SinceStart {
                since_s: *since_s,
                until_s,
            }
        }
    }
}

/// `w`'s own window as `(charts' zero, start, end)`, or why it has none.
fn member_window(w: &Workload, shown: &WindowShown, now: Timestamp) -> OwnWindow {
    match shown {
        WindowShown::Clock { from, to } => Ok((None, *from, *to)),
        WindowShown::SinceStart { since_s, until_s } => {
            let Some(started) = started_ms(w) else {
                return Err("it has not started".to_owned());
            };
            let start = started + since_s * 1000;
            let end = (started + until_s * 1000).min(now.unix_millis());
            if start >= end {
                return Err("it has not run that long".to_owned());
            }
            let at = |ms: i64| {
                Timestamp::from_unix_millis(ms)
                    .ok_or_else(|| "its times are out of range".to_owned())
            };
            Ok((Some(started), at(start)?, at(end)?))
        }
    }
}
