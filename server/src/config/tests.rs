use std::io::Write;

use super::*;

fn file(toml: &str) -> FileConfig {
    toml::from_str(toml).unwrap()
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
