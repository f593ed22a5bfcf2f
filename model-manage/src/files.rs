//! Writing new migration files, as `makemigrations`, `--merge` and
//! `squashmigrations` do.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

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
/// existing file, and all or nothing (see [`write_atomically`]).
pub(crate) fn write_new_file(folder: &Path, path: &Path, text: &str) -> Result<()> {
    let failed = |path: &Path, source| CommandError::File {
        path: path.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(folder).map_err(|e| failed(folder, e))?;
    if path.exists() {
        let exists = std::io::Error::new(std::io::ErrorKind::AlreadyExists, "the file already exists");
        return Err(failed(path, exists));
    }
    write_atomically(path, text.as_bytes()).map_err(|e| failed(path, e))
}

/// Writes `bytes` to `path` so that a reader finds the old file or the
/// whole new one, never a part: a temporary file in the same folder,
/// written and flushed to the disk, then renamed over `path`. A write cut
/// short (a full disk, a size limit) leaves neither file behind.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let folder = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    // Hidden, and not ending in `.toml`: never read as a migration.
    let temporary = folder.join(format!(
        ".{name}.{}.{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let written = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temporary, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written?;
    sync_folder(folder);
    Ok(())
}

/// Flushes the folder's entry for a renamed file to the disk, where the
/// system allows it; the file itself is already there.
fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(folder) = std::fs::File::open(folder) {
        let _ = folder.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}
