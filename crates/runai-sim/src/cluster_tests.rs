//! The cluster over time: what the clock shows does not depend on how it got there.

use runai::query::ListQuery;

use super::*;

#[test]
fn the_cluster_at_an_instant_does_not_depend_on_how_the_clock_got_there() {
    let start = 1_795_000_000_000;
    let hour = HOUR_MS;
    let stepped = Cluster::new(7, 2_000, start);
    for h in 0..30 {
        stepped.count(start + h * hour + 17, &Scope::All, &Default::default());
    }
    let jumped = Cluster::new(7, 2_000, start);
    // The newest 500, where the clock's effects show.
    let all = ListQuery::parse("limit=500&sortBy=createdAt&sortOrder=desc").unwrap();
    for at in [start + 30 * hour + 123, start + 2 * hour] {
        let answer = |c: &Cluster| serde_json::to_string(&c.list(at, &Scope::All, &all)).unwrap();
        assert_eq!(answer(&stepped), answer(&jumped));
    }
    let phases = jumped.list(start + 30 * hour, &Scope::All, &all);
    assert!(
        phases
            .workloads
            .iter()
            .any(|w| w.phase == runai::model::Phase::Pending),
        "a loaded cluster has a queue"
    );
}

#[test]
fn the_week_before_start_up_holds_the_load_the_present_does() {
    let start = 1_795_000_000_000;
    let cluster = Cluster::new(42, 2_000, start);
    let capacity: f64 = cluster.pools().iter().map(|p| p.capacity).sum();
    let held = |at: i64| -> f64 {
        cluster.count(at.max(start), &Scope::All, &Default::default());
        let read = cluster.read();
        read.all
            .iter()
            .filter_map(|w| {
                let st = crate::lifecycle::status(w, at)?;
                let kept = st.deleted_ms.is_none_or(|deleted| deleted > at);
                (st.is_active() && kept)
                    .then(|| w.gpus(crate::materialize::gpu_memory(w, &cluster.org)))
            })
            .sum()
    };
    // Every six hours of the last six days before start-up (the first day warms up
    // from an empty cluster), and of the two days after it.
    let mean = |hours: std::ops::Range<i64>| {
        let samples: Vec<f64> = hours
            .step_by(6)
            .map(|h| held(start + h * HOUR_MS))
            .collect();
        for gpus in &samples {
            assert!(
                (0.35 * capacity..=capacity).contains(gpus),
                "{gpus} of {capacity} GPUs held"
            );
        }
        samples.iter().sum::<f64>() / samples.len() as f64
    };
    let (before, after) = (mean(-144..0), mean(0..48));
    assert!(
        (before / after - 1.0).abs() < 0.25,
        "{before:.0} GPUs held on average before start-up, {after:.0} after"
    );
}
