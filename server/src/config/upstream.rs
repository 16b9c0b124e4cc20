//! The Run:ai control plane: where it is, the service account's key, which token API.

use std::path::PathBuf;

use runai::client::{ClientConfig, Credentials, TokenApi};

use super::{
    ClientTuning, ConfigError, Secret,
    layer::{List, layered},
    secret_files::secret,
};

layered! {
    /// The `[runai]` settings.
    #[command(next_help_heading = "Run:ai")]
    pub struct RunaiArgs => RunaiValues {
        /// Run:ai control plane URL, e.g. https://myorg.run.ai. Unset: the embedded
        /// simulator.
        #[arg(env = "RUNAI_URL", long = "runai-url", value_name = "URL", hide_env_values = true)]
        url: String,
        /// Run:ai access key client ID (service-account mode).
        #[arg(env = "RUNAI_CLIENT_ID", long = "runai-client-id", value_name = "ID")]
        client_id: String,
        /// Run:ai access key secret. Prefer the environment or RUNAI_CLIENT_SECRET_FILE: a
        /// flag is visible to every user of the machine.
        #[arg(env = "RUNAI_CLIENT_SECRET", long = "runai-client-secret", value_name = "SECRET",
              hide_env_values = true)]
        client_secret: Secret,
        /// File holding the Run:ai access key secret.
        #[arg(env = "RUNAI_CLIENT_SECRET_FILE", long = "runai-client-secret-file",
              value_name = "FILE")]
        client_secret_file: PathBuf,
        /// Which Run:ai token API to use: v1 (JSON, `/api/v1/token`) or v2 (OAuth2 form,
        /// `/api/v2/token`).
        #[arg(env = "RUNAI_TOKEN_API", long = "runai-token-api", value_name = "v1|v2")]
        token_api: TokenApi = TokenApi::V1,
        /// Names for the clusters, which the Workloads API gives only by id:
        /// `ID=NAME` pairs, comma-separated (e.g.
        /// `0b0c51a4-…=gpu-east,7f3e2a10-…=gpu-west`); pages say the name, or the start
        /// of the id for a cluster not named [default: none].
        #[arg(env = "RUNBOARD_CLUSTER_NAMES", long, value_name = "ID=NAME,…")]
        cluster_names: List,
        /// Seconds one Run:ai request may take before it is retried or fails.
        #[arg(env = "RUNAI_TIMEOUT_SECS", long = "runai-timeout-secs", value_name = "SECONDS")]
        timeout_secs: u64 = 15; min 1,
    }
    secrets { client_secret / client_secret_file }
}

/// A real Run:ai control plane. Its `Debug` shows the URL without credentials.
#[derive(Clone)]
pub struct UpstreamSettings {
    /// Base URL, e.g. `https://myorg.run.ai`.
    pub url: String,
    /// Service-account access key, when the server holds one.
    pub client_id: Option<String>,
    /// Its secret.
    pub client_secret: Option<Secret>,
    /// Which token API the control plane offers.
    pub token_api: TokenApi,
}

impl std::fmt::Debug for UpstreamSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UpstreamSettings")
            .field("url", &redact_url(&self.url))
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("token_api", &self.token_api)
            .finish()
    }
}

impl UpstreamSettings {
    /// The client configuration these settings describe, with `tuning`'s limits.
    pub fn client_config(&self, tuning: &ClientTuning) -> ClientConfig {
        let mut config = tuning.client_config(&self.url);
        config.token_api = self.token_api;
        config
    }

    /// The service account's credentials, when configured.
    pub fn service_account(&self) -> Option<Credentials> {
        Some(Credentials::access_key(
            self.client_id.clone()?,
            self.client_secret.clone()?,
        ))
    }
}

/// The control plane, when a URL is given; whether a service-account key is.
pub fn resolve_upstream(
    runai: RunaiValues,
) -> Result<(Option<UpstreamSettings>, bool), ConfigError> {
    let client_secret = secret(
        "RUNAI_CLIENT_SECRET",
        runai.client_secret,
        runai.client_secret_file,
    )?;
    if runai.client_id.is_some() != client_secret.is_some() {
        return Err(ConfigError::HalfACredential);
    }
    let service_account = runai.client_id.is_some();
    let upstream = match runai.url {
        Some(url) => Some(UpstreamSettings {
            url: validate_url(url)?,
            client_id: runai.client_id,
            client_secret,
            token_api: runai.token_api,
        }),
        None => None,
    };
    Ok((upstream, service_account))
}

/// A cluster's name, at most this many characters (Kubernetes' label value).
const MAX_CLUSTER_NAME_CHARS: usize = 63;

/// The clusters' names `RUNBOARD_CLUSTER_NAMES` gives, each `ID=NAME`.
pub fn resolve_cluster_names(
    names: Option<List>,
) -> Result<Vec<(uuid::Uuid, String)>, ConfigError> {
    names
        .unwrap_or_default()
        .0
        .iter()
        .map(|pair| {
            let refuse = |why: &str| {
                ConfigError::Invalid(format!("RUNBOARD_CLUSTER_NAMES: “{pair}”: {why}"))
            };
            let (id, name) = pair
                .split_once('=')
                .ok_or_else(|| refuse("write each as ID=NAME"))?;
            let id = id
                .trim()
                .parse::<uuid::Uuid>()
                .map_err(|_| refuse("the ID is a cluster's id (a UUID)"))?;
            let name = name.trim();
            match name.chars().count() {
                1..=MAX_CLUSTER_NAME_CHARS => Ok((id, name.to_owned())),
                _ => Err(refuse("a name is 1 to 63 characters")),
            }
        })
        .collect()
}

fn validate_url(url: String) -> Result<String, ConfigError> {
    let parsed = reqwest::Url::parse(&url).map_err(|err| ConfigError::BadUrl {
        url: redact_url(&url),
        reason: err.to_string(),
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(ConfigError::BadUrl {
            url: redact_url(&url),
            reason: "the scheme must be http or https".to_owned(),
        });
    }
    Ok(url.trim_end_matches('/').to_owned())
}

/// `url` with any user name and password replaced by `redacted`, for logs, pages and
/// messages; text that does not parse as a URL is cut at its last `@`.
pub fn redact_url(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut parsed) if !parsed.username().is_empty() || parsed.password().is_some() => {
            let _ = parsed.set_password(None);
            let _ = parsed.set_username("redacted");
            parsed.to_string().trim_end_matches('/').to_owned()
        }
        Ok(_) => url.to_owned(),
        Err(_) => match url.rsplit_once('@') {
            Some((_, rest)) => format!("redacted@{rest}"),
            None => url.to_owned(),
        },
    }
}
