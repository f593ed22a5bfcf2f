//! Runs migrations on a database, one transaction each where the backend
//! allows, with the history row written inside it.

use std::collections::BTreeSet;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::Connection as _;

use super::{
    plan, recorder, sql, Migration, MigrationGraph, MigrationKey, Operation, ProjectState, Step, Target,
};
use crate::{Backend, Connection, Error, Result};

/// How `migrate` runs its steps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MigrateOptions {
    /// Record the migrations as applied (or unapplied) without running them.
    pub fake: bool,
    /// Record an initial migration as applied without running it when every
    /// table it creates is already there, with its columns.
    pub fake_initial: bool,
}

/// What happened to one step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The migration ran and was recorded.
    Applied,
    /// The migration was undone and its record removed.
    Unapplied,
    /// Recorded (or forgotten) without running, as `--fake` asked.
    Faked,
    /// Recorded without running: its tables were already there.
    FakedInitial,
}

/// One operation's statements, with the operation for messages.
pub struct OperationSql {
    /// The operation, as Django words it.
    pub description: String,
    /// Whether it drops a table or a column.
    pub destructive: bool,
    /// The statements, in order.
    pub statements: Vec<String>,
}

/// Runs the steps of a plan against one database, keeping the state the
/// applied migrations describe up to date as it goes.
pub struct Executor<'a> {
    conn: &'a mut Connection,
    graph: &'a MigrationGraph,
    applied: BTreeSet<MigrationKey>,
    state: ProjectState,
}

impl<'a> Executor<'a> {
    /// Reads the history and rebuilds the state of the applied migrations.
    /// Nothing is written until a step runs: a database that was never
    /// migrated reads as having applied nothing.
    pub fn new(conn: &'a mut Connection, graph: &'a MigrationGraph) -> Result<Executor<'a>> {
        let applied = if recorder::exists(conn)? {
            recorder::applied(conn)?
        } else {
            BTreeSet::new()
        };
        let state = graph.state_of(&applied)?;
        Ok(Executor {
            conn,
            graph,
            applied,
            state,
        })
    }

    /// The migrations the database has applied.
    pub fn applied(&self) -> &BTreeSet<MigrationKey> {
        &self.applied
    }

    /// The schema the applied migrations describe.
    pub fn state(&self) -> &ProjectState {
        &self.state
    }

    /// The connection the executor runs on.
    pub fn connection(&mut self) -> &mut Connection {
        self.conn
    }

    /// The steps to `target`; refused before any step when one would undo
    /// an operation that cannot be undone.
    pub fn plan(&self, target: &Target) -> Result<Vec<Step>> {
        let steps = plan(self.graph, &self.applied, target)?;
        for step in steps.iter().filter(|s| s.backwards) {
            let migration = self.migration(&step.migration)?;
            if let Some(operation) = migration.operations.iter().find(|op| {
                matches!(
                    op,
                    Operation::RunSql {
                        reverse_sql: None,
                        ..
                    }
                )
            }) {
                return Err(Error::Plan(format!(
                    "cannot unapply {}: its `{operation}` has no reverse_sql; nothing was run",
                    step.migration
                )));
            }
        }
        Ok(steps)
    }

    /// Runs one step.
    pub fn run(&mut self, step: &Step, options: &MigrateOptions) -> Result<Outcome> {
        recorder::ensure_table(self.conn)?;
        let migration = self.migration(&step.migration)?.clone();
        let key = migration.key();
        let (sql, after) = if step.backwards {
            let mut without = self.applied.clone();
            without.remove(&key);
            let before = self.graph.state_of(&without)?;
            (
                backwards_sql(&migration, &before, self.conn.backend_kind())?,
                before,
            )
        } else {
            forwards_sql(&migration, &self.state, self.conn.backend_kind())?
        };

        let outcome = if options.fake {
            self.record(&key, step.backwards)?;
            Outcome::Faked
        } else if !step.backwards && options.fake_initial && self.tables_exist(&migration, &after)? {
            self.record(&key, false)?;
            Outcome::FakedInitial
        } else {
            self.execute(&key, step.backwards, &sql)?;
            if step.backwards {
                Outcome::Unapplied
            } else {
                Outcome::Applied
            }
        };
        if step.backwards {
            self.applied.remove(&key);
        } else {
            self.applied.insert(key);
        }
        self.state = after;
        Ok(outcome)
    }

    /// Runs a plan to `target`, step by step, stopping at the first failure.
    pub fn migrate(&mut self, target: &Target, options: &MigrateOptions) -> Result<Vec<(Step, Outcome)>> {
        let steps = self.plan(target)?;
        let mut done = Vec::with_capacity(steps.len());
        for step in steps {
            let outcome = self.run(&step, options)?;
            done.push((step, outcome));
        }
        Ok(done)
    }

    fn migration(&self, key: &MigrationKey) -> Result<&'a Migration> {
        self.graph
            .migration(key)
            .ok_or_else(|| Error::Plan(format!("no migration {key}")))
    }

    fn record(&mut self, key: &MigrationKey, backwards: bool) -> Result<()> {
        if backwards {
            recorder::record_unapplied(self.conn, key)
        } else {
            recorder::record_applied(self.conn, key)
        }
    }

    /// The statements and the history row, in one transaction on SQLite and
    /// PostgreSQL; one by one on MySQL, whose DDL commits as it goes.
    fn execute(&mut self, key: &MigrationKey, backwards: bool, sql: &[OperationSql]) -> Result<()> {
        let failed = |message: String| Error::Migration {
            migration: key.to_string(),
            message,
        };
        match self.conn.backend_kind() {
            Backend::Sqlite => {
                // A table rebuild needs foreign keys off, and the pragma is a
                // no-op inside a transaction: switch it around the transaction.
                self.conn.batch_execute("PRAGMA foreign_keys = OFF")?;
                let result = self.conn.transaction::<_, Error, _>(|conn| {
                    run_statements(conn, sql).map_err(|s| failed(s.error.to_string()))?;
                    check_foreign_keys(conn).map_err(failed)?;
                    record(conn, key, backwards)
                });
                self.conn.batch_execute("PRAGMA foreign_keys = ON")?;
                result
            }
            Backend::Postgres => self.conn.transaction::<_, Error, _>(|conn| {
                run_statements(conn, sql).map_err(|s| failed(s.error.to_string()))?;
                record(conn, key, backwards)
            }),
            Backend::Mysql => {
                run_statements(self.conn, sql).map_err(|s| failed(mysql_partial(sql, &s)))?;
                record(self.conn, key, backwards)
            }
        }
    }

    /// Whether every table an initial migration creates exists with its columns.
    fn tables_exist(&mut self, migration: &Migration, after: &ProjectState) -> Result<bool> {
        let created: Vec<&str> = migration
            .operations
            .iter()
            .filter_map(|op| match op {
                Operation::CreateModel { name, .. } => {
                    after.model(&migration.app, name).map(|m| m.table.as_ref())
                }
                _ => None,
            })
            .collect();
        if created.is_empty() || created.len() != migration.operations.len() {
            return Ok(false);
        }
        let mut present = Vec::new();
        for table in &created {
            let info = crate::introspect::table(self.conn, table)?;
            let model = after.model_by_table(table).expect("created above");
            let complete =
                info.is_some_and(|info| model.columns.iter().all(|c| info.column(&c.name).is_some()));
            present.push(complete);
        }
        match (present.iter().all(|p| *p), present.iter().any(|p| *p)) {
            (true, _) => Ok(true),
            (false, false) => Ok(false),
            (false, true) => Err(Error::Migration {
                migration: migration.key().to_string(),
                message: format!(
                    "--fake-initial found some of its tables ({}) but not all of them, or not all their columns; \
                     fix the database by hand, or migrate without --fake-initial",
                    created.join(", ")
                ),
            }),
        }
    }
}

/// The SQL of `migration` applied to `before`, operation by operation, and
/// the state it leads to.
pub fn forwards_sql(
    migration: &Migration,
    before: &ProjectState,
    backend: Backend,
) -> Result<(Vec<OperationSql>, ProjectState)> {
    let mut state = before.clone();
    let mut out = Vec::with_capacity(migration.operations.len());
    for operation in &migration.operations {
        let previous = state.clone();
        operation
            .apply(&mut state, &migration.app)
            .map_err(|e| in_migration(migration, e))?;
        out.push(OperationSql {
            description: operation.to_string(),
            destructive: operation.is_destructive(),
            statements: sql::render(operation, &migration.app, &previous, &state, backend)
                .map_err(|e| in_migration(migration, e))?,
        });
    }
    Ok((out, state))
}

/// The SQL that undoes `migration`, given the state it was applied to:
/// each operation's reverse, last operation first.
pub fn backwards_sql(
    migration: &Migration,
    before: &ProjectState,
    backend: Backend,
) -> Result<Vec<OperationSql>> {
    let mut states = vec![before.clone()];
    for operation in &migration.operations {
        let mut next = states.last().expect("one state at least").clone();
        operation
            .apply(&mut next, &migration.app)
            .map_err(|e| in_migration(migration, e))?;
        states.push(next);
    }
    let mut out = Vec::with_capacity(migration.operations.len());
    for (i, operation) in migration.operations.iter().enumerate().rev() {
        let reverse = operation
            .reverse(&states[i], &migration.app)
            .map_err(|e| in_migration(migration, e))?;
        out.push(OperationSql {
            description: reverse.to_string(),
            destructive: reverse.is_destructive(),
            statements: sql::render(&reverse, &migration.app, &states[i + 1], &states[i], backend)
                .map_err(|e| in_migration(migration, e))?,
        });
    }
    Ok(out)
}

/// The SQL `sqlmigrate` shows: one migration, forwards or backwards, from
/// the state its dependencies leave.
pub fn migration_sql(
    graph: &MigrationGraph,
    key: &MigrationKey,
    backwards: bool,
    backend: Backend,
) -> Result<Vec<OperationSql>> {
    let migration = graph
        .migration(key)
        .ok_or_else(|| Error::Plan(format!("no migration {key}")))?;
    let mut ancestors: BTreeSet<MigrationKey> = graph.forwards_plan(key).into_iter().collect();
    ancestors.remove(key);
    let before = graph.state_of(&ancestors)?;
    if backwards {
        backwards_sql(migration, &before, backend)
    } else {
        forwards_sql(migration, &before, backend).map(|(sql, _)| sql)
    }
}

fn in_migration(migration: &Migration, error: Error) -> Error {
    super::graph::in_migration(&migration.key(), error)
}

/// Where a run of statements stopped.
struct Stopped {
    /// The operations run to the end.
    operations: usize,
    /// The statements of the next operation that ran before one failed.
    statements: usize,
    error: Error,
}

/// Runs every statement, in order, up to the first that fails.
fn run_statements(conn: &mut Connection, sql: &[OperationSql]) -> std::result::Result<(), Stopped> {
    for (operations, operation) in sql.iter().enumerate() {
        for (statements, statement) in operation.statements.iter().enumerate() {
            conn.batch_execute(statement).map_err(|e| Stopped {
                operations,
                statements,
                error: Error::from(e),
            })?;
        }
    }
    Ok(())
}

fn record(conn: &mut Connection, key: &MigrationKey, backwards: bool) -> Result<()> {
    if backwards {
        recorder::record_unapplied(conn, key)
    } else {
        recorder::record_applied(conn, key)
    }
}

/// What a MySQL migration that failed part-way left behind: its DDL
/// committed statement by statement, so whatever ran stays.
fn mysql_partial(sql: &[OperationSql], stopped: &Stopped) -> String {
    let Stopped {
        operations,
        statements,
        error,
    } = stopped;
    let failed = sql.get(*operations);
    let failed_name = failed.map_or("an operation".to_owned(), |op| op.description.clone());
    let mut applied: Vec<String> = sql[..*operations]
        .iter()
        .map(|op| format!("`{}`", op.description))
        .collect();
    if *statements > 0 {
        let total = failed.map_or(0, |op| op.statements.len());
        applied.push(format!(
            "{statements} of the {total} statements of `{failed_name}`"
        ));
    }
    if applied.is_empty() {
        format!(
            "`{failed_name}` failed: {error}. Nothing of the migration was applied, and it is not recorded."
        )
    } else {
        format!(
            "`{failed_name}` failed: {error}. MySQL cannot roll back schema changes, so what ran before it \
             stays applied: {}. The migration is not recorded as applied: undo those changes, or complete \
             the migration by hand and record it with --fake.",
            applied.join(", ")
        )
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
fn check_foreign_keys(conn: &mut Connection) -> std::result::Result<(), String> {
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
