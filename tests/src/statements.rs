//! Counts, or logs, the statements a connection sends, to prove that a
//! refused write never reached the database.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use model_runtime::diesel::connection::{Instrumentation, InstrumentationEvent};
use model_runtime::diesel::Connection as _;
use model_runtime::Connection;

/// The number of statements started on `conn` since the counter was set.
#[derive(Clone, Default)]
pub struct StatementCounter(Arc<AtomicUsize>);

impl StatementCounter {
    /// Starts counting the statements of `conn`.
    pub fn install(conn: &mut Connection) -> StatementCounter {
        let counter = StatementCounter::default();
        conn.set_instrumentation(counter.clone());
        counter
    }

    pub fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

impl Instrumentation for StatementCounter {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        if let InstrumentationEvent::StartQuery { .. } = event {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }
}

/// The text of every statement a connection sends, to show which kinds ran.
#[derive(Clone, Default)]
pub struct StatementLog(Arc<Mutex<Vec<String>>>);

impl StatementLog {
    /// Starts logging the statements of `conn`.
    pub fn install(conn: &mut Connection) -> StatementLog {
        let log = StatementLog::default();
        conn.set_instrumentation(log.clone());
        log
    }

    /// Every statement so far, in order.
    pub fn statements(&self) -> Vec<String> {
        self.0.lock().expect("not poisoned").clone()
    }

    /// The statements that change the schema or the rows: whatever does not
    /// only read, lock, or set a session setting.
    pub fn writes(&self) -> Vec<String> {
        const WRITES: [&str; 10] = [
            "CREATE", "ALTER", "DROP", "INSERT", "UPDATE", "DELETE", "RENAME", "TRUNCATE", "REPLACE", "COPY",
        ];
        self.statements()
            .into_iter()
            .filter(|sql| {
                let first = sql.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
                WRITES.contains(&first.as_str())
            })
            .collect()
    }
}

impl Instrumentation for StatementLog {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        if let InstrumentationEvent::StartQuery { query, .. } = event {
            self.0.lock().expect("not poisoned").push(query.to_string());
        }
    }
}

/// How many statements `operation` makes a MySQL session prepare, as the
/// server counts them (`COM_STMT_PREPARE`), the counter's own reading left
/// out.
#[cfg(feature = "mysql")]
pub fn mysql_prepares(conn: &mut Connection, operation: impl FnOnce(&mut Connection)) -> i64 {
    use model_runtime::diesel::dsl::sql;
    use model_runtime::diesel::sql_types::BigInt;
    use model_runtime::diesel::RunQueryDsl as _;

    fn prepared(conn: &mut Connection) -> i64 {
        model_runtime::diesel::select(sql::<BigInt>(
            "(SELECT CAST(variable_value AS SIGNED) FROM information_schema.session_status \
              WHERE variable_name = 'COM_STMT_PREPARE')",
        ))
        .get_result(conn)
        .expect("the session's status is readable")
    }

    // Reading the counter prepares a statement of its own each time.
    let own = -(prepared(conn) - prepared(conn));
    let before = prepared(conn);
    operation(conn);
    prepared(conn) - before - own
}
