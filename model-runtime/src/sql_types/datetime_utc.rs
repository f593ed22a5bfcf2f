use chrono::{DateTime, Utc};
use diesel::sql_types::SqlOrd;

use super::multi_backend;

/// An instant in UTC: PostgreSQL's `TIMESTAMP WITH TIME ZONE`, MySQL's
/// `DATETIME(6)` holding UTC, and on SQLite fixed-width text
/// (`2024-05-01 18:30:00.000000+00:00`) that sorts in time order.
#[derive(Debug, Clone, Copy, Default, diesel::query_builder::QueryId, diesel::sql_types::SqlType)]
#[diesel(postgres_type(oid = 1184, array_oid = 1185))]
#[diesel(sqlite_type(name = "Text"))]
#[diesel(mysql_type(name = "DateTime"))]
pub struct DateTimeUtc;

impl SqlOrd for DateTimeUtc {}

multi_backend!(DateTimeUtc => DateTime<Utc>);

#[cfg(feature = "postgres")]
super::delegate!(DateTimeUtc => DateTime<Utc>, diesel::pg::Pg, diesel::sql_types::Timestamptz);

#[cfg(feature = "sqlite")]
mod sqlite {
    use chrono::{DateTime, Utc};
    use diesel::deserialize::{self, FromSql};
    use diesel::serialize::{self, IsNull, Output, ToSql};
    use diesel::sqlite::{Sqlite, SqliteValue};

    use super::DateTimeUtc;

    impl ToSql<DateTimeUtc, Sqlite> for DateTime<Utc> {
        fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
            out.set_value(self.format("%Y-%m-%d %H:%M:%S%.6f+00:00").to_string());
            Ok(IsNull::No)
        }
    }

    impl FromSql<DateTimeUtc, Sqlite> for DateTime<Utc> {
        fn from_sql(mut value: SqliteValue<'_, '_, '_>) -> deserialize::Result<Self> {
            let text = value.read_text();
            crate::value::parse_utc(text).ok_or_else(|| format!("`{text}` is not a date and time").into())
        }
    }
}

#[cfg(feature = "mysql")]
mod mysql {
    use chrono::{DateTime, NaiveDateTime, Utc};
    use diesel::deserialize::{self, FromSql};
    use diesel::mysql::{Mysql, MysqlValue};
    use diesel::serialize::{self, Output, ToSql};
    use diesel::sql_types::Datetime;

    use super::DateTimeUtc;

    impl ToSql<DateTimeUtc, Mysql> for DateTime<Utc> {
        fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Mysql>) -> serialize::Result {
            let naive = self.naive_utc();
            <NaiveDateTime as ToSql<Datetime, Mysql>>::to_sql(&naive, &mut out.reborrow())
        }
    }

    impl FromSql<DateTimeUtc, Mysql> for DateTime<Utc> {
        fn from_sql(value: MysqlValue<'_>) -> deserialize::Result<Self> {
            <NaiveDateTime as FromSql<Datetime, Mysql>>::from_sql(value).map(|naive| naive.and_utc())
        }
    }
}
