//! The GPU waste ledger on this replica: its store (opened at start-up), the page's
//! source, and the collector in the background when this replica collects.

use std::sync::Arc;

use alerts::{
    outbox::Outbox,
    seal::{Purpose, Sealer},
    send::{Sender, SenderSettings},
};
use app::{
    gpu_states::source::GpuStatesSource,
    pages::{
        alerts::{AlertsSource, Offered},
        ledger::{LedgerSource, LedgerTerms},
    },
    saved_views::SavedViewsSource,
};
use ledger::{
    accounts::ServiceAccounts,
    alert_rule::Channel,
    budgets::{Budget, parse_budgets},
    collector::{Clock, Collector, CollectorSettings},
    prices::Prices,
    store::Store,
};
use runai::client::Credentials;

use crate::{
    config::{CollectorSwitch, HiddenWorkloads, Settings},
    upstream::Started,
};

/// What pages read from the ledger's database.
#[derive(Clone)]
pub struct LedgerReaders {
    /// What the ledger page reads.
    pub source: LedgerSource,
    /// Where the header's saved views are kept (the same database).
    pub views: SavedViewsSource,
    /// What running workloads' GPUs are doing, as the collector last looked.
    pub gpu_states: GpuStatesSource,
    /// Alert rules (the same database).
    pub alerts: AlertsSource,
}

/// The ledger as this replica runs it.
pub struct RunningLedger {
    /// What pages read.
    pub readers: LedgerReaders,
    /// The collector's task, when this replica collects: it ends, having let go of the
    /// lease, once the dashboard stops.
    pub collecting: Option<tokio::task::JoinHandle<()>>,
    /// The alert evaluator's task, beside the collector, on its lease.
    pub evaluating: Option<tokio::task::JoinHandle<()>>,
}

/// The key the collector reads with (and the queue counts what a viewer cannot see
/// with): the configured one, or in demo mode the simulator's admin, as an operator's
/// key would be.
pub fn collector_credentials(settings: &Settings, started: &Started) -> Option<Credentials> {
    settings.ledger.collector_credentials.clone().or_else(|| {
        started
            .upstream
            .info
            .demo
            .then(|| started.service_account.clone())
            .flatten()
    })
}

/// What the queue counts the workloads a viewer cannot see with: the collector's key,
/// unless told not to (`RUNBOARD_QUEUE_HIDDEN_WORKLOADS=off`).
pub fn hidden_counter(settings: &Settings, started: &Started) -> app::queue::reads::HiddenCounter {
    app::queue::reads::HiddenCounter(match settings.ledger.queue_hidden_workloads {
        HiddenWorkloads::Count => collector_credentials(settings, started),
        HiddenWorkloads::Off => None,
    })
}

/// Opens the ledger and starts collecting until `stopping` turns true; a store that
/// cannot be opened leaves the dashboard running, and the ledger page says why it has
/// no numbers.
pub async fn start(
    settings: &Settings,
    started: &Started,
    listening: std::net::SocketAddr,
    mut stopping: tokio::sync::watch::Receiver<bool>,
) -> RunningLedger {
    let ledger = &settings.ledger;
    let opened = match &ledger.database_url {
        Some(url) => Store::open(url.expose()).await,
        None => Store::open_in(&ledger.data_dir).await,
    };
    let store = opened.map_err(|err| {
        // The database URL holds a password: whatever the driver says, it is not repeated.
        let mut said = err.to_string();
        if let Some(url) = &ledger.database_url {
            said = said.replace(url.expose(), "(the database URL)");
        }
        tracing::error!("the GPU waste ledger is unavailable: {said}");
        app::error::AppError::unavailable(format!("the ledger's store is unavailable: {said}"))
    });
    // The simulator's cluster has prices and two budgets, so its ledger shows costs.
    let (mut prices, mut budgets) = (ledger.prices.clone(), ledger.budgets.clone());
    if started.upstream.info.demo && !prices.is_set() && budgets.is_empty() {
        (prices, budgets) = demo_prices_and_budgets();
    }
    let sender = sender(settings, listening);
    let target_sealer = Sealer::new(settings.session.key.as_ref(), Purpose::AlertTargets);
    let credentials = collector_credentials(settings, started);
    let mut collecting = None;
    let mut evaluating = None;
    let not_collecting = match (&store, ledger.collector, credentials) {
        (Err(_), ..) => Some("the ledger's store is unavailable.".to_owned()),
        (_, CollectorSwitch::Off, _) => {
            Some("this replica does not collect (RUNBOARD_COLLECTOR=off).".to_owned())
        }
        (_, _, None) => Some(
            "no collector key is configured (RUNBOARD_COLLECTOR_CLIENT_ID and \
             RUNBOARD_COLLECTOR_CLIENT_SECRET)."
                .to_owned(),
        ),
        (Ok(store), CollectorSwitch::On, Some(credentials)) => {
            let clock: Clock = Arc::new(|| runai::model::Timestamp::now().unix_millis());
            let collector = Collector::new(
                started.upstream.client.clone(),
                store.clone(),
                CollectorSettings {
                    credentials: credentials.clone(),
                    calls_per_minute: ledger.calls_per_minute,
                    backfill_days: ledger.backfill_days,
                    retention_days: ledger.retention_days,
                    idle_threshold_percent: ledger.idle_threshold_percent,
                    stall_ms: ledger.stall_minutes * 60_000,
                },
                clock.clone(),
            );
            tracing::info!(
                calls_per_minute = ledger.calls_per_minute,
                "collecting the GPU waste ledger"
            );
            let evaluator = crate::alerts::Evaluator {
                client: started.upstream.client.clone(),
                credentials,
                store: store.clone(),
                leader: collector.leader(),
                outbox: Outbox::new(store.clone(), target_sealer.clone(), sender.clone()),
                terms: crate::alerts::Terms {
                    cooldown_ms: settings.alerts.cooldown_ms,
                    budgets: budgets.clone(),
                    prices: prices.clone(),
                },
                clock,
            };
            let mut stopped = stopping.clone();
            evaluating = Some(tokio::spawn(evaluator.run_until(
                std::time::Duration::from_secs(settings.alerts.every_seconds),
                async move {
                    let _ = stopped.wait_for(|stopped| *stopped).await;
                },
            )));
            collecting = Some(tokio::spawn(collector.run_until(async move {
                let _ = stopping.wait_for(|stopped| *stopped).await;
            })));
            None
        }
    };
    // The simulator's admin may change anyone's shared views in demo mode, as an
    // operator named in RUNBOARD_ADMINS does elsewhere.
    let mut admins = settings.auth.admins.clone();
    if started.upstream.info.demo
        && let Some(admin) = &started.service_account
    {
        admins.push(admin.principal().to_owned());
    }
    // The simulator's pipeline account looks like a person's address.
    let mut service_accounts = ledger.service_accounts.clone();
    if started.upstream.info.demo && service_accounts.is_empty() {
        service_accounts.push("svc-*".to_owned());
    }
    let offered = offered(sender.settings());
    RunningLedger {
        readers: LedgerReaders {
            alerts: AlertsSource::new(
                store.clone(),
                target_sealer,
                sender.settings().private_hosts.clone(),
                offered,
                admins.clone(),
                started.upstream.client.clone(),
            ),
            views: SavedViewsSource::new(store.clone(), admins),
            gpu_states: GpuStatesSource::new(
                store.clone(),
                started.upstream.client.clone(),
                ledger.stall_minutes,
            ),
            source: LedgerSource::new(
                store,
                started.upstream.client.clone(),
                not_collecting,
                LedgerTerms {
                    idle_threshold_percent: ledger.idle_threshold_percent,
                    service_accounts: ServiceAccounts::new(service_accounts),
                    prices,
                    budgets,
                },
            ),
        },
        collecting,
        evaluating,
    }
}

/// How alerts go out: as configured, links to `listening` unless a public URL is given.
fn sender(settings: &Settings, listening: std::net::SocketAddr) -> Sender {
    let mut sender: SenderSettings = settings.alerts.sender.clone();
    if !settings.alerts.public_url_given {
        sender.public_url = format!("http://{listening}");
    }
    Sender::new(sender)
}

/// The channels this dashboard can send on.
fn offered(sender: &SenderSettings) -> Offered {
    Offered {
        channels: vec![
            (Channel::Slack, None),
            (
                Channel::Webhook,
                sender
                    .signing_key
                    .is_none()
                    .then(|| "signed webhooks need RUNBOARD_ALERT_SIGNING_KEY".to_owned()),
            ),
            (
                Channel::Email,
                sender
                    .smtp
                    .is_none()
                    .then(|| "e-mail needs RUNBOARD_SMTP_SERVER".to_owned()),
            ),
        ],
    }
}

/// The demo's prices (about what clouds ask per GPU-hour) and monthly budgets.
fn demo_prices_and_budgets() -> (Prices, Vec<Budget>) {
    let list = |text: &str| text.split(',').map(str::to_owned).collect::<Vec<_>>();
    let prices = Prices::parse(
        "USD",
        &list("h100-80gb=3.90,l40s-inference=1.20,a100-40gb=1.80,*=2.50"),
    )
    .expect("the demo's prices read");
    let budgets = parse_budgets(&list("vision=9000h,llm-pretrain=60000,recsys=25000h"))
        .expect("the demo's budgets read");
    (prices, budgets)
}
