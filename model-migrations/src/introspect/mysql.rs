//! MySQL and MariaDB: `information_schema` of the current database.

use diesel::sql_types::{BigInt, Nullable, Text};
use diesel::{sql_query, MysqlConnection, QueryableByName, RunQueryDsl};

use super::normalize::{group, mysql_text_default, mysql_type, tidy_default};
use super::{ColumnInfo, ForeignKeyInfo, IndexInfo, TableInfo, EXPRESSION};
use crate::Result;

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
    column_type: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = Text)]
    is_nullable: String,
    #[diesel(sql_type = Nullable<Text>)]
    column_default: Option<String>,
    #[diesel(sql_type = Text)]
    extra: String,
}

#[derive(QueryableByName)]
struct IndexRow {
    #[diesel(sql_type = Text)]
    index_name: String,
    #[diesel(sql_type = BigInt)]
    non_unique: i64,
    /// `NULL` for a MySQL 8 functional key part.
    #[diesel(sql_type = Nullable<Text>)]
    column_name: Option<String>,
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
    on_delete: String,
}

#[derive(QueryableByName)]
struct CheckRow {
    #[diesel(sql_type = Text)]
    clause: String,
}

pub(super) fn table_names(conn: &mut MysqlConnection) -> Result<Vec<String>> {
    let rows: Vec<NameRow> = sql_query(
        "SELECT TABLE_NAME AS name FROM information_schema.TABLES \
         WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'",
    )
    .load(conn)?;
    Ok(rows.into_iter().map(|r| r.name).collect())
}

pub(super) fn table(conn: &mut MysqlConnection, name: &str) -> Result<Option<TableInfo>> {
    let found: Vec<NameRow> = sql_query(
        "SELECT TABLE_NAME AS name FROM information_schema.TABLES \
         WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME = ?",
    )
    .bind::<Text, _>(name)
    .load(conn)?;
    // The catalog may compare names without case; prefer the exact one, and
    // read the rest under the catalog's spelling, compared byte for byte.
    let exact = found.iter().position(|r| r.name == name).unwrap_or(0);
    let Some(NameRow { name }) = found.into_iter().nth(exact) else {
        return Ok(None);
    };
    let (primary_key, unique_constraints, indexes) = indexes(conn, &name)?;
    Ok(Some(TableInfo {
        columns: columns(conn, &name, &primary_key)?,
        foreign_keys: foreign_keys(conn, &name)?,
        name,
        unique_constraints,
        indexes,
    }))
}

fn columns(conn: &mut MysqlConnection, table: &str, primary_key: &[String]) -> Result<Vec<ColumnInfo>> {
    let rows: Vec<ColumnRow> = sql_query(
        "SELECT COLUMN_NAME AS name, COLUMN_TYPE AS column_type, DATA_TYPE AS data_type, \
         IS_NULLABLE AS is_nullable, COLUMN_DEFAULT AS column_default, EXTRA AS extra \
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() \
         AND TABLE_NAME = ? AND CAST(TABLE_NAME AS BINARY) = CAST(? AS BINARY) \
         ORDER BY ORDINAL_POSITION",
    )
    .bind::<Text, _>(table)
    .bind::<Text, _>(table)
    .load(conn)?;
    let mariadb = is_mariadb(conn)?;
    let json_columns = if mariadb {
        json_checked_columns(conn, table)?
    } else {
        Vec::new()
    };
    Ok(rows
        .into_iter()
        .map(|r| {
            let extra = r.extra.to_lowercase();
            let data_type = if r.data_type == "longtext" && json_columns.contains(&r.name) {
                "json".to_owned()
            } else {
                mysql_type(&r.column_type)
            };
            ColumnInfo {
                default: spell_default(r.column_default, &r.data_type, &extra, mariadb),
                primary_key: primary_key.contains(&r.name),
                auto_increment: extra.contains("auto_increment"),
                nullable: r.is_nullable == "YES",
                data_type,
                name: r.name,
            }
        })
        .collect())
}

/// The primary key's columns, the unique constraints and the other
/// indexes. InnoDB keeps every unique constraint as a unique index and
/// nothing tells the two apart, so each unique index counts as a constraint.
type Keys = (Vec<String>, Vec<Vec<String>>, Vec<IndexInfo>);

fn indexes(conn: &mut MysqlConnection, table: &str) -> Result<Keys> {
    let rows: Vec<IndexRow> = sql_query(
        "SELECT INDEX_NAME AS index_name, NON_UNIQUE AS non_unique, COLUMN_NAME AS column_name \
         FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() \
         AND TABLE_NAME = ? AND CAST(TABLE_NAME AS BINARY) = CAST(? AS BINARY) \
         ORDER BY INDEX_NAME, SEQ_IN_INDEX",
    )
    .bind::<Text, _>(table)
    .bind::<Text, _>(table)
    .load(conn)?;
    let keyed = rows.into_iter().map(|r| {
        let column = r.column_name.unwrap_or_else(|| EXPRESSION.to_owned());
        ((r.index_name, r.non_unique == 0), column)
    });
    let (mut primary_key, mut unique_constraints, mut indexes) = (Vec::new(), Vec::new(), Vec::new());
    for ((name, unique), columns) in group(keyed) {
        if name == "PRIMARY" {
            primary_key = columns;
        } else if unique {
            unique_constraints.push(columns);
        } else {
            indexes.push(IndexInfo {
                name,
                columns,
                unique: false,
            });
        }
    }
    Ok((primary_key, unique_constraints, indexes))
}

fn foreign_keys(conn: &mut MysqlConnection, table: &str) -> Result<Vec<ForeignKeyInfo>> {
    let rows: Vec<ForeignKeyRow> = sql_query(
        "SELECT k.COLUMN_NAME AS column_name, k.REFERENCED_TABLE_NAME AS target_table, \
         k.REFERENCED_COLUMN_NAME AS target_column, r.DELETE_RULE AS on_delete \
         FROM information_schema.KEY_COLUMN_USAGE k \
         JOIN information_schema.REFERENTIAL_CONSTRAINTS r \
           ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME \
          AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME \
         WHERE k.TABLE_SCHEMA = DATABASE() AND k.TABLE_NAME = ? \
           AND CAST(k.TABLE_NAME AS BINARY) = CAST(? AS BINARY) AND k.REFERENCED_TABLE_NAME IS NOT NULL",
    )
    .bind::<Text, _>(table)
    .bind::<Text, _>(table)
    .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| ForeignKeyInfo {
            column: r.column_name,
            target_table: r.target_table,
            target_column: r.target_column,
            on_delete: r.on_delete.to_uppercase(),
        })
        .collect())
}

fn is_mariadb(conn: &mut MysqlConnection) -> Result<bool> {
    let rows: Vec<NameRow> = sql_query("SELECT VERSION() AS name").load(conn)?;
    Ok(rows.iter().any(|r| r.name.contains("MariaDB")))
}

/// MariaDB's `json` is `longtext` plus a `CHECK (json_valid(col))` it adds
/// itself; those checks name the columns that were declared `json`.
fn json_checked_columns(conn: &mut MysqlConnection, table: &str) -> Result<Vec<String>> {
    let rows: Vec<CheckRow> = sql_query(
        "SELECT CHECK_CLAUSE AS clause FROM information_schema.CHECK_CONSTRAINTS \
         WHERE CONSTRAINT_SCHEMA = DATABASE() \
         AND TABLE_NAME = ? AND CAST(TABLE_NAME AS BINARY) = CAST(? AS BINARY)",
    )
    .bind::<Text, _>(table)
    .bind::<Text, _>(table)
    .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let quoted = r.clause.strip_prefix("json_valid(`")?.strip_suffix("`)")?;
            Some(quoted.replace("``", "`"))
        })
        .collect())
}

/// The default as SQL. MariaDB already quotes literals, and says `NULL`
/// for "none"; MySQL gives a literal's bare value (an empty string is `''`),
/// quoted here unless the column is numeric, and an expression as it is
/// (`DEFAULT_GENERATED`). A text reads in one spelling however it was
/// written or escaped ([`mysql_text_default`]).
fn spell_default(raw: Option<String>, data_type: &str, extra: &str, mariadb: bool) -> Option<String> {
    let numeric = [
        "tinyint",
        "smallint",
        "mediumint",
        "int",
        "bigint",
        "decimal",
        "float",
        "double",
        "bit",
        "year",
    ];
    if mariadb || extra.contains("default_generated") {
        tidy_default(raw).map(|sql| mysql_text_default(&sql).unwrap_or(sql))
    } else if numeric.contains(&data_type) {
        raw
    } else {
        raw.map(|text| model_runtime::sql::string_literal(&text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mysql_literals_are_quoted_like_mariadb_ones() {
        let mysql = |raw: &str, ty: &str| spell_default(Some(raw.to_owned()), ty, "", false);
        assert_eq!(mysql("general", "varchar").as_deref(), Some("'general'"));
        assert_eq!(mysql("0", "int").as_deref(), Some("0"));
        assert_eq!(mysql("", "varchar").as_deref(), Some("''"));
        assert_eq!(mysql("NULL", "varchar").as_deref(), Some("'NULL'"));
        assert_eq!(mysql("it's", "varchar").as_deref(), Some("'it''s'"));
        assert_eq!(mysql(r"C:\", "varchar").as_deref(), Some(r"'C:\'"));
        let mariadb = |raw: &str| spell_default(Some(raw.to_owned()), "longtext", "", true);
        assert_eq!(mariadb(r"'C:\\'").as_deref(), Some(r"'C:\'"));
        assert_eq!(
            mariadb("convert(X'5c27' using utf8mb4)").as_deref(),
            Some(r"'\'''")
        );
        let mariadb = spell_default(Some("'general'".to_owned()), "varchar", "", true);
        assert_eq!(mariadb.as_deref(), Some("'general'"));
        assert_eq!(spell_default(Some("NULL".to_owned()), "int", "", true), None);
        let expression = spell_default(
            Some("CURRENT_TIMESTAMP".to_owned()),
            "datetime",
            "default_generated",
            false,
        );
        assert_eq!(expression.as_deref(), Some("CURRENT_TIMESTAMP"));
    }
}
