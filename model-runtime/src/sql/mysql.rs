use std::borrow::Cow;

use super::{Dialect, LiteralError};
use crate::schema::{Column, ColumnType};

pub struct Mysql;

impl Dialect for Mysql {
    fn quote(&self, name: &str) -> String {
        format!("`{}`", name.replace('`', "``"))
    }

    fn column_type(&self, column: &Column) -> String {
        match column.ty {
            ColumnType::SmallInt => "smallint".into(),
            ColumnType::Integer => "integer".into(),
            ColumnType::BigInt => "bigint".into(),
            ColumnType::Float => "float".into(),
            ColumnType::Double => "double precision".into(),
            ColumnType::Bool => "bool".into(),
            ColumnType::Text => match column.max_length {
                Some(n) => format!("varchar({n})"),
                None => "longtext".into(),
            },
            ColumnType::Binary => "longblob".into(),
            ColumnType::Decimal => format!(
                "decimal({}, {})",
                column.max_digits.unwrap_or(0),
                column.decimal_places.unwrap_or(0)
            ),
            ColumnType::Date => "date".into(),
            ColumnType::DateTime | ColumnType::DateTimeUtc => "datetime(6)".into(),
            ColumnType::Uuid => "char(36)".into(),
            ColumnType::Json => "json".into(),
        }
    }

    fn auto_increment(&self, _column: &Column) -> &'static str {
        " AUTO_INCREMENT"
    }

    fn bool_literal(&self, value: bool) -> &'static str {
        if value {
            "1"
        } else {
            "0"
        }
    }

    // Rendered so that it reads the same in every `sql_mode`, rather than
    // relying on `NO_BACKSLASH_ESCAPES`: the session may be the user's
    // (model methods and the migration executor take any connection),
    // `sqlmigrate` output is pasted into clients with their own settings,
    // and setting the mode on our sessions would change what a backslash
    // means in the users' own `RunSql`. With backslash escapes on, `\`
    // escapes the closing quote; a text holding a backslash, a control
    // character or anything beyond ASCII (whose bytes would also depend on
    // the connection's character set) is therefore written in hexadecimal,
    // which has no escapes in any mode. NUL included: MySQL holds it.
    fn text_literal(&self, text: &str) -> Result<String, LiteralError> {
        Ok(super::literal::mysql(text))
    }

    // `X'...'` is a binary string; where the default is an expression
    // (TEXT, BLOB, JSON) it is converted to utf8mb4, as a JSON column of
    // MySQL refuses binary strings and MariaDB mangles an introducer
    // (`_utf8mb4 X'...'`) in a stored default expression.
    fn column_text_literal(&self, column: &Column, text: &str) -> Result<String, LiteralError> {
        let literal = self.text_literal(text)?;
        if self.parenthesize_default(column) && literal.starts_with('X') {
            Ok(format!("CONVERT({literal} USING utf8mb4)"))
        } else {
            Ok(literal)
        }
    }

    fn parenthesize_default(&self, column: &Column) -> bool {
        matches!(column.ty, ColumnType::Binary | ColumnType::Json)
            || (column.ty == ColumnType::Text && column.max_length.is_none())
    }

    // An index key holds at most 3072 bytes: a long column is indexed by
    // its first 255 characters, which still serves lookups and ordering.
    fn index_key(&self, column: &str, long: bool) -> String {
        if long {
            format!("{}(255)", self.quote(column))
        } else {
            self.quote(column)
        }
    }

    // A `DATETIME` holds an instant in UTC without its offset, which
    // MariaDB refuses in a literal: `2024-05-01 18:30:00+00:00` is written
    // `2024-05-01 18:30:00`.
    fn stored_text<'a>(&self, column: &Column, text: &'a str) -> Cow<'a, str> {
        match crate::value::parse_utc(text).filter(|_| column.ty == ColumnType::DateTimeUtc) {
            Some(instant) => Cow::Owned(instant.naive_utc().format("%Y-%m-%d %H:%M:%S%.f").to_string()),
            None => Cow::Borrowed(text),
        }
    }

    // utf8mb4 so every character fits; a binary collation so text compares
    // and unique-checks exactly as on SQLite and PostgreSQL.
    fn table_options(&self) -> &'static str {
        " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"
    }
}
