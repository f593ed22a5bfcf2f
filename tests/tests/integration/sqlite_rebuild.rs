//! SQLite's table rebuild under load: a parent table rebuilt under its
//! children's `ON DELETE CASCADE` keeps every child, foreign keys are back
//! on afterwards on the same connection, `AUTOINCREMENT` keeps its promise,
//! and a rebuild that would leave a dangling key is rolled back.
#![cfg(feature = "sqlite")]

use crate::migrate_support;

use std::str::FromStr;

use migrate_support::{create, migrate_to, migration};
use model_migrations::{
    executor::forwards_sql, Executor, MigrateOptions, Migration, MigrationGraph, Operation, Target,
};
use model_runtime::diesel::connection::SimpleConnection;
use model_runtime::diesel::{self, sql_query, QueryableByName, RunQueryDsl};
use model_runtime::prelude::*;
use model_runtime::schema::Column;
use model_tests::models::{Category, Menu, NewCategory, NewMenu};
use model_tests::TestDb;

const CHILDREN: usize = 1_000;

/// Categories and their dishes, then `change` to the categories as `0002`.
fn graph(change: Operation) -> MigrationGraph {
    MigrationGraph::new([
        migration(
            "littlelemon",
            "0001_initial",
            &[],
            vec![create(Category::schema()), create(Menu::schema())],
        ),
        migration(
            "littlelemon",
            "0002_change",
            &["littlelemon.0001_initial"],
            vec![change],
        ),
    ])
    .unwrap()
}

/// The category titles made longer: on SQLite, a new column type, so a
/// rebuild of the parent table.
fn longer_titles() -> Operation {
    let title = Category::schema().field("title").unwrap();
    Operation::AlterField {
        model: "Category".into(),
        name: "title".into(),
        field: Column {
            max_length: Some(300),
            ..title.clone()
        },
        preserve_default: true,
    }
}

fn migration_of(graph: &MigrationGraph, name: &str) -> Migration {
    graph
        .migration(&format!("littlelemon.{name}").parse().unwrap())
        .unwrap()
        .clone()
}

#[derive(QueryableByName)]
struct ForeignKeys {
    #[diesel(sql_type = diesel::sql_types::Integer)]
    foreign_keys: i32,
}

fn foreign_keys(conn: &mut Connection) -> i32 {
    let rows: Vec<ForeignKeys> = sql_query("PRAGMA foreign_keys").load(conn).unwrap();
    rows[0].foreign_keys
}

/// One category with `CHILDREN` dishes pointing at it.
fn populate(conn: &mut Connection) -> Category {
    let mains = Category::create(
        conn,
        NewCategory {
            title: "Mains".into(),
        },
    )
    .unwrap();
    let dishes: Vec<NewMenu> = (0..CHILDREN)
        .map(|i| NewMenu {
            title: format!("Dish {i}"),
            price: Decimal::from_str("9.99").unwrap(),
            inventory: 1,
            category_id: mains.id,
            description: None,
        })
        .collect();
    Menu::bulk_create(conn, &dishes).unwrap();
    mains
}

#[test]
fn rebuilding_a_parent_keeps_every_cascading_child_and_turns_foreign_keys_back_on() {
    let db = TestDb::new(Backend::Sqlite);
    let mut conn = db.connect();
    let graph = graph(longer_titles());
    migrate_to(&mut conn, &graph, "littlelemon.0001_initial");
    let mains = populate(&mut conn);
    let before = Menu::all(&mut conn).unwrap();

    let (sql, _) = forwards_sql(
        &migration_of(&graph, "0002_change"),
        &graph
            .state_of(&["littlelemon.0001_initial".parse().unwrap()].into())
            .unwrap(),
        Backend::Sqlite,
    )
    .unwrap();
    let statements = sql.iter().flat_map(|op| &op.statements);
    assert!(
        statements
            .clone()
            .any(|s| s.starts_with("DROP TABLE \"littlelemon_category\"")),
        "expected a rebuild: {:?}",
        statements.collect::<Vec<_>>()
    );

    migrate_to(&mut conn, &graph, "littlelemon.0002_change");
    assert_eq!(
        Menu::all(&mut conn).unwrap(),
        before,
        "the dishes after the rebuild"
    );
    assert_eq!(foreign_keys(&mut conn), 1, "foreign keys back on after applying");

    migrate_to(&mut conn, &graph, "littlelemon.0001_initial");
    assert_eq!(
        Menu::all(&mut conn).unwrap(),
        before,
        "the dishes after undoing the rebuild"
    );
    assert_eq!(
        foreign_keys(&mut conn),
        1,
        "foreign keys back on after unapplying"
    );

    // The rebuilt parent is the one the children point at: deleting it
    // still cascades.
    mains.delete(&mut conn).unwrap();
    assert_eq!(Menu::count(&mut conn).unwrap(), 0);
}

/// A key `AUTOINCREMENT` gave is never given again, even once its row is
/// deleted and the table rebuilt.
#[test]
fn rebuilding_keeps_autoincrement_from_reusing_deleted_keys() {
    let db = TestDb::new(Backend::Sqlite);
    let mut conn = db.connect();
    let graph = graph(longer_titles());
    migrate_to(&mut conn, &graph, "littlelemon.0001_initial");
    let kept = Category::create(
        &mut conn,
        NewCategory {
            title: "Mains".into(),
        },
    )
    .unwrap();
    let deleted = Category::create(&mut conn, NewCategory { title: "Gone".into() }).unwrap();
    deleted.delete(&mut conn).unwrap();

    migrate_to(&mut conn, &graph, "littlelemon.0002_change");
    let next = Category::create(
        &mut conn,
        NewCategory {
            title: "Drinks".into(),
        },
    )
    .unwrap();
    assert!(
        next.id > deleted.id,
        "key {} given again (kept: {})",
        next.id,
        kept.id
    );
}

/// A rebuild that leaves a child pointing at no parent fails
/// `foreign_key_check`: nothing of it stays, and foreign keys are on again.
#[test]
fn a_rebuild_leaving_a_dangling_key_is_rolled_back_with_foreign_keys_back_on() {
    let db = TestDb::new(Backend::Sqlite);
    let mut conn = db.connect();
    let dangling = Operation::RunSql {
        sql: "UPDATE littlelemon_menu SET category_id = 999".into(),
        reverse_sql: None,
    };
    let graph = MigrationGraph::new([
        migration(
            "littlelemon",
            "0001_initial",
            &[],
            vec![create(Category::schema()), create(Menu::schema())],
        ),
        migration(
            "littlelemon",
            "0002_dangling",
            &["littlelemon.0001_initial"],
            vec![longer_titles(), dangling],
        ),
    ])
    .unwrap();
    migrate_to(&mut conn, &graph, "littlelemon.0001_initial");
    populate(&mut conn);
    let before = Menu::all(&mut conn).unwrap();

    let mut executor = Executor::new(&mut conn, &graph).unwrap();
    let error = executor
        .migrate(&Target::Latest, &MigrateOptions::default())
        .unwrap_err();
    assert!(error.to_string().contains("point at missing rows"), "{error}");
    assert_eq!(executor.applied().len(), 1);
    drop(executor);

    assert_eq!(Menu::all(&mut conn).unwrap(), before);
    assert_eq!(foreign_keys(&mut conn), 1);
    let title = model_migrations::introspect::table(&mut conn, "littlelemon_category")
        .unwrap()
        .unwrap();
    assert_eq!(title.column("title").unwrap().data_type, "varchar(255)");
    conn.batch_execute("UPDATE littlelemon_menu SET category_id = 999")
        .expect_err("foreign keys are enforced again");
}
