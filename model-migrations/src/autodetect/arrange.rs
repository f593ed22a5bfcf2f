//! Operations into numbered migrations with their dependencies: one per app
//! with changes, or several when apps depend on each other both ways (as
//! Django splits them), each after its app's latest migration and after the
//! migrations of other apps that its foreign keys need.

use std::collections::{BTreeMap, BTreeSet};

use super::order;
use crate::{Migration, MigrationGraph, MigrationKey, Operation};
use crate::{MigrationError, Result};

/// Django's limit for a name made of operation fragments.
const MAX_AUTO_NAME: usize = 52;

/// Operations of one app that go into one migration.
struct Chunk {
    app: String,
    steps: std::ops::Range<usize>,
}

pub(super) fn arrange(
    changes: BTreeMap<String, Vec<Operation>>,
    graph: &MigrationGraph,
    name: Option<&str>,
) -> Result<Vec<Migration>> {
    if let Some(name) = name {
        check_name(name)?;
    }
    let changes: BTreeMap<String, Vec<Operation>> =
        changes.into_iter().filter(|(_, ops)| !ops.is_empty()).collect();
    let mut leaves: BTreeMap<&str, Option<MigrationKey>> = BTreeMap::new();
    for app in changes.keys() {
        leaves.insert(app, leaf(graph, app)?);
    }
    let steps: Vec<(&str, &Operation)> = changes
        .iter()
        .flat_map(|(app, ops)| ops.iter().map(move |op| (app.as_str(), op)))
        .collect();
    let from = graph.final_state()?;
    let needs = order::requirements(&steps, &from);
    let pointing = pointing_apps(graph);
    let chunks = chop(&steps, &needs)?;

    let mut chunk_keys: Vec<MigrationKey> = Vec::with_capacity(chunks.len());
    let mut numbers: BTreeMap<&str, u32> = BTreeMap::new();
    let mut latest: BTreeMap<&str, MigrationKey> = BTreeMap::new();
    let mut migrations = Vec::with_capacity(chunks.len());
    for chunk in &chunks {
        let app = chunk.app.as_str();
        let number = match (numbers.get(app), latest.get(app)) {
            (Some(last), Some(previous)) => {
                last.checked_add(1)
                    .ok_or_else(|| MigrationError::NumberExhausted {
                        migration: previous.to_string(),
                    })?
            }
            _ => graph.next_number(app)?,
        };
        numbers.insert(app, number);
        let operations: Vec<Operation> = steps[chunk.steps.clone()]
            .iter()
            .map(|(_, op)| (*op).clone())
            .collect();
        let initial = graph.migrations_of(app).next().is_none();
        let description = match name {
            Some(name) => name.to_owned(),
            None if initial => "initial".to_owned(),
            None => auto_name(&operations),
        };
        let key = MigrationKey::new(app, format!("{number:04}_{description}"));

        let mut dependencies = BTreeSet::new();
        dependencies.extend(latest.get(app).cloned().or_else(|| leaves[app].clone()));
        for i in chunk.steps.clone() {
            for j in &needs[i] {
                if steps[*j].0 != app {
                    let at = chunks
                        .iter()
                        .position(|c| c.steps.contains(j))
                        .expect("every step is placed");
                    dependencies.insert(chunk_keys[at].clone());
                }
            }
            for other in apps_needed(app, steps[i].1, &pointing) {
                let latest_so_far = latest
                    .get(other)
                    .cloned()
                    .or_else(|| leaf(graph, other).ok().flatten());
                dependencies.extend(latest_so_far);
            }
        }
        latest.insert(app, key.clone());
        chunk_keys.push(key.clone());
        migrations.push(Migration {
            app: key.app,
            name: key.name,
            dependencies: dependencies.into_iter().collect(),
            replaces: Vec::new(),
            operations,
        });
    }
    Ok(migrations)
}

/// Cuts each app's operations into as few migrations as the dependencies
/// between apps allow. An app goes whole when every operation it needs from
/// other apps is placed, preferring apps whose foreign keys point at nothing
/// still to place; when no app can go whole, the longest ready start of the
/// first app that has one goes alone.
fn chop(steps: &[(&str, &Operation)], needs: &[BTreeSet<usize>]) -> Result<Vec<Chunk>> {
    let mut ranges: BTreeMap<&str, std::ops::Range<usize>> = BTreeMap::new();
    for (i, (app, _)) in steps.iter().enumerate() {
        ranges
            .entry(app)
            .and_modify(|r| r.end = i + 1)
            .or_insert(i..i + 1);
    }
    let mut placed = vec![false; steps.len()];
    let mut chunks = Vec::new();
    loop {
        let open: Vec<(&str, std::ops::Range<usize>)> = ranges
            .iter()
            .filter(|(_, r)| !r.is_empty())
            .map(|(app, r)| (*app, r.clone()))
            .collect();
        if open.is_empty() {
            return Ok(chunks);
        }
        let ready = |i: usize| needs[i].iter().all(|j| placed[*j] || steps[*j].0 == steps[i].0);
        let ready_end = |r: &std::ops::Range<usize>| r.clone().find(|i| !ready(*i)).unwrap_or(r.end);
        let points_at_open = |r: &std::ops::Range<usize>| {
            r.clone().any(|i| {
                order::foreign_keys(steps[i].1)
                    .iter()
                    .any(|fk| fk.app != steps[i].0 && open.iter().any(|(app, _)| fk.app == *app))
            })
        };
        let whole = |(_, r): &&(&str, std::ops::Range<usize>)| ready_end(r) == r.end;
        let choice = open
            .iter()
            .filter(whole)
            .find(|(_, r)| !points_at_open(r))
            .or_else(|| open.iter().find(whole))
            .map(|(app, r)| (*app, r.clone()))
            .or_else(|| {
                open.iter()
                    .map(|(app, r)| (*app, r.start..ready_end(r)))
                    .find(|(_, r)| !r.is_empty())
            });
        let Some((app, taken)) = choice else {
            return Err(MigrationError::Undetectable {
                message: "the changes of several apps depend on each other in a circle; \
                          make them in two steps, running makemigrations after each"
                    .into(),
            });
        };
        for i in taken.clone() {
            placed[i] = true;
        }
        ranges.get_mut(app).expect("an open app").start = taken.end;
        chunks.push(Chunk {
            app: app.to_owned(),
            steps: taken,
        });
    }
}

/// The other apps whose latest migration `op` (of `app`) comes after: those
/// its foreign keys point into, and, when it deletes or renames a model or
/// moves its table or renames a field, those that ever pointed into `app`.
fn apps_needed<'a>(
    app: &str,
    op: &'a Operation,
    pointing: &'a BTreeMap<String, BTreeSet<String>>,
) -> BTreeSet<&'a str> {
    let pointed_at = order::foreign_keys(op).into_iter().map(|fk| fk.app.as_ref());
    let pointing_here = match op {
        Operation::DeleteModel { .. }
        | Operation::RenameModel { .. }
        | Operation::AlterModelTable { .. }
        | Operation::RenameField { .. } => pointing.get(app),
        _ => None,
    };
    let pointing_here = pointing_here.into_iter().flatten().map(String::as_str);
    pointed_at
        .chain(pointing_here)
        .filter(|other| *other != app)
        .collect()
}

/// For each app, the other apps whose migrations ever made a foreign key
/// into it. Deleting, renaming or moving a model, or renaming a field,
/// checks or rewrites the keys pointing at it, so it comes after every
/// migration of those apps: the ones that made such keys, and the ones that
/// dropped them, whatever the model was called then.
fn pointing_apps(graph: &MigrationGraph) -> BTreeMap<String, BTreeSet<String>> {
    let mut pointing: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for migration in graph.ordered() {
        for op in &migration.operations {
            for fk in order::foreign_keys(op) {
                if fk.app != migration.app {
                    pointing
                        .entry(fk.app.to_string())
                        .or_default()
                        .insert(migration.app.clone());
                }
            }
        }
    }
    pointing
}

/// The app's latest migration; an error when its history has branched.
fn leaf(graph: &MigrationGraph, app: &str) -> Result<Option<MigrationKey>> {
    let mut leaves = graph.leaves(app);
    match leaves.len() {
        0 | 1 => Ok(leaves.pop()),
        _ => Err(MigrationError::SeveralLeaves {
            app: app.to_owned(),
            leaves: leaves.into_iter().map(|k| k.name).collect(),
        }),
    }
}

/// Django's automatic name: the operations' fragments joined, or `auto_`
/// and the time when that is too long to read.
fn auto_name(operations: &[Operation]) -> String {
    let joined = operations
        .iter()
        .map(Operation::name_fragment)
        .collect::<Vec<_>>()
        .join("_");
    if joined.is_empty() || joined.len() > MAX_AUTO_NAME {
        format!(
            "auto_{}",
            model_runtime::chrono::Local::now().format("%Y%m%d_%H%M")
        )
    } else {
        joined
    }
}

/// Refuses a name given with `--name` that cannot be part of a file name
/// and a key: only letters, digits and underscores.
///
/// ```
/// use model_migrations::autodetect::check_name;
///
/// assert!(check_name("menu_price").is_ok());
/// assert_eq!(
///     check_name("../evil").unwrap_err().to_string(),
///     "--name `../evil`: a migration's name takes letters, digits and underscores only",
/// );
/// ```
pub fn check_name(name: &str) -> Result<()> {
    if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        Ok(())
    } else {
        Err(MigrationError::InvalidName {
            name: name.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::check_name;

    #[test]
    fn names_are_plain() {
        assert!(check_name("menu_inventory2").is_ok());
        assert!(check_name("../evil").is_err());
        assert!(check_name("").is_err());
    }
}
