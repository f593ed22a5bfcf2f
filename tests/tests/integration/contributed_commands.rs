//! Commands other crates add to `manage`, as Django's apps bring their
//! management commands: registered outside model-manage, run and listed as
//! the built-in ones are.

use std::io::Write;
use std::process::ExitCode;

use model_manage::clap::{Arg, ArgMatches, Command};
use model_manage::{CommandError, ManageCommand, Settings};

fn greet_arguments() -> Command {
    Command::new("greet")
        .about("Greet someone from the installed apps")
        .arg(Arg::new("name").required(true))
}

fn greet(args: &ArgMatches, settings: &Settings, out: &mut dyn Write) -> Result<bool, CommandError> {
    let name = args.get_one::<String>("name").expect("clap requires it");
    writeln!(out, "hello {name}, from {}", settings.apps().join(" and "))?;
    Ok(true)
}

model_manage::register_command!(ManageCommand::new("greet", greet_arguments, greet));

fn moon_arguments() -> Command {
    Command::new("moon").about("Refuse while the moon is full")
}

fn moon(_: &ArgMatches, _: &Settings, _: &mut dyn Write) -> Result<bool, CommandError> {
    Err(CommandError::Other("the moon is full".into()))
}

model_manage::register_command!(ManageCommand::new("moon", moon_arguments, moon));

/// Runs `manage` with `args`, returning the exit code and both outputs.
fn manage(args: &[&str]) -> (ExitCode, String, String) {
    let settings = Settings::new()
        .installed_apps(["littlelemon", "keys"])
        .database_url("sqlite::memory:");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let words = std::iter::once("manage").chain(args.iter().copied());
    let code = model_manage::run_from(words, settings, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

#[test]
fn a_command_registered_by_another_crate_runs_with_its_arguments_and_the_settings() {
    let (code, out, err) = manage(&["greet", "Ada"]);
    assert_eq!(code, ExitCode::SUCCESS, "{err}");
    assert_eq!(out, "hello Ada, from littlelemon and keys\n");
    assert_eq!(err, "");
}

#[test]
fn help_lists_contributed_commands_beside_the_built_in_ones() {
    let (code, out, _) = manage(&["--help"]);
    assert_eq!(code, ExitCode::SUCCESS);
    for line in [
        "greet",
        "Greet someone from the installed apps",
        "moon",
        "migrate",
        "makemigrations",
    ] {
        assert!(out.contains(line), "`{line}` missing from:\n{out}");
    }

    let (code, out, _) = manage(&["greet", "--help"]);
    assert_eq!(code, ExitCode::SUCCESS);
    assert!(out.contains("Usage: manage greet <name>"), "{out}");
}

#[test]
fn a_contributed_commands_failure_prints_as_an_error_and_exits_with_1() {
    let (code, out, err) = manage(&["moon"]);
    assert_eq!(code, ExitCode::FAILURE);
    assert_eq!(out, "");
    assert_eq!(err, "error: the moon is full\n");
}

#[test]
fn clap_checks_a_contributed_commands_arguments_and_exits_with_2() {
    let (code, out, err) = manage(&["greet"]);
    assert_eq!(code, ExitCode::from(2));
    assert_eq!(out, "");
    assert!(err.contains("<name>"), "{err}");
}

#[test]
fn the_registry_lists_every_command_once_sorted_by_name() {
    let names: Vec<&str> = model_manage::commands().iter().map(|c| c.name()).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(names, sorted);
    for name in [
        "check",
        "greet",
        "inspectdb",
        "makemigrations",
        "migrate",
        "moon",
        "showmigrations",
    ] {
        assert!(names.contains(&name), "{name} not in {names:?}");
    }
}
