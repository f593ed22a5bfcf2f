//! A project on disk for the manage commands: installed apps whose
//! migrations live in temporary folders, and a database.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use model_manage::{MakemigrationsArgs, MigrateArgs, NewMigration, ShowmigrationsArgs};
use model_migrations::autodetect::NonInteractive;
use model_migrations::Outcome;
use model_runtime::Settings;

use crate::TestDb;

/// Installed apps with their migrations in a temporary folder each, and a
/// database; the folders go when it is dropped.
pub struct Project {
    /// The folder holding one migrations folder per app.
    pub root: PathBuf,
    /// The apps installed, their migrations folders, the database.
    pub settings: Settings,
}

impl Project {
    pub fn new(db: &TestDb, apps: &[&str]) -> Project {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let root = std::env::temp_dir().join(format!(
            "model-tests-project-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&root);
        let mut settings = Settings::new()
            .installed_apps(apps.iter().copied())
            .database_url(db.url());
        for app in apps {
            settings = settings.migrations_dir(*app, root.join(app));
        }
        Project { root, settings }
    }

    pub fn folder(&self, app: &str) -> PathBuf {
        self.root.join(app)
    }

    pub fn files(&self, app: &str) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.folder(app))
            .map(|entries| {
                entries
                    .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    pub fn makemigrations(&self, args: MakemigrationsArgs) -> (Vec<NewMigration>, String) {
        let mut out = Vec::new();
        let made = model_manage::makemigrations(&self.settings, &args, &mut NonInteractive, &mut out)
            .unwrap_or_else(|e| panic!("makemigrations failed: {e}"));
        (made, String::from_utf8(out).unwrap())
    }

    pub fn migrate(&self, args: MigrateArgs) -> (Vec<Outcome>, String) {
        let mut out = Vec::new();
        let done = model_manage::migrate(&self.settings, &args, &mut out)
            .unwrap_or_else(|e| panic!("migrate failed: {e}\n{}", String::from_utf8_lossy(&out)));
        (
            done.into_iter().map(|(_, o)| o).collect(),
            String::from_utf8(out).unwrap(),
        )
    }

    pub fn migrate_to(&self, app: &str, target: &str) -> String {
        self.migrate(MigrateArgs {
            app: Some(app.into()),
            target: Some(target.into()),
            ..Default::default()
        })
        .1
    }

    pub fn showmigrations(&self, args: ShowmigrationsArgs) -> String {
        let mut out = Vec::new();
        model_manage::showmigrations(&self.settings, &args, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// The command line, as the manage binary runs it: exit code and output.
    pub fn run(&self, args: &[&str]) -> (ExitCode, String, String) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let args = std::iter::once("manage").chain(args.iter().copied());
        let code = model_manage::run_from(args, self.settings.clone(), &mut out, &mut err);
        (
            code,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}
