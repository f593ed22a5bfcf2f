//! The history checked against the migration files before anything runs:
//! an applied migration edited by one byte, or deleted, or applied before
//! its dependency, is refused by every form of `migrate` and by
//! `showmigrations`, and reported by `check`, naming the migration (and both checksums), with no
//! statement written and the history as it was. Also: a plan undoing an
//! irreversible operation is refused before any step, and a history table
//! from before checksums is upgraded in place.

use crate::history_support;
use crate::migrate_support;

use history_support::{history, key, Project, APP, INITIAL, ISBN};
use migrate_support::schema;
use model_manage::{CheckArgs, CommandError};
use model_migrations::history::HistoryProblem;
use model_migrations::introspect;
use model_migrations::MigrationError;
use model_migrations::{executor, Executor, MigrateOptions, Target};
use model_runtime::diesel::connection::SimpleConnection;
use model_runtime::{Backend, Connection};
use model_tests::on_every_backend;
use model_tests::statements::StatementLog;

/// Every form of `migrate`: each must refuse a history with a problem.
const EVERY_FORM: [&[&str]; 8] = [
    &[],
    &["--plan"],
    &["--fake"],
    &["--fake-initial"],
    &[APP],
    &[APP, "zero"],
    &[APP, "0001", "--fake"],
    &[APP, "0001", "--plan"],
];

/// Runs every form of `migrate` and `showmigrations`, each of which must
/// fail with exactly `expected`; returns `showmigrations`' message.
fn refused_everywhere(project: &Project, expected: &[HistoryProblem]) -> String {
    for words in EVERY_FORM {
        match project.try_migrate(words) {
            (Err(CommandError::Migration(MigrationError::History(problems))), out) => {
                assert_eq!(problems, expected, "migrate {words:?}");
                assert_eq!(out, "", "migrate {words:?} printed nothing before refusing");
            }
            (other, out) => panic!("migrate {words:?} was not refused: {other:?}\n{out}"),
        }
    }
    let mut out = Vec::new();
    let reported = model_manage::check_with(&project.settings, &CheckArgs::default(), &mut out).unwrap();
    for problem in expected {
        assert!(reported.contains(&problem.to_string()), "check: {reported:#?}");
    }
    match project.try_showmigrations() {
        Err(CommandError::Migration(MigrationError::History(problems))) => {
            assert_eq!(problems, expected, "showmigrations");
            MigrationError::History(problems).to_string()
        }
        other => panic!("showmigrations was not refused: {other:?}"),
    }
}

/// The library's own refusal, through a connection whose statements are
/// logged: only reads (and the lock) reach the database.
fn refused_having_only_read(project: &Project, conn: &mut Connection, expected: &[HistoryProblem]) {
    let graph = model_migrations::load_migrations(&project.settings).unwrap();
    let log = StatementLog::install(conn);
    let mut executor = Executor::locked(conn, &graph).unwrap();
    assert_eq!(executor.verify(), expected);
    let error = executor
        .migrate(&Target::Latest, &MigrateOptions::default())
        .unwrap_err();
    assert!(
        matches!(&error, MigrationError::History(problems) if problems == expected),
        "{error}"
    );
    drop(executor);
    assert_eq!(log.writes(), Vec::<String>::new(), "only reads ran");
    assert!(!log.statements().is_empty(), "the log sees the statements");
}

on_every_backend! {
    fn an_applied_migration_edited_by_one_byte_is_refused_naming_both_checksums(db) {
        let project = Project::new(db, &[("0001_initial", INITIAL), ("0002_book_isbn", ISBN)]);
        project.migrate(&[]);
        let applied = project.migration("0001_initial").checksum();
        let mut conn = db.connect();
        let (schema_before, history_before) = (schema(&mut conn), history(&mut conn));
        assert_eq!(history_before[0].checksum.as_deref(), Some(applied.as_str()));

        project.edit("0001_initial", "max_length = 255", "max_length = 256");
        let edited = project.migration("0001_initial").checksum();
        assert_ne!(edited, applied);
        let expected = [HistoryProblem::Edited {
            migration: key("0001_initial"),
            recorded: applied.clone(),
            current: edited.clone(),
        }];

        refused_having_only_read(&project, &mut conn, &expected);
        let message = refused_everywhere(&project, &expected);
        assert_eq!(
            message,
            format!(
                "migration shelf.0001_initial was edited after it was applied: it was applied with checksum \
                 {applied}, its file now has {edited}; put the file back as it was applied and make the \
                 change in a new migration"
            )
        );
        assert_eq!(schema(&mut conn), schema_before);
        assert_eq!(history(&mut conn), history_before);

        project.edit("0001_initial", "max_length = 256", "max_length = 255");
        assert!(project.migrate(&[]).contains("  No migrations to apply.\n"));
    }

    fn reformatting_an_applied_migration_or_commenting_it_is_no_edit(db) {
        let project = Project::new(db, &[("0001_initial", INITIAL), ("0002_book_isbn", ISBN)]);
        project.migrate(&[]);
        project.write(
            "0002_book_isbn",
            "# Books get an ISBN: the same migration, written otherwise.\n\
             dependencies = ['shelf.0001_initial']\n\
             app = 'shelf'\n\n\
             [[operations]]\n\
             model = 'Book'   # the model\n\
             op = 'AddField'\n\
             field = { nullable = true, max_length = 13, type = 'Text', column = 'isbn', field = 'isbn' }\n",
        );
        let out = project.migrate(&[]);
        assert!(out.contains("  No migrations to apply.\n"), "{out}");
        assert_eq!(
            project.try_showmigrations().unwrap(),
            "shelf\n [X] 0001_initial\n [X] 0002_book_isbn\n"
        );
    }

    fn an_applied_migration_whose_file_is_gone_is_refused_by_name(db) {
        let project = Project::new(db, &[("0001_initial", INITIAL), ("0002_book_isbn", ISBN)]);
        project.migrate(&[]);
        let mut conn = db.connect();
        let (schema_before, history_before) = (schema(&mut conn), history(&mut conn));

        project.remove("0002_book_isbn");
        let expected = [HistoryProblem::Missing {
            migration: key("0002_book_isbn"),
        }];
        refused_having_only_read(&project, &mut conn, &expected);
        assert_eq!(
            refused_everywhere(&project, &expected),
            "migration shelf.0002_book_isbn is applied, but no migration file defines it any more; put \
             its file back"
        );
        assert_eq!(schema(&mut conn), schema_before);
        assert_eq!(history(&mut conn), history_before);
    }

    /// Django's InconsistentMigrationHistory.
    fn an_applied_migration_whose_dependency_is_not_applied_is_refused_naming_both(db) {
        let project = Project::new(db, &[("0001_initial", INITIAL), ("0002_book_isbn", ISBN)]);
        project.migrate(&[]);
        let mut conn = db.connect();
        conn.batch_execute("DELETE FROM model_migrations WHERE name = '0001_initial'")
            .unwrap();
        let (schema_before, history_before) = (schema(&mut conn), history(&mut conn));

        let expected = [HistoryProblem::DependencyNotApplied {
            migration: key("0002_book_isbn"),
            dependency: key("0001_initial"),
        }];
        refused_having_only_read(&project, &mut conn, &expected);
        for words in EVERY_FORM {
            let (result, _) = project.try_migrate(words);
            let message = result.unwrap_err().to_string();
            assert!(
                message.starts_with(
                    "migration shelf.0002_book_isbn is applied before its dependency shelf.0001_initial"
                ),
                "{message}"
            );
        }
        assert_eq!(schema(&mut conn), schema_before);
        assert_eq!(history(&mut conn), history_before);
    }

    fn a_plan_undoing_an_irreversible_operation_is_refused_before_any_step(db) {
        let seed = "app = \"shelf\"\ndependencies = [\"shelf.0002_book_isbn\"]\n\n[[operations]]\n\
                    op = \"RunSql\"\nsql = \"INSERT INTO shelf_book (title) VALUES ('Dune')\"\n";
        let project = Project::new(
            db,
            &[("0001_initial", INITIAL), ("0002_book_isbn", ISBN), ("0003_seed", seed)],
        );
        project.migrate(&[]);
        let mut conn = db.connect();
        let (schema_before, history_before) = (schema(&mut conn), history(&mut conn));

        for words in [&[APP, "0001"][..], &[APP, "0001", "--plan"], &[APP, "zero"]] {
            match project.try_migrate(words) {
                (Err(CommandError::Migration(error @ MigrationError::Irreversible { .. })), out) => {
                    assert_eq!(
                        error.to_string(),
                        "cannot unapply shelf.0003_seed: its `Raw SQL operation` has no reverse_sql; \
                         nothing was run",
                        "{words:?}"
                    );
                    assert_eq!(out, "");
                }
                (other, out) => panic!("migrate {words:?} was not refused: {other:?}\n{out}"),
            }
        }
        // 0003 would have been undone last-first: 0002's column is still there.
        assert_eq!(schema(&mut conn), schema_before);
        assert_eq!(history(&mut conn), history_before);

        // --fake runs nothing, so nothing irreversible: it only records.
        project.migrate(&[APP, "0001", "--fake"]);
        assert_eq!(schema(&mut conn), schema_before);
        let names: Vec<String> = history(&mut conn).into_iter().map(|row| row.key.name).collect();
        assert_eq!(names, ["0001_initial"]);
    }

    fn a_history_table_from_before_checksums_is_upgraded_in_place(db) {
        let project = Project::new(db, &[("0001_initial", INITIAL), ("0002_book_isbn", ISBN)]);
        let mut conn = db.connect();
        let backend = db.backend();
        // The table as the first version made it, recording 0001 applied.
        conn.batch_execute(first_history_table(backend)).unwrap();
        let graph = model_migrations::load_migrations(&project.settings).unwrap();
        for operation in executor::migration_sql(&graph, &key("0001_initial"), false, backend).unwrap() {
            for statement in operation.statements {
                conn.batch_execute(&statement).unwrap();
            }
        }
        conn.batch_execute(
            "INSERT INTO model_migrations (app, name, applied) VALUES ('shelf', '0001_initial', CURRENT_TIMESTAMP)",
        )
        .unwrap();
        let columns = |conn: &mut Connection| -> Vec<String> {
            introspect::table(conn, "model_migrations")
                .unwrap()
                .unwrap()
                .columns
                .into_iter()
                .map(|c| c.name)
                .collect()
        };
        let old = history(&mut conn);
        assert_eq!(old.len(), 1);
        assert_eq!(old[0].checksum, None, "an old row has no checksum, and is accepted");

        // Reading changes nothing.
        assert_eq!(
            project.try_showmigrations().unwrap(),
            "shelf\n [X] 0001_initial\n [ ] 0002_book_isbn\n"
        );
        project.migrate(&["--plan"]);
        assert_eq!(columns(&mut conn), ["id", "app", "name", "applied"]);

        let out = project.migrate(&[]);
        assert!(out.contains("  Applying shelf.0002_book_isbn... OK\n"), "{out}");
        assert_eq!(
            columns(&mut conn),
            ["id", "app", "name", "applied", "checksum", "status", "operations_done", "progress"]
        );
        let rows = history(&mut conn);
        assert_eq!(rows[0].applied, old[0].applied, "the old row was kept, not rewritten");
        for (row, name) in rows.iter().zip(["0001_initial", "0002_book_isbn"]) {
            assert_eq!(row.key, key(name));
            assert_eq!(row.checksum, Some(project.migration(name).checksum()), "{name}");
            assert!(row.is_complete());
        }
        assert_eq!(rows.len(), 2);
    }
}

/// `model_migrations` before checksums, as each backend had it.
fn first_history_table(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => {
            "CREATE TABLE \"model_migrations\" (\
             \"id\" integer NOT NULL PRIMARY KEY AUTOINCREMENT, \"app\" varchar(255) NOT NULL, \
             \"name\" varchar(255) NOT NULL, \"applied\" datetime NOT NULL, \
             CONSTRAINT \"uq_model_migrations_app_name\" UNIQUE (\"app\", \"name\"))"
        }
        Backend::Postgres => {
            "CREATE TABLE \"model_migrations\" (\
             \"id\" bigint NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY, \
             \"app\" varchar(255) NOT NULL, \"name\" varchar(255) NOT NULL, \
             \"applied\" timestamp with time zone NOT NULL, \
             CONSTRAINT \"uq_model_migrations_app_name\" UNIQUE (\"app\", \"name\"))"
        }
        Backend::Mysql => {
            "CREATE TABLE `model_migrations` (\
             `id` bigint NOT NULL PRIMARY KEY AUTO_INCREMENT, `app` varchar(255) NOT NULL, \
             `name` varchar(255) NOT NULL, `applied` datetime(6) NOT NULL, \
             CONSTRAINT `uq_model_migrations_app_name` UNIQUE (`app`, `name`)\
             ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"
        }
    }
}
