//! Where `migrate` goes, and the steps that get there from the migrations
//! a database applied: the graph's part of a plan, before the executor
//! checks it against the history.

use std::collections::BTreeSet;

use crate::{MigrationError, MigrationGraph, MigrationKey, Result};

/// Where `migrate` goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Every app to its latest migration.
    Latest,
    /// One app to its latest migration.
    AppLatest(String),
    /// One app to exactly this migration: forwards if it is not applied,
    /// backwards past the later ones if it is.
    Migration(MigrationKey),
    /// One app back to before its first migration.
    Zero(String),
}

/// One migration to apply or unapply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The migration.
    pub migration: MigrationKey,
    /// Unapply rather than apply.
    pub backwards: bool,
}

/// The steps that take a database with `applied` migrations to `target`, in
/// the order they run. Applying follows dependencies; unapplying takes
/// dependents first, in any app. [`Executor::plan`](crate::Executor::plan)
/// is this, checked against the database's history first.
///
/// ```
/// use std::collections::BTreeSet;
///
/// use model_migrations::{steps_to, Migration, MigrationGraph, MigrationKey, Target};
///
/// let first = Migration::parse("0001_initial", "app = \"shop\"")?;
/// let second = Migration::parse("0002_more", "app = \"shop\"\ndependencies = [\"shop.0001_initial\"]")?;
/// let graph = MigrationGraph::new([first, second])?;
///
/// let applied = BTreeSet::from([MigrationKey::new("shop", "0001_initial")]);
/// let steps = steps_to(&graph, &applied, &Target::Latest)?;
/// assert_eq!(steps.len(), 1);
/// assert_eq!(steps[0].migration.to_string(), "shop.0002_more");
/// # Ok::<(), model_migrations::MigrationError>(())
/// ```
pub fn steps_to(
    graph: &MigrationGraph,
    applied: &BTreeSet<MigrationKey>,
    target: &Target,
) -> Result<Vec<Step>> {
    let mut steps: Vec<Step> = Vec::new();
    let add = |keys: Vec<MigrationKey>, backwards: bool, steps: &mut Vec<Step>| {
        for key in keys {
            let done = applied.contains(&key);
            let planned = steps.iter().any(|s| s.migration == key);
            if done == backwards && !planned {
                steps.push(Step {
                    migration: key,
                    backwards,
                });
            }
        }
    };
    match target {
        Target::Latest => {
            for app in graph.apps_in_given_order() {
                for leaf in graph.leaves(&app) {
                    add(graph.forwards_plan(&leaf), false, &mut steps);
                }
            }
        }
        Target::AppLatest(app) => {
            let leaves = graph.leaves(app);
            if leaves.is_empty() {
                return Err(MigrationError::NoMigrations { app: app.clone() });
            }
            for leaf in leaves {
                add(graph.forwards_plan(&leaf), false, &mut steps);
            }
        }
        Target::Migration(key) if applied.contains(key) => {
            // Unapply what came after it in its app, and whatever depends on that.
            let later: Vec<MigrationKey> = graph
                .migrations_of(&key.app)
                .map(|m| m.key())
                .filter(|k| k != key && graph.forwards_plan(k).contains(key))
                .collect();
            for child in later {
                add(graph.backwards_plan(&child), true, &mut steps);
            }
        }
        Target::Migration(key) => add(graph.forwards_plan(key), false, &mut steps),
        Target::Zero(app) => {
            if graph.migrations_of(app).next().is_none() {
                return Err(MigrationError::NoMigrations { app: app.clone() });
            }
            for root in graph.roots(app) {
                add(graph.backwards_plan(&root), true, &mut steps);
            }
        }
    }
    if steps.iter().any(|s| s.backwards) {
        // A later dependent must be unapplied before what it depends on,
        // whichever branch found it first.
        let order: std::collections::BTreeMap<MigrationKey, usize> = graph
            .ordered()
            .iter()
            .enumerate()
            .map(|(i, m)| (m.key(), i))
            .collect();
        steps.sort_by_key(|s| std::cmp::Reverse(order.get(&s.migration).copied().unwrap_or(0)));
    }
    Ok(steps)
}
