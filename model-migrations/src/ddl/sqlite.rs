//! SQLite alters a table in place only where its `ALTER TABLE` does
//! exactly what is asked: renaming the table or a column, adding a
//! trailing column it can fill, and indexes. Anything else rebuilds the
//! table (see [`rebuild`](super::rebuild)).
//!
//! Renames always go through `ALTER TABLE`, even before a rebuild: it is
//! what carries them into the foreign keys of other tables.

use model_runtime::schema::Column;
use model_runtime::sql::{column_definition, create_index, default_literal, dialect, Dialect};
use model_runtime::Backend;

use super::change::{redefined, TableChange};
use super::diff::ObjectDiff;
use crate::Result;

pub(super) fn alter(change: &TableChange) -> Result<Vec<String>> {
    let d = dialect(Backend::Sqlite);
    let table = d.quote(change.table());
    let mut out = super::renames(d, change);

    let objects = change.objects();
    if needs_rebuild(d, change, &objects) {
        out.extend(super::rebuild::rebuild(d, change)?);
        return Ok(out);
    }
    // Only indexes and trailing columns change. SQLite cannot rename an
    // index: a renamed one is dropped and created again.
    let dropped = objects.dropped.iter().map(|o| &o.name);
    for name in dropped.chain(objects.renamed.iter().map(|(name, _)| name)) {
        out.push(format!("DROP INDEX {}", d.quote(name)));
    }
    for column in change.added() {
        out.push(format!(
            "ALTER TABLE {table} ADD COLUMN {}",
            column_definition(d, column)
        ));
        // The rows read the column's default; a one-off fill is written.
        let default = column.default.as_ref().map(|v| default_literal(d, column, v));
        if let Some(fill) = change.fill(column).map(|v| default_literal(d, column, v)) {
            if Some(&fill) != default.as_ref() {
                out.push(format!("UPDATE {table} SET {} = {fill}", d.quote(&column.name)));
            }
        }
    }
    let created = objects.created.iter();
    for object in created.chain(objects.renamed.iter().map(|(_, o)| o)) {
        out.extend(create_index(d, change.table(), object));
    }
    Ok(out)
}

/// Whether `ALTER TABLE` falls short: a column dropped or redefined, a
/// constraint added, dropped or renamed (constraints live in the table's
/// own definition), or a column added that it cannot add.
fn needs_rebuild(d: &dyn Dialect, change: &TableChange, objects: &ObjectDiff) -> bool {
    let kept = change.columns.iter().take_while(|(old, _)| old.is_some()).count();
    !change.removed.is_empty()
        || change.continued().any(|(old, new)| redefined(d, old, new))
        || objects.changed().any(|o| o.kind.is_constraint())
        // ADD COLUMN appends: a column added anywhere else takes a rebuild.
        || change.columns[kept..].iter().any(|(old, _)| old.is_some())
        || change.added().any(|column| !addable(d, change, column))
}

/// Whether `ADD COLUMN` gives the column exactly its definition and the
/// rows their value: no key, and either `NULL` allowed (the rows filled
/// afterwards) or the rows' fill being the column's own default.
fn addable(d: &dyn Dialect, change: &TableChange, column: &Column) -> bool {
    let literal = |value| default_literal(d, column, value);
    let fill = change.fill(column).map(literal);
    !column.primary_key
        && !column.unique
        && column.foreign_key.is_none()
        && (column.nullable || (fill.is_some() && fill == column.default.as_ref().map(literal)))
}
