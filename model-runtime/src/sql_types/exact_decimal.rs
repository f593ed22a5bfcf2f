use bigdecimal::BigDecimal;
use diesel::deserialize::{self, FromSql};
use diesel::sql_types::Numeric;

/// A decimal read exactly from a `Numeric` column.
///
/// Diesel reads SQLite's `NUMERIC` through `f64` and converts every binary
/// digit, which turns `9.99` into `9.9900000000000002131628...`; models read
/// their decimals through this type instead, which turns the stored double
/// into the shortest decimal that reads back as the same double (`9.99`), and
/// keeps PostgreSQL's and MySQL's exact readings. SQLite keeps 15 significant
/// digits of a non-integer decimal, as with Django.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct ExactDecimal(pub BigDecimal);

#[cfg(feature = "sqlite")]
impl FromSql<Numeric, diesel::sqlite::Sqlite> for ExactDecimal {
    fn from_sql(mut value: diesel::sqlite::SqliteValue<'_, '_, '_>) -> deserialize::Result<Self> {
        use std::str::FromStr;
        match value.value_type() {
            Some(diesel::sqlite::SqliteType::Long) => {
                return Ok(ExactDecimal(BigDecimal::from(value.read_long())))
            }
            // Rust prints a double in its shortest round-trip form.
            Some(diesel::sqlite::SqliteType::Double) => {
                let text = value.read_double().to_string();
                return BigDecimal::from_str(&text)
                    .map(ExactDecimal)
                    .map_err(|e| format!("`{text}` is not a decimal: {e}").into());
            }
            _ => {}
        }
        let text = value.read_text();
        BigDecimal::from_str(text)
            .map(ExactDecimal)
            .map_err(|e| format!("`{text}` is not a decimal: {e}").into())
    }
}

#[cfg(feature = "postgres")]
impl FromSql<Numeric, diesel::pg::Pg> for ExactDecimal {
    fn from_sql(value: diesel::pg::PgValue<'_>) -> deserialize::Result<Self> {
        <BigDecimal as FromSql<Numeric, diesel::pg::Pg>>::from_sql(value).map(ExactDecimal)
    }
}

#[cfg(feature = "mysql")]
impl FromSql<Numeric, diesel::mysql::Mysql> for ExactDecimal {
    fn from_sql(value: diesel::mysql::MysqlValue<'_>) -> deserialize::Result<Self> {
        <BigDecimal as FromSql<Numeric, diesel::mysql::Mysql>>::from_sql(value).map(ExactDecimal)
    }
}

impl<DB> diesel::deserialize::Queryable<Numeric, DB> for ExactDecimal
where
    DB: diesel::backend::Backend,
    ExactDecimal: FromSql<Numeric, DB>,
{
    type Row = Self;

    fn build(row: Self) -> deserialize::Result<Self> {
        Ok(row)
    }
}

impl FromSql<Numeric, crate::connection::MultiBackend> for ExactDecimal {
    fn from_sql(
        bytes: <crate::connection::MultiBackend as diesel::backend::Backend>::RawValue<'_>,
    ) -> deserialize::Result<Self> {
        bytes.from_sql::<ExactDecimal, Numeric>()
    }
}
