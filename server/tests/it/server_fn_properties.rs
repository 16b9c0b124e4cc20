//! Property tests over every server function's arguments and every page's and
//! download's URL parameters, through the real server (signed in as the demo admin,
//! healthy simulator): whatever the input, any Unicode included, the answer is below
//! 500, and a refusal says why.

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

/// GETs `path?key=value` (the value percent-encoded, as a browser sends it); fails the
/// case on a 5xx or a silent 4xx.
fn check_url(path: &str, key: &str, value: &str) -> Result<(), TestCaseError> {
    let (runtime, server) = server();
    let query: String = form_urlencoded::Serializer::new(String::new())
        .append_pair(key, value)
        .finish();
    let url = format!("{path}?{query}");
    let (status, body) = runtime.block_on(server.get(&url));
    prop_assert!(status < 500, "GET {url} → {status}: {body}");
    if status >= 400 {
        prop_assert!(
            !body.trim().is_empty(),
            "GET {url} → {status} without a message"
        );
    }
    Ok(())
}

/// Every page and download that reads its URL.
const PAGES: &[&str] = &[
    "/workloads",
    "/overview",
    "/ledger",
    "/login",
    "/workloads/0b0c51a4-0000-4000-8000-000000000001",
    "/export/workloads.csv",
    "/export/telemetry.csv",
    "/export/ledger.csv",
    "/export/workloads/0b0c51a4-0000-4000-8000-000000000001/metrics.csv",
    "/compare",
    "/export/compare.csv",
];

/// Every parameter those pages read, and one they do not.
const PARAMETERS: &[&str] = &[
    "window",
    "group",
    "filterBy",
    "sortBy",
    "sortOrder",
    "offset",
    "limit",
    "search",
    "deleted",
    "columns",
    "refresh",
    "range",
    "from",
    "to",
    "groupBy",
    "telemetryType",
    "clusterId",
    "nodepool",
    "departmentId",
    "next",
    "error",
    "retry",
    "id",
    "ids",
    "align",
    "since",
    "until",
    "gpus",
    "facts",
    "find",
    "compare",
    "junk",
];

/// Text that is sometimes a plausible argument and often not.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,40}",
        // Any Unicode after a number (`1é`, `30😀`): text cut by byte index panics here.
        (0u16..100, "\\PC{1,3}").prop_map(|(n, tail)| format!("{n}{tail}")),
        Just("7d".to_owned()),
        Just("2026-11-01..2026-11-07".to_owned()),
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
    fn ledger(window in text(), group in text()) {
        check("ledger", &[("window", &window), ("group", &group)])?;
    }

    #[test]
    fn workload_queue(id in text()) {
        check("workload_queue", &[("id", &id)])?;
    }

    #[test]
    fn comparison(ids in text(), window in text(), gpus in text()) {
        check("comparison", &[("ids[0]", &ids), ("window", &window), ("gpus", &gpus)])?;
    }

    #[test]
    fn compare_candidates(compared in text(), words in text()) {
        check("compare_candidates", &[("compared[0]", &compared), ("words", &words)])?;
    }

    #[test]
    fn argument_free_functions_ignore_junk(key in "[a-z]{1,8}", value in text()) {
        for name in ["overview_tiles", "identity", "sign_in_options"] {
            check(name, &[(&key, &value)])?;
        }
    }
}

/// Text that often ends in a character of more than one byte (text cut by byte index
/// panics on it), else any argument-like text.
fn unicode_text() -> impl Strategy<Value = String> {
    prop_oneof![
        text(),
        ("[0-9]{0,3}", "\\PC{0,3}[^\\x00-\\x7f]").prop_map(|(n, tail)| format!("{n}{tail}")),
    ]
}

proptest! {
    // Each case asks every page and download with every parameter set to one value.
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_page_and_download_reads_any_unicode(value in unicode_text()) {
        for page in PAGES {
            for key in PARAMETERS {
                check_url(page, key, &value)?;
            }
        }
    }
}
