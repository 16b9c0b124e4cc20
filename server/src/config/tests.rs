//! The layers stack in order, secrets stay secret, and every bad value is refused with
//! a message that names its setting.

use std::{io::Write, path::Path, time::Duration};

use runai::client::TokenApi;

use super::*;

/// The settings from `flags` (as `runboard` reads them) over the TOML `file`.
fn resolve(flags: &[&str], file: &str) -> Result<Settings, ConfigError> {
    let cli = Cli::try_from_args(["runboard"].iter().chain(flags)).expect("the flags parse");
    let file = toml::from_str(file).expect("the file parses");
    Settings::from_layers(cli.settings, file)
}

const REAL: [&str; 2] = ["--runai-url", "https://runai.example.com"];

#[test]
fn defaults_apply_when_no_layer_speaks() {
    let settings = resolve(&[], "").unwrap();
    assert_eq!(settings.addr, DEFAULT_ADDR.parse().unwrap());
    assert_eq!(settings.site_root, None, "found at start-up (crate::site)");
    assert_eq!(
        (settings.log.as_str(), settings.secure_cookies),
        ("info", false)
    );
    assert!(
        settings.upstream.is_none(),
        "no URL: the embedded simulator"
    );
    assert_eq!(settings.auth.mode, AuthMode::Demo);
    let session = (settings.session.idle, settings.session.max_age);
    assert_eq!(
        session,
        (
            Duration::from_secs(8 * 3600),
            Duration::from_secs(168 * 3600)
        )
    );
    let connections = settings.connections;
    assert_eq!(connections.header_read_timeout, Duration::from_secs(15));
    assert_eq!(connections.idle_timeout, Duration::from_secs(75));
    assert_eq!(connections.max_connections, 4096);
    let limits = settings.sign_in_limits;
    let limits = (
        limits.session_max_per_person,
        limits.sign_ins_per_person_per_hour,
        limits.sign_ins_per_address_per_hour,
    );
    assert_eq!(limits, (100, 60, 600));
    assert_eq!(
        (settings.ops.log_format, settings.ops.metrics_addr),
        (LogFormat::Text, None)
    );
    assert_eq!(settings.ops.request_timeout_secs, 120);
    let client = settings.client;
    assert_eq!(
        (client.timeout, client.max_in_flight),
        (Duration::from_secs(15), 32)
    );
    assert_eq!(
        (client.circuit_open, client.cache_ttl),
        (Duration::from_secs(10), Duration::from_secs(4))
    );
    let ledger = settings.ledger;
    assert_eq!(
        (ledger.data_dir, ledger.collector),
        (PathBuf::from("runboard-data"), CollectorSwitch::On)
    );
    assert!(ledger.database_url.is_none() && ledger.collector_credentials.is_none());
    assert_eq!(
        (ledger.calls_per_minute, ledger.idle_threshold_percent),
        (120, 5.0)
    );
    assert_eq!((ledger.backfill_days, ledger.retention_days), (7, 90));
}

#[test]
fn flags_override_the_file_which_overrides_the_defaults() {
    let file = r#"
        addr = "0.0.0.0:8080"
        log = "debug"
        secure_cookies = true
        [runai]
        url = "https://file.example.com/"
        token_api = "v2"
        timeout_secs = 3
        [ops]
        log_format = "json"
        metrics_addr = "127.0.0.1:9464"
        runai_max_in_flight = 8
        runai_circuit_open_secs = 2
        runai_cache_ms = 0
        [exposure]
        trusted_proxies = ["10.0.0.1", "10.0.0.2"]
        allowed_hosts = "dash.example, other.example"
    "#;
    let flags = ["--addr", "127.0.0.1:9000", "--runai-max-in-flight", "2"];
    let settings = resolve(&flags, file).unwrap();
    assert_eq!(
        settings.addr,
        "127.0.0.1:9000".parse().unwrap(),
        "the flag wins"
    );
    assert_eq!(settings.log, "debug", "the file wins over the default");
    assert!(settings.secure_cookies);
    let upstream = settings.upstream.unwrap();
    assert_eq!(
        upstream.url, "https://file.example.com",
        "trailing slash dropped"
    );
    assert_eq!(upstream.token_api, TokenApi::V2);
    assert_eq!(settings.ops.log_format, LogFormat::Json);
    let config = settings.client.client_config("http://127.0.0.1:1");
    assert_eq!(
        (config.timeout, config.breaker.queue_timeout),
        (Duration::from_secs(3), Duration::from_secs(3))
    );
    assert_eq!(
        (config.breaker.max_in_flight, config.breaker.open_for),
        (2, Duration::from_secs(2))
    );
    assert_eq!(config.cache_ttl, Duration::ZERO);
    assert!(
        settings
            .exposure
            .trusted_proxies
            .contains("10.0.0.2".parse().unwrap())
    );
    assert_eq!(
        settings.exposure.allowed_hosts,
        ["dash.example", "other.example"]
    );
}

#[test]
fn secrets_come_from_one_layer_value_or_file_and_never_print() {
    let mut secret_file = tempfile::NamedTempFile::new().unwrap();
    writeln!(secret_file, "from-a-file").unwrap();
    let path = secret_file.path().to_str().unwrap();
    let service = ["--auth-mode", "service-account", "--guard-password", "team"];
    let key = |flags: &[&str], file: &str| {
        let flags = [
            &REAL[..],
            &service,
            &["--runai-client-id", "dashboard"],
            flags,
        ]
        .concat();
        let upstream = resolve(&flags, file).unwrap().upstream.unwrap();
        upstream.client_secret.unwrap().expose().to_owned()
    };
    assert_eq!(
        key(&["--runai-client-secret-file", path], ""),
        "from-a-file"
    );
    let file_value = "[runai]\nclient_secret = \"in-the-file\"";
    assert_eq!(
        key(&["--runai-client-secret-file", path], file_value),
        "from-a-file"
    );
    assert_eq!(
        key(
            &["--runai-client-secret", "flag"],
            &format!("[runai]\nclient_secret_file = \"{path}\"")
        ),
        "flag"
    );
    assert_eq!(key(&[], file_value), "in-the-file");
    let twice = resolve(
        &[
            "--runai-client-id",
            "x",
            "--runai-client-secret",
            "a",
            "--runai-client-secret-file",
            path,
        ],
        "",
    );
    assert!(matches!(
        twice,
        Err(ConfigError::SecretTwice {
            name: "RUNAI_CLIENT_SECRET"
        })
    ));

    let key40 = "k".repeat(40);
    let flags = [
        "--session-redis-url",
        "redis://:hunter2@redis:6379",
        "--session-key",
        &key40,
    ];
    let file = "[ledger]\ndatabase_url = \"postgres://u:hunter3@db/x\"";
    let printed = format!("{:?}", resolve(&flags, file).unwrap());
    for secret in ["hunter2", "hunter3", key40.as_str()] {
        assert!(!printed.contains(secret), "{secret} printed");
    }
}

#[test]
#[rustfmt::skip]
fn every_bad_value_is_refused_by_its_setting() {
    let proxied = "[exposure]\ntrusted_proxies = [\"10.0.0.1\"]";
    let real = |more: &[&'static str]| [&REAL[..], more].concat();
    let sa = |more: &[&'static str]| [&["--auth-mode", "service-account"][..], more].concat();
    for (flags, file, why) in [
        (vec!["--runai-timeout-secs", "0"], "", "RUNAI_TIMEOUT_SECS"),
        (vec!["--runai-client-id", "x"], "", "RUNAI_CLIENT_ID and RUNAI_CLIENT_SECRET"),
        (vec!["--runai-client-id", "x", "--runai-client-secret-file", "/no/such"], "", "/no/such"),
        (vec!["--runai-client-id", "x", "--runai-client-secret", ""], "", "SECRET is empty"),
        (vec!["--runai-url", "ftp://runai.example.com"], "", "http or https"),
        (real(&["--auth-mode", "demo"]), "", "embedded simulator"),
        (sa(&[]), "", "RUNBOARD_GUARD_PASSWORD or RUNBOARD_GUARD_HEADER"),
        (real(&sa(&["--guard-password", "x"])), "", "needs RUNAI_CLIENT_ID"),
        (real(&["--runai-client-id", "s", "--runai-client-secret", "s"]), "", "only used in"),
        (vec!["--guard-password", "x"], "", "only applies to service-account mode"),
        (sa(&["--guard-password", "x", "--guard-header", "X-User"]), proxied, "not both"),
        (sa(&["--guard-header", "X User"]), proxied, "not a header name"),
        (sa(&["--guard-header", "X-User"]), "", "only from a trusted proxy: set RUNBOARD_TRUSTED"),
        (vec!["--session-redis-url", "redis://127.0.0.1:6379"], "", "set RUNBOARD_SESSION_KEY"),
        (vec!["--session-key", "too-short"], "", "at least 32 characters"),
        (vec!["--session-idle-minutes", "0"], "", "RUNBOARD_SESSION_IDLE_MINUTES must be at least 1"),
        (vec!["--session-max-hours", "9999999999"], "", "RUNBOARD_SESSION_MAX_HOURS must be at most 8784"),
        (vec!["--trusted-proxies", "10.0.0.0/33"], "", "RUNBOARD_TRUSTED_PROXIES"),
        (vec!["--allowed-hosts", "a.example,evil/x"], "", "RUNBOARD_ALLOWED_HOSTS"),
        (vec!["--session-max-live", "0"], "", "RUNBOARD_SESSION_MAX_LIVE"),
        (vec!["--header-timeout-secs", "0"], "", "RUNBOARD_HEADER_TIMEOUT_SECS"),
        (vec![], "[connections]\nidle_timeout_secs = 86401", "RUNBOARD_IDLE_TIMEOUT_SECS"),
        (vec!["--max-connections", "0"], "", "RUNBOARD_MAX_CONNECTIONS"),
        (vec!["--session-max-per-person", "0"], "", "RUNBOARD_SESSION_MAX_PER_PERSON"),
        (vec![], "[sign_in_limits]\nsign_ins_per_address_per_hour = 0", "PER_ADDRESS_PER_HOUR"),
        (vec!["--runai-max-in-flight", "0"], "", "RUNAI_MAX_IN_FLIGHT"),
        (vec!["--request-timeout-secs", "0"], "", "RUNBOARD_REQUEST_TIMEOUT_SECS"),
        (vec!["--collector-client-id", "svc"], "", "go together"),
        (vec!["--database-url", "mysql://u:hunter2@db/x"], "", "must be a postgres:// URL"),
        (vec!["--collector-calls-per-minute", "0"], "", "COLLECTOR_CALLS_PER_MINUTE"),
        (vec!["--ledger-idle-threshold", "0"], "", "RUNBOARD_LEDGER_IDLE_THRESHOLD"),
        (vec!["--ledger-idle-threshold", "NaN"], "", "RUNBOARD_LEDGER_IDLE_THRESHOLD"),
        (vec![], "[ledger]\nidle_threshold = 101.0", "RUNBOARD_LEDGER_IDLE_THRESHOLD"),
        (vec!["--ledger-backfill-days", "91"], "", "RUNBOARD_LEDGER_BACKFILL_DAYS"),
        (vec!["--gpu-hour-prices", "h100"], "", "RUNBOARD_GPU_HOUR_PRICES: “h100” is not pool=price"),
        (vec!["--gpu-hour-prices", "h100=-2"], "", "not a price from 0"),
        (vec!["--currency", "dollars", "--gpu-hour-prices", "*=2"], "", "three capital letters"),
        (vec!["--project-budgets", "vision=lots"], "", "RUNBOARD_PROJECT_BUDGETS: “lots”"),
        (vec!["--project-budgets", "vision=5000"], "", "needs RUNBOARD_GPU_HOUR_PRICES"),
        (vec!["--cluster-names", "gpu-east"], "", "RUNBOARD_CLUSTER_NAMES: “gpu-east”: write each as ID=NAME"),
        (vec!["--cluster-names", "east=gpu-east"], "", "the ID is a cluster's id"),
        (vec!["--cluster-names", "0b0c51a4-0000-4000-8000-000000000001="], "", "1 to 63 characters"),
    ] {
        let err = resolve(&flags, file).unwrap_err().to_string();
        assert!(err.contains(why), "{flags:?} {file:?}: {err} should mention {why}");
        // One line of plain prose that never repeats a secret.
        assert!(!err.contains("  ") && !err.contains('\n') && !err.contains("hunter2"), "{err:?}");
    }
    for (file, why) in [
        ("adr = \"127.0.0.1:1\"", "adr"),
        ("[runai]\ntoken_api = \"v3\"", "v3"),
        ("[auth]\nmode = \"everyone\"", "service-account"),
        ("[connections]\nmax_connection = 1", "max_connection"),
    ] {
        let err = toml::from_str::<SettingsArgs>(file).unwrap_err().to_string();
        assert!(err.contains(why), "{file}: {err}");
    }
}

#[test]
fn load_reads_the_named_file() {
    let mut config = tempfile::NamedTempFile::new().unwrap();
    writeln!(config, "log = \"warn\"").unwrap();
    let settings = Settings::load(Some(config.path()), SettingsArgs::default()).unwrap();
    assert_eq!(settings.log, "warn");
    let missing = Path::new("/no/such/runboard.toml");
    let err = Settings::load(Some(missing), SettingsArgs::default());
    assert!(matches!(err, Err(ConfigError::ReadFile { .. })));
}

#[test]
fn the_sign_in_mode_is_demo_on_the_simulator_and_user_on_a_real_upstream() {
    assert_eq!(resolve(&REAL, "").unwrap().auth.mode, AuthMode::User);
    let file = "[auth]\nmode = \"service-account\"\nguard_header = \"X-Forwarded-User\"\n\
                [exposure]\ntrusted_proxies = [\"10.0.0.1\"]";
    let settings = resolve(&[], file).unwrap();
    assert_eq!(settings.auth.mode, AuthMode::ServiceAccount);
    let header =
        matches!(settings.auth.guard, Some(Guard::TrustedHeader(ref h)) if h == "x-forwarded-user");
    assert!(header);
}
