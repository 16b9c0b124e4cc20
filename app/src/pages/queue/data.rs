//! The queue page's server function: every node pool's queue, or one pool's, worked out
//! from the list calls the workload pages' queue panels share.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{error::AppError, queue::standing::PoolQueue};

/// The queue page's answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueAnswer {
    pub pools: Vec<PoolQueue>,
    /// When it was put together (Unix milliseconds).
    pub at_ms: i64,
}

/// The queues of `pool` (`None`: every pool with pending workloads), rows narrowed to
/// `project` (`None`: every project).
#[server(endpoint = "queue")]
pub async fn get_queue(
    pool: Option<String>,
    project: Option<String>,
) -> Result<QueueAnswer, AppError> {
    let (upstream, credentials) = crate::caller::upstream_call()?;
    let counter = use_context::<crate::queue::reads::HiddenCounter>().unwrap_or_default();
    read_queue(&upstream.client, &credentials, &counter, pool, project).await
}

/// The answer for the caller whose `credentials` these are (the page and its CSV),
/// counting with `counter` what they cannot see.
#[cfg(feature = "ssr")]
pub async fn read_queue(
    client: &runai::client::RunaiClient,
    credentials: &runai::client::Credentials,
    counter: &crate::queue::reads::HiddenCounter,
    pool: Option<String>,
    project: Option<String>,
) -> Result<QueueAnswer, AppError> {
    use runai::query::FilterField;

    use super::view::checked;
    use crate::queue::{pool_reads::pool_queues, reads::AsViewer};

    // An empty word is no filter, as in the page's URL.
    let pool = pool.filter(|p| !p.is_empty());
    let project = project.filter(|p| !p.is_empty());
    for (field, word) in [
        (FilterField::Nodepool, &pool),
        (FilterField::ProjectName, &project),
    ] {
        if let Some(word) = word {
            checked(field, word).map_err(AppError::bad_request)?;
        }
    }
    let at_ms = runai::model::Timestamp::now().unix_millis();
    let lists = AsViewer {
        client,
        credentials,
        counter: counter.0.as_ref(),
    };
    let pools = pool_queues(&lists, pool.as_deref(), project.as_deref(), at_ms).await?;
    Ok(QueueAnswer { pools, at_ms })
}
