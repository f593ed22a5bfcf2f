//! Two real `manage migrate` processes started at once on one empty
//! database, twenty times on each backend: each run leaves exactly one
//! history row per migration and the full schema, and both processes exit
//! 0. On PostgreSQL, a `migrate` killed with SIGKILL in the middle of a
//! migration leaves no advisory lock held, and the next `migrate` succeeds.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use model_migrations::introspect;
use model_migrations::MigrationGraph;
use model_runtime::diesel::{self, QueryableByName, RunQueryDsl};
use model_runtime::{Backend, Connection, Settings};
use model_tests::TestDb;

// The built-in apps, whose migrations `shipped` reads.
use model_admin as _;
use model_auth as _;

const MANAGE: &str = env!("CARGO_BIN_EXE_manage");
const RUNS: usize = 20;

/// A working directory of its own (no `.env`), removed afterwards.
struct WorkDir(PathBuf);

impl WorkDir {
    fn new() -> WorkDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "littlelemon-concurrent-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        WorkDir(dir)
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Starts `manage migrate` on `url`, its migrations from `migrations` when
/// given (through `MODEL_MIGRATIONS_DIR_LITTLELEMON`), else the shipped ones.
fn spawn_migrate(dir: &Path, url: &str, migrations: Option<&Path>) -> Child {
    let mut command = Command::new(MANAGE);
    command
        .arg("migrate")
        .current_dir(dir)
        .env_remove("MODEL_EMBEDDED_MIGRATIONS")
        .env_remove("MODEL_MIGRATIONS_DIR_LITTLELEMON")
        .env("DATABASE_URL", url)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(folder) = migrations {
        command.env("MODEL_MIGRATIONS_DIR_LITTLELEMON", folder);
    }
    command
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {MANAGE}: {e}"))
}

fn text(output: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}--- stderr\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The shipped migrations, read from the files: the built-in apps' and
/// Little Lemon's.
fn shipped() -> MigrationGraph {
    let settings = Settings::new()
        .installed_apps(["admin", "auth", "sessions", "littlelemon"])
        .migrations_dir(
            "littlelemon",
            Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations"),
        );
    model_migrations::load_migrations(&settings).unwrap()
}

#[derive(QueryableByName)]
struct Recorded {
    #[diesel(sql_type = diesel::sql_types::Text)]
    app: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

/// The history's migrations, `app.name`, one per row, sorted.
fn recorded(conn: &mut Connection) -> Vec<String> {
    let rows: Vec<Recorded> = diesel::sql_query("SELECT app, name FROM model_migrations")
        .load(conn)
        .unwrap();
    let mut keys: Vec<String> = rows
        .into_iter()
        .map(|r| format!("{}.{}", r.app, r.name))
        .collect();
    keys.sort();
    keys
}

/// Whether every table `graph` leads to is there, with all its columns.
fn assert_full_schema(conn: &mut Connection, graph: &MigrationGraph) {
    for model in graph.final_state().unwrap().models() {
        let info = introspect::table(conn, &model.table)
            .unwrap()
            .unwrap_or_else(|| panic!("no table {}", model.table));
        for column in model.columns.iter() {
            assert!(
                info.column(&column.name).is_some(),
                "{} has no column {}",
                model.table,
                column.name
            );
        }
    }
}

/// Twenty databases, each migrated by two processes at once.
fn two_processes_migrate_at_once(backend: Backend) {
    let graph = shipped();
    let mut names: Vec<String> = graph.ordered().iter().map(|m| m.key().to_string()).collect();
    names.sort();
    let dir = WorkDir::new();
    let started = Instant::now();
    for run in 1..=RUNS {
        let db = TestDb::new(backend);
        let children = [
            spawn_migrate(&dir.0, db.url(), None),
            spawn_migrate(&dir.0, db.url(), None),
        ];
        let outputs = children.map(|child| child.wait_with_output().unwrap());
        let both = format!("{}\n{}", text(&outputs[0]), text(&outputs[1]));
        for output in &outputs {
            assert!(output.status.success(), "run {run} on {backend}:\n{both}");
            assert!(output.stderr.is_empty(), "run {run} on {backend}:\n{both}");
        }
        for name in &names {
            let applied = both.matches(&format!("  Applying {name}... OK\n")).count();
            assert_eq!(applied, 1, "run {run} on {backend}: {name} applied once\n{both}");
        }
        let mut conn = db.connect();
        assert_eq!(recorded(&mut conn), names, "run {run} on {backend}: one row each");
        assert_full_schema(&mut conn, &graph);
    }
    eprintln!(
        "{backend}: {RUNS} runs of two concurrent migrate processes in {:.1?}",
        started.elapsed()
    );
}

#[cfg(feature = "sqlite")]
#[test]
fn two_migrate_processes_at_once_apply_each_migration_once_on_sqlite() {
    two_processes_migrate_at_once(Backend::Sqlite);
}

#[cfg(feature = "postgres")]
#[test]
fn two_migrate_processes_at_once_apply_each_migration_once_on_postgres() {
    two_processes_migrate_at_once(Backend::Postgres);
}

#[cfg(feature = "mysql")]
#[test]
fn two_migrate_processes_at_once_apply_each_migration_once_on_mariadb() {
    two_processes_migrate_at_once(Backend::Mysql);
}

/// A `migrate` killed with SIGKILL while PostgreSQL runs its migration.
#[cfg(feature = "postgres")]
mod killed {
    use std::time::Duration;

    use super::*;

    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        count: i64,
    }

    fn count(conn: &mut Connection, sql: &str) -> i64 {
        let rows: Vec<Count> = diesel::sql_query(sql).load(conn).unwrap();
        rows[0].count
    }

    /// Polls `done` every 50 ms for up to `limit`; how long it took.
    fn wait_for(limit: Duration, mut done: impl FnMut() -> bool) -> Option<Duration> {
        let start = Instant::now();
        while start.elapsed() < limit {
            if done() {
                return Some(start.elapsed());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }

    #[test]
    fn a_migrate_killed_mid_migration_on_postgres_leaves_no_lock_and_the_next_one_succeeds() {
        const ADVISORY_LOCKS: &str = "SELECT count(*) AS count FROM pg_locks WHERE locktype = 'advisory' \
                                      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";
        const SLEEPING: &str = "SELECT count(*) AS count FROM pg_stat_activity \
                                WHERE datname = current_database() AND query LIKE '%pg_sleep(3)%' \
                                AND pid <> pg_backend_pid()";
        let db = TestDb::new(Backend::Postgres);
        let dir = WorkDir::new();
        // The shipped migrations, then one that creates a table and sleeps.
        let folder = dir.0.join("migrations");
        std::fs::create_dir_all(&folder).unwrap();
        let shipped_folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        for entry in std::fs::read_dir(&shipped_folder).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, folder.join(path.file_name().unwrap())).unwrap();
        }
        let last = shipped().leaves("littlelemon")[0].clone();
        std::fs::write(
            folder.join("0099_slow.toml"),
            format!(
                "app = \"littlelemon\"\ndependencies = [\"{last}\"]\n\n[[operations]]\nop = \"RunSql\"\n\
                 sql = \"CREATE TABLE littlelemon_slow (id integer); SELECT pg_sleep(3)\"\n\
                 reverse_sql = \"DROP TABLE littlelemon_slow\"\n"
            ),
        )
        .unwrap();

        let mut watcher = db.connect();
        let mut child = spawn_migrate(&dir.0, db.url(), Some(&folder));
        let sleeping = wait_for(Duration::from_secs(60), || {
            count(&mut watcher, SLEEPING) == 1 && count(&mut watcher, ADVISORY_LOCKS) == 1
        });
        assert!(sleeping.is_some(), "the migration never reached its sleep");
        child.kill().unwrap();
        child.wait().unwrap();

        // PostgreSQL ends the session once it notices the client is gone (when
        // the sleeping statement ends, at the latest), rolling the migration
        // back and freeing the lock.
        let freed = wait_for(Duration::from_secs(60), || {
            count(&mut watcher, ADVISORY_LOCKS) == 0
        });
        assert!(freed.is_some(), "the advisory lock is still held after the kill");
        eprintln!(
            "postgres: the killed migrate's lock was freed {:.1?} after the kill",
            freed.unwrap()
        );
        let mut before: Vec<String> = shipped().ordered().iter().map(|m| m.key().to_string()).collect();
        before.sort();
        assert_eq!(
            recorded(&mut watcher),
            before,
            "the killed migration is not recorded"
        );
        assert!(introspect::table(&mut watcher, "littlelemon_slow")
            .unwrap()
            .is_none());

        let output = spawn_migrate(&dir.0, db.url(), Some(&folder))
            .wait_with_output()
            .unwrap();
        assert!(output.status.success(), "{}", text(&output));
        let out = String::from_utf8_lossy(&output.stdout);
        assert!(out.contains("  Applying littlelemon.0099_slow... OK\n"), "{out}");
        let mut after = before.clone();
        after.push("littlelemon.0099_slow".into());
        after.sort();
        assert_eq!(recorded(&mut watcher), after);
        assert!(introspect::table(&mut watcher, "littlelemon_slow")
            .unwrap()
            .is_some());
        assert_eq!(
            count(&mut watcher, ADVISORY_LOCKS),
            0,
            "released at the end of the run"
        );
    }
}
