//! PostgreSQL alters a table in place, and transactionally: `ALTER TABLE`
//! for columns and constraints, `CREATE`/`DROP`/`ALTER INDEX` for indexes.

use model_runtime::schema::{Column, ColumnType, Name};
use model_runtime::sql::{
    column_definition, column_definition_with, default_clause, default_literal, dialect, Dialect, KeyClause,
    ObjectKind,
};
use model_runtime::Backend;

use super::change::{default_changed, retyped, TableChange};
use super::{add_objects, keys_first, renames};
use crate::{MigrationError, Result};

pub(super) fn alter(change: &TableChange) -> Result<Vec<String>> {
    super::unsupported_key_change(change, Backend::Postgres)?;
    let d = dialect(Backend::Postgres);
    let (name, table) = (change.table(), d.quote(change.table()));
    let mut out = renames(d, change);
    if let (Some((from, to)), Some(_)) = (change.renamed_table(), change.old.primary_key()) {
        // PostgreSQL names the primary key after the table, too.
        out.push(format!(
            "ALTER TABLE {table} RENAME CONSTRAINT {} TO {}",
            d.quote(&key_name(from)),
            d.quote(&key_name(to))
        ));
    }

    let moved = moved_columns(change)?;
    let mut objects = change.objects();
    // Moving a column drops it for a while, and its objects with it.
    objects.recreate(|o| o.kind.columns().iter().any(|c| moved.contains(c)));
    for object in keys_first(&objects.dropped) {
        out.push(match object.kind {
            ObjectKind::Index(..) => format!("DROP INDEX {}", d.quote(&object.name)),
            _ => format!("ALTER TABLE {table} DROP CONSTRAINT {}", d.quote(&object.name)),
        });
    }
    for (old, object) in &objects.renamed {
        let (old, new) = (d.quote(old), d.quote(&object.name));
        out.push(match object.kind {
            ObjectKind::Index(..) => format!("ALTER INDEX {old} RENAME TO {new}"),
            _ => format!("ALTER TABLE {table} RENAME CONSTRAINT {old} TO {new}"),
        });
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
    // In the new order: PostgreSQL appends, so a column goes in its place
    // by being added, or moved, after those before it.
    for (old, new) in &change.columns {
        match old {
            None => out.extend(add_column(d, &table, new, change)),
            Some(_) if moved.contains(&new.name.as_ref()) => out.extend(move_to_end(d, &table, new)),
            Some(_) => {}
        }
    }
    out.extend(add_objects(d, name, &objects.created));
    Ok(out)
}

/// The name PostgreSQL gives a table's primary key: `<table>_pkey`, the
/// table's name cut to fit in 63 bytes.
fn key_name(table: &str) -> String {
    let mut cut = table.len().min(63 - "_pkey".len());
    while !table.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}_pkey", &table[..cut])
}

/// The columns that must move to the end of the table for it to read in
/// the new order: bringing back a removed column in its place moves those
/// after it.
fn moved_columns<'a>(change: &TableChange<'a>) -> Result<Vec<&'a str>> {
    // The columns kept, in the table's present order.
    let kept: Vec<&str> = change
        .old
        .columns
        .iter()
        .filter_map(|column| change.continued().find(|(old, _)| old.name == column.name))
        .map(|(_, new)| new.name.as_ref())
        .collect();
    let in_place = kept
        .iter()
        .zip(change.new.columns.iter())
        .take_while(|(now, new)| **now == new.name)
        .count();
    let moved = &kept[in_place..];
    if let Some(key) = moved
        .iter()
        .filter_map(|name| change.new.column(name))
        .find(|c| c.primary_key || c.auto_increment)
    {
        return Err(MigrationError::Unsupported {
            migration: None,
            model: format!("{}.{}", change.new.app, change.new.name),
            message: format!(
                "PostgreSQL cannot put a column before the primary key `{}`",
                key.field
            ),
        });
    }
    Ok(moved.to_vec())
}

/// Moves a column to the end: a copy at the end takes its values, then
/// its name.
fn move_to_end(d: &dyn Dialect, table: &str, column: &Column) -> Vec<String> {
    let name = d.quote(&column.name);
    let copy_name = format!("{}__moved", column.name);
    let copy = Column {
        name: Name::Owned(copy_name.clone()),
        nullable: true,
        ..column.clone()
    };
    let mut out = vec![
        format!("ALTER TABLE {table} ADD COLUMN {}", column_definition(d, &copy)),
        format!("UPDATE {table} SET {} = {name}", d.quote(&copy_name)),
        format!("ALTER TABLE {table} DROP COLUMN {name}"),
        format!(
            "ALTER TABLE {table} RENAME COLUMN {} TO {name}",
            d.quote(&copy_name)
        ),
    ];
    if !column.nullable {
        out.push(format!("ALTER TABLE {table} ALTER COLUMN {name} SET NOT NULL"));
    }
    out
}

/// `ADD COLUMN` with the rows' fill as its default, then the default the
/// model wants.
fn add_column(d: &dyn Dialect, table: &str, column: &Column, change: &TableChange) -> Vec<String> {
    let fill = change.fill(column).or(column.default.as_ref());
    let mut out = vec![format!(
        "ALTER TABLE {table} ADD COLUMN {}",
        column_definition_with(d, column, fill, KeyClause::Declared)
    )];
    let literal = |value| default_literal(d, column, value);
    if fill.map(literal) != column.default.as_ref().map(literal) {
        let name = d.quote(&column.name);
        out.push(match &column.default {
            Some(default) => format!(
                "ALTER TABLE {table} ALTER COLUMN {name} SET {}",
                default_clause(d, column, default)
            ),
            None => format!("ALTER TABLE {table} ALTER COLUMN {name} DROP DEFAULT"),
        });
    }
    out
}

/// Type, `NULL` and default of a column kept, in the order PostgreSQL
/// accepts them: the old default off before the type changes (it may not
/// convert), `NULL` rows filled before `NOT NULL`, the new default last.
fn alter_column(
    d: &dyn Dialect,
    table: &str,
    old: &Column,
    new: &Column,
    change: &TableChange,
) -> Vec<String> {
    let name = d.quote(&new.name);
    let alter = format!("ALTER TABLE {table} ALTER COLUMN {name}");
    let retyped = retyped(d, old, new);
    let default_changed = default_changed(d, old, new);
    let reset_default = old.default.is_some() && (retyped || default_changed);
    let mut out = Vec::new();
    if reset_default {
        out.push(format!("{alter} DROP DEFAULT"));
    }
    if retyped {
        out.push(format!(
            "{alter} TYPE {} USING {}",
            d.column_type(new),
            converted(d, old, new)
        ));
    }
    if old.nullable && !new.nullable {
        if let Some(fill) = change.fill(new) {
            out.push(format!(
                "UPDATE {table} SET {name} = {} WHERE {name} IS NULL",
                default_literal(d, new, fill)
            ));
        }
        out.push(format!("{alter} SET NOT NULL"));
    } else if !old.nullable && new.nullable {
        out.push(format!("{alter} DROP NOT NULL"));
    }
    if let Some(default) = &new.default {
        if reset_default || default_changed {
            out.push(format!("{alter} SET {}", default_clause(d, new, default)));
        }
    }
    out
}

/// The old value as the new type. PostgreSQL casts between numbers, from
/// and to text, and between dates and times; boolean and numbers go by
/// comparison, and anything else by way of its text.
fn converted(d: &dyn Dialect, old: &Column, new: &Column) -> String {
    use ColumnType::{Bool, Date, DateTime, DateTimeUtc, Decimal, Double, Float, Text};
    let numeric = |ty: ColumnType| ty.is_integer() || matches!(ty, Float | Double | Decimal);
    let temporal = |ty: ColumnType| matches!(ty, Date | DateTime | DateTimeUtc);
    let (name, ty) = (d.quote(&new.name), d.column_type(new));
    match (old.ty, new.ty) {
        (Bool, to) if numeric(to) => format!("CASE WHEN {name} THEN 1 ELSE 0 END"),
        (from, Bool) if numeric(from) => format!("{name} <> 0"),
        (from, to)
            if from == to
                || from == Text
                || to == Text
                || (numeric(from) && numeric(to))
                || (temporal(from) && temporal(to)) =>
        {
            format!("{name}::{ty}")
        }
        _ => format!("{name}::text::{ty}"),
    }
}
