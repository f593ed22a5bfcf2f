//! The manage command line, Django's `manage.py`, for `model-runtime`'s
//! models: every command is also a library function, taking the
//! [`Settings`] and writing its report to any [`std::io::Write`].
//!
//! An app's manage binary is three lines:
//!
//! ```no_run
//! fn main() -> std::process::ExitCode {
//!     model_manage::run(model_manage::Settings::from_env().installed_apps(["littlelemon"]))
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
//! | `dumpdata [app[.Model]...]`, `loaddata FILE...`, `flush [--no-input]` | [`dumpdata()`], [`loaddata()`], [`flush()`] |
//! | `startapp NAME` | [`startapp()`] |
//!
//! A new project comes from this crate's own binary, Django's
//! `django-admin`: `model-manage startproject mysite` (see
//! [`startproject()`]).
//!
//! Other crates add commands (`shell`, `runserver`, ...) to every manage
//! binary that links them, as Django's apps bring their management
//! commands: see [`ManageCommand`] and [`register_command!`]. `--help`
//! lists them with the built-in ones. An app can also act after every
//! `migrate`, as Django's `post_migrate` signal lets it: see
//! [`PostMigrateHook`].
//!
//! A failed command prints `error: ...` and exits with 1; a command line
//! clap cannot read exits with 2; `makemigrations --check` and `check` exit
//! with 1 when they find something to fix (with `--database`, any drift).

mod builtin;
mod check;
mod cli;
mod command;
mod conflicts;
mod error;
mod files;
mod fixtures;
mod flush;
mod inspectdb;
mod makemigrations;
mod merge;
mod migrate;
mod post_migrate;
mod scaffold;
mod showmigrations;
mod sqlmigrate;
mod squashmigrations;

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

pub use self::check::{check, check_with, CheckArgs};
pub use self::command::{commands, ManageCommand, Run};
pub use self::error::{CommandError, Result};
pub use self::files::NewMigration;
pub use self::fixtures::{dumpdata, loaddata, DumpdataArgs, LoaddataArgs};
pub use self::flush::{confirm_flush, flush, FlushArgs, FLUSH_QUESTION};
pub use self::inspectdb::{inspectdb, InspectdbArgs};
pub use self::makemigrations::{makemigrations, MakemigrationsArgs};
pub use self::migrate::{migrate, MigrateArgs};
pub use self::post_migrate::{PostMigrate, PostMigrateHook};
pub use self::scaffold::{startapp, startproject, StartappArgs, StartprojectArgs};
pub use self::showmigrations::{showmigrations, ShowmigrationsArgs};
pub use self::sqlmigrate::{sqlmigrate, SqlmigrateArgs};
pub use self::squashmigrations::{squashmigrations, SquashmigrationsArgs};
/// clap, for contributed commands to declare their arguments with the
/// version `manage` parses them with.
pub use clap;
/// The project's settings every command runs with (the runtime's own).
pub use model_runtime::Settings;

#[doc(hidden)]
pub mod __private {
    pub use inventory;
}

/// Runs the command named on the process's command line, printing to
/// standard output, and returns the exit code: the whole of a manage
/// binary's `main`.
///
/// Every command but `check` and `startapp` refuses to run, in `check`'s
/// words, when an installed app has no compiled model and no migrations
/// (a misspelled name, a crate not linked), or when a compiled model's app
/// is not installed (it would get no table).
pub fn run(settings: Settings) -> ExitCode {
    let commands = commands();
    let cli = match cli::command_line(&commands) {
        Ok(cli) => cli,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let matches = match cli.try_get_matches() {
        Ok(matches) => matches,
        // clap prints help and usage errors itself, colored on a terminal.
        Err(error) => {
            let _ = error.print();
            return exit_code(&error);
        }
    };
    execute(
        &commands,
        &matches,
        &settings,
        Linked::OnlyInstalledApps,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    )
}

/// Which compiled models a run accepts besides the installed apps' own.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Linked {
    /// A manage binary links the crates of its apps: a model of an app
    /// not installed is a mistake that would leave it without a table.
    OnlyInstalledApps,
    /// A program calling [`run_from`], a test among them, may link models
    /// of apps it does not install this time.
    AnyModels,
}

/// [`run`] with the command line (program name first) and the outputs
/// given. Unlike [`run`], it accepts compiled models of apps that are not
/// installed (a test binary links many apps and installs a few); `check`
/// still lists them.
///
/// ```
/// use model_manage::Settings;
///
/// let settings = Settings::new().database_url("sqlite::memory:");
/// let (mut out, mut err) = (Vec::new(), Vec::new());
/// let code = model_manage::run_from(["manage", "migrate", "--plan"], settings, &mut out, &mut err);
/// assert_eq!(code, std::process::ExitCode::SUCCESS);
/// assert!(String::from_utf8(out).unwrap().starts_with("Planned operations:"));
/// ```
pub fn run_from<I, T>(args: I, settings: Settings, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let commands = commands();
    let cli = match cli::command_line(&commands) {
        Ok(cli) => cli,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            return ExitCode::FAILURE;
        }
    };
    match cli.try_get_matches_from(args) {
        Ok(matches) => execute(&commands, &matches, &settings, Linked::AnyModels, out, err),
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

/// What follows an operation that drops a table or a column, wherever
/// operations are listed (`makemigrations`, `migrate --plan`).
const DESTRUCTIVE: &str = "  [DESTRUCTIVE: its data is dropped]";

/// Runs the parsed command, printing its error, if any, as `error: ...`.
fn execute(
    commands: &[&ManageCommand],
    matches: &clap::ArgMatches,
    settings: &Settings,
    linked: Linked,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    // clap requires a subcommand, and knows only the registered ones.
    let Some((name, args)) = matches.subcommand() else {
        return ExitCode::from(2);
    };
    let Some(command) = commands.iter().find(|c| c.name() == name) else {
        return ExitCode::from(2);
    };
    // An installed app the binary knows nothing of would make every
    // command a silent no-op for it ("No changes detected").
    // `check` reports them itself; `startapp` writes the app to install.
    let mut unknown = check::unknown_apps(settings);
    if linked == Linked::OnlyInstalledApps {
        // A model of an app not installed would silently get no table.
        unknown.extend(check::uninstalled_models(settings));
    }
    if !matches!(name, "check" | "startapp") && !unknown.is_empty() {
        for problem in unknown {
            let _ = writeln!(err, "error: {problem}");
        }
        return ExitCode::FAILURE;
    }
    match command.run(args, settings, out) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            let _ = out.flush();
            let _ = writeln!(err, "error: {error}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use model_runtime::prelude::*;

    use super::*;

    /// A model of an app the test installs, or not.
    #[derive(Model, Debug)]
    #[model(app = "linked_app")]
    pub struct Dish {
        #[field(primary_key)]
        pub id: i64,
        pub name: String,
    }

    fn execute_as(linked: Linked, settings: &Settings, args: &[&str]) -> (ExitCode, String) {
        let commands = commands();
        let matches = cli::command_line(&commands)
            .unwrap()
            .try_get_matches_from(std::iter::once("manage").chain(args.iter().copied()))
            .unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = execute(&commands, &matches, settings, linked, &mut out, &mut err);
        (code, String::from_utf8(err).unwrap())
    }

    #[test]
    fn a_manage_binary_refuses_a_model_whose_app_is_not_installed() {
        let settings = Settings::new()
            .database_url("sqlite::memory:")
            .installed_apps(Vec::<String>::new());
        let (code, err) = execute_as(Linked::OnlyInstalledApps, &settings, &["migrate", "--plan"]);
        assert_eq!(code, ExitCode::FAILURE);
        assert_eq!(
            err,
            "error: linked_app.Dish: app `linked_app` is not in installed apps, so it is not migrated\n"
        );
        // A program linking models it does not install may run.
        let (code, err) = execute_as(Linked::AnyModels, &settings, &["migrate", "--plan"]);
        assert_eq!((code, err.as_str()), (ExitCode::SUCCESS, ""));
        // Installed, the model is accepted.
        let installed = settings.installed_apps(["linked_app"]);
        let (code, err) = execute_as(Linked::OnlyInstalledApps, &installed, &["migrate", "--plan"]);
        assert_eq!((code, err.as_str()), (ExitCode::SUCCESS, ""));
    }
}
