//! Counts the statements a connection sends, to prove that a refused
//! write never reached the database.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

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
