//! The simulated organization: clusters, node pools, departments, projects, people.
//! Fixed names (a demo should read like a real company), ids derived from the seed.

use uuid::Uuid;

use super::rng::Rng;

/// A Kubernetes cluster managed by Run:ai.
#[derive(Clone, Debug)]
pub struct Cluster {
    pub id: Uuid,
    pub name: &'static str,
    /// Node pools and the GPU model each holds.
    pub nodepools: &'static [(&'static str, Gpu)],
}

/// A GPU model.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Gpu {
    pub model: &'static str,
    pub memory_bytes: f64,
}

pub const H100: Gpu = Gpu {
    model: "NVIDIA H100 80GB HBM3",
    memory_bytes: 85_520_809_984.0,
};
pub const A100: Gpu = Gpu {
    model: "NVIDIA A100-SXM4-40GB",
    memory_bytes: 42_949_672_960.0,
};
pub const L40S: Gpu = Gpu {
    model: "NVIDIA L40S",
    memory_bytes: 48_305_799_168.0,
};

/// A department, which owns projects and belongs to one cluster.
#[derive(Clone, Debug)]
pub struct Department {
    pub id: &'static str,
    pub name: &'static str,
    pub cluster: usize,
}

/// A project, the unit workloads are submitted to.
#[derive(Clone, Debug)]
pub struct Project {
    pub id: &'static str,
    pub name: &'static str,
    pub department: usize,
}

/// The whole organization.
#[derive(Clone, Debug)]
pub struct Org {
    pub clusters: Vec<Cluster>,
    pub departments: Vec<Department>,
    pub projects: Vec<Project>,
    pub users: &'static [&'static str],
    pub tenant_id: i32,
}

impl Org {
    /// The organization for `seed`: names are fixed, cluster ids come from the seed.
    pub fn new(seed: u64) -> Self {
        let mut rng = Rng::derive(seed, u64::MAX);
        let clusters = vec![
            Cluster {
                id: rng.uuid(),
                name: "us-east-h100",
                nodepools: &[
                    ("default", H100),
                    ("h100-80gb", H100),
                    ("l40s-inference", L40S),
                ],
            },
            Cluster {
                id: rng.uuid(),
                name: "eu-west-a100",
                nodepools: &[("default", A100), ("a100-40gb", A100)],
            },
        ];
        let departments = vec![
            Department {
                id: "1",
                name: "research",
                cluster: 0,
            },
            Department {
                id: "2",
                name: "platform",
                cluster: 0,
            },
            Department {
                id: "3",
                name: "applied-ml",
                cluster: 1,
            },
            Department {
                id: "4",
                name: "inference",
                cluster: 1,
            },
        ];
        let projects = vec![
            Project {
                id: "11",
                name: "llm-pretrain",
                department: 0,
            },
            Project {
                id: "12",
                name: "vision",
                department: 0,
            },
            Project {
                id: "13",
                name: "speech",
                department: 0,
            },
            Project {
                id: "21",
                name: "infra-tests",
                department: 1,
            },
            Project {
                id: "22",
                name: "ci-gpu",
                department: 1,
            },
            Project {
                id: "31",
                name: "recsys",
                department: 2,
            },
            Project {
                id: "32",
                name: "forecasting",
                department: 2,
            },
            Project {
                id: "41",
                name: "chat-serving",
                department: 3,
            },
            Project {
                id: "42",
                name: "embeddings",
                department: 3,
            },
        ];
        Self {
            clusters,
            departments,
            projects,
            users: &[
                "ada@runboard.demo",
                "grace@runboard.demo",
                "linus@runboard.demo",
                "margaret@runboard.demo",
                "ken@runboard.demo",
                "barbara@runboard.demo",
                "alan@runboard.demo",
                "frances@runboard.demo",
                "edsger@runboard.demo",
                "radia@runboard.demo",
                "svc-pipeline@runboard.demo",
                "ci-bot",
            ],
            tenant_id: 1001,
        }
    }

    /// The department a project belongs to.
    pub fn department_of(&self, project: usize) -> &Department {
        &self.departments[self.projects[project].department]
    }

    /// The cluster a project runs on.
    pub fn cluster_of(&self, project: usize) -> &Cluster {
        &self.clusters[self.department_of(project).cluster]
    }

    /// The index of the department with `id`.
    pub fn department_index(&self, id: &str) -> Option<usize> {
        self.departments.iter().position(|d| d.id == id)
    }
}
