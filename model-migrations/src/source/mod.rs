//! Reading an app's migration files: from its folder on disk when the
//! folder exists (the crate's `migrations/`, or the folder the settings or
//! `MODEL_MIGRATIONS_DIR_<APP>` name), else from the copy embedded in the
//! binary.

mod embedded;
mod folder;
pub(crate) mod keys;
mod parse;

use std::path::PathBuf;

use model_runtime::Settings;

use crate::{Migration, MigrationGraph, Result};

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
    MigrationGraph::new(all)
}

/// The migrations of one app, sorted by name, and where they came from.
pub fn load_app(settings: &Settings, app: &str) -> Result<(MigrationSource, Vec<Migration>)> {
    let folder = settings.migrations_folder(app);
    if !settings.uses_embedded_migrations_only() {
        if let Some(folder) = folder.filter(|f| f.is_dir()) {
            let migrations = folder::read(app, &folder)?;
            return Ok((MigrationSource::Disk(folder), migrations));
        }
    }
    let migrations = embedded::read(app, settings.uses_embedded_migrations_only())?;
    let source = if migrations.is_empty() {
        MigrationSource::None
    } else {
        MigrationSource::Embedded
    };
    Ok((source, migrations))
}
