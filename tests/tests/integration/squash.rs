//! `squashmigrations shelf 0004` writes one migration that replaces
//! 0001-0004, its operations folded; a fresh database applies the squash, a
//! database at 0004 counts it applied and runs nothing, a database at 0002
//! applies 0003 and 0004 one by one, and all three end with the same schema
//! and the same history. Once the replaced files are deleted, a database
//! that applied them keeps working, and a later migration that depended on
//! one of them follows the squash.

use crate::history_support;
use crate::migrate_support;

use std::collections::BTreeSet;

use history_support::{history, pages_after, Project, APP, INITIAL, ISBN};
use migrate_support::schema;
use model_manage::{CommandError, NewMigration, SquashmigrationsArgs};
use model_migrations::MigrationError;
use model_migrations::{Migration, Operation};
use model_runtime::diesel::connection::SimpleConnection;
use model_runtime::Connection;
use model_tests::{on_every_backend, TestDb};

/// Removes the ISBN again.
const NO_ISBN: &str = r#"app = "shelf"
dependencies = ["shelf.0003_book_pages"]

[[operations]]
op = "RemoveField"
model = "Book"
name = "isbn"
"#;

/// A later migration, written against 0004.
const BLURB: &str = r#"app = "shelf"
dependencies = ["shelf.0004_remove_book_isbn"]

[[operations]]
op = "AddField"
model = "Book"

[operations.field]
field = "blurb"
column = "blurb"
type = "Text"
nullable = true
"#;

const SQUASH: &str = "0001_squashed_0004_remove_book_isbn";

const NAMES: [&str; 4] = [
    "0001_initial",
    "0002_book_isbn",
    "0003_book_pages",
    "0004_remove_book_isbn",
];

/// `shelf` with 0001-0004, on `db`.
fn originals(db: &TestDb) -> Project {
    let project = Project::new(db, &[("0001_initial", INITIAL), ("0002_book_isbn", ISBN)]);
    project.write("0003_book_pages", &pages_after("0002_book_isbn"));
    project.write("0004_remove_book_isbn", NO_ISBN);
    project
}

/// `squashmigrations shelf [start] end`.
fn squash(project: &Project, migrations: &[&str]) -> Result<NewMigration, CommandError> {
    let args = SquashmigrationsArgs {
        app: APP.into(),
        migrations: migrations.iter().map(|m| m.to_string()).collect(),
        ..Default::default()
    };
    model_manage::squashmigrations(&project.settings, &args, &mut std::io::sink())
}

/// The history's migration names, as a set.
fn recorded(conn: &mut Connection) -> BTreeSet<String> {
    history(conn).into_iter().map(|row| row.key.name).collect()
}

/// The squash's file, written next to the originals by the command.
fn squash_text() -> String {
    let db = TestDb::new(model_tests::Backend::Sqlite);
    let project = originals(&db);
    let made = squash(&project, &["0004"]).unwrap();
    assert_eq!(made.migration.name, SQUASH);
    std::fs::read_to_string(&made.path).unwrap()
}

#[test]
fn the_squash_folds_create_and_add_field_and_drops_a_field_added_then_removed() {
    let squash = Migration::parse(SQUASH, &squash_text()).unwrap();
    let replaced: Vec<String> = squash.replaces.iter().map(ToString::to_string).collect();
    assert_eq!(
        replaced,
        [
            "shelf.0001_initial",
            "shelf.0002_book_isbn",
            "shelf.0003_book_pages",
            "shelf.0004_remove_book_isbn"
        ]
    );
    assert!(squash.dependencies.is_empty());
    let [Operation::CreateModel { name, fields, .. }] = squash.operations.as_slice() else {
        panic!("one CreateModel, not {:#?}", squash.operations);
    };
    assert_eq!(name, "Book");
    let fields: Vec<&str> = fields.iter().map(|f| f.field.as_ref()).collect();
    assert_eq!(fields, ["id", "title", "pages"]);
}

#[test]
fn a_range_of_one_a_squash_of_a_squash_and_an_unknown_migration_are_refused() {
    let db = TestDb::new(model_tests::Backend::Sqlite);
    let project = originals(&db);
    let refused = |migrations: &[&str]| match squash(&project, migrations) {
        Err(error) => error.to_string(),
        Ok(made) => panic!("squash {migrations:?} wrote {}", made.path.display()),
    };
    assert!(refused(&["0002", "0002"]).contains("alone is nothing to squash"));
    assert!(refused(&["0004", "0002"]).contains("does not come before"));
    assert!(refused(&["0009"]).contains("no migration named `0009`"));
    squash(&project, &["0004"]).unwrap();
    project.write("0005_book_blurb", BLURB);
    assert!(refused(&["0005"]).contains("is a squashed migration already"));
}

on_every_backend! {
    fn fresh_at_0004_and_at_0002_databases_end_with_the_same_schema_and_history(db) {
        let text = squash_text();

        // At 0004 before the squash existed, with a row.
        let at_0004 = TestDb::new(db.backend());
        let old = originals(&at_0004);
        old.migrate(&[]);
        let mut old_conn = at_0004.connect();
        old_conn.batch_execute("INSERT INTO shelf_book (title, pages) VALUES ('Dune', 412)").unwrap();
        old.write(SQUASH, &text);
        let out = old.migrate(&[]);
        assert!(out.contains("No migrations to apply."), "{out}");

        // At 0002 before the squash existed: the rest one by one.
        let at_0002 = TestDb::new(db.backend());
        let middle = originals(&at_0002);
        middle.migrate(&[APP, "0002"]);
        middle.write(SQUASH, &text);
        let out = middle.migrate(&[]);
        assert!(out.contains("Applying shelf.0003_book_pages... OK"), "{out}");
        assert!(out.contains("Applying shelf.0004_remove_book_isbn... OK"), "{out}");
        assert!(!out.contains(SQUASH), "{out}");

        // Fresh: the squash alone.
        let fresh = originals(db);
        fresh.write(SQUASH, &text);
        let out = fresh.migrate(&[]);
        assert_eq!(out.matches("Applying").count(), 1, "{out}");
        assert!(out.contains(&format!("Applying shelf.{SQUASH}... OK")), "{out}");

        let mut fresh_conn = db.connect();
        let mut middle_conn = at_0002.connect();
        let expected: BTreeSet<String> =
            NAMES.iter().map(|name| name.to_string()).chain([SQUASH.to_string()]).collect();
        for (name, conn) in [("fresh", &mut fresh_conn), ("at 0004", &mut old_conn), ("at 0002", &mut middle_conn)] {
            assert_eq!(recorded(conn), expected, "{name}: the history");
            assert!(history(conn).iter().all(|row| row.checksum.is_some()), "{name}: checksums");
        }
        let fresh_schema = schema(&mut fresh_conn);
        assert_eq!(schema(&mut old_conn), fresh_schema, "at 0004 and fresh");
        assert_eq!(schema(&mut middle_conn), fresh_schema, "at 0002 and fresh");

        // Nothing more to do anywhere, and the row is still there.
        for project in [&fresh, &old, &middle] {
            assert!(project.migrate(&[]).contains("No migrations to apply."));
        }
        let listing = fresh.try_showmigrations().unwrap();
        assert_eq!(listing, format!("shelf\n [X] {SQUASH} (4 squashed migrations)\n"));
        old_conn.batch_execute("UPDATE shelf_book SET pages = 413 WHERE title = 'Dune'").unwrap();
    }

    fn a_squash_unapplies_as_a_whole_and_names_what_it_replaces_as_a_target(db) {
        let project = originals(db);
        project.write(SQUASH, &squash_text());
        project.migrate(&[]);

        match project.try_migrate(&[APP, "0002"]) {
            (Err(CommandError::Migration(MigrationError::Replaced { migration, squash })), _) => {
                assert_eq!(migration, "shelf.0002_book_isbn");
                assert_eq!(squash, format!("shelf.{SQUASH}"));
            }
            (other, out) => panic!("migrate to a replaced migration: {other:?}\n{out}"),
        }
        let out = project.migrate(&[APP, "zero"]);
        assert!(out.contains(&format!("Unapplying shelf.{SQUASH}... OK")), "{out}");
        let mut conn = db.connect();
        assert!(recorded(&mut conn).is_empty());
        assert!(model_migrations::introspect::table(&mut conn, "shelf_book").unwrap().is_none());
    }

    fn once_the_replaced_files_are_gone_a_database_that_applied_them_keeps_working(db) {
        let project = originals(db);
        project.migrate(&[]);
        project.write(SQUASH, &squash_text());
        project.write("0005_book_blurb", BLURB);
        for name in NAMES {
            project.remove(name);
        }
        let out = project.migrate(&[]);
        assert!(out.contains("Applying shelf.0005_book_blurb... OK"), "{out}");
        assert_eq!(out.matches("Applying").count(), 1, "{out}");
        let mut conn = db.connect();
        let expected: BTreeSet<String> = NAMES
            .iter()
            .map(|name| name.to_string())
            .chain([SQUASH.to_string(), "0005_book_blurb".to_string()])
            .collect();
        assert_eq!(recorded(&mut conn), expected);
        let listing = project.try_showmigrations().unwrap();
        assert_eq!(listing, format!("shelf\n [X] {SQUASH} (4 squashed migrations)\n [X] 0005_book_blurb\n"));

        // Back to the squash, through 0005, which now follows it.
        let out = project.migrate(&[APP, "0001_squashed"]);
        assert!(out.contains("Unapplying shelf.0005_book_blurb... OK"), "{out}");
    }

    fn a_database_that_applied_part_of_a_squash_whose_files_are_gone_is_refused_by_name(db) {
        let project = originals(db);
        project.migrate(&[APP, "0002"]);
        project.write(SQUASH, &squash_text());
        project.remove("0003_book_pages");
        match project.try_migrate(&[]) {
            (Err(CommandError::Migration(error @ MigrationError::UnfinishedSquash { .. })), out) => {
                let message = error.to_string();
                assert!(message.contains("applied 2 of the 4 migrations"), "{message}");
                assert!(message.contains("shelf.0003_book_pages is gone"), "{message}");
                assert_eq!(out, "");
            }
            (other, out) => panic!("not refused: {other:?}\n{out}"),
        }
    }
}
