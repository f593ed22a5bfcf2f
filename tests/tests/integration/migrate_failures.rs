//! A migration failing half-way: SQLite and PostgreSQL roll the whole of it
//! back, so the schema, the rows and the history are exactly as before;
//! MySQL cannot roll DDL back, so its error names the migration and says
//! what was applied, and the history records it as partly applied, never
//! as applied (`mysql_partial.rs` follows it further).

use crate::migrate_support;

use std::collections::BTreeSet;

use migrate_support::{all_rows, create, migrate_to, migration, schema};
use model_migrations::MigrationError;
use model_migrations::{Executor, MigrateOptions, MigrationGraph, MigrationKey, Operation, Target};
use model_runtime::prelude::*;
use model_runtime::schema::{Column, ColumnType};
use model_tests::models::{Category, Menu, NewCategory};
use model_tests::on_every_backend;

const BROKEN: &str = "littlelemon.0002_broken";

/// `0001` creates the tables; `0002` adds a column, runs invalid SQL, then
/// would add another column.
fn graph(broken_sql: Operation) -> MigrationGraph {
    let column = |name: &'static str| Column {
        nullable: true,
        ..Column::new(name, name, ColumnType::Integer)
    };
    MigrationGraph::new([
        migration(
            "littlelemon",
            "0001_initial",
            &[],
            vec![create(Category::schema()), create(Menu::schema())],
        ),
        migration(
            "littlelemon",
            "0002_broken",
            &["littlelemon.0001_initial"],
            vec![
                Operation::AddField {
                    model: "Menu".into(),
                    field: column("calories"),
                    preserve_default: true,
                },
                broken_sql,
                Operation::AddField {
                    model: "Category".into(),
                    field: column("position"),
                    preserve_default: true,
                },
            ],
        ),
    ])
    .unwrap()
}

fn invalid_forwards() -> Operation {
    Operation::RunSql {
        sql: "THIS IS NOT SQL".into(),
        reverse_sql: Some("UPDATE littlelemon_category SET title = title WHERE 1 = 0".into()),
    }
}

fn invalid_backwards() -> Operation {
    Operation::RunSql {
        sql: "UPDATE littlelemon_category SET title = title WHERE 1 = 0".into(),
        reverse_sql: Some("THIS IS NOT SQL EITHER".into()),
    }
}

fn keys(names: &[&str]) -> BTreeSet<MigrationKey> {
    names.iter().map(|k| k.parse().unwrap()).collect()
}

/// Runs `target` and returns the history the executor then knows and the
/// error, which must name the broken migration.
fn fail(conn: &mut Connection, graph: &MigrationGraph, target: Target) -> (BTreeSet<MigrationKey>, String) {
    let mut executor = Executor::new(conn, graph).unwrap();
    let error = executor.migrate(&target, &MigrateOptions::default()).unwrap_err();
    let MigrationError::Failed { migration, .. } = &error else {
        panic!("expected a migration error, got {error:?}");
    };
    assert_eq!(migration, BROKEN);
    (executor.applied().clone(), error.to_string())
}

/// The history as a fresh read of the database gives it.
fn history(conn: &mut Connection, graph: &MigrationGraph) -> BTreeSet<MigrationKey> {
    Executor::new(conn, graph).unwrap().applied().clone()
}

on_every_backend! {
    fn a_migration_failing_half_way_forwards_leaves_schema_and_history_as_they_were(db) {
        let mut conn = db.connect();
        let graph = graph(invalid_forwards());
        migrate_to(&mut conn, &graph, "littlelemon.0001_initial");
        Category::create(
            &mut conn,
            NewCategory {
                title: "Mains".into(),
            },
        )
        .unwrap();
        let (schema_before, rows_before) = (schema(&mut conn), all_rows(&mut conn));

        let (applied, message) = fail(&mut conn, &graph, Target::Latest);
        let initial = keys(&["littlelemon.0001_initial"]);
        assert_eq!(applied, initial);
        assert_eq!(history(&mut conn, &graph), initial);
        assert_eq!(
            all_rows(&mut conn).get("littlelemon_category"),
            rows_before.get("littlelemon_category")
        );
        match db.backend() {
            Backend::Sqlite | Backend::Postgres => {
                assert_eq!(schema(&mut conn), schema_before, "{message}");
                assert_eq!(all_rows(&mut conn), rows_before);
            }
            Backend::Mysql => {
                assert_eq!(
                    message,
                    format!(
                        "migration {BROKEN} failed: `Raw SQL operation` failed: {}. MySQL cannot roll schema \
                         changes back: 1 of its 3 operations ran (`Add field calories to menu`), and the \
                         migration is recorded as partly applied. Nothing runs until it is resolved, one of \
                         two ways: complete it by hand, then record it as applied with `manage migrate \
                         --fake littlelemon 0002_broken`; or undo by hand what ran, then clear its record \
                         with `manage migrate --fake littlelemon 0001_initial`.",
                        mysql_syntax_error(&message)
                    )
                );
                let menu = model_migrations::introspect::table(&mut conn, "littlelemon_menu")
                    .unwrap()
                    .unwrap();
                assert!(
                    menu.column("calories").is_some(),
                    "the first operation was applied"
                );
                let category = model_migrations::introspect::table(&mut conn, "littlelemon_category")
                    .unwrap()
                    .unwrap();
                assert!(
                    category.column("position").is_none(),
                    "the last operation was not"
                );
            }
        }
    }

    fn a_migration_failing_half_way_backwards_leaves_schema_and_history_as_they_were(db) {
        let mut conn = db.connect();
        let graph = graph(invalid_backwards());
        migrate_to(&mut conn, &graph, BROKEN);
        Category::create(
            &mut conn,
            NewCategory {
                title: "Mains".into(),
            },
        )
        .unwrap();
        let (schema_before, rows_before) = (schema(&mut conn), all_rows(&mut conn));

        let (applied, message) = fail(
            &mut conn,
            &graph,
            Target::Migration("littlelemon.0001_initial".parse().unwrap()),
        );
        let both = keys(&["littlelemon.0001_initial", BROKEN]);
        // MySQL records the undo that stopped half way: the migration is no
        // longer applied in full, and the next migrate says so.
        let expected = match db.backend() {
            Backend::Mysql => keys(&["littlelemon.0001_initial"]),
            _ => both,
        };
        assert_eq!(applied, expected);
        assert_eq!(history(&mut conn, &graph), expected);
        match db.backend() {
            Backend::Sqlite | Backend::Postgres => {
                assert_eq!(schema(&mut conn), schema_before, "{message}");
                assert_eq!(all_rows(&mut conn), rows_before);
            }
            Backend::Mysql => {
                // Undone last operation first: the category's column went.
                assert!(
                    message.contains(
                        "1 of its 3 operations were undone (`Remove field position from category`), and the \
                         migration is recorded as partly unapplied"
                    ),
                    "{message}"
                );
                let category = model_migrations::introspect::table(&mut conn, "littlelemon_category")
                    .unwrap()
                    .unwrap();
                assert!(category.column("position").is_none());
                let menu = model_migrations::introspect::table(&mut conn, "littlelemon_menu")
                    .unwrap()
                    .unwrap();
                assert!(menu.column("calories").is_some());
            }
        }
    }

    /// A failure in the first operation leaves nothing to report.
    fn a_migration_failing_at_once_applies_nothing(db) {
        let mut conn = db.connect();
        let broken = migration(
            "littlelemon",
            "0002_broken",
            &["littlelemon.0001_initial"],
            vec![invalid_forwards()],
        );
        let graph = MigrationGraph::new([
            migration(
                "littlelemon",
                "0001_initial",
                &[],
                vec![create(Category::schema())],
            ),
            broken,
        ])
        .unwrap();
        migrate_to(&mut conn, &graph, "littlelemon.0001_initial");
        let before = schema(&mut conn);
        let (applied, message) = fail(&mut conn, &graph, Target::Latest);
        assert_eq!(applied, keys(&["littlelemon.0001_initial"]));
        assert_eq!(schema(&mut conn), before);
        if db.backend() == Backend::Mysql {
            assert!(
                message.ends_with("Nothing of the migration was applied, and it is not recorded."),
                "{message}"
            );
        }
    }
}

/// The server's own words for the syntax error, as the message quotes them.
fn mysql_syntax_error(message: &str) -> &str {
    let start = message.find("You have an error").expect("MariaDB's syntax error");
    let end = message[start..]
        .find(". MySQL cannot")
        .expect("the rest of the message");
    &message[start..start + end]
}
