//! `runboard`: see `runboard --help`.

use std::process::ExitCode;

use server::config::{Cli, Command, Settings};

/// mimalloc rather than glibc's malloc: under load glibc kept several times the
/// memory in use in per-thread arenas (BENCHMARKS.md, "read cache and memory").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::from_process();
    let settings = match Settings::load(cli.config.as_deref(), cli.settings) {
        Ok(settings) => Settings {
            sim: cli.sim,
            ..settings
        },
        Err(err) => {
            eprintln!("runboard: {err}");
            return ExitCode::from(2);
        }
    };
    server::observe::init_logging(&settings);

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
