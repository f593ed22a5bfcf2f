//! Migration files compiled into the binary, for a deployment without the
//! source tree: the text `model_runtime::embed_migrations!` registered,
//! parsed here.

use super::parse::parse;
use crate::{Migration, Result};

/// The migrations of `app` embedded in the binary, sorted by name; with
/// `required`, an error when its models' crate never embedded its folder.
pub(super) fn read(app: &str, required: bool) -> Result<Vec<Migration>> {
    let Some(crate_dir) = model_runtime::registry::crate_dir(app) else {
        return Ok(Vec::new());
    };
    if required && !model_runtime::registry::embeds_migrations(crate_dir) {
        return Err(crate::MigrationError::NotEmbedded {
            app: app.to_owned(),
            crate_dir: crate_dir.to_owned(),
        });
    }
    // The same layout as on disk (`Settings::migrations_folder`).
    let own_folder = format!("{app}/");
    let mut root_files: Vec<(&str, &str)> = model_runtime::registry::embedded_migrations(crate_dir)
        .filter(|(path, _)| !path.contains('/') && path.ends_with(".toml"))
        .collect();
    root_files.sort();
    let root_owner = root_files
        .first()
        .and_then(|(_, text)| model_runtime::registry::app_of_migration(text));
    let prefix = if model_runtime::registry::uses_own_subfolder(
        app,
        model_runtime::registry::apps_of_crate(crate_dir).len(),
        model_runtime::registry::embedded_migrations(crate_dir)
            .any(|(path, _)| path.starts_with(&own_folder)),
        root_owner,
    ) {
        own_folder
    } else {
        String::new()
    };
    let mut files: Vec<(&str, &str)> = model_runtime::registry::embedded_migrations(crate_dir)
        .filter_map(|(path, text)| {
            let name = path.strip_prefix(prefix.as_str())?;
            (!name.contains('/')).then_some((name, text))
        })
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|(name, text)| {
            let stem = name.strip_suffix(".toml").unwrap_or(name);
            let shown = format!("{prefix}{name} (embedded from {crate_dir}/migrations)");
            parse(app, stem, text, &shown)
        })
        .collect()
}
