//! Which projects a caller may see the ledger's rows of: those their own Run:ai
//! credentials can list workloads in. Asked with their credentials (one telemetry call
//! for the projects with live workloads, a count of deleted workloads for each of the
//! rest) and remembered five minutes per caller, keyed as every per-caller cache is
//! ([`runai::client::CallerKey`]: kind, principal, keyed hash of the secret), so two
//! identities of one name never share what they may see.

use std::{collections::HashSet, sync::Arc, time::Duration};

use runai::{
    ApiError,
    client::{CallerKey, Credentials, RunaiClient},
    model::TelemetryType,
    query::{Filter, FilterField, FilterOp, GroupBy, TelemetryQuery, WorkloadSelection},
};

/// How long who-sees-what is remembered per caller.
const TTL: Duration = Duration::from_secs(300);
/// Callers remembered at once.
const CALLERS: u64 = 10_000;

/// The projects each caller may see, asked of Run:ai and remembered.
#[derive(Clone)]
pub struct Visibility {
    client: RunaiClient,
    visible: moka::future::Cache<CallerKey, Arc<HashSet<String>>>,
}

impl Visibility {
    /// Asks Run:ai through `client`.
    pub fn new(client: RunaiClient) -> Self {
        Self {
            client,
            visible: moka::future::Cache::builder()
                .max_capacity(CALLERS)
                .time_to_live(TTL)
                .build(),
        }
    }

    /// The project ids among `projects` that `credentials` can see.
    pub async fn projects(
        &self,
        credentials: &Credentials,
        projects: Vec<String>,
    ) -> Result<Arc<HashSet<String>>, ApiError> {
        let key = credentials.cache_key();
        if let Some(known) = self.visible.get(&key).await {
            return Ok(known);
        }
        let mut query = TelemetryQuery::new(TelemetryType::WorkloadsCount);
        query.group_by = vec![GroupBy::ProjectId];
        let live = self.client.workloads_telemetry(credentials, &query).await?;
        let mut seen: HashSet<String> = live
            .values
            .iter()
            .flat_map(|v| v.groups.iter().flatten())
            .filter(|g| g.value != "0")
            .map(|g| g.value.clone())
            .collect();
        // A project id that cannot be a filter's value cannot be asked about: it stays
        // unseen.
        let rest: Vec<(String, Filter)> = projects
            .into_iter()
            .filter(|p| !seen.contains(p))
            .filter_map(|p| {
                let filter = Filter::new(FilterField::ProjectId, FilterOp::Eq, p.clone()).ok()?;
                Some((p, filter))
            })
            .collect();
        let counts =
            futures_util::future::join_all(rest.into_iter().map(|(project, filter)| async move {
                let selection = WorkloadSelection {
                    deleted: Some(true),
                    filter_by: vec![filter],
                    search: None,
                };
                let count = self.client.count_workloads(credentials, &selection).await?;
                Ok::<_, ApiError>((project, count))
            }))
            .await;
        for answer in counts {
            let (project, count) = answer?;
            if count > 0 {
                seen.insert(project);
            }
        }
        let seen = Arc::new(seen);
        self.visible.insert(key, seen.clone()).await;
        Ok(seen)
    }
}
