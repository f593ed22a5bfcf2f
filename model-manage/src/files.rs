//! Writing new migration files, as `makemigrations`, `--merge` and
//! `squashmigrations` do.

use std::io::Write;
use std::path::{Path, PathBuf};

use model_migrations::Migration;

use crate::{CommandError, Result};

/// A migration `makemigrations`, `--merge` or `squashmigrations` made.
#[derive(Clone, Debug, PartialEq)]
pub struct NewMigration {
    /// Where its file goes.
    pub path: PathBuf,
    /// The migration.
    pub migration: Migration,
    /// Whether the file was written (not with `--dry-run` or `--check`).
    pub written: bool,
}

/// A path relative to the current directory when it is under it.
pub(crate) fn shown_path(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

/// Writes `text` to `path`, in `folder`, made if missing; never over an
/// existing file.
pub(crate) fn write_new_file(folder: &Path, path: &Path, text: &str) -> Result<()> {
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
