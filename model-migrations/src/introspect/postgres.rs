//! PostgreSQL: `pg_catalog`, for what `information_schema` leaves out
//! (identity columns, index key order, expression keys).

use diesel::sql_types::{Bool, Text};
use diesel::{sql_query, PgConnection, QueryableByName, RunQueryDsl};

use super::normalize::{group, postgres_type, tidy_default};
use super::{ColumnInfo, ForeignKeyInfo, IndexInfo, TableInfo};
use crate::Result;

/// The table `$1` among the current schema's tables, as CTE `t`.
const TARGET: &str = "WITH t AS (SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
     WHERE n.nspname = current_schema() AND c.relname = $1 AND c.relkind IN ('r', 'p')) ";

#[derive(QueryableByName)]
struct NameRow {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct ColumnRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = Bool)]
    nullable: bool,
    #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
    default_sql: Option<String>,
    #[diesel(sql_type = Bool)]
    identity: bool,
    #[diesel(sql_type = Bool)]
    primary_key: bool,
    /// Whether `pg_get_expr` wrote plain literals without escapes, as it
    /// does when `standard_conforming_strings` is on.
    #[diesel(sql_type = Bool)]
    standard_strings: bool,
}

#[derive(QueryableByName)]
struct KeyRow {
    #[diesel(sql_type = Text)]
    owner: String,
    #[diesel(sql_type = Bool)]
    is_unique: bool,
    #[diesel(sql_type = Text)]
    column_name: String,
}

#[derive(QueryableByName)]
struct ForeignKeyRow {
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    target_table: String,
    #[diesel(sql_type = Text)]
    target_column: String,
    #[diesel(sql_type = Text)]
    action: String,
}

pub(super) fn table_names(conn: &mut PgConnection) -> Result<Vec<String>> {
    let rows: Vec<NameRow> = sql_query(
        "SELECT c.relname::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition",
    )
    .load(conn)?;
    Ok(rows.into_iter().map(|r| r.name).collect())
}

pub(super) fn table(conn: &mut PgConnection, name: &str) -> Result<Option<TableInfo>> {
    let found: Vec<NameRow> = sql_query(format!("{TARGET}SELECT $1::text AS name FROM t"))
        .bind::<Text, _>(name)
        .load(conn)?;
    if found.is_empty() {
        return Ok(None);
    }
    let (unique_constraints, indexes) = keys(conn, name)?;
    Ok(Some(TableInfo {
        name: name.to_owned(),
        columns: columns(conn, name)?,
        unique_constraints,
        indexes,
        foreign_keys: foreign_keys(conn, name)?,
    }))
}

fn columns(conn: &mut PgConnection, table: &str) -> Result<Vec<ColumnInfo>> {
    let rows: Vec<ColumnRow> = sql_query(format!(
        "{TARGET}SELECT a.attname::text AS name, format_type(a.atttypid, a.atttypmod) AS data_type, \
         NOT a.attnotnull AS nullable, \
         CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END AS default_sql, \
         a.attidentity <> '' AS identity, \
         EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = a.attrelid AND i.indisprimary \
                 AND a.attnum = ANY (i.indkey)) AS primary_key, \
         current_setting('standard_conforming_strings') = 'on' AS standard_strings \
         FROM t JOIN pg_attribute a ON a.attrelid = t.oid \
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
         WHERE a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum"
    ))
    .bind::<Text, _>(table)
    .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let data_type = postgres_type(&r.data_type);
            let default = tidy_default(r.default_sql);
            // A serial column's sequence is its auto-increment, not a default.
            let serial = default.as_deref().is_some_and(|d| d.starts_with("nextval("));
            ColumnInfo {
                name: r.name,
                default: if serial {
                    None
                } else {
                    default.map(|d| literal_default(d, &data_type, r.standard_strings))
                },
                data_type,
                nullable: r.nullable,
                primary_key: r.primary_key,
                auto_increment: r.identity || serial,
            }
        })
        .collect())
}

/// Unique constraints and the indexes backing no constraint, from one read
/// of both catalogs (rows grouped by owner, in key order).
fn keys(conn: &mut PgConnection, table: &str) -> Result<(Vec<Vec<String>>, Vec<IndexInfo>)> {
    let constraints: Vec<KeyRow> = sql_query(format!(
        "{TARGET}SELECT con.conname::text AS owner, TRUE AS is_unique, a.attname::text AS column_name \
         FROM t JOIN pg_constraint con ON con.conrelid = t.oid AND con.contype = 'u' \
         CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord) \
         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum \
         ORDER BY con.conname, k.ord"
    ))
    .bind::<Text, _>(table)
    .load(conn)?;
    // Key 0 of indkey is an expression; INCLUDE columns come after indnkeyatts.
    let indexes: Vec<KeyRow> = sql_query(format!(
        "{TARGET}SELECT ic.relname::text AS owner, i.indisunique AS is_unique, \
         CASE WHEN k.attnum = 0 THEN '(' || pg_get_indexdef(i.indexrelid, k.ord::int, true) || ')' \
              ELSE a.attname::text END AS column_name \
         FROM t JOIN pg_index i ON i.indrelid = t.oid \
         JOIN pg_class ic ON ic.oid = i.indexrelid \
         CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) \
         LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum \
         WHERE NOT i.indisprimary AND k.ord <= i.indnkeyatts \
           AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid \
                           AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u')) \
         ORDER BY ic.relname, k.ord"
    ))
    .bind::<Text, _>(table)
    .load(conn)?;
    let unique_constraints = group(constraints.into_iter().map(|r| (r.owner, r.column_name)))
        .into_iter()
        .map(|(_, columns)| columns)
        .collect();
    let indexes = group(
        indexes
            .into_iter()
            .map(|r| ((r.owner, r.is_unique), r.column_name)),
    )
    .into_iter()
    .map(|((name, unique), columns)| IndexInfo {
        name,
        columns,
        unique,
    })
    .collect();
    Ok((unique_constraints, indexes))
}

fn foreign_keys(conn: &mut PgConnection, table: &str) -> Result<Vec<ForeignKeyInfo>> {
    let rows: Vec<ForeignKeyRow> = sql_query(format!(
        "{TARGET}SELECT a.attname::text AS column_name, rc.relname::text AS target_table, \
         ra.attname::text AS target_column, con.confdeltype::text AS action \
         FROM t JOIN pg_constraint con ON con.conrelid = t.oid AND con.contype = 'f' \
         JOIN pg_class rc ON rc.oid = con.confrelid \
         CROSS JOIN LATERAL unnest(con.conkey, con.confkey) AS k(attnum, target_attnum) \
         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum \
         JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.target_attnum"
    ))
    .bind::<Text, _>(table)
    .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| ForeignKeyInfo {
            column: r.column_name,
            target_table: r.target_table,
            target_column: r.target_column,
            on_delete: action(&r.action).to_owned(),
        })
        .collect())
}

/// `pg_constraint.confdeltype` as SQL.
fn action(code: &str) -> &'static str {
    match code {
        "c" => "CASCADE",
        "r" => "RESTRICT",
        "n" => "SET NULL",
        "d" => "SET DEFAULT",
        _ => "NO ACTION",
    }
}

/// A literal default without the cast PostgreSQL adds to it:
/// `'general'::character varying` reads `'general'`, and a number it quoted,
/// `'-1'::integer`, reads `-1`. A text reads in the plain spelling,
/// `'C:\'`, also when written with escapes: in an escape string
/// (`E'C:\\'`), or in a plain one when `standard_conforming_strings` is
/// off (`standard` false), as `pg_get_expr` then writes it. Any other
/// expression is kept as it is.
fn literal_default(sql: String, data_type: &str, standard: bool) -> String {
    let Some((end, text)) = literal_end(&sql, standard) else {
        return sql;
    };
    if !only_casts(&sql[end..]) {
        return sql;
    }
    let numeric = [
        "smallint",
        "integer",
        "bigint",
        "real",
        "double precision",
        "numeric",
    ]
    .iter()
    .any(|t| data_type.starts_with(t));
    if numeric && is_number(&text) {
        text
    } else {
        model_runtime::sql::string_literal(&text)
    }
}

/// Whether `sql` is nothing but `::type` casts (possibly none).
fn only_casts(sql: &str) -> bool {
    let type_char = |c: char| c.is_ascii_alphanumeric() || " _().,[]\"".contains(c);
    let mut segments = sql.split("::");
    segments.next() == Some("") && segments.all(|t| !t.is_empty() && t.chars().all(type_char))
}

/// Where the single-quoted literal opening `sql` ends (byte offset after
/// its closing quote), and its text with quotes undoubled and, in an
/// escape string or when not `standard`, backslash escapes read.
fn literal_end(sql: &str, standard: bool) -> Option<(usize, String)> {
    let mut chars = sql.char_indices();
    let escape_string = sql.starts_with(['E', 'e']);
    if escape_string {
        chars.next();
    }
    let escapes = escape_string || !standard;
    if chars.next()?.1 != '\'' {
        return None;
    }
    let mut text = String::new();
    let mut chars = chars.peekable();
    while let Some((i, c)) = chars.next() {
        if escapes && c == '\\' {
            // The escapes PostgreSQL writes: a doubled backslash, and the
            // usual letters; any other character stands for itself.
            text.push(match chars.next()?.1 {
                'b' => '\u{8}',
                'f' => '\u{c}',
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                other => other,
            });
        } else if c != '\'' {
            text.push(c);
        } else if chars.peek().is_some_and(|&(_, next)| next == '\'') {
            text.push('\'');
            chars.next();
        } else {
            return Some((i + 1, text));
        }
    }
    None
}

/// Whether `text` is a plain decimal number such as `-1` or `12.50`.
fn is_number(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    !(whole.is_empty() && fraction.is_empty())
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_defaults_lose_their_casts() {
        let read = |sql: &str, ty: &str| literal_default(sql.to_owned(), ty, true);
        assert_eq!(read("'general'::character varying", "varchar(20)"), "'general'");
        assert_eq!(read("'-1'::integer", "integer"), "-1");
        assert_eq!(read("'-1.5'::numeric", "real"), "-1.5");
        assert_eq!(read("'{}'::jsonb", "jsonb"), "'{}'");
        assert_eq!(read("'it''s'::text", "text"), "'it''s'");
        assert_eq!(read("12.50", "numeric(6,2)"), "12.50");
        assert_eq!(read("now()", "timestamp with time zone"), "now()");
        assert_eq!(read("'a'::text || 'b'::text", "text"), "'a'::text || 'b'::text");
        assert_eq!(read("'1'::text", "text"), "'1'");
        assert_eq!(read(r"E'C:\\''s'::text", "text"), r"'C:\''s'");
        assert_eq!(read(r"'C:\'::character varying", "varchar(9)"), r"'C:\'");
        let nonstandard = literal_default(r"'C:\\'::character varying".into(), "varchar(9)", false);
        assert_eq!(nonstandard, r"'C:\'");
    }

    #[test]
    fn numbers_are_told_from_other_text() {
        assert!(is_number("-1") && is_number("12.50") && is_number(".5"));
        assert!(!is_number("") && !is_number("-") && !is_number("1e3") && !is_number("general"));
        assert_eq!(literal_end("'it''s'::text", true), Some((7, "it's".into())));
        assert_eq!(literal_end("now()", true), None);
    }
}
