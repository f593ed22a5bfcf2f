// The derive below refers to `Connection` unqualified and expects Diesel's
// trait under that name, hence the glob import and the enum's own name.
#[allow(unused_imports)]
use diesel::prelude::*;

#[cfg(not(any(feature = "sqlite", feature = "postgres", feature = "mysql")))]
compile_error!("model-runtime needs at least one backend feature: sqlite, postgres or mysql");

/// A connection to whichever database the URL named, chosen at run time.
///
/// It is a full Diesel connection (Diesel's `MultiConnection`), so the typed
/// DSL runs on it as on any other, and model methods run on it directly:
///
/// ```
/// use model_runtime::prelude::*;
/// use model_runtime::diesel::RunQueryDsl;
///
/// let mut conn = model_runtime::connect("sqlite::memory:")?;
/// assert_eq!(conn.backend_kind(), Backend::Sqlite);
/// model_runtime::diesel::sql_query("CREATE TABLE t (x INTEGER)").execute(&mut conn)?;
/// # Ok::<(), model_runtime::Error>(())
/// ```
#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    /// SQLite.
    #[cfg(feature = "sqlite")]
    Sqlite(diesel::SqliteConnection),
    /// PostgreSQL.
    #[cfg(feature = "postgres")]
    Postgres(diesel::PgConnection),
    /// MySQL or MariaDB.
    #[cfg(feature = "mysql")]
    Mysql(diesel::MysqlConnection),
}

impl AnyConnection {
    /// The backend this connection talks to.
    pub fn backend_kind(&self) -> crate::Backend {
        match self {
            #[cfg(feature = "sqlite")]
            AnyConnection::Sqlite(_) => crate::Backend::Sqlite,
            #[cfg(feature = "postgres")]
            AnyConnection::Postgres(_) => crate::Backend::Postgres,
            #[cfg(feature = "mysql")]
            AnyConnection::Mysql(_) => crate::Backend::Mysql,
        }
    }
}
