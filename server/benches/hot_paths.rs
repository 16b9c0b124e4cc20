//! The request path's hot spots, in process: parsing a table URL and its `filterBy`
//! grammar, and server-rendering the workloads table with 500 rows (the largest page
//! size). Run with `cargo bench -p server --bench hot_paths`.

use std::hint::black_box;

use app::pages::workloads::{
    row::WorkloadRow,
    table::{Table, TableProps},
    view::WorkloadsView,
};
use app::url_state::UrlQuery;
use criterion::{Criterion, criterion_group, criterion_main};
use leptos::prelude::*;
use runai::{
    model::Timestamp,
    query::{Filter, ListQuery, QueryParams},
};
use runai_sim::cluster::{Cluster, Scope};

/// 2026-11-27T08:00:00Z.
const START_MS: i64 = 1_795_766_400_000;

/// A shared table link with four filters, a search, a sort and a page size.
const TABLE_URL: &str = "filterBy=phase%3D%3DRunning%2CallocatedGPU%3E%3D1%2CprojectName%3D%40vision%2CcreatedAt%3E%3D2026-11-01T00%3A00%3A00Z&search=llm&sortBy=name&sortOrder=desc&limit=100&offset=200";

fn parsing(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    group.bench_function("one filter (allocatedGPU>=1)", |b| {
        b.iter(|| black_box("allocatedGPU>=1".parse::<Filter>().unwrap()))
    });
    group.bench_function("list query, 4 filters + search + sort + page", |b| {
        b.iter(|| black_box(ListQuery::parse(black_box(TABLE_URL)).unwrap()))
    });
    group.bench_function("table view from the URL", |b| {
        b.iter(|| {
            black_box(WorkloadsView::from_params(&QueryParams::parse(black_box(
                TABLE_URL,
            ))))
        })
    });
    group.finish();
}

fn rendering(c: &mut Criterion) {
    let cluster = Cluster::new(42, 2_000, START_MS);
    let page = cluster.list(
        START_MS,
        &Scope::All,
        &ListQuery::parse("limit=500&sortBy=name").unwrap(),
    );
    let rows: Vec<WorkloadRow> = page
        .workloads
        .iter()
        .map(WorkloadRow::from_workload)
        .collect();
    assert_eq!(rows.len(), 500);
    let current = WorkloadsView::from_params(&QueryParams::parse("limit=500&sortBy=name"));
    let now = Timestamp(chrono::DateTime::from_timestamp_millis(START_MS).unwrap());
    let mut group = c.benchmark_group("server-render");
    group.sample_size(30);
    group.bench_function("workloads table, 500 rows", |b| {
        b.iter(|| {
            let owner = Owner::new();
            let html = owner.with(|| {
                Table(TableProps {
                    rows: rows.clone(),
                    current: current.clone(),
                    now,
                })
                .to_html()
            });
            assert!(html.len() > 100_000, "{} bytes", html.len());
            black_box(html)
        })
    });
    group.finish();
}

criterion_group!(benches, parsing, rendering);
criterion_main!(benches);
