//! `--help` documents every setting, and README's tables name exactly its variables.

use clap::CommandFactory;

use super::*;

#[test]
fn help_documents_every_setting_and_its_variable() {
    let help = Cli::command().render_long_help().to_string();
    for word in [
        "--config",
        "RUNBOARD_CONFIG",
        "--addr",
        "RUNBOARD_ADDR",
        "127.0.0.1:3000",
        "--site-root",
        "RUNBOARD_SITE_ROOT",
        "--log",
        "RUNBOARD_LOG",
        "--secure-cookies",
        "RUNBOARD_SECURE_COOKIES",
        "--runai-url",
        "RUNAI_URL",
        "--runai-client-id",
        "RUNAI_CLIENT_ID",
        "--runai-client-secret",
        "RUNAI_CLIENT_SECRET",
        "RUNAI_CLIENT_SECRET_FILE",
        "--runai-token-api",
        "RUNAI_TOKEN_API",
        "--runai-timeout-secs",
        "RUNAI_TIMEOUT_SECS",
        "token_api",
        "client_secret_file",
        "serve",
        "sim",
        "--sim-seed",
        "RUNBOARD_SIM_SEED",
        "--sim-workloads",
        "--sim-token-lifetime-secs",
        "--sim-admin-client-id",
        "--sim-admin-client-secret",
        "--fault-latency-ms",
        "--fault-error-rate",
        "--fault-error-status",
        "--fault-burst-every-s",
        "--fault-drop-rate",
        "--fault-malformed-rate",
        "--fault-spec-violation-rate",
        "--fault-token-endpoint-down",
        "--auth-mode",
        "RUNBOARD_AUTH_MODE",
        "service-account",
        "--guard-password",
        "RUNBOARD_GUARD_PASSWORD",
        "RUNBOARD_GUARD_PASSWORD_FILE",
        "--guard-header",
        "RUNBOARD_GUARD_HEADER",
        "--password-sign-in",
        "RUNBOARD_PASSWORD_SIGN_IN",
        "--session-redis-url",
        "RUNBOARD_SESSION_REDIS_URL",
        "--session-key",
        "RUNBOARD_SESSION_KEY",
        "RUNBOARD_SESSION_KEY_FILE",
        "--session-idle-minutes",
        "RUNBOARD_SESSION_IDLE_MINUTES",
        "--session-max-hours",
        "RUNBOARD_SESSION_MAX_HOURS",
        "--trusted-proxies",
        "RUNBOARD_TRUSTED_PROXIES",
        "--allowed-hosts",
        "RUNBOARD_ALLOWED_HOSTS",
        "--session-max-live",
        "RUNBOARD_SESSION_MAX_LIVE",
        "--session-max-per-person",
        "RUNBOARD_SESSION_MAX_PER_PERSON",
        "--sign-ins-per-person-per-hour",
        "RUNBOARD_SIGN_INS_PER_PERSON_PER_HOUR",
        "--sign-ins-per-address-per-hour",
        "RUNBOARD_SIGN_INS_PER_ADDRESS_PER_HOUR",
        "--forwarded-header",
        "RUNBOARD_FORWARDED_HEADER",
        "--header-timeout-secs",
        "RUNBOARD_HEADER_TIMEOUT_SECS",
        "--idle-timeout-secs",
        "RUNBOARD_IDLE_TIMEOUT_SECS",
        "--max-connections",
        "RUNBOARD_MAX_CONNECTIONS",
    ] {
        assert!(
            help.contains(word),
            "--help does not mention {word}:\n{help}"
        );
    }
}

/// The variables named in README's configuration tables: `NAME`, and `NAME_FILE`
/// where a row says "(or `_FILE`)".
fn readme_variables() -> std::collections::BTreeSet<String> {
    let readme = include_str!("../../../README.md");
    let start = readme
        .find("## Configuration")
        .expect("README has a configuration section");
    let end = readme[start + 2..]
        .find("\n## ")
        .map_or(readme.len(), |at| start + 2 + at);
    let mut names = std::collections::BTreeSet::new();
    for row in readme[start..end].lines().filter(|l| l.starts_with('|')) {
        for name in row.split('`').filter(|w| {
            (w.starts_with("RUNBOARD_") || w.starts_with("RUNAI_"))
                && w.bytes().all(|b| b.is_ascii_uppercase() || b == b'_')
        }) {
            names.insert(name.to_owned());
            if row.contains(&format!("`{name}` (or `_FILE`)")) {
                names.insert(format!("{name}_FILE"));
            }
        }
    }
    names
}

#[test]
fn readme_documents_exactly_the_variables_help_knows() {
    let command = Cli::command();
    let mut known = std::collections::BTreeSet::new();
    let mut commands = vec![&command];
    while let Some(command) = commands.pop() {
        commands.extend(command.get_subcommands());
        for arg in command.get_arguments() {
            if let Some(env) = arg.get_env() {
                known.insert(env.to_string_lossy().into_owned());
            }
        }
    }
    let documented = readme_variables();
    let missing: Vec<&String> = known.difference(&documented).collect();
    let unknown: Vec<&String> = documented.difference(&known).collect();
    assert!(
        missing.is_empty(),
        "--help knows, README does not: {missing:?}"
    );
    assert!(
        unknown.is_empty(),
        "README names, --help does not: {unknown:?}"
    );
}

#[test]
fn serve_is_optional_and_settings_go_before_or_after_it() {
    let cli = Cli::try_parse_from(["runboard", "--addr", "127.0.0.1:4000"]).unwrap();
    assert_eq!(cli.command, None);
    assert_eq!(cli.settings.addr, Some("127.0.0.1:4000".parse().unwrap()));
    let cli = Cli::try_parse_from(["runboard", "serve", "--addr", "127.0.0.1:4001"]).unwrap();
    assert_eq!(cli.command, Some(Command::Serve));
    assert_eq!(cli.settings.addr, Some("127.0.0.1:4001".parse().unwrap()));
}

#[test]
fn a_bad_address_is_refused_by_name() {
    let err = Cli::try_parse_from(["runboard", "--addr", "localhost"]).unwrap_err();
    assert!(err.to_string().contains("--addr"), "{err}");
}
