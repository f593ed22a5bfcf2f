//! The statements a competitor sends, read from the server, not from the
//! client: whatever a driver does under the hood (a `BEGIN` of its own, a
//! read-back, a `SET`) is counted alike for every competitor.
//!
//! - PostgreSQL: `pg_stat_statements`, which the server must load at start
//!   (`shared_preload_libraries = 'pg_stat_statements'`; `.ci/run` sets it).
//!   Its `calls` summed over the competitor's own database, `BEGIN` and
//!   `COMMIT` included.
//! - MariaDB and MySQL: the general query log, written to the
//!   `mysql.general_log` table while counting: each query, prepare,
//!   execute and reset of the connections open on the competitor's own
//!   database (a statement's close has no reply, so it is not counted).

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use model_runtime::diesel;
use model_runtime::Backend;

use crate::Result;

/// Counts the statements the server ran on one database.
pub enum Counter {
    Postgres {
        /// A connection to another database of the server: its own
        /// statements are not counted.
        admin: diesel::PgConnection,
        database: String,
    },
    Mysql {
        admin: diesel::MysqlConnection,
        database: String,
        /// Where the log was when counting began (`NOW(6)`).
        since: String,
    },
}

/// Why the server cannot count, in a sentence for the report.
pub type Unavailable = String;

impl Counter {
    /// A counter of `database`'s statements, through a connection to
    /// `admin_url` (another database on the same server); or why the
    /// server cannot count.
    pub fn new(
        backend: Backend,
        admin_url: &str,
        database: &str,
    ) -> Result<std::result::Result<Counter, Unavailable>> {
        // The name goes into the counting queries' text.
        if database.is_empty() || !database.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(format!(
                "round trips: a database name of letters, digits and `_` only, not {database:?}"
            )
            .into());
        }
        match backend {
            Backend::Postgres => {
                let mut admin = diesel::PgConnection::establish(admin_url)?;
                let loaded: i64 = diesel::select(diesel::dsl::sql::<BigInt>(
                    "(SELECT count(*) FROM pg_settings \
                      WHERE name = 'shared_preload_libraries' AND setting LIKE '%pg_stat_statements%')",
                ))
                .get_result(&mut admin)?;
                if loaded == 0 {
                    return Ok(Err("PostgreSQL does not load pg_stat_statements \
                                   (shared_preload_libraries; .ci/run sets it)"
                        .to_owned()));
                }
                admin.batch_execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")?;
                Ok(Ok(Counter::Postgres {
                    admin,
                    database: database.to_owned(),
                }))
            }
            _ => {
                let mut admin = diesel::MysqlConnection::establish(admin_url)?;
                admin.batch_execute("SET GLOBAL log_output = 'TABLE'")?;
                Ok(Ok(Counter::Mysql {
                    admin,
                    database: database.to_owned(),
                    since: String::new(),
                }))
            }
        }
    }

    /// Forgets what was counted so far.
    pub fn start(&mut self) -> Result<()> {
        match self {
            Counter::Postgres { admin, database } => {
                let dbid = database_oid(admin, database)?;
                admin.batch_execute(&format!("SELECT pg_stat_statements_reset(0, {dbid}, 0)"))?;
            }
            Counter::Mysql { admin, since, .. } => {
                admin.batch_execute("SET GLOBAL general_log = 1")?;
                *since =
                    diesel::select(diesel::dsl::sql::<Text>("CAST(NOW(6) AS CHAR)")).get_result(admin)?;
            }
        }
        Ok(())
    }

    /// The statements run on the database since [`Counter::start`].
    pub fn statements(&mut self) -> Result<u64> {
        let count: i64 = match self {
            Counter::Postgres { admin, database } => {
                let dbid = database_oid(admin, database)?;
                diesel::select(diesel::dsl::sql::<BigInt>(&format!(
                    "(SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements WHERE dbid = {dbid})"
                )))
                .get_result(admin)?
            }
            Counter::Mysql {
                admin,
                database,
                since,
            } => {
                let count = diesel::select(diesel::dsl::sql::<BigInt>(&format!(
                    "(SELECT CAST(count(*) AS SIGNED) FROM mysql.general_log \
                      WHERE event_time >= '{since}' \
                        AND command_type IN ('Query', 'Prepare', 'Execute', 'Reset stmt') \
                        AND thread_id IN (SELECT id FROM information_schema.processlist WHERE db = '{database}'))"
                )))
                .get_result(admin)?;
                admin.batch_execute("SET GLOBAL general_log = 0")?;
                count
            }
        };
        Ok(u64::try_from(count).unwrap_or(0))
    }
}

impl Drop for Counter {
    fn drop(&mut self) {
        if let Counter::Mysql { admin, .. } = self {
            // The log is the whole server's: never leave it on.
            let _ = admin.batch_execute("SET GLOBAL general_log = 0");
        }
    }
}

fn database_oid(admin: &mut diesel::PgConnection, database: &str) -> Result<i64> {
    Ok(diesel::select(diesel::dsl::sql::<BigInt>(&format!(
        "(SELECT oid::bigint FROM pg_database WHERE datname = '{database}')"
    )))
    .get_result(admin)?)
}
