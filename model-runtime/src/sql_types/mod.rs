//! Diesel SQL types for the field types Diesel does not carry on every
//! backend the same way.
//!
//! Each type stores its values in the natural column of each backend, and
//! reads them back exactly:
//!
//! | type | SQLite | PostgreSQL | MySQL |
//! | --- | --- | --- | --- |
//! | [`DateTime`] | text, `YYYY-MM-DD HH:MM:SS.ffffff` | `TIMESTAMP` | `DATETIME(6)` |
//! | [`DateTimeUtc`] | text, `YYYY-MM-DD HH:MM:SS.ffffff+00:00` | `TIMESTAMP WITH TIME ZONE` | `DATETIME(6)`, in UTC |
//! | [`Uuid`] | `CHAR(36)` | `UUID` | `CHAR(36)` |
//! | [`Json`] | text | `JSONB` | `JSON` |
//!
//! Rust's coherence rules keep any crate but Diesel from implementing
//! Diesel's `AsExpression` for `chrono`, `uuid` or `serde_json` types with a
//! SQL type of its own, so a value of these types is compared with a column
//! through [`bind`](crate::bind): `booking::created.gt(bind(now))`. Numbers,
//! text, bytes, booleans, dates and decimals use Diesel's own SQL types and
//! need no such help.

mod datetime;
mod datetime_utc;
mod exact_decimal;
mod json;
mod loaded;
mod uuid;

/// Implements `ToSql`/`FromSql` on one backend by handing the value to an
/// existing Diesel implementation for another SQL type.
macro_rules! delegate {
    ($sql:ty => $rust:ty, $backend:ty, $diesel_sql:ty) => {
        impl diesel::serialize::ToSql<$sql, $backend> for $rust {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, $backend>,
            ) -> diesel::serialize::Result {
                <$rust as diesel::serialize::ToSql<$diesel_sql, $backend>>::to_sql(self, out)
            }
        }
        impl diesel::deserialize::FromSql<$sql, $backend> for $rust {
            fn from_sql(
                bytes: <$backend as diesel::backend::Backend>::RawValue<'_>,
            ) -> diesel::deserialize::Result<Self> {
                <$rust as diesel::deserialize::FromSql<$diesel_sql, $backend>>::from_sql(bytes)
            }
        }
    };
}

/// Makes `$sql` usable on the any-backend [`Connection`](crate::Connection):
/// each backend's own implementation is picked at run time.
macro_rules! multi_backend {
    ($sql:ty => $rust:ty) => {
        impl diesel::sql_types::HasSqlType<$sql> for crate::connection::MultiBackend {
            fn metadata(
                lookup: &mut <Self as diesel::sql_types::TypeMetadata>::MetadataLookup,
            ) -> <Self as diesel::sql_types::TypeMetadata>::TypeMetadata {
                crate::connection::MultiBackend::lookup_sql_type::<$sql>(lookup)
            }
        }
        impl diesel::deserialize::FromSql<$sql, crate::connection::MultiBackend> for $rust {
            fn from_sql(
                bytes: <crate::connection::MultiBackend as diesel::backend::Backend>::RawValue<'_>,
            ) -> diesel::deserialize::Result<Self> {
                bytes.from_sql::<Self, $sql>()
            }
        }
        impl diesel::serialize::ToSql<$sql, crate::connection::MultiBackend> for $rust {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, crate::connection::MultiBackend>,
            ) -> diesel::serialize::Result {
                out.set_value((<$sql>::default(), self));
                Ok(diesel::serialize::IsNull::No)
            }
        }
    };
}

pub(crate) use {delegate, multi_backend};

pub use self::datetime::DateTime;
pub use self::datetime_utc::DateTimeUtc;
#[doc(hidden)]
pub use self::exact_decimal::ExactDecimal;
pub use self::json::Json;
#[doc(hidden)]
pub use self::loaded::Loaded;
pub use self::uuid::Uuid;
