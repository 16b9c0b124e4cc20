//! Failed sign-ins counted in Redis by every replica together
//! ([`crate::auth::failures::SharedFailureCounts`]), by the rules of the per-process
//! limiter ([`crate::auth::limiter`]).
//!
//! Each subject is a sorted set scored by Redis's own clock (so replicas' clocks need
//! not agree): `f:<attempt>` for a failure, `p:<secret's fingerprint>:<attempt>` for an
//! attempt in flight. Each step is one Lua script, so checking the limits and counting
//! the attempt cannot be split by another replica's attempt. A subject's set expires a
//! window after its last attempt: Redis holds no more than the attempts of the last
//! window.

use std::time::Duration;

use async_trait::async_trait;
use fred::{clients::Pool, interfaces::LuaInterface};
use runai::Secret;

use super::{KeyedNames, RedisCallError, bounded};
use crate::auth::{
    failures::{Admission, SharedCountsError, SharedFailureCounts},
    limiter::Subject,
};

/// Checks every subject's limit; if none is reached, counts the attempt as in flight
/// against each. `ARGV`: the window (ms), the secret's fingerprint, the attempt's id,
/// then each subject's limit. Returns `{0, ms until the oldest failure leaves}` or
/// `{1, then per subject: count before, 1 if this secret was already in flight}`.
const BEGIN: &str = r"
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local window = tonumber(ARGV[1])
local fingerprint = ARGV[2]
local wait = -1
local counts = {1}
for i, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[3 + i])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local entries = redis.call('ZRANGE', key, 0, -1, 'WITHSCORES')
  local failures, secrets, seen, in_flight = 0, 0, {}, false
  for j = 1, #entries, 2 do
    local member = entries[j]
    if string.sub(member, 1, 2) == 'f:' then
      failures = failures + 1
    else
      local secret = string.match(member, '^p:([^:]*):')
      if not seen[secret] then
        seen[secret] = true
        secrets = secrets + 1
      end
      if secret == fingerprint then in_flight = true end
    end
  end
  local before = failures + secrets
  local after = before
  if not in_flight then after = before + 1 end
  if after > limit then
    local oldest = now
    if #entries > 0 then oldest = tonumber(entries[2]) end
    wait = math.max(wait, oldest + window - now)
  end
  table.insert(counts, before)
  table.insert(counts, in_flight and 1 or 0)
end
if wait >= 0 then return {0, wait} end
for _, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, 'p:' .. fingerprint .. ':' .. ARGV[3])
  redis.call('PEXPIRE', key, window)
end
return counts
";

/// The attempt in flight `ARGV[1]` becomes the failure `ARGV[2]`, dated when it began.
const FAILED: &str = r"
for _, key in ipairs(KEYS) do
  local at = redis.call('ZSCORE', key, ARGV[1])
  if at then
    redis.call('ZREM', key, ARGV[1])
    redis.call('ZADD', key, at, ARGV[2])
  end
end
return 1
";

/// The attempt in flight `ARGV[1]` is taken back; where `ARGV[1 + i]` is `1`, the
/// subject's failures go with it.
const REFUND: &str = r"
for i, key in ipairs(KEYS) do
  redis.call('ZREM', key, ARGV[1])
  if ARGV[1 + i] == '1' then
    for _, member in ipairs(redis.call('ZRANGE', key, 0, -1)) do
      if string.sub(member, 1, 2) == 'f:' then redis.call('ZREM', key, member) end
    end
  end
end
return 1
";

/// Failed sign-ins in Redis.
pub struct RedisFailures {
    pool: Pool,
    names: KeyedNames,
    window: Duration,
    /// The longest one call may take.
    limit: Duration,
}

impl RedisFailures {
    /// Counts through `pool` for the limiter's window, naming subjects under a key
    /// derived from `session_key`, each call bounded by `limit`.
    pub fn new(pool: Pool, session_key: &Secret, limit: Duration) -> Self {
        Self::with_window(pool, session_key, limit, crate::auth::limiter::WINDOW)
    }

    /// Counts with a `window` of another length (to see failures leave it in a test).
    pub fn with_window(
        pool: Pool,
        session_key: &Secret,
        limit: Duration,
        window: Duration,
    ) -> Self {
        Self {
            pool,
            limit,
            names: KeyedNames::new(
                session_key,
                "runboard: names of failed sign-in counts",
                "runboard:sign-in-failures:",
            ),
            window,
        }
    }

    fn keys(&self, subjects: &[Subject]) -> Vec<String> {
        subjects
            .iter()
            .map(|subject| match subject {
                Subject::Address(ip) => self.names.name(&[b"address", ip.to_string().as_bytes()]),
                Subject::KeyAt(key, ip) => {
                    self.names
                        .name(&[b"key at address", key.as_bytes(), ip.to_string().as_bytes()])
                }
            })
            .collect()
    }
}

fn in_flight(fingerprint: u64, id: u64) -> String {
    format!("p:{fingerprint:x}:{id:x}")
}

fn shared(err: RedisCallError) -> SharedCountsError {
    SharedCountsError(err.0)
}

#[async_trait]
impl SharedFailureCounts for RedisFailures {
    async fn begin(
        &self,
        subjects: &[Subject],
        fingerprint: u64,
        id: u64,
    ) -> Result<Admission, SharedCountsError> {
        let mut args = vec![
            self.window.as_millis().to_string(),
            format!("{fingerprint:x}"),
            format!("{id:x}"),
        ];
        args.extend(subjects.iter().map(|s| s.limit().to_string()));
        let answer: Vec<i64> =
            bounded(self.limit, self.pool.eval(BEGIN, self.keys(subjects), args))
                .await
                .map_err(shared)?;
        match answer.as_slice() {
            [0, wait] => Ok(Admission::Refused(Duration::from_millis(
                u64::try_from(*wait).unwrap_or(0),
            ))),
            [1, counts @ ..] if counts.len() == 2 * subjects.len() => Ok(Admission::Counted(
                counts
                    .chunks_exact(2)
                    .map(|pair| (usize::try_from(pair[0]).unwrap_or(0), pair[1] == 1))
                    .collect(),
            )),
            other => Err(SharedCountsError(format!(
                "Redis: an unexpected answer to the sign-in count: {other:?}"
            ))),
        }
    }

    async fn failed(
        &self,
        subjects: &[Subject],
        fingerprint: u64,
        id: u64,
    ) -> Result<(), SharedCountsError> {
        let args = vec![in_flight(fingerprint, id), format!("f:{id:x}")];
        bounded(
            self.limit,
            self.pool
                .eval::<i64, _, _, _>(FAILED, self.keys(subjects), args),
        )
        .await
        .map(drop)
        .map_err(shared)
    }

    async fn refund(
        &self,
        subjects: &[Subject],
        fingerprint: u64,
        id: u64,
    ) -> Result<(), SharedCountsError> {
        let mut args = vec![in_flight(fingerprint, id)];
        args.extend(subjects.iter().map(|subject| {
            match subject {
                Subject::KeyAt(..) => "1",
                Subject::Address(_) => "0",
            }
            .to_owned()
        }));
        bounded(
            self.limit,
            self.pool
                .eval::<i64, _, _, _>(REFUND, self.keys(subjects), args),
        )
        .await
        .map(drop)
        .map_err(shared)
    }
}
