//! The SQL of one operation on one backend, from the states before and
//! after it.
//!
//! Operations on a whole table render here; an operation that changes a
//! table becomes a `TableChange`, the same for every
//! backend, and each backend's file says how it alters a table:
//! PostgreSQL and MySQL in place, SQLite in place where it can and by
//! rebuilding the table where it cannot.

mod change;
mod diff;
mod fill;
mod mysql;
mod postgres;
mod rebuild;
mod sqlite;

use model_runtime::schema::{Column, DefaultValue, ModelSchema};
use model_runtime::sql::{add_to_table, Dialect, TableObject};
use model_runtime::Backend;

use super::{Operation, ProjectState};
use crate::{MigrationError, Result};

/// The statements that take a database from `before` to `after` by way of
/// `operation` (of a migration of `app`), on `backend`.
///
/// Undoing an operation is rendering its [`Operation::reverse`] from `after`
/// to `before`.
///
/// ```
/// use model_migrations::{ddl, Operation, ProjectState};
/// use model_runtime::schema::{Column, ColumnType, ModelSchema};
/// use model_runtime::Backend;
///
/// let mut id = Column::new("id", "id", ColumnType::BigInt);
/// (id.primary_key, id.auto_increment) = (true, true);
/// let item = ModelSchema { columns: vec![id].into(), ..ModelSchema::new("shop", "Item", "shop_item", &[]) };
/// let before = ProjectState::from_models([item]);
/// let add = Operation::AddField {
///     model: "Item".into(),
///     field: Column { nullable: true, ..Column::new("note", "note", ColumnType::Text) },
///     preserve_default: true,
/// };
/// let mut after = before.clone();
/// add.apply(&mut after, "shop")?;
/// assert_eq!(
///     ddl::render(&add, "shop", &before, &after, Backend::Postgres)?,
///     ["ALTER TABLE \"shop_item\" ADD COLUMN \"note\" text NULL"],
/// );
/// # Ok::<(), model_migrations::MigrationError>(())
/// ```
pub fn render(
    operation: &Operation,
    app: &str,
    before: &ProjectState,
    after: &ProjectState,
    backend: Backend,
) -> Result<Vec<String>> {
    let changed = |name: &str| -> Result<Vec<String>> {
        let (old, new) = (model(before, app, name)?, model(after, app, name)?);
        let change = change::TableChange::new(operation, old, new, backend);
        match backend {
            Backend::Sqlite => sqlite::alter(&change),
            Backend::Postgres => postgres::alter(&change),
            Backend::Mysql => mysql::alter(&change),
        }
    };
    check_defaults(operation, app, backend)?;
    if backend == Backend::Mysql {
        for model in after.models_of_app(app) {
            mysql::check_keys(model)?;
        }
    }
    match operation {
        Operation::CreateModel { name, .. } => Ok(model_runtime::sql::create_table(
            model(after, app, name)?,
            backend,
        )),
        Operation::DeleteModel { name } => {
            let table = &model(before, app, name)?.table;
            Ok(vec![format!(
                "DROP TABLE {}",
                model_runtime::sql::dialect(backend).quote(table)
            )])
        }
        // The model's name is not in the database: its table stays.
        Operation::RenameModel { .. } => Ok(Vec::new()),
        Operation::RunSql { sql, .. } => Ok(vec![sql.clone()]),
        Operation::AlterModelTable { name, .. } => changed(name),
        Operation::AddField { model, .. }
        | Operation::RemoveField { model, .. }
        | Operation::AlterField { model, .. }
        | Operation::RenameField { model, .. }
        | Operation::AddIndex { model, .. }
        | Operation::RemoveIndex { model, .. }
        | Operation::AlterUniqueTogether { model, .. } => changed(model),
    }
}

/// Refuses, before any SQL is written, a default that no literal of the
/// backend holds, naming the field: a text with a NUL (on SQLite and
/// PostgreSQL), or a float that is not a number or infinite (a migration
/// file may say `default = nan`; no backend has a literal for it).
fn check_defaults(operation: &Operation, app: &str, backend: Backend) -> Result<()> {
    let (model, fields): (&str, Vec<&Column>) = match operation {
        Operation::CreateModel { name, fields, .. } => (name, fields.iter().collect()),
        Operation::AddField { model, field, .. } | Operation::AlterField { model, field, .. } => {
            (model, vec![field])
        }
        _ => return Ok(()),
    };
    let d = model_runtime::sql::dialect(backend);
    for field in fields {
        let refusal = match &field.default {
            Some(DefaultValue::Text(text)) => d
                .column_text_literal(field, &d.stored_text(field, text))
                .err()
                .map(|error| error.to_string()),
            Some(DefaultValue::Float(value)) if !value.is_finite() => {
                Some(format!("{value} has no SQL literal on any backend"))
            }
            _ => None,
        };
        if let Some(reason) = refusal {
            return Err(MigrationError::InvalidOperation {
                migration: None,
                message: format!(
                    "the default of field `{}` of {app}.{model} cannot be written: {reason}",
                    field.field
                ),
            });
        }
    }
    Ok(())
}

fn model<'a>(state: &'a ProjectState, app: &str, name: &str) -> Result<&'a ModelSchema> {
    state
        .model(app, name)
        .ok_or_else(|| MigrationError::InvalidOperation {
            migration: None,
            message: format!("no model {app}.{name}"),
        })
}

/// Changing which column is the key, or whether it auto-increments, is
/// left to a new table: PostgreSQL and MySQL would need the key's
/// sequence or identity rebuilt by hand.
fn unsupported_key_change(change: &change::TableChange, backend: Backend) -> Result<()> {
    match change
        .continued()
        .find(|(old, new)| change::key_changed(old, new))
    {
        None => Ok(()),
        Some((_, new)) => Err(MigrationError::Unsupported {
            migration: None,
            model: format!("{}.{}", change.new.app, change.new.name),
            message: format!(
                "changing whether `{}` is the primary key or auto-increments is not supported on \
                 {backend}; add a new model instead",
                new.field
            ),
        }),
    }
}

/// `RENAME TO` for the table, `RENAME COLUMN` for its columns: the same
/// words on every backend, and what each does first, so that the rest of
/// the change sees the new names.
fn renames(d: &dyn Dialect, change: &change::TableChange) -> Vec<String> {
    let mut out: Vec<String> = rename_table(d, change).into_iter().collect();
    out.extend(rename_columns(d, change));
    out
}

fn rename_table(d: &dyn Dialect, change: &change::TableChange) -> Option<String> {
    let (from, to) = change.renamed_table()?;
    Some(format!("ALTER TABLE {} RENAME TO {}", d.quote(from), d.quote(to)))
}

fn rename_columns(d: &dyn Dialect, change: &change::TableChange) -> Vec<String> {
    let table = d.quote(change.table());
    change
        .renamed_columns()
        .map(|(old, new)| {
            format!(
                "ALTER TABLE {table} RENAME COLUMN {} TO {}",
                d.quote(&old.name),
                d.quote(&new.name)
            )
        })
        .collect()
}

/// The objects in the order they can be dropped: foreign keys first, as
/// one may lean on a unique constraint or index of the same table.
fn keys_first(objects: &[TableObject]) -> impl Iterator<Item = &TableObject> {
    let keys = objects.iter().filter(|o| o.kind.is_foreign_key());
    keys.chain(objects.iter().filter(|o| !o.kind.is_foreign_key()))
}

/// The statements adding `objects` to the table, foreign keys last, once
/// what they lean on is there.
fn add_objects(d: &dyn Dialect, table: &str, objects: &[TableObject]) -> Vec<String> {
    let others = objects.iter().filter(|o| !o.kind.is_foreign_key());
    others
        .chain(objects.iter().filter(|o| o.kind.is_foreign_key()))
        .map(|o| add_to_table(d, table, o))
        .collect()
}
