//! The commands `auth` and `sessions` bring to every manage binary that
//! links this crate: `createsuperuser`, `changepassword`, `clearsessions`.
//! Each is a library function too, taking its answers from a [`Prompt`].

mod changepassword;
mod clearsessions;
mod createsuperuser;
mod prompt;

pub use self::changepassword::{changepassword, ChangepasswordArgs};
pub use self::clearsessions::{clearsessions, ClearsessionsArgs};
pub use self::createsuperuser::{createsuperuser, CreatesuperuserArgs};
pub use self::prompt::{Prompt, ScriptedPrompt, TerminalPrompt};

use std::io::IsTerminal;

use model_manage::clap::{Args, FromArgMatches};
use model_manage::{register_command, CommandError, ManageCommand};

/// A command failed in this crate's own way: wrapped for `manage`.
pub(crate) fn failed(error: impl Into<crate::AuthError>) -> CommandError {
    CommandError::Other(Box::new(error.into()))
}

/// Questions go to the person at the terminal; a command whose stdin is not
/// one reads its answers from it, a line each, for scripts.
fn prompt() -> Box<dyn Prompt> {
    match std::io::stdin().is_terminal() {
        true => Box::new(TerminalPrompt),
        false => Box::new(ScriptedPrompt::new(std::io::stdin().lock())),
    }
}

register_command!(ManageCommand::new(
    "createsuperuser",
    || CreatesuperuserArgs::augment_args(
        model_manage::clap::Command::new("createsuperuser")
            .about("Create a user who may do everything and log in to the admin")
    ),
    |matches, settings, out| {
        let args = CreatesuperuserArgs::from_arg_matches(matches)?;
        createsuperuser(settings, &args, prompt().as_mut(), out).map(|_| true)
    },
));

register_command!(ManageCommand::new(
    "changepassword",
    || ChangepasswordArgs::augment_args(
        model_manage::clap::Command::new("changepassword")
            .about("Change a user's password, ending their other sessions")
    ),
    |matches, settings, out| {
        let args = ChangepasswordArgs::from_arg_matches(matches)?;
        changepassword(settings, &args, prompt().as_mut(), out).map(|_| true)
    },
));

register_command!(ManageCommand::new(
    "clearsessions",
    || ClearsessionsArgs::augment_args(
        model_manage::clap::Command::new("clearsessions")
            .about("Delete expired sessions and old failed logins")
    ),
    |matches, settings, out| {
        let args = ClearsessionsArgs::from_arg_matches(matches)?;
        clearsessions(settings, &args, out).map(|_| true)
    },
));

/// The database, once its `auth` and `sessions` tables are there: a
/// database not yet migrated gets an error saying so, not a missing table.
fn connect_migrated(settings: &model_manage::Settings) -> model_manage::Result<model_runtime::Connection> {
    let graph = model_migrations::load_migrations(settings)?;
    let mut conn = settings.connect()?;
    let applied = model_migrations::Executor::new(&mut conn, &graph)?
        .applied()
        .clone();
    for app in ["auth", "sessions"] {
        if !settings.is_installed(app) {
            return Err(CommandError::Refused(format!(
                "app `{app}` is not in installed apps ({}): add it, before the project's apps",
                settings.apps().join(", ")
            )));
        }
        if !applied.contains(&model_migrations::MigrationKey::new(app, "0001_initial")) {
            return Err(CommandError::Refused(format!(
                "the `{app}` tables are not there yet: run `manage migrate` first"
            )));
        }
    }
    Ok(conn)
}
