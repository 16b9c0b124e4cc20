//! The ledger's one error type. The page turns it into its own error at the boundary
//! (a store that cannot answer is a 503 with this message); the collector logs it and
//! tries again later.

/// Why the ledger could not do something.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// The database refused or is unreachable.
    #[error("the ledger's database: {0}")]
    Store(#[from] sqlx::Error),
    /// The database's tables could not be brought up to date.
    #[error("the ledger's database could not be prepared: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The data directory cannot hold the SQLite ledger.
    #[error("the data directory {dir} cannot hold the ledger: {reason}")]
    DataDir { dir: String, reason: String },
    /// A query the collector built was refused before it was sent (a bug of ours).
    #[error("the collector's query: {0}")]
    Query(String),
    /// A saved view that does not exist, or is another person's personal view.
    #[error("no such saved view")]
    NoSuchView,
    /// A saved view the caller sees but may not change.
    #[error("only the person who saved this view, or an admin, can change it")]
    NotYourView,
    /// The caller keeps as many views as anyone may.
    #[error("you keep {most} views already: delete one to save another")]
    TooManyViews { most: i64 },
    /// An alert rule that does not exist, or is another person's personal rule.
    #[error("no such alert rule")]
    NoSuchRule,
    /// An alert rule the caller sees but may not change.
    #[error("only the person who made this rule, or an admin, can change it")]
    NotYourRule,
    /// The caller keeps as many rules as anyone may.
    #[error("you keep {most} alert rules already: delete one to make another")]
    TooManyRules { most: i64 },
    /// Run:ai did not answer the collector.
    #[error("Run:ai: {0}")]
    Upstream(#[from] runai::ApiError),
}
