//! The client against fake control planes (local HTTP servers playing Run:ai): the
//! requests it sends, its token handling, read cache, retries and request ids.

mod common;

mod cache;
mod requests;
mod retries;
mod tokens;
mod traces;
