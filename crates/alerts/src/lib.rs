//! Runboard's alerts on their way out (the server only):
//! - [`seal`]: encryption at rest of what Runboard keeps that is itself a secret
//!   (sessions' Run:ai secrets, rules' destinations);
//! - [`target`]: where a rule's messages go, checked against request forgery;
//! - [`send`]: one message to one destination (Slack blocks, signed JSON, e-mail);
//! - [`outbox`]: the queued messages sent, claimed one sender at a time, retried with
//!   backoff.
//!
//! What a rule watches for and the store of rules, episodes and messages are the
//! ledger's (`ledger::alert_rule`, `ledger::store`); the evaluator that finds what
//! holds is the server's, which reads Run:ai and the queue's estimates.

pub mod outbox;
pub mod seal;
pub mod send;
pub mod target;
