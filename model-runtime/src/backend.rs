use std::fmt;

/// A database engine the runtime renders SQL for and talks to.
///
/// ```
/// use model_runtime::Backend;
/// assert_eq!(Backend::Postgres.to_string(), "PostgreSQL");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Backend {
    /// SQLite, bundled: the embedded default.
    Sqlite,
    /// PostgreSQL.
    Postgres,
    /// MySQL or MariaDB.
    Mysql,
}

impl Backend {
    /// Every backend, in a fixed order.
    pub const ALL: [Backend; 3] = [Backend::Sqlite, Backend::Postgres, Backend::Mysql];

    /// The largest number of bind parameters one statement may carry.
    ///
    /// SQLite's `SQLITE_MAX_VARIABLE_NUMBER` defaults to 32766 since 3.32;
    /// PostgreSQL and MySQL count parameters in an unsigned 16-bit integer.
    pub const fn max_bind_parameters(self) -> usize {
        match self {
            Backend::Sqlite => 32_766,
            Backend::Postgres | Backend::Mysql => 65_535,
        }
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
            Backend::Mysql => "MySQL",
        })
    }
}
