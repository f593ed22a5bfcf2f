//! The real `manage` binary, as a user runs it, on a temporary SQLite file
//! and on a fresh PostgreSQL database: migrate, showmigrations, sqlmigrate,
//! a rollback to 0001 and forward again with the rows kept; the built-in
//! apps' first hour; and the admin site served by `manage runserver`, used
//! in a browser.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use littlelemon::models::{menu, Category, Menu, NewCategory, NewMenu};
use model_runtime::prelude::*;

const MANAGE: &str = env!("CARGO_BIN_EXE_manage");
const DEMO: &str = env!("CARGO_BIN_EXE_littlelemon");

/// A working directory of its own, removed afterwards.
struct WorkDir(PathBuf);

impl WorkDir {
    fn new() -> WorkDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "littlelemon-manage-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        WorkDir(dir)
    }

    fn sqlite_url(&self) -> String {
        self.0.join("db.sqlite3").to_string_lossy().into_owned()
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What a run of a binary printed.
struct Ran {
    code: i32,
    out: String,
    err: String,
}

/// Runs `binary` in `dir` with `DATABASE_URL` set to `url` (unset when
/// `None`, so that `.env` is read) and nothing else of ours inherited.
fn run(binary: &str, dir: &Path, url: Option<&str>, args: &[&str]) -> Ran {
    let mut command = Command::new(binary);
    command
        .args(args)
        .current_dir(dir)
        .env_remove("DATABASE_URL")
        .env_remove("MODEL_EMBEDDED_MIGRATIONS");
    if let Some(url) = url {
        command.env("DATABASE_URL", url);
    }
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {binary}: {e}"));
    Ran {
        code: output.status.code().expect("exited"),
        out: String::from_utf8(output.stdout).unwrap(),
        err: String::from_utf8(output.stderr).unwrap(),
    }
}

fn manage(dir: &Path, url: Option<&str>, args: &[&str]) -> Ran {
    let ran = run(MANAGE, dir, url, args);
    assert_eq!(ran.code, 0, "manage {args:?} failed:\n{}{}", ran.out, ran.err);
    ran
}

/// The migrations the example ships, by name, in order.
fn shipped() -> Vec<String> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|ext| ext == "toml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(
        names.len() >= 2,
        "the example ships 0001_initial and later migrations: {names:?}"
    );
    names
}

/// `showmigrations` with the built-in apps migrated and Little Lemon's
/// migrations marked as given.
fn listing(marks: &[(&str, bool)]) -> String {
    let mut text = String::from("admin\n [X] 0001_initial\nauth\n [X] 0001_initial\nlittlelemon\n");
    for (name, applied) in marks {
        text.push_str(&format!(" [{}] {name}\n", if *applied { "X" } else { " " }));
    }
    text.push_str("sessions\n [X] 0001_initial\n");
    text
}

/// The whole round on one database.
fn migrate_roll_back_to_0001_and_forward_keeping_rows(dir: &Path, database_url: &str) {
    let names = shipped();
    let url = Some(database_url);

    let ran = manage(dir, url, &["migrate"]);
    // The built-in apps first, in the installed apps' order, save that
    // `admin` waits for `auth`, which its log's user key depends on.
    let mut expected = String::from(
        "Operations to perform:\n  Apply all migrations: admin, auth, littlelemon, sessions\nRunning migrations:\n  \
         Applying auth.0001_initial... OK\n  Applying admin.0001_initial... OK\n  Applying sessions.0001_initial... OK\n",
    );
    for name in &names {
        expected.push_str(&format!("  Applying littlelemon.{name}... OK\n"));
    }
    assert_eq!(ran.out, expected);

    let all: Vec<(&str, bool)> = names.iter().map(|n| (n.as_str(), true)).collect();
    assert_eq!(manage(dir, url, &["showmigrations"]).out, listing(&all));

    let sql = manage(dir, url, &["sqlmigrate", "littlelemon", "0001"]).out;
    assert!(
        sql.contains("-- Create model Menu\n--\nCREATE TABLE \"littlelemon_menu\""),
        "{sql}"
    );
    assert!(sql.contains("BEGIN;\n") && sql.contains("COMMIT;\n"), "{sql}");
    let backwards = manage(dir, url, &["sqlmigrate", "littlelemon", "0001", "--backwards"]).out;
    assert!(
        backwards.contains("DROP TABLE \"littlelemon_menu\""),
        "{backwards}"
    );

    let mut conn = model_runtime::connect(database_url).unwrap();
    let mains = Category::create(
        &mut conn,
        NewCategory {
            title: "Mains".into(),
        },
    )
    .unwrap();
    Menu::create(
        &mut conn,
        NewMenu {
            title: "Lemon pasta".into(),
            price: "12.50".parse().unwrap(),
            inventory: 3,
            category_id: mains.id,
            description: Some("With lemon zest".into()),
        },
    )
    .unwrap();

    let ran = manage(dir, url, &["migrate", "littlelemon", "0001"]);
    assert!(
        ran.out
            .contains("  Target specific migration: 0001_initial, from littlelemon\n"),
        "{}",
        ran.out
    );
    for name in names.iter().skip(1) {
        assert!(
            ran.out
                .contains(&format!("  Unapplying littlelemon.{name}... OK\n")),
            "{}",
            ran.out
        );
    }
    let first_only: Vec<(&str, bool)> = names.iter().map(|n| (n.as_str(), n == &names[0])).collect();
    assert_eq!(manage(dir, url, &["showmigrations"]).out, listing(&first_only));
    // The rows outlive the rollback; only what 0001 lacks is gone.
    assert_eq!(Category::count(&mut conn).unwrap(), 1);
    let titles: Vec<String> = menu::table.select(menu::title).load(&mut conn).unwrap();
    assert_eq!(titles, ["Lemon pasta"]);

    manage(dir, url, &["migrate"]);
    assert_eq!(manage(dir, url, &["showmigrations"]).out, listing(&all));
    let dishes = Menu::all(&mut conn).unwrap();
    assert_eq!(dishes.len(), 1);
    assert_eq!(dishes[0].title, "Lemon pasta");
    assert_eq!(dishes[0].inventory, 3);
    assert_eq!(dishes[0].description, None, "the column came back empty");

    let ran = manage(dir, url, &["makemigrations", "--check"]);
    assert_eq!(
        ran.out, "No changes detected\n",
        "the models and the shipped migrations agree"
    );
    assert_eq!(
        manage(dir, url, &["check"]).out,
        "System check identified no issues.\n"
    );
}

#[test]
fn manage_migrates_a_sqlite_file_back_to_0001_and_forward_keeping_rows() {
    let dir = WorkDir::new();
    migrate_roll_back_to_0001_and_forward_keeping_rows(&dir.0, &dir.sqlite_url());
    let sql = manage(
        &dir.0,
        Some(&dir.sqlite_url()),
        &["sqlmigrate", "littlelemon", "0001"],
    )
    .out;
    assert!(sql.starts_with("PRAGMA foreign_keys = OFF;\nBEGIN;\n"), "{sql}");
    assert!(sql.ends_with("COMMIT;\nPRAGMA foreign_keys = ON;\n"), "{sql}");
}

#[cfg(feature = "postgres")]
#[test]
fn manage_migrates_postgres_back_to_0001_and_forward_keeping_rows() {
    let db = postgres::FreshDatabase::new();
    let dir = WorkDir::new();
    migrate_roll_back_to_0001_and_forward_keeping_rows(&dir.0, db.url());
    let sql = manage(&dir.0, Some(db.url()), &["sqlmigrate", "littlelemon", "0001"]).out;
    assert!(sql.starts_with("BEGIN;\n") && sql.ends_with("COMMIT;\n"), "{sql}");
    assert!(!sql.contains("PRAGMA"), "{sql}");
}

#[test]
fn manage_migrates_from_the_embedded_copy_without_the_migrations_folder() {
    let dir = WorkDir::new();
    // Settings from .env, as a deployment would have them.
    std::fs::write(
        dir.0.join(".env"),
        format!(
            "# deployed without its source tree\nDATABASE_URL=\"{}\"\nMODEL_EMBEDDED_MIGRATIONS=1\n",
            dir.sqlite_url()
        ),
    )
    .unwrap();
    let names = shipped();

    let ran = manage(&dir.0, None, &["migrate"]);
    for name in &names {
        assert!(
            ran.out
                .contains(&format!("  Applying littlelemon.{name}... OK\n")),
            "{}",
            ran.out
        );
    }
    assert!(
        dir.0.join("db.sqlite3").exists(),
        "DATABASE_URL was read from .env"
    );
    let all: Vec<(&str, bool)> = names.iter().map(|n| (n.as_str(), true)).collect();
    assert_eq!(manage(&dir.0, None, &["showmigrations"]).out, listing(&all));
    assert_eq!(
        manage(&dir.0, None, &["makemigrations", "--check"]).out,
        "No changes detected\n"
    );

    let ran = run(MANAGE, &dir.0, None, &["makemigrations"]);
    assert_eq!(ran.code, 1);
    assert!(
        ran.err
            .starts_with("error: makemigrations writes migration files"),
        "{}",
        ran.err
    );
}

#[test]
fn manage_errors_name_the_thing_at_fault_and_exit_non_zero() {
    let dir = WorkDir::new();
    let url = dir.sqlite_url();

    let ran = run(MANAGE, &dir.0, Some(&url), &["migrate", "nope"]);
    assert_eq!(ran.code, 1);
    assert_eq!(
        ran.err,
        "error: app `nope` is not in installed apps (admin, auth, sessions, littlelemon)\n"
    );

    let ran = run(MANAGE, &dir.0, Some(&url), &["sqlmigrate", "littlelemon", "0099"]);
    assert_eq!(ran.code, 1);
    assert_eq!(
        ran.err,
        "error: app `littlelemon` has no migration named `0099`; its migrations are: 0001_initial, \
         0002_menu_description, 0003_booking_dishes, 0004_booking_user_id\n"
    );

    let ran = run(MANAGE, &dir.0, Some(&url), &["migrate", "--fake", "--bogus"]);
    assert_eq!(ran.code, 2, "usage errors exit with 2");
    assert!(ran.err.contains("--bogus"), "{}", ran.err);

    let ran = run(MANAGE, &dir.0, Some("redis://localhost"), &["migrate"]);
    assert_eq!(ran.code, 1);
    assert!(
        ran.err
            .starts_with("error: unsupported database URL scheme `redis://`"),
        "{}",
        ran.err
    );

    // A server URL missing its `//` is malformed, not a SQLite file's name.
    let ran = run(MANAGE, &dir.0, Some("postgres:/broken"), &["migrate"]);
    assert_eq!(ran.code, 1);
    assert!(
        ran.err
            .starts_with("error: the database URL is malformed: a postgres URL starts with postgres://"),
        "{}",
        ran.err
    );
    assert!(!dir.0.join("postgres:").exists() && !dir.0.join("postgres:/broken").exists());

    let ran = run(MANAGE, &dir.0, Some(&url), &["--version"]);
    assert_eq!(
        (ran.code, ran.out.as_str()),
        (0, concat!("manage ", env!("CARGO_PKG_VERSION"), "\n"))
    );
}

#[test]
fn the_demo_migrates_a_fresh_directory_and_runs_again() {
    let dir = WorkDir::new();
    let first = run(DEMO, &dir.0, None, &[]);
    assert_eq!(first.code, 0, "{}{}", first.out, first.err);
    assert!(
        first.out.contains("  Applying littlelemon.0001_initial... OK\n"),
        "{}",
        first.out
    );
    let second = run(DEMO, &dir.0, None, &[]);
    assert_eq!(second.code, 0, "{}{}", second.out, second.err);
    assert!(
        second.out.contains("  No migrations to apply.\n"),
        "{}",
        second.out
    );
}

/// Fails when either output of `ran` holds `secret`.
fn assert_hidden(ran: &Ran, secrets: &[&str], what: &str) {
    for secret in secrets {
        assert!(
            !ran.out.contains(secret) && !ran.err.contains(secret),
            "{what} shows `{secret}`:\n{}{}",
            ran.out,
            ran.err
        );
    }
}

/// A password with `@`, `/`, `#` and a stray `%`, in `DATABASE_URL`, in
/// `.env`, or on a `.env` line that cannot be read: neither `manage` nor
/// the demo prints it or a piece of it, on either output, whatever fails.
#[test]
fn no_output_shows_the_database_password() {
    const PASSWORD: &str = "HUNTER@22/SECRET#%zz";
    let secrets = [PASSWORD, "HUNTER", "SECRET", "QUERYPASS"];
    let dir = WorkDir::new();
    let env = dir.0.join(".env");
    for url in [
        format!("postgres://app:{PASSWORD}@127.0.0.1:1/app"),
        format!("mysql://app:{PASSWORD}@127.0.0.1:1/app"),
        "postgres://app@127.0.0.1:1/app?password=QUERYPASS".to_owned(),
    ] {
        for args in [
            &["migrate"][..],
            &["migrate", "--plan"],
            &["showmigrations"],
            &["check", "--database"],
        ] {
            let ran = run(MANAGE, &dir.0, Some(&url), args);
            assert_eq!(ran.code, 1, "manage {args:?}: {}{}", ran.out, ran.err);
            assert_hidden(&ran, &secrets, &format!("manage {args:?}"));
        }
        std::fs::write(&env, format!("DATABASE_URL='{url}'\n")).unwrap();
        let ran = run(MANAGE, &dir.0, None, &["migrate"]);
        assert_eq!(ran.code, 1, "{}{}", ran.out, ran.err);
        assert!(ran.err.starts_with("error: "), "{}", ran.err);
        assert_hidden(&ran, &secrets, "manage migrate with .env");
        let ran = run(DEMO, &dir.0, None, &[]);
        assert_eq!(ran.code, 1, "{}{}", ran.out, ran.err);
        assert!(ran.out.starts_with("Database: "), "{}", ran.out);
        assert!(
            ran.out.contains("app:***@") || ran.out.contains("password=***"),
            "{}",
            ran.out
        );
        assert_hidden(&ran, &secrets, "the demo");
        std::fs::remove_file(&env).unwrap();
    }

    for (line, error) in [
        (
            format!("DATABASE_URL postgres://app:{PASSWORD}@db/app"),
            "error: .env: line 2: expected KEY=VALUE",
        ),
        (
            format!("postgres://app:{PASSWORD}@db/app?sslmode=disable"),
            "error: .env: line 2: the text before `=` is not a variable name",
        ),
        (
            format!("DATABASE_URL=\"postgres://app:{PASSWORD}@db/app"),
            "error: .env: line 2: the value of `DATABASE_URL` opens a quote",
        ),
    ] {
        std::fs::write(&env, format!("# settings\n{line}\n")).unwrap();
        for args in [
            &["migrate"][..],
            &["check"],
            &["sqlmigrate", "littlelemon", "0001"],
        ] {
            let ran = run(MANAGE, &dir.0, None, args);
            assert_eq!(ran.code, 1, "{}{}", ran.out, ran.err);
            assert!(ran.err.starts_with(error), "{}", ran.err);
            assert_hidden(&ran, &secrets, &format!("manage {args:?} with a bad .env"));
        }
        let ran = run(DEMO, &dir.0, None, &[]);
        assert_eq!(ran.code, 1, "{}{}", ran.out, ran.err);
        assert_hidden(&ran, &secrets, "the demo with a bad .env");
    }
    assert!(!dir.0.join("db.sqlite3").exists(), "nothing was created");
}

/// `DATABASE_URL=sqlite://` names no file: `migrate` refuses it rather
/// than migrate a temporary database and report success.
#[test]
fn manage_migrate_refuses_an_empty_sqlite_path() {
    let dir = WorkDir::new();
    for url in ["sqlite://", "sqlite:", "sqlite:   "] {
        let ran = run(MANAGE, &dir.0, Some(url), &["migrate"]);
        assert_eq!(ran.code, 1, "{url}: {}{}", ran.out, ran.err);
        assert!(ran.err.contains("names no SQLite file"), "{url}: {}", ran.err);
    }
    std::fs::write(dir.0.join(".env"), "DATABASE_URL=sqlite://\n").unwrap();
    let ran = run(MANAGE, &dir.0, None, &["migrate"]);
    assert_eq!(ran.code, 1, "{}{}", ran.out, ran.err);
    let left: Vec<_> = std::fs::read_dir(&dir.0)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, [".env"], "no database file was made");
}

/// A `DATABASE_URL` that is not UTF-8 is refused, not replaced by the
/// default database; another variable that is not UTF-8 is ignored, not a
/// panic.
#[test]
fn manage_refuses_a_database_url_that_is_not_utf8() {
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;

    let dir = WorkDir::new();
    let output = Command::new(MANAGE)
        .arg("migrate")
        .current_dir(&dir.0)
        .env(
            "DATABASE_URL",
            OsString::from_vec(b"postgres://app:\xffSECRET@db/app".to_vec()),
        )
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert_eq!(err, "error: the environment variable DATABASE_URL is not UTF-8\n");
    assert!(
        !dir.0.join("db.sqlite3").exists(),
        "the default database was not used"
    );

    // Another variable that is not UTF-8 is none of manage's business.
    let output = Command::new(MANAGE)
        .arg("migrate")
        .current_dir(&dir.0)
        .env("DATABASE_URL", dir.sqlite_url())
        .env("MODEL_UNRELATED", OsString::from_vec(b"\xff".to_vec()))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{err}");
}

/// Arguments no command expects (a prefix every migration shares,
/// unicode, an empty name, a huge one, bytes that are not UTF-8) end in a
/// usage error or an error naming the argument, never a panic.
#[test]
fn manage_refuses_odd_arguments_without_panicking() {
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;

    let dir = WorkDir::new();
    let url = dir.sqlite_url();
    manage(&dir.0, Some(&url), &["migrate"]);
    let huge = "0".repeat(100_000);
    let cases: Vec<(Vec<&str>, i32, &str)> = vec![
        (vec!["migrate", "littlelemon", "0"], 1, "more than one migration"),
        (vec!["migrate", "littlelemon", ""], 1, "more than one migration"),
        (vec!["migrate", "littlelemon", "é✓"], 1, "no migration named `é✓`"),
        (vec!["migrate", "littlelemon", &huge], 1, "no migration named"),
        (vec!["migrate", "✓"], 1, "app `✓` is not in installed apps"),
        (vec!["migrate", "--database", "x"], 2, "--database"),
        (
            vec!["sqlmigrate", "littlelemon", ""],
            1,
            "more than one migration",
        ),
        (
            vec!["sqlmigrate", "", "0001"],
            1,
            "app `` is not in installed apps",
        ),
        (
            vec!["showmigrations", "littlelemon", "✓"],
            1,
            "app `✓` is not in installed apps",
        ),
        (
            vec!["makemigrations", "littlelemon", "--empty", "--name", "../x"],
            1,
            "--name `../x`",
        ),
        (
            vec!["squashmigrations", "littlelemon", "0003", "0001"],
            1,
            "littlelemon",
        ),
        (vec!["squashmigrations", "littlelemon", "9999"], 1, "9999"),
    ];
    for (args, code, error) in cases {
        let ran = run(MANAGE, &dir.0, Some(&url), &args);
        let shown: Vec<&str> = args
            .iter()
            .map(|a| if a.len() > 20 { "(long)" } else { a })
            .collect();
        assert_eq!(ran.code, code, "manage {shown:?}: {}", ran.err);
        assert!(ran.err.contains(error), "manage {shown:?}: {}", ran.err);
        assert!(!ran.err.contains("panicked"), "manage {shown:?}: {}", ran.err);
    }
    let output = Command::new(MANAGE)
        .args([OsString::from("migrate"), OsString::from_vec(vec![b'a', 0xff])])
        .current_dir(&dir.0)
        .env("DATABASE_URL", &url)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
}

/// A PostgreSQL database made for one test and dropped after it, on the
/// server the workspace's tests use.
#[cfg(feature = "postgres")]
mod postgres {
    use model_runtime::diesel::connection::SimpleConnection;

    const SERVER_ENV: &str = "MODEL_TEST_POSTGRES_URL";
    const SERVER_DEFAULT: &str = "postgres://postgres@127.0.0.1:5432/postgres";

    pub struct FreshDatabase {
        name: String,
        url: String,
    }

    impl FreshDatabase {
        /// Panics when the server cannot be reached: a test that needs it
        /// fails rather than passes without it.
        pub fn new() -> FreshDatabase {
            let name = format!("littlelemon_manage_{}", std::process::id());
            let mut admin = admin();
            // Left over by an interrupted run of the same process id, perhaps.
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            admin
                .batch_execute(&format!("CREATE DATABASE {name}"))
                .unwrap_or_else(|e| panic!("cannot create database {name}: {e}"));
            let server = server();
            let (server, query) = server.split_once('?').unwrap_or((&server, ""));
            let (base, _) = server.rsplit_once('/').expect("a server URL with a database");
            let url = match query {
                "" => format!("{base}/{name}"),
                query => format!("{base}/{name}?{query}"),
            };
            FreshDatabase { name, url }
        }

        pub fn url(&self) -> &str {
            &self.url
        }
    }

    impl Drop for FreshDatabase {
        fn drop(&mut self) {
            let _ = admin().batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
        }
    }

    fn server() -> String {
        std::env::var(SERVER_ENV).unwrap_or_else(|_| SERVER_DEFAULT.to_owned())
    }

    fn admin() -> model_runtime::Connection {
        let url = server();
        model_runtime::connect(&url).unwrap_or_else(|e| {
            panic!("PostgreSQL is not reachable at {url} ({e}); start it, or point {SERVER_ENV} at a server")
        })
    }
}

#[path = "manage/admin_in_a_browser.rs"]
mod admin_in_a_browser;

#[path = "manage/shell.rs"]
mod shell;

#[path = "manage/fixtures.rs"]
mod fixtures;

#[path = "manage/django_fixture.rs"]
mod django_fixture;

/// The built-in apps' first hour, with the real binaries: `migrate`,
/// `createsuperuser` (with `--noinput`, and at a terminal), and a program
/// that logs the user in through the library API, checks a permission and
/// logs out; on each backend.
mod built_in_apps {
    use std::io::Write;
    use std::process::Stdio;

    use model_tests::TestDb;

    use super::*;

    const LOGIN: &str = env!("CARGO_BIN_EXE_login");
    pub(super) const PASSWORD: &str = "lemon-meringue-42";

    /// Runs `binary` with `env` set and `stdin` written to its input.
    pub(super) fn run_with(
        binary: &str,
        dir: &Path,
        url: &str,
        args: &[&str],
        env: &[(&str, &str)],
        stdin: &str,
    ) -> Ran {
        let mut command = Command::new(binary);
        command
            .args(args)
            .current_dir(dir)
            .env("DATABASE_URL", url)
            .env_remove("MODEL_EMBEDDED_MIGRATIONS")
            .env_remove("MODEL_SUPERUSER_PASSWORD")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {binary}: {e}"));
        child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
        let output = child.wait_with_output().unwrap();
        Ran {
            code: output.status.code().expect("exited"),
            out: String::from_utf8(output.stdout).unwrap(),
            err: String::from_utf8(output.stderr).unwrap(),
        }
    }

    fn first_hour(db: &TestDb) {
        let dir = WorkDir::new();
        let url = db.url();
        let migrated = run_with(MANAGE, &dir.0, url, &["migrate"], &[], "");
        assert_eq!(migrated.code, 0, "{}{}", migrated.out, migrated.err);
        assert!(migrated
            .out
            .contains("  Applying auth.0001_initial... OK\n  Applying admin.0001_initial... OK\n  Applying sessions.0001_initial... OK\n"));

        let args = [
            "createsuperuser",
            "--noinput",
            "--username",
            "ada",
            "--email",
            "ada@example.com",
        ];
        let refused = run_with(MANAGE, &dir.0, url, &args, &[], "");
        assert_eq!(refused.code, 1);
        assert_eq!(
            refused.err,
            "error: --noinput needs the password in MODEL_SUPERUSER_PASSWORD\n"
        );
        let weak = run_with(
            MANAGE,
            &dir.0,
            url,
            &args,
            &[("MODEL_SUPERUSER_PASSWORD", "12345678")],
            "",
        );
        assert_eq!(weak.code, 1);
        assert!(weak.err.contains("This password is too common."), "{}", weak.err);
        assert!(
            !weak.err.contains("12345678"),
            "the password is never shown: {}",
            weak.err
        );

        let created = run_with(
            MANAGE,
            &dir.0,
            url,
            &args,
            &[("MODEL_SUPERUSER_PASSWORD", PASSWORD)],
            "",
        );
        assert_eq!(
            (created.code, created.out.as_str()),
            (0, "Superuser created successfully.\n"),
            "{}",
            created.err
        );

        let login = run_with(LOGIN, &dir.0, url, &["ada"], &[], &format!("{PASSWORD}\n"));
        assert_eq!(login.code, 0, "{}{}", login.out, login.err);
        assert_eq!(
            login.out,
            "Logged in as ada: may change menus: yes. Logged out.\n"
        );
        assert!(!login.err.contains(PASSWORD));
        let wrong = run_with(LOGIN, &dir.0, url, &["ada"], &[], "not-the-password\n");
        assert_eq!(
            (wrong.code, wrong.err.as_str()),
            (1, "Password: \nerror: wrong username or password\n")
        );

        let mut conn = model_runtime::connect(url).unwrap();
        assert_eq!(
            model_auth::Session::count(&mut conn).unwrap(),
            0,
            "logged out: no session left"
        );
    }

    #[cfg(feature = "sqlite")]
    #[test]
    fn migrate_createsuperuser_and_a_login_work_on_sqlite() {
        first_hour(&TestDb::new(model_runtime::Backend::Sqlite));
    }

    #[cfg(feature = "postgres")]
    #[test]
    fn migrate_createsuperuser_and_a_login_work_on_postgres() {
        first_hour(&TestDb::new(model_runtime::Backend::Postgres));
    }

    #[cfg(feature = "mysql")]
    #[test]
    fn migrate_createsuperuser_and_a_login_work_on_mariadb() {
        first_hour(&TestDb::new(model_runtime::Backend::Mysql));
    }

    /// `createsuperuser` at a real terminal (a pseudo-terminal): the
    /// questions, a mismatch, a refused password and the bypass question,
    /// with the password never echoed.
    #[cfg(feature = "sqlite")]
    #[test]
    fn createsuperuser_asks_at_a_terminal_as_django_does() {
        let db = TestDb::new(model_runtime::Backend::Sqlite);
        let dir = WorkDir::new();
        let migrated = run_with(MANAGE, &dir.0, db.url(), &["migrate"], &[], "");
        assert_eq!(migrated.code, 0, "{}", migrated.err);

        let mut command = Command::new(MANAGE);
        command
            .arg("createsuperuser")
            .current_dir(&dir.0)
            .env("DATABASE_URL", db.url())
            .env("USER", "grace");
        let mut terminal = rexpect::session::spawn_command(command, Some(30_000)).unwrap();
        terminal
            .exp_string("Username (leave blank to use 'grace'): ")
            .unwrap();
        terminal.send_line("").unwrap();
        terminal.exp_string("Email address: ").unwrap();
        terminal.send_line("not an address").unwrap();
        terminal
            .exp_string("Error: Enter a valid email address.")
            .unwrap();
        terminal.exp_string("Email address: ").unwrap();
        terminal.send_line("grace@example.com").unwrap();
        terminal.exp_string("Password: ").unwrap();
        terminal.send_line("first-try-pw").unwrap();
        terminal.exp_string("Password (again): ").unwrap();
        terminal.send_line("second-try-pw").unwrap();
        terminal
            .exp_string("Error: Your passwords didn't match.")
            .unwrap();
        terminal.exp_string("Password: ").unwrap();
        terminal.send_line("grace123").unwrap();
        terminal.exp_string("Password (again): ").unwrap();
        terminal.send_line("grace123").unwrap();
        let before = terminal
            .exp_string("Bypass password validation and create user anyway? [y/N]: ")
            .unwrap();
        assert!(
            before.contains("The password is too similar to the username."),
            "{before}"
        );
        terminal.send_line("N").unwrap();
        terminal.exp_string("Password: ").unwrap();
        terminal.send_line(PASSWORD).unwrap();
        terminal.exp_string("Password (again): ").unwrap();
        terminal.send_line(PASSWORD).unwrap();
        let rest = terminal.exp_string("Superuser created successfully.").unwrap();
        let tail = terminal.exp_eof().unwrap();
        for shown in [before.as_str(), rest.as_str(), tail.as_str()] {
            assert!(
                !shown.contains(PASSWORD) && !shown.contains("grace123"),
                "echoed: {shown}"
            );
        }

        let mut conn = model_runtime::connect(db.url()).unwrap();
        let grace = model_auth::User::objects()
            .filter(model_auth::user::username.eq("grace"))
            .get(&mut conn)
            .unwrap();
        assert!(grace.is_superuser && grace.is_staff && grace.check_password(PASSWORD));
        assert_eq!(grace.email, "grace@example.com");
    }
}
