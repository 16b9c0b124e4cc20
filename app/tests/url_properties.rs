//! Property tests over everything that reads a URL: the query-string parser, the
//! `filterBy` grammar, the API's query types, and the pages' views. Whatever the URL,
//! reading it never panics; what reads back is what was written (a canonical URL is a
//! fixed point).

use app::pages::{
    ledger::view::LedgerView, overview::view::OverviewView, workload::range::TimeRange,
    workload::view::WorkloadView, workloads::view::WorkloadsView,
};
use app::url_state::{UrlQuery, UrlState};
use proptest::prelude::*;
use runai::query::{Filter, ListQuery, MetricsQuery, QueryParams, TelemetryQuery};

const KEYS: &[&str] = &[
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
    "metricType",
    "start",
    "end",
    "numberOfSamples",
    "back",
    "window",
    "group",
    "junk",
];

/// A filter-shaped string: a field (real or not), an operator, a value.
fn filter_text() -> impl Strategy<Value = String> {
    (
        prop_oneof![
            Just("phase"),
            Just("name"),
            Just("allocatedGPU"),
            Just("createdAt"),
            Just("project"),
            Just("type"),
            Just("colour"),
            Just(""),
        ],
        prop_oneof![
            Just("=="),
            Just("!="),
            Just(">="),
            Just("<="),
            Just(">"),
            Just("<"),
            Just("=@"),
            Just("!@"),
            Just("="),
            Just("~"),
        ],
        "[a-zA-Z0-9:.,%=<>@!_ -]{0,16}",
    )
        .prop_map(|(f, o, v)| format!("{f}{o}{v}"))
}

/// A query string: random text, or `key=value` pairs with the pages' keys and
/// values that are sometimes sensible, sometimes not, percent-escapes included.
fn query() -> impl Strategy<Value = String> {
    let value = prop_oneof![
        "[a-zA-Z0-9%=&+,:._-]{0,24}",
        filter_text(),
        Just("%FF%FE".to_owned()),
        Just("%".to_owned()),
        Just("2026-11-27T08:00:00Z".to_owned()),
        Just("1h".to_owned()),
        any::<i64>().prop_map(|n| n.to_string()),
        // Any Unicode, raw or percent-encoded, often after a number (`1é`, `7%E2%9C%93`):
        // text cut by byte index panics on these.
        "\\PC{0,12}",
        (0u16..100, "\\PC{1,3}").prop_map(|(n, tail)| format!("{n}{tail}")),
        (0u16..100, "\\PC{1,3}").prop_map(|(n, tail)| {
            let escaped: String = form_urlencoded::byte_serialize(tail.as_bytes()).collect();
            format!("{n}{escaped}")
        }),
    ];
    let pair = (prop::sample::select(KEYS), value).prop_map(|(k, v)| format!("{k}={v}"));
    prop_oneof![
        ".{0,80}",
        prop::collection::vec(pair, 0..8).prop_map(|pairs| pairs.join("&")),
    ]
}

/// Any URL reads as a state whose own URL is canonical: read back, it is the same
/// state (parse ∘ write is the identity on valid states) and has no problem.
fn canonical<S: UrlState + PartialEq + std::fmt::Debug>(text: &str) -> Result<(), TestCaseError> {
    let state = S::parse(text);
    let again = S::parse(&state.query());
    prop_assert_eq!(again.href(), state.href(), "{}", text);
    prop_assert!(again.problems().is_empty(), "{:?}", again.problems());
    prop_assert_eq!(S::parse(&again.query()), again);
    Ok(())
}

/// Every parameter a page reads, given a value it cannot use, is reported by name and
/// falls back to its default.
#[test]
fn every_unusable_parameter_is_a_problem_named_after_it() {
    fn refused<S: UrlState + Default + PartialEq + std::fmt::Debug>(
        param: &'static str,
        value: &str,
    ) {
        let state = S::parse(&format!("{param}={value}"));
        assert!(
            state.problem(param).is_some(),
            "{} {param}={value}: {:?}",
            S::PATH,
            state.problems()
        );
        assert_eq!(
            state.href(),
            S::PATH,
            "{param}={value} falls back to the default"
        );
    }
    for (param, value) in [
        ("deleted", "yes"),
        ("sortBy", "colour"),
        ("sortOrder", "up"),
        ("page", "0"),
        ("pageSize", "501"),
        ("columns", "colour"),
        ("refresh", "2s"),
    ] {
        refused::<WorkloadsView>(param, value);
    }
    for (param, value) in [("groupBy", "Colour"), ("clusterId", "x"), ("refresh", "2s")] {
        refused::<OverviewView>(param, value);
    }
    for (param, value) in [("window", "1%C3%A9"), ("group", "team")] {
        refused::<LedgerView>(param, value);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn query_params_read_anything(text in query()) {
        let params = QueryParams::parse(&text);
        // Reading twice gives the same answer.
        prop_assert_eq!(params, QueryParams::parse(&text));
    }

    #[test]
    fn a_filter_that_parses_prints_back_to_itself(text in filter_text()) {
        if let Ok(filter) = text.parse::<Filter>() {
            let printed = filter.to_string();
            prop_assert_eq!(printed.parse::<Filter>(), Ok(filter));
        }
    }

    #[test]
    fn api_queries_round_trip(text in query()) {
        if let Ok(list) = ListQuery::parse(&text) {
            prop_assert_eq!(ListQuery::parse(&list.to_query_string()), Ok(list));
        }
        if let Ok(telemetry) = TelemetryQuery::parse(&text) {
            prop_assert_eq!(TelemetryQuery::parse(&telemetry.to_query_string()), Ok(telemetry));
        }
        if let Ok(metrics) = MetricsQuery::parse(&text) {
            prop_assert_eq!(MetricsQuery::parse(&metrics.to_query_string()), Ok(metrics));
        }
    }

    #[test]
    fn every_pages_url_state_has_a_canonical_url(text in query()) {
        canonical::<WorkloadsView>(&text)?;
        canonical::<OverviewView>(&text)?;
        canonical::<LedgerView>(&text)?;
        // The workload page's state follows its id in the path: its query is canonical.
        let state = WorkloadView::parse(&text);
        let again = WorkloadView::parse(&state.query());
        prop_assert!(again.problems().is_empty(), "{:?}", again.problems());
        prop_assert_eq!(again.query(), state.query());
        prop_assert_eq!(WorkloadView::parse(&again.query()), again);
    }

    #[test]
    fn a_time_range_reads_back_from_its_own_words(text in query()) {
        let (range, _problem) = TimeRange::from_params(&QueryParams::parse(&text));
        let words = runai::query::encode_query(&range.to_pairs());
        let (again, problem) = TimeRange::from_params(&QueryParams::parse(&words));
        prop_assert_eq!(problem, None);
        prop_assert_eq!(again, range);
    }
}
