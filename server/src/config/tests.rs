use std::{io::Write, time::Duration};

use super::*;

fn file(toml: &str) -> FileConfig {
    toml::from_str(toml).unwrap()
}

/// Service-account mode with a guard, as a configured RUNAI_CLIENT_ID needs.
fn service_account_mode() -> AuthArgs {
    AuthArgs {
        auth_mode: Some(AuthMode::ServiceAccount),
        guard_password: Some(Secret::new("team")),
        ..Default::default()
    }
}

fn resolve(args: SettingsArgs, file: FileConfig) -> Result<Settings, ConfigError> {
    Settings::from_layers(args, file, || PathBuf::from("fallback/site"))
}

#[test]
fn defaults_apply_when_no_layer_speaks() {
    let settings = resolve(SettingsArgs::default(), FileConfig::default()).unwrap();
    assert_eq!(settings.addr, DEFAULT_ADDR.parse().unwrap());
    assert_eq!(settings.site_root, PathBuf::from("fallback/site"));
    assert_eq!(settings.log, "info");
    assert!(!settings.secure_cookies);
    assert!(
        settings.upstream.is_none(),
        "no URL means the embedded simulator"
    );
}

#[test]
fn the_file_overrides_defaults_and_the_environment_overrides_the_file() {
    let from_file = file(
        r#"
        addr = "0.0.0.0:8080"
        log = "debug"
        secure_cookies = true
        [runai]
        url = "https://file.example.com/"
        token_api = "v2"
        timeout_secs = 30
        "#,
    );
    let args = SettingsArgs {
        addr: Some("127.0.0.1:9000".parse().unwrap()),
        ..Default::default()
    };
    let settings = resolve(args, from_file).unwrap();
    assert_eq!(
        settings.addr,
        "127.0.0.1:9000".parse().unwrap(),
        "env/flag wins"
    );
    assert_eq!(settings.log, "debug", "file wins over default");
    assert!(settings.secure_cookies);
    let upstream = settings.upstream.unwrap();
    assert_eq!(
        upstream.url, "https://file.example.com",
        "trailing slash dropped"
    );
}

#[test]
fn secrets_come_from_files_and_never_print() {
    let mut secret_file = tempfile::NamedTempFile::new().unwrap();
    writeln!(secret_file, "from-a-file").unwrap();
    let args = SettingsArgs {
        runai_url: Some("https://runai.example.com".into()),
        runai_client_id: Some("dashboard".into()),
        runai_client_secret_file: Some(secret_file.path().to_owned()),
        auth: service_account_mode(),
        ..Default::default()
    };
    let settings = resolve(args, FileConfig::default()).unwrap();
    let upstream = settings.upstream.clone().unwrap();
    assert_eq!(
        upstream.client_secret.clone().unwrap().expose(),
        "from-a-file"
    );
    assert_eq!(upstream.service_account().unwrap().principal(), "dashboard");
    assert_eq!(upstream.token_api, TokenApi::V1, "v1 by default");
    assert!(!format!("{settings:?}").contains("from-a-file"));
}

#[test]
fn an_upper_layer_secret_wins_over_the_files() {
    let args = SettingsArgs {
        runai_url: Some("https://runai.example.com".into()),
        runai_client_id: Some("dashboard".into()),
        runai_client_secret: Some(Secret::new("from-env")),
        auth: service_account_mode(),
        ..Default::default()
    };
    let from_file = file("[runai]\nclient_secret = \"from-file\"");
    let upstream = resolve(args, from_file).unwrap().upstream.unwrap();
    assert_eq!(upstream.client_secret.unwrap().expose(), "from-env");
}

#[test]
fn a_secret_given_twice_in_one_layer_is_refused() {
    let args = SettingsArgs {
        runai_client_id: Some("dashboard".into()),
        runai_client_secret: Some(Secret::new("a")),
        runai_client_secret_file: Some("/dev/null".into()),
        ..Default::default()
    };
    let err = resolve(args, FileConfig::default()).unwrap_err();
    assert!(matches!(
        err,
        ConfigError::SecretTwice {
            name: "RUNAI_CLIENT_SECRET"
        }
    ));
}

#[test]
fn bad_settings_explain_themselves() {
    let missing = SettingsArgs {
        runai_client_id: Some("x".into()),
        runai_client_secret_file: Some("/no/such/file".into()),
        ..Default::default()
    };
    let err = resolve(missing, FileConfig::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("/no/such/file"), "{err}");

    let half = SettingsArgs {
        runai_client_id: Some("x".into()),
        ..Default::default()
    };
    assert!(matches!(
        resolve(half, FileConfig::default()),
        Err(ConfigError::HalfACredential)
    ));

    let ftp = SettingsArgs {
        runai_url: Some("ftp://runai.example.com".into()),
        ..Default::default()
    };
    let err = resolve(ftp, FileConfig::default()).unwrap_err().to_string();
    assert!(err.contains("http or https"), "{err}");

    let bad_api = file("[runai]\nurl = \"https://x.example.com\"\ntoken_api = \"v3\"");
    let err = resolve(SettingsArgs::default(), bad_api)
        .unwrap_err()
        .to_string();
    assert!(err.contains("v1 or v2"), "{err}");

    let typo = toml::from_str::<FileConfig>("adr = \"127.0.0.1:1\"").unwrap_err();
    assert!(typo.to_string().contains("adr"), "{typo}");
}

#[test]
fn load_reads_the_named_file() {
    let mut config = tempfile::NamedTempFile::new().unwrap();
    writeln!(config, "log = \"warn\"").unwrap();
    let args = SettingsArgs {
        config: Some(config.path().to_owned()),
        ..Default::default()
    };
    assert_eq!(Settings::load(args).unwrap().log, "warn");

    let args = SettingsArgs {
        config: Some("/no/such/runboard.toml".into()),
        ..Default::default()
    };
    assert!(matches!(
        Settings::load(args),
        Err(ConfigError::ReadFile { .. })
    ));
}

#[test]
fn the_sign_in_mode_defaults_to_demo_on_the_simulator_and_user_on_a_real_upstream() {
    let settings = resolve(SettingsArgs::default(), FileConfig::default()).unwrap();
    assert_eq!(settings.auth.mode, AuthMode::Demo);
    let settings = resolve(
        SettingsArgs {
            runai_url: Some("https://runai.example.com".into()),
            ..Default::default()
        },
        FileConfig::default(),
    )
    .unwrap();
    assert_eq!(settings.auth.mode, AuthMode::User);
    assert_eq!(settings.session.idle, Duration::from_secs(8 * 3600));
    assert_eq!(settings.session.max_age, Duration::from_secs(7 * 24 * 3600));
    let from_file = file(
        "[auth]\nmode = \"service-account\"\nguard_header = \"X-Forwarded-User\"\n[session]\nidle_minutes = 30\nmax_hours = 12\n[exposure]\ntrusted_proxies = [\"10.0.0.1\"]",
    );
    let settings = resolve(SettingsArgs::default(), from_file).unwrap();
    assert_eq!(settings.auth.mode, AuthMode::ServiceAccount);
    assert!(
        matches!(settings.auth.guard, Some(Guard::TrustedHeader(ref h)) if h == "x-forwarded-user")
    );
    assert_eq!(settings.session.idle, Duration::from_secs(30 * 60));
    assert_eq!(settings.session.max_age, Duration::from_secs(12 * 3600));
}

#[test]
fn unsafe_or_contradictory_sign_in_settings_are_refused_with_a_reason() {
    let refused = |args: SettingsArgs, why: &str| {
        let err = resolve(args, FileConfig::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains(why), "{err} should mention {why}");
        // One line of plain prose: no run of spaces left by a broken continuation.
        assert!(!err.contains("  ") && !err.contains('\n'), "{err:?}");
    };
    let real = || Some("https://runai.example.com".to_owned());
    refused(
        SettingsArgs {
            runai_url: real(),
            auth: AuthArgs {
                auth_mode: Some(AuthMode::Demo),
                ..Default::default()
            },
            ..Default::default()
        },
        "embedded simulator",
    );
    refused(
        SettingsArgs {
            auth: AuthArgs {
                auth_mode: Some(AuthMode::ServiceAccount),
                ..Default::default()
            },
            ..Default::default()
        },
        "RUNBOARD_GUARD_PASSWORD or RUNBOARD_GUARD_HEADER",
    );
    refused(
        SettingsArgs {
            runai_url: real(),
            auth: service_account_mode(),
            ..Default::default()
        },
        "needs RUNAI_CLIENT_ID",
    );
    refused(
        SettingsArgs {
            runai_url: real(),
            runai_client_id: Some("svc".into()),
            runai_client_secret: Some(Secret::new("s")),
            ..Default::default()
        },
        "only used in service-account mode",
    );
    refused(
        SettingsArgs {
            auth: AuthArgs {
                guard_password: Some(Secret::new("x")),
                ..Default::default()
            },
            ..Default::default()
        },
        "only applies to service-account mode",
    );
    refused(
        SettingsArgs {
            auth: AuthArgs {
                session_redis_url: Some(Secret::new("redis://127.0.0.1:6379")),
                ..Default::default()
            },
            ..Default::default()
        },
        "set RUNBOARD_SESSION_KEY",
    );
    refused(
        SettingsArgs {
            auth: AuthArgs {
                session_key: Some(Secret::new("too-short")),
                ..Default::default()
            },
            ..Default::default()
        },
        "at least 32 characters",
    );
    refused(
        SettingsArgs {
            auth: AuthArgs {
                session_idle_minutes: Some(0),
                ..Default::default()
            },
            ..Default::default()
        },
        "at least 1",
    );
    refused(
        SettingsArgs {
            auth: AuthArgs {
                auth_mode: Some(AuthMode::ServiceAccount),
                guard_header: Some("X-Forwarded-User".to_owned()),
                ..Default::default()
            },
            ..Default::default()
        },
        "believed only from a trusted proxy: set RUNBOARD_TRUSTED_PROXIES to",
    );
    let err = resolve(SettingsArgs::default(), file("[auth]\nmode = \"everyone\""))
        .unwrap_err()
        .to_string();
    assert!(err.contains("user, service-account or demo"), "{err}");
}

#[test]
fn the_redis_url_and_session_key_never_print() {
    let args = SettingsArgs {
        auth: AuthArgs {
            session_redis_url: Some(Secret::new("redis://:hunter2@redis:6379")),
            session_key: Some(Secret::new("k".repeat(40))),
            ..Default::default()
        },
        ..Default::default()
    };
    let settings = resolve(args, FileConfig::default()).unwrap();
    let printed = format!("{settings:?}");
    assert!(!printed.contains("hunter2") && !printed.contains(&"k".repeat(40)));
}
