//! The one connection a shell session works on, shared by every value of
//! the script that reaches the database, and its transactions.

use std::cell::RefCell;
use std::rc::Rc;

use model_runtime::diesel::connection::TransactionManager;
use model_runtime::Connection;
use rhai::EvalAltResult;

/// A result of a function the script calls.
pub type ScriptResult<T> = Result<T, Box<EvalAltResult>>;

/// The session's connection.
#[derive(Clone)]
pub struct Db(Rc<RefCell<Connection>>);

impl Db {
    pub fn new(conn: Connection) -> Db {
        Db(Rc::new(RefCell::new(conn)))
    }

    /// Runs `f` on the connection; a runtime error becomes the script's.
    pub fn run<T>(&self, f: impl FnOnce(&mut Connection) -> model_runtime::Result<T>) -> ScriptResult<T> {
        let mut conn = self
            .0
            .try_borrow_mut()
            .map_err(|_| fail("the connection is in use"))?;
        f(&mut conn).map_err(fail)
    }

    /// Runs `f` in a transaction (a savepoint inside another): it commits
    /// when `f` succeeds and rolls back when it fails, so a failed
    /// statement writes nothing. The connection is free while `f` runs,
    /// for the script's own calls.
    pub fn atomic<T>(&self, f: impl FnOnce() -> ScriptResult<T>) -> ScriptResult<T> {
        self.transaction_step(Manager::begin_transaction)?;
        match f() {
            Ok(value) => {
                self.transaction_step(Manager::commit_transaction)?;
                Ok(value)
            }
            Err(error) => {
                // The script's error says more than a failed rollback would.
                let _ = self.transaction_step(Manager::rollback_transaction);
                Err(error)
            }
        }
    }

    fn transaction_step(
        &self,
        step: impl FnOnce(&mut Connection) -> model_runtime::diesel::QueryResult<()>,
    ) -> ScriptResult<()> {
        let mut conn = self
            .0
            .try_borrow_mut()
            .map_err(|_| fail("the connection is in use"))?;
        step(&mut conn).map_err(|error| fail(model_runtime::Error::Query(error)))
    }
}

type Manager = <Connection as model_runtime::diesel::Connection>::TransactionManager;

/// An error the script sees, as one line.
pub fn fail(error: impl std::fmt::Display) -> Box<EvalAltResult> {
    error.to_string().into()
}
