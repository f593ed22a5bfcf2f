//! One column's definition and its default, as every statement that
//! declares a column spells them.

use super::Dialect;
use crate::schema::{Column, ColumnType, DefaultValue};

/// Whether a column definition says `PRIMARY KEY`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyClause {
    /// As `CREATE TABLE` and `ADD COLUMN` write it.
    Declared,
    /// Left out, for MySQL's `MODIFY COLUMN`, where repeating it would add
    /// a second primary key; the auto-increment clause stays.
    Omitted,
}

/// `"name" type NOT NULL [PRIMARY KEY ...] [DEFAULT ...]`.
pub fn column_definition(d: &dyn Dialect, column: &Column) -> String {
    column_definition_with(d, column, column.default.as_ref(), KeyClause::Declared)
}

/// The column's definition with `default` in place of its own.
pub fn column_definition_with(
    d: &dyn Dialect,
    column: &Column,
    default: Option<&DefaultValue>,
    key: KeyClause,
) -> String {
    let mut sql = format!("{} {}", d.quote(&column.name), d.column_type(column));
    sql.push_str(if column.nullable { " NULL" } else { " NOT NULL" });
    match key {
        KeyClause::Declared if column.primary_key => {
            sql.push_str(" PRIMARY KEY");
            if column.auto_increment {
                sql.push_str(d.auto_increment(column));
            }
        }
        KeyClause::Omitted if column.auto_increment => sql.push_str(d.auto_increment(column)),
        _ => {}
    }
    if let Some(default) = default {
        sql.push(' ');
        sql.push_str(&default_clause(d, column, default));
    }
    sql
}

/// `DEFAULT literal`, parenthesized where the backend wants it.
pub fn default_clause(d: &dyn Dialect, column: &Column, default: &DefaultValue) -> String {
    let literal = default_literal(d, column, default);
    if d.parenthesize_default(column) {
        format!("DEFAULT ({literal})")
    } else {
        format!("DEFAULT {literal}")
    }
}

/// A default as a SQL literal: numbers bare, text quoted by the backend's
/// rules ([`Dialect::column_text_literal`]), booleans per backend.
///
/// A text the backend cannot hold (a NUL, on SQLite and PostgreSQL) is
/// left in a plain literal that never reaches the server (the drivers
/// refuse SQL holding a NUL); the migrations refuse such a default before
/// rendering it, naming the field, and the derive refuses it at compile
/// time.
pub fn default_literal(d: &dyn Dialect, column: &Column, default: &DefaultValue) -> String {
    match default {
        DefaultValue::Int(v) => v.to_string(),
        DefaultValue::Float(v) => format!("{v:?}"),
        DefaultValue::Bool(v) => d.bool_literal(*v).to_owned(),
        DefaultValue::Text(text) if column.ty == ColumnType::Decimal && is_number(text) => text.to_string(),
        DefaultValue::Text(text) => {
            let text = d.stored_text(column, text);
            d.column_text_literal(column, &text)
                .unwrap_or_else(|_| string_literal(&text))
        }
    }
}

fn is_number(text: &str) -> bool {
    text.parse::<crate::Decimal>().is_ok()
}

/// A single-quoted SQL string, quotes doubled and nothing else escaped:
/// standard SQL, and SQLite's literal. Not a literal of every backend: a
/// MySQL session with backslash escapes (its default) or a PostgreSQL one
/// with `standard_conforming_strings` off reads a backslash in it as an
/// escape. For SQL, use [`text_literal`](super::text_literal); this
/// spelling is also how introspection reports a text default, on every
/// backend.
pub fn string_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// `"name"` with inner double quotes doubled.
pub fn double_quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
