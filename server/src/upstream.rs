//! Starts the Run:ai control plane the dashboard talks to: a real one from the
//! settings, or the embedded simulator reached the same way (HTTP on loopback,
//! tokens, the same client), so nothing past this module knows which it is.

use std::sync::Arc;

use app::upstream::{Upstream, UpstreamInfo};
use runai::client::{Credentials, RunaiClient};
use runai_sim::{Simulator, SystemClock};
use tokio::net::TcpListener;

use crate::{
    ServeError,
    config::{Settings, redact_url},
};

/// A demo access key of the embedded simulator.
#[derive(Clone, Debug)]
pub struct DemoKey {
    pub credentials: Credentials,
    /// What it may see.
    pub description: String,
}

/// The upstream, and what sign-in needs to know about it.
pub struct Started {
    pub upstream: Upstream,
    /// The key service-account mode calls with: the configured one, or the simulator's
    /// admin key.
    pub service_account: Option<Credentials>,
    /// The simulator's demo keys (empty for a real control plane).
    pub demo_keys: Vec<DemoKey>,
}

/// The configured control plane, or a freshly started embedded simulator; `shared`:
/// where replicas share its answers.
pub async fn start(
    settings: &Settings,
    shared: Option<runai::client::SharedStore>,
) -> Result<Started, ServeError> {
    let config = |mut config: runai::client::ClientConfig| {
        config.shared = shared.clone();
        config
    };
    match &settings.upstream {
        Some(upstream) => {
            let shown = redact_url(&upstream.url);
            tracing::info!(url = %shown, "Run:ai control plane configured");
            Ok(Started {
                upstream: Upstream {
                    client: RunaiClient::new(config(upstream.client_config(&settings.client)))?,
                    info: UpstreamInfo {
                        url: shown,
                        demo: false,
                    },
                },
                service_account: upstream.service_account(),
                demo_keys: vec![],
            })
        }
        None => {
            let simulator = Simulator::new(&settings.sim, Arc::new(SystemClock));
            let listener = TcpListener::bind("127.0.0.1:0").await?;
            let addr = runai_sim::spawn(simulator.clone(), listener)?;
            let url = format!("http://{addr}");
            tracing::info!("no RUNAI_URL configured: using the embedded Run:ai simulator");
            simulator.announce(&url);
            let demo_keys = simulator
                .identities
                .keys()
                .map(|(id, secret, what)| DemoKey {
                    credentials: Credentials::access_key(id, runai::Secret::new(secret)),
                    description: what.to_owned(),
                })
                .collect();
            Ok(Started {
                upstream: Upstream {
                    client: RunaiClient::new(config(settings.client.client_config(&url)))?,
                    info: UpstreamInfo { url, demo: true },
                },
                service_account: Some(simulator.admin_credentials()),
                demo_keys,
            })
        }
    }
}
