use chrono::NaiveDateTime;
use diesel::sql_types::SqlOrd;

use super::multi_backend;

/// A date and time without a time zone: PostgreSQL's `TIMESTAMP`, MySQL's
/// `DATETIME(6)`, text on SQLite.
///
/// Diesel's own `Timestamp` binds as MySQL's `TIMESTAMP`, whose range is
/// 1970 to 2038: MariaDB turns a bound 1999-12-31 into `NULL`. This type
/// binds as `DATETIME`, good from year 1000 to 9999.
#[derive(Debug, Clone, Copy, Default, diesel::query_builder::QueryId, diesel::sql_types::SqlType)]
#[diesel(postgres_type(oid = 1114, array_oid = 1115))]
#[diesel(sqlite_type(name = "Text"))]
#[diesel(mysql_type(name = "DateTime"))]
pub struct DateTime;

impl SqlOrd for DateTime {}

multi_backend!(DateTime => NaiveDateTime);

#[cfg(feature = "postgres")]
super::delegate!(DateTime => NaiveDateTime, diesel::pg::Pg, diesel::sql_types::Timestamp);
#[cfg(feature = "sqlite")]
super::delegate!(DateTime => NaiveDateTime, diesel::sqlite::Sqlite, diesel::sql_types::Timestamp);
#[cfg(feature = "mysql")]
super::delegate!(DateTime => NaiveDateTime, diesel::mysql::Mysql, diesel::sql_types::Datetime);
