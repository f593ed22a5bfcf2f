//! The SQL of one operation on one backend, from the states before and
//! after it: the shapes shared by every backend are here, each backend's
//! file says how it alters a table.

use super::{Operation, ProjectState};
use crate::{Backend, Error, Result};

/// The statements that take a database from `before` to `after` by way of
/// `operation` (of a migration of `app`), on `backend`.
///
/// Undoing an operation is rendering its [`Operation::reverse`] from `after`
/// to `before`.
pub fn render(
    operation: &Operation,
    app: &str,
    before: &ProjectState,
    after: &ProjectState,
    backend: Backend,
) -> Result<Vec<String>> {
    let model = |name: &str| {
        after
            .model(app, name)
            .or_else(|| before.model(app, name))
            .ok_or_else(|| Error::Plan(format!("no model {app}.{name}")))
    };
    match operation {
        Operation::CreateModel { name, .. } => Ok(crate::sql::create_table(model(name)?, backend)),
        Operation::DeleteModel { name } => {
            let table = &before
                .model(app, name)
                .ok_or_else(|| Error::Plan(format!("no model {app}.{name}")))?
                .table;
            Ok(vec![format!(
                "DROP TABLE {}",
                crate::sql::dialect(backend).quote(table)
            )])
        }
        Operation::RunSql { sql, .. } => Ok(vec![sql.clone()]),
        other => Err(Error::Plan(format!("`{other}` cannot be rendered yet"))),
    }
}
