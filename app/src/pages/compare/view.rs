//! The comparison's state, which is its URL: the workloads compared (`ids`, two to four,
//! in order), how their times line up (`align=start`, the default: time since each
//! started; `align=clock`: the same instants for all), the window (`since`/`until` in
//! seconds after each start, or the workload page's `range` / `from`+`to`), how per-GPU
//! metrics are drawn (`gpus=each`), whether identical facts are hidden
//! (`facts=differing`), and the words a person searches to add one (`find`).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{
    components::Refresh,
    metric_series::{GpuLines, range::TimeRange},
    url_state::{Problem, UrlQuery, UrlState},
};
use runai::query::QueryParams;

/// Workloads compared at most.
pub const MAX_COMPARED: usize = 4;
/// The longest window after each start: a week, as the workload page's longest.
pub const MAX_SINCE_START_S: i64 = 7 * 24 * 3600;
/// The words a search for one to add may hold, at most.
pub const MAX_FIND_CHARS: usize = 100;

/// The windows after each start offered, as `(label, until seconds)`.
pub const SINCE_START_PRESETS: [(&str, i64); 4] = [
    ("First 15 min", 900),
    ("First hour", 3600),
    ("First 6 hours", 6 * 3600),
    ("First day", 24 * 3600),
];

/// How the workloads' times line up on the charts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Align {
    /// Time since each started: runs of different days side by side.
    #[default]
    Start,
    /// The same instants for all: what happened at once.
    Clock,
}

/// The charts' window, as the alignment reads it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum CompareWindow {
    /// From `since_s` to `until_s` seconds after each workload started; `None`: to the
    /// end of the longest run (at most a week).
    SinceStart { since_s: i64, until_s: Option<i64> },
    /// The same window of time for all.
    Clock(TimeRange),
}

/// The comparison's URL state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CompareView {
    /// The workloads compared, each once, in the order given.
    pub ids: Vec<Uuid>,
    pub align: Align,
    /// After each start (start alignment): from, and to (`None`: the longest run).
    pub since_s: i64,
    pub until_s: Option<i64>,
    /// The window of time (clock alignment).
    pub range: TimeRange,
    pub gpus: GpuLines,
    /// Only the facts that differ.
    pub differing_only: bool,
    pub refresh: Refresh,
    /// Words to find another workload to add.
    pub find: String,
    pub problems: Vec<Problem>,
}

impl UrlState for CompareView {
    const PATH: &'static str = "/compare";
}

impl UrlQuery for CompareView {
    fn from_params(params: &QueryParams) -> Self {
        let mut view = Self::default();
        // `ids=a,b` as a link writes it, or `ids=a&ids=b` as the table's form sends it.
        for word in params.list("ids").into_iter().flat_map(|w| w.split(',')) {
            let word = word.trim();
            if word.is_empty() {
                continue;
            }
            match Uuid::parse_str(word) {
                Ok(id) if view.ids.contains(&id) => {}
                Ok(_) if view.ids.len() == MAX_COMPARED => {
                    view.problems.push(Problem::new(
                        "ids",
                        format!("at most {MAX_COMPARED} workloads are compared: the first {MAX_COMPARED} are"),
                    ));
                    break;
                }
                Ok(id) => view.ids.push(id),
                Err(_) => {
                    // One reason is enough: a long link of junk gets one line, not many.
                    view.problems.push(Problem::new(
                        "ids",
                        format!("“{}” is not a workload id (a UUID)", runai::loggable(word)),
                    ));
                    break;
                }
            }
        }
        match params.get("align") {
            None | Some("" | "start") => {}
            Some("clock") => view.align = Align::Clock,
            Some(other) => view.problems.push(Problem::new(
                "align",
                format!(
                    "“{}” is not a way to line up times: use “start” or “clock”",
                    runai::loggable(other)
                ),
            )),
        }
        let seconds = |name: &'static str, problems: &mut Vec<Problem>| -> Option<i64> {
            let word = params.get(name).filter(|w| !w.is_empty())?;
            match word.parse::<i64>() {
                Ok(s) if (0..=MAX_SINCE_START_S).contains(&s) => Some(s),
                _ => {
                    problems.push(Problem::new(
                        name,
                        format!(
                            "“{}” is not a number of seconds after the start, 0 to {MAX_SINCE_START_S} (a week)",
                            runai::loggable(word)
                        ),
                    ));
                    None
                }
            }
        };
        let since = seconds("since", &mut view.problems);
        let until = seconds("until", &mut view.problems);
        match (since, until) {
            (Some(since), Some(until)) if since >= until => view
                .problems
                .push(Problem::new("since", "“since” must be before “until”")),
            (Some(since), _) if since > MAX_SINCE_START_S - 60 => view.problems.push(Problem::new(
                "since",
                "“since” leaves at least a minute of the week after each start",
            )),
            _ => {
                view.since_s = since.unwrap_or(0);
                view.until_s = until;
            }
        }
        view.range = TimeRange::from_page_params(params, &mut view.problems);
        match GpuLines::from_word(params.get("gpus")) {
            Ok(gpus) => view.gpus = gpus,
            Err(message) => view.problems.push(Problem::new("gpus", message)),
        }
        match params.get("facts") {
            None | Some("" | "all") => {}
            Some("differing") => view.differing_only = true,
            Some(other) => view.problems.push(Problem::new(
                "facts",
                format!(
                    "“{}” is not a choice of facts: use “differing”, or leave it out",
                    runai::loggable(other)
                ),
            )),
        }
        view.refresh = Refresh::from_params(params, &mut view.problems);
        let find = params.get("find").unwrap_or_default().trim();
        if find.chars().count() > MAX_FIND_CHARS {
            view.problems.push(Problem::new(
                "find",
                format!("search at most {MAX_FIND_CHARS} characters"),
            ));
        } else {
            view.find = find.to_owned();
        }
        view
    }

    fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if !self.ids.is_empty() {
            let ids: Vec<String> = self.ids.iter().map(Uuid::to_string).collect();
            pairs.push(("ids", ids.join(",")));
        }
        match self.align {
            Align::Start => {
                if self.since_s != 0 {
                    pairs.push(("since", self.since_s.to_string()));
                }
                if let Some(until) = self.until_s {
                    pairs.push(("until", until.to_string()));
                }
            }
            Align::Clock => {
                pairs.push(("align", "clock".to_owned()));
                pairs.extend(self.range.to_pairs());
            }
        }
        if let Some(word) = self.gpus.word() {
            pairs.push(("gpus", word.to_owned()));
        }
        if self.differing_only {
            pairs.push(("facts", "differing".to_owned()));
        }
        if self.refresh != Refresh::Off {
            pairs.push(("refresh", self.refresh.id().to_owned()));
        }
        if !self.find.is_empty() {
            pairs.push(("find", self.find.clone()));
        }
        pairs
    }

    fn problems(&self) -> &[Problem] {
        &self.problems
    }
}

impl CompareView {
    /// The window the charts show.
    pub fn window(&self) -> CompareWindow {
        match self.align {
            Align::Start => CompareWindow::SinceStart {
                since_s: self.since_s,
                until_s: self.until_s,
            },
            Align::Clock => CompareWindow::Clock(self.range.clone()),
        }
    }

    /// This state changed by `change`, without its problems or its search: what a link
    /// on the page leads to.
    pub fn with(&self, change: impl FnOnce(&mut Self)) -> Self {
        let mut next = Self {
            problems: Vec::new(),
            find: String::new(),
            ..self.clone()
        };
        change(&mut next);
        next
    }

    /// With `id` added at the end (when there is room).
    pub fn adding(&self, id: Uuid) -> Self {
        self.with(|next| {
            if !next.ids.contains(&id) && next.ids.len() < MAX_COMPARED {
                next.ids.push(id);
            }
        })
    }

    /// Without `id`.
    pub fn removing(&self, id: Uuid) -> Self {
        self.with(|next| next.ids.retain(|kept| *kept != id))
    }

    /// With times lined up as `align`, each at its whole default window.
    pub fn aligned(&self, align: Align) -> Self {
        self.with(|next| {
            next.align = align;
            next.since_s = 0;
            next.until_s = None;
            next.range = TimeRange::default();
        })
    }
}

#[cfg(test)]
#[path = "view_tests.rs"]
mod tests;
