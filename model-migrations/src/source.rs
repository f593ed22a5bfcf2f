//! Reading an app's migration files: from its folder on disk when the
//! folder exists (the crate's `migrations/`, or the folder the settings or
//! `MODEL_MIGRATIONS_DIR_<APP>` name), else from the copy embedded in the
//! binary.

use std::path::{Path, PathBuf};

use model_runtime::Settings;

use crate::{embedded, Migration, MigrationError, MigrationGraph, Result};

/// Where an app's migrations were read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MigrationSource {
    /// Files in this folder.
    Disk(PathBuf),
    /// The copy compiled into the binary.
    Embedded,
    /// Nowhere: the app has no migrations yet.
    None,
}

/// Every migration of every installed app, linked into a graph. Apps that
/// are not installed are not read: their models are never migrated.
///
/// ```
/// use model_runtime::Settings;
///
/// let dir = std::env::temp_dir().join(format!("loader-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// std::fs::write(dir.join("0001_initial.toml"), "app = \"shop\"\n").unwrap();
///
/// let settings = Settings::new().installed_apps(["shop"]).migrations_dir("shop", &dir);
/// let graph = model_migrations::load_migrations(&settings)?;
/// assert_eq!(graph.leaves("shop")[0].to_string(), "shop.0001_initial");
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), model_migrations::MigrationError>(())
/// ```
pub fn load_migrations(settings: &Settings) -> Result<MigrationGraph> {
    let mut all = Vec::new();
    for app in settings.apps() {
        all.extend(load_app(settings, app)?.1);
    }
    Ok(MigrationGraph::new(all)?)
}

/// The migrations of one app, sorted by name, and where they came from.
pub fn load_app(settings: &Settings, app: &str) -> Result<(MigrationSource, Vec<Migration>)> {
    let folder = settings.migrations_folder(app);
    if !settings.uses_embedded_migrations_only() {
        if let Some(folder) = folder.filter(|f| f.is_dir()) {
            let migrations = read_folder(app, &folder)?;
            return Ok((MigrationSource::Disk(folder), migrations));
        }
    }
    let migrations = embedded::read(app)?;
    let source = if migrations.is_empty() {
        MigrationSource::None
    } else {
        MigrationSource::Embedded
    };
    Ok((source, migrations))
}

fn read_folder(app: &str, folder: &Path) -> Result<Vec<Migration>> {
    let unreadable = |e: std::io::Error| MigrationError::File {
        file: folder.display().to_string(),
        message: format!("cannot read the folder: {e}"),
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .map_err(unreadable)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<std::io::Result<_>>()
        .map_err(unreadable)?;
    files.retain(|path| path.is_file() && path.extension().is_some_and(|ext| ext == "toml"));
    files.sort();
    files
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).map_err(|e| MigrationError::File {
                file: path.display().to_string(),
                message: e.to_string(),
            })?;
            let stem = path.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default();
            parse(app, &stem, &text, &path.display().to_string())
        })
        .collect()
}

/// Parses one file, naming it in every error.
pub(crate) fn parse(app: &str, name: &str, text: &str, shown: &str) -> Result<Migration> {
    let at_fault = |message: String| MigrationError::File {
        file: shown.to_owned(),
        message,
    };
    if crate::migration_number(name).is_none() {
        return Err(at_fault("a migration's file name starts with its number: NNNN_name.toml".into()).into());
    }
    let migration = Migration::parse(name, text).map_err(|e| match e {
        MigrationError::File { message, .. } => at_fault(message),
        other => other,
    })?;
    if migration.app != app {
        return Err(at_fault(format!(
            "it says `app = \"{}\"`, but it is among the migrations of `{app}`",
            migration.app
        ))
        .into());
    }
    Ok(migration)
}
