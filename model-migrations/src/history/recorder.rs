//! The history table, `model_migrations`: one row per applied migration,
//! with its checksum, and, for one MySQL applied in part, what ran.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use model_runtime::chrono::{DateTime, Utc};
use model_runtime::{Backend, Connection};

use super::applied::{AppliedMigration, PartialApplication};
use crate::key::MigrationKey;
use crate::{MigrationError, Result};

diesel::table! {
    model_migrations (id) {
        id -> BigInt,
        app -> Text,
        name -> Text,
        applied -> model_runtime::sql_types::DateTimeUtc,
        checksum -> Nullable<Text>,
        status -> Text,
        operations_done -> Nullable<Integer>,
        progress -> Nullable<Text>,
    }
}

const TABLE: &str = "model_migrations";

/// The columns added after the first version of the table, spelled alike
/// on every backend: a table without them gets them with `ADD COLUMN`.
const ADDED_COLUMNS: [(&str, &str); 4] = [
    ("checksum", "varchar(64) NULL"),
    ("status", "varchar(20) NOT NULL DEFAULT 'applied'"),
    ("operations_done", "integer NULL"),
    ("progress", "text NULL"),
];

/// `status` of a migration applied in full, of one that stopped half
/// way in either direction, and, on MySQL, of one running (or killed
/// while running) in either direction. All fit the column's
/// `varchar(20)`.
const APPLIED: &str = "applied";
const PARTLY_APPLIED: &str = "partly_applied";
const PARTLY_UNAPPLIED: &str = "partly_unapplied";
const APPLYING: &str = "applying";
const UNAPPLYING: &str = "unapplying";
const STATUSES: [&str; 5] = [APPLIED, PARTLY_APPLIED, PARTLY_UNAPPLIED, APPLYING, UNAPPLYING];

/// How the `progress` of a running row names the statement running, on
/// its last line.
const RUNNING: &str = "running: ";

/// The history, oldest first; nothing when the table does not exist. A
/// table from before checksums reads as rows without them.
pub fn read(conn: &mut Connection) -> Result<Vec<AppliedMigration>> {
    let Some(info) = crate::introspect::table(conn, TABLE)? else {
        return Ok(Vec::new());
    };
    if ADDED_COLUMNS
        .iter()
        .all(|(column, _)| info.column(column).is_some())
    {
        return read_current(conn);
    }
    let rows: Vec<(String, String, DateTime<Utc>)> = model_migrations::table
        .select((
            model_migrations::app,
            model_migrations::name,
            model_migrations::applied,
        ))
        .order(model_migrations::id)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(app, name, applied)| AppliedMigration {
            key: MigrationKey { app, name },
            applied,
            checksum: None,
            partial: None,
        })
        .collect())
}

type Row = (
    String,
    String,
    DateTime<Utc>,
    Option<String>,
    String,
    Option<i32>,
    Option<String>,
);

/// The columns of a row, as [`Row`] reads them.
type Columns = (
    model_migrations::app,
    model_migrations::name,
    model_migrations::applied,
    model_migrations::checksum,
    model_migrations::status,
    model_migrations::operations_done,
    model_migrations::progress,
);

const COLUMNS: Columns = (
    model_migrations::app,
    model_migrations::name,
    model_migrations::applied,
    model_migrations::checksum,
    model_migrations::status,
    model_migrations::operations_done,
    model_migrations::progress,
);

/// The history from a table [`prepare`] made current.
pub fn read_current(conn: &mut Connection) -> Result<Vec<AppliedMigration>> {
    let rows: Vec<Row> = match model_migrations::table
        .select(COLUMNS)
        .order(model_migrations::id)
        .load(conn)
    {
        Ok(rows) => rows,
        Err(error) => return Err(unreadable_row(conn, error)),
    };
    rows.into_iter().map(row).collect()
}

/// The first row that does not read back (a date the library cannot
/// hold, written by hand), named, when `error` is a row that could not be
/// read; `error` as it is otherwise.
fn unreadable_row(conn: &mut Connection, error: diesel::result::Error) -> MigrationError {
    if !matches!(error, diesel::result::Error::DeserializationError(_)) {
        return error.into();
    }
    let keys: Vec<(i64, String, String)> = match model_migrations::table
        .select((
            model_migrations::id,
            model_migrations::app,
            model_migrations::name,
        ))
        .order(model_migrations::id)
        .load(conn)
    {
        Ok(keys) => keys,
        Err(_) => return error.into(),
    };
    for (id, app, name) in keys {
        let one = model_migrations::table
            .filter(model_migrations::id.eq(id))
            .select(COLUMNS)
            .load::<Row>(conn);
        if let Err(problem) = one {
            return MigrationError::HistoryRow {
                migration: MigrationKey { app, name }.to_string(),
                problem: problem.to_string(),
            };
        }
    }
    error.into()
}

/// One row read back, refused with its migration named when it holds
/// what no `migrate` writes (a row edited by hand).
fn row((app, name, applied, checksum, status, done, progress): Row) -> Result<AppliedMigration> {
    let key = MigrationKey { app, name };
    let unreadable = |problem: String| MigrationError::HistoryRow {
        migration: key.to_string(),
        problem,
    };
    let (backwards, running) = match status.as_str() {
        APPLIED => {
            return Ok(AppliedMigration {
                key,
                applied,
                checksum,
                partial: None,
            })
        }
        PARTLY_APPLIED => (false, false),
        PARTLY_UNAPPLIED => (true, false),
        APPLYING => (false, true),
        UNAPPLYING => (true, true),
        other => {
            return Err(unreadable(format!(
                "its status is `{}`, none of {}",
                other.escape_debug(),
                STATUSES.join(", ")
            )))
        }
    };
    let operations_done = match done {
        None => 0,
        Some(n) => {
            usize::try_from(n).map_err(|_| unreadable(format!("its operations_done is {n}, below zero")))?
        }
    };
    let mut done: Vec<String> = progress.unwrap_or_default().lines().map(str::to_owned).collect();
    let interrupted = running.then(|| match done.last().and_then(|l| l.strip_prefix(RUNNING)) {
        Some(statement) => {
            let statement = statement.to_owned();
            done.pop();
            statement
        }
        None => "a statement the history does not name".to_owned(),
    });
    Ok(AppliedMigration {
        key,
        applied,
        checksum,
        partial: Some(PartialApplication {
            backwards,
            operations_done,
            done,
            interrupted,
        }),
    })
}

/// Creates the history table, or adds the columns an older one lacks.
/// Runs where no other process can do the same at once: under the
/// migration lock, or in SQLite's write transaction.
pub fn prepare(conn: &mut Connection) -> Result<()> {
    let backend = conn.backend_kind();
    let quote = |name: &str| match backend {
        Backend::Mysql => format!("`{name}`"),
        _ => format!("\"{name}\""),
    };
    let Some(info) = crate::introspect::table(conn, TABLE)? else {
        return create(conn);
    };
    for (column, definition) in ADDED_COLUMNS {
        if info.column(column).is_none() {
            conn.batch_execute(&format!(
                "ALTER TABLE {} ADD COLUMN {} {definition}",
                quote(TABLE),
                quote(column)
            ))?;
        }
    }
    Ok(())
}

fn create(conn: &mut Connection) -> Result<()> {
    let added: String = ADDED_COLUMNS
        .iter()
        .map(|(column, definition)| match conn.backend_kind() {
            Backend::Mysql => format!(", `{column}` {definition}"),
            _ => format!(", \"{column}\" {definition}"),
        })
        .collect();
    let sql = match conn.backend_kind() {
        Backend::Sqlite => format!(
            "CREATE TABLE IF NOT EXISTS \"model_migrations\" (\
             \"id\" integer NOT NULL PRIMARY KEY AUTOINCREMENT, \"app\" varchar(255) NOT NULL, \
             \"name\" varchar(255) NOT NULL, \"applied\" datetime NOT NULL{added}, \
             CONSTRAINT \"uq_model_migrations_app_name\" UNIQUE (\"app\", \"name\"))"
        ),
        Backend::Postgres => format!(
            "CREATE TABLE IF NOT EXISTS \"model_migrations\" (\
             \"id\" bigint NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY, \
             \"app\" varchar(255) NOT NULL, \"name\" varchar(255) NOT NULL, \
             \"applied\" timestamp with time zone NOT NULL{added}, \
             CONSTRAINT \"uq_model_migrations_app_name\" UNIQUE (\"app\", \"name\"))"
        ),
        Backend::Mysql => format!(
            "CREATE TABLE IF NOT EXISTS `model_migrations` (\
             `id` bigint NOT NULL PRIMARY KEY AUTO_INCREMENT, `app` varchar(255) NOT NULL, \
             `name` varchar(255) NOT NULL, `applied` datetime(6) NOT NULL{added}, \
             CONSTRAINT `uq_model_migrations_app_name` UNIQUE (`app`, `name`)\
             ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"
        ),
    };
    conn.batch_execute(&sql)?;
    Ok(())
}

/// The row of one migration.
type RowOf<'a> = diesel::dsl::Filter<
    diesel::dsl::Filter<model_migrations::table, diesel::dsl::Eq<model_migrations::app, &'a str>>,
    diesel::dsl::Eq<model_migrations::name, &'a str>,
>;

fn this(key: &MigrationKey) -> RowOf<'_> {
    model_migrations::table
        .filter(model_migrations::app.eq(key.app.as_str()))
        .filter(model_migrations::name.eq(key.name.as_str()))
}

/// Records `key` as applied in full, now, with its checksum; a row left by
/// a partial application becomes complete.
pub fn record_applied(conn: &mut Connection, key: &MigrationKey, checksum: Option<&str>) -> Result<()> {
    let updated = diesel::update(this(key))
        .set((
            model_migrations::applied.eq(model_runtime::bind(Utc::now())),
            model_migrations::checksum.eq(checksum),
            model_migrations::status.eq(APPLIED),
            model_migrations::operations_done.eq(None::<i32>),
            model_migrations::progress.eq(None::<String>),
        ))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(model_migrations::table)
            .values((
                model_migrations::app.eq(&key.app),
                model_migrations::name.eq(&key.name),
                model_migrations::applied.eq(model_runtime::bind(Utc::now())),
                model_migrations::checksum.eq(checksum),
                model_migrations::status.eq(APPLIED),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Records that `key` ran only in part: a new row when it was being
/// applied, its row changed when it was being unapplied. With
/// [`interrupted`](PartialApplication::interrupted) set, the row says the
/// migration is running (`applying` or `unapplying`), with that statement
/// as the one running: what a MySQL run writes before each statement, so
/// that a run killed part-way leaves its progress behind.
pub fn record_partial(
    conn: &mut Connection,
    key: &MigrationKey,
    checksum: &str,
    partial: &PartialApplication,
) -> Result<()> {
    let status = match (partial.backwards, partial.interrupted.is_some()) {
        (false, false) => PARTLY_APPLIED,
        (true, false) => PARTLY_UNAPPLIED,
        (false, true) => APPLYING,
        (true, true) => UNAPPLYING,
    };
    let done = i32::try_from(partial.operations_done).unwrap_or(i32::MAX);
    let mut lines = partial.done.clone();
    if let Some(running) = &partial.interrupted {
        lines.push(format!("{RUNNING}{running}"));
    }
    let progress = lines.join("\n");
    let updated = diesel::update(this(key))
        .set((
            model_migrations::status.eq(status),
            model_migrations::operations_done.eq(Some(done)),
            model_migrations::progress.eq(Some(&progress)),
        ))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(model_migrations::table)
            .values((
                model_migrations::app.eq(&key.app),
                model_migrations::name.eq(&key.name),
                model_migrations::applied.eq(model_runtime::bind(Utc::now())),
                model_migrations::checksum.eq(checksum),
                model_migrations::status.eq(status),
                model_migrations::operations_done.eq(Some(done)),
                model_migrations::progress.eq(Some(&progress)),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Records `key` as applied again, as it was before an undo that ran no
/// statement; its checksum and date stay.
pub fn record_still_applied(conn: &mut Connection, key: &MigrationKey) -> Result<()> {
    diesel::update(this(key))
        .set((
            model_migrations::status.eq(APPLIED),
            model_migrations::operations_done.eq(None::<i32>),
            model_migrations::progress.eq(None::<String>),
        ))
        .execute(conn)?;
    Ok(())
}

/// Writes the checksum of a row recorded before checksums were.
pub fn record_checksum(conn: &mut Connection, key: &MigrationKey, checksum: &str) -> Result<()> {
    diesel::update(this(key).filter(model_migrations::checksum.is_null()))
        .set(model_migrations::checksum.eq(checksum))
        .execute(conn)?;
    Ok(())
}

/// Forgets that `key` was applied, in full or in part.
pub fn record_unapplied(conn: &mut Connection, key: &MigrationKey) -> Result<()> {
    diesel::delete(this(key)).execute(conn)?;
    Ok(())
}
