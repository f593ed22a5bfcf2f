//! Migration files in a folder on disk: the crate's `migrations/`, or the
//! one the settings name.

use std::path::{Path, PathBuf};

use super::parse::parse;
use crate::{Migration, MigrationError, Result};

/// The `.toml` files of `folder`, parsed as the migrations of `app`,
/// sorted by name.
pub(super) fn read(app: &str, folder: &Path) -> Result<Vec<Migration>> {
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
