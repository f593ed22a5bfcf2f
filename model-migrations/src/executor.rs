//! Runs migrations on a database: one `migrate` at a time under the
//! migration lock, each migration in one transaction with its history row
//! where the backend allows, the history checked before anything runs.

use std::collections::BTreeSet;

use diesel::connection::SimpleConnection;
use model_runtime::chrono::Utc;
use model_runtime::{Backend, Connection};

use crate::history::{self, recorder, AppliedMigration, HistoryProblem};
use crate::{
    initial, lock, preflight, statements, MigrateOptions, Migration, MigrationError, MigrationGraph,
    MigrationKey, Outcome, ProjectState, Result, Step, Target,
};

pub use super::render::{backwards_sql, forwards_sql, migration_sql, OperationSql};

/// Runs the steps of a plan against one database, keeping the state the
/// applied migrations describe up to date as it goes.
///
/// Two executors on one database, in one process or two, apply each
/// migration once: [`migrate`](Executor::migrate) and
/// [`run`](Executor::run) take the migration lock (PostgreSQL's advisory
/// lock, MySQL's `GET_LOCK`; on SQLite each migration's `BEGIN IMMEDIATE`)
/// and read the history again under it. The lock is held until the
/// executor is dropped.
///
/// ```
/// use model_migrations::{Executor, MigrateOptions, Migration, MigrationGraph, Outcome, Target};
///
/// let text = "app = \"shop\"\n\n[[operations]]\nop = \"RunSql\"\nsql = \"CREATE TABLE shop_item (id integer)\"\nreverse_sql = \"DROP TABLE shop_item\"\n";
/// let graph = MigrationGraph::new([Migration::parse("0001_initial", text)?])?;
/// let mut conn = model_runtime::connect("sqlite::memory:")?;
///
/// let mut executor = Executor::new(&mut conn, &graph)?;
/// let done = executor.migrate(&Target::Latest, &MigrateOptions::default())?;
/// assert_eq!(done[0].1, Outcome::Applied);
/// assert_eq!(executor.history()[0].checksum, Some(graph.ordered()[0].checksum()));
/// # Ok::<(), model_migrations::MigrationError>(())
/// ```
pub struct Executor<'a> {
    conn: &'a mut Connection,
    /// Every migration file.
    files: &'a MigrationGraph,
    /// The migrations this database follows: each squash, or the
    /// migrations it replaces when the database applied some of them.
    graph: MigrationGraph,
    history: Vec<AppliedMigration>,
    /// The migrations applied in full.
    applied: BTreeSet<MigrationKey>,
    state: ProjectState,
    lock: Option<lock::Held>,
    /// Whether the history table is known to have its current shape.
    prepared: bool,
}

impl<'a> Executor<'a> {
    /// Reads the history and rebuilds the state of the applied migrations,
    /// without the lock. Nothing is written until a step runs: a database
    /// that was never migrated reads as having applied nothing.
    pub fn new(conn: &'a mut Connection, graph: &'a MigrationGraph) -> Result<Executor<'a>> {
        Executor::open(conn, graph, false)
    }

    /// Takes the migration lock, waiting for another `migrate` to finish,
    /// then reads the history: what a run that changes the database starts
    /// with, so that it plans from what the other left.
    pub fn locked(conn: &'a mut Connection, graph: &'a MigrationGraph) -> Result<Executor<'a>> {
        Executor::open(conn, graph, true)
    }

    fn open(conn: &'a mut Connection, graph: &'a MigrationGraph, lock: bool) -> Result<Executor<'a>> {
        let mut executor = Executor {
            conn,
            files: graph,
            graph: graph.clone(),
            history: Vec::new(),
            applied: BTreeSet::new(),
            state: ProjectState::new(),
            lock: None,
            prepared: false,
        };
        if lock {
            executor.lock()?;
        } else {
            executor.reload()?;
        }
        Ok(executor)
    }

    /// Takes the migration lock, unless held already, and reads the history
    /// again under it.
    pub fn lock(&mut self) -> Result<()> {
        if self.lock.is_none() {
            self.lock = Some(lock::acquire(self.conn)?);
        }
        self.reload()
    }

    /// The history table's rows, oldest first.
    pub fn history(&self) -> &[AppliedMigration] {
        &self.history
    }

    /// The migrations this database follows (see
    /// [`MigrationGraph::for_applied`]): what targets name.
    pub fn graph(&self) -> &MigrationGraph {
        &self.graph
    }

    /// The migrations the database has applied in full; a squash counts
    /// once all it replaces are.
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

    /// What is wrong with the history against the migration files (see
    /// [`history::verify`]).
    pub fn verify(&self) -> Vec<HistoryProblem> {
        history::verify(&self.history, &self.graph)
    }

    /// The steps to `target`; refused before any step when the history has
    /// a problem or a step would undo an operation that cannot be undone.
    pub fn plan(&self, target: &Target) -> Result<Vec<Step>> {
        self.plan_with(target, &MigrateOptions::default())
    }

    /// [`plan`](Executor::plan) for a run with `options`: `--fake` runs
    /// nothing, so it may pass an irreversible operation, and it resolves a
    /// migration MySQL applied in part: `--fake` to that migration records
    /// it complete, `--fake` to a target before it clears its record.
    pub fn plan_with(&self, target: &Target, options: &MigrateOptions) -> Result<Vec<Step>> {
        preflight::checked_steps(&self.graph, &self.history, &self.applied, target, options)
    }

    /// Brings the history up to date before a run; returns how many rows
    /// it wrote. An applied migration recorded before checksums were gets
    /// its file's checksum as it is now (a history table from before
    /// checksums gains its new columns here), and a squash whose replaced
    /// migrations were all applied one by one is recorded as applied, as
    /// Django does.
    pub fn complete_history(&mut self) -> Result<usize> {
        // The steps taken may have finished a squash's replaced migrations.
        self.reload()?;
        let recorded: BTreeSet<&MigrationKey> = self.history.iter().map(|row| &row.key).collect();
        let squashes: Vec<(MigrationKey, String)> = self
            .applied
            .iter()
            .filter(|key| !recorded.contains(key))
            .filter_map(|key| self.graph.migration(key))
            .map(|squash| (squash.key(), squash.checksum()))
            .collect();
        if squashes.is_empty() && !self.history.iter().any(|row| row.checksum.is_none()) {
            return Ok(0);
        }
        if self.lock.is_none() {
            self.lock()?;
        }
        let missing: Vec<(MigrationKey, String)> = self
            .history
            .iter()
            .filter(|row| row.checksum.is_none())
            .filter_map(|row| self.graph.file(&row.key).map(|m| (row.key.clone(), m.checksum())))
            .collect();
        let write = |executor: &mut Executor<'_>| -> Result<()> {
            recorder::prepare(executor.conn)?;
            executor.prepared = true;
            for (key, checksum) in &missing {
                recorder::record_checksum(executor.conn, key, checksum)?;
            }
            for (key, checksum) in &squashes {
                recorder::record_applied(executor.conn, key, Some(checksum))?;
            }
            Ok(())
        };
        match self.conn.backend_kind() {
            Backend::Mysql => write(self)?,
            _ => self.in_transaction(write)?,
        }
        self.reload()?;
        Ok(missing.len() + squashes.len())
    }

    /// Runs one step, taking the lock first if it is not held. The history
    /// is read again before the step, under the lock: a step another
    /// process has taken meanwhile is [`Outcome::AlreadyDone`].
    pub fn run(&mut self, step: &Step, options: &MigrateOptions) -> Result<Outcome> {
        if self.lock.is_none() {
            self.lock()?;
        }
        match self.conn.backend_kind() {
            Backend::Sqlite => {
                // A table rebuild needs foreign keys off, and the pragma is a
                // no-op inside a transaction: switch it around the transaction.
                self.conn.batch_execute("PRAGMA foreign_keys = OFF")?;
                let result = self.in_transaction(|executor| executor.step(step, options));
                self.conn.batch_execute("PRAGMA foreign_keys = ON")?;
                result
            }
            Backend::Postgres => self.in_transaction(|executor| executor.step(step, options)),
            // MySQL's DDL commits as it goes: no transaction could hold it.
            Backend::Mysql => self.step(step, options),
        }
    }

    /// Runs a plan to `target`, step by step, stopping at the first
    /// failure; the lock is taken and the history read before planning.
    pub fn migrate(&mut self, target: &Target, options: &MigrateOptions) -> Result<Vec<(Step, Outcome)>> {
        self.lock()?;
        let steps = self.plan_with(target, options)?;
        self.complete_history()?;
        let mut done = Vec::with_capacity(steps.len());
        for step in steps {
            let outcome = self.run(&step, options)?;
            done.push((step, outcome));
        }
        self.complete_history()?;
        Ok(done)
    }

    fn migration(&self, key: &MigrationKey) -> Result<Migration> {
        self.graph
            .migration(key)
            .cloned()
            .ok_or_else(|| MigrationError::unknown(key))
    }

    fn reload(&mut self) -> Result<()> {
        let history = recorder::read(self.conn)?;
        self.set_history(history)
    }

    /// Takes `history` as the truth, replaying the migrations again only
    /// when the applied ones changed.
    fn set_history(&mut self, history: Vec<AppliedMigration>) -> Result<()> {
        let recorded: BTreeSet<MigrationKey> = history
            .iter()
            .filter(|row| row.is_complete())
            .map(|row| row.key.clone())
            .collect();
        // Without squashes every history follows the files as they are:
        // no graph to link again at each step.
        if self.files.has_squashes() {
            self.graph = self.files.for_applied(&recorded)?;
        }
        let applied = self.graph.applied_of(&recorded);
        if applied != self.applied {
            self.state = match self.graph.state_of(&applied) {
                Ok(state) => state,
                // An edited or inconsistent history may not replay; planning
                // refuses it, naming the problem.
                Err(_) if !history::verify(&history, &self.graph).is_empty() => ProjectState::new(),
                Err(error) => return Err(error),
            };
            self.applied = applied;
        }
        self.history = history;
        Ok(())
    }

    /// Runs `f` in a transaction: `BEGIN IMMEDIATE` on SQLite, so that
    /// SQLite's write lock serializes two processes' migrations.
    fn in_transaction<T>(&mut self, f: impl FnOnce(&mut Executor<'a>) -> Result<T>) -> Result<T> {
        statements::begin(self.conn)?;
        let result = f(self).and_then(|value| statements::commit(self.conn).map(|()| value));
        if result.is_err() {
            statements::rollback(self.conn);
            // Whatever the transaction created is gone, the history table too.
            self.prepared = false;
            let _ = self.reload();
        }
        result
    }

    /// One step, in the transaction where there is one.
    fn step(&mut self, step: &Step, options: &MigrateOptions) -> Result<Outcome> {
        if !self.prepared {
            recorder::prepare(self.conn)?;
            self.prepared = true;
        }
        let history = recorder::read_current(self.conn)?;
        self.set_history(history)?;
        if !options.fake {
            let partial: Vec<HistoryProblem> = self
                .verify()
                .into_iter()
                .filter(|p| matches!(p, HistoryProblem::Partial { .. }))
                .collect();
            if !partial.is_empty() {
                return Err(MigrationError::History(partial));
            }
        }
        let migration = &self.migration(&step.migration)?;
        let key = migration.key();
        let recorded = self.history.iter().any(|row| row.key == key) || self.applied.contains(&key);
        if (step.backwards && !recorded) || (!step.backwards && self.applied.contains(&key)) {
            return Ok(Outcome::AlreadyDone);
        }
        self.check_neighbours(migration, step.backwards)?;

        let backend = self.conn.backend_kind();
        let after = if step.backwards {
            let mut without = self.applied.clone();
            without.remove(&key);
            self.graph.state_of(&without)?
        } else {
            state_after(migration, &self.state)?
        };
        let outcome = if options.fake {
            self.record(migration, step.backwards)?;
            Outcome::Faked
        } else if !step.backwards
            && options.fake_initial
            && initial::tables_exist(self.conn, migration, &after)?
        {
            self.record(migration, false)?;
            Outcome::FakedInitial
        } else {
            let sql = if step.backwards {
                backwards_sql(migration, &after, backend)?
            } else {
                forwards_sql(migration, &self.state, backend)?.0
            };
            self.execute(migration, step.backwards, &sql)?;
            if step.backwards {
                Outcome::Unapplied
            } else {
                Outcome::Applied
            }
        };

        if !migration.replaces.is_empty() {
            // A squash's rows are its own and those of what it replaces.
            let history = recorder::read_current(self.conn)?;
            return self.set_history(history).map(|()| outcome);
        }
        self.history.retain(|row| row.key != key);
        if step.backwards {
            self.applied.remove(&key);
        } else {
            self.history.push(AppliedMigration {
                key: key.clone(),
                applied: Utc::now(),
                checksum: Some(migration.checksum()),
                partial: None,
            });
            self.applied.insert(key);
        }
        self.state = after;
        Ok(outcome)
    }

    /// Applying needs the dependencies applied; unapplying needs no applied
    /// migration depending on it. The plan saw to both, unless another
    /// process changed the history meanwhile.
    fn check_neighbours(&self, migration: &Migration, backwards: bool) -> Result<()> {
        let key = migration.key();
        if backwards {
            let dependent = self.applied.iter().find(|other| {
                self.graph
                    .migration(other)
                    .is_some_and(|m| m.dependencies.contains(&key))
            });
            if let Some(dependent) = dependent {
                return Err(MigrationError::DependentApplied {
                    migration: key.to_string(),
                    dependent: dependent.to_string(),
                });
            }
        } else if let Some(missing) = migration
            .dependencies
            .iter()
            .find(|dependency| !self.applied.contains(*dependency))
        {
            return Err(MigrationError::DependencyNotApplied {
                migration: key.to_string(),
                dependency: missing.to_string(),
            });
        }
        Ok(())
    }

    /// Records `migration` applied or unapplied; a squash, with every
    /// migration it replaces, so that the history reads the same whichever
    /// way the database went.
    fn record(&mut self, migration: &Migration, backwards: bool) -> Result<()> {
        for replaced in &migration.replaces {
            if backwards {
                recorder::record_unapplied(self.conn, replaced)?;
            } else {
                let checksum = self.files.file(replaced).map(Migration::checksum);
                recorder::record_applied(self.conn, replaced, checksum.as_deref())?;
            }
        }
        if backwards {
            recorder::record_unapplied(self.conn, &migration.key())
        } else {
            recorder::record_applied(self.conn, &migration.key(), Some(&migration.checksum()))
        }
    }

    /// The statements and the history row. On MySQL, whose DDL commits as
    /// it goes, the row is written before the first statement and brought
    /// up to date before each next one (`applying`/`unapplying`, with what
    /// ran), so that a run killed part-way leaves its progress; a failure
    /// after some statements ran is recorded as a partial application.
    /// Either way the next `migrate` refuses until it is resolved.
    fn execute(&mut self, migration: &Migration, backwards: bool, sql: &[OperationSql]) -> Result<()> {
        let key = migration.key();
        let checksum = migration.checksum();
        let failed = |message: String| MigrationError::Failed {
            migration: key.to_string(),
            message,
        };
        let mysql = self.conn.backend_kind() == Backend::Mysql;
        let before = |conn: &mut Connection, operations: usize, statements: usize| -> Result<()> {
            if !mysql {
                return Ok(());
            }
            let mut progress = statements::progress(sql, operations, statements, backwards);
            progress.interrupted = Some(statements::running(sql, operations, statements));
            recorder::record_partial(conn, &key, &checksum, &progress)
        };
        if let Err(stopped) = statements::run_statements(self.conn, sql, before) {
            if !mysql {
                return Err(failed(stopped.error.to_string()));
            }
            let partial = statements::partial(sql, &stopped, backwards);
            let recorded = match &partial {
                Some(partial) => recorder::record_partial(self.conn, &key, &checksum, partial),
                // Nothing ran: the row goes back to what it was.
                None if backwards => recorder::record_still_applied(self.conn, &key),
                None => recorder::record_unapplied(self.conn, &key),
            };
            let undo_target = history::undo_target(migration);
            let mut message =
                statements::mysql_failure(&key, sql, &stopped, backwards, partial.as_ref(), &undo_target);
            if let Err(error) = recorded {
                message.push_str(&format!(
                    " Recording it failed as well ({error}): the history says only what ran before the \
                     failing statement."
                ));
            }
            let _ = self.reload();
            return Err(failed(message));
        }
        if self.conn.backend_kind() == Backend::Sqlite {
            statements::check_foreign_keys(self.conn).map_err(failed)?;
        }
        self.record(migration, backwards)
    }
}

impl Drop for Executor<'_> {
    fn drop(&mut self) {
        if let Some(held) = self.lock.take() {
            // Should this fail, the server frees the lock when the session
            // ends, with the process at the latest.
            let _ = lock::release(self.conn, held);
        }
    }
}

/// The state `migration` leads to from `before`, without rendering SQL:
/// what a faked step needs.
fn state_after(migration: &Migration, before: &ProjectState) -> Result<ProjectState> {
    let mut state = before.clone();
    for operation in &migration.operations {
        operation
            .apply(&mut state, &migration.app)
            .map_err(|e| super::graph::in_migration(&migration.key(), e))?;
    }
    Ok(state)
}
