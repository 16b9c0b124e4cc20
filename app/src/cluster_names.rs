//! Clusters by name. The Workloads API names a workload's cluster only by its id
//! (`clusterId`), and no endpoint Runboard reads names clusters, so the operator names
//! them (`RUNBOARD_CLUSTER_NAMES`); pages say that name, or a short form of the id where
//! none is given. Links and filters keep the id.

use std::{collections::HashMap, sync::Arc};

use uuid::Uuid;

/// The names the operator gives clusters, by id (provided by the server as context).
#[derive(Clone, Debug, Default)]
pub struct ClusterNames(Arc<HashMap<Uuid, String>>);

impl ClusterNames {
    /// Names from `(id, name)` pairs.
    pub fn new(names: impl IntoIterator<Item = (Uuid, String)>) -> Self {
        Self(Arc::new(names.into_iter().collect()))
    }

    /// What people read for cluster `id` (as the API writes it).
    pub fn of(&self, id: &str) -> String {
        match id.parse::<Uuid>().ok().and_then(|id| self.0.get(&id)) {
            Some(name) => name.clone(),
            None => short(id),
        }
    }
}

/// "cluster 0b0c51a4": the start of an id, which is enough to tell a few apart.
fn short(id: &str) -> String {
    let start: String = id.chars().take(8).collect();
    format!("cluster {start}")
}

/// What people read for cluster `id`: its configured name, as the server knows it
/// (rendering a page or answering a server function), else a short form of the id.
pub fn cluster_name(id: &str) -> String {
    match leptos::prelude::use_context::<ClusterNames>() {
        Some(names) => names.of(id),
        None => short(id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_named_cluster_reads_by_name_and_another_by_the_start_of_its_id() {
        let east: Uuid = "0b0c51a4-0000-4000-8000-000000000001".parse().unwrap();
        let names = ClusterNames::new([(east, "gpu-east".to_owned())]);
        assert_eq!(names.of("0B0C51A4-0000-4000-8000-000000000001"), "gpu-east");
        assert_eq!(
            names.of("7f3e2a10-0000-4000-8000-000000000002"),
            "cluster 7f3e2a10"
        );
        assert_eq!(names.of("é"), "cluster é", "any text, cut by characters");
    }
}
