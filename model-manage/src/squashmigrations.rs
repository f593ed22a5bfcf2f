//! `squashmigrations`: one migration that stands for a run of an app's
//! migrations, its operations folded.

use std::collections::BTreeSet;
use std::io::Write;

use model_migrations::load_migrations;
use model_migrations::{optimize, Migration, MigrationGraph, MigrationKey};
use model_runtime::Settings;

use crate::files::{shown_path, write_new_file, NewMigration};
use crate::{conflicts, CommandError, Result};

/// `squashmigrations app [start] end [--squashed-name N] [--no-optimize] [--dry-run]`.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct SquashmigrationsArgs {
    /// The app whose migrations to squash.
    #[arg(value_name = "APP")]
    pub app: String,
    /// `[START] END`: the last migration to squash (`0004` is enough),
    /// after the first when given; from the app's first otherwise.
    #[arg(value_name = "MIGRATION", num_args = 1..=2, required = true)]
    pub migrations: Vec<String>,
    /// The squash's name, after its number, rather than
    /// `<start>_squashed_<end>`.
    #[arg(long, value_name = "N")]
    pub squashed_name: Option<String>,
    /// Keep every operation as it is, rather than folding them.
    #[arg(long)]
    pub no_optimize: bool,
    /// Show what would be written, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Writes one migration that `replaces` the app's migrations from `start`
/// (its first by default) to `end`: their operations in order, folded (a
/// model created then changed is created changed, a field added then
/// removed is never added), depending on what they depended on outside the
/// range. A database that applied none of them applies the squash; one
/// that applied them all counts it applied and is not migrated again; one
/// that applied some applies the rest one by one. Once every database has
/// moved past them, the replaced files may be deleted; keep the squash's
/// `replaces` list, which lets it stand for their history rows.
///
/// ```
/// use model_manage::{squashmigrations, SquashmigrationsArgs};
/// use model_runtime::Settings;
///
/// let dir = std::env::temp_dir().join(format!("squash-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// let sql = |n: u32| format!("[[operations]]\nop = \"RunSql\"\nsql = \"SELECT {n}\"\nreverse_sql = \"SELECT 0\"\n");
/// std::fs::write(dir.join("0001_initial.toml"), format!("app = \"shop\"\n{}", sql(1))).unwrap();
/// std::fs::write(
///     dir.join("0002_more.toml"),
///     format!("app = \"shop\"\ndependencies = [\"shop.0001_initial\"]\n{}", sql(2)),
/// )
/// .unwrap();
/// let settings = Settings::new().installed_apps(["shop"]).migrations_dir("shop", &dir);
///
/// let args = SquashmigrationsArgs { app: "shop".into(), migrations: vec!["0002".into()], ..Default::default() };
/// let squash = squashmigrations(&settings, &args, &mut std::io::sink())?;
/// assert_eq!(squash.migration.name, "0001_squashed_0002_more");
/// assert_eq!(squash.migration.replaces.len(), 2);
/// assert_eq!(squash.migration.operations.len(), 2);
/// assert!(squash.path.exists());
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), model_manage::CommandError>(())
/// ```
pub fn squashmigrations(
    settings: &Settings,
    args: &SquashmigrationsArgs,
    out: &mut dyn Write,
) -> Result<NewMigration> {
    settings.check_env()?;
    let app = &args.app;
    if !settings.is_installed(app) {
        return Err(CommandError::Refused(format!(
            "app `{app}` is not in installed apps ({})",
            settings.apps().join(", ")
        )));
    }
    if let Some(name) = &args.squashed_name {
        model_migrations::autodetect::check_name(name)?;
    }
    let graph = load_migrations(settings)?;
    conflicts::refuse_conflicts(&graph, [app])?;
    let (start, end) = match args.migrations.as_slice() {
        [end] => (None, graph.find(app, end)?),
        [start, end] => (Some(graph.find(app, start)?), graph.find(app, end)?),
        _ => {
            return Err(CommandError::Refused(
                "squashmigrations takes the app, then [START] END".into(),
            ))
        }
    };
    let range = range(&graph, start.as_ref(), &end)?;
    let squash = squash(&graph, &range, start.is_some(), args)?;

    // Built beside the others, the squash must link: a dependency of
    // another app that runs between two of the replaced makes a circle.
    let files = graph.ordered().into_iter().cloned().chain([squash.clone()]);
    MigrationGraph::new(files).map_err(|error| {
        CommandError::Refused(format!(
            "the squashed migration {} would not link: {error}",
            squash.key()
        ))
    })?;

    let folder = settings
        .migrations_folder(app)
        .ok_or_else(|| CommandError::Refused(format!("no folder for the migrations of `{app}`")))?;
    let path = folder.join(format!("{}.toml", squash.name));
    let operations: usize = range.iter().map(|m| m.operations.len()).sum();
    writeln!(
        out,
        "Squashed {} migrations of {app} ({} to {}): {operations} operations became {}.",
        range.len(),
        range[0].name,
        end.name,
        squash.operations.len()
    )?;
    if !args.dry_run {
        write_new_file(&folder, &path, &squash.to_toml())?;
        writeln!(
            out,
            "Created new squashed migration {}",
            shown_path(&path).display()
        )?;
        writeln!(
            out,
            "  Databases that applied them keep working. Once every one is past {}, the replaced \
             files may be deleted; keep `replaces` in the squash.",
            end.name
        )?;
    }
    Ok(NewMigration {
        path,
        migration: squash,
        written: !args.dry_run,
    })
}

/// The app's migrations from `start` (or its first) to `end`, in the order
/// they apply; refused when one of them is a squash already.
fn range<'a>(
    graph: &'a MigrationGraph,
    start: Option<&MigrationKey>,
    end: &MigrationKey,
) -> Result<Vec<&'a Migration>> {
    let upto: Vec<MigrationKey> = graph
        .forwards_plan(end)
        .into_iter()
        .filter(|k| k.app == end.app)
        .collect();
    let from = match start {
        None => 0,
        Some(start) => upto.iter().position(|k| k == start).ok_or_else(|| {
            CommandError::Refused(format!("{start} does not come before {end}: nothing to squash"))
        })?,
    };
    let range: Vec<&Migration> = upto[from..].iter().filter_map(|k| graph.migration(k)).collect();
    if let Some(squash) = range.iter().find(|m| !m.replaces.is_empty()) {
        return Err(CommandError::Refused(format!(
            "{} is a squashed migration already: delete the files it replaces, remove its `replaces`, \
             then squash again",
            squash.key()
        )));
    }
    if range.len() < 2 {
        return Err(CommandError::Refused(format!(
            "{} alone is nothing to squash: name a range of two migrations or more",
            end
        )));
    }
    Ok(range)
}

/// The squashed migration of `range`.
fn squash(
    graph: &MigrationGraph,
    range: &[&Migration],
    from_start: bool,
    args: &SquashmigrationsArgs,
) -> Result<Migration> {
    let keys: BTreeSet<MigrationKey> = range.iter().map(|m| m.key()).collect();
    let mut dependencies: Vec<MigrationKey> = Vec::new();
    for migration in range {
        for dependency in &migration.dependencies {
            if !keys.contains(dependency) && !dependencies.contains(dependency) {
                dependencies.push(dependency.clone());
            }
        }
    }
    let operations: Vec<_> = range.iter().flat_map(|m| m.operations.iter().cloned()).collect();
    let operations = if args.no_optimize {
        operations
    } else {
        let before: BTreeSet<MigrationKey> = dependencies
            .iter()
            .flat_map(|dependency| graph.forwards_plan(dependency))
            .collect();
        optimize(operations, &args.app, &graph.state_of(&before)?)
    };
    let (first, last) = (range[0], range[range.len() - 1]);
    let number = first.number().unwrap_or(1);
    let name = match &args.squashed_name {
        Some(name) => format!("{number:04}_{name}"),
        None if !from_start => format!("{number:04}_squashed_{}", last.name),
        None => format!("{}_squashed_{}", first.name, last.name),
    };
    Ok(Migration {
        app: args.app.clone(),
        name,
        dependencies,
        replaces: range.iter().map(|m| m.key()).collect(),
        operations,
    })
}
