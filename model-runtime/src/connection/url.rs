use super::credentials;
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
///
/// Its `Debug` shows the [`redacted`](DatabaseUrl::redacted) URL.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// A SQLite file path, or `:memory:`.
    Sqlite(String),
    /// A `postgres://` or `postgresql://` URL.
    Postgres(String),
    /// A `mysql://` (or `mariadb://`) URL.
    Mysql(String),
}

impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let variant = match self {
            DatabaseUrl::Sqlite(_) => "Sqlite",
            DatabaseUrl::Postgres(_) => "Postgres",
            DatabaseUrl::Mysql(_) => "Mysql",
        };
        f.debug_tuple(variant).field(&self.redacted()).finish()
    }
}

/// The `libpq` keywords that start a keyword/value connection string.
const LIBPQ_KEYWORDS: &[&str] = &[
    "host",
    "hostaddr",
    "port",
    "dbname",
    "user",
    "password",
    "passfile",
    "sslmode",
    "options",
    "application_name",
    "connect_timeout",
    "service",
];

impl DatabaseUrl {
    /// Sorts `url`: `sqlite::memory:`, `sqlite://path`, `sqlite:path`, a bare
    /// file path, `postgres://...`, `postgresql://...`, `mysql://...`,
    /// `mariadb://...`.
    ///
    /// The user and password of a server URL end at its last `@`: the
    /// password may hold any character, `@`, `:`, `/`, `?` and `#` included,
    /// raw or percent-encoded (an `@` in a query value must then be written
    /// `%40`). They are percent-encoded for the driver, which therefore
    /// reads the password written.
    ///
    /// Refused, with an error that never shows the text: an empty SQLite
    /// path (`sqlite://`, `sqlite:`, which SQLite would take for a
    /// temporary database; `sqlite::memory:` is the in-memory one), a NUL
    /// character, a user and password with no scheme, a PostgreSQL
    /// keyword/value string (`host=... password=...`), an unknown scheme.
    ///
    /// ```
    /// use model_runtime::DatabaseUrl;
    ///
    /// let url = DatabaseUrl::parse("postgres://app:p@ss/word@db/app").unwrap();
    /// assert_eq!(url, DatabaseUrl::Postgres("postgres://app:p%40ss%2Fword@db/app".into()));
    /// assert!(DatabaseUrl::parse("sqlite://").is_err());
    /// let error = DatabaseUrl::parse("postgres:/broken").unwrap_err();
    /// assert!(error.to_string().starts_with("the database URL is malformed"));
    /// ```
    pub fn parse(url: &str) -> Result<DatabaseUrl> {
        let url = url.trim();
        if url.is_empty() {
            return Err(Error::Config("the database URL is empty".into()));
        }
        if url.contains('\0') {
            return Err(Error::Config("the database URL holds a NUL character".into()));
        }
        if url == "sqlite::memory:" || url == ":memory:" || url == "sqlite://:memory:" {
            return Ok(DatabaseUrl::Sqlite(":memory:".into()));
        }
        if let Some(path) = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
        {
            return sqlite_path(path);
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(DatabaseUrl::Postgres(credentials::encode_credentials(url)));
        }
        if url.starts_with("mysql://") {
            return Ok(DatabaseUrl::Mysql(credentials::encode_credentials(url)));
        }
        if let Some(rest) = url.strip_prefix("mariadb://") {
            return Ok(DatabaseUrl::Mysql(credentials::encode_credentials(&format!(
                "mysql://{rest}"
            ))));
        }
        if let Some((scheme, _)) = url.split_once("://") {
            let named = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
            return Err(Error::Config(if named {
                format!(
                    "unsupported database URL scheme `{scheme}://`; expected sqlite://, postgres:// or mysql://"
                )
            } else {
                "the database URL does not start with sqlite://, postgres:// or mysql://".to_owned()
            }));
        }
        // `postgres:/db` or `mysql:db` is a server URL written wrong, not a
        // SQLite file of that name (which would fail far from the typo).
        if let Some((scheme, _)) = url.split_once(':') {
            let server = ["postgres", "postgresql", "mysql", "mariadb"];
            if let Some(scheme) = server.iter().find(|s| s.eq_ignore_ascii_case(scheme)) {
                return Err(Error::Config(format!(
                    "the database URL is malformed: a {scheme} URL starts with {scheme}:// \
                     (such as {scheme}://user:password@host:port/dbname)"
                )));
            }
        }
        if looks_like_keywords(url) {
            return Err(Error::Config(
                "the database URL is a PostgreSQL keyword/value string (`host=... dbname=...`), \
                 which is not read: write it as postgres://user:password@host:port/dbname"
                    .into(),
            ));
        }
        if looks_like_credentials(url) {
            return Err(Error::Config(
                "the database URL has a user and password but no scheme: start it with \
                 postgres:// or mysql://"
                    .into(),
            ));
        }
        sqlite_path(url)
    }

    /// The backend the URL names.
    pub fn backend(&self) -> Backend {
        match self {
            DatabaseUrl::Sqlite(_) => Backend::Sqlite,
            DatabaseUrl::Postgres(_) => Backend::Postgres,
            DatabaseUrl::Mysql(_) => Backend::Mysql,
        }
    }

    /// The URL with any password replaced by `***`, fit for messages: the
    /// password of the user (wherever it ends, see
    /// [`parse`](DatabaseUrl::parse)) and the value of any query parameter
    /// whose name holds `pass` (`password`, `sslpassword`, ...).
    ///
    /// ```
    /// use model_runtime::DatabaseUrl;
    ///
    /// let url = DatabaseUrl::parse("postgres://app:p@ss@db/app?sslpassword=key").unwrap();
    /// assert_eq!(url.redacted(), "postgres://app:***@db/app?sslpassword=***");
    /// ```
    pub fn redacted(&self) -> String {
        match self {
            DatabaseUrl::Sqlite(path) => path.clone(),
            DatabaseUrl::Postgres(url) | DatabaseUrl::Mysql(url) => credentials::redact(url),
        }
    }

    /// The text handed to the driver.
    fn text(&self) -> &str {
        match self {
            DatabaseUrl::Sqlite(text) | DatabaseUrl::Postgres(text) | DatabaseUrl::Mysql(text) => text,
        }
    }
}

/// A SQLite path: never empty, which SQLite would take for a temporary
/// database.
fn sqlite_path(path: &str) -> Result<DatabaseUrl> {
    let empty = match path.strip_prefix("file:") {
        Some(uri) => {
            let name = uri.split(['?', '#']).next().unwrap_or_default();
            name.trim_start_matches('/').is_empty() && !uri.contains("mode=memory")
        }
        None => path.trim().is_empty(),
    };
    if empty {
        return Err(Error::Config(
            "the database URL names no SQLite file (an empty path would be a temporary database): \
             give a path, or sqlite::memory: for an in-memory database"
                .into(),
        ));
    }
    Ok(DatabaseUrl::Sqlite(path.to_owned()))
}

/// Whether `text` starts as a `libpq` keyword/value string: `host=db ...`.
fn looks_like_keywords(text: &str) -> bool {
    text.split_whitespace()
        .next()
        .and_then(|first| first.split_once('='))
        .is_some_and(|(key, _)| LIBPQ_KEYWORDS.contains(&key))
}

/// Whether `text` reads as `user:password@host...` without a scheme
/// (a `C:` drive letter aside).
fn looks_like_credentials(text: &str) -> bool {
    let Some(at) = text.rfind('@') else {
        return false;
    };
    let before = &text[..at];
    let drive = matches!(before.as_bytes(), [letter, b':', ..] if letter.is_ascii_alphabetic());
    let from = if drive { 2 } else { 0 };
    before.get(from..).is_some_and(|rest| rest.contains(':'))
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
        source: scrubbed(source, target.text()),
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

/// The driver's `error` without the URL's text or its password: libpq
/// repeats what it could not read, and a NUL byte's error holds the whole
/// text before it.
#[allow(dead_code)]
fn scrubbed(error: diesel::ConnectionError, url: &str) -> diesel::ConnectionError {
    use diesel::ConnectionError as E;
    match error {
        E::BadConnection(message) => E::BadConnection(credentials::scrub(&message, url)),
        E::InvalidConnectionUrl(message) => E::InvalidConnectionUrl(credentials::scrub(&message, url)),
        E::InvalidCString(_) => E::InvalidConnectionUrl(
            "a part of the URL decodes to a NUL byte, which the driver cannot take".into(),
        ),
        E::CouldntSetupConfiguration(error) => {
            let (shown, debug) = (error.to_string(), format!("{error:?}"));
            if credentials::scrub(&shown, url) == shown && credentials::scrub(&debug, url) == debug {
                E::CouldntSetupConfiguration(error)
            } else {
                E::BadConnection(format!(
                    "cannot set the session up: {}",
                    credentials::scrub(&shown, url)
                ))
            }
        }
        other => E::BadConnection(credentials::scrub(&other.to_string(), url)),
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
    fn passwords_with_delimiters_reach_neither_messages_nor_the_driver_in_pieces() {
        let url = DatabaseUrl::parse("mariadb://app:p@ss:w/o?r#d%zz@db/app").unwrap();
        assert_eq!(
            url,
            DatabaseUrl::Mysql("mysql://app:p%40ss:w%2Fo%3Fr%23d%25zz@db/app".into())
        );
        assert_eq!(url.redacted(), "mysql://app:***@db/app");
        assert_eq!(format!("{url:?}"), "Mysql(\"mysql://app:***@db/app\")");
    }

    #[test]
    fn empty_sqlite_paths_are_refused() {
        for text in [
            "sqlite://",
            "sqlite:",
            " sqlite:  ",
            "sqlite://   ",
            "sqlite:file:",
            "file:?mode=ro",
        ] {
            let error = DatabaseUrl::parse(text).unwrap_err().to_string();
            assert!(error.contains("names no SQLite file"), "{text}: {error}");
        }
        assert!(DatabaseUrl::parse("sqlite:file:?mode=memory").is_ok());
    }

    #[test]
    fn texts_that_are_not_urls_are_refused_without_being_shown() {
        for text in [
            "host=db user=app password=hunter22",
            "app:hunter22@db/app",
            "postgres:/app:hunter22@db/app",
            "app:hunter22@db/app?next=http://x",
            "db\0hunter22",
        ] {
            let error = DatabaseUrl::parse(text).unwrap_err();
            assert!(!format!("{error} {error:?}").contains("hunter22"), "{error}");
        }
        assert!(DatabaseUrl::parse("C:\\data\\a@b.sqlite3").is_ok());
    }

    #[test]
    fn unknown_schemes_are_named() {
        let error = DatabaseUrl::parse("oracle://db").unwrap_err().to_string();
        assert!(error.contains("`oracle://`"), "{error}");
    }
}
