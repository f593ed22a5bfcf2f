//! `check`: what would keep the installed apps' models from being migrated
//! as they are.

use std::io::Write;

use super::{load_migrations, makemigrations, CommandError, Result};
use crate::migrate::autodetect::NonInteractive;
use crate::{Error, Settings};

/// Finds, and prints one per line, the problems of the project: registered
/// models whose app is not installed (they are never migrated), installed
/// apps without a model, two latest migrations in one app, and models that
/// differ from their migrations. Returns them; none means all is well.
///
/// ```
/// use model_runtime::prelude::*;
/// use model_runtime::{manage, Settings};
///
/// #[derive(Model)]
/// #[model(app = "check_doc")]
/// pub struct Note {
///     #[field(primary_key)]
///     pub id: i64,
///     pub text: String,
/// }
///
/// let problems = manage::check(&Settings::new(), &mut std::io::sink())?;
/// assert!(problems.contains(
///     &"check_doc.Note: app `check_doc` is not in installed apps, so it is not migrated".to_string()
/// ));
/// # Ok::<(), manage::CommandError>(())
/// ```
pub fn check(settings: &Settings, out: &mut dyn Write) -> Result<Vec<String>> {
    settings.check_env()?;
    let mut problems = Vec::new();
    for model in crate::registry::models() {
        let schema = model.schema();
        if !settings.is_installed(&schema.app) {
            problems.push(format!(
                "{}.{}: app `{}` is not in installed apps, so it is not migrated",
                schema.app, schema.name, schema.app
            ));
        }
    }
    for app in settings.apps() {
        if crate::registry::models_of_app(app).is_empty() && settings.migrations_folder(app).is_none() {
            problems.push(format!(
                "app `{app}` is in installed apps, but no model of it is compiled into this binary"
            ));
        }
    }

    let graph = load_migrations(settings)?;
    let mut conflicted = false;
    for app in settings.apps() {
        let leaves = graph.leaves(app);
        if leaves.len() > 1 {
            conflicted = true;
            let names: Vec<&str> = leaves.iter().map(|k| k.name.as_str()).collect();
            problems.push(format!(
                "app `{app}` has conflicting migrations, {} all come last: make one depend on the others",
                names.join(", ")
            ));
        }
    }
    if !conflicted {
        match makemigrations::detect_changes(settings, &graph, &mut NonInteractive) {
            Ok(changes) => {
                for (app, operations) in changes {
                    let listed: Vec<String> = operations.iter().map(ToString::to_string).collect();
                    problems.push(format!(
                        "app `{app}`: the models have changes that no migration holds ({}): \
                         run `manage makemigrations`",
                        listed.join("; ")
                    ));
                }
            }
            Err(CommandError::Model(Error::NeedsInput(message))) => problems.push(format!(
                "the models have changes that no migration holds, and makemigrations will ask: {message}"
            )),
            Err(other) => return Err(other),
        }
    }

    for problem in &problems {
        writeln!(out, "{problem}")?;
    }
    match problems.len() {
        0 => writeln!(out, "System check identified no issues.")?,
        1 => writeln!(out, "System check identified 1 issue.")?,
        n => writeln!(out, "System check identified {n} issues.")?,
    }
    Ok(problems)
}
