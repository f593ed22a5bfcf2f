//! The autodetector: compares the state the migration files lead to with
//! the state the compiled models describe, and writes the difference as
//! operations, asking a [`Questioner`] what it cannot decide alone.

mod questioner;

pub use questioner::{NonInteractive, Questioner};

use std::collections::BTreeMap;

use super::{MigrationGraph, Operation, ProjectState};
use crate::Result;

/// The operations that take `from` to `to`, per app, in an order that
/// creates what is pointed at before what points at it and deletes in the
/// reverse order.
pub fn detect(
    from: &ProjectState,
    to: &ProjectState,
    questioner: &mut dyn Questioner,
) -> Result<BTreeMap<String, Vec<super::Operation>>> {
    let _ = (from, to, questioner);
    Err(crate::Error::Plan("the autodetector is not written yet".into()))
}

/// New migrations holding `changes`: numbered after each app's latest
/// migration in `graph`, named after their operations (or `name`), each
/// depending on its app's latest migration and on the latest migration of
/// every app its foreign keys point into.
pub fn arrange(
    changes: BTreeMap<String, Vec<Operation>>,
    graph: &MigrationGraph,
    name: Option<&str>,
) -> Result<Vec<super::Migration>> {
    let _ = (changes, graph, name);
    Err(crate::Error::Plan(
        "arranging migrations is not written yet".into(),
    ))
}
