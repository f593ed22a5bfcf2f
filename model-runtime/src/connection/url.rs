use crate::{Backend, Connection, Error, Result};

/// A database URL, sorted by backend.
///
/// ```
/// use model_runtime::{Backend, DatabaseUrl};
///
/// assert_eq!(DatabaseUrl::parse("db.sqlite3").unwrap().backend(), Backend::Sqlite);
/// assert_eq!(DatabaseUrl::parse("sqlite::memory:").unwrap(), DatabaseUrl::Sqlite(":memory:".into()));
/// assert_eq!(DatabaseUrl::parse("postgres://localhost/app").unwrap().backend(), Backend::Postgres);
/// assert!(DatabaseUrl::parse("redis://localhost").is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// A SQLite file path, or `:memory:`.
    Sqlite(String),
    /// A `postgres://` or `postgresql://` URL.
    Postgres(String),
    /// A `mysql://` (or `mariadb://`) URL.
    Mysql(String),
}

impl DatabaseUrl {
    /// Sorts `url`: `sqlite::memory:`, `sqlite://path`, `sqlite:path`, a bare
    /// file path, `postgres://...`, `postgresql://...`, `mysql://...`,
    /// `mariadb://...`.
    pub fn parse(url: &str) -> Result<DatabaseUrl> {
        let url = url.trim();
        if url.is_empty() {
            return Err(Error::Config("the database URL is empty".into()));
        }
        if url == "sqlite::memory:" || url == ":memory:" || url == "sqlite://:memory:" {
            return Ok(DatabaseUrl::Sqlite(":memory:".into()));
        }
        if let Some(path) = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
        {
            return Ok(DatabaseUrl::Sqlite(path.to_owned()));
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(DatabaseUrl::Postgres(url.to_owned()));
        }
        if url.starts_with("mysql://") {
            return Ok(DatabaseUrl::Mysql(url.to_owned()));
        }
        if let Some(rest) = url.strip_prefix("mariadb://") {
            return Ok(DatabaseUrl::Mysql(format!("mysql://{rest}")));
        }
        if let Some((scheme, _)) = url.split_once("://") {
            return Err(Error::Config(format!(
                "unsupported database URL scheme `{scheme}://`; expected sqlite://, postgres:// or mysql://"
            )));
        }
        Ok(DatabaseUrl::Sqlite(url.to_owned()))
    }

    /// The backend the URL names.
    pub fn backend(&self) -> Backend {
        match self {
            DatabaseUrl::Sqlite(_) => Backend::Sqlite,
            DatabaseUrl::Postgres(_) => Backend::Postgres,
            DatabaseUrl::Mysql(_) => Backend::Mysql,
        }
    }

    /// The URL with any password replaced by `***`, fit for messages.
    pub fn redacted(&self) -> String {
        match self {
            DatabaseUrl::Sqlite(path) => path.clone(),
            DatabaseUrl::Postgres(url) | DatabaseUrl::Mysql(url) => redact(url),
        }
    }
}

fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((credentials, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match credentials.split_once(':') {
        Some((user, _password)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

/// Opens a connection from a URL (see [`DatabaseUrl::parse`]).
///
/// SQLite connections are set up with [`configure_sqlite`]; MySQL sessions
/// run in strict mode, so a value that does not fit is an error, never a
/// silent truncation.
///
/// ```
/// let mut conn = model_runtime::connect("sqlite::memory:")?;
/// # Ok::<(), model_runtime::Error>(())
/// ```
pub fn connect(url: &str) -> Result<Connection> {
    let target = DatabaseUrl::parse(url)?;
    let failed = |source| Error::Connection {
        url: target.redacted(),
        source,
    };
    match &target {
        DatabaseUrl::Sqlite(path) => {
            #[cfg(feature = "sqlite")]
            {
                use diesel::Connection as _;
                let mut conn = diesel::SqliteConnection::establish(path).map_err(failed)?;
                configure_sqlite(&mut conn).map_err(Error::from)?;
                Ok(Connection::Sqlite(conn))
            }
            #[cfg(not(feature = "sqlite"))]
            {
                let _ = (path, failed);
                Err(missing_feature(Backend::Sqlite, "sqlite"))
            }
        }
        DatabaseUrl::Postgres(url) => {
            #[cfg(feature = "postgres")]
            {
                use diesel::Connection as _;
                let conn = diesel::PgConnection::establish(url).map_err(failed)?;
                Ok(Connection::Postgres(conn))
            }
            #[cfg(not(feature = "postgres"))]
            {
                let _ = (url, failed);
                Err(missing_feature(Backend::Postgres, "postgres"))
            }
        }
        DatabaseUrl::Mysql(url) => {
            #[cfg(feature = "mysql")]
            {
                use diesel::connection::SimpleConnection as _;
                use diesel::Connection as _;
                let mut conn = diesel::MysqlConnection::establish(url).map_err(failed)?;
                conn.batch_execute(
                    "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION,ERROR_FOR_DIVISION_BY_ZERO'",
                )?;
                Ok(Connection::Mysql(conn))
            }
            #[cfg(not(feature = "mysql"))]
            {
                let _ = (url, failed);
                Err(missing_feature(Backend::Mysql, "mysql"))
            }
        }
    }
}

#[allow(dead_code)]
fn missing_feature(backend: Backend, feature: &str) -> Error {
    Error::Config(format!(
        "this build has no {backend} support: enable model-runtime's `{feature}` feature"
    ))
}

/// Sets up a SQLite connection the way the runtime expects: foreign keys
/// enforced, a 5-second busy timeout instead of an immediate "database is
/// locked", and write-ahead logging so readers never block the writer.
///
/// [`connect`] calls it; call it yourself on a `SqliteConnection` you open
/// with Diesel directly.
#[cfg(feature = "sqlite")]
pub fn configure_sqlite(conn: &mut diesel::SqliteConnection) -> diesel::QueryResult<()> {
    use diesel::connection::SimpleConnection as _;
    use std::time::{Duration, Instant};

    conn.batch_execute("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;")?;
    // Turning a new database file to WAL takes an exclusive lock that SQLite
    // does not wait for, busy timeout or not: two processes opening a new
    // file at once would see "database is locked". Wait as long as the
    // busy timeout would.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        match conn.batch_execute("PRAGMA journal_mode = WAL") {
            Err(diesel::result::Error::DatabaseError(_, info))
                if info.message().contains("database is locked") && Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(10));
            }
            other => break other?,
        }
    }
    conn.batch_execute("PRAGMA synchronous = NORMAL;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_messages() {
        let url = DatabaseUrl::parse("postgres://app:secret@db:5432/app").unwrap();
        assert_eq!(url.redacted(), "postgres://app:***@db:5432/app");
    }

    #[test]
    fn unknown_schemes_are_named() {
        let error = DatabaseUrl::parse("oracle://db").unwrap_err().to_string();
        assert!(error.contains("`oracle://`"), "{error}");
    }
}
