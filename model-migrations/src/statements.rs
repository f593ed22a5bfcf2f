//! Running a migration's statements: the transaction around them where the
//! backend has one, and, on MySQL, what a failure part-way left applied.

use diesel::connection::{SimpleConnection, TransactionManager};
use diesel::prelude::*;
use model_runtime::{Backend, Connection};

use crate::history::{self, PartialApplication};
use crate::render::OperationSql;
use crate::{lock, MigrationError, MigrationKey, Result};

type Manager = <Connection as diesel::Connection>::TransactionManager;

/// Opens a migration's transaction. On SQLite it is `BEGIN IMMEDIATE`:
/// the write lock is taken before the history is read, so a second process
/// waits here, then reads what the first recorded.
pub(super) fn begin(conn: &mut Connection) -> Result<()> {
    let begun = match conn {
        #[cfg(feature = "sqlite")]
        Connection::Sqlite(inner) => {
            diesel::connection::AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")
        }
        #[allow(unreachable_patterns)]
        other => Manager::begin_transaction(other),
    };
    begun.map_err(|error| match error {
        diesel::result::Error::DatabaseError(_, info) if info.message().contains("database is locked") => {
            lock::timeout(Backend::Sqlite)
        }
        other => other.into(),
    })
}

/// Commits the transaction [`begin`] opened.
pub(super) fn commit(conn: &mut Connection) -> Result<()> {
    Ok(Manager::commit_transaction(conn)?)
}

/// Rolls the transaction back; a failure to do so is left to the error
/// that caused it.
pub(super) fn rollback(conn: &mut Connection) {
    let _ = Manager::rollback_transaction(conn);
}

/// Where a run of statements stopped.
pub(super) struct Stopped {
    /// The operations run to the end.
    operations: usize,
    /// The statements of the next operation that ran before one failed.
    statements: usize,
    pub(super) error: MigrationError,
}

/// Runs every statement, in order, up to the first that fails; `before`
/// is called before each, with how many operations ran to the end and how
/// many statements of the next one ran, and stops the run when it fails.
pub(super) fn run_statements(
    conn: &mut Connection,
    sql: &[OperationSql],
    mut before: impl FnMut(&mut Connection, usize, usize) -> Result<()>,
) -> std::result::Result<(), Stopped> {
    for (operations, operation) in sql.iter().enumerate() {
        for (statements, statement) in operation.statements.iter().enumerate() {
            let stopped = |error| Stopped {
                operations,
                statements,
                error,
            };
            before(conn, operations, statements).map_err(stopped)?;
            conn.batch_execute(statement)
                .map_err(|e| stopped(MigrationError::from(e)))?;
        }
    }
    Ok(())
}

/// What ran before a statement failed; `None` when nothing did.
pub(super) fn partial(
    sql: &[OperationSql],
    stopped: &Stopped,
    backwards: bool,
) -> Option<PartialApplication> {
    let partial = progress(sql, stopped.operations, stopped.statements, backwards);
    (!partial.done.is_empty()).then_some(partial)
}

/// What ran once `operations` operations ran to the end and `statements`
/// statements of the next one.
pub(super) fn progress(
    sql: &[OperationSql],
    operations: usize,
    statements: usize,
    backwards: bool,
) -> PartialApplication {
    let mut done: Vec<String> = sql
        .iter()
        .take(operations)
        .map(|op| op.description.clone())
        .collect();
    if let Some(next) = sql.get(operations).filter(|_| statements > 0) {
        done.push(format!(
            "{statements} of the {} statements of {}",
            next.statements.len(),
            next.description
        ));
    }
    PartialApplication {
        backwards,
        operations_done: operations,
        done,
        interrupted: None,
    }
}

/// The statement that runs once `operations` operations ran to the end
/// and `statements` statements of the next one, as the history names it.
pub(super) fn running(sql: &[OperationSql], operations: usize, statements: usize) -> String {
    match sql.get(operations) {
        Some(op) if op.statements.len() > 1 => format!(
            "statement {} of the {} statements of `{}`",
            statements + 1,
            op.statements.len(),
            op.description
        ),
        Some(op) => format!("`{}`", op.description),
        None => "a statement".to_owned(),
    }
}

/// The message of a MySQL migration that failed: its DDL committed
/// statement by statement, so whatever ran stays, and is recorded.
pub(super) fn mysql_failure(
    key: &MigrationKey,
    sql: &[OperationSql],
    stopped: &Stopped,
    backwards: bool,
    partial: Option<&PartialApplication>,
    undo_target: &str,
) -> String {
    let failed = sql
        .get(stopped.operations)
        .map_or("an operation", |op| op.description.as_str());
    let error = &stopped.error;
    match partial {
        None if backwards => format!(
            "`{failed}` failed: {error}. Nothing of the migration was undone, and it is still recorded as applied."
        ),
        None => format!("`{failed}` failed: {error}. Nothing of the migration was applied, and it is not recorded."),
        Some(partial) => {
            let recorded = if partial.backwards {
                "partly unapplied"
            } else {
                "partly applied"
            };
            format!(
                "`{failed}` failed: {error}. MySQL cannot roll schema changes back: {}, and the migration is \
                 recorded as {recorded}. {}",
                history::describe(partial, sql.len()),
                history::ways_out(key, partial, undo_target)
            )
        }
    }
}

#[derive(QueryableByName)]
struct ForeignKeyProblem {
    #[diesel(sql_type = diesel::sql_types::Text)]
    table: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    parent: String,
}

/// SQLite's `foreign_key_check`, run before commit since a rebuild ran with
/// foreign keys off.
pub(super) fn check_foreign_keys(conn: &mut Connection) -> std::result::Result<(), String> {
    let problems: Vec<ForeignKeyProblem> = diesel::sql_query("PRAGMA foreign_key_check")
        .load(conn)
        .map_err(|e| e.to_string())?;
    match problems.first() {
        None => Ok(()),
        Some(first) => Err(format!(
            "{} row(s) point at missing rows, starting with a row of {} pointing into {}",
            problems.len(),
            first.table,
            first.parent
        )),
    }
}
