//! `migrate`: takes the database to the latest migrations, or to a named
//! one, forwards or backwards.

use std::io::Write;

use model_migrations::autodetect::NonInteractive;
use model_migrations::load_migrations;
use model_migrations::MigrationError;
use model_migrations::{
    executor, Executor, MigrateOptions, MigrationGraph, MigrationKey, Outcome, Step, Target,
};
use model_runtime::{Backend, Settings};

use crate::{conflicts, makemigrations, CommandError, PostMigrate, Result};

/// `migrate [app [target|zero]] [--plan] [--fake] [--fake-initial]`.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct MigrateArgs {
    /// Migrate only this app.
    #[arg(value_name = "APP")]
    pub app: Option<String>,
    /// The app's migration to go to, forwards or backwards (a prefix such as
    /// `0001` is enough), or `zero` to unapply all of them.
    #[arg(value_name = "TARGET", requires = "app")]
    pub target: Option<String>,
    /// Show the steps, with their operations, and run nothing.
    #[arg(long)]
    pub plan: bool,
    /// Record the migrations as applied (or unapplied) without running them;
    /// also how a migration MySQL applied in part is recorded complete (to
    /// it) or cleared (to the one before it).
    #[arg(long)]
    pub fake: bool,
    /// Record an initial migration as applied without running it when its
    /// tables are already there.
    #[arg(long)]
    pub fake_initial: bool,
}

/// Takes the database to the target `args` names: every installed app to
/// its latest migration by default. Prints each step as Django does
/// (`Applying littlelemon.0001_initial... OK`) and returns them.
///
/// One `migrate` runs at a time on a database: a second one waits for the
/// migration lock, then plans from the history the first left, so two
/// processes started at once apply each migration once. Before anything
/// runs, every target, `--plan` and `--fake` included, is refused with
/// [`MigrationError::History`] when the history disagrees with the files (see
/// [`history::verify`](model_migrations::history::verify)): an applied
/// migration whose file was edited (both checksums named) or deleted, one
/// applied before its dependency, or one MySQL applied in part. The last
/// has two ways out, both `--fake`: to the migration itself, once the
/// database was completed by hand, records it as applied; to the migration
/// before it (or `zero`), once what ran was undone by hand, clears it.
/// An app whose history branched (two latest migrations) is refused with
/// both names, until `makemigrations --merge` joins them.
///
/// Going back in one app (`migrate auth zero`) is refused while another
/// app's applied migrations depend on what it would unapply: the error
/// names them and the command to unapply them first.
///
/// After the steps, still under the lock, each installed app's
/// [`PostMigrateHook`](crate::PostMigrateHook) runs, as Django's
/// `post_migrate` signal does (`auth` makes the permissions of new models).
///
/// A squashed migration stands for the ones it replaces: a database that
/// applied none of them applies the squash, one that applied them all has
/// applied the squash (recorded on its next `migrate`), one that applied
/// some applies the rest one by one.
///
/// ```
/// use model_manage::{migrate, MigrateArgs};
/// use model_runtime::Settings;
///
/// let settings = Settings::new().database_url("sqlite::memory:");
/// let mut out = Vec::new();
/// let steps = migrate(&settings, &MigrateArgs::default(), &mut out)?;
/// assert!(steps.is_empty());
/// assert!(String::from_utf8(out).unwrap().contains("No migrations to apply."));
/// # Ok::<(), model_manage::CommandError>(())
/// ```
pub fn migrate(settings: &Settings, args: &MigrateArgs, out: &mut dyn Write) -> Result<Vec<(Step, Outcome)>> {
    let files = load_migrations(settings)?;
    conflicts::refuse_conflicts(&files, settings.apps())?;
    let mut conn = settings.connect()?;
    let backend = conn.backend_kind();
    let options = MigrateOptions {
        fake: args.fake,
        fake_initial: args.fake_initial,
    };
    // A run that changes the database waits for any other to finish, then
    // plans from the history that one left; --plan only reads.
    let mut executor = if args.plan {
        Executor::new(&mut conn, &files)?
    } else {
        Executor::locked(&mut conn, &files)?
    };
    // Squashes or what they replace, as the database's history says.
    let graph = executor.graph().clone();
    let target = target(settings, &graph, args)?;
    let steps = executor.plan_with(&target, &options)?;
    refuse_unapplying_other_apps(&graph, &target, &steps)?;

    if args.plan {
        print_plan(&graph, &steps, backend, out)?;
        return Ok(Vec::new());
    }
    executor.complete_history()?;

    writeln!(out, "Operations to perform:")?;
    match &target {
        Target::Latest if graph.apps().is_empty() => writeln!(out, "  Apply all migrations: (none)")?,
        Target::Latest => writeln!(out, "  Apply all migrations: {}", graph.apps().join(", "))?,
        Target::AppLatest(app) => writeln!(out, "  Apply all migrations: {app}")?,
        Target::Migration(key) => {
            writeln!(out, "  Target specific migration: {}, from {}", key.name, key.app)?
        }
        Target::Zero(app) => writeln!(out, "  Unapply all migrations: {app}")?,
    }
    writeln!(out, "Running migrations:")?;
    if steps.is_empty() {
        writeln!(out, "  No migrations to apply.")?;
    }
    let mut done = Vec::with_capacity(steps.len());
    for step in steps {
        let verb = if step.backwards { "Unapplying" } else { "Applying" };
        write!(out, "  {verb} {}...", step.migration)?;
        // Shown before a long migration runs, not after.
        out.flush()?;
        let outcome = match executor.run(&step, &options) {
            Ok(outcome) => outcome,
            Err(error) => {
                writeln!(out, " FAILED")?;
                return Err(error.into());
            }
        };
        let word = match outcome {
            Outcome::Applied | Outcome::Unapplied => "OK",
            Outcome::Faked => "FAKED",
            Outcome::FakedInitial => "FAKED (its tables were already there)",
            Outcome::AlreadyDone if step.backwards => "SKIPPED (another migrate unapplied it meanwhile)",
            Outcome::AlreadyDone => "SKIPPED (another migrate applied it meanwhile)",
        };
        writeln!(out, " {word}")?;
        done.push((step, outcome));
    }
    // A squash whose replaced migrations this run finished is recorded now.
    executor.complete_history()?;
    // Still under the lock (taken again, it reads the history afresh): two
    // runs never make the same rows at once.
    executor.lock()?;
    let applied = executor.applied().clone();
    crate::post_migrate::run_hooks(&mut PostMigrate {
        settings,
        connection: executor.connection(),
        applied: &applied,
        out,
    })?;
    drop(executor);

    if matches!(target, Target::Latest | Target::AppLatest(_)) {
        warn_of_unmigrated_changes(settings, &graph, out)?;
    }
    Ok(done)
}

/// The `Target` for the command line's `[app [target|zero]]`.
fn target(settings: &Settings, graph: &MigrationGraph, args: &MigrateArgs) -> Result<Target> {
    let Some(app) = &args.app else {
        return Ok(Target::Latest);
    };
    if !settings.is_installed(app) {
        return Err(CommandError::Refused(format!(
            "app `{app}` is not in installed apps ({})",
            settings.apps().join(", ")
        )));
    }
    if graph.migrations_of(app).next().is_none() {
        return Err(CommandError::Refused(format!(
            "app `{app}` has no migrations: run makemigrations {app}"
        )));
    }
    Ok(match args.target.as_deref() {
        None => Target::AppLatest(app.clone()),
        Some("zero") => Target::Zero(app.clone()),
        Some(prefix) => Target::Migration(graph.find(app, prefix)?),
    })
}

/// Going back in one app never unapplies another app's migrations behind
/// the user's back (Django does, and drops their tables): while an applied
/// migration of another app depends on what would be unapplied, the
/// command is refused, naming it and the command that unapplies it first.
fn refuse_unapplying_other_apps(graph: &MigrationGraph, target: &Target, steps: &[Step]) -> Result<()> {
    let app = match target {
        Target::Zero(app) => app,
        Target::Migration(key) => &key.app,
        Target::Latest | Target::AppLatest(_) => return Ok(()),
    };
    // Steps run dependents first: the last step of another app is its
    // earliest migration to unapply.
    let mut first_of_app: Vec<&MigrationKey> = Vec::new();
    for step in steps
        .iter()
        .rev()
        .filter(|s| s.backwards && &s.migration.app != app)
    {
        if !first_of_app.iter().any(|k| k.app == step.migration.app) {
            first_of_app.push(&step.migration);
        }
    }
    let Some(first) = first_of_app.first() else {
        return Ok(());
    };
    let named: Vec<String> = steps
        .iter()
        .filter(|s| s.backwards && &s.migration.app != app)
        .map(|s| s.migration.to_string())
        .collect();
    let before = graph
        .forwards_plan(first)
        .into_iter()
        .rfind(|k| k.app == first.app && k != *first)
        .map_or_else(|| "zero".to_string(), |k| k.name);
    Err(CommandError::Refused(format!(
        "cannot unapply {app}'s migrations while other apps' applied migrations depend on them: {}; \
         unapply those first (`manage migrate {} {before}`)",
        named.join(", "),
        first.app
    )))
}

/// `--plan`: each step with its operations, destructive ones flagged.
fn print_plan(graph: &MigrationGraph, steps: &[Step], backend: Backend, out: &mut dyn Write) -> Result<()> {
    writeln!(out, "Planned operations:")?;
    if steps.is_empty() {
        writeln!(out, "  No planned migration operations.")?;
    }
    for step in steps {
        let verb = if step.backwards { "Unapply" } else { "Apply" };
        writeln!(out, "{verb} {}", step.migration)?;
        let operations = executor::migration_sql(graph, &step.migration, step.backwards, backend)?;
        if operations.is_empty() {
            writeln!(out, "    (no operations)")?;
        }
        for operation in operations {
            let flag = if operation.destructive {
                crate::DESTRUCTIVE
            } else {
                ""
            };
            writeln!(out, "    - {}{flag}", operation.description)?;
        }
    }
    Ok(())
}

/// Django's reminder that a model change will not reach the database
/// until it is in a migration.
fn warn_of_unmigrated_changes(
    settings: &Settings,
    graph: &MigrationGraph,
    out: &mut dyn Write,
) -> Result<()> {
    let which = match makemigrations::detect_changes(settings, graph, &mut NonInteractive) {
        Ok(changes) if changes.is_empty() => return Ok(()),
        Ok(changes) => {
            let quoted: Vec<String> = changes.keys().map(|a| format!("'{a}'")).collect();
            format!(" in app(s): {}", quoted.join(", "))
        }
        // Needing an answer means there is a change to ask about.
        Err(CommandError::Migration(MigrationError::NeedsInput { .. })) => String::new(),
        Err(_) => return Ok(()),
    };
    writeln!(
        out,
        "  Your models{which} have changes that are not yet reflected in a migration, \
         and so won't be applied.\n  Run `manage makemigrations` to make new migrations, \
         and then `manage migrate` to apply them."
    )?;
    Ok(())
}
