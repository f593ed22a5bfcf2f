//! Connections: the any-backend [`Connection`], opening one from a URL, and
//! the [`DbConnection`] trait that lets model methods run on it, on plain
//! Diesel connections and on pooled ones alike.

mod any;
mod credentials;
mod db;
mod pool;
mod url;

pub use self::any::{AnyConnection as Connection, MultiBackend};
#[doc(hidden)]
pub use self::db::BackendConnection;
pub use self::db::DbConnection;
pub use self::pool::{pool, ConnectionManager, Pool};
pub use self::url::{connect, DatabaseUrl};

#[cfg(feature = "sqlite")]
pub use self::url::configure_sqlite;
