//! `--fake-initial`: whether an initial migration's tables are already
//! there, so that it is recorded rather than run.

use model_runtime::Connection;

use super::{Migration, Operation, ProjectState};
use crate::{MigrationError, Result};

/// Whether every table an initial migration creates exists with its
/// columns: what lets `--fake-initial` record it without running it. Some
/// of them only is an error naming the tables.
pub(super) fn tables_exist(
    conn: &mut Connection,
    migration: &Migration,
    after: &ProjectState,
) -> Result<bool> {
    let created: Vec<&str> = migration
        .operations
        .iter()
        .filter_map(|op| match op {
            Operation::CreateModel { name, .. } => {
                after.model(&migration.app, name).map(|m| m.table.as_ref())
            }
            _ => None,
        })
        .collect();
    if created.is_empty() || created.len() != migration.operations.len() {
        return Ok(false);
    }
    let mut present = Vec::new();
    for table in &created {
        let info = crate::introspect::table(conn, table)?;
        let model = after.model_by_table(table).expect("created above");
        let complete = info.is_some_and(|info| model.columns.iter().all(|c| info.column(&c.name).is_some()));
        present.push(complete);
    }
    match (present.iter().all(|p| *p), present.iter().any(|p| *p)) {
        (true, _) => Ok(true),
        (false, false) => Ok(false),
        (false, true) => Err(MigrationError::Failed {
            migration: migration.key().to_string(),
            message: format!(
                "--fake-initial found some of its tables ({}) but not all of them, or not all their columns; \
                 fix the database by hand, or migrate without --fake-initial",
                created.join(", ")
            ),
        }),
    }
}
