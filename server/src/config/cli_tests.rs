//! `--help` shows every setting with its variable, default and file key, and README's
//! configuration tables are generated from the same declarations.

use super::*;
use crate::config::Settings;

fn help() -> String {
    Cli::command_with_defaults().render_long_help().to_string()
}

#[test]
fn the_declarations_make_a_valid_command_line() {
    Cli::command_with_defaults().debug_assert();
}

#[test]
#[rustfmt::skip]
fn help_shows_each_declared_default_and_secret_file() {
    let command = Cli::command_with_defaults();
    for (long, default) in [
        ("addr", "127.0.0.1:3000"), ("runai-token-api", "v1"), ("session-idle-minutes", "480"),
        ("forwarded-header", "x-forwarded-for"), ("header-timeout-secs", "15"),
        ("log-format", "text"), ("runai-cache-ms", "4000"), ("data-dir", "runboard-data"),
        ("ledger-idle-threshold", "5"), ("collector", "on"), ("secure-cookies", "false"),
    ] {
        let arg = command.get_arguments().find(|arg| arg.get_long() == Some(long)).unwrap();
        let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
        assert!(help.ends_with(&format!("[default: {default}]")), "--{long}: {help}");
    }
    let help = help();
    for secret in ["RUNAI_CLIENT_SECRET", "RUNBOARD_SESSION_KEY", "RUNBOARD_DATABASE_URL"] {
        assert!(help.contains(&format!("{secret}_FILE")), "{secret}_FILE");
    }
}

#[test]
fn help_lists_every_file_key_and_each_parses() {
    let command = Cli::command_with_defaults();
    let help = command.get_after_help().unwrap().to_string();
    let mut lines = Vec::new();
    SettingsArgs::file_keys(None, &mut lines);
    assert!(lines.len() > 8, "{lines:?}");
    for line in &lines {
        assert!(help.contains(line.as_str()), "--help lacks {line}");
        let (table, keys) = match line.strip_prefix('[') {
            Some(rest) => rest.split_once("] ").expect("a table line"),
            None => ("", line.as_str()),
        };
        for key in keys.split(' ') {
            // Given a value of no setting's type, serde names a known key's type.
            let toml = match table {
                "" => format!("{key} = {{ x = 1 }}"),
                table => format!("[{table}]\n{key} = {{ x = 1 }}"),
            };
            let err = toml::from_str::<SettingsArgs>(&toml)
                .map(|_| ())
                .unwrap_err();
            assert!(!err.to_string().contains("unknown field"), "{toml}: {err}");
        }
    }
}

/// README's configuration tables as the declarations write them: one table per help
/// section, a row per variable.
fn configuration_tables() -> String {
    let command = Cli::command_with_defaults();
    let mut sections: Vec<(String, Vec<String>)> = Vec::new();
    for arg in command.get_arguments() {
        let Some(env) = arg.get_env() else { continue };
        let heading = arg.get_help_heading().unwrap_or("Server").to_owned();
        let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
        let (help, default) = match help.rsplit_once(" [default: ") {
            Some((help, default)) => (help.to_owned(), default.trim_end_matches(']').to_owned()),
            None => {
                let defaults: Vec<String> = arg
                    .get_default_values()
                    .iter()
                    .map(|value| value.to_string_lossy().into_owned())
                    .collect();
                (
                    help,
                    if defaults.is_empty() {
                        "none".to_owned()
                    } else {
                        defaults.join(", ")
                    },
                )
            }
        };
        let row = format!(
            "| {} | `{}` | {} |",
            help.replace('|', "\\|"),
            env.to_string_lossy(),
            default.replace('|', "\\|"),
        );
        match sections.iter_mut().find(|(name, _)| *name == heading) {
            Some((_, rows)) => rows.push(row),
            None => sections.push((heading, vec![row])),
        }
    }
    let mut out = String::new();
    for (heading, rows) in sections {
        out.push_str(&format!(
            "\n### {heading}\n\n| setting | variable | default |\n| --- | --- | --- |\n{}\n",
            rows.join("\n")
        ));
    }
    out
}

const BEGIN: &str = "<!-- settings: generated from the declarations in server/src/config -->\n";
const END: &str = "<!-- settings end -->";

#[test]
fn readme_configuration_tables_are_the_declarations() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md");
    let readme = std::fs::read_to_string(path).unwrap();
    let start = readme
        .find(BEGIN)
        .expect("README marks its settings tables")
        + BEGIN.len();
    let end = start
        + readme[start..]
            .find(END)
            .expect("README ends its settings tables");
    let generated = configuration_tables();
    if readme[start..end] != generated && std::env::var_os("RUNBOARD_WRITE_README").is_some() {
        std::fs::write(
            path,
            format!("{}{generated}{}", &readme[..start], &readme[end..]),
        )
        .unwrap();
        return;
    }
    assert!(
        readme[start..end] == generated,
        "README's settings differ from the declarations; run this test with \
         RUNBOARD_WRITE_README=1 to write them:\n{generated}"
    );
}

#[test]
fn version_names_the_commit() {
    let version = Cli::try_from_args(["runboard", "--version"])
        .unwrap_err()
        .to_string();
    assert!(
        version.contains(&format!("runboard {}", crate::VERSION)),
        "{version}"
    );
    assert!(
        crate::COMMIT.len() >= 7 || crate::COMMIT == "unknown",
        "{version}"
    );
}

#[test]
fn serve_is_optional_and_settings_go_before_or_after_it() {
    let cli = Cli::try_from_args(["runboard", "--addr", "127.0.0.1:4000"]).unwrap();
    assert_eq!(cli.command, None);
    assert_eq!(cli.settings.addr, Some("127.0.0.1:4000".parse().unwrap()));
    let cli = Cli::try_from_args(["runboard", "serve", "--addr", "127.0.0.1:4001"]).unwrap();
    assert_eq!(cli.command, Some(Command::Serve));
    assert_eq!(cli.settings.addr, Some("127.0.0.1:4001".parse().unwrap()));
}

#[test]
fn flags_override_the_file_which_overrides_the_defaults() {
    let cli = Cli::try_from_args(["runboard", "--session-max-hours", "3"]).unwrap();
    let file = toml::from_str("[session]\nmax_hours = 9\nidle_minutes = 7").unwrap();
    let settings = Settings::from_layers(cli.settings, file).unwrap();
    let hours = settings.session.max_age.as_secs() / 3600;
    let minutes = settings.session.idle.as_secs() / 60;
    assert_eq!((hours, minutes), (3, 7));
    assert_eq!(settings.connections.max_connections, 4096);
}

#[test]
fn a_bad_value_is_refused_by_its_flag() {
    let err = Cli::try_from_args(["runboard", "--addr", "localhost"]).unwrap_err();
    assert!(err.to_string().contains("--addr"), "{err}");
    let err = Cli::try_from_args(["runboard", "--runai-token-api", "v3"]).unwrap_err();
    assert!(err.to_string().contains("v1 or v2"), "{err}");
}
