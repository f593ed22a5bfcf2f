//! One migration file's text, from a folder or embedded, into a
//! [`Migration`] of the app it was found under.

use crate::{migration_number, Migration, MigrationError, Result};

/// Parses one file, naming it in every error.
pub(super) fn parse(app: &str, name: &str, text: &str, shown: &str) -> Result<Migration> {
    let at_fault = |message: String| MigrationError::File {
        file: shown.to_owned(),
        message,
    };
    if migration_number(name).is_none() {
        return Err(at_fault(
            "a migration's file name starts with its number: NNNN_name.toml".into(),
        ));
    }
    if text.trim().is_empty() {
        return Err(at_fault(
            "the file is empty (a write cut short?): restore it, or delete it if it was never applied".into(),
        ));
    }
    let migration = Migration::parse(name, text).map_err(|e| match e {
        MigrationError::File { message, .. } => at_fault(message),
        other => other,
    })?;
    if migration.app != app {
        return Err(at_fault(format!(
            "it says `app = \"{}\"`, but it is among the migrations of `{app}`",
            migration.app
        )));
    }
    Ok(migration)
}
