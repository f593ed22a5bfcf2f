//! SQLite: `sqlite_master` and the `pragma_*` table-valued functions.

use diesel::sql_types::{Integer, Nullable, Text};
use diesel::{sql_query, QueryableByName, RunQueryDsl, SqliteConnection};

use super::normalize::{tidy_default, tidy_type};
use super::{ColumnInfo, ForeignKeyInfo, IndexInfo, TableInfo, EXPRESSION};
use crate::Result;

#[derive(QueryableByName)]
struct TableRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Nullable<Text>)]
    sql: Option<String>,
}

#[derive(QueryableByName)]
struct ColumnRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = Integer)]
    not_null: i32,
    #[diesel(sql_type = Nullable<Text>)]
    dflt_value: Option<String>,
    /// 1-based position in the primary key, 0 outside it.
    #[diesel(sql_type = Integer)]
    pk: i32,
}

#[derive(QueryableByName)]
struct IndexRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Integer)]
    is_unique: i32,
    /// `c` for `CREATE INDEX`, `u` for a `UNIQUE` constraint, `pk` for the key.
    #[diesel(sql_type = Text)]
    origin: String,
}

#[derive(QueryableByName)]
struct IndexKeyRow {
    /// `NULL` for an expression.
    #[diesel(sql_type = Nullable<Text>)]
    name: Option<String>,
}

#[derive(QueryableByName)]
struct ForeignKeyRow {
    #[diesel(sql_type = Integer)]
    seq: i32,
    #[diesel(sql_type = Text)]
    target_table: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    /// `NULL` when the key names no column: the parent's primary key.
    #[diesel(sql_type = Nullable<Text>)]
    target_column: Option<String>,
    #[diesel(sql_type = Text)]
    on_delete: String,
}

pub(super) fn table_names(conn: &mut SqliteConnection) -> Result<Vec<String>> {
    let rows: Vec<TableRow> = sql_query(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
    )
    .load(conn)?;
    Ok(rows.into_iter().map(|r| r.name).collect())
}

pub(super) fn table(conn: &mut SqliteConnection, name: &str) -> Result<Option<TableInfo>> {
    // SQLite names are case-insensitive; report the spelling the table has.
    let found: Vec<TableRow> =
        sql_query("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE")
            .bind::<Text, _>(name)
            .load(conn)?;
    let Some(TableRow { name, sql }) = found.into_iter().next() else {
        return Ok(None);
    };
    let columns = columns(conn, &name, sql.as_deref().unwrap_or_default())?;
    let (unique_constraints, indexes) = indexes(conn, &name)?;
    let foreign_keys = foreign_keys(conn, &name)?;
    Ok(Some(TableInfo {
        name,
        columns,
        unique_constraints,
        indexes,
        foreign_keys,
    }))
}

fn columns(conn: &mut SqliteConnection, table: &str, create_sql: &str) -> Result<Vec<ColumnInfo>> {
    let rows: Vec<ColumnRow> = sql_query(
        "SELECT name, type AS data_type, \"notnull\" AS not_null, dflt_value, pk \
         FROM pragma_table_info(?) ORDER BY cid",
    )
    .bind::<Text, _>(table)
    .load(conn)?;
    // AUTOINCREMENT is legal only on a lone INTEGER PRIMARY KEY, and no
    // pragma reports it: the table's SQL is the one place it shows.
    let key_columns = rows.iter().filter(|r| r.pk > 0).count();
    let autoincrement = key_columns == 1 && declares_autoincrement(create_sql);
    Ok(rows
        .into_iter()
        .map(|r| ColumnInfo {
            // A lone INTEGER PRIMARY KEY is the rowid, which is never NULL
            // whether or not the table says NOT NULL.
            nullable: r.not_null == 0
                && !(key_columns == 1 && r.pk > 0 && r.data_type.eq_ignore_ascii_case("integer")),
            name: r.name,
            data_type: tidy_type(&r.data_type),
            default: tidy_default(r.dflt_value),
            primary_key: r.pk > 0,
            auto_increment: autoincrement && r.pk > 0,
        })
        .collect())
}

fn indexes(conn: &mut SqliteConnection, table: &str) -> Result<(Vec<Vec<String>>, Vec<IndexInfo>)> {
    let list: Vec<IndexRow> =
        sql_query("SELECT name, \"unique\" AS is_unique, origin FROM pragma_index_list(?)")
            .bind::<Text, _>(table)
            .load(conn)?;
    let (mut unique_constraints, mut indexes) = (Vec::new(), Vec::new());
    for index in list.into_iter().filter(|i| i.origin != "pk") {
        let keys: Vec<IndexKeyRow> = sql_query("SELECT name FROM pragma_index_info(?) ORDER BY seqno")
            .bind::<Text, _>(&index.name)
            .load(conn)?;
        let columns = keys
            .into_iter()
            .map(|k| k.name.unwrap_or_else(|| EXPRESSION.to_owned()))
            .collect();
        if index.origin == "u" {
            unique_constraints.push(columns);
        } else {
            indexes.push(IndexInfo {
                name: index.name,
                columns,
                unique: index.is_unique != 0,
            });
        }
    }
    Ok((unique_constraints, indexes))
}

fn foreign_keys(conn: &mut SqliteConnection, table: &str) -> Result<Vec<ForeignKeyInfo>> {
    let rows: Vec<ForeignKeyRow> = sql_query(
        "SELECT seq, \"table\" AS target_table, \"from\" AS column_name, \"to\" AS target_column, on_delete \
         FROM pragma_foreign_key_list(?) ORDER BY id, seq",
    )
    .bind::<Text, _>(table)
    .load(conn)?;
    let mut keys = Vec::with_capacity(rows.len());
    for row in rows {
        let target_column = match row.target_column {
            Some(column) => column,
            None => parent_key_column(conn, &row.target_table, row.seq)?,
        };
        keys.push(ForeignKeyInfo {
            column: row.column_name,
            target_table: row.target_table,
            target_column,
            on_delete: row.on_delete.to_uppercase(),
        });
    }
    Ok(keys)
}

/// The `seq`-th primary key column of `parent`, which a `REFERENCES parent`
/// naming no column means. A parent without one (or not yet created) can
/// only be keyed by its rowid, the nearest truth to report.
fn parent_key_column(conn: &mut SqliteConnection, parent: &str, seq: i32) -> Result<String> {
    let rows: Vec<IndexKeyRow> = sql_query("SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk")
        .bind::<Text, _>(parent)
        .load(conn)?;
    let column = usize::try_from(seq)
        .ok()
        .and_then(|seq| rows.into_iter().nth(seq))
        .and_then(|row| row.name);
    Ok(column.unwrap_or_else(|| "rowid".to_owned()))
}

/// Whether `CREATE TABLE` text says `AUTOINCREMENT` as a keyword, not
/// inside a string, a quoted name or a comment.
fn declares_autoincrement(sql: &str) -> bool {
    let mut chars = sql.chars().peekable();
    let mut word = String::new();
    while let Some(c) = chars.next() {
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
            continue;
        }
        if word.eq_ignore_ascii_case("autoincrement") {
            return true;
        }
        word.clear();
        match c {
            '\'' | '"' | '`' => skip_quoted(&mut chars, c),
            '[' => skip_quoted(&mut chars, ']'),
            '-' if chars.peek() == Some(&'-') => {
                chars.by_ref().find(|&c| c == '\n');
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut previous = ' ';
                chars
                    .by_ref()
                    .find(|&c| std::mem::replace(&mut previous, c) == '*' && c == '/');
            }
            _ => {}
        }
    }
    word.eq_ignore_ascii_case("autoincrement")
}

/// Consumes up to the closing `close`; a doubled quote is an escaped one.
fn skip_quoted(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, close: char) {
    while let Some(c) = chars.next() {
        if c == close {
            if close != ']' && chars.peek() == Some(&close) {
                chars.next();
            } else {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::declares_autoincrement;

    #[test]
    fn autoincrement_counts_only_as_a_keyword() {
        assert!(declares_autoincrement(
            "CREATE TABLE t (\"id\" integer NOT NULL PRIMARY KEY AUTOINCREMENT)"
        ));
        assert!(declares_autoincrement(
            "create table t (id integer primary key autoincrement)"
        ));
        assert!(!declares_autoincrement(
            "CREATE TABLE t (id integer PRIMARY KEY, \"autoincrement\" text)"
        ));
        assert!(!declares_autoincrement(
            "CREATE TABLE t (id integer PRIMARY KEY DEFAULT 'AUTOINCREMENT')"
        ));
        assert!(!declares_autoincrement(
            "CREATE TABLE t (id integer PRIMARY KEY) -- AUTOINCREMENT"
        ));
        assert!(!declares_autoincrement(
            "CREATE TABLE t (id integer /* AUTOINCREMENT */ PRIMARY KEY)"
        ));
        assert!(!declares_autoincrement(
            "CREATE TABLE t (id integer PRIMARY KEY, [autoincrement] int)"
        ));
        assert!(!declares_autoincrement(
            "CREATE TABLE t (autoincrement_ish integer PRIMARY KEY)"
        ));
    }
}
