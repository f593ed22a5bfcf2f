use super::multi_backend;

/// A UUID: PostgreSQL's `UUID`, `CHAR(36)` in its hyphenated form elsewhere.
#[derive(Debug, Clone, Copy, Default, diesel::query_builder::QueryId, diesel::sql_types::SqlType)]
#[diesel(postgres_type(oid = 2950, array_oid = 2951))]
#[diesel(sqlite_type(name = "Text"))]
#[diesel(mysql_type(name = "String"))]
pub struct Uuid;

multi_backend!(Uuid => uuid::Uuid);

#[cfg(feature = "postgres")]
super::delegate!(Uuid => uuid::Uuid, diesel::pg::Pg, diesel::sql_types::Uuid);

#[cfg(any(feature = "sqlite", feature = "mysql"))]
fn parse(bytes: &[u8]) -> diesel::deserialize::Result<uuid::Uuid> {
    // 16 raw bytes (a BINARY(16) written by another tool), else the text form.
    if bytes.len() == 16 {
        return Ok(uuid::Uuid::from_slice(bytes)?);
    }
    Ok(uuid::Uuid::try_parse_ascii(bytes)?)
}

#[cfg(feature = "sqlite")]
mod sqlite {
    use diesel::deserialize::{self, FromSql};
    use diesel::serialize::{self, IsNull, Output, ToSql};
    use diesel::sqlite::{Sqlite, SqliteType, SqliteValue};

    use super::Uuid;

    impl ToSql<Uuid, Sqlite> for uuid::Uuid {
        fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
            out.set_value(self.hyphenated().to_string());
            Ok(IsNull::No)
        }
    }

    impl FromSql<Uuid, Sqlite> for uuid::Uuid {
        fn from_sql(mut value: SqliteValue<'_, '_, '_>) -> deserialize::Result<Self> {
            if value.value_type() == Some(SqliteType::Binary) {
                return super::parse(value.read_blob());
            }
            super::parse(value.read_text().as_bytes())
        }
    }
}

#[cfg(feature = "mysql")]
mod mysql {
    use std::io::Write;

    use diesel::deserialize::{self, FromSql};
    use diesel::mysql::{Mysql, MysqlValue};
    use diesel::serialize::{self, IsNull, Output, ToSql};

    use super::Uuid;

    impl ToSql<Uuid, Mysql> for uuid::Uuid {
        fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Mysql>) -> serialize::Result {
            let mut buffer = uuid::Uuid::encode_buffer();
            out.write_all(self.hyphenated().encode_lower(&mut buffer).as_bytes())?;
            Ok(IsNull::No)
        }
    }

    impl FromSql<Uuid, Mysql> for uuid::Uuid {
        fn from_sql(value: MysqlValue<'_>) -> deserialize::Result<Self> {
            super::parse(value.as_bytes())
        }
    }
}
