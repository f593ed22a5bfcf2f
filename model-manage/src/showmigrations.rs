//! `showmigrations`: which migrations the database has applied.

use std::collections::BTreeSet;
use std::io::Write;

use model_migrations::history::HistoryProblem;
use model_migrations::load_migrations;
use model_migrations::MigrationError;
use model_migrations::{Executor, MigrationKey};
use model_runtime::Settings;

use crate::{CommandError, Result};

/// `showmigrations [app...] [--plan]`.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct ShowmigrationsArgs {
    /// Show only these apps; every installed app when none is given.
    #[arg(value_name = "APP")]
    pub apps: Vec<String>,
    /// One list in the order `migrate` would apply them, rather than per app.
    #[arg(long)]
    pub plan: bool,
}

/// Lists the migrations of the installed apps, `[X]` for applied, `[ ]`
/// for pending and `[~]` for one MySQL applied in part (`migrate` says how
/// to resolve it), per app as Django does, or in the order they apply with
/// `--plan`. Returns the applied ones. Refused, naming the migration, when
/// an applied migration's file was edited or deleted since.
///
/// ```
/// use model_manage::{showmigrations, ShowmigrationsArgs};
/// use model_runtime::Settings;
///
/// let dir = std::env::temp_dir().join(format!("showmigrations-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// std::fs::write(dir.join("0001_initial.toml"), "app = \"shop\"\n").unwrap();
/// let settings = Settings::new()
///     .installed_apps(["shop"])
///     .migrations_dir("shop", &dir)
///     .database_url("sqlite::memory:");
///
/// let mut out = Vec::new();
/// showmigrations(&settings, &ShowmigrationsArgs::default(), &mut out)?;
/// assert_eq!(String::from_utf8(out).unwrap(), "shop\n [ ] 0001_initial\n");
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), model_manage::CommandError>(())
/// ```
pub fn showmigrations(
    settings: &Settings,
    args: &ShowmigrationsArgs,
    out: &mut dyn Write,
) -> Result<BTreeSet<MigrationKey>> {
    if let Some(app) = args.apps.iter().find(|app| !settings.is_installed(app)) {
        return Err(CommandError::Refused(format!(
            "app `{app}` is not in installed apps ({})",
            settings.apps().join(", ")
        )));
    }
    let files = load_migrations(settings)?;
    let mut conn = settings.connect()?;
    let executor = Executor::new(&mut conn, &files)?;
    // Squashes or what they replace, as the database's history says.
    let graph = executor.graph().clone();
    // A listing built from a history that no longer matches the files
    // would mislead; a partial application is what the listing shows.
    let problems: Vec<HistoryProblem> = executor
        .verify()
        .into_iter()
        .filter(|p| matches!(p, HistoryProblem::Edited { .. } | HistoryProblem::Missing { .. }))
        .collect();
    if !problems.is_empty() {
        return Err(MigrationError::History(problems).into());
    }
    let applied = executor.applied().clone();
    let partial: BTreeSet<MigrationKey> = executor
        .history()
        .iter()
        .filter(|row| !row.is_complete())
        .map(|row| row.key.clone())
        .collect();
    drop(executor);
    let mark = |key: &MigrationKey| {
        if applied.contains(key) {
            "[X]"
        } else if partial.contains(key) {
            "[~]"
        } else {
            "[ ]"
        }
    };

    let mut apps: Vec<&String> = if args.apps.is_empty() {
        settings.apps().iter().collect()
    } else {
        args.apps.iter().collect()
    };
    apps.sort();
    apps.dedup();

    if args.plan {
        // Everything the chosen apps' latest migrations need, dependencies
        // of other apps included, in the order migrate runs them.
        let mut wanted = BTreeSet::new();
        for app in &apps {
            for leaf in graph.leaves(app) {
                wanted.extend(graph.forwards_plan(&leaf));
            }
        }
        for migration in graph.ordered() {
            let key = migration.key();
            if wanted.contains(&key) {
                writeln!(out, "{}  {key}", mark(&key))?;
            }
        }
        if wanted.is_empty() {
            writeln!(out, "(no migrations)")?;
        }
        return Ok(applied);
    }

    for app in apps {
        writeln!(out, "{app}")?;
        let mut any = false;
        for migration in graph.ordered().into_iter().filter(|m| &m.app == app) {
            let squashed = match migration.replaces.len() {
                0 => String::new(),
                n => format!(" ({n} squashed migrations)"),
            };
            writeln!(out, " {} {}{squashed}", mark(&migration.key()), migration.name)?;
            any = true;
        }
        if !any {
            writeln!(out, " (no migrations)")?;
        }
    }
    Ok(applied)
}
