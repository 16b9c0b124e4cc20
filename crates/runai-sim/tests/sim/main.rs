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
