//! MariaDB commits schema changes statement by statement, so a migration
//! failing at its second statement leaves its first applied. The history
//! records it as partly applied; the next `migrate` refuses before running
//! any SQL, naming it, what ran, and the two ways out, both of which work:
//! complete it by hand then `migrate --fake shelf 0002_broken`, or undo
//! what ran by hand then `migrate --fake shelf 0001_initial`. The same for
//! an undo that stops half way.

#![cfg(feature = "mysql")]

mod history_support;
mod migrate_support;

use history_support::{history, key, Project, INITIAL};
use migrate_support::schema;
use model_manage::CommandError;
use model_migrations::history::{HistoryProblem, PartialApplication};
use model_migrations::introspect;
use model_migrations::MigrationError;
use model_migrations::{Executor, MigrateOptions, Target};
use model_runtime::diesel::connection::SimpleConnection;
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
