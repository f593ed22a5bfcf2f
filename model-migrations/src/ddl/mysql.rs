//! MySQL and MariaDB alter a table in place, one statement at a time (DDL
//! is not transactional there). They refuse to change a column a foreign
//! key uses, or to drop the index a foreign key leans on, and name a key
//! only when it is added: such keys come off first and go back on last.

use std::collections::BTreeSet;

use model_runtime::schema::{Column, ModelSchema};
use model_runtime::sql::{
    column_definition_with, default_clause, default_literal, dialect, too_long_to_index, Dialect, KeyClause,
    ObjectKind, MYSQL_INDEXABLE_CHARS,
};
use model_runtime::Backend;

use super::change::{default_changed, retyped, TableChange};
use super::diff::ObjectDiff;
use super::{add_objects, keys_first, rename_columns, rename_table};
use crate::{MigrationError, Result};

/// Refuses a unique constraint MySQL could only enforce on a prefix of a
/// column, which would take two different long values for the same.
pub(super) fn check_keys(schema: &ModelSchema) -> Result<()> {
    for object in model_runtime::sql::objects(schema) {
        if let ObjectKind::Unique(columns) = &object.kind {
            let long = columns
                .iter()
                .filter_map(|c| schema.column(c))
                .find(|c| too_long_to_index(c));
            if let Some(column) = long {
                return Err(MigrationError::Unsupported {
                    migration: None,
                    model: format!("{}.{}.{}", schema.app, schema.name, column.field),
                    message: format!(
                        "MySQL cannot enforce uniqueness on text longer than {MYSQL_INDEXABLE_CHARS} \
                         characters, bytes or JSON; give the field #[field(max_length = ...)] of at \
                         most {MYSQL_INDEXABLE_CHARS}"
                    ),
                });
            }
        }
    }
    Ok(())
}

pub(super) fn alter(change: &TableChange) -> Result<Vec<String>> {
    super::unsupported_key_change(change, Backend::Mysql)?;
    let d = dialect(Backend::Mysql);
    let (name, table) = (change.table(), d.quote(change.table()));
    // The keys come off before their columns are renamed: MariaDB refuses
    // to rename a key's column when the table must be copied to alter it.
    let mut out: Vec<String> = rename_table(d, change).into_iter().collect();
    let objects = objects(d, change);
    for object in keys_first(&objects.dropped) {
        let object_name = d.quote(&object.name);
        if !object.kind.is_foreign_key() {
            out.push(format!("ALTER TABLE {table} DROP INDEX {object_name}"));
            continue;
        }
        out.push(format!("ALTER TABLE {table} DROP FOREIGN KEY {object_name}"));
        // Without an index of its own, the key made one under its name,
        // which outlives it.
        let column = object.kind.columns().first().copied().unwrap_or_default();
        if !change.indexed_before(column) {
            out.push(format!("ALTER TABLE {table} DROP INDEX {object_name}"));
        }
    }
    out.extend(rename_columns(d, change));
    for (old, object) in &objects.renamed {
        out.push(format!(
            "ALTER TABLE {table} RENAME INDEX {} TO {}",
            d.quote(old),
            d.quote(&object.name)
        ));
    }

    for column in &change.removed {
        out.push(format!(
            "ALTER TABLE {table} DROP COLUMN {}",
            d.quote(&column.name)
        ));
    }
    for (old, new) in change.continued() {
        out.extend(alter_column(d, &table, old, new, change));
    }
    for (position, (old, new)) in change.columns.iter().enumerate() {
        if old.is_none() {
            let place = match position.checked_sub(1).and_then(|p| change.new.columns.get(p)) {
                Some(previous) => format!("AFTER {}", d.quote(&previous.name)),
                None => "FIRST".to_owned(),
            };
            out.extend(add_column(d, &table, new, &place, change));
        }
    }
    out.extend(add_objects(d, name, &objects.created));
    Ok(out)
}

/// The objects' moves, with the foreign keys MySQL cannot leave in place
/// dropped and added again: a key renamed, a key over a column whose type
/// or `NULL` changes, and a key whose index is dropped.
fn objects(d: &dyn Dialect, change: &TableChange) -> ObjectDiff {
    let mut objects = change.objects();
    let renamed: BTreeSet<String> = objects.renamed.iter().map(|(_, o)| o.name.clone()).collect();
    let redefined: BTreeSet<&str> = change
        .continued()
        .filter(|(old, new)| retyped(d, old, new) || old.nullable != new.nullable)
        .map(|(_, new)| new.name.as_ref())
        .collect();
    let unindexed: BTreeSet<&str> = objects
        .dropped
        .iter()
        .filter(|o| !o.kind.is_foreign_key())
        .filter_map(|o| o.kind.columns().first().copied())
        .collect();
    let rebuilt = |column: &str| redefined.contains(column) || unindexed.contains(column);
    let keys: BTreeSet<String> = objects
        .kept
        .iter()
        .chain(objects.renamed.iter().map(|(_, o)| o))
        .filter(|o| o.kind.is_foreign_key())
        .filter(|o| renamed.contains(&o.name) || o.kind.columns().iter().any(|c| rebuilt(c)))
        .map(|o| o.name.clone())
        .collect();
    objects.recreate(|o| keys.contains(&o.name));
    objects
}

/// `ADD COLUMN` in its place, with the rows' fill as its default, then
/// the default the model wants.
fn add_column(
    d: &dyn Dialect,
    table: &str,
    column: &Column,
    place: &str,
    change: &TableChange,
) -> Vec<String> {
    let fill = change.fill(column).or(column.default.as_ref());
    let mut out = vec![format!(
        "ALTER TABLE {table} ADD COLUMN {} {place}",
        column_definition_with(d, column, fill, KeyClause::Declared)
    )];
    let literal = |value| default_literal(d, column, value);
    if fill.map(literal) != column.default.as_ref().map(literal) {
        out.push(set_default(d, table, column));
    }
    out
}

/// A column kept: `MODIFY COLUMN` with its whole new definition when its
/// type or `NULL` changes (after filling `NULL` rows, in the new type),
/// `SET`/`DROP DEFAULT` when only the default does.
fn alter_column(
    d: &dyn Dialect,
    table: &str,
    old: &Column,
    new: &Column,
    change: &TableChange,
) -> Vec<String> {
    let name = d.quote(&new.name);
    let retyped = retyped(d, old, new);
    let modify = |column: &Column, default| {
        format!(
            "ALTER TABLE {table} MODIFY COLUMN {}",
            column_definition_with(d, column, default, KeyClause::Omitted)
        )
    };
    let mut out = Vec::new();
    if let (true, false, Some(fill)) = (old.nullable, new.nullable, change.fill(new)) {
        if retyped {
            let nullable = Column {
                nullable: true,
                ..new.clone()
            };
            out.push(modify(&nullable, None));
        }
        out.push(format!(
            "UPDATE {table} SET {name} = {} WHERE {name} IS NULL",
            default_literal(d, new, fill)
        ));
    }
    if retyped || old.nullable != new.nullable {
        out.push(modify(new, new.default.as_ref()));
    } else if default_changed(d, old, new) {
        out.push(set_default(d, table, new));
    }
    out
}

/// `SET DEFAULT` or `DROP DEFAULT` to the column's own default; a default
/// MySQL wants parenthesized goes through `MODIFY COLUMN`, which takes it
/// on every version.
fn set_default(d: &dyn Dialect, table: &str, column: &Column) -> String {
    let name = d.quote(&column.name);
    match &column.default {
        None => format!("ALTER TABLE {table} ALTER COLUMN {name} DROP DEFAULT"),
        Some(default) if !d.parenthesize_default(column) => format!(
            "ALTER TABLE {table} ALTER COLUMN {name} SET {}",
            default_clause(d, column, default)
        ),
        Some(default) => format!(
            "ALTER TABLE {table} MODIFY COLUMN {}",
            column_definition_with(d, column, Some(default), KeyClause::Omitted)
        ),
    }
}
