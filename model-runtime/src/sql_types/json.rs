use super::multi_backend;

/// A JSON document: PostgreSQL's `JSONB`, MySQL's `JSON`, text on SQLite.
#[derive(Debug, Clone, Copy, Default, diesel::query_builder::QueryId, diesel::sql_types::SqlType)]
#[diesel(postgres_type(oid = 3802, array_oid = 3807))]
#[diesel(sqlite_type(name = "Text"))]
#[diesel(mysql_type(name = "String"))]
pub struct Json;

multi_backend!(Json => serde_json::Value);

#[cfg(feature = "postgres")]
super::delegate!(Json => serde_json::Value, diesel::pg::Pg, diesel::sql_types::Jsonb);
#[cfg(feature = "mysql")]
super::delegate!(Json => serde_json::Value, diesel::mysql::Mysql, diesel::sql_types::Json);
#[cfg(feature = "sqlite")]
super::delegate!(Json => serde_json::Value, diesel::sqlite::Sqlite, diesel::sql_types::Json);
