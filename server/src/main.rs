//! `runboard`: see `runboard --help`.

use std::process::ExitCode;

use clap::Parser;
use server::config::{Cli, Command, Settings};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::load(cli.settings) {
        Ok(settings) => Settings {
            sim: cli.sim,
            ..settings
        },
        Err(err) => {
            eprintln!("runboard: {err}");
            return ExitCode::from(2);
        }
    };
    let filter = EnvFilter::try_new(&settings.log).unwrap_or_else(|err| {
        eprintln!(
            "runboard: RUNBOARD_LOG {:?} is not a filter ({err}); using info",
            settings.log
        );
        EnvFilter::new("info")
    });
    tracing_subscriber::fmt().with_env_filter(filter).init();

    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => server::run(settings).await,
        Command::Sim => server::run_simulator(settings).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!("{err}");
            ExitCode::FAILURE
        }
    }
}
