//! MariaDB commits schema changes statement by statement, so a migration
//! failing at its second statement leaves its first applied. The history
//! records it as partly applied; the next `migrate` refuses before running
//! any SQL, naming it, what ran, and the two ways out, both of which work:
//! complete it by hand then `migrate --fake shelf 0002_broken`, or undo
//! what ran by hand then `migrate --fake shelf 0001_initial`. The same for
//! an undo that stops half way.
//!
//! A `manage migrate` killed part-way (`kill -9`) leaves its progress in
//! the history, written before each statement: the next `migrate` refuses
//! the same way, naming the statement that was running, and both ways out
//! work; the server frees the migration lock with the dead session.

#![cfg(feature = "mysql")]

use crate::history_support;
use crate::migrate_support;

use history_support::{history, key, Project, INITIAL};
use migrate_support::schema;
use model_manage::CommandError;
use model_migrations::history::{HistoryProblem, PartialApplication};
use model_migrations::introspect;
use model_migrations::MigrationError;
use model_migrations::{Executor, MigrateOptions, Target};
use std::process::{Child, Command, ExitCode, Output, Stdio};
use std::time::{Duration, Instant};

use model_manage::Settings;
use model_runtime::diesel::connection::SimpleConnection;
use model_runtime::diesel::prelude::*;
use model_runtime::{Backend, Connection};
use model_tests::statements::StatementLog;
use model_tests::TestDb;

/// Adds `isbn`, then fails on a typo in its second statement before it
/// could add `pages` and `year`.
const BROKEN: &str = r#"app = "shelf"
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

[[operations]]
op = "RunSql"
sql = "ALTER TABLE shelf_book ADD COLUMN pages integr"
reverse_sql = "ALTER TABLE shelf_book DROP COLUMN pages"

[[operations]]
op = "AddField"
model = "Book"

[operations.field]
field = "year"
column = "year"
type = "Integer"
nullable = true
"#;

const WAYS_OUT: &str =
    "Nothing runs until it is resolved, one of two ways: complete it by hand, then record \
                        it as applied with `manage migrate --fake shelf 0002_broken`; or undo by hand what \
                        ran, then clear its record with `manage migrate --fake shelf 0001_initial`.";

/// The book's columns, sorted.
fn columns(conn: &mut Connection) -> Vec<String> {
    let mut names: Vec<String> = introspect::table(conn, "shelf_book")
        .unwrap()
        .unwrap()
        .columns
        .into_iter()
        .map(|c| c.name)
        .collect();
    names.sort();
    names
}

/// A fresh database where `0002_broken` failed at its second statement.
fn failed_at_the_second_statement(db: &TestDb) -> Project {
    let project = Project::new(db, &[("0001_initial", INITIAL), ("0002_broken", BROKEN)]);
    let (result, out) = project.try_migrate(&[]);
    assert!(
        out.ends_with("  Applying shelf.0001_initial... OK\n  Applying shelf.0002_broken... FAILED\n"),
        "{out}"
    );
    let Err(CommandError::Migration(MigrationError::Failed { migration, message })) = result else {
        panic!("expected the migration to fail: {result:?}");
    };
    assert_eq!(migration, "shelf.0002_broken");
    assert!(message.starts_with("`Raw SQL operation` failed: "), "{message}");
    assert!(
        message.ends_with(&format!(
            "MySQL cannot roll schema changes back: 1 of its 3 operations ran (`Add field isbn to book`), \
             and the migration is recorded as partly applied. {WAYS_OUT}"
        )),
        "{message}"
    );
    project
}

/// Every form of `migrate` but the two ways out, and the library's own
/// run, refuse with `expected` and write nothing.
fn refused_without_sql(project: &Project, conn: &mut Connection, expected: &[HistoryProblem]) {
    for words in [
        &[][..],
        &["--plan"],
        &["--fake"],
        &["shelf"],
        &["shelf", "0001"],
        &["shelf", "zero", "--plan"],
        &["shelf", "0002", "--fake-initial"],
    ] {
        match project.try_migrate(words) {
            (Err(CommandError::Migration(MigrationError::History(problems))), out) => {
                assert_eq!(problems, expected, "migrate {words:?}");
                assert_eq!(out, "");
            }
            (other, out) => panic!("migrate {words:?} was not refused: {other:?}\n{out}"),
        }
    }
    let graph = model_migrations::load_migrations(&project.settings).unwrap();
    let log = StatementLog::install(conn);
    let mut executor = Executor::new(conn, &graph).unwrap();
    let error = executor
        .migrate(&Target::Latest, &MigrateOptions::default())
        .unwrap_err();
    assert!(
        matches!(&error, MigrationError::History(p) if p == expected),
        "{error}"
    );
    drop(executor);
    assert_eq!(log.writes(), Vec::<String>::new());
}

#[test]
fn a_migration_failing_at_its_second_statement_is_refused_until_completed_by_hand() {
    let db = TestDb::new(Backend::Mysql);
    let project = failed_at_the_second_statement(&db);
    let mut conn = db.connect();
    assert_eq!(columns(&mut conn), ["id", "isbn", "title"]);

    let rows = history(&mut conn);
    assert_eq!(rows.len(), 2);
    let partial = PartialApplication {
        backwards: false,
        operations_done: 1,
        done: vec!["Add field isbn to book".into()],
        interrupted: None,
    };
    assert_eq!(rows[1].key, key("0002_broken"));
    assert_eq!(rows[1].partial, Some(partial.clone()));
    assert_eq!(
        project.try_showmigrations().unwrap(),
        "shelf\n [X] 0001_initial\n [~] 0002_broken\n"
    );

    let expected = HistoryProblem::Partial {
        migration: key("0002_broken"),
        partial,
        operations: 3,
        undo_target: "0001_initial".into(),
    };
    assert_eq!(
        expected.to_string(),
        format!(
            "migration shelf.0002_broken was partly applied: MySQL cannot roll schema changes back, and 1 \
             of its 3 operations ran (`Add field isbn to book`). {WAYS_OUT}"
        )
    );
    let (schema_before, history_before) = (schema(&mut conn), history(&mut conn));
    refused_without_sql(&project, &mut conn, std::slice::from_ref(&expected));
    assert_eq!(schema(&mut conn), schema_before);
    assert_eq!(history(&mut conn), history_before);

    // The first way out: fix the file, complete the database by hand,
    // record the migration as applied.
    project.edit("0002_broken", "pages integr", "pages integer");
    conn.batch_execute(
        "ALTER TABLE shelf_book ADD COLUMN pages integer; ALTER TABLE shelf_book ADD COLUMN year integer NULL",
    )
    .unwrap();
    let out = project.migrate(&["shelf", "0002_broken", "--fake"]);
    assert!(out.ends_with("  Applying shelf.0002_broken... FAKED\n"), "{out}");
    let rows = history(&mut conn);
    assert!(rows[1].is_complete());
    assert_eq!(
        rows[1].checksum,
        Some(project.migration("0002_broken").checksum())
    );
    assert_eq!(
        project.try_showmigrations().unwrap(),
        "shelf\n [X] 0001_initial\n [X] 0002_broken\n"
    );
    assert!(project.migrate(&[]).contains("  No migrations to apply.\n"));
    assert_eq!(columns(&mut conn), ["id", "isbn", "pages", "title", "year"]);
}

#[test]
fn a_migration_failing_at_its_second_statement_is_refused_until_undone_by_hand() {
    let db = TestDb::new(Backend::Mysql);
    let project = failed_at_the_second_statement(&db);
    let mut conn = db.connect();

    // The second way out: undo what ran, clear the record, fix the file,
    // migrate again.
    conn.batch_execute("ALTER TABLE shelf_book DROP COLUMN isbn")
        .unwrap();
    let out = project.migrate(&["shelf", "0001", "--fake"]);
    assert!(
        out.ends_with("  Unapplying shelf.0002_broken... FAKED\n"),
        "{out}"
    );
    let names: Vec<String> = history(&mut conn).into_iter().map(|row| row.key.name).collect();
    assert_eq!(names, ["0001_initial"]);
    assert_eq!(
        project.try_showmigrations().unwrap(),
        "shelf\n [X] 0001_initial\n [ ] 0002_broken\n"
    );

    project.edit("0002_broken", "pages integr", "pages integer");
    let out = project.migrate(&[]);
    assert!(out.contains("  Applying shelf.0002_broken... OK\n"), "{out}");
    assert_eq!(columns(&mut conn), ["id", "isbn", "pages", "title", "year"]);
    assert!(history(&mut conn).iter().all(|row| row.is_complete()));
}

#[test]
fn an_undo_failing_half_way_is_recorded_and_refused_until_finished_by_hand() {
    let db = TestDb::new(Backend::Mysql);
    let reversal = BROKEN
        .replace("pages integr", "pages integer")
        .replace("DROP COLUMN pages", "DROP COLUMN pagez");
    let project = Project::new(&db, &[("0001_initial", INITIAL), ("0002_broken", &reversal)]);
    project.migrate(&[]);
    let mut conn = db.connect();

    let (result, out) = project.try_migrate(&["shelf", "0001"]);
    assert!(
        out.ends_with("  Unapplying shelf.0002_broken... FAILED\n"),
        "{out}"
    );
    let message = result.unwrap_err().to_string();
    assert!(
        message.contains(
            "1 of its 3 operations were undone (`Remove field year from book`), and the migration is \
             recorded as partly unapplied. Nothing runs until it is resolved, one of two ways: finish \
             undoing it by hand, then clear its record with `manage migrate --fake shelf 0001_initial`; \
             or redo by hand what was undone, then record it as applied with `manage migrate --fake shelf \
             0002_broken`."
        ),
        "{message}"
    );
    assert_eq!(columns(&mut conn), ["id", "isbn", "pages", "title"]);
    assert_eq!(
        project.try_showmigrations().unwrap(),
        "shelf\n [X] 0001_initial\n [~] 0002_broken\n"
    );
    let (result, _) = project.try_migrate(&[]);
    assert!(result
        .unwrap_err()
        .to_string()
        .starts_with("migration shelf.0002_broken was partly unapplied"),);

    conn.batch_execute("ALTER TABLE shelf_book DROP COLUMN pages; ALTER TABLE shelf_book DROP COLUMN isbn")
        .unwrap();
    let out = project.migrate(&["shelf", "0001_initial", "--fake"]);
    assert!(
        out.ends_with("  Unapplying shelf.0002_broken... FAKED\n"),
        "{out}"
    );
    assert_eq!(
        project.try_showmigrations().unwrap(),
        "shelf\n [X] 0001_initial\n [ ] 0002_broken\n"
    );
    assert_eq!(columns(&mut conn), ["id", "title"]);
}

/// Adds `isbn`, waits for the user lock `THE_LOCK` (which the test holds, so
/// that the migration blocks there), then adds `year`.
const BLOCKED: &str = r#"app = "shelf"
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

[[operations]]
op = "RunSql"
sql = "DO GET_LOCK('THE_LOCK', 120)"
reverse_sql = "DO GET_LOCK('THE_LOCK', 120)"

[[operations]]
op = "AddField"
model = "Book"

[operations.field]
field = "year"
column = "year"
type = "Integer"
nullable = true
"#;

const CHILD_DIR: &str = "MYSQL_PARTIAL_CHILD_DIR";
const CHILD_URL: &str = "MYSQL_PARTIAL_CHILD_URL";
const CHILD_WORDS: &str = "MYSQL_PARTIAL_CHILD_WORDS";
const OUT_START: &str = "<manage>\n";
const OUT_END: &str = "</manage>\n";

/// What the child's `manage` printed on its standard output.
fn stdout_of(output: &Output) -> String {
    let all = String::from_utf8_lossy(&output.stdout);
    let start = all.find(OUT_START).map_or(0, |i| i + OUT_START.len());
    let end = all.rfind(OUT_END).unwrap_or(all.len()).max(start);
    all[start..end].to_owned()
}

/// Not a test: the `manage` process the kill tests start, and kill. It
/// runs `manage` with the words of `MYSQL_PARTIAL_CHILD_WORDS` on the
/// `shelf` migrations of `MYSQL_PARTIAL_CHILD_DIR` and the database of
/// `MYSQL_PARTIAL_CHILD_URL`, and exits with its code.
#[test]
#[ignore = "the process the kill tests start"]
fn manage_child() {
    let (Ok(dir), Ok(url), Ok(words)) = (
        std::env::var(CHILD_DIR),
        std::env::var(CHILD_URL),
        std::env::var(CHILD_WORDS),
    ) else {
        return;
    };
    let settings = Settings::new()
        .installed_apps([history_support::APP])
        .migrations_dir(history_support::APP, dir)
        .database_url(url);
    let args = std::iter::once("manage").chain(words.split(' '));
    // What manage prints goes between markers, apart from the test
    // harness's own lines.
    print!("\n{OUT_START}");
    let code = model_manage::run_from(
        args,
        settings,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    print!("{OUT_END}");
    std::process::exit(i32::from(code != ExitCode::SUCCESS));
}

/// `manage <words>` on `project`, as a process of its own.
fn manage(db: &TestDb, project: &Project, words: &str) -> Command {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args([
            "--exact",
            "mysql_partial::manage_child",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_DIR, &project.dir)
        .env(CHILD_URL, db.url())
        .env(CHILD_WORDS, words)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// `manage <words>` run to its end, within a minute: the lock a killed
/// `migrate` held is not waited for.
fn manage_output(db: &TestDb, project: &Project, words: &str) -> Output {
    let started = Instant::now();
    let output = manage(db, project, words).output().unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "manage {words} took {:?}",
        started.elapsed()
    );
    output
}

/// The user lock the blocking statement waits for, one per database.
fn lock_name(db: &TestDb) -> String {
    let name = db.url().rsplit('/').next().unwrap();
    format!("blocked_{name}")
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = model_runtime::diesel::sql_types::BigInt)]
    n: i64,
}

fn count(conn: &mut Connection, sql: &str) -> i64 {
    model_runtime::diesel::sql_query(sql)
        .get_result::<Count>(conn)
        .unwrap()
        .n
}

/// Waits until `column` of the book table exists (or, with `exists`
/// false, is gone) and a session waits for the user lock `lock` in the
/// migration's `DO GET_LOCK`.
fn wait_until_blocked(conn: &mut Connection, column: &str, exists: bool, lock: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let columns = count(
            conn,
            &format!(
                "SELECT COUNT(*) AS n FROM information_schema.columns WHERE table_schema = DATABASE() \
                 AND table_name = 'shelf_book' AND column_name = '{column}'"
            ),
        );
        let waiting = count(
            conn,
            &format!(
                "SELECT COUNT(*) AS n FROM information_schema.processlist \
                 WHERE info LIKE 'DO GET_LOCK(''{lock}''%'"
            ),
        );
        if (columns == 1) == exists && waiting == 1 {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the migration never reached its blocking statement"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `manage <words>` started while the test holds `lock`, killed (`kill
/// -9`) once it blocks on it after `column` was added or dropped; the
/// lock is released once the process is dead.
fn killed_while_blocked(db: &TestDb, project: &Project, words: &str, column: &str, exists: bool) {
    let lock = lock_name(db);
    let mut holder = db.connect();
    holder
        .batch_execute(&format!("DO GET_LOCK('{lock}', 0)"))
        .unwrap();
    let mut child: Child = manage(db, project, words).spawn().unwrap();
    wait_until_blocked(&mut holder, column, exists, &lock);
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success());
    holder
        .batch_execute(&format!("DO RELEASE_LOCK('{lock}')"))
        .unwrap();
}

/// A project whose `0002_blocked` waits on this test's lock.
fn blocked_project(db: &TestDb) -> Project {
    let blocked = BLOCKED.replace("THE_LOCK", &lock_name(db));
    Project::new(db, &[("0001_initial", INITIAL), ("0002_blocked", &blocked)])
}

/// The history problem of `0002_blocked` killed after its first operation,
/// and the text `migrate` refuses with.
fn killed_after_the_first_operation() -> (HistoryProblem, String) {
    let problem = HistoryProblem::Partial {
        migration: key("0002_blocked"),
        partial: PartialApplication {
            backwards: false,
            operations_done: 1,
            done: vec!["Add field isbn to book".into()],
            interrupted: Some("`Raw SQL operation`".into()),
        },
        operations: 3,
        undo_target: "0001_initial".into(),
    };
    let text = "migration shelf.0002_blocked was interrupted while being applied (its `migrate` was \
                killed or cut off part-way, unless it is still running): MySQL cannot roll schema \
                changes back, and 1 of its 3 operations ran (`Add field isbn to book`); then `Raw SQL \
                operation` was running, and may or may not have taken effect: look at the database to \
                tell. Nothing runs until it is resolved, one of two ways: complete it by hand, then \
                record it as applied with `manage migrate --fake shelf 0002_blocked`; or undo by hand \
                what ran, then clear its record with `manage migrate --fake shelf 0001_initial`.";
    (problem, text.to_owned())
}

/// Kills `migrate` while `0002_blocked` waits on its second operation, and
/// checks what the next `migrate` and `showmigrations` say.
fn killed_migrating(db: &TestDb) -> Project {
    let project = blocked_project(db);
    project.migrate(&["shelf", "0001_initial"]);
    killed_while_blocked(db, &project, "migrate", "isbn", true);

    let mut conn = db.connect();
    assert_eq!(columns(&mut conn), ["id", "isbn", "title"]);
    let (problem, text) = killed_after_the_first_operation();
    let HistoryProblem::Partial { partial, .. } = &problem else {
        unreachable!()
    };
    assert_eq!(history(&mut conn)[1].partial.as_ref(), Some(partial));

    // The next `migrate`, a process of its own, refuses at once, before
    // any SQL: the dead session's migration lock is free.
    let output = manage_output(db, &project, "migrate");
    assert!(!output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        format!("error: {text}\n")
    );
    let (schema_before, history_before) = (schema(&mut conn), history(&mut conn));
    refused_without_sql(&project, &mut conn, std::slice::from_ref(&problem));
    assert_eq!(schema(&mut conn), schema_before);
    assert_eq!(history(&mut conn), history_before);

    let output = manage_output(db, &project, "showmigrations");
    assert_eq!(
        stdout_of(&output),
        "shelf\n [X] 0001_initial\n [~] 0002_blocked\n"
    );
    project
}

#[test]
fn a_migrate_killed_part_way_is_refused_until_completed_by_hand() {
    let db = TestDb::new(Backend::Mysql);
    let project = killed_migrating(&db);
    let mut conn = db.connect();

    conn.batch_execute("ALTER TABLE shelf_book ADD COLUMN year integer NULL")
        .unwrap();
    let output = manage_output(&db, &project, "migrate --fake shelf 0002_blocked");
    assert!(output.status.success(), "{output:?}");
    assert!(stdout_of(&output).contains("  Applying shelf.0002_blocked... FAKED\n"));
    assert!(history(&mut conn).iter().all(|row| row.is_complete()));
    assert_eq!(
        project.try_showmigrations().unwrap(),
        "shelf\n [X] 0001_initial\n [X] 0002_blocked\n"
    );
    assert!(project.migrate(&[]).contains("  No migrations to apply.\n"));
    assert_eq!(columns(&mut conn), ["id", "isbn", "title", "year"]);
}

#[test]
fn a_migrate_killed_part_way_is_refused_until_undone_by_hand() {
    let db = TestDb::new(Backend::Mysql);
    let project = killed_migrating(&db);
    let mut conn = db.connect();

    conn.batch_execute("ALTER TABLE shelf_book DROP COLUMN isbn")
        .unwrap();
    let output = manage_output(&db, &project, "migrate --fake shelf 0001_initial");
    assert!(output.status.success(), "{output:?}");
    assert!(stdout_of(&output).contains("  Unapplying shelf.0002_blocked... FAKED\n"));
    assert_eq!(
        project.try_showmigrations().unwrap(),
        "shelf\n [X] 0001_initial\n [ ] 0002_blocked\n"
    );
    let out = project.migrate(&[]);
    assert!(out.contains("  Applying shelf.0002_blocked... OK\n"), "{out}");
    assert_eq!(columns(&mut conn), ["id", "isbn", "title", "year"]);
    assert!(history(&mut conn).iter().all(|row| row.is_complete()));
}

#[test]
fn a_migrate_killed_part_way_through_an_undo_is_refused_until_finished_by_hand() {
    let db = TestDb::new(Backend::Mysql);
    let project = blocked_project(&db);
    project.migrate(&[]);
    killed_while_blocked(&db, &project, "migrate shelf 0001_initial", "year", false);

    let mut conn = db.connect();
    assert_eq!(columns(&mut conn), ["id", "isbn", "title"]);
    let partial = PartialApplication {
        backwards: true,
        operations_done: 1,
        done: vec!["Remove field year from book".into()],
        interrupted: Some("`Raw SQL operation`".into()),
    };
    assert_eq!(history(&mut conn)[1].partial, Some(partial));
    let output = manage_output(&db, &project, "migrate");
    let refusal = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        refusal.starts_with(
            "error: migration shelf.0002_blocked was interrupted while being unapplied (its `migrate` \
             was killed or cut off part-way, unless it is still running): MySQL cannot roll schema \
             changes back, and 1 of its 3 operations were undone (`Remove field year from book`); then \
             `Raw SQL operation` was running"
        ),
        "{refusal}"
    );
    assert!(refusal.contains("finish undoing it by hand, then clear its record with `manage migrate --fake shelf 0001_initial`"), "{refusal}");
    assert_eq!(
        project.try_showmigrations().unwrap(),
        "shelf\n [X] 0001_initial\n [~] 0002_blocked\n"
    );

    conn.batch_execute("ALTER TABLE shelf_book DROP COLUMN isbn")
        .unwrap();
    let out = project.migrate(&["shelf", "0001_initial", "--fake"]);
    assert!(
        out.ends_with("  Unapplying shelf.0002_blocked... FAKED\n"),
        "{out}"
    );
    assert_eq!(
        project.try_showmigrations().unwrap(),
        "shelf\n [X] 0001_initial\n [ ] 0002_blocked\n"
    );
    assert_eq!(columns(&mut conn), ["id", "title"]);
}

#[test]
fn a_history_row_edited_by_hand_is_refused_naming_its_migration() {
    let db = TestDb::new(Backend::Mysql);
    let project = Project::new(&db, &[("0001_initial", INITIAL)]);
    project.migrate(&[]);
    let mut conn = db.connect();
    for (edit, problem) in [
        (
            "status = 'done'",
            "its status is `done`, none of applied, partly_applied, partly_unapplied, applying, unapplying",
        ),
        (
            "status = 'partly_applied', operations_done = -3",
            "its operations_done is -3, below zero",
        ),
        (
            "status = 'applied', applied = '0000-00-00 00:00:00'",
            "Error deserializing field 'applied'",
        ),
    ] {
        conn.batch_execute(&format!(
            "UPDATE model_migrations SET {edit} WHERE name = '0001_initial'"
        ))
        .unwrap();
        let expected = format!(
            "the history table model_migrations has a row for shelf.0001_initial that cannot be read: \
             {problem}; correct that row by hand"
        );
        let (result, out) = project.try_migrate(&[]);
        assert_eq!(result.unwrap_err().to_string(), expected);
        assert_eq!(out, "");
        assert_eq!(project.try_showmigrations().unwrap_err().to_string(), expected);
    }
}
