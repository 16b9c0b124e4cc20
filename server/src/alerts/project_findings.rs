//! What holds for a project's rules and the weekly digest, from the ledger's store:
//! yesterday's idle share, this month's budget standing, last week's GPU time, each
//! within the projects the rule's owner could see.

use std::collections::HashSet;

use ledger::{
    LedgerError,
    calendar::DAY_MS,
    store::{Finding, Store},
    week::IsoWeek,
};
use runai::model::Timestamp;

use super::Terms;

/// The project named `project` if the owner could see it: its id.
async fn visible_project(
    store: &Store,
    project: &str,
    visible: &HashSet<String>,
) -> Result<Option<String>, LedgerError> {
    Ok(store
        .project_names()
        .await?
        .into_iter()
        .find(|(id, name)| name == project && visible.contains(id))
        .map(|(id, _)| id))
}

/// The project over `percent` % idle on the last whole UTC day.
pub async fn idle_share(
    store: &Store,
    project: &str,
    percent: u8,
    visible: &HashSet<String>,
    now_ms: i64,
) -> Result<Vec<Finding>, LedgerError> {
    let Some(id) = visible_project(store, project, visible).await? else {
        return Ok(Vec::new());
    };
    let day = now_ms.div_euclid(DAY_MS) * DAY_MS - DAY_MS;
    let used = store
        .daily_use(day, day + DAY_MS, std::slice::from_ref(&id))
        .await?;
    let (allocated, idle) = used.iter().fold((0.0, 0.0), |(a, i), u| {
        (a + u.seconds.allocated, i + u.seconds.idle)
    });
    let share = if allocated > 0.0 {
        idle / allocated * 100.0
    } else {
        0.0
    };
    if share <= f64::from(percent) {
        return Ok(Vec::new());
    }
    let date = Timestamp::from_unix_millis(day)
        .and_then(|t| t.to_string().get(..10).map(str::to_owned))
        .unwrap_or_default();
    Ok(vec![Finding {
        // One episode per day over the share.
        subject: format!("{id}@{date}"),
        title: project.to_owned(),
        project: project.to_owned(),
        detail: format!(
            "idle {share:.0} % of its {:.0} GPU-hours on {date} (UTC)",
            allocated / 3600.0
        ),
        link: format!("/ledger?window={date}..{date}"),
    }])
}

/// The week before's digest: one finding a week, so it is told once a week.
pub async fn weekly_digest(
    store: &Store,
    visible: &HashSet<String>,
    now_ms: i64,
) -> Result<Vec<Finding>, LedgerError> {
    let week = IsoWeek::last_complete(now_ms);
    let ids: Vec<String> = visible.iter().cloned().collect();
    let held = |(from, to): (i64, i64)| {
        let ids = &ids;
        async move {
            let used = store.daily_use(from, to, ids).await?;
            Ok::<_, LedgerError>(used.iter().fold((0.0, 0.0), |(a, i), u| {
                (
                    a + u.seconds.allocated / 3600.0,
                    i + u.seconds.idle / 3600.0,
                )
            }))
        }
    };
    let (allocated, idle) = held(week.span_ms()).await?;
    let (before, _) = held(week.previous().span_ms()).await?;
    let change = match before > 0.0 {
        true => format!(
            "{:+.0} % on the week before",
            (allocated - before) / before * 100.0
        ),
        false => "none the week before".to_owned(),
    };
    let share = match allocated > 0.0 {
        true => idle / allocated * 100.0,
        false => 0.0,
    };
    Ok(vec![Finding {
        subject: format!("digest@{}", week.word()),
        title: format!("Weekly digest, {}", week.describe()),
        project: "the projects you can see".to_owned(),
        detail: format!(
            "{allocated:.1} GPU-hours held ({change}), {idle:.1} of them idle ({share:.0} %)"
        ),
        link: format!("/digest?week={}", week.word()),
    }])
}

/// The project if this month's pace takes it past its budget.
pub async fn over_budget(
    store: &Store,
    terms: &Terms,
    project: &str,
    visible: &HashSet<String>,
    now_ms: i64,
) -> Result<Vec<Finding>, LedgerError> {
    let Some(id) = visible_project(store, project, visible).await? else {
        return Ok(Vec::new());
    };
    let Some(state) = store.state().await? else {
        return Ok(Vec::new());
    };
    let known = (state.backfill_from_ms, state.collected_to_ms.min(now_ms));
    let only: HashSet<String> = [id].into();
    let standing = store
        .month_standing(&terms.budgets, &terms.prices, &only, known)
        .await?;
    Ok(standing
        .into_iter()
        .filter(|s| s.projection.projected > s.budget.amount.value())
        .map(|s| {
            let unit = match s.budget.amount {
                ledger::budgets::Amount::GpuHours(_) => "GPU-hours".to_owned(),
                ledger::budgets::Amount::Money(_) => terms.prices.currency().to_owned(),
            };
            let month = ledger::budgets::month_of(now_ms).0;
            let month = Timestamp::from_unix_millis(month)
                .and_then(|t| t.to_string().get(..7).map(str::to_owned))
                .unwrap_or_default();
            Finding {
                subject: format!("{}@{month}", s.project_id),
                title: s.project_name.clone(),
                project: s.project_name,
                detail: format!(
                    "heading for {:.0} of its {:.0} {unit} this month ({:.0} used so far)",
                    s.projection.projected,
                    s.budget.amount.value(),
                    s.projection.used
                ),
                link: "/ledger".to_owned(),
            }
        })
        .collect())
}
