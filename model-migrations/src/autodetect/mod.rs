//! The autodetector: compares the state the migration files lead to with
//! the state the compiled models describe, and writes the difference as
//! operations, asking a [`Questioner`] what it cannot decide alone.
//!
//! [`detect`] finds the operations per app; [`arrange`] numbers and names
//! them into migrations with their dependencies.

mod arrange;
mod changes;
mod compare;
mod fields;
mod indexes;
mod models;
mod order;
mod questioner;

pub use questioner::{Interactive, NoOneToAsk, NonInteractive, Questioner, Unattended};

pub use arrange::check_name;

use std::collections::BTreeMap;

use self::changes::Changes;
use super::{Migration, MigrationGraph, Operation, ProjectState};
use crate::{MigrationError, Result};

/// The operations that take `from` to `to`, per app, as Django's
/// autodetector finds them.
///
/// A model or field missing from `to` and one new in `to` are a rename when
/// the new one says so with `#[model(renamed_from = "...")]` or
/// `#[field(renamed_from = "...")]`, or when they have the same shape and
/// the questioner says yes. A NOT NULL field without default that is added,
/// or that was nullable, takes a one-off default from the questioner for
/// the rows already there. Column order does not count, as in Django.
///
/// Operations come in an order that runs: renames first; indexes and
/// fields removed before the models they point at are deleted (dependents
/// first); models created before the models that point at them (a circle
/// is closed by an AddField afterwards); fields before the indexes over
/// them. Apps without changes are absent: no difference is an empty map.
///
/// ```
/// use model_migrations::autodetect::{detect, NonInteractive};
/// use model_migrations::{Operation, ProjectState};
/// use model_runtime::schema::{Column, ColumnType, DefaultValue, ModelSchema};
///
/// let menu = |columns: Vec<Column>| ModelSchema {
///     columns: columns.into(),
///     ..ModelSchema::new("shop", "Menu", "shop_menu", &[])
/// };
/// let id = Column::new("id", "id", ColumnType::BigInt);
/// let mut inventory = Column::new("inventory", "inventory", ColumnType::Integer);
/// inventory.default = Some(DefaultValue::Int(0));
/// let from = ProjectState::from_models([menu(vec![id.clone()])]);
/// let to = ProjectState::from_models([menu(vec![id, inventory])]);
///
/// let changes = detect(&from, &to, &mut NonInteractive)?;
/// assert_eq!(changes["shop"][0].to_string(), "Add field inventory to menu");
/// assert!(matches!(&changes["shop"][..], [Operation::AddField { preserve_default: true, .. }]));
/// assert!(detect(&to, &to, &mut NonInteractive)?.is_empty());
/// # Ok::<(), model_migrations::MigrationError>(())
/// ```
pub fn detect(
    from: &ProjectState,
    to: &ProjectState,
    questioner: &mut dyn Questioner,
) -> Result<BTreeMap<String, Vec<Operation>>> {
    let mut changes = Changes::new(from);
    models::rename(&mut changes, to, questioner)?;
    fields::rename(&mut changes, to, questioner)?;
    indexes::shrink(&mut changes, to);
    models::delete(&mut changes, to);
    models::create(&mut changes, to);
    fields::diff(&mut changes, to, questioner)?;
    indexes::grow(&mut changes, to);

    let mut steps = changes.steps;
    steps.sort_by_key(|step| step.phase);
    let listed: Vec<(&str, &Operation)> = steps.iter().map(|s| (s.app.as_str(), &s.op)).collect();
    let order = order::sort(&order::requirements(&listed, from))?;

    // The operations must lead exactly to `to`: anything else would write
    // a migration that does not match the models.
    let mut reached = from.clone();
    for i in &order {
        let (app, op) = listed[*i];
        op.apply(&mut reached, app)
            .map_err(|e| MigrationError::Undetectable {
                message: format!("makemigrations cannot order `{op}` of app {app}: {e}"),
            })?;
    }
    if let Some(label) = compare::first_difference(&reached, to) {
        return Err(MigrationError::Undetectable {
            message: format!("makemigrations cannot express the changes to {label} as operations"),
        });
    }

    let mut by_app: BTreeMap<String, Vec<Operation>> = BTreeMap::new();
    for i in order {
        let (app, op) = listed[i];
        by_app.entry(app.to_owned()).or_default().push(op.clone());
    }
    Ok(by_app)
}

/// New migrations holding `changes`: numbered after each app's latest
/// migration in `graph` (`0001_initial` for an app without any), named
/// `name` or after their operations (`0002_menu_inventory`, or
/// `NNNN_auto_YYYYMMDD_HHMM` past 52 characters), each depending on its
/// app's latest migration and on the latest migration of every app its
/// foreign keys point into (the one made in this run when there is one).
///
/// Apps whose changes need each other both ways are split into several
/// migrations, as Django does. An app whose history has branched (two
/// latest migrations) is an error.
pub fn arrange(
    changes: BTreeMap<String, Vec<Operation>>,
    graph: &MigrationGraph,
    name: Option<&str>,
) -> Result<Vec<Migration>> {
    arrange::arrange(changes, graph, name)
}
