//! The simulator over HTTP, as any Run:ai client sees it: its answers against the spec,
//! the semantics of its queries and of its living cluster, its token endpoints and its
//! faults.

mod agreement;
mod faults;
mod ledger_world;
mod parameter_bounds;
mod pending_reasons;
mod semantics;
mod semantics_world;
mod spec;
mod tokens;

/// `text` as a query value.
fn enc(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// An instant as RFC 3339 text.
fn instant(ms: i64) -> String {
    runai::model::Timestamp::from_unix_millis(ms)
        .unwrap()
        .to_string()
}
