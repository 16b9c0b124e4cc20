//! The cluster over time: what the clock shows does not depend on how it got there.

use runai::query::ListQuery;

use super::*;

#[test]
fn the_cluster_at_an_instant_does_not_depend_on_how_the_clock_got_there() {
    let start = 1_795_000_000_000;
    let hour = HOUR_MS;
    let stepped = Cluster::new(7, 300, start);
    for h in 0..30 {
        stepped.count(start + h * hour + 17, &Scope::All, &Default::default());
    }
    let jumped = Cluster::new(7, 300, start);
    let all = ListQuery {
        limit: Some(500),
        ..ListQuery::default()
    };
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
