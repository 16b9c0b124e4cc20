//! The dashboard end to end in-process: the real server on port 0 (and the real binary as
//! a child process where a test needs one) against the simulator, a scripted upstream or
//! a recording proxy, asked what a browser or a script would ask.

mod common;

mod alerts;
mod alerts_changes;
mod alerts_email;
mod alerts_estimate;
mod alerts_projects;
mod alerts_replicas;
mod auth;
mod cluster_names;
mod coalescing;
mod compare;
mod compare_metrics;
mod compare_reach;
mod digest;
mod exposure;
mod failures;
mod fault_drills;
mod forwarding;
mod gpu_states;
mod hostile_connections;
mod ledger;
mod ledger_costs;
mod malformed_input;
mod not_modified;
mod operations;
mod queue_page;
mod queue_visibility;
mod replicas;
mod saved_views;
mod scripted_upstream;
mod secrets;
mod serve;
mod server_fn_properties;
mod shared_answers;
mod shared_sign_in_limits;
mod sign_in_abuse;
mod sign_in_flood;
mod sign_in_modes;
mod static_files;
mod time_zone;
mod workload_page;
mod workload_queue;
mod workloads;
