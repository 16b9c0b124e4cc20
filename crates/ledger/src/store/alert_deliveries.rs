//! Alert messages, queued by the evaluator and sent by the lease holder: each is queued
//! in the same transaction that marks its episodes told, so an episode is told once;
//! sending claims a message for a while first, so two replicas never send one at once,
//! and a failure is tried again later (the caller says when) or given up.

use serde::{Deserialize, Serialize};

use super::{Finding, Store};
use crate::error::LedgerError;

/// Findings one message names; the rest are counted ("and 12 more").
pub const MAX_FINDINGS_PER_MESSAGE: usize = 20;

/// What a message says.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AlertMessage {
    pub rule_id: String,
    pub rule_name: String,
    /// What the rule watches for, in words.
    pub watching: String,
    pub findings: Vec<Finding>,
    /// Findings not named.
    pub more: usize,
}

impl AlertMessage {
    /// One line: "H100 waits: 3 workloads (train-a, train-b, train-c)".
    pub fn summary(&self) -> String {
        let total = self.findings.len() + self.more;
        let names: Vec<&str> = self
            .findings
            .iter()
            .take(3)
            .map(|f| f.title.as_str())
            .collect();
        let more = match total > names.len() {
            true => ", …",
            false => "",
        };
        let things = match total {
            1 => "1 finding".to_owned(),
            n => format!("{n} findings"),
        };
        format!("{}: {things} ({}{more})", self.rule_name, names.join(", "))
    }
}

/// Where a message is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeliveryState {
    /// Waiting to be sent, or to be tried again.
    Pending,
    Sent,
    /// Given up after its last try.
    Failed,
}

impl DeliveryState {
    fn word(self) -> &'static str {
        match self {
            DeliveryState::Pending => "pending",
            DeliveryState::Sent => "sent",
            DeliveryState::Failed => "failed",
        }
    }

    fn from_word(word: &str) -> Self {
        match word {
            "sent" => DeliveryState::Sent,
            "failed" => DeliveryState::Failed,
            _ => DeliveryState::Pending,
        }
    }
}

/// A queued or sent message.
#[derive(Clone, Debug, PartialEq)]
pub struct Delivery {
    pub id: String,
    pub rule_id: String,
    pub created_ms: i64,
    pub message: AlertMessage,
    pub summary: String,
    pub state: DeliveryState,
    /// Tries so far.
    pub attempts: i64,
    /// When it is due (pending).
    pub next_ms: i64,
    /// Why the last try failed.
    pub last_error: String,
    pub sent_ms: i64,
}

#[derive(sqlx::FromRow)]
struct Row {
    delivery_id: String,
    rule_id: String,
    created_ms: i64,
    message: String,
    summary: String,
    state: String,
    attempts: i64,
    next_ms: i64,
    last_error: String,
    sent_ms: i64,
}

const COLUMNS: &str = "delivery_id, rule_id, created_ms, message, summary, state, attempts, \
                       next_ms, last_error, sent_ms";

impl TryFrom<Row> for Delivery {
    type Error = LedgerError;

    fn try_from(row: Row) -> Result<Self, LedgerError> {
        let message = serde_json::from_str(&row.message)
            .map_err(|err| LedgerError::Query(format!("message {}: {err}", row.delivery_id)))?;
        Ok(Self {
            id: row.delivery_id,
            rule_id: row.rule_id,
            created_ms: row.created_ms,
            message,
            summary: row.summary,
            state: DeliveryState::from_word(&row.state),
            attempts: row.attempts,
            next_ms: row.next_ms,
            last_error: row.last_error,
            sent_ms: row.sent_ms,
        })
    }
}

impl Store {
    /// Queues `message` at `now_ms` and marks the open episodes of its rule whose
    /// subjects are in `told` as told, in one transaction; the message's id.
    pub async fn queue_message(
        &self,
        message: &AlertMessage,
        told: &[String],
        now_ms: i64,
    ) -> Result<String, LedgerError> {
        let id = uuid::Uuid::new_v4().simple().to_string();
        let json = serde_json::to_string(message).expect("a message encodes");
        let mut tx = self.pool().begin().await?;
        sqlx::query(&self.sql(
            "INSERT INTO alert_deliveries (delivery_id, rule_id, created_ms, message, summary, \
             state, next_ms) VALUES ($1, $2, $3, $4, $5, 'pending', $3)",
        ))
        .bind(&id)
        .bind(&message.rule_id)
        .bind(now_ms)
        .bind(json)
        .bind(message.summary())
        .execute(&mut *tx)
        .await?;
        let mark = self.sql(
            "UPDATE alert_episodes SET notified_ms = $3 \
             WHERE rule_id = $1 AND subject = $2 AND cleared_ms = 0 AND notified_ms = 0",
        );
        for subject in told {
            sqlx::query(&mark)
                .bind(&message.rule_id)
                .bind(subject)
                .bind(now_ms)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// When rule `rule_id` last queued a message, if ever (its cooldown runs from there).
    pub async fn last_queued_ms(&self, rule_id: &str) -> Result<Option<i64>, LedgerError> {
        Ok(sqlx::query_scalar(
            &self.sql("SELECT MAX(created_ms) FROM alert_deliveries WHERE rule_id = $1"),
        )
        .bind(rule_id)
        .fetch_one(self.pool())
        .await?)
    }

    /// Messages due at `now_ms`, the oldest first, at most `limit`.
    pub async fn due_deliveries(
        &self,
        now_ms: i64,
        limit: i64,
    ) -> Result<Vec<Delivery>, LedgerError> {
        let text = format!(
            "SELECT {COLUMNS} FROM alert_deliveries WHERE state = 'pending' AND next_ms <= $1 \
             ORDER BY next_ms LIMIT $2"
        );
        sqlx::query_as::<_, Row>(&self.sql(&text))
            .bind(now_ms)
            .bind(limit)
            .fetch_all(self.pool())
            .await?
            .into_iter()
            .map(Delivery::try_from)
            .collect()
    }

    /// Claims message `id` for one try until `until_ms`: `false` when it is no longer
    /// due (another replica claimed or sent it).
    pub async fn claim_delivery(
        &self,
        id: &str,
        now_ms: i64,
        until_ms: i64,
    ) -> Result<bool, LedgerError> {
        let claimed = sqlx::query(&self.sql(
            "UPDATE alert_deliveries SET next_ms = $3, attempts = attempts + 1 \
             WHERE delivery_id = $1 AND state = 'pending' AND next_ms <= $2",
        ))
        .bind(id)
        .bind(now_ms)
        .bind(until_ms)
        .execute(self.pool())
        .await?;
        Ok(claimed.rows_affected() == 1)
    }

    /// Records that message `id` was sent at `now_ms`.
    pub async fn delivery_sent(&self, id: &str, now_ms: i64) -> Result<(), LedgerError> {
        sqlx::query(&self.sql(
            "UPDATE alert_deliveries SET state = 'sent', sent_ms = $2, last_error = '' \
             WHERE delivery_id = $1",
        ))
        .bind(id)
        .bind(now_ms)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Records that a try of message `id` failed with `error`: due again at `retry_ms`,
    /// or given up when `None`.
    pub async fn delivery_failed(
        &self,
        id: &str,
        error: &str,
        retry_ms: Option<i64>,
    ) -> Result<(), LedgerError> {
        let state = match retry_ms {
            Some(_) => DeliveryState::Pending,
            None => DeliveryState::Failed,
        };
        sqlx::query(&self.sql(
            "UPDATE alert_deliveries SET state = $2, next_ms = $3, last_error = $4 \
             WHERE delivery_id = $1",
        ))
        .bind(id)
        .bind(state.word())
        .bind(retry_ms.unwrap_or(0))
        .bind(error)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Rule `rule_id`'s latest messages, the newest first, at most `limit`.
    pub async fn rule_deliveries(
        &self,
        rule_id: &str,
        limit: i64,
    ) -> Result<Vec<Delivery>, LedgerError> {
        let text = format!(
            "SELECT {COLUMNS} FROM alert_deliveries WHERE rule_id = $1 \
             ORDER BY created_ms DESC LIMIT $2"
        );
        sqlx::query_as::<_, Row>(&self.sql(&text))
            .bind(rule_id)
            .bind(limit)
            .fetch_all(self.pool())
            .await?
            .into_iter()
            .map(Delivery::try_from)
            .collect()
    }
}
