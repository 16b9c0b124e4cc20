//! The simulator at scale: generating 100,000 workloads, and answering a list with two
//! filters and a sort over them. Run with `cargo bench -p server --bench simulator`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use runai::query::{ListQuery, WorkloadSelection};
use runai_sim::cluster::{Cluster, Scope};

/// 2026-11-27T08:00:00Z.
const START_MS: i64 = 1_795_766_400_000;
const SIZE: u64 = 100_000;

fn generation(c: &mut Criterion) {
    let mut group = c.benchmark_group("generate");
    group.sample_size(10);
    group.bench_function("100k workloads", |b| {
        b.iter(|| black_box(Cluster::new(42, SIZE, START_MS)))
    });
    group.finish();
}

fn queries(c: &mut Criterion) {
    let cluster = Cluster::new(42, SIZE, START_MS);
    let list = ListQuery::parse("filterBy=phase%3D%3DRunning%2CallocatedGPU%3E%3D1&sortBy=createdAt&sortOrder=desc&limit=50").unwrap();
    let by_name = ListQuery::parse(
        "filterBy=category%3D%3DTrain%2CprojectName%3D%40vision&sortBy=name&limit=50",
    )
    .unwrap();
    let count = WorkloadSelection::parse("filterBy=phase%3D%3DPending").unwrap();
    let mut group = c.benchmark_group("100k workloads");
    group.bench_function("list: 2 filters + sort by createdAt", |b| {
        b.iter(|| black_box(cluster.list(START_MS, &Scope::All, &list)))
    });
    group.bench_function("list: 2 filters + sort by name", |b| {
        b.iter(|| black_box(cluster.list(START_MS, &Scope::All, &by_name)))
    });
    group.bench_function("count: 1 filter", |b| {
        b.iter(|| black_box(cluster.count(START_MS, &Scope::All, &count)))
    });
    group.finish();
}

criterion_group!(benches, generation, queries);
criterion_main!(benches);
