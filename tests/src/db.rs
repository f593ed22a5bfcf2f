//! A database of its own for each test: a SQLite file, or a uniquely named
//! PostgreSQL or MariaDB database created on the local server and dropped
//! afterwards, so tests run in parallel and twice in a row.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use model_runtime::diesel::connection::SimpleConnection;
use model_runtime::{Backend, Connection};

/// Where the servers are; override with these environment variables.
const POSTGRES_ENV: &str = "MODEL_TEST_POSTGRES_URL";
const MYSQL_ENV: &str = "MODEL_TEST_MYSQL_URL";
const POSTGRES_DEFAULT: &str = "postgres://postgres@127.0.0.1:5432/postgres";
const MYSQL_DEFAULT: &str = "mysql://root@127.0.0.1:3306/test";

pub struct TestDb {
    backend: Backend,
    name: String,
    url: String,
}

impl TestDb {
    /// A fresh, empty database. Panics, naming the server and the variable
    /// to set, when the server cannot be reached: a test needing a server
    /// fails rather than passes without one.
    pub fn new(backend: Backend) -> TestDb {
        let name = unique_name();
        let url = match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join("model-tests");
                std::fs::create_dir_all(&dir).expect("create the temporary directory");
                dir.join(format!("{name}.sqlite3")).to_string_lossy().into_owned()
            }
            Backend::Postgres | Backend::Mysql => {
                let mut admin = admin(backend);
                admin
                    .batch_execute(&format!("CREATE DATABASE {name}"))
                    .unwrap_or_else(|e| panic!("cannot create database {name} on {backend}: {e}"));
                with_database(&server_url(backend), &name)
            }
        };
        TestDb { backend, name, url }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The URL `model_runtime::connect` takes.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A new connection to this database.
    pub fn connect(&self) -> Connection {
        model_runtime::connect(&self.url)
            .unwrap_or_else(|e| panic!("cannot connect to {}: {e}", redacted(&self.url)))
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match self.backend {
            Backend::Sqlite => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", self.url));
                }
            }
            Backend::Postgres => {
                let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
                let _ = admin(self.backend).batch_execute(&sql);
            }
            Backend::Mysql => {
                let _ = admin(self.backend).batch_execute(&format!("DROP DATABASE IF EXISTS {}", self.name));
            }
        }
    }
}

fn server_url(backend: Backend) -> String {
    let (variable, default) = match backend {
        Backend::Postgres => (POSTGRES_ENV, POSTGRES_DEFAULT),
        _ => (MYSQL_ENV, MYSQL_DEFAULT),
    };
    std::env::var(variable).unwrap_or_else(|_| default.to_owned())
}

/// A connection to the server's default database, to create and drop others.
fn admin(backend: Backend) -> Connection {
    let url = server_url(backend);
    let variable = if backend == Backend::Postgres {
        POSTGRES_ENV
    } else {
        MYSQL_ENV
    };
    model_runtime::connect(&url).unwrap_or_else(|e| {
        let url = redacted(&url);
        panic!("{backend} is not reachable at {url} ({e}); start it, or point {variable} at a server")
    })
}

/// `url` with its password hidden, for a failing test's message.
fn redacted(url: &str) -> String {
    model_runtime::DatabaseUrl::parse(url).map_or_else(|_| "(an unreadable URL)".to_owned(), |u| u.redacted())
}

/// `url` with its database path replaced by `database`.
fn with_database(url: &str, database: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("a server URL");
    let (authority, query) = match rest.split_once('/') {
        Some((authority, path)) => (authority, path.split_once('?').map(|(_, q)| q)),
        None => (rest, None),
    };
    match query {
        Some(query) => format!("{scheme}://{authority}/{database}?{query}"),
        None => format!("{scheme}://{authority}/{database}"),
    }
}

fn unique_name() -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "model_test_{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}
