//! `manage shell [-c CODE]` and `manage dbshell`, contributed to every
//! manage binary that links this crate.

use std::io::{IsTerminal, Read, Write};

use model_manage::clap::{Arg, ArgMatches, Command};
use model_manage::{CommandError, ManageCommand, Settings};

use crate::shell::Shell;

fn shell_command() -> Command {
    Command::new("shell")
        .about("Work with the installed models in an interactive shell, or run a script (-c CODE, or standard input)")
        .arg(
            Arg::new("command")
                .short('c')
                .long("command")
                .value_name("CODE")
                .help("Run CODE and exit, instead of starting the interactive shell"),
        )
}

fn shell(args: &ArgMatches, settings: &Settings, out: &mut dyn Write) -> Result<bool, CommandError> {
    let conn = settings.connect()?;
    let mut shell = Shell::new(conn, settings.apps());
    if let Some(code) = args.get_one::<String>("command") {
        return run_script(&mut shell, code, out);
    }
    if std::io::stdin().is_terminal() {
        return crate::repl::interact(&mut shell, out).map(|()| true);
    }
    let mut code = String::new();
    std::io::stdin().read_to_string(&mut code)?;
    run_script(&mut shell, &code, out)
}

/// Runs a whole script; its first error ends it, and the command fails.
fn run_script(shell: &mut Shell, code: &str, out: &mut dyn Write) -> Result<bool, CommandError> {
    match shell.run(code) {
        Ok(outcome) => {
            out.write_all(outcome.printed.as_bytes())?;
            Ok(true)
        }
        Err(error) => {
            out.write_all(error.printed.as_bytes())?;
            Err(CommandError::Refused(error.to_string()))
        }
    }
}

fn dbshell_command() -> Command {
    Command::new("dbshell").about("Open the database's own command-line client on the settings' database")
}

fn dbshell(_: &ArgMatches, settings: &Settings, _: &mut dyn Write) -> Result<bool, CommandError> {
    crate::dbshell::run(settings.url()).map_err(|e| CommandError::Refused(e.to_string()))
}

model_manage::register_command!(ManageCommand::new("shell", shell_command, shell));
model_manage::register_command!(ManageCommand::new("dbshell", dbshell_command, dbshell));
