//! Django's `post_migrate` signal: what an app does to the database after
//! every `migrate`, as `auth` makes the permissions of every installed
//! model.

use std::collections::BTreeSet;
use std::io::Write;

use model_migrations::MigrationKey;
use model_runtime::{Connection, Settings};

use crate::Result;

/// What a [`PostMigrateHook`] is given: the settings, the connection
/// `migrate` ran on (still holding the migration lock, so two `migrate`
/// runs never do the work at once), the migrations now applied, and the
/// command's output.
pub struct PostMigrate<'a> {
    /// The project's settings.
    pub settings: &'a Settings,
    /// The database, migrated.
    pub connection: &'a mut Connection,
    /// Every migration the database has applied, after this run.
    pub applied: &'a BTreeSet<MigrationKey>,
    /// Where `migrate` prints.
    pub out: &'a mut dyn Write,
}

impl PostMigrate<'_> {
    /// Whether `app`'s migration `name` is applied: how a hook knows its
    /// own tables are there (after `migrate auth zero`, they are not).
    pub fn is_applied(&self, app: &str, name: &str) -> bool {
        self.applied.contains(&MigrationKey::new(app, name))
    }
}

/// Work an app does after every `migrate` that changes the database (not
/// after `--plan`), when the app is installed, in the order the apps are
/// installed. Register one with [`register_post_migrate!`](crate::register_post_migrate).
///
/// ```
/// use model_manage::{PostMigrate, PostMigrateHook};
///
/// fn greet(run: &mut PostMigrate<'_>) -> model_manage::Result<()> {
///     writeln!(run.out, "shop is migrated")?;
///     Ok(())
/// }
///
/// model_manage::register_post_migrate!(PostMigrateHook::new("shop", greet));
///
/// let settings = model_manage::Settings::new().database_url("sqlite::memory:").installed_apps(["shop"]);
/// let mut out = Vec::new();
/// model_manage::migrate(&settings, &Default::default(), &mut out)?;
/// assert!(String::from_utf8(out).unwrap().ends_with("shop is migrated\n"));
/// # Ok::<(), model_manage::CommandError>(())
/// ```
#[derive(Clone, Copy)]
pub struct PostMigrateHook {
    app: &'static str,
    run: fn(&mut PostMigrate<'_>) -> Result<()>,
}

impl PostMigrateHook {
    /// `run`, after each `migrate` of a project that installs `app`.
    pub const fn new(app: &'static str, run: fn(&mut PostMigrate<'_>) -> Result<()>) -> PostMigrateHook {
        PostMigrateHook { app, run }
    }

    /// The app it belongs to.
    pub fn app(&self) -> &'static str {
        self.app
    }
}

impl std::fmt::Debug for PostMigrateHook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostMigrateHook")
            .field("app", &self.app)
            .finish_non_exhaustive()
    }
}

inventory::collect!(PostMigrateHook);

/// Runs the hooks of the installed apps, in the order they are installed.
pub(crate) fn run_hooks(run: &mut PostMigrate<'_>) -> Result<()> {
    for app in run.settings.apps() {
        for hook in inventory::iter::<PostMigrateHook>
            .into_iter()
            .filter(|h| h.app == app)
        {
            (hook.run)(run)?;
        }
    }
    Ok(())
}

/// Adds a [`PostMigrateHook`] to every manage binary that links the
/// calling crate. Use it at the top level of a module.
#[macro_export]
macro_rules! register_post_migrate {
    ($hook:expr $(,)?) => {
        $crate::__private::inventory::submit! { $hook }
    };
}
