//! The commands `manage` runs: the built-in ones and those other crates
//! contribute, all registered the same way, as Django's apps bring their
//! management commands.

use std::io::Write;

use model_runtime::Settings;

use crate::Result;

/// One `manage` command: its name, its arguments and what it does.
///
/// A crate adds a command to every manage binary that links it by
/// registering one with [`register_command!`](crate::register_command);
/// `model-manage` need not know the crate. The built-in commands
/// (`migrate`, `makemigrations`, ...) are registered the same way.
///
/// ```
/// use std::io::Write;
///
/// use model_manage::{CommandError, ManageCommand, Settings};
///
/// fn hello() -> model_manage::clap::Command {
///     model_manage::clap::Command::new("hello")
///         .about("Greet someone")
///         .arg(model_manage::clap::Arg::new("who").default_value("world"))
/// }
///
/// fn greet(args: &model_manage::clap::ArgMatches, _: &Settings, out: &mut dyn Write) -> Result<bool, CommandError> {
///     writeln!(out, "hello, {}", args.get_one::<String>("who").unwrap())?;
///     Ok(true)
/// }
///
/// model_manage::register_command!(ManageCommand::new("hello", hello, greet));
///
/// let (mut out, mut err) = (Vec::new(), Vec::new());
/// let code = model_manage::run_from(["manage", "hello", "you"], Settings::new(), &mut out, &mut err);
/// assert_eq!(code, std::process::ExitCode::SUCCESS);
/// assert_eq!(String::from_utf8(out).unwrap(), "hello, you\n");
/// ```
#[derive(Clone, Copy)]
pub struct ManageCommand {
    name: &'static str,
    command: fn() -> clap::Command,
    run: Run,
}

/// What a command does with its parsed arguments: `Ok(true)` when all is
/// well, `Ok(false)` when it found something to fix (exit code 1, as
/// `check` and `makemigrations --check` do), an error otherwise.
pub type Run = fn(&clap::ArgMatches, &Settings, &mut dyn Write) -> Result<bool>;

impl ManageCommand {
    /// A command named `name`, whose arguments and help `command` declares
    /// (its own name is replaced by `name`), run by `run`.
    pub const fn new(name: &'static str, command: fn() -> clap::Command, run: Run) -> ManageCommand {
        ManageCommand { name, command, run }
    }

    /// Its name on the command line.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Its arguments and help, as clap reads them.
    pub fn command(&self) -> clap::Command {
        (self.command)().name(self.name)
    }

    /// Runs it with arguments its [`command`](ManageCommand::command) parsed.
    pub fn run(&self, args: &clap::ArgMatches, settings: &Settings, out: &mut dyn Write) -> Result<bool> {
        (self.run)(args, settings, out)
    }
}

impl std::fmt::Debug for ManageCommand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ManageCommand")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

inventory::collect!(ManageCommand);

/// Every registered command, sorted by name, as `--help` lists them.
///
/// ```
/// let names: Vec<&str> = model_manage::commands().iter().map(|c| c.name()).collect();
/// assert!(names.contains(&"migrate") && names.contains(&"makemigrations"));
/// ```
pub fn commands() -> Vec<&'static ManageCommand> {
    let mut commands: Vec<&'static ManageCommand> = inventory::iter::<ManageCommand>.into_iter().collect();
    commands.sort_by_key(|c| c.name);
    commands
}

/// Adds a [`ManageCommand`] to every manage binary that links the calling
/// crate. Use it at the top level of a module, once per command (see
/// [`ManageCommand`] for a whole example).
#[macro_export]
macro_rules! register_command {
    ($command:expr $(,)?) => {
        $crate::__private::inventory::submit! { $command }
    };
}
