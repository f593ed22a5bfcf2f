//! SQLite's table rebuild, the "other alterations" of
//! <https://www.sqlite.org/lang_altertable.html#otheralter>: a new table
//! with the new definition, the rows copied over, the old table dropped,
//! the new one renamed into its place and its indexes created.
//!
//! It relies on the executor running the migration with foreign keys off
//! (so dropping the old table neither cascades nor fails, and the tables
//! pointing at it simply point at the new one once renamed) and on its
//! `foreign_key_check` before commit.

use model_runtime::schema::{Column, ColumnType};
use model_runtime::sql::{create_index, default_literal, objects, table_statement, Dialect};

use super::change::TableChange;
use crate::{MigrationError, Result};

/// The statements that rebuild the table into the change's new definition.
/// The table and its columns already bear their new names.
pub(super) fn rebuild(d: &dyn Dialect, change: &TableChange) -> Result<Vec<String>> {
    let name = change.table();
    let temporary = format!("new__{name}");
    let (table, new_table) = (d.quote(name), d.quote(&temporary));
    let objects = objects(change.new);
    let mut out = vec![table_statement(d, change.new, &temporary, &objects)];

    let copied: Vec<(String, String)> = change
        .columns
        .iter()
        .filter_map(|(old, new)| {
            let kept = old.map(|old| converted(d, old, new));
            let fill = change.fill(new).map(|value| default_literal(d, new, value));
            let value = match (kept, fill) {
                (Some(kept), Some(fill)) => format!("COALESCE({kept}, {fill})"),
                (Some(value), None) | (None, Some(value)) => value,
                // A new column with nothing to fill it takes its default.
                (None, None) => return None,
            };
            Some((d.quote(&new.name), value))
        })
        .collect();
    if copied.is_empty() {
        return Err(MigrationError::Unsupported {
            migration: None,
            model: format!("{}.{}", change.new.app, change.new.name),
            message: "no column of the table survives the change, so its rows cannot be kept".into(),
        });
    }
    let (columns, values): (Vec<String>, Vec<String>) = copied.into_iter().unzip();
    out.push(format!(
        "INSERT INTO {new_table} ({}) SELECT {} FROM {table}",
        columns.join(", "),
        values.join(", ")
    ));
    if autoincrements(change.old) && autoincrements(change.new) {
        // AUTOINCREMENT promises never to reuse a key, even one deleted:
        // the new table takes over the old one's high-water mark.
        let literal = |text: &str| {
            d.text_literal(text).map_err(|error| MigrationError::Unsupported {
                migration: None,
                model: format!("{}.{}", change.new.app, change.new.name),
                message: format!("its table name {text:?} cannot be written: {error}"),
            })
        };
        let (temporary, name) = (literal(&temporary)?, literal(name)?);
        out.push(format!("DELETE FROM sqlite_sequence WHERE name = {temporary}"));
        out.push(format!(
            "INSERT INTO sqlite_sequence (name, seq) SELECT {temporary}, seq FROM sqlite_sequence WHERE name = {name}"
        ));
    }
    out.push(format!("DROP TABLE {table}"));
    out.push(format!("ALTER TABLE {new_table} RENAME TO {table}"));
    out.extend(objects.iter().filter_map(|o| create_index(d, name, o)));
    Ok(out)
}

/// The old column's value for the new column: as it is, or `CAST` when the
/// type changes what SQLite stores (its "affinity").
fn converted(d: &dyn Dialect, old: &Column, new: &Column) -> String {
    // The column bears its new name already.
    let value = d.quote(&new.name);
    let affinity = affinity(new.ty);
    if old.ty != new.ty && self::affinity(old.ty) != affinity {
        format!("CAST({value} AS {affinity})")
    } else {
        value
    }
}

/// The storage class SQLite converts a value of this type to.
fn affinity(ty: ColumnType) -> &'static str {
    match ty {
        ColumnType::SmallInt | ColumnType::Integer | ColumnType::BigInt | ColumnType::Bool => "INTEGER",
        ColumnType::Float | ColumnType::Double => "REAL",
        ColumnType::Decimal => "NUMERIC",
        ColumnType::Binary => "BLOB",
        ColumnType::Text
        | ColumnType::Date
        | ColumnType::DateTime
        | ColumnType::DateTimeUtc
        | ColumnType::Uuid
        | ColumnType::Json => "TEXT",
    }
}

fn autoincrements(model: &model_runtime::schema::ModelSchema) -> bool {
    model.primary_key().is_some_and(|c| c.auto_increment)
}
