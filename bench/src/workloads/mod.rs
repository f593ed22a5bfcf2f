//! The workloads of the issue: 1-6 on every competitor (`cases`, `crud`),
//! 7 migrations against Django, 8 SQLite's table rebuild against a plain
//! copy, 9 compile time against hand-written Diesel.

pub mod cases;
pub mod compile_time;
pub mod crud;
pub mod migrations;
pub mod rebuild;
pub mod wide;

use std::path::{Path, PathBuf};

/// Removes a SQLite database file with its WAL and shared-memory files.
pub fn remove_sqlite_files(path: &Path) -> std::io::Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let file = PathBuf::from(format!("{}{suffix}", path.display()));
        if file.exists() {
            std::fs::remove_file(file)?;
        }
    }
    Ok(())
}
