use std::collections::{BTreeMap, BTreeSet};

use super::replace::{self, Resolved};
use super::{Migration, MigrationKey, ProjectState};
use crate::{MigrationError, Result};

/// Every migration of every app, linked by their dependencies.
///
/// Orders are deterministic: among migrations free to run, the one with the
/// smaller `app.name` comes first.
///
/// A squashed migration (one whose file lists what it `replaces`) stands for
/// the migrations it replaces: a new graph follows it, and
/// [`for_applied`](MigrationGraph::for_applied) follows the replaced ones
/// instead for a database that applied some of them only.
///
/// ```
/// use model_migrations::{Migration, MigrationGraph, MigrationKey};
/// use std::collections::BTreeSet;
///
/// let first = Migration::parse("0001_initial", "app = \"shop\"\n")?;
/// let second = Migration::parse("0002_more", "app = \"shop\"\ndependencies = [\"shop.0001_initial\"]\n")?;
/// let squash = Migration::parse(
///     "0001_squashed_0002_more",
///     "app = \"shop\"\nreplaces = [\"shop.0001_initial\", \"shop.0002_more\"]\n",
/// )?;
/// let graph = MigrationGraph::new([first.clone(), second.clone(), squash])?;
/// assert_eq!(graph.leaves("shop"), [MigrationKey::new("shop", "0001_squashed_0002_more")]);
///
/// let applied: BTreeSet<MigrationKey> = [first.key()].into();
/// assert_eq!(graph.for_applied(&applied)?.leaves("shop"), [second.key()]);
/// # Ok::<(), model_migrations::MigrationError>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct MigrationGraph {
    /// Every migration file, squashes and the migrations they replace alike.
    files: BTreeMap<MigrationKey, Migration>,
    /// The migrations followed: each squash or what it replaces.
    migrations: BTreeMap<MigrationKey, Migration>,
    /// Each replaced migration the graph leaves out, with its squash.
    replaced_by: BTreeMap<MigrationKey, MigrationKey>,
    /// Each migration's dependencies, plus the previous migration of its own
    /// app when the file did not list it.
    parents: BTreeMap<MigrationKey, BTreeSet<MigrationKey>>,
    children: BTreeMap<MigrationKey, BTreeSet<MigrationKey>>,
    /// The apps in the order their migrations were given: the installed
    /// apps' order, which `migrate` follows where dependencies leave it free.
    app_order: Vec<String>,
}

impl MigrationGraph {
    /// Links the migrations; a dependency on a migration that does not exist
    /// is an error naming both.
    pub fn new(migrations: impl IntoIterator<Item = Migration>) -> Result<MigrationGraph> {
        let mut files = BTreeMap::new();
        let mut app_order: Vec<String> = Vec::new();
        for migration in migrations {
            let key = migration.key();
            if !app_order.contains(&key.app) {
                app_order.push(key.app.clone());
            }
            if files.insert(key.clone(), migration).is_some() {
                return Err(MigrationError::Duplicate {
                    migration: key.to_string(),
                });
            }
        }
        MigrationGraph::link(files, &BTreeSet::new(), app_order)
    }

    /// The graph a database that `applied` these migrations follows: each
    /// squash, unless the database applied some, not all, of the
    /// migrations it replaces.
    pub fn for_applied(&self, applied: &BTreeSet<MigrationKey>) -> Result<MigrationGraph> {
        MigrationGraph::link(self.files.clone(), applied, self.app_order.clone())
    }

    fn link(
        files: BTreeMap<MigrationKey, Migration>,
        applied: &BTreeSet<MigrationKey>,
        app_order: Vec<String>,
    ) -> Result<MigrationGraph> {
        if let Some(migration) = files.values().find(|m| m.dependencies.contains(&m.key())) {
            return Err(MigrationError::SelfDependency {
                migration: migration.key().to_string(),
            });
        }
        let Resolved {
            migrations,
            replaced_by,
        } = replace::resolve(&files, applied)?;
        let mut graph = MigrationGraph {
            files,
            migrations: migrations.into_iter().map(|m| (m.key(), m)).collect(),
            replaced_by,
            app_order,
            ..MigrationGraph::default()
        };
        for (key, migration) in &graph.migrations {
            let parents = graph.parents.entry(key.clone()).or_default();
            for dependency in &migration.dependencies {
                if !graph.migrations.contains_key(dependency) {
                    return Err(MigrationError::MissingDependency {
                        migration: key.to_string(),
                        dependency: dependency.to_string(),
                    });
                }
                parents.insert(dependency.clone());
            }
            graph.children.entry(key.clone()).or_default();
        }
        for (key, parents) in &graph.parents {
            for parent in parents {
                graph
                    .children
                    .entry(parent.clone())
                    .or_default()
                    .insert(key.clone());
            }
        }
        if let Some(cycle) = graph.find_cycle() {
            let cycle: Vec<String> = cycle.iter().map(MigrationKey::to_string).collect();
            return Err(MigrationError::Circular {
                migration: cycle.first().cloned().unwrap_or_default(),
                cycle,
            });
        }
        Ok(graph)
    }

    /// A migration by key.
    pub fn migration(&self, key: &MigrationKey) -> Option<&Migration> {
        self.migrations.get(key)
    }

    /// The number after the highest of `app`'s migrations (1 for an app
    /// without any): what a new migration of the app is numbered. An error
    /// naming the highest when it is `u32::MAX`, which nothing comes after.
    pub fn next_number(&self, app: &str) -> Result<u32> {
        let highest = self
            .files
            .values()
            .filter(|m| m.app == app)
            .filter_map(|m| Some((m.number()?, m)))
            .max_by_key(|(number, _)| *number);
        match highest {
            None => Ok(1),
            Some((number, migration)) => {
                number
                    .checked_add(1)
                    .ok_or_else(|| MigrationError::NumberExhausted {
                        migration: migration.key().to_string(),
                    })
            }
        }
    }

    /// Whether any migration file is a squash (lists what it `replaces`).
    pub fn has_squashes(&self) -> bool {
        self.files.values().any(|m| !m.replaces.is_empty())
    }

    /// The squash that stands for `key`, when the graph follows it rather
    /// than `key`.
    pub fn replaced_by(&self, key: &MigrationKey) -> Option<&MigrationKey> {
        self.replaced_by.get(key)
    }

    /// A migration's file, whether the graph follows it or a squash
    /// replaces it.
    pub fn file(&self, key: &MigrationKey) -> Option<&Migration> {
        self.files.get(key)
    }

    /// The migrations applied, in this graph's terms, when the history
    /// records `recorded`: a squash counts as applied once every migration
    /// it replaces is.
    pub fn applied_of(&self, recorded: &BTreeSet<MigrationKey>) -> BTreeSet<MigrationKey> {
        let mut applied = recorded.clone();
        for squash in self.migrations.values().filter(|m| !m.replaces.is_empty()) {
            if squash.replaces.iter().all(|r| recorded.contains(r)) {
                applied.insert(squash.key());
            }
        }
        applied
    }

    /// Every migration, in an order that applies dependencies first.
    pub fn ordered(&self) -> Vec<&Migration> {
        self.topological(self.migrations.keys().cloned().collect())
            .into_iter()
            .filter_map(|key| self.migrations.get(&key))
            .collect()
    }

    /// The migrations of one app, by name.
    pub fn migrations_of<'a>(&'a self, app: &'a str) -> impl Iterator<Item = &'a Migration> {
        self.migrations.values().filter(move |m| m.app == app)
    }

    /// The apps with migrations.
    pub fn apps(&self) -> Vec<String> {
        let mut apps: Vec<String> = self.migrations.keys().map(|k| k.app.clone()).collect();
        apps.dedup();
        apps
    }

    /// The apps, in the order their migrations were given to
    /// [`MigrationGraph::new`] ([`load_migrations`](crate::load_migrations)
    /// gives them in the installed apps' order): the order `migrate` takes
    /// them in, where dependencies leave it free.
    pub fn apps_in_given_order(&self) -> Vec<String> {
        let mut apps: Vec<String> = self
            .app_order
            .iter()
            .filter(|app| self.migrations.keys().any(|k| &k.app == *app))
            .cloned()
            .collect();
        for app in self.apps() {
            if !apps.contains(&app) {
                apps.push(app);
            }
        }
        apps
    }

    /// The migrations of `app` that no other migration of `app` depends on:
    /// one in a linear history, two after branches meet unmerged.
    pub fn leaves(&self, app: &str) -> Vec<MigrationKey> {
        self.migrations
            .keys()
            .filter(|key| key.app == app)
            .filter(|key| {
                !self
                    .children
                    .get(*key)
                    .into_iter()
                    .flatten()
                    .any(|child| child.app == app)
            })
            .cloned()
            .collect()
    }

    /// The migrations of `app` that depend on no other migration of `app`.
    pub fn roots(&self, app: &str) -> Vec<MigrationKey> {
        self.migrations
            .keys()
            .filter(|key| key.app == app)
            .filter(|key| {
                !self
                    .parents
                    .get(*key)
                    .into_iter()
                    .flatten()
                    .any(|parent| parent.app == app)
            })
            .cloned()
            .collect()
    }

    /// The migration of `app` whose name is `prefix` or starts with it
    /// (`0002` finds `0002_menu_inventory`).
    pub fn find(&self, app: &str, prefix: &str) -> Result<MigrationKey> {
        let exact = MigrationKey::new(app, prefix);
        if self.migrations.contains_key(&exact) {
            return Ok(exact);
        }
        let found: Vec<&MigrationKey> = self
            .migrations
            .keys()
            .filter(|k| k.app == app && k.name.starts_with(prefix))
            .collect();
        let replaced = self
            .replaced_by
            .iter()
            .find(|(k, _)| k.app == app && k.name.starts_with(prefix));
        match (found.as_slice(), replaced) {
            ([only], _) => Ok((*only).clone()),
            ([], Some((replaced, squash))) => Err(MigrationError::Replaced {
                migration: replaced.to_string(),
                squash: squash.to_string(),
            }),
            ([], None) if !self.migrations.keys().any(|k| k.app == app) => {
                Err(MigrationError::NoMigrations { app: app.to_owned() })
            }
            ([], None) => Err(MigrationError::UnknownMigration {
                app: app.to_owned(),
                name: prefix.to_owned(),
                existing: self
                    .migrations
                    .keys()
                    .filter(|k| k.app == app)
                    .map(|k| k.name.clone())
                    .collect(),
            }),
            (many, _) => Err(MigrationError::AmbiguousMigration {
                app: app.to_owned(),
                prefix: prefix.to_owned(),
                candidates: many.iter().map(|k| k.name.clone()).collect(),
            }),
        }
    }

    /// `target` and everything it depends on, dependencies first.
    pub fn forwards_plan(&self, target: &MigrationKey) -> Vec<MigrationKey> {
        self.topological(self.closure(target, &self.parents))
    }

    /// `target` and everything that depends on it, dependents first.
    pub fn backwards_plan(&self, target: &MigrationKey) -> Vec<MigrationKey> {
        let mut order = self.topological(self.closure(target, &self.children));
        order.reverse();
        order
    }

    /// The state after applying exactly these migrations, in dependency order.
    pub fn state_of(&self, applied: &BTreeSet<MigrationKey>) -> Result<ProjectState> {
        let mut state = ProjectState::new();
        for key in self.topological(
            applied
                .iter()
                .filter(|k| self.migrations.contains_key(*k))
                .cloned()
                .collect(),
        ) {
            let Some(migration) = self.migrations.get(&key) else {
                continue;
            };
            for operation in &migration.operations {
                operation
                    .apply(&mut state, &migration.app)
                    .map_err(|e| in_migration(&key, e))?;
            }
        }
        Ok(state)
    }

    /// The state every migration leads to.
    pub fn final_state(&self) -> Result<ProjectState> {
        self.state_of(&self.migrations.keys().cloned().collect())
    }

    fn closure(
        &self,
        start: &MigrationKey,
        edges: &BTreeMap<MigrationKey, BTreeSet<MigrationKey>>,
    ) -> BTreeSet<MigrationKey> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![start.clone()];
        while let Some(key) = stack.pop() {
            if seen.insert(key.clone()) {
                stack.extend(edges.get(&key).into_iter().flatten().cloned());
            }
        }
        seen
    }

    /// The keys in dependency order (Kahn's algorithm, smallest key first).
    fn topological(&self, keys: BTreeSet<MigrationKey>) -> Vec<MigrationKey> {
        let mut waiting: BTreeMap<&MigrationKey, usize> = keys
            .iter()
            .map(|k| {
                let parents = self.parents.get(k).into_iter().flatten();
                (k, parents.filter(|p| keys.contains(*p)).count())
            })
            .collect();
        let mut ready: BTreeSet<&MigrationKey> = waiting
            .iter()
            .filter(|(_, n)| **n == 0)
            .map(|(k, _)| *k)
            .collect();
        let mut order = Vec::with_capacity(keys.len());
        while let Some(key) = ready.pop_first() {
            order.push(key.clone());
            for child in self.children.get(key).into_iter().flatten() {
                if let Some(count) = waiting.get_mut(child) {
                    *count = count.saturating_sub(1);
                    if *count == 0 {
                        ready.insert(child);
                    }
                }
            }
        }
        order
    }

    /// A circle of dependencies, each migration depending on the next and
    /// the last on the first, when there is one.
    ///
    /// The migrations a topological order leaves out each have a parent
    /// left out too (else their turn would have come): following such
    /// parents from any of them comes back to one already seen.
    fn find_cycle(&self) -> Option<Vec<MigrationKey>> {
        let all: BTreeSet<MigrationKey> = self.migrations.keys().cloned().collect();
        let ordered: BTreeSet<MigrationKey> = self.topological(all.clone()).into_iter().collect();
        let left_out: BTreeSet<&MigrationKey> = all.difference(&ordered).collect();
        let mut path: Vec<&MigrationKey> = vec![*left_out.first()?];
        loop {
            let last = *path.last()?;
            let parent = self.parents.get(last)?.iter().find(|p| left_out.contains(p))?;
            if let Some(start) = path.iter().position(|k| *k == parent) {
                return Some(path.split_off(start).into_iter().cloned().collect());
            }
            path.push(parent);
        }
    }
}

/// Names the migration an error came from.
pub(crate) fn in_migration(key: &MigrationKey, error: MigrationError) -> MigrationError {
    match error {
        MigrationError::InvalidOperation {
            migration: None,
            message,
        } => MigrationError::InvalidOperation {
            migration: Some(key.to_string()),
            message,
        },
        MigrationError::Unsupported {
            migration: None,
            model,
            message,
        } => MigrationError::Unsupported {
            migration: Some(key.to_string()),
            model,
            message,
        },
        other => other,
    }
}
