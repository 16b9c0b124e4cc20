//! A pool's GPUs sit on nodes of eight, and each pod takes its GPUs from one node: a
//! pool with enough free GPUs in all may still have no node with room for a pod
//! (fragmentation), as on a real cluster. A node's devices are counted together, so
//! fractions of GPUs pack onto a node as their sum.

/// GPU devices on one node.
pub const GPUS_PER_NODE: f64 = 8.0;
/// Rounding slack for fractional GPUs.
const EPS: f64 = 1e-9;

/// Where a placed workload's pods sit: one (node, GPUs) per pod.
pub type Allocation = Vec<(usize, f64)>;

/// The free GPUs of each node of a pool.
#[derive(Clone, Debug, PartialEq)]
pub struct Nodes {
    free: Vec<f64>,
}

impl Nodes {
    /// Empty nodes holding `capacity` GPUs (whole nodes; a remainder makes one more).
    pub fn new(capacity: f64) -> Self {
        let count = (capacity / GPUS_PER_NODE).ceil().max(0.0) as usize;
        let mut free = vec![GPUS_PER_NODE; count];
        if let Some(last) = free.last_mut() {
            *last = capacity - GPUS_PER_NODE * (count - 1) as f64;
        }
        Self { free }
    }

    /// Nodes for `pods` pods of `per_pod` GPUs each, or `None` if they do not fit now.
    /// Each pod goes to the node with the least room that still holds it, which keeps
    /// empty nodes whole for the pods that need a whole node.
    pub fn fit(&self, per_pod: f64, pods: u32) -> Option<Allocation> {
        let mut free = self.free.clone();
        let mut allocation = Vec::with_capacity(pods as usize);
        for _ in 0..pods {
            let node = free
                .iter()
                .enumerate()
                .filter(|(_, f)| **f + EPS >= per_pod)
                .min_by(|(_, a), (_, b)| a.total_cmp(b))
                .map(|(node, _)| node)?;
            free[node] -= per_pod;
            allocation.push((node, per_pod));
        }
        Some(allocation)
    }

    /// Marks `allocation`'s GPUs as taken.
    pub fn take(&mut self, allocation: &Allocation) {
        for &(node, gpus) in allocation {
            self.free[node] = (self.free[node] - gpus).max(0.0);
        }
    }

    /// Gives `allocation`'s GPUs back.
    pub fn give(&mut self, allocation: &Allocation) {
        for &(node, gpus) in allocation {
            self.free[node] = (self.free[node] + gpus).min(GPUS_PER_NODE);
        }
    }

    /// Free GPUs on all nodes together.
    #[cfg(test)]
    pub fn free(&self) -> f64 {
        self.free.iter().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pods_pack_onto_the_fullest_node_that_holds_them() {
        let mut nodes = Nodes::new(16.0);
        let first = nodes.fit(4.0, 1).unwrap();
        nodes.take(&first);
        let second = nodes.fit(4.0, 1).unwrap();
        assert_eq!(first[0].0, second[0].0, "the same node, so one stays whole");
        nodes.take(&second);
        assert!(nodes.fit(8.0, 1).is_some());
    }

    #[test]
    fn enough_free_gpus_in_all_do_not_make_room_on_one_node() {
        let mut nodes = Nodes::new(16.0);
        let a = nodes.fit(4.0, 1).unwrap();
        nodes.take(&a);
        let b = nodes.fit(4.0, 1).unwrap();
        nodes.take(&b);
        let c = nodes.fit(4.0, 1).unwrap();
        nodes.take(&c);
        nodes.give(&b);
        assert_eq!(nodes.free(), 8.0);
        assert_eq!(nodes.fit(8.0, 1), None, "4 free on each of two nodes");
        assert!(nodes.fit(4.0, 2).is_some(), "two pods of four fit");
    }

    #[test]
    fn every_pod_of_a_workload_needs_its_own_room() {
        let nodes = Nodes::new(16.0);
        assert_eq!(nodes.fit(8.0, 2).map(|a| a.len()), Some(2));
        assert_eq!(nodes.fit(8.0, 3), None);
        assert_eq!(nodes.fit(0.5, 32).map(|a| a.len()), Some(32));
        assert_eq!(nodes.fit(0.5, 33), None);
    }
}
