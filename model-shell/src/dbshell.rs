//! `manage dbshell`: the database's own command-line client, connected to
//! the settings' database.

use std::process::Command;

use model_runtime::DatabaseUrl;

/// Why the client could not be started.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DbshellError {
    /// The settings' database URL is not one a client can open.
    #[error("{0}")]
    Url(String),
    /// The client is not installed.
    #[error("`{program}` was not found on the PATH; install it (on Debian: apt-get install {package})")]
    MissingClient {
        /// The program looked for.
        program: &'static str,
        /// The Debian package that has it.
        package: &'static str,
    },
    /// The client could not be started.
    #[error("cannot start `{program}`: {source}")]
    Start {
        /// The program.
        program: String,
        /// Why.
        source: std::io::Error,
    },
}

/// The client command for `url`, ready to run: `sqlite3 FILE`,
/// `psql --host ... --dbname ...` with `PGPASSWORD`, or `mariadb` (or
/// `mysql`) `--host=... --database=...` with `MYSQL_PWD`. No part of the
/// URL can pass for one of the client's options. A password goes in the
/// client's environment, never in its arguments, where any user of the
/// machine could read it.
///
/// ```
/// let command = model_shell::dbshell::client("db.sqlite3").unwrap();
/// assert_eq!(command.get_program(), "sqlite3");
/// # #[cfg(feature = "postgres")] {
/// let command = model_shell::dbshell::client("postgres://app:s3cret@db.example:5433/shop").unwrap();
/// let args: Vec<_> = command.get_args().map(|a| a.to_str().unwrap()).collect();
/// assert_eq!(args, ["--host", "db.example", "--port", "5433", "--username", "app", "--dbname", "shop"]);
/// assert!(command.get_envs().any(|(name, value)| name == "PGPASSWORD" && value == Some("s3cret".as_ref())));
/// # }
/// ```
///
/// # Errors
///
/// [`DbshellError::Url`] for a URL that names nothing a client opens (an
/// in-memory SQLite database).
pub fn client(url: &str) -> Result<Command, DbshellError> {
    let url = DatabaseUrl::parse(url).map_err(|e| DbshellError::Url(e.to_string()))?;
    match url {
        DatabaseUrl::Sqlite(path) => {
            if path == ":memory:" {
                return Err(DbshellError::Url(
                    "the database is in memory: there is nothing for sqlite3 to open".to_owned(),
                ));
            }
            let mut command = Command::new(SQLITE.program());
            // A path starting with `-` would be read as one of sqlite3's options.
            command.arg(if path.starts_with('-') {
                format!("./{path}")
            } else {
                path
            });
            Ok(command)
        }
        DatabaseUrl::Postgres(text) => {
            let url = server_url(&text)?;
            let mut command = Command::new(POSTGRES.program());
            if let Some(host) = url.host_str() {
                command.args(["--host", host]);
            }
            if let Some(port) = url.port() {
                command.args(["--port", &port.to_string()]);
            }
            if !url.username().is_empty() {
                command.args(["--username", &decoded(url.username())]);
            }
            if let Some(database) = database(&url) {
                command.args(["--dbname", &database]);
            }
            if let Some(password) = url.password() {
                command.env("PGPASSWORD", decoded(password));
            }
            Ok(command)
        }
        DatabaseUrl::Mysql(text) => {
            let url = server_url(&text)?;
            let mut command = Command::new(MYSQL.program());
            if let Some(host) = url.host_str() {
                command.arg(format!("--host={host}"));
            }
            if let Some(port) = url.port() {
                command.arg(format!("--port={port}"));
            }
            if !url.username().is_empty() {
                command.arg(format!("--user={}", decoded(url.username())));
            }
            if let Some(password) = url.password() {
                command.env("MYSQL_PWD", decoded(password));
            }
            // Named by its option, never as a bare argument that could
            // start with `-` and be read as another option.
            if let Some(database) = database(&url) {
                command.arg(format!("--database={database}"));
            }
            Ok(command)
        }
    }
}

/// Runs the client for `url` on this terminal until it exits; whether it
/// exited successfully.
///
/// # Errors
///
/// As [`client`]; [`DbshellError::MissingClient`] when no client for the
/// backend is installed, [`DbshellError::Start`] when it cannot be started.
pub fn run(url: &str) -> Result<bool, DbshellError> {
    let mut command = client(url)?;
    let client = [SQLITE, POSTGRES, MYSQL]
        .into_iter()
        .find(|client| client.programs.iter().any(|p| command.get_program() == *p))
        .expect("client() names one of the clients");
    if client.installed().is_none() {
        return Err(DbshellError::MissingClient {
            program: client.programs[0],
            package: client.package,
        });
    }
    let status = command.status().map_err(|source| DbshellError::Start {
        program: command.get_program().to_string_lossy().into_owned(),
        source,
    })?;
    Ok(status.success())
}

fn server_url(text: &str) -> Result<url::Url, DbshellError> {
    url::Url::parse(text).map_err(|e| DbshellError::Url(format!("the database URL cannot be read: {e}")))
}

/// The database a server URL names: its path without the leading `/`.
fn database(url: &url::Url) -> Option<String> {
    let name = url.path().trim_start_matches('/');
    (!name.is_empty()).then(|| decoded(name))
}

fn decoded(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// A backend's command-line client: its names, the first preferred, and
/// the Debian package that has it.
#[derive(Clone, Copy)]
struct Client {
    programs: &'static [&'static str],
    package: &'static str,
}

const SQLITE: Client = Client {
    programs: &["sqlite3"],
    package: "sqlite3",
};
const POSTGRES: Client = Client {
    programs: &["psql"],
    package: "postgresql-client",
};
const MYSQL: Client = Client {
    programs: &["mariadb", "mysql"],
    package: "mariadb-client",
};

impl Client {
    /// The first of its names found on the `PATH`.
    fn installed(self) -> Option<&'static str> {
        let path = std::env::var_os("PATH").unwrap_or_default();
        self.programs
            .iter()
            .copied()
            .find(|program| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
    }

    /// The name to run: the one installed, or else its first.
    fn program(self) -> &'static str {
        self.installed().unwrap_or(self.programs[0])
    }
}
