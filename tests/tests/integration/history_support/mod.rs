//! What the history tests share: an app, `shelf`, whose migration files
//! live in a temporary folder the tests edit, the manage commands run on it
//! as library calls, and the history table read back.

// Each test file uses its own part of this module.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use model_manage::{CommandError, MigrateArgs, ShowmigrationsArgs};
use model_migrations::history::{self, AppliedMigration};
use model_migrations::{Migration, MigrationKey};
use model_runtime::{Connection, Settings};
use model_tests::TestDb;

/// The app the files belong to; no model of it is compiled in, so only
/// its migrations shape its tables.
pub const APP: &str = "shelf";

/// Creates the book table, its title 255 characters long.
pub const INITIAL: &str = r#"app = "shelf"

[[operations]]
op = "CreateModel"
name = "Book"
table = "shelf_book"

[[operations.fields]]
field = "id"
column = "id"
type = "BigInt"
primary_key = true
auto_increment = true

[[operations.fields]]
field = "title"
column = "title"
type = "Text"
max_length = 255
"#;

/// Adds a nullable ISBN to the book.
pub const ISBN: &str = r#"app = "shelf"
dependencies = ["shelf.0001_initial"]

[[operations]]
op = "AddField"
model = "Book"

[operations.field]
field = "isbn"
column = "isbn"
type = "Text"
max_length = 13
nullable = true
"#;

/// Adds the book's page count, after `dependency` (`0001_initial`).
pub fn pages_after(dependency: &str) -> String {
    format!(
        r#"app = "shelf"
dependencies = ["shelf.{dependency}"]

[[operations]]
op = "AddField"
model = "Book"

[operations.field]
field = "pages"
column = "pages"
type = "Integer"
nullable = true
"#
    )
}

/// The migrations' folder and a database, with `shelf` installed; the
/// folder goes when it is dropped.
pub struct Project {
    pub dir: PathBuf,
    pub settings: Settings,
}

impl Project {
    /// `shelf` with `files` (`(name, text)`) as its migrations, on `db`.
    pub fn new(db: &TestDb, files: &[(&str, &str)]) -> Project {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "history-tests-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let settings = Settings::new()
            .installed_apps([APP])
            .migrations_dir(APP, &dir)
            .database_url(db.url());
        let project = Project { dir, settings };
        for (name, text) in files {
            project.write(name, text);
        }
        project
    }

    /// Writes `name.toml`.
    pub fn write(&self, name: &str, text: &str) {
        std::fs::write(self.dir.join(format!("{name}.toml")), text).unwrap();
    }

    /// Replaces `from` by `to` in `name.toml`, which must hold it.
    pub fn edit(&self, name: &str, from: &str, to: &str) {
        let path = self.dir.join(format!("{name}.toml"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{name} has no `{from}`");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    /// Deletes `name.toml`.
    pub fn remove(&self, name: &str) {
        std::fs::remove_file(self.dir.join(format!("{name}.toml"))).unwrap();
    }

    /// The migration `name` as its file reads now.
    pub fn migration(&self, name: &str) -> Migration {
        let text = std::fs::read_to_string(self.dir.join(format!("{name}.toml"))).unwrap();
        Migration::parse(name, &text).unwrap()
    }

    /// `manage migrate` with the command line's words (`shelf 0001 --fake`),
    /// and what it printed.
    pub fn try_migrate(&self, words: &[&str]) -> (Result<(), CommandError>, String) {
        let mut out = Vec::new();
        let result = model_manage::migrate(&self.settings, &args(words), &mut out).map(drop);
        (result, String::from_utf8(out).unwrap())
    }

    /// `manage migrate`, which must succeed; what it printed.
    pub fn migrate(&self, words: &[&str]) -> String {
        let (result, out) = self.try_migrate(words);
        if let Err(error) = result {
            panic!("migrate {words:?} failed: {error}\n{out}");
        }
        out
    }

    /// `manage showmigrations`.
    pub fn try_showmigrations(&self) -> Result<String, CommandError> {
        let mut out = Vec::new();
        model_manage::showmigrations(&self.settings, &ShowmigrationsArgs::default(), &mut out)?;
        Ok(String::from_utf8(out).unwrap())
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `migrate`'s arguments from its command line words.
pub fn args(words: &[&str]) -> MigrateArgs {
    let mut args = MigrateArgs::default();
    for word in words {
        match *word {
            "--plan" => args.plan = true,
            "--fake" => args.fake = true,
            "--fake-initial" => args.fake_initial = true,
            positional if args.app.is_none() => args.app = Some(positional.into()),
            positional => args.target = Some(positional.into()),
        }
    }
    args
}

/// The history table's rows.
pub fn history(conn: &mut Connection) -> Vec<AppliedMigration> {
    history::read(conn).expect("read the history")
}

/// `shelf.<name>`.
pub fn key(name: &str) -> MigrationKey {
    MigrationKey::new(APP, name)
}
