//! Squashed migrations: which of a squash and the migrations it replaces a
//! database follows, and the dependencies that point at the other.
//!
//! A database that applied none of the replaced migrations, or all of
//! them, follows the squash (applied, in the second case); one that
//! applied some of them follows them, until it has applied them all. As in
//! Django, the replaced files may be deleted once every database has
//! moved past them; a dependency on one of them then means the squash.

use std::collections::{BTreeMap, BTreeSet};

use super::{Migration, MigrationKey};
use crate::{MigrationError, Result};

/// The migrations a graph links, once each squash is chosen or set aside.
pub(super) struct Resolved {
    /// The migrations in use, their dependencies pointing at migrations in use.
    pub(super) migrations: Vec<Migration>,
    /// Each replaced migration left out, with the squash that stands for it.
    pub(super) replaced_by: BTreeMap<MigrationKey, MigrationKey>,
}

/// Chooses, for each squash among `files`, the squash or the migrations it
/// replaces, given the migrations the database `applied`.
pub(super) fn resolve(
    files: &BTreeMap<MigrationKey, Migration>,
    applied: &BTreeSet<MigrationKey>,
) -> Result<Resolved> {
    let squashes = squashes(files)?;
    let mut left_out: BTreeSet<MigrationKey> = BTreeSet::new();
    // What a dependency on a left-out migration becomes.
    let mut redirect: BTreeMap<MigrationKey, Vec<MigrationKey>> = BTreeMap::new();
    let mut replaced_by = BTreeMap::new();
    for squash in squashes {
        let key = squash.key();
        let done = squash.replaces.iter().filter(|r| applied.contains(*r)).count();
        if done == 0 || done == squash.replaces.len() {
            for replaced in &squash.replaces {
                left_out.insert(replaced.clone());
                redirect.insert(replaced.clone(), vec![key.clone()]);
                replaced_by.insert(replaced.clone(), key.clone());
            }
        } else {
            if let Some(gone) = squash.replaces.iter().find(|r| !files.contains_key(*r)) {
                return Err(MigrationError::UnfinishedSquash {
                    squash: key.to_string(),
                    applied: done,
                    replaced: squash.replaces.len(),
                    missing: gone.to_string(),
                });
            }
            left_out.insert(key.clone());
            redirect.insert(key, last_of(files, &squash.replaces));
        }
    }
    let migrations = files
        .values()
        .filter(|m| !left_out.contains(&m.key()))
        .map(|m| {
            let mut migration = m.clone();
            let mut dependencies: Vec<MigrationKey> = Vec::new();
            for dependency in &m.dependencies {
                for target in redirect.get(dependency).unwrap_or(&vec![dependency.clone()]) {
                    if *target != migration.key() && !dependencies.contains(target) {
                        dependencies.push(target.clone());
                    }
                }
            }
            migration.dependencies = dependencies;
            migration
        })
        .collect();
    Ok(Resolved {
        migrations,
        replaced_by,
    })
}

/// The squashes among `files`, checked: each replaces migrations of its own
/// app, none replaced twice, no squash of a squash.
fn squashes(files: &BTreeMap<MigrationKey, Migration>) -> Result<Vec<&Migration>> {
    let squashes: Vec<&Migration> = files.values().filter(|m| !m.replaces.is_empty()).collect();
    let mut seen: BTreeMap<&MigrationKey, MigrationKey> = BTreeMap::new();
    for squash in &squashes {
        let key = squash.key();
        for replaced in &squash.replaces {
            let problem = if replaced.app != squash.app {
                Some(format!("it replaces {replaced}, a migration of another app"))
            } else if *replaced == key {
                Some("it replaces itself".to_owned())
            } else if files.get(replaced).is_some_and(|m| !m.replaces.is_empty()) {
                Some(format!(
                    "it replaces {replaced}, itself a squash: squash the originals instead"
                ))
            } else {
                seen.insert(replaced, key.clone())
                    .map(|other| format!("{other} replaces {replaced} as well"))
            };
            if let Some(problem) = problem {
                return Err(MigrationError::InvalidSquash {
                    squash: key.to_string(),
                    problem,
                });
            }
        }
    }
    Ok(squashes)
}

/// The replaced migrations no other replaced one depends on: what the
/// squash's dependents wait for when the originals are followed.
fn last_of(files: &BTreeMap<MigrationKey, Migration>, replaced: &[MigrationKey]) -> Vec<MigrationKey> {
    replaced
        .iter()
        .filter(|key| {
            !replaced
                .iter()
                .filter_map(|other| files.get(other))
                .any(|other| other.dependencies.contains(key))
        })
        .cloned()
        .collect()
}
