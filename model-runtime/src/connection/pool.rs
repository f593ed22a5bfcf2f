use crate::{connect, Connection, Error, Result};

/// An r2d2 pool of any-backend connections.
pub type Pool = r2d2::Pool<ConnectionManager>;

/// Opens pooled connections with [`connect`], so each one gets the same
/// set-up as a single connection (SQLite pragmas, MySQL strict mode).
///
/// Each `sqlite::memory:` connection is a database of its own; pool a file.
/// Its `Debug`, which the pool's shows, has the URL without its password.
#[derive(Clone)]
pub struct ConnectionManager {
    url: String,
}

impl std::fmt::Debug for ConnectionManager {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let url = match crate::DatabaseUrl::parse(&self.url) {
            Ok(url) => url.redacted(),
            Err(_) => "(not a database URL)".to_owned(),
        };
        f.debug_struct("ConnectionManager").field("url", &url).finish()
    }
}

impl ConnectionManager {
    /// A manager for the database at `url`.
    pub fn new(url: impl Into<String>) -> ConnectionManager {
        ConnectionManager { url: url.into() }
    }
}

impl r2d2::ManageConnection for ConnectionManager {
    type Connection = Connection;
    type Error = Error;

    fn connect(&self) -> Result<Connection> {
        connect(&self.url)
    }

    fn is_valid(&self, conn: &mut Connection) -> Result<()> {
        use diesel::connection::SimpleConnection as _;
        conn.batch_execute("SELECT 1").map_err(Error::from)
    }

    fn has_broken(&self, _conn: &mut Connection) -> bool {
        false
    }
}

/// A pool of up to `max_size` connections to `url`.
///
/// ```
/// use model_runtime::prelude::*;
///
/// let dir = std::env::temp_dir().join(format!("pool-doc-{}.sqlite3", std::process::id()));
/// let pool = model_runtime::pool(dir.to_str().unwrap(), 2)?;
/// let mut conn = pool.get().map_err(|e| Error::Config(e.to_string()))?;
/// assert_eq!(conn.backend(), Backend::Sqlite);
/// # drop(conn); drop(pool); let _ = std::fs::remove_file(&dir);
/// # Ok::<(), model_runtime::Error>(())
/// ```
pub fn pool(url: &str, max_size: u32) -> Result<Pool> {
    r2d2::Pool::builder()
        .max_size(max_size)
        .build(ConnectionManager::new(url))
        .map_err(|e| Error::Config(format!("cannot open a connection pool: {e}")))
}
