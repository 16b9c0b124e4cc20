//! Workloads from a seed. What a workload asks for is a pure function of (seed, index,
//! creation time), so the same seed always gives the same cluster; when it gets GPUs is
//! the scheduler's decision (its [`Timeline`]), and its phase at any instant follows
//! from both (see `lifecycle`), which is how the cluster lives.

use uuid::Uuid;

use super::{
    catalog::{self, KINDS, Kind, PRIORITY_CLASSES, PriorityClass},
    org::Org,
    rng::Rng,
    timeline::Timeline,
};

mod arrivals;
pub use arrivals::arrivals;

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;
/// How far back the history generated at start-up reaches.
pub const HISTORY_MS: i64 = 7 * DAY;
/// A seed's stream for the history before start-up.
const HISTORY_STREAM: u64 = 0x4849_5354;
/// A random stream no workload index reaches: how failing runs end.
const EARLY_END_STREAM: u64 = 1 << 60;

/// How the workload asks for GPUs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum GpuAsk {
    /// No GPU.
    None,
    /// Whole devices per pod.
    Whole(u32),
    /// A fraction of one device per pod (`gpuRequestType: portion`).
    Portion(f64),
    /// Device memory per pod, in bytes (`gpuRequestType: memory`).
    Memory(f64),
}

/// What its owner wants of a workload's time, in Unix milliseconds / durations.
#[derive(Clone, Debug, PartialEq)]
pub struct Schedule {
    pub created_ms: i64,
    /// How long it initializes each time it is placed.
    pub init_ms: i64,
    /// Running time its work needs (kept across preemptions); `None`: a service, which
    /// runs until deleted.
    pub run_ms: Option<i64>,
    /// Ends Failed rather than Completed.
    pub fails: bool,
    /// Deleted this long after it finished; a service, this long after it was first
    /// placed; one never placed, this long after it was created (its owner gives up).
    pub deleted_after_ms: Option<i64>,
}

/// A simulated workload: what was submitted and when things happen to it.
#[derive(Clone, Debug)]
pub struct SimWorkload {
    pub index: u64,
    pub id: Uuid,
    pub name: String,
    pub kind: &'static Kind,
    pub framework: Option<&'static str>,
    pub project: usize,
    pub submitted_by: &'static str,
    pub source: &'static str,
    pub priority: &'static PriorityClass,
    pub pods: i32,
    pub gpu: GpuAsk,
    pub cpu_request: f64,
    pub cpu_limit: Option<f64>,
    pub memory_request: f64,
    pub memory_limit: Option<f64>,
    pub nodepool: &'static str,
    pub image: &'static str,
    pub schedule: Schedule,
    /// What the scheduler decided (filled as the cluster's clock moves).
    pub timeline: Timeline,
    /// Holds its GPUs without using them while running.
    pub idle: bool,
    /// Where in the recorded trace this workload starts, and how slowly it plays it.
    pub trace_offset_s: f64,
    pub trace_stretch: f64,
    pub environment_id: Uuid,
    pub datasource_id: Uuid,
}

impl SimWorkload {
    /// GPU devices allocated while running (fractions for portions and memory asks).
    pub fn gpus(&self, gpu_memory: f64) -> f64 {
        let per_pod = match self.gpu {
            GpuAsk::None => 0.0,
            GpuAsk::Whole(n) => f64::from(n),
            GpuAsk::Portion(p) => p,
            GpuAsk::Memory(bytes) => (bytes / gpu_memory).min(1.0),
        };
        per_pod * f64::from(self.pods)
    }
}

/// Generates the workload with `index`, created at `created_ms`.
pub fn workload(
    seed: u64,
    index: u64,
    created_ms: i64,
    org: &Org,
    hostile: Option<String>,
) -> SimWorkload {
    let mut rng = Rng::derive(seed, index);
    let weights: Vec<(usize, f64)> = KINDS
        .iter()
        .enumerate()
        .map(|(i, k)| (i, k.weight))
        .collect();
    let kind = &KINDS[rng.weighted(&weights)];
    let project = rng.below(org.projects.len());
    let cluster = org.cluster_of(project);
    let framework = (!kind.frameworks.is_empty()).then(|| rng.pick(kind.frameworks));
    let priority = &PRIORITY_CLASSES[rng.weighted(catalog::priority_choices(kind.category))];
    let pods = kind.pods.0 + rng.below((kind.pods.1 - kind.pods.0 + 1) as usize) as i32;

    let gpu = match kind.name {
        "Deployment" | "StatefulSet" => GpuAsk::None,
        "Workspace" | "RayCluster" | "Pod" => match rng.below(10) {
            0..=4 => GpuAsk::Portion(rng.pick(&[0.25, 0.5])),
            5..=6 => GpuAsk::Memory(rng.pick(&[10e9, 20e9])),
            7 => GpuAsk::None,
            _ => GpuAsk::Whole(1),
        },
        _ if kind.inference => {
            if rng.chance(0.3) {
                GpuAsk::Portion(0.5)
            } else {
                GpuAsk::Whole(rng.pick(&[1, 1, 2, 4]))
            }
        }
        _ if pods > 1 => GpuAsk::Whole(rng.pick(&[1, 2, 4, 8])),
        _ => GpuAsk::Whole(rng.pick(&[1, 1, 2, 4, 8])),
    };
    let nodepool = match (kind.inference, cluster.nodepools.len()) {
        (true, 3) => cluster.nodepools[2].0,
        _ => cluster.nodepools[rng.below(cluster.nodepools.len().min(2))].0,
    };
    let cpu_request = rng.pick(&[1.0, 2.0, 4.0, 8.0, 16.0]);
    let memory_request = cpu_request * 4.0 * 1024f64.powi(3);

    // Durations: training runs hours, services run until deleted.
    let run_ms = match kind.category {
        "Deploy" => (!rng.chance(0.85)).then(|| rng.range(2.0, 48.0) as i64 * HOUR),
        "Build" => Some(rng.range(0.5, 10.0) as i64 * HOUR + rng.below(60) as i64 * MINUTE),
        _ if matches!(kind.name, "Job" | "Pod") => Some(rng.range(5.0, 90.0) as i64 * MINUTE),
        _ => Some((rng.exponential(3.0 * HOUR as f64) as i64).max(4 * MINUTE)),
    };
    let fails = rng.chance(0.12);
    let early = Rng::derive(seed, EARLY_END_STREAM | index);
    let deleted_after_ms = if run_ms.is_none() {
        Some(rng.range(1.0, 24.0) as i64 * HOUR)
    } else {
        rng.chance(0.12)
            .then(|| rng.range(10.0, 180.0) as i64 * MINUTE)
    };

    let suffix = format!("{:04x}", rng.next_u64() & 0xffff);
    let name = hostile.unwrap_or_else(|| {
        format!(
            "{}-{}-{suffix}",
            org.projects[project].name,
            rng.pick(kind.verbs)
        )
    });
    SimWorkload {
        index,
        id: rng.uuid(),
        name,
        kind,
        framework,
        project,
        submitted_by: rng.pick(org.users),
        source: rng.weighted(&[("CLI", 5.0), ("Control-plane", 4.0), ("Other", 1.0)]),
        priority,
        pods,
        gpu,
        cpu_request,
        cpu_limit: rng.chance(0.6).then_some(cpu_request * 2.0),
        memory_request,
        memory_limit: rng.chance(0.6).then_some(memory_request * 2.0),
        nodepool,
        image: rng.pick(kind.images),
        schedule: Schedule {
            created_ms,
            init_ms: rng.range(5_000.0, 120_000.0) as i64,
            run_ms: if fails {
                run_ms.map(|ms| ends_early(ms, early))
            } else {
                run_ms
            },
            fails,
            deleted_after_ms,
        },
        timeline: Timeline::default(),
        idle: matches!(kind.category, "Build" | "Deploy")
            && gpu != GpuAsk::None
            && rng.chance(0.25),
        trace_offset_s: rng.range(0.0, 176.0),
        trace_stretch: rng.range(20.0, 120.0),
        environment_id: rng.uuid(),
        datasource_id: rng.uuid(),
    }
}

/// How long a failing run lasts of the `planned_ms` it would have run: most failures
/// come soon after the start (a bad setting, out of memory), some late.
fn ends_early(planned_ms: i64, mut rng: Rng) -> i64 {
    let share = rng.unit().powi(2);
    ((planned_ms as f64 * share) as i64).max(MINUTE)
}

/// The cluster's history at start-up: the week before it, hour by hour, arriving at
/// `per_hour` as they go on arriving after it (see [`arrivals`]), so the past holds the
/// load the present does. Hostile names go to finished-and-kept workloads of the
/// history's last day, which stay in the list.
pub fn initial(seed: u64, per_hour: f64, start_ms: i64, org: &Org) -> Vec<SimWorkload> {
    let from_ms = start_ms - HISTORY_MS;
    // The history's own stream: its hours do not echo the first hours after start-up.
    let history_seed = seed ^ HISTORY_STREAM;
    let mut all: Vec<SimWorkload> = Vec::new();
    for epoch in 0..(HISTORY_MS / HOUR) as u64 {
        let first = all.len() as u64;
        all.extend(arrivals(history_seed, epoch, first, per_hour, from_ms, org));
    }
    let kept = |w: &SimWorkload| {
        w.schedule.run_ms.is_some()
            && w.schedule.deleted_after_ms.is_none()
            && w.schedule.created_ms >= start_ms - DAY
    };
    let mut hostile = catalog::hostile_names().into_iter();
    let carriers: Vec<usize> = (0..all.len()).filter(|&i| kept(&all[i])).collect();
    let step = (carriers.len() / 6).max(1);
    for &i in carriers.iter().step_by(step) {
        match hostile.next() {
            Some(name) => all[i].name = name,
            None => break,
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_workloads() {
        let org = Org::new(42);
        let a = initial(42, 1.0, 1_795_000_000_000, &org);
        let b = initial(42, 1.0, 1_795_000_000_000, &org);
        let c = initial(43, 1.0, 1_795_000_000_000, &Org::new(43));
        assert_eq!(
            a.iter().map(|w| (w.id, &w.name)).collect::<Vec<_>>(),
            b.iter().map(|w| (w.id, &w.name)).collect::<Vec<_>>()
        );
        assert_ne!(a[0].id, c[0].id);
    }

    #[test]
    fn the_mix_covers_kinds_requests_and_hostile_names() {
        let org = Org::new(1);
        let all = initial(1, 6.0, 1_795_000_000_000, &org);
        let kinds: std::collections::HashSet<_> = all.iter().map(|w| w.kind.name).collect();
        assert!(kinds.len() >= 15, "{kinds:?}");
        assert!(all.iter().any(|w| matches!(w.gpu, GpuAsk::Portion(_))));
        assert!(all.iter().any(|w| matches!(w.gpu, GpuAsk::Memory(_))));
        assert!(all.iter().any(|w| matches!(w.gpu, GpuAsk::Whole(8))));
        assert!(all.iter().any(|w| w.name.contains("<script>")));
        assert!(all.iter().any(|w| w.name.len() == 253));
        assert!(
            all.iter().any(|w| w.schedule.run_ms.is_none()),
            "some are services"
        );
        let ids: std::collections::HashSet<_> = all.iter().map(|w| w.id).collect();
        assert_eq!(ids.len(), all.len(), "ids are unique");
    }

    #[test]
    fn failing_runs_end_early_most_of_them_soon_after_the_start() {
        let org = Org::new(3);
        let all = initial(3, 24.0, 1_795_000_000_000, &org);
        let mean_run = |fails: bool| {
            let runs: Vec<f64> = all
                .iter()
                .filter(|w| w.schedule.fails == fails && w.kind.category == "Train")
                .filter_map(|w| w.schedule.run_ms)
                .map(|ms| ms as f64)
                .collect();
            runs.iter().sum::<f64>() / runs.len() as f64
        };
        let (failing, finishing) = (mean_run(true), mean_run(false));
        assert!(failing < finishing * 0.5, "{failing} vs {finishing}");
    }
}
