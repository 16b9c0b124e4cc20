//! The spec's string enums. Each keeps unknown values in `Other` so that a newer
//! control plane's additions never make a response undecodable.

use std::{convert::Infallible, fmt, str::FromStr};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Declares an open string enum: known variants with their wire words, plus `Other`.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $wire:literal ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of Runboard does not know, kept verbatim.
            Other(String),
        }

        impl $name {
            /// Every value this version knows, in the spec's order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The wire word.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::Other(word) => word,
                }
            }

            /// The known value for `word`, if it is one (exact, case-sensitive).
            pub fn known(word: &str) -> Option<Self> {
                match word {
                    $( $wire => Some($name::$variant), )+
                    _ => None,
                }
            }

            /// Whether this is one of the spec's values.
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Other(_))
            }
        }

        impl From<&str> for $name {
            fn from(word: &str) -> Self {
                Self::known(word).unwrap_or_else(|| $name::Other(word.to_owned()))
            }
        }

        impl FromStr for $name {
            type Err = Infallible;
            fn from_str(word: &str) -> Result<Self, Infallible> {
                Ok(Self::from(word))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let word = String::deserialize(deserializer)?;
                Ok(Self::known(&word).unwrap_or($name::Other(word)))
            }
        }
    };
}

open_enum! {
    /// A workload's phase as Run:ai reports it.
    Phase {
        Creating = "Creating",
        Initializing = "Initializing",
        Resuming = "Resuming",
        Pending = "Pending",
        Deleting = "Deleting",
        Running = "Running",
        Updating = "Updating",
        Stopped = "Stopped",
        Stopping = "Stopping",
        /// Running with problems.
        Degraded = "Degraded",
        Failed = "Failed",
        Completed = "Completed",
        Terminating = "Terminating",
        Unknown = "Unknown",
    }
}

open_enum! {
    /// Where a workload was submitted from.
    Source {
        Cli = "CLI",
        ControlPlane = "Control-plane",
        /// The spec's own "Other" source (not an unknown value).
        OtherSource = "Other",
    }
}

open_enum! {
    /// How GPUs are requested beyond whole devices.
    GpuRequestType {
        Portion = "portion",
        Memory = "memory",
        MigProfile = "migProfile",
    }
}

open_enum! {
    /// A MIG profile (deprecated by Run:ai, still reported).
    MigProfile {
        P1g5gb = "1g.5gb",
        P1g10gb = "1g.10gb",
        P2g10gb = "2g.10gb",
        P2g20gb = "2g.20gb",
        P3g20gb = "3g.20gb",
        P3g40gb = "3g.40gb",
        P4g20gb = "4g.20gb",
        P4g40gb = "4g.40gb",
        P7g40gb = "7g.40gb",
        P7g80gb = "7g.80gb",
    }
}

open_enum! {
    /// The role of an environment's replica in a distributed workload.
    ReplicaType {
        Master = "Master",
        Worker = "Worker",
        Leader = "Leader",
    }
}

open_enum! {
    /// Why the scheduler holds a workload back.
    PhaseReason {
        NonPreemptibleOverQuota = "NonPreemptibleOverQuota",
        OverLimit = "OverLimit",
    }
}

open_enum! {
    /// Which API created the workload.
    SourceApi {
        WorkloadsV2 = "WorkloadsV2",
    }
}

open_enum! {
    /// Which level of the organization a scheduling message is about.
    OrgType {
        Project = "PROJECT",
        Department = "DEPARTMENT",
    }
}

open_enum! {
    /// Who may open a connection's URL.
    AuthorizationType {
        Public = "public",
        AuthenticatedUsers = "authenticatedUsers",
        AuthorizedUsersOrGroups = "authorizedUsersOrGroups",
    }
}

open_enum! {
    /// What the telemetry endpoint counts.
    TelemetryType {
        WorkloadsCount = "WORKLOADS_COUNT",
        GpuAllocation = "GPU_ALLOCATION",
    }
}

open_enum! {
    /// A metric of one workload.
    MetricType {
        GpuUtilization = "GPU_UTILIZATION",
        GpuMemoryUsageBytes = "GPU_MEMORY_USAGE_BYTES",
        GpuMemoryRequestBytes = "GPU_MEMORY_REQUEST_BYTES",
        CpuUsageCores = "CPU_USAGE_CORES",
        CpuRequestCores = "CPU_REQUEST_CORES",
        CpuLimitCores = "CPU_LIMIT_CORES",
        CpuMemoryUsageBytes = "CPU_MEMORY_USAGE_BYTES",
        CpuMemoryRequestBytes = "CPU_MEMORY_REQUEST_BYTES",
        CpuMemoryLimitBytes = "CPU_MEMORY_LIMIT_BYTES",
        PodCount = "POD_COUNT",
        RunningPodCount = "RUNNING_POD_COUNT",
        GpuAllocation = "GPU_ALLOCATION",
        NimNumRequestsRunning = "NIM_NUM_REQUESTS_RUNNING",
        NimNumRequestsWaiting = "NIM_NUM_REQUESTS_WAITING",
        NimNumRequestMax = "NIM_NUM_REQUEST_MAX",
        NimRequestSuccessTotal = "NIM_REQUEST_SUCCESS_TOTAL",
        NimRequestFailureTotal = "NIM_REQUEST_FAILURE_TOTAL",
        NimGpuCacheUsagePerc = "NIM_GPU_CACHE_USAGE_PERC",
        NimTimeToFirstTokenSeconds = "NIM_TIME_TO_FIRST_TOKEN_SECONDS",
        NimE2eRequestLatencySeconds = "NIM_E2E_REQUEST_LATENCY_SECONDS",
        NimTimeToFirstTokenSecondsPercentiles = "NIM_TIME_TO_FIRST_TOKEN_SECONDS_PERCENTILES",
        NimE2eRequestLatencySecondsPercentiles = "NIM_E2E_REQUEST_LATENCY_SECONDS_PERCENTILES",
        NvlinkBandwidthTotal = "NVLINK_BANDWIDTH_TOTAL",
    }
}

impl MetricType {
    /// NIM metrics exist only for inference workloads served by NIM.
    pub fn is_nim(&self) -> bool {
        self.as_str().starts_with("NIM_")
    }

    /// Histogram types carry cumulative bucket counts in `histogram`, not `measurements`.
    pub fn is_histogram(&self) -> bool {
        matches!(
            self,
            MetricType::NimTimeToFirstTokenSeconds | MetricType::NimE2eRequestLatencySeconds
        )
    }

    /// Percentile types carry `p50`/`p90`/`p99` in `histogram[].values[].data`.
    pub fn is_percentiles(&self) -> bool {
        self.as_str().ends_with("_PERCENTILES")
    }
}
