//! `atomic`: Django's `transaction.atomic`, on Diesel's transaction manager.

use std::panic::{self, AssertUnwindSafe};

use diesel::connection::TransactionManager;
use diesel::Connection;

/// Runs `f` in a transaction: it commits when `f` returns `Ok`, and rolls
/// back when `f` returns `Err` or panics (the panic then goes on unwinding).
/// Inside another `atomic` (or a Diesel `transaction`), it is a savepoint:
/// a failure rolls back only what ran inside it, and the outer level goes
/// on, as Django's nested `atomic` blocks do.
///
/// Works on the any-backend [`Connection`](crate::Connection) and on plain
/// Diesel connections. The error type is the caller's, as with Diesel's
/// `transaction`: anything a Diesel error converts into, such as
/// [`Error`](crate::Error).
///
/// ```
/// use model_runtime::prelude::*;
///
/// #[derive(Model, Debug, Clone, PartialEq)]
/// #[model(app = "atomic_doc")]
/// pub struct Dish {
///     #[field(primary_key)]
///     pub id: i64,
///     #[field(max_length = 40)]
///     pub name: String,
/// }
///
/// let mut conn = model_runtime::connect("sqlite::memory:")?;
/// Dish::create_table(&mut conn)?;
/// atomic(&mut conn, |conn| {
///     Dish::create(conn, NewDish { name: "Soup".into() })?;
///     // The inner level fails: its row is rolled back, the outer one stays.
///     let inner = atomic(conn, |conn| {
///         Dish::create(conn, NewDish { name: "Salad".into() })?;
///         Err::<(), _>(Error::NotFound { model: "Lettuce".into() })
///     });
///     assert!(inner.is_err());
///     Ok::<_, Error>(())
/// })?;
/// let names: Vec<String> = Dish::objects().values(&mut conn, dish::name)?;
/// assert_eq!(names, ["Soup"]);
/// # Ok::<(), model_runtime::Error>(())
/// ```
pub fn atomic<C, T, E, F>(conn: &mut C, f: F) -> Result<T, E>
where
    C: Connection,
    F: FnOnce(&mut C) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    C::TransactionManager::begin_transaction(conn)?;
    // After a panic the transaction is rolled back and the panic resumed,
    // so nothing observes what the closure left half done.
    match panic::catch_unwind(AssertUnwindSafe(|| f(&mut *conn))) {
        Ok(Ok(value)) => {
            C::TransactionManager::commit_transaction(conn)?;
            Ok(value)
        }
        Ok(Err(error)) => match C::TransactionManager::rollback_transaction(conn) {
            // A broken transaction manager says less than the error that broke it.
            Ok(()) | Err(diesel::result::Error::BrokenTransactionManager) => Err(error),
            Err(rollback_error) => Err(rollback_error.into()),
        },
        Err(payload) => {
            let _ = C::TransactionManager::rollback_transaction(conn);
            panic::resume_unwind(payload)
        }
    }
}
