use crate::Backend;

/// Anything a model method can run on: the any-backend
/// [`Connection`](crate::Connection), Diesel's `SqliteConnection`,
/// `PgConnection` and `MysqlConnection` (as the backend features allow), and
/// r2d2 pooled connections of any of them.
pub trait DbConnection {
    /// The concrete connection underneath, for the generated code to run
    /// its statically typed queries on.
    #[doc(hidden)]
    fn backend_connection(&mut self) -> BackendConnection<'_>;

    /// The backend of this connection.
    fn backend(&mut self) -> Backend {
        self.backend_connection().backend()
    }
}

/// A borrowed concrete connection.
#[doc(hidden)]
pub enum BackendConnection<'a> {
    #[cfg(feature = "sqlite")]
    Sqlite(&'a mut diesel::SqliteConnection),
    #[cfg(feature = "postgres")]
    Postgres(&'a mut diesel::PgConnection),
    #[cfg(feature = "mysql")]
    Mysql(&'a mut diesel::MysqlConnection),
}

impl BackendConnection<'_> {
    /// The backend of this connection.
    pub fn backend(&self) -> Backend {
        match self {
            #[cfg(feature = "sqlite")]
            BackendConnection::Sqlite(_) => Backend::Sqlite,
            #[cfg(feature = "postgres")]
            BackendConnection::Postgres(_) => Backend::Postgres,
            #[cfg(feature = "mysql")]
            BackendConnection::Mysql(_) => Backend::Mysql,
        }
    }
}

impl DbConnection for super::Connection {
    fn backend_connection(&mut self) -> BackendConnection<'_> {
        match self {
            #[cfg(feature = "sqlite")]
            super::Connection::Sqlite(conn) => BackendConnection::Sqlite(conn),
            #[cfg(feature = "postgres")]
            super::Connection::Postgres(conn) => BackendConnection::Postgres(conn),
            #[cfg(feature = "mysql")]
            super::Connection::Mysql(conn) => BackendConnection::Mysql(conn),
        }
    }
}

#[cfg(feature = "sqlite")]
impl DbConnection for diesel::SqliteConnection {
    fn backend_connection(&mut self) -> BackendConnection<'_> {
        BackendConnection::Sqlite(self)
    }
}

#[cfg(feature = "postgres")]
impl DbConnection for diesel::PgConnection {
    fn backend_connection(&mut self) -> BackendConnection<'_> {
        BackendConnection::Postgres(self)
    }
}

#[cfg(feature = "mysql")]
impl DbConnection for diesel::MysqlConnection {
    fn backend_connection(&mut self) -> BackendConnection<'_> {
        BackendConnection::Mysql(self)
    }
}

impl<M> DbConnection for r2d2::PooledConnection<M>
where
    M: r2d2::ManageConnection,
    M::Connection: DbConnection,
{
    fn backend_connection(&mut self) -> BackendConnection<'_> {
        (**self).backend_connection()
    }
}

impl<C: DbConnection + ?Sized> DbConnection for &mut C {
    fn backend_connection(&mut self) -> BackendConnection<'_> {
        (**self).backend_connection()
    }
}
