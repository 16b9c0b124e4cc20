//! The node pools' GPU capacity and the projects' quotas in them. Capacity follows the
//! load the cluster is generated with, so that queues form and drain at any size: each
//! pool holds enough GPUs for its expected demand at [`TARGET_LOAD`].

use super::{
    super::{
        generate::{self, SimWorkload},
        materialize::gpu_memory,
        org::Org,
    },
    nodes::GPUS_PER_NODE,
};

/// Average share of a pool's GPUs its steady demand takes: high enough that bursts queue.
pub const TARGET_LOAD: f64 = 0.9;
/// Workloads sampled to learn the demand (a stream of indices no real workload uses).
const SAMPLE: u64 = 4_000;
const SAMPLE_FIRST_INDEX: u64 = 1 << 50;
/// A project with a limit may borrow idle GPUs (preemptible work only) up to this many
/// times its quota; one without (Run:ai's default) up to the whole pool.
const LIMIT_TIMES_QUOTA: f64 = 2.0;
const HOUR_MS: f64 = 3_600_000.0;

/// One node pool of one cluster.
#[derive(Clone, Debug, PartialEq)]
pub struct PoolSpec {
    /// Index into `Org::clusters`.
    pub cluster: usize,
    pub name: &'static str,
    /// GPU devices in the pool.
    pub capacity: f64,
    /// Each project's deserved GPUs in this pool, by project index (0: not in this cluster).
    pub quota: Vec<f64>,
    /// The most GPUs each project may hold here, borrowing included.
    pub limit: Vec<f64>,
    /// Whether each project's administrator set it a limit (one in two projects).
    pub limited: Vec<bool>,
}

impl PoolSpec {
    /// Sets each project's limit from its quota.
    pub fn set_limits(&mut self) {
        self.limit = self
            .quota
            .iter()
            .zip(&self.limited)
            .map(|(quota, limited)| match limited {
                true => (quota * LIMIT_TIMES_QUOTA).min(self.capacity),
                false => self.capacity,
            })
            .collect();
    }
}

/// How long a workload holds its GPUs if it is never preempted.
fn holding_ms(w: &SimWorkload) -> i64 {
    w.schedule.init_ms
        + w.schedule
            .run_ms
            .or(w.schedule.deleted_after_ms)
            .unwrap_or(0)
}

/// The pool a workload asks for, as an index into `specs`.
pub fn pool_of<'a>(
    mut specs: impl Iterator<Item = &'a PoolSpec>,
    org: &Org,
    w: &SimWorkload,
) -> usize {
    let cluster = org.department_of(w.project).cluster;
    specs
        .position(|p| p.cluster == cluster && p.name == w.nodepool)
        .expect("workloads ask for a pool of their own cluster")
}

/// GPUs a workload holds while placed.
pub fn need(org: &Org, w: &SimWorkload) -> f64 {
    w.gpus(gpu_memory(w, org))
}

/// Every pool of every cluster, sized for `arrivals_per_hour` workloads arriving.
pub fn pools(seed: u64, org: &Org, arrivals_per_hour: f64) -> Vec<PoolSpec> {
    let mut specs: Vec<PoolSpec> = org
        .clusters
        .iter()
        .enumerate()
        .flat_map(|(cluster, c)| {
            c.nodepools.iter().map(move |(name, _)| PoolSpec {
                cluster,
                name,
                capacity: 0.0,
                quota: Vec::new(),
                limit: Vec::new(),
                limited: Vec::new(),
            })
        })
        .collect();
    // GPU-milliseconds each pool is asked for, per arriving workload.
    let mut demand = vec![0.0; specs.len()];
    for i in 0..SAMPLE {
        let w = generate::workload(seed, SAMPLE_FIRST_INDEX + i, 0, org, None);
        demand[pool_of(specs.iter(), org, &w)] += need(org, &w) * holding_ms(&w) as f64;
    }
    for (spec, demand) in specs.iter_mut().zip(demand) {
        let busy = demand / SAMPLE as f64 * arrivals_per_hour / HOUR_MS;
        let nodes = (busy / TARGET_LOAD / GPUS_PER_NODE).ceil().max(1.0);
        spec.capacity = nodes * GPUS_PER_NODE;
        let members: Vec<usize> = (0..org.projects.len())
            .filter(|&p| org.department_of(p).cluster == spec.cluster)
            .collect();
        let share = spec.capacity / members.len() as f64;
        spec.quota = (0..org.projects.len())
            .map(|p| if members.contains(&p) { share } else { 0.0 })
            .collect();
        spec.limited = (0..org.projects.len()).map(|p| p % 2 == 1).collect();
        spec.set_limits();
    }
    specs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capacity_follows_the_load_in_whole_nodes_and_quotas_split_it() {
        let org = Org::new(42);
        let small = pools(42, &org, 12.0);
        let large = pools(42, &org, 120.0);
        assert_eq!(
            small.len(),
            5,
            "three pools in one cluster, two in the other"
        );
        for (s, l) in small.iter().zip(&large) {
            assert_eq!(s.capacity % GPUS_PER_NODE, 0.0);
            assert!(
                l.capacity >= s.capacity * 5.0,
                "{} {}",
                s.capacity,
                l.capacity
            );
            let quotas: f64 = s.quota.iter().sum();
            assert!((quotas - s.capacity).abs() < 1e-9, "quotas split the pool");
            assert!(s.limit.iter().zip(&s.quota).all(|(l, q)| l >= q));
        }
        assert_eq!(
            pools(42, &org, 12.0),
            small,
            "the same seed sizes the same pools"
        );
    }
}
