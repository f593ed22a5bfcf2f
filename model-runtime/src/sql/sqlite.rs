use super::{double_quoted, Dialect, LiteralError};
use crate::schema::{Column, ColumnType};

pub struct Sqlite;

impl Dialect for Sqlite {
    fn quote(&self, name: &str) -> String {
        double_quoted(name)
    }

    fn column_type(&self, column: &Column) -> String {
        // An auto-increment key must be spelled `integer` to alias the rowid.
        if column.auto_increment {
            return "integer".into();
        }
        match column.ty {
            ColumnType::SmallInt => "smallint".into(),
            ColumnType::Integer => "integer".into(),
            ColumnType::BigInt => "bigint".into(),
            ColumnType::Float => "real".into(),
            ColumnType::Double => "double precision".into(),
            ColumnType::Bool => "bool".into(),
            ColumnType::Text => match column.max_length {
                Some(n) => format!("varchar({n})"),
                None => "text".into(),
            },
            ColumnType::Binary => "blob".into(),
            ColumnType::Decimal => format!(
                "decimal({}, {})",
                column.max_digits.unwrap_or(0),
                column.decimal_places.unwrap_or(0)
            ),
            ColumnType::Date => "date".into(),
            ColumnType::DateTime | ColumnType::DateTimeUtc => "datetime".into(),
            ColumnType::Uuid => "char(36)".into(),
            ColumnType::Json => "text".into(),
        }
    }

    fn auto_increment(&self, _column: &Column) -> &'static str {
        " AUTOINCREMENT"
    }

    fn bool_literal(&self, value: bool) -> &'static str {
        if value {
            "1"
        } else {
            "0"
        }
    }

    fn text_literal(&self, text: &str) -> Result<String, LiteralError> {
        super::literal::sqlite(text)
    }
}
