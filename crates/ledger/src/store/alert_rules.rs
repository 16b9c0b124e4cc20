//! Alert rules people keep, personal (only its owner sees it) or shared (everyone who
//! signs in sees it), as saved views are kept: only the owner changes a rule, an admin
//! also a shared one, checked in the same statement that changes the row.

use super::{Actor, Store};
use crate::{
    alert_rule::{Channel, Condition},
    error::LedgerError,
};

/// Rules one person may keep, shared ones included.
pub const MAX_RULES_PER_OWNER: i64 = 50;
/// Shared rules listed at most (the newest first past this).
pub const MAX_SHARED_RULES_LISTED: i64 = 200;
/// Rules the evaluator reads at most in one pass.
pub const MAX_RULES_EVALUATED: i64 = 5_000;

/// Where a rule's messages go, as kept: the destination sealed (a webhook URL is itself
/// a secret) and the part of it shown back.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RuleTarget {
    pub channel: Channel,
    pub sealed: String,
    pub shown: String,
}

/// A kept rule.
#[derive(Clone, Debug, PartialEq)]
pub struct AlertRule {
    pub id: String,
    /// The Run:ai identity that made it.
    pub owner: String,
    pub name: String,
    pub condition: Condition,
    pub shared: bool,
    pub updated_ms: i64,
    pub target: RuleTarget,
}

/// What a change does to a rule.
#[derive(Clone, Debug)]
pub enum RuleChange<'a> {
    /// New name, condition, sharing and destination.
    Update {
        name: &'a str,
        condition: &'a Condition,
        shared: bool,
        target: &'a RuleTarget,
    },
    Delete,
}

#[derive(sqlx::FromRow)]
struct Row {
    rule_id: String,
    owner: String,
    name: String,
    condition: String,
    shared: i64,
    updated_ms: i64,
    channel: String,
    target_sealed: String,
    target_shown: String,
}

/// The columns a [`Row`] reads.
const COLUMNS: &str =
    "rule_id, owner, name, condition, shared, updated_ms, channel, target_sealed, target_shown";

impl TryFrom<Row> for AlertRule {
    type Error = LedgerError;

    fn try_from(row: Row) -> Result<Self, LedgerError> {
        let condition = serde_json::from_str(&row.condition)
            .map_err(|err| LedgerError::Query(format!("rule {}: {err}", row.rule_id)))?;
        Ok(Self {
            id: row.rule_id,
            owner: row.owner,
            name: row.name,
            condition,
            shared: row.shared != 0,
            updated_ms: row.updated_ms,
            target: RuleTarget {
                channel: Channel::from_word(&row.channel).unwrap_or_default(),
                sealed: row.target_sealed,
                shown: row.target_shown,
            },
        })
    }
}

fn json(condition: &Condition) -> String {
    serde_json::to_string(condition).expect("a condition encodes")
}

impl Store {
    /// The rules `viewer` sees: shared ones first, then their own personal ones, each by
    /// name.
    pub async fn alert_rules(&self, viewer: &str) -> Result<Vec<AlertRule>, LedgerError> {
        let shared_text = format!(
            "SELECT {COLUMNS} FROM alert_rules WHERE shared = 1 \
             ORDER BY updated_ms DESC LIMIT $1"
        );
        let personal_text =
            format!("SELECT {COLUMNS} FROM alert_rules WHERE shared = 0 AND owner = $1 LIMIT $2");
        let (shared_sql, personal_sql) = (self.sql(&shared_text), self.sql(&personal_text));
        let shared = sqlx::query_as::<_, Row>(&shared_sql)
            .bind(MAX_SHARED_RULES_LISTED)
            .fetch_all(self.pool());
        let personal = sqlx::query_as::<_, Row>(&personal_sql)
            .bind(viewer)
            .bind(MAX_RULES_PER_OWNER)
            .fetch_all(self.pool());
        let (shared, personal) = futures_util::future::try_join(shared, personal).await?;
        let by_name = |rows: Vec<Row>| -> Result<Vec<AlertRule>, LedgerError> {
            let mut rules = rows
                .into_iter()
                .map(AlertRule::try_from)
                .collect::<Result<Vec<_>, _>>()?;
            rules.sort_by_cached_key(|rule| rule.name.to_lowercase());
            Ok(rules)
        };
        let mut rules = by_name(shared)?;
        rules.extend(by_name(personal)?);
        Ok(rules)
    }

    /// Rule `id`, whoever owns it (for the sender, which needs its destination).
    pub async fn alert_rule(&self, id: &str) -> Result<Option<AlertRule>, LedgerError> {
        let text = format!("SELECT {COLUMNS} FROM alert_rules WHERE rule_id = $1");
        sqlx::query_as::<_, Row>(&self.sql(&text))
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .map(AlertRule::try_from)
            .transpose()
    }

    /// Every rule, for the evaluator: at most [`MAX_RULES_EVALUATED`], the oldest
    /// changed first.
    pub async fn every_alert_rule(&self) -> Result<Vec<AlertRule>, LedgerError> {
        let text = format!("SELECT {COLUMNS} FROM alert_rules ORDER BY updated_ms LIMIT $1");
        sqlx::query_as::<_, Row>(&self.sql(&text))
            .bind(MAX_RULES_EVALUATED)
            .fetch_all(self.pool())
            .await?
            .into_iter()
            .map(AlertRule::try_from)
            .collect()
    }

    /// Keeps a rule for `owner`; its new id. Refused when the owner keeps
    /// [`MAX_RULES_PER_OWNER`] already. The caller validates the condition first.
    pub async fn save_alert_rule(
        &self,
        owner: &str,
        name: &str,
        condition: &Condition,
        shared: bool,
        target: &RuleTarget,
        now_ms: i64,
    ) -> Result<String, LedgerError> {
        let id = uuid::Uuid::new_v4().simple().to_string();
        // The count and the insert are one statement, so two saves at once cannot both
        // pass a count taken before either.
        let inserted = sqlx::query(&self.sql(
            "INSERT INTO alert_rules (rule_id, owner, name, condition, shared, updated_ms, \
             channel, target_sealed, target_shown) \
             SELECT $1, $2, $3, $4, $5, $6, $8, $9, $10 WHERE \
             (SELECT COUNT(*) FROM alert_rules WHERE owner = $2) < $7",
        ))
        .bind(&id)
        .bind(owner)
        .bind(name)
        .bind(json(condition))
        .bind(i64::from(shared))
        .bind(now_ms)
        .bind(MAX_RULES_PER_OWNER)
        .bind(target.channel.word())
        .bind(&target.sealed)
        .bind(&target.shown)
        .execute(self.pool())
        .await?;
        if inserted.rows_affected() == 0 {
            return Err(LedgerError::TooManyRules {
                most: MAX_RULES_PER_OWNER,
            });
        }
        Ok(id)
    }

    /// Changes rule `id` as `actor` asks: its owner may; an admin may if it is shared.
    /// A rule `actor` cannot see is not found; one they see but may not change is
    /// refused.
    pub async fn change_alert_rule(
        &self,
        id: &str,
        actor: Actor<'_>,
        change: RuleChange<'_>,
        now_ms: i64,
    ) -> Result<(), LedgerError> {
        let may = "rule_id = $1 AND (owner = $2 OR (shared = 1 AND $3 = 1))";
        let deleting = matches!(change, RuleChange::Delete);
        let statement = match change {
            RuleChange::Update { .. } => format!(
                "UPDATE alert_rules SET name = $4, condition = $5, shared = $6, \
                 updated_ms = $7, channel = $8, target_sealed = $9, target_shown = $10 \
                 WHERE {may}"
            ),
            RuleChange::Delete => format!("DELETE FROM alert_rules WHERE {may}"),
        };
        let statement = self.sql(&statement);
        let query = sqlx::query(&statement)
            .bind(id)
            .bind(actor.principal)
            .bind(i64::from(actor.admin));
        let query = match change {
            RuleChange::Update {
                name,
                condition,
                shared,
                target,
            } => query
                .bind(name)
                .bind(json(condition))
                .bind(i64::from(shared))
                .bind(now_ms)
                .bind(target.channel.word())
                .bind(&target.sealed)
                .bind(&target.shown),
            RuleChange::Delete => query,
        };
        if query.execute(self.pool()).await?.rows_affected() > 0 {
            if deleting {
                // What it found and what it had to say go with it.
                for forget in [
                    "DELETE FROM alert_episodes WHERE rule_id = $1",
                    "DELETE FROM alert_deliveries WHERE rule_id = $1",
                ] {
                    sqlx::query(&self.sql(forget))
                        .bind(id)
                        .execute(self.pool())
                        .await?;
                }
            }
            return Ok(());
        }
        let seen: Option<i64> = sqlx::query_scalar(&self.sql(
            "SELECT shared FROM alert_rules WHERE rule_id = $1 AND (owner = $2 OR shared = 1)",
        ))
        .bind(id)
        .bind(actor.principal)
        .fetch_optional(self.pool())
        .await?;
        Err(match seen {
            Some(_) => LedgerError::NotYourRule,
            None => LedgerError::NoSuchRule,
        })
    }
}
