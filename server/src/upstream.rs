//! Starts the Run:ai control plane the dashboard talks to: a real one from the
//! settings, or the embedded simulator reached the same way (HTTP on loopback,
//! tokens, the same client), so nothing past this module knows which it is.

use std::sync::Arc;

use app::{
    runai::client::{ClientConfig, RunaiClient},
    upstream::{Upstream, UpstreamInfo},
};
use tokio::net::TcpListener;

use crate::{
    ServeError,
    config::Settings,
    sim::{self, Simulator, SystemClock},
};

/// The configured control plane, or a freshly started embedded simulator.
pub async fn start(settings: &Settings) -> Result<Upstream, ServeError> {
    match &settings.upstream {
        Some(upstream) => {
            tracing::info!(url = %upstream.url, "Run:ai control plane configured");
            Ok(Upstream {
                client: RunaiClient::new(upstream.client_config())?,
                service_account: upstream.service_account(),
                info: UpstreamInfo {
                    url: upstream.url.clone(),
                    demo: false,
                    demo_keys: vec![],
                },
            })
        }
        None => {
            let simulator = Simulator::new(&settings.sim, Arc::new(SystemClock));
            let listener = TcpListener::bind("127.0.0.1:0").await?;
            let addr = sim::spawn(simulator.clone(), listener)?;
            let url = format!("http://{addr}");
            tracing::info!("no RUNAI_URL configured: using the embedded Run:ai simulator");
            simulator.announce(&url);
            let demo_keys = simulator
                .identities
                .keys()
                .map(|(id, secret, what)| (id.to_owned(), secret.to_owned(), what.to_owned()))
                .collect();
            Ok(Upstream {
                client: RunaiClient::new(ClientConfig::new(&url))?,
                service_account: Some(Simulator::admin_credentials(&settings.sim)),
                info: UpstreamInfo {
                    url,
                    demo: true,
                    demo_keys,
                },
            })
        }
    }
}
