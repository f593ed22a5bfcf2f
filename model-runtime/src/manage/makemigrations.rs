//! `makemigrations`: the difference between the compiled models and the
//! state the migration files lead to, written as new migration files.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{load_migrations, merge, CommandError, Result};
use crate::migrate::autodetect::{self, Questioner};
use crate::migrate::{Migration, MigrationGraph, MigrationKey, Operation, ProjectState};
use crate::Settings;

/// `makemigrations [app...] [--name N] [--empty] [--merge] [--dry-run] [--check] [--no-input]`.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct MakemigrationsArgs {
    /// The apps to make migrations for; every installed app when none is given.
    #[arg(value_name = "APP")]
    pub apps: Vec<String>,
    /// The new migration's name, after its number, rather than one made up
    /// from its operations.
    #[arg(short, long, value_name = "N")]
    pub name: Option<String>,
    /// Write an empty migration, for a data migration written by hand.
    #[arg(long)]
    pub empty: bool,
    /// Join a history that branched (two latest migrations in one app) with
    /// a migration depending on both.
    #[arg(long, conflicts_with = "empty")]
    pub merge: bool,
    /// Show what would be written, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Write nothing; exit 1 when the models have changes that no migration holds.
    #[arg(long)]
    pub check: bool,
    /// Ask nothing: renames are not assumed, and a needed one-off default is an error.
    #[arg(long = "no-input", visible_alias = "noinput")]
    pub no_input: bool,
}

/// A migration `makemigrations` made.
#[derive(Clone, Debug, PartialEq)]
pub struct NewMigration {
    /// Where its file goes.
    pub path: PathBuf,
    /// The migration.
    pub migration: Migration,
    /// Whether the file was written (not with `--dry-run` or `--check`).
    pub written: bool,
}

/// Compares the models of the installed apps with the state their migration
/// files lead to, and writes the difference as new migration files, one per
/// app, numbered after the app's latest migration. Returns what it made:
/// nothing when the models and the migrations agree.
///
/// `questioner` answers what the models cannot say (a rename, a one-off
/// default); [`NonInteractive`](autodetect::NonInteractive) takes the safe
/// answer or refuses.
///
/// ```no_run
/// use model_runtime::manage::{makemigrations, MakemigrationsArgs};
/// use model_runtime::migrate::autodetect::NonInteractive;
/// use model_runtime::Settings;
///
/// let settings = Settings::from_env().installed_apps(["littlelemon"]);
/// let args = MakemigrationsArgs { check: true, ..Default::default() };
/// let made = makemigrations(&settings, &args, &mut NonInteractive, &mut std::io::stdout())?;
/// if !made.is_empty() {
///     eprintln!("the models have changes without a migration");
/// }
/// # Ok::<(), model_runtime::manage::CommandError>(())
/// ```
pub fn makemigrations(
    settings: &Settings,
    args: &MakemigrationsArgs,
    questioner: &mut dyn Questioner,
    out: &mut dyn Write,
) -> Result<Vec<NewMigration>> {
    settings.check_env()?;
    check_apps(settings, &args.apps)?;
    if let Some(name) = &args.name {
        crate::migrate::autodetect::check_name(name)?;
    }
    let writes = !args.dry_run && !args.check;
    if writes && settings.uses_embedded_migrations_only() {
        return Err(CommandError::Refused(format!(
            "makemigrations writes migration files, so it reads them from disk: unset {}",
            Settings::EMBEDDED_MIGRATIONS_VAR
        )));
    }
    let graph = load_migrations(settings)?;
    if args.merge {
        return merge::merge(settings, &graph, args, out);
    }

    let migrations = if args.empty {
        if args.apps.is_empty() {
            return Err(CommandError::Refused(
                "--empty needs the app to make the migration for: makemigrations --empty APP".into(),
            ));
        }
        args.apps
            .iter()
            .map(|app| empty_migration(&graph, app, args.name.as_deref()))
            .collect::<Result<Vec<_>>>()?
    } else {
        let apps: Vec<&String> = if args.apps.is_empty() {
            settings.apps().iter().collect()
        } else {
            args.apps.iter().collect()
        };
        merge::refuse_conflicts(&graph, apps.iter().copied())?;
        let changes = detect_changes(settings, &graph, questioner)?
            .into_iter()
            .filter(|(app, operations)| apps.contains(&app) && !operations.is_empty())
            .collect::<BTreeMap<_, _>>();
        if changes.is_empty() {
            return no_changes(&args.apps, out).map(|()| Vec::new());
        }
        autodetect::arrange(changes, &graph, args.name.as_deref())?
    };

    let mut made = Vec::with_capacity(migrations.len());
    for migration in migrations {
        let folder = settings.migrations_folder(&migration.app).ok_or_else(|| {
            CommandError::Refused(format!(
                "no folder for the migrations of `{}`: no model of it is registered; \
                 set one with Settings::migrations_dir",
                migration.app
            ))
        })?;
        let path = folder.join(format!("{}.toml", migration.name));
        report(&migration, &path, out)?;
        if writes {
            let text = if args.empty {
                empty_file(&migration)
            } else {
                migration.to_toml()
            };
            write_new_file(&folder, &path, &text)?;
        }
        made.push(NewMigration {
            path,
            migration,
            written: writes,
        });
    }
    Ok(made)
}

/// The changes between the migrations and the models of the installed
/// apps, per app (empty lists left out).
pub(crate) fn detect_changes(
    settings: &Settings,
    graph: &MigrationGraph,
    questioner: &mut dyn Questioner,
) -> Result<BTreeMap<String, Vec<Operation>>> {
    let from = graph.final_state()?;
    let to = ProjectState::from_registry(settings.apps());
    let mut changes = autodetect::detect(&from, &to, questioner)?;
    changes.retain(|_, operations| !operations.is_empty());
    Ok(changes)
}

fn check_apps(settings: &Settings, apps: &[String]) -> Result<()> {
    match apps.iter().find(|app| !settings.is_installed(app)) {
        Some(app) => Err(CommandError::Refused(format!(
            "app `{app}` is not in installed apps ({})",
            settings.apps().join(", ")
        ))),
        None => Ok(()),
    }
}

fn no_changes(apps: &[String], out: &mut dyn Write) -> Result<()> {
    let quoted: Vec<String> = apps.iter().map(|a| format!("'{a}'")).collect();
    match quoted.len() {
        0 => writeln!(out, "No changes detected")?,
        1 => writeln!(out, "No changes detected in app {}", quoted[0])?,
        _ => writeln!(out, "No changes detected in apps {}", quoted.join(", "))?,
    }
    Ok(())
}

/// Django's listing: the app, the file, its operations.
fn report(migration: &Migration, path: &Path, out: &mut dyn Write) -> Result<()> {
    writeln!(out, "Migrations for '{}':", migration.app)?;
    writeln!(out, "  {}", shown_path(path).display())?;
    for operation in &migration.operations {
        writeln!(out, "    - {operation}")?;
    }
    Ok(())
}

/// A path relative to the current directory when it is under it.
pub(crate) fn shown_path(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

pub(super) fn write_new_file(folder: &Path, path: &Path, text: &str) -> Result<()> {
    let failed = |path: &Path| {
        let path = path.to_path_buf();
        move |source| CommandError::File { path, source }
    };
    std::fs::create_dir_all(folder).map_err(failed(folder))?;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(failed(path))?;
    file.write_all(text.as_bytes()).map_err(failed(path))
}

/// The next migration of `app`, with no operation, after its latest one.
fn empty_migration(graph: &MigrationGraph, app: &str, name: Option<&str>) -> Result<Migration> {
    merge::refuse_conflicts(graph, [&app.to_owned()])?;
    let number = graph.next_number(app);
    let name = match name {
        Some(name) => name.to_owned(),
        None => chrono::Utc::now().format("auto_%Y%m%d_%H%M").to_string(),
    };
    Ok(Migration {
        app: app.to_owned(),
        name: format!("{number:04}_{name}"),
        dependencies: graph.leaves(app),
        replaces: Vec::new(),
        operations: Vec::new(),
    })
}

/// The file of an empty migration: its header, and a commented-out `RunSql`
/// to fill in. Written by hand because `operations = []` would clash with
/// the `[[operations]]` table the reader uncomments.
fn empty_file(migration: &Migration) -> String {
    #[derive(Serialize)]
    struct Header<'a> {
        app: &'a str,
        dependencies: &'a [MigrationKey],
    }
    let header = Header {
        app: &migration.app,
        dependencies: &migration.dependencies,
    };
    format!(
        "# Migration {key}\n\
         # An empty migration, for changes written by hand (a data migration):\n\
         # uncomment the operation below, write its SQL and the SQL that undoes\n\
         # it, and add more [[operations]] as needed. Without reverse_sql the\n\
         # migration cannot be unapplied.\n\
         \n\
         {header}\n\
         # [[operations]]\n\
         # op = \"RunSql\"\n\
         # sql = \"UPDATE {app}_menu SET inventory = 10 WHERE inventory = 0\"\n\
         # reverse_sql = \"UPDATE {app}_menu SET inventory = 0 WHERE inventory = 10\"\n",
        key = migration.key(),
        app = migration.app,
        header = toml::to_string_pretty(&header).expect("a migration header always serializes"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_file_parses_before_and_after_uncommenting_its_example() {
        let migration = Migration {
            app: "shop".into(),
            name: "0002_fill".into(),
            dependencies: vec![MigrationKey::new("shop", "0001_initial")],
            replaces: Vec::new(),
            operations: Vec::new(),
        };
        let text = empty_file(&migration);
        assert_eq!(Migration::parse("0002_fill", &text).unwrap(), migration);

        let uncommented: String = text
            .lines()
            .map(|line| match line.strip_prefix("# ") {
                Some(rest) if line.starts_with("# [[") || rest.contains(" = ") => rest,
                _ => line,
            })
            .collect::<Vec<_>>()
            .join("\n");
        let filled = Migration::parse("0002_fill", &uncommented).unwrap();
        assert!(matches!(
            &filled.operations[..],
            [Operation::RunSql {
                reverse_sql: Some(_),
                ..
            }]
        ));
    }
}
