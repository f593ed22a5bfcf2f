//! The built-in commands, registered as any other crate registers its own:
//! each one's arguments parsed into its arguments struct and handed to its
//! library function.

use std::io::{IsTerminal, Write};

use clap::{Args, FromArgMatches};
use model_migrations::autodetect::{Interactive, NoOneToAsk, Questioner, Unattended};
use model_runtime::Settings;

use crate::command::ManageCommand;
use crate::{
    check_with, confirm_flush, dumpdata, flush, inspectdb, loaddata, makemigrations, migrate, showmigrations,
    sqlmigrate, squashmigrations, startapp, CheckArgs, DumpdataArgs, FlushArgs, InspectdbArgs, LoaddataArgs,
    MakemigrationsArgs, MigrateArgs, Result, ShowmigrationsArgs, SqlmigrateArgs, SquashmigrationsArgs,
    StartappArgs,
};

/// Declares a built-in command: its name, its help line, its arguments
/// struct, and what its run makes of the library function's result.
macro_rules! builtin {
    ($name:literal, $about:literal, $args:ty, |$parsed:ident, $settings:ident, $out:ident| $body:expr) => {
        crate::register_command!(ManageCommand::new(
            $name,
            || <$args>::augment_args(clap::Command::new($name).about($about)),
            |matches: &clap::ArgMatches, $settings: &Settings, $out: &mut dyn Write| -> Result<bool> {
                let $parsed = <$args>::from_arg_matches(matches)?;
                $body
            },
        ));
    };
}

builtin!(
    "makemigrations",
    "Write new migrations for the changes made to the models",
    MakemigrationsArgs,
    |args, settings, out| {
        let mut questioner = questioner(&args);
        let made = makemigrations(settings, &args, questioner.as_mut(), out)?;
        // --check fails on a change; otherwise making one is success.
        Ok(!args.check || made.is_empty())
    }
);

builtin!(
    "migrate",
    "Apply or unapply migrations, to the latest or to a named one",
    MigrateArgs,
    |args, settings, out| migrate(settings, &args, out).map(|_| true)
);

builtin!(
    "showmigrations",
    "List the migrations, applied [X] or not [ ]",
    ShowmigrationsArgs,
    |args, settings, out| showmigrations(settings, &args, out).map(|_| true)
);

builtin!(
    "sqlmigrate",
    "Print the SQL of one migration, without running it",
    SqlmigrateArgs,
    |args, settings, out| sqlmigrate(settings, &args, out).map(|_| true)
);

builtin!(
    "squashmigrations",
    "Write one migration that replaces a run of an app's migrations",
    SquashmigrationsArgs,
    |args, settings, out| squashmigrations(settings, &args, out).map(|_| true)
);

builtin!(
    "check",
    "Report what keeps the models from being migrated as they are; with --database, also how the \
     database differs from its migrations",
    CheckArgs,
    |args, settings, out| check_with(settings, &args, out).map(|problems| problems.is_empty())
);

builtin!(
    "dumpdata",
    "Write the rows of the installed apps' models (or those named) as a JSON fixture",
    DumpdataArgs,
    |args, settings, out| dumpdata(settings, &args, out).map(|_| true)
);

builtin!(
    "loaddata",
    "Write the rows of JSON fixtures into the database, all or nothing",
    LoaddataArgs,
    |args, settings, out| loaddata(settings, &args, out).map(|_| true)
);

builtin!(
    "flush",
    "Delete every row of the installed apps' tables, keeping their migrations applied",
    FlushArgs,
    |args, settings, out| {
        if !args.no_input {
            if !std::io::stdin().is_terminal() {
                return Err(crate::flush::unconfirmed());
            }
            if !confirm_flush(&mut std::io::stdin().lock(), out)? {
                writeln!(out, "Flush cancelled.")?;
                return Ok(true);
            }
        }
        flush(settings, out).map(|_| true)
    }
);

builtin!(
    "inspectdb",
    "Print models for the tables of an existing database",
    InspectdbArgs,
    |args, settings, out| inspectdb(settings, &args, out).map(|_| true)
);

builtin!(
    "startapp",
    "Write a new app's crate in the project's folder (the current one) and install it",
    StartappArgs,
    |args, _settings, out| startapp(&args, std::path::Path::new("."), out).map(|_| true)
);

/// Questions go to a person at a terminal; anywhere else, or with
/// `--no-input`, the command refuses where an answer could lose data, and
/// says why no one was asked.
fn questioner(args: &MakemigrationsArgs) -> Box<dyn Questioner> {
    let why = if args.no_input {
        NoOneToAsk::NoInputFlag
    } else if !std::io::stdin().is_terminal() {
        NoOneToAsk::NotATerminal
    } else {
        return Box::new(Interactive::new(std::io::stdin().lock(), std::io::stdout()));
    };
    Box::new(Unattended {
        why,
        not_renamed: args.not_renamed,
    })
}
