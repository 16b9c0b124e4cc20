//! The ledger against real databases (SQLite in a temporary directory, and the
//! PostgreSQL server `scripts/test.sh` starts) and against the simulator.

mod alert_episodes;
mod alert_rules;
mod by_pool;
mod collector;
mod common;
mod failure_causes;
mod gpu_states;
mod recomputed;
mod replicas;
mod running_sums;
mod saved_views;
mod simulated;
mod store;
