//! What deleting a row takes along: every row its `cascade` foreign keys
//! reach, and the rows whose `protect` or `restrict` keys stop it, found
//! among the registered models, as Django's `Collector` finds them.

use std::collections::{BTreeMap, HashSet, VecDeque};

use model_runtime::dynamic::{DynFilter, DynModel, DynQuery};
use model_runtime::schema::{Column, OnDelete};
use model_runtime::{Connection, Row, Value};
use serde::Serialize;

use crate::form::{cell, object_text};
use crate::{views, AdminError};

/// The summary lists at most this many rows; past it, a count says how
/// many more go.
const MAX_LISTED: usize = 1000;

/// What deleting some rows does.
#[derive(Debug, Default)]
pub(crate) struct Deletion {
    /// Rows deleted with them, by model heading (`Bookings`).
    pub cascades: BTreeMap<String, Cascaded>,
    /// Rows that refuse the deletion, as `Model: text`.
    pub protected: Vec<String>,
    /// Rows deleted with them beyond those listed.
    pub unlisted: usize,
}

/// The rows of one model a deletion takes along.
#[derive(Debug, Default, Serialize)]
pub(crate) struct Cascaded {
    /// The model's name for one row: `Booking`.
    pub singular: String,
    /// Each row's text.
    pub rows: Vec<String>,
}

/// Follows the foreign keys from `roots`, which are to be deleted.
pub(crate) fn collect(conn: &mut Connection, roots: &[Row]) -> Result<Deletion, AdminError> {
    let mut deletion = Deletion::default();
    let mut seen: HashSet<(String, String)> = roots
        .iter()
        .map(|r| (r.schema().table.to_string(), cell(r.primary_key())))
        .collect();
    let mut queue: VecDeque<Row> = roots.iter().cloned().collect();
    let mut listed = 0usize;
    while let Some(row) = queue.pop_front() {
        for (model, column, target) in pointing_at(row.schema().table.as_ref()) {
            let Some(value) = value_of(&row, &target.column) else {
                continue;
            };
            if value.is_null() {
                continue;
            }
            let children = rows_where(conn, model, column, value)?;
            for child in children {
                let text = object_text(&child);
                let heading = views::plural(&model.schema().name);
                match target.on_delete {
                    OnDelete::Protect | OnDelete::Restrict => {
                        deletion.protected.push(format!(
                            "{}: {text}",
                            views::heading(&views::singular(&model.schema().name))
                        ));
                    }
                    OnDelete::Cascade => {
                        let id = (model.schema().table.to_string(), cell(child.primary_key()));
                        if !seen.insert(id) {
                            continue;
                        }
                        if listed < MAX_LISTED {
                            let group = deletion.cascades.entry(heading).or_default();
                            group.singular = views::heading(&views::singular(&model.schema().name));
                            group.rows.push(text);
                            listed += 1;
                        } else {
                            deletion.unlisted += 1;
                        }
                        queue.push_back(child);
                    }
                    OnDelete::SetNull => {}
                }
            }
        }
    }
    Ok(deletion)
}

/// The foreign keys of registered models that point at `table`.
fn pointing_at(
    table: &str,
) -> Vec<(
    &'static dyn DynModel,
    &'static Column,
    &'static model_runtime::schema::ForeignKeyTarget,
)> {
    let mut found = Vec::new();
    for model in model_runtime::registry::models() {
        for column in model.schema().columns.iter() {
            if let Some(target) = column.foreign_key.as_ref().filter(|t| *t.table == *table) {
                found.push((model, column, target));
            }
        }
    }
    found
}

/// The value of the column named `column` (a database name) of `row`.
fn value_of<'r>(row: &'r Row, column: &str) -> Option<&'r Value> {
    row.iter().find(|(c, _)| *c.name == *column).map(|(_, v)| v)
}

/// The rows of `model` whose `column` holds `value`.
fn rows_where(
    conn: &mut Connection,
    model: &'static dyn DynModel,
    column: &Column,
    value: &Value,
) -> Result<Vec<Row>, AdminError> {
    let query = DynQuery {
        filters: vec![DynFilter::Equals(column.field.to_string(), value.clone())],
        ..DynQuery::default()
    };
    Ok(model.filter(conn, &query)?)
}
