//! Failed sign-ins counted by replicas together through a real `redis-server`: the
//! limiter's rules hold when a guesser's attempts are spread over three replicas
//! ([`rules`]: three replicas' counts in this process; [`replicas`]: three `runboard`
//! processes signed into over HTTP), and a Redis that goes away leaves each replica
//! limiting on its own until it is back.
//!
//! `redis-server` (Debian package) must be on PATH; `scripts/test.sh` installs it.

mod replicas;
mod rules;
