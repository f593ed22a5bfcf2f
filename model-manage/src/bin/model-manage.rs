//! `model-manage`, Django's `django-admin`: starts a project, and an app
//! in it. Every other command is the project's own manage binary's
//! (`cargo run -- help` in the project).

use std::path::Path;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use model_manage::{startapp, startproject, StartappArgs, StartprojectArgs};

#[derive(Parser)]
#[command(
    name = "model-manage",
    version,
    about = "Start a project of models, or an app in one"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write a new project: the manage binary, its workspace, .env.example
    Startproject(StartprojectArgs),
    /// Write a new app's crate in the project's folder (the current one) and install it
    Startapp(StartappArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let out = &mut std::io::stdout().lock();
    let done = match &cli.command {
        Command::Startproject(args) => startproject(args, out).map(drop),
        Command::Startapp(args) => startapp(args, Path::new("."), out).map(drop),
    };
    match done {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
