//! Property tests over every server function's arguments, through the real server
//! (signed in as the demo admin, healthy simulator): whatever the arguments, the
//! answer is below 500, and a refusal says why.

use std::sync::OnceLock;

use crate::common::TestServer;
use proptest::prelude::*;

/// One runtime and one server for all cases (starting a server per case would
/// dominate the run).
fn server() -> &'static (tokio::runtime::Runtime, TestServer) {
    static SERVER: OnceLock<(tokio::runtime::Runtime, TestServer)> = OnceLock::new();
    SERVER.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let server = runtime.block_on(TestServer::start(Default::default()));
        (runtime, server)
    })
}

/// Calls `name` with `args` as a form; fails the case on a 5xx or a silent 4xx.
fn check(name: &str, args: &[(&str, &str)]) -> Result<(), TestCaseError> {
    let (runtime, server) = server();
    let (status, body) = runtime.block_on(async {
        let response = server.call(name, args).await;
        (response.status().as_u16(), response.text().await.unwrap())
    });
    prop_assert!(status < 500, "{name}({args:?}) → {status}: {body}");
    if status >= 400 {
        prop_assert!(
            !body.trim().is_empty(),
            "{name}({args:?}) → {status} without a message"
        );
    }
    Ok(())
}

/// Text that is sometimes a plausible argument and often not.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,40}",
        "[a-zA-Z0-9=&%,<>@!:._ -]{0,40}",
        Just("0b0c51a4-0000-4000-8000-000000000001".to_owned()),
        Just("range=1h".to_owned()),
        Just("filterBy=phase%3D%3DRunning&limit=5".to_owned()),
        Just("telemetryType=WORKLOADS_COUNT&groupBy=project".to_owned()),
        any::<i64>().prop_map(|n| n.to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn workloads_page(query in text()) {
        check("workloads_page", &[("query", &query)])?;
    }

    #[test]
    fn workload(id in text()) {
        check("workload", &[("id", &id)])?;
    }

    #[test]
    fn workload_metrics(id in text(), range in text(), samples in text(), inference in text()) {
        check(
            "workload_metrics",
            &[("id", &id), ("range", &range), ("samples", &samples), ("inference", &inference)],
        )?;
    }

    #[test]
    fn telemetry(query in text()) {
        check("telemetry", &[("query", &query)])?;
    }

    #[test]
    fn trace_series(metric in text()) {
        check("trace_series", &[("metric", &metric)])?;
    }

    #[test]
    fn argument_free_functions_ignore_junk(key in "[a-z]{1,8}", value in text()) {
        for name in ["overview_tiles", "identity", "cluster_summary", "sign_in_options"] {
            check(name, &[(&key, &value)])?;
        }
    }
}
