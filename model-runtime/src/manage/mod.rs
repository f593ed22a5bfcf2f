//! The manage command line, Django's `manage.py`: every command is also a
//! library function, taking the [`Settings`] and writing its report to any
//! [`std::io::Write`].
//!
//! An app's manage binary is three lines:
//!
//! ```no_run
//! use model_runtime::{manage, Settings};
//!
//! fn main() -> std::process::ExitCode {
//!     manage::run(Settings::from_env().installed_apps(["littlelemon"]))
//! }
//! ```
//!
//! The binary must link the crate that defines the models, which registers
//! them and its migrations: a crate the binary never names is left out by
//! the linker. A `src/bin/manage.rs` of the app's own crate says so with
//! `use littlelemon as _;`.
//!
//! | command | does |
//! | --- | --- |
//! | `makemigrations [app...] [--name N] [--empty] [--merge] [--dry-run] [--check] [--no-input]` | [`makemigrations`] |
//! | `migrate [app [target\|zero]] [--plan] [--fake] [--fake-initial]` | [`migrate()`] |
//! | `showmigrations [app...] [--plan]` | [`showmigrations`] |
//! | `sqlmigrate app NNNN [--backwards]` | [`sqlmigrate`] |
//! | `squashmigrations app [start] end [--squashed-name N] [--no-optimize] [--dry-run]` | [`squashmigrations()`] |
//! | `check [--database]` | [`check`], [`check_with`] |
//! | `inspectdb [table...] [--app NAME]` | [`inspectdb()`] |
//!
//! A failed command prints `error: ...` and exits with 1; a command line
//! clap cannot read exits with 2; `makemigrations --check` and `check` exit
//! with 1 when they find something to fix (with `--database`, any drift).

mod check;
mod cli;
mod drift;
mod embedded;
mod error;
mod inspectdb;
mod loader;
mod makemigrations;
mod merge;
mod migrate;
mod showmigrations;
mod sqlmigrate;
mod squashmigrations;

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

pub use self::check::{check, check_with, CheckArgs};
pub use self::cli::{Cli, Command};
pub use self::drift::database_drift;
#[doc(hidden)]
pub use self::embedded::EmbeddedMigrations;
pub use self::error::{CommandError, Result};
pub use self::inspectdb::{inspectdb, InspectdbArgs};
pub use self::loader::{load_app, load_migrations, MigrationSource};
pub use self::makemigrations::{makemigrations, MakemigrationsArgs, NewMigration};
pub use self::migrate::{migrate, MigrateArgs};
pub use self::showmigrations::{showmigrations, ShowmigrationsArgs};
pub use self::sqlmigrate::{sqlmigrate, SqlmigrateArgs};
pub use self::squashmigrations::{squashmigrations, SquashmigrationsArgs};
use crate::migrate::autodetect::{Interactive, NonInteractive, Questioner};
use crate::Settings;

/// Runs the command named on the process's command line, printing to
/// standard output, and returns the exit code: the whole of a manage
/// binary's `main`.
pub fn run(settings: Settings) -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // clap prints help and usage errors itself, colored on a terminal.
        Err(error) => {
            let _ = error.print();
            return exit_code(&error);
        }
    };
    execute(
        cli.command,
        &settings,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    )
}

/// [`run`] with the command line (program name first) and the outputs
/// given.
///
/// ```
/// use model_runtime::{manage, Settings};
///
/// let settings = Settings::new().database_url("sqlite::memory:");
/// let (mut out, mut err) = (Vec::new(), Vec::new());
/// let code = manage::run_from(["manage", "migrate", "--plan"], settings, &mut out, &mut err);
/// assert_eq!(code, std::process::ExitCode::SUCCESS);
/// assert!(String::from_utf8(out).unwrap().starts_with("Planned operations:"));
/// ```
pub fn run_from<I, T>(args: I, settings: Settings, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    match Cli::try_parse_from(args) {
        Ok(cli) => execute(cli.command, &settings, out, err),
        Err(error) => {
            // Help goes to standard output, usage errors to standard error.
            let text = error.render().to_string();
            let _ = if error.use_stderr() {
                write!(err, "{text}")
            } else {
                write!(out, "{text}")
            };
            exit_code(&error)
        }
    }
}

/// 0 after help, 2 after a usage error: clap's own exit codes.
fn exit_code(error: &clap::Error) -> ExitCode {
    ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2))
}

/// Runs a parsed command, printing its error, if any, as `error: ...`.
fn execute(command: Command, settings: &Settings, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    match dispatch(command, settings, out) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            let _ = out.flush();
            let _ = writeln!(err, "error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Runs one command; `false` when it found something to fix.
fn dispatch(command: Command, settings: &Settings, out: &mut dyn Write) -> Result<bool> {
    match command {
        Command::Makemigrations(args) => {
            let mut questioner = questioner(&args);
            let made = makemigrations(settings, &args, questioner.as_mut(), out)?;
            // --check fails on a change; otherwise making one is success.
            Ok(!args.check || made.is_empty())
        }
        Command::Migrate(args) => migrate(settings, &args, out).map(|_| true),
        Command::Showmigrations(args) => showmigrations(settings, &args, out).map(|_| true),
        Command::Sqlmigrate(args) => sqlmigrate(settings, &args, out).map(|_| true),
        Command::Squashmigrations(args) => squashmigrations(settings, &args, out).map(|_| true),
        Command::Check(args) => check_with(settings, &args, out).map(|problems| problems.is_empty()),
        Command::Inspectdb(args) => inspectdb(settings, &args, out).map(|_| true),
    }
}

/// Questions go to a person at a terminal; anywhere else, or with
/// `--no-input`, the safe answer is taken or the command refuses.
fn questioner(args: &MakemigrationsArgs) -> Box<dyn Questioner> {
    let interactive = !args.no_input && std::io::stdin().is_terminal();
    if interactive {
        Box::new(Interactive::new(std::io::stdin().lock(), std::io::stdout()))
    } else {
        Box::new(NonInteractive)
    }
}
