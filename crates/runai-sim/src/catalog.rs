//! The static vocabulary of the simulated cluster: workload kinds, priority classes,
//! images, names. Weights make the mix look like a real research cluster.

/// A kind of workload and everything that follows from it.
#[derive(Debug)]
pub struct Kind {
    /// The API's `type`.
    pub name: &'static str,
    pub weight: f64,
    /// Build, Train or Deploy.
    pub category: &'static str,
    /// Distributed frameworks this kind uses (one is picked), or none.
    pub frameworks: &'static [&'static str],
    /// Pods: (min, max).
    pub pods: (i32, i32),
    /// Serves requests (NIM metrics, runs until deleted).
    pub inference: bool,
    /// Words for generated names.
    pub verbs: &'static [&'static str],
    pub images: &'static [&'static str],
}

const PYTORCH: &[&str] = &[
    "nvcr.io/nvidia/pytorch:24.10-py3",
    "nvcr.io/nvidia/pytorch:25.01-py3",
];
const NIM: &[&str] = &[
    "nvcr.io/nim/meta/llama-3.1-8b-instruct:1.3.3",
    "nvcr.io/nim/mistralai/mistral-7b-instruct-v0.3:1.2.2",
    "nvcr.io/nim/nvidia/nv-embedqa-e5-v5:1.1.0",
];
const TRAIN_VERBS: &[&str] = &[
    "finetune", "pretrain", "sweep", "eval", "distill", "ablation",
];
const DIST_VERBS: &[&str] = &["ddp", "fsdp", "allreduce", "megatron", "deepspeed"];

/// Every kind the simulator submits. Third-party kinds are named by Kubernetes Kind.
pub const KINDS: &[Kind] = &[
    Kind {
        name: "Training",
        weight: 28.0,
        category: "Train",
        frameworks: &[],
        pods: (1, 1),
        inference: false,
        verbs: TRAIN_VERBS,
        images: PYTORCH,
    },
    Kind {
        name: "Workspace",
        weight: 20.0,
        category: "Build",
        frameworks: &[],
        pods: (1, 1),
        inference: false,
        verbs: &["jupyter", "vscode", "notebook", "explore"],
        images: &[
            "jupyter/scipy-notebook:2024-10-07",
            "nvcr.io/nvidia/pytorch:24.10-py3",
            "codercom/code-server:4.93.1",
        ],
    },
    Kind {
        name: "Inference",
        weight: 14.0,
        category: "Deploy",
        frameworks: &[],
        pods: (1, 3),
        inference: true,
        verbs: &["serve", "chat", "api", "embed"],
        images: NIM,
    },
    Kind {
        name: "Distributed",
        weight: 10.0,
        category: "Train",
        frameworks: &["PyTorch", "TF", "MPI", "XGBoost", "JAX"],
        pods: (2, 8),
        inference: false,
        verbs: DIST_VERBS,
        images: PYTORCH,
    },
    Kind {
        name: "DistributedInference",
        weight: 3.0,
        category: "Deploy",
        frameworks: &[],
        pods: (2, 4),
        inference: true,
        verbs: &["serve-70b", "serve-405b"],
        images: NIM,
    },
    Kind {
        name: "PyTorchJob",
        weight: 6.0,
        category: "Train",
        frameworks: &["PyTorch"],
        pods: (2, 8),
        inference: false,
        verbs: DIST_VERBS,
        images: PYTORCH,
    },
    Kind {
        name: "MPIJob",
        weight: 3.0,
        category: "Train",
        frameworks: &["MPI"],
        pods: (2, 4),
        inference: false,
        verbs: &["horovod", "allreduce"],
        images: &["nvcr.io/nvidia/tensorflow:24.10-tf2-py3"],
    },
    Kind {
        name: "RayJob",
        weight: 3.0,
        category: "Train",
        frameworks: &[],
        pods: (2, 6),
        inference: false,
        verbs: &["tune", "batch-infer", "data-prep"],
        images: &["rayproject/ray-ml:2.38.0-gpu"],
    },
    Kind {
        name: "RayCluster",
        weight: 2.0,
        category: "Build",
        frameworks: &[],
        pods: (2, 4),
        inference: false,
        verbs: &["ray-dev", "ray-lab"],
        images: &["rayproject/ray-ml:2.38.0-gpu"],
    },
    Kind {
        name: "TFJob",
        weight: 2.0,
        category: "Train",
        frameworks: &["TF"],
        pods: (2, 4),
        inference: false,
        verbs: TRAIN_VERBS,
        images: &["nvcr.io/nvidia/tensorflow:24.10-tf2-py3"],
    },
    Kind {
        name: "XGBoostJob",
        weight: 1.0,
        category: "Train",
        frameworks: &["XGBoost"],
        pods: (2, 3),
        inference: false,
        verbs: &["gbdt", "ranker"],
        images: &["xgboost/xgboost-gpu:2.1.1"],
    },
    Kind {
        name: "JAXJob",
        weight: 1.0,
        category: "Train",
        frameworks: &["JAX"],
        pods: (2, 4),
        inference: false,
        verbs: &["t5x", "paxml"],
        images: &["nvcr.io/nvidia/jax:24.10-py3"],
    },
    Kind {
        name: "LeaderWorkerSet",
        weight: 1.0,
        category: "Deploy",
        frameworks: &[],
        pods: (2, 4),
        inference: true,
        verbs: &["lws-serve"],
        images: NIM,
    },
    Kind {
        name: "Deployment",
        weight: 2.0,
        category: "Deploy",
        frameworks: &[],
        pods: (1, 3),
        inference: false,
        verbs: &["gradio", "streamlit", "feature-api"],
        images: &["python:3.12-slim"],
    },
    Kind {
        name: "StatefulSet",
        weight: 1.0,
        category: "Deploy",
        frameworks: &[],
        pods: (1, 3),
        inference: false,
        verbs: &["vector-db", "redis"],
        images: &["qdrant/qdrant:v1.12.1"],
    },
    Kind {
        name: "Job",
        weight: 2.0,
        category: "Train",
        frameworks: &[],
        pods: (1, 1),
        inference: false,
        verbs: &["preprocess", "export", "benchmark"],
        images: PYTORCH,
    },
    Kind {
        name: "Pod",
        weight: 1.0,
        category: "Build",
        frameworks: &[],
        pods: (1, 1),
        inference: false,
        verbs: &["debug", "nvidia-smi"],
        images: &["nvcr.io/nvidia/cuda:12.6.2-base-ubuntu22.04"],
    },
];

/// A Run:ai priority class (2.22+).
#[derive(Debug)]
pub struct PriorityClass {
    pub name: &'static str,
    pub value: i32,
    pub preemptible: bool,
}

pub const PRIORITY_CLASSES: &[PriorityClass] = &[
    PriorityClass {
        name: "very-low",
        value: 25,
        preemptible: true,
    },
    PriorityClass {
        name: "low",
        value: 40,
        preemptible: true,
    },
    PriorityClass {
        name: "medium-low",
        value: 65,
        preemptible: true,
    },
    PriorityClass {
        name: "medium",
        value: 80,
        preemptible: true,
    },
    PriorityClass {
        name: "medium-high",
        value: 90,
        preemptible: true,
    },
    PriorityClass {
        name: "high",
        value: 125,
        preemptible: false,
    },
    PriorityClass {
        name: "very-high",
        value: 150,
        preemptible: false,
    },
];

/// The classes a category usually runs at (indices into [`PRIORITY_CLASSES`]).
pub fn priority_choices(category: &str) -> &'static [(usize, f64)] {
    match category {
        "Build" => &[(5, 8.0), (4, 2.0)],
        "Deploy" => &[(6, 7.0), (4, 3.0)],
        _ => &[(1, 5.0), (0, 1.0), (2, 2.0), (3, 2.0)],
    }
}

/// Names that exercise the UI's escaping: markup, quotes, RTL, emoji, the maximum length.
pub fn hostile_names() -> Vec<String> {
    vec![
        "<script>alert('runboard')</script>".to_owned(),
        "quote-\"double\"-'single'-`back`".to_owned(),
        "עבודה-تدريب-rtl-mixed".to_owned(),
        "🚀-launch-😀-emoji-train".to_owned(),
        format!("long-{}", "x".repeat(248)),
        "amp-&amp;-&lt;b&gt;-entities".to_owned(),
    ]
}
