//! Shared by the integration tests: a simulator on a free loopback port with a clock
//! the test moves ([`Sim`]), the dashboard in-process on port 0 with a browser-like
//! client ([`TestServer`]), and the real binaries as child processes ([`process`]).
#![allow(dead_code)]

pub mod crowd;
pub mod drill;
pub mod malformed;
pub mod process;
pub mod proxy;
pub mod webhook;

pub use runai_sim::testing::{Sim, admin_known};

/// A running dashboard server (on port 0) that stops when dropped, and a browser-like
/// client for it: it keeps the session cookie and does not follow redirects, so tests
/// see every 303.
pub struct TestServer {
    pub base: String,
    pub http: reqwest::Client,
    stop: tokio::sync::oneshot::Sender<()>,
    /// Ends when the server has stopped.
    served: tokio::task::JoinHandle<()>,
    /// The server's own data directory (the ledger), removed with it.
    data: tempfile::TempDir,
}

/// The text of the Prometheus endpoint on `port`.
pub async fn metrics_text(port: u16) -> String {
    reqwest::get(format!("http://127.0.0.1:{port}/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// A client with its own cookie jar that shows redirects instead of following them.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        // A request that hangs fails its test instead of stalling the suite.
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .unwrap()
}

impl TestServer {
    /// The dashboard with `args` (its embedded simulator when no `runai_url`), signed in
    /// as the simulator's admin when in demo mode.
    pub async fn start(args: server::config::SettingsArgs) -> Self {
        let server = Self::start_signed_out(args).await;
        let options = server.sign_in_options().await;
        if options.mode == "demo" {
            let (status, _) = server
                .post_form("/login", &[("demo", "runboard-admin")])
                .await;
            assert_eq!(status, 303, "demo sign-in redirects");
        }
        server
    }

    /// The dashboard with `args` and its embedded simulator with `sim`, signed in as in
    /// [`Self::start`].
    pub async fn start_with_sim(
        args: server::config::SettingsArgs,
        sim: runai_sim::SimSettings,
    ) -> Self {
        let server = Self::start_signed_out_with(args, sim).await;
        let (status, _) = server
            .post_form("/login", &[("demo", "runboard-admin")])
            .await;
        assert_eq!(status, 303, "demo sign-in redirects");
        server
    }

    /// The dashboard with `args`, nobody signed in.
    pub async fn start_signed_out(args: server::config::SettingsArgs) -> Self {
        Self::start_signed_out_with(args, admin_known()).await
    }

    /// The dashboard with `args` and its embedded simulator with `sim`, nobody signed in.
    pub async fn start_signed_out_with(
        args: server::config::SettingsArgs,
        sim: runai_sim::SimSettings,
    ) -> Self {
        use server::config::{Settings, SettingsArgs};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        // Each server keeps its ledger in its own directory, and collects only when the
        // test asks (a collector's calls would count in the call-counting tests).
        let data = tempfile::tempdir().unwrap();
        let mut args = SettingsArgs {
            addr: Some(addr),
            ..args
        };
        args.ledger
            .data_dir
            .get_or_insert_with(|| data.path().join("data"));
        args.ledger
            .collector
            .get_or_insert(server::config::CollectorSwitch::Off);
        args.site_root
            .get_or_insert_with(|| std::path::PathBuf::from("../target/site"));
        let mut settings = Settings::from_layers(args, SettingsArgs::default()).unwrap();
        // The embedded simulator's admin key as an operator would configure it, so
        // tests can also sign in with it by key.
        settings.sim = sim;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let served = tokio::spawn(async move {
            let served = server::serve(listener, settings, async move {
                let _ = stopped.await;
            });
            if let Err(err) = served.await {
                panic!("the test server stopped: {err}");
            }
        });
        Self {
            base: format!("http://{addr}"),
            http: browser(),
            stop,
            served,
            data,
        }
    }

    /// Stops the server as a signal would and waits until it has; hands back its data
    /// directory.
    pub async fn stop(self) -> tempfile::TempDir {
        let _ = self.stop.send(());
        self.served.await.unwrap();
        self.data
    }

    /// The absolute URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// What the sign-in page offers.
    pub async fn sign_in_options(&self) -> app::auth::SignInOptions {
        let response = self
            .http
            .post(self.url("/api/sign_in_options"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    /// Signs in with an access key; the status (303 when accepted).
    pub async fn sign_in_key(&self, id: &str, secret: &str) -> u16 {
        self.post_form("/login", &[("client_id", id), ("client_secret", secret)])
            .await
            .0
    }

    /// POST a form as a browser page would (same-origin); the status and body.
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> (u16, String) {
        let response = self
            .http
            .post(self.url(path))
            .header("accept", "text/html")
            .header("sec-fetch-site", "same-origin")
            .form(form)
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    /// GET `path`: the status and the body.
    pub async fn get(&self, path: &str) -> (u16, String) {
        let response = self.http.get(self.url(path)).send().await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    /// Calls the server function `name` with form arguments, as a hydrated page does.
    pub async fn call(&self, name: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.http
            .post(self.url(&format!("/api/{name}")))
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// The table's server function for `query`.
    pub async fn rows(&self, query: &str) -> app::pages::workloads::data::WorkloadsAnswer {
        let response = self.call("workloads_page", &[("query", query)]).await;
        assert_eq!(response.status(), 200, "workloads_page({query})");
        response.json().await.unwrap()
    }
}
