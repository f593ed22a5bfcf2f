//! The command line: clap's view of the registered commands, and nothing
//! else.

use crate::command::ManageCommand;

/// The `manage` command line, with one subcommand per registered command.
/// Two commands of one name are refused, naming it: which one ran would
/// depend on the linker.
pub(crate) fn command_line(commands: &[&ManageCommand]) -> Result<clap::Command, String> {
    if let Some(pair) = commands.windows(2).find(|pair| pair[0].name() == pair[1].name()) {
        return Err(format!(
            "two linked crates register a manage command named `{}`",
            pair[0].name()
        ));
    }
    let cli = clap::Command::new("manage")
        .about("Manage the project's models: migrations, checks")
        .long_about(
            "Manage the project's models, as Django's manage.py does.\n\n\
             The database is DATABASE_URL (also read from .env), else db.sqlite3.",
        )
        .subcommand_required(true)
        .arg_required_else_help(true)
        // `manage --version` names the version of the commands, as
        // `manage.py --version` names Django's.
        .version(env!("CARGO_PKG_VERSION"));
    Ok(commands.iter().fold(cli, |cli, c| cli.subcommand(c.command())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nothing() -> clap::Command {
        clap::Command::new("nothing")
    }

    fn ok(
        _: &clap::ArgMatches,
        _: &model_runtime::Settings,
        _: &mut dyn std::io::Write,
    ) -> crate::Result<bool> {
        Ok(true)
    }

    #[test]
    fn version_prints_the_version_of_the_commands() {
        let error = command_line(&[])
            .unwrap()
            .try_get_matches_from(["manage", "--version"])
            .unwrap_err();
        assert_eq!(error.kind(), clap::error::ErrorKind::DisplayVersion);
        assert_eq!(
            error.render().to_string(),
            format!("manage {}\n", env!("CARGO_PKG_VERSION"))
        );
        assert_eq!(error.exit_code(), 0);
    }

    #[test]
    fn two_commands_of_one_name_are_refused_by_name() {
        let twice = ManageCommand::new("twice", nothing, ok);
        let error = command_line(&[&twice, &twice]).unwrap_err();
        assert_eq!(error, "two linked crates register a manage command named `twice`");
    }
}
