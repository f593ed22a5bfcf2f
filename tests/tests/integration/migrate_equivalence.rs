//! Schema equivalence: a database migrated step by step, on populated
//! tables, reads back exactly as a fresh database migrated straight to the
//! same migrations; after a rollback to an earlier migration too. The
//! history spans two apps, one pointing into the other, and most kinds of
//! operation.

use crate::migrate_support;

use std::collections::BTreeSet;

use migrate_support::{migrate, migrate_to, migration, schema, Schema};
use model_migrations::{Executor, MigrationGraph, MigrationKey, Operation, Target};
use model_runtime::diesel::connection::SimpleConnection;
use model_runtime::prelude::*;
use model_runtime::schema::{Column, ColumnType, DefaultValue, ForeignKeyTarget, Index, OnDelete};
use model_tests::{on_every_backend, TestDb};

fn id() -> Column {
    Column {
        primary_key: true,
        auto_increment: true,
        ..Column::new("id", "id", ColumnType::BigInt)
    }
}

fn varchar(name: &'static str, length: u32) -> Column {
    Column {
        max_length: Some(length),
        ..Column::new(name, name, ColumnType::Text)
    }
}

fn points_at(name: &'static str, app: &str, model: &str, table: &str, on_delete: OnDelete) -> Column {
    Column {
        index: true,
        nullable: on_delete == OnDelete::SetNull,
        foreign_key: Some(ForeignKeyTarget {
            app: app.to_owned().into(),
            model: model.to_owned().into(),
            table: table.to_owned().into(),
            column: "id".into(),
            on_delete,
        }),
        ..Column::new(name, name, ColumnType::BigInt)
    }
}

fn create(name: &str, table: &str, fields: Vec<Column>) -> Operation {
    Operation::CreateModel {
        name: name.into(),
        table: table.into(),
        fields,
        indexes: Vec::new(),
    }
}

fn alter(model: &str, field: Column) -> Operation {
    Operation::AlterField {
        model: model.into(),
        name: field.field.to_string(),
        field,
        preserve_default: true,
    }
}

fn index(columns: &[&'static str]) -> Index {
    Index {
        name: None,
        columns: columns.iter().map(|c| (*c).into()).collect(),
        unique: false,
    }
}

/// The dishes as `menu.0003` leaves them, before `0004` changes them again.
fn dish_category(on_delete: OnDelete) -> Column {
    points_at("category_id", "menu", "Category", "menu_category", on_delete)
}

/// Nine migrations of two apps, `orders` pointing into `menu`, with every
/// kind of operation.
fn graph() -> MigrationGraph {
    let price = Column {
        max_digits: Some(6),
        decimal_places: Some(2),
        ..Column::new("price", "price", ColumnType::Decimal)
    };
    let description = Column {
        nullable: true,
        ..Column::new("description", "description", ColumnType::Text)
    };
    let inventory = Column {
        default: Some(DefaultValue::Int(0)),
        ..Column::new("inventory", "inventory", ColumnType::Integer)
    };
    let quantity = Column {
        default: Some(DefaultValue::Int(1)),
        ..Column::new("quantity", "quantity", ColumnType::SmallInt)
    };
    let note = Column {
        nullable: true,
        ..varchar("note", 200)
    };
    let category_title = Column {
        unique: true,
        ..varchar("title", 100)
    };
    MigrationGraph::new([
        migration(
            "menu",
            "0001_initial",
            &[],
            vec![
                create("Category", "menu_category", vec![id(), category_title.clone()]),
                create(
                    "Dish",
                    "menu_dish",
                    vec![
                        id(),
                        varchar("title", 100),
                        price,
                        dish_category(OnDelete::Cascade),
                        description,
                    ],
                ),
            ],
        ),
        migration(
            "orders",
            "0001_initial",
            &["menu.0001_initial"],
            vec![create(
                "Order",
                "orders_order",
                vec![
                    id(),
                    points_at("dish_id", "menu", "Dish", "menu_dish", OnDelete::SetNull),
                    varchar("customer", 50),
                    Column::new("placed", "placed", ColumnType::Date),
                ],
            )],
        ),
        migration(
            "menu",
            "0002_dish_inventory",
            &["menu.0001_initial"],
            vec![
                Operation::AddField {
                    model: "Dish".into(),
                    field: inventory,
                    preserve_default: false,
                },
                alter("Dish", varchar("title", 200)),
                Operation::AddIndex {
                    model: "Dish".into(),
                    index: index(&["title", "price"]),
                },
            ],
        ),
        migration(
            "menu",
            "0003_rename_price",
            &["menu.0002_dish_inventory"],
            vec![
                Operation::RenameField {
                    model: "Dish".into(),
                    old_name: "price".into(),
                    new_name: "cost".into(),
                },
                Operation::AlterUniqueTogether {
                    model: "Dish".into(),
                    unique_together: vec![vec!["title".into(), "category_id".into()]],
                },
                alter(
                    "Category",
                    Column {
                        unique: false,
                        index: true,
                        ..category_title
                    },
                ),
            ],
        ),
        migration(
            "orders",
            "0002_quantity",
            &["orders.0001_initial", "menu.0003_rename_price"],
            vec![
                Operation::AddField {
                    model: "Order".into(),
                    field: quantity,
                    preserve_default: true,
                },
                Operation::AddField {
                    model: "Order".into(),
                    field: note,
                    preserve_default: true,
                },
                alter(
                    "Order",
                    Column {
                        nullable: true,
                        ..varchar("customer", 50)
                    },
                ),
                create(
                    "Coupon",
                    "orders_coupon",
                    vec![
                        id(),
                        Column {
                            unique: true,
                            ..varchar("code", 20)
                        },
                    ],
                ),
            ],
        ),
        migration(
            "menu",
            "0004_plate",
            &["menu.0003_rename_price"],
            vec![
                Operation::AlterModelTable {
                    name: "Dish".into(),
                    table: "menu_plate".into(),
                },
                Operation::RemoveField {
                    model: "Dish".into(),
                    name: "description".into(),
                },
                alter("Dish", dish_category(OnDelete::Protect)),
            ],
        ),
        migration(
            "orders",
            "0003_purchase",
            &["orders.0002_quantity", "menu.0004_plate"],
            vec![
                Operation::RenameModel {
                    old_name: "Order".into(),
                    new_name: "Purchase".into(),
                },
                Operation::AlterModelTable {
                    name: "Purchase".into(),
                    table: "orders_purchase".into(),
                },
                Operation::RemoveField {
                    model: "Purchase".into(),
                    name: "note".into(),
                },
                Operation::AddIndex {
                    model: "Purchase".into(),
                    index: index(&["placed", "customer"]),
                },
            ],
        ),
        migration(
            "menu",
            "0005_specials",
            &["menu.0004_plate"],
            vec![
                create(
                    "Special",
                    "menu_special",
                    vec![
                        id(),
                        points_at("plate_id", "menu", "Dish", "menu_plate", OnDelete::Cascade),
                        Column::new("starts", "starts", ColumnType::Date),
                    ],
                ),
                Operation::RemoveIndex {
                    model: "Dish".into(),
                    index: index(&["title", "cost"]),
                },
                Operation::RunSql {
                    sql: "INSERT INTO menu_category (title) VALUES ('Specials')".into(),
                    reverse_sql: Some("DELETE FROM menu_category WHERE title = 'Specials'".into()),
                },
            ],
        ),
        migration(
            "orders",
            "0004_customer_name",
            &["orders.0003_purchase"],
            vec![
                alter(
                    "Purchase",
                    Column {
                        nullable: true,
                        name: "customer_name".into(),
                        ..varchar("customer", 80)
                    },
                ),
                Operation::RemoveField {
                    model: "Purchase".into(),
                    name: "quantity".into(),
                },
                Operation::DeleteModel {
                    name: "Coupon".into(),
                },
            ],
        ),
    ])
    .unwrap()
}

/// Two categories, three dishes, three orders, at the first migrations.
fn populate(conn: &mut Connection) {
    conn.batch_execute(
        "INSERT INTO menu_category (title) VALUES ('Mains');
         INSERT INTO menu_category (title) VALUES ('Desserts');
         INSERT INTO menu_dish (title, price, category_id, description) VALUES ('Pasta', 12.50, 1, 'fresh');
         INSERT INTO menu_dish (title, price, category_id, description) VALUES ('Soup', 6.00, 1, NULL);
         INSERT INTO menu_dish (title, price, category_id, description) VALUES ('Cake', 4.75, 2, NULL);
         INSERT INTO orders_order (dish_id, customer, placed) VALUES (1, 'Ada', '2024-05-01');
         INSERT INTO orders_order (dish_id, customer, placed) VALUES (NULL, 'Alan', '2024-05-02');
         INSERT INTO orders_order (dish_id, customer, placed) VALUES (3, 'Grace', '2024-05-03');",
    )
    .unwrap();
}

fn applied(conn: &mut Connection, graph: &MigrationGraph) -> BTreeSet<MigrationKey> {
    Executor::new(conn, graph).unwrap().applied().clone()
}

/// A fresh database migrated straight to exactly `history`.
fn fresh(backend: Backend, graph: &MigrationGraph, history: &BTreeSet<MigrationKey>) -> Schema {
    let db = TestDb::new(backend);
    let mut conn = db.connect();
    for key in history {
        migrate(&mut conn, graph, Target::Migration(key.clone()));
    }
    assert_eq!(&applied(&mut conn, graph), history);
    schema(&mut conn)
}

/// Table by table, so a difference names its table.
fn assert_same(actual: &Schema, expected: &Schema, when: &str) {
    let names = |s: &Schema| s.tables.iter().map(|t| t.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(actual), names(expected), "tables {when}");
    for (got, want) in actual.tables.iter().zip(&expected.tables) {
        assert_eq!(got, want, "table {} {when}", want.name);
    }
    assert_eq!(
        actual.names, expected.names,
        "names of constraints and indexes {when}"
    );
}

fn count(conn: &mut Connection, table: &str) -> usize {
    migrate_support::rows(conn, table).len()
}

on_every_backend! {
    fn migrating_step_by_step_reads_back_as_migrating_at_once(db) {
        let graph = graph();
        let mut conn = db.connect();
        migrate_to(&mut conn, &graph, "orders.0001_initial");
        populate(&mut conn);
        for step in graph.ordered() {
            migrate(&mut conn, &graph, Target::Migration(step.key()));
        }
        let all: BTreeSet<MigrationKey> = graph.ordered().iter().map(|m| m.key()).collect();
        assert_eq!(applied(&mut conn, &graph), all);
        assert_same(
            &schema(&mut conn),
            &fresh(db.backend(), &graph, &all),
            "at the latest migrations",
        );
        assert_eq!(count(&mut conn, "menu_plate"), 3, "the dishes survive");
        assert_eq!(count(&mut conn, "orders_purchase"), 3, "the orders survive");
    }

    fn rolling_back_reads_back_as_migrating_a_fresh_database_to_the_same_point(db) {
        let graph = graph();
        let mut conn = db.connect();
        migrate_to(&mut conn, &graph, "orders.0001_initial");
        populate(&mut conn);
        migrate(&mut conn, &graph, Target::Latest);

        let targets = [
            "orders.0003_purchase",
            "menu.0004_plate",
            "orders.0002_quantity",
            "menu.0002_dish_inventory",
            "menu.0001_initial",
        ];
        for target in targets {
            migrate_to(&mut conn, &graph, target);
            let history = applied(&mut conn, &graph);
            assert!(history.contains(&target.parse().unwrap()));
            let when = format!("back at {target}");
            assert_same(&schema(&mut conn), &fresh(db.backend(), &graph, &history), &when);
            let dishes = if history.contains(&"menu.0004_plate".parse().unwrap()) {
                "menu_plate"
            } else {
                "menu_dish"
            };
            assert_eq!(count(&mut conn, dishes), 3, "the dishes survive, {when}");
        }

        // And forwards again, to the end.
        migrate(&mut conn, &graph, Target::Latest);
        let all: BTreeSet<MigrationKey> = graph.ordered().iter().map(|m| m.key()).collect();
        assert_same(
            &schema(&mut conn),
            &fresh(db.backend(), &graph, &all),
            "forwards again",
        );
        assert_eq!(count(&mut conn, "orders_purchase"), 3);
    }
}
