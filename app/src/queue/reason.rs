//! Why a pending workload waits, in words a person reads: what it waits for, with the
//! numbers the Workloads API gives (its project's GPUs in the pool, what it asks for,
//! who is ahead and what they ask for, the GPUs held idle there).

use serde::{Deserialize, Serialize};

use crate::format::{format_count, format_number_of};

/// How a workload's own project keeps it from starting, whatever GPUs are free (Run:ai's
/// `phaseReason`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Blocked {
    /// Its project is over its quota and the workload cannot be preempted, so it may
    /// not borrow (`NonPreemptibleOverQuota`).
    OverQuota,
    /// Its project (or department) would go past its limit (`OverLimit`).
    OverLimit,
}

impl Blocked {
    /// From Run:ai's `phaseReason` word; `None` for a word it does not know.
    pub fn from_phase_reason(word: &str) -> Option<Self> {
        match word {
            "NonPreemptibleOverQuota" => Some(Self::OverQuota),
            "OverLimit" => Some(Self::OverLimit),
            _ => None,
        }
    }

    /// What blocks it, as a sentence.
    pub fn sentence(self) -> &'static str {
        match self {
            Self::OverQuota => {
                "Its project is over its GPU quota, and a workload that cannot be preempted \
                 may not borrow GPUs beyond it."
            }
            Self::OverLimit => "Its project would go past the most GPUs it may hold.",
        }
    }

    /// Run:ai's `phaseReason` word as a sentence: the known ones in words, any other
    /// named as the scheduler's.
    pub fn phase_reason_sentence(word: &str) -> String {
        Self::from_phase_reason(word)
            .map(|blocked| blocked.sentence().to_owned())
            .unwrap_or_else(|| format!("The scheduler's reason: {word}."))
    }

    /// What blocks it, short enough for a table cell.
    pub fn label(self) -> &'static str {
        match self {
            Self::OverQuota => "blocked: project over quota",
            Self::OverLimit => "blocked: project at its limit",
        }
    }
}

/// What a pending workload waits for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum WaitReason {
    /// Its own project keeps it waiting.
    Project {
        blocked: Blocked,
        project: String,
        /// The node pools it waits in (empty: any).
        pools: Vec<String>,
        /// GPUs its project holds in those pools now, as far as the viewer can see.
        held_gpus: f64,
        asks_gpus: f64,
    },
    /// Workloads that take free GPUs before it.
    Behind {
        ahead: usize,
        ahead_gpus: f64,
        asks_gpus: f64,
    },
    /// Nothing is ahead of it: it waits for enough GPUs to free up in its pools.
    Capacity {
        asks_gpus: f64,
        /// GPUs in its pools that running workloads hold without using them.
        idle_held_gpus: f64,
    },
    /// None of the above is known; the scheduler's own words.
    Scheduler { message: String },
}

impl WaitReason {
    /// The reason in a few words, for a table cell.
    pub fn short(&self) -> String {
        match self {
            Self::Project { blocked, .. } => blocked.label().to_owned(),
            Self::Behind { ahead, .. } => format!("behind {ahead}"),
            Self::Capacity { .. } => "waiting for free GPUs".to_owned(),
            Self::Scheduler { message } => message.clone(),
        }
    }

    /// The reason as one or two sentences.
    pub fn sentence(&self) -> String {
        let gpus = |n: f64| {
            let unit = if (n - 1.0).abs() < 1e-9 {
                "GPU"
            } else {
                "GPUs"
            };
            format!("{} {unit}", format_count(n))
        };
        match self {
            Self::Project {
                blocked,
                project,
                pools,
                held_gpus,
                asks_gpus,
            } => {
                let place = if pools.is_empty() {
                    "the cluster".to_owned()
                } else {
                    format!("node pool {}", pools.join(", "))
                };
                let rule = match blocked {
                    Blocked::OverQuota => format!(
                        "Its project {project} is over its GPU quota in {place}, and a workload \
                         that cannot be preempted may not borrow beyond it."
                    ),
                    Blocked::OverLimit => {
                        format!("Its project {project} has reached its GPU limit in {place}.")
                    }
                };
                if *held_gpus <= 0.0 {
                    let who = match blocked {
                        Blocked::OverQuota => "its quota is raised",
                        Blocked::OverLimit => {
                            "its limit is raised or, where the limit is its department's, the \
                             department's other projects release GPUs"
                        }
                    };
                    return format!(
                        "{rule} The project holds no GPUs there now and this workload asks for \
                         {}: its request alone goes past the line, so it starts only when {who}.",
                        gpus(*asks_gpus),
                    );
                }
                format!(
                    "{rule} The project holds {} there now and this workload asks for {}: \
                     it starts only after the project's other workloads release GPUs, \
                     however many are free.",
                    gpus(*held_gpus),
                    gpus(*asks_gpus),
                )
            }
            Self::Behind {
                ahead,
                ahead_gpus,
                asks_gpus,
            } => {
                let them = format_number_of(*ahead, "workload", "workloads");
                format!(
                    "Behind higher-priority or earlier work: {them} asking for {} in total \
                     take free GPUs before it; it asks for {}.",
                    gpus(*ahead_gpus),
                    gpus(*asks_gpus),
                )
            }
            Self::Capacity {
                asks_gpus,
                idle_held_gpus,
            } => {
                let idle = if *idle_held_gpus > 0.0 {
                    format!(
                        " Running workloads hold {} there without using them; they count \
                         as taken until those workloads end.",
                        gpus(*idle_held_gpus)
                    )
                } else {
                    String::new()
                };
                format!(
                    "Waiting for capacity: nothing is ahead of it, and it starts when {} \
                     free up at once in its node pools.{idle}",
                    gpus(*asks_gpus)
                )
            }
            Self::Scheduler { message } => format!("The scheduler says: {message}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_project_blocked_workload_says_what_its_project_holds_and_what_it_asks() {
        let reason = WaitReason::Project {
            blocked: Blocked::OverQuota,
            project: "vision".to_owned(),
            pools: vec!["a100".to_owned()],
            held_gpus: 12.0,
            asks_gpus: 4.0,
        };
        let text = reason.sentence();
        assert!(
            text.starts_with("Its project vision is over its GPU quota in node pool a100"),
            "{text}"
        );
        assert!(
            text.contains("holds 12 GPUs there now and this workload asks for 4 GPUs"),
            "{text}"
        );
        let limit = WaitReason::Project {
            blocked: Blocked::OverLimit,
            project: "nlp".to_owned(),
            pools: vec![],
            held_gpus: 1.0,
            asks_gpus: 0.5,
        };
        assert!(
            limit
                .sentence()
                .starts_with("Its project nlp has reached its GPU limit in the cluster."),
            "{}",
            limit.sentence()
        );
        assert!(limit.sentence().contains("holds 1 GPU there"));
        let alone = WaitReason::Project {
            blocked: Blocked::OverQuota,
            project: "ci".to_owned(),
            pools: vec!["t4".to_owned()],
            held_gpus: 0.0,
            asks_gpus: 32.0,
        }
        .sentence();
        assert!(
            alone.contains("holds no GPUs there now and this workload asks for 32 GPUs"),
            "{alone}"
        );
        assert!(
            alone.ends_with("starts only when its quota is raised."),
            "{alone}"
        );
    }

    #[test]
    fn waiting_behind_others_or_for_capacity_reads_with_its_numbers() {
        let behind = WaitReason::Behind {
            ahead: 3,
            ahead_gpus: 10.0,
            asks_gpus: 8.0,
        }
        .sentence();
        assert!(
            behind.contains("3 workloads asking for 10 GPUs in total"),
            "{behind}"
        );
        let capacity = WaitReason::Capacity {
            asks_gpus: 8.0,
            idle_held_gpus: 2.0,
        }
        .sentence();
        assert!(
            capacity.contains("starts when 8 GPUs free up at once"),
            "{capacity}"
        );
        assert!(
            capacity.contains("hold 2 GPUs there without using them"),
            "{capacity}"
        );
        let none_idle = WaitReason::Capacity {
            asks_gpus: 1.0,
            idle_held_gpus: 0.0,
        }
        .sentence();
        assert!(!none_idle.contains("without using"), "{none_idle}");
    }

    #[test]
    fn only_the_two_project_reasons_block() {
        assert_eq!(
            Blocked::from_phase_reason("NonPreemptibleOverQuota"),
            Some(Blocked::OverQuota)
        );
        assert_eq!(
            Blocked::from_phase_reason("OverLimit"),
            Some(Blocked::OverLimit)
        );
        assert_eq!(Blocked::from_phase_reason("SomethingNew"), None);
    }
}
