//! The migration lock: one `migrate` at a time on a database, so that two
//! processes started at once apply each migration once.
//!
//! - PostgreSQL: a session advisory lock. PostgreSQL frees it when the
//!   session ends, so a killed process cannot leave it held.
//! - MySQL and MariaDB: `GET_LOCK`, a session lock as well, named after the
//!   database since its names are server-wide.
//! - SQLite: nothing held for the run. Each migration's transaction is
//!   `BEGIN IMMEDIATE`, SQLite's write lock, and the busy timeout is raised
//!   for the run so that a second process waits out the first's migration.
//!
//! Every backend waits up to [`WAIT`] for the lock, then fails with
//! [`MigrationError::LockTimeout`].

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use model_runtime::{Backend, Connection};

use crate::{MigrationError, Result};

/// How long a `migrate` waits for another to finish.
pub const WAIT: Duration = Duration::from_secs(60 * 60);

/// The advisory lock key on PostgreSQL: `model_mi` in ASCII. Advisory
/// locks are per database, so one key serves every database of a server.
const ADVISORY_KEY: i64 = 0x6d6f_6465_6c5f_6d69;

/// The `GET_LOCK` name on MySQL, at most 64 characters.
const MYSQL_NAME: &str = "LEFT(CONCAT('model_migrations.', IFNULL(DATABASE(), '')), 64)";

/// A held lock, and what to restore when it is released.
#[derive(Debug)]
pub(crate) struct Held {
    /// SQLite's busy timeout before the run, in milliseconds.
    busy_timeout: Option<i64>,
}

#[derive(QueryableByName)]
struct Setting {
    #[diesel(sql_type = diesel::sql_types::Text)]
    value: String,
}

#[derive(QueryableByName)]
struct Number {
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
    value: Option<i64>,
}

/// Takes the lock, waiting up to [`WAIT`] for another process to release it.
pub(crate) fn acquire(conn: &mut Connection) -> Result<Held> {
    let seconds = WAIT.as_secs();
    match conn.backend_kind() {
        Backend::Sqlite => {
            let previous: Vec<Number> =
                diesel::sql_query("SELECT timeout AS value FROM pragma_busy_timeout").load(conn)?;
            conn.batch_execute(&format!("PRAGMA busy_timeout = {}", WAIT.as_millis()))?;
            Ok(Held {
                busy_timeout: previous.first().and_then(|n| n.value),
            })
        }
        Backend::Postgres => {
            // lock_timeout bounds the wait, for this statement only.
            let previous: Vec<Setting> =
                diesel::sql_query("SELECT current_setting('lock_timeout') AS value").load(conn)?;
            conn.batch_execute(&format!("SET lock_timeout = '{seconds}s'"))?;
            let locked = conn.batch_execute(&format!("SELECT pg_advisory_lock({ADVISORY_KEY})"));
            // The setting read back is a value, so it goes back bound.
            let restore = previous.first().map_or("0", |s| s.value.as_str());
            let _: Vec<Setting> = diesel::sql_query("SELECT set_config('lock_timeout', $1, false) AS value")
                .bind::<diesel::sql_types::Text, _>(restore)
                .load(conn)?;
            match locked {
                Ok(()) => Ok(Held { busy_timeout: None }),
                Err(error) if error.to_string().contains("lock timeout") => Err(timeout(conn.backend_kind())),
                Err(error) => Err(error.into()),
            }
        }
        Backend::Mysql => {
            let got: Vec<Number> = diesel::sql_query(format!(
                "SELECT CAST(GET_LOCK({MYSQL_NAME}, {seconds}) AS SIGNED) AS value"
            ))
            .load(conn)?;
            match got.first().and_then(|n| n.value) {
                Some(1) => Ok(Held { busy_timeout: None }),
                Some(_) => Err(timeout(Backend::Mysql)),
                None => Err(model_runtime::Error::Config(
                    "GET_LOCK refused the migration lock: the server could not take it".into(),
                )
                .into()),
            }
        }
    }
}

/// Releases the lock and restores what [`acquire`] changed.
pub(crate) fn release(conn: &mut Connection, held: Held) -> Result<()> {
    match conn.backend_kind() {
        Backend::Sqlite => {
            if let Some(millis) = held.busy_timeout {
                conn.batch_execute(&format!("PRAGMA busy_timeout = {millis}"))?;
            }
        }
        Backend::Postgres => conn.batch_execute(&format!("SELECT pg_advisory_unlock({ADVISORY_KEY})"))?,
        Backend::Mysql => conn.batch_execute(&format!("DO RELEASE_LOCK({MYSQL_NAME})"))?,
    }
    Ok(())
}

/// The error of a wait for the lock that ran out.
pub(crate) fn timeout(backend: Backend) -> MigrationError {
    let lock = match backend {
        Backend::Sqlite => "SQLite's write lock on the database file".to_owned(),
        Backend::Postgres => format!("PostgreSQL advisory lock {ADVISORY_KEY}"),
        Backend::Mysql => "MySQL lock `model_migrations.<database>`".to_owned(),
    };
    MigrationError::LockTimeout {
        lock,
        seconds: WAIT.as_secs(),
    }
}
