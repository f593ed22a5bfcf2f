//! Each kind of operation, forwards then backwards, on populated tables:
//! forwards, the schema is what `CREATE TABLE` of the new models gives (the
//! names of constraints and indexes included) and the rows are all there;
//! backwards, the schema is exactly as before and so are the rows, but for
//! the values an operation had to destroy or invent.

use crate::migrate_support;

use std::collections::BTreeMap;
use std::str::FromStr;

use migrate_support::{all_rows, create, fresh_schema, migrate_to, migration, schema, Row, Schema};
use model_migrations::{MigrationGraph, Operation};
use model_runtime::diesel::connection::SimpleConnection;
use model_runtime::prelude::*;
use model_runtime::schema::{
    Column, ColumnType, DefaultValue, ForeignKeyTarget, Index, ModelSchema, OnDelete,
};
use model_tests::models::{Booking, Category, Menu, NewBooking, NewCategory, NewMenu};
use model_tests::{on_every_backend, TestDb};

const APP: &str = "littlelemon";
const CATEGORY: &str = "littlelemon_category";
const MENU: &str = "littlelemon_menu";
const BOOKING: &str = "littlelemon_booking";

/// A database read back at one point of a round trip.
struct Snapshot {
    schema: Schema,
    rows: BTreeMap<String, Vec<Row>>,
}

/// The database before the operations, after them, and after undoing them.
struct RoundTrip {
    before: Snapshot,
    forwards: Snapshot,
    backwards: Snapshot,
}

/// Migrates the littlelemon models to `0001_initial`, fills them, then
/// applies `operations` as `0002` and unapplies it, checking the schema
/// each way; `between` runs after applying.
fn round_trip_with(
    db: &TestDb,
    operations: Vec<Operation>,
    between: impl FnOnce(&mut Connection),
) -> RoundTrip {
    let graph = MigrationGraph::new([
        migration(
            APP,
            "0001_initial",
            &[],
            vec![
                create(Category::schema()),
                create(Menu::schema()),
                create(Booking::schema()),
            ],
        ),
        migration(APP, "0002_change", &["littlelemon.0001_initial"], operations),
    ])
    .unwrap();
    let mut conn = db.connect();
    migrate_to(&mut conn, &graph, "littlelemon.0001_initial");
    populate(&mut conn);
    let before = snapshot(&mut conn);

    migrate_to(&mut conn, &graph, "littlelemon.0002_change");
    let forwards = snapshot(&mut conn);
    let expected = fresh_schema(db.backend(), &graph.final_state().unwrap());
    assert_same_schema(
        &forwards.schema,
        &expected,
        "after applying, compared with CREATE TABLE",
    );
    between(&mut conn);

    migrate_to(&mut conn, &graph, "littlelemon.0001_initial");
    let backwards = snapshot(&mut conn);
    assert_same_schema(
        &backwards.schema,
        &before.schema,
        "after unapplying, compared with before",
    );
    RoundTrip {
        before,
        forwards,
        backwards,
    }
}

fn round_trip(db: &TestDb, operations: Vec<Operation>) -> RoundTrip {
    round_trip_with(db, operations, |_| {})
}

fn snapshot(conn: &mut Connection) -> Snapshot {
    Snapshot {
        schema: schema(conn),
        rows: all_rows(conn),
    }
}

/// Table by table, so a difference names its table.
fn assert_same_schema(actual: &Schema, expected: &Schema, when: &str) {
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

/// Three categories, four dishes, three bookings; NULLs where allowed.
fn populate(conn: &mut Connection) {
    let category = |conn: &mut Connection, title: &str| {
        Category::create(conn, NewCategory { title: title.into() })
            .unwrap()
            .id
    };
    let (mains, desserts, drinks) = (
        category(conn, "Mains"),
        category(conn, "Desserts"),
        category(conn, "Drinks"),
    );
    let dish = |conn: &mut Connection,
                title: &str,
                price: &str,
                inventory,
                category_id,
                description: Option<&str>| {
        let new = NewMenu {
            title: title.into(),
            price: Decimal::from_str(price).unwrap(),
            inventory,
            category_id,
            description: description.map(String::from),
        };
        Menu::create(conn, new).unwrap().id
    };
    let pasta = dish(conn, "Pasta", "12.50", 10, mains, Some("fresh"));
    dish(conn, "Soup", "6.00", 0, mains, None);
    let cake = dish(conn, "Cake", "4.75", 3, desserts, Some("chocolate"));
    dish(conn, "Tea", "2.00", 20, drinks, None);
    let date = |day| NaiveDate::from_ymd_opt(2024, 5, day).unwrap();
    let bookings = [
        ("Ada", "Lovelace", 4, Some("window"), date(1), Some(pasta), true),
        ("Alan", "Turing", 2, None, date(2), None, false),
        ("Grace", "Hopper", 6, Some("birthday"), date(3), Some(cake), true),
    ];
    for (first, last, guests, comment, day, favourite, confirmed) in bookings {
        let new = NewBooking {
            first_name: first.into(),
            last_name: last.into(),
            guest_number: guests,
            comment: comment.map(String::from),
            booking_date: day,
            favourite_id: favourite,
            confirmed,
        };
        Booking::create(conn, new).unwrap();
    }
}

/// `rows` with `change` made to every row of `table`.
fn changed(
    rows: &BTreeMap<String, Vec<Row>>,
    table: &str,
    change: impl Fn(&mut Row),
) -> BTreeMap<String, Vec<Row>> {
    let mut rows = rows.clone();
    rows.get_mut(table)
        .unwrap_or_else(|| panic!("no table {table}"))
        .iter_mut()
        .for_each(change);
    rows
}

/// One column of a table, every row.
fn column(rows: &BTreeMap<String, Vec<Row>>, table: &str, name: &str) -> Vec<Option<String>> {
    rows[table].iter().map(|row| row[name].clone()).collect()
}

fn field(schema: &ModelSchema, name: &str) -> Column {
    schema
        .field(name)
        .unwrap_or_else(|| panic!("no field {name}"))
        .clone()
}

fn alter(model: &str, name: &str, field: Column) -> Operation {
    Operation::AlterField {
        model: model.into(),
        name: name.into(),
        field,
        preserve_default: true,
    }
}

fn add(model: &str, field: Column) -> Operation {
    Operation::AddField {
        model: model.into(),
        field,
        preserve_default: true,
    }
}

fn text(value: &str) -> Option<String> {
    Some(value.to_owned())
}

fn index(columns: &[&'static str], unique: bool) -> Index {
    Index {
        name: None,
        columns: columns.iter().map(|c| (*c).into()).collect(),
        unique,
    }
}

on_every_backend! {
    fn create_model_adds_an_empty_table_and_its_reverse_drops_it_keeping_every_row(db) {
        let mut review = ModelSchema::new(APP, "Review", "littlelemon_review", &[]);
        let mut dish = Column::new("dish_id", "dish_id", ColumnType::BigInt);
        dish.index = true;
        dish.foreign_key = Some(ForeignKeyTarget {
            app: APP.into(),
            model: "Menu".into(),
            table: MENU.into(),
            column: "id".into(),
            on_delete: OnDelete::Cascade,
        });
        review.columns = vec![
            field(Menu::schema(), "id"),
            dish,
            Column::new("stars", "stars", ColumnType::SmallInt),
        ]
        .into();
        let trip = round_trip(db, vec![create(&review)]);
        let mut expected = trip.before.rows.clone();
        expected.insert("littlelemon_review".into(), Vec::new());
        assert_eq!(trip.forwards.rows, expected);
        assert_eq!(trip.backwards.rows, trip.before.rows);
    }

    fn delete_model_drops_its_table_and_its_reverse_restores_the_schema_exactly(db) {
        let trip = round_trip(
            db,
            vec![Operation::DeleteModel {
                name: "Booking".into(),
            }],
        );
        let mut expected = trip.before.rows.clone();
        expected.remove(BOOKING);
        assert_eq!(trip.forwards.rows, expected);
        expected.insert(BOOKING.into(), Vec::new());
        assert_eq!(trip.backwards.rows, expected);
    }

    fn rename_model_keeps_its_table_and_every_row(db) {
        let trip = round_trip(
            db,
            vec![Operation::RenameModel {
                old_name: "Menu".into(),
                new_name: "Dish".into(),
            }],
        );
        assert_eq!(trip.forwards.schema, trip.before.schema);
        assert_eq!(trip.forwards.rows, trip.before.rows);
        assert_eq!(trip.backwards.rows, trip.before.rows);
    }

    /// The table's indexes and constraints take the new table's name, and
    /// the bookings' foreign key into it keeps protecting its rows.
    fn alter_model_table_renames_the_table_and_its_names_and_keeps_foreign_keys_into_it(db) {
        let operation = Operation::AlterModelTable {
            name: "Menu".into(),
            table: "littlelemon_dish".into(),
        };
        let trip = round_trip_with(db, vec![operation], |conn| {
            let booked = Booking::all(conn).unwrap()[0].favourite_id.unwrap();
            let delete = format!("DELETE FROM littlelemon_dish WHERE id = {booked}");
            let error = conn.batch_execute(&delete).unwrap_err();
            assert!(
                error.to_string().to_lowercase().contains("foreign key"),
                "{error}"
            );
            let dangling = "UPDATE littlelemon_booking SET favourite_id = 999";
            assert!(
                conn.batch_execute(dangling).is_err(),
                "a booking pointing at no dish was accepted"
            );
        });
        let mut expected = trip.before.rows.clone();
        let dishes = expected.remove(MENU).unwrap();
        expected.insert("littlelemon_dish".into(), dishes);
        assert_eq!(trip.forwards.rows, expected);
        assert_eq!(trip.backwards.rows, trip.before.rows);
    }

    fn add_field_nullable_fills_existing_rows_with_null_both_ways(db) {
        let calories = Column {
            nullable: true,
            ..Column::new("calories", "calories", ColumnType::Integer)
        };
        let trip = round_trip(db, vec![add("Menu", calories)]);
        assert_eq!(
            trip.forwards.rows,
            changed(&trip.before.rows, MENU, |row| {
                row.insert("calories".into(), None);
            })
        );
        assert_eq!(trip.backwards.rows, trip.before.rows);
    }

    /// The rows there get the one-off default; the column keeps none.
    fn add_field_not_null_with_a_one_off_default_fills_existing_rows_and_keeps_no_default(db) {
        let position = Column {
            default: Some(DefaultValue::Int(7)),
            ..Column::new("position", "position", ColumnType::Integer)
        };
        let operation = Operation::AddField {
            model: "Category".into(),
            field: position,
            preserve_default: false,
        };
        let trip = round_trip(db, vec![operation]);
        assert_eq!(
            trip.forwards.rows,
            changed(&trip.before.rows, CATEGORY, |row| {
                row.insert("position".into(), text("7"));
            })
        );
        assert_eq!(trip.backwards.rows, trip.before.rows);
    }

    fn add_field_with_a_default_fills_existing_rows_with_it_both_ways(db) {
        let tables = Column {
            default: Some(DefaultValue::Int(1)),
            ..Column::new("tables", "tables", ColumnType::SmallInt)
        };
        let trip = round_trip(db, vec![add("Booking", tables)]);
        assert_eq!(
            trip.forwards.rows,
            changed(&trip.before.rows, BOOKING, |row| {
                row.insert("tables".into(), text("1"));
            })
        );
        assert_eq!(trip.backwards.rows, trip.before.rows);
    }

    fn add_field_unique_adds_its_constraint_both_ways(db) {
        let slug = Column {
            nullable: true,
            unique: true,
            max_length: Some(50),
            ..Column::new("slug", "slug", ColumnType::Text)
        };
        let trip = round_trip(db, vec![add("Category", slug)]);
        assert_eq!(
            trip.forwards.rows,
            changed(&trip.before.rows, CATEGORY, |row| {
                row.insert("slug".into(), None);
            })
        );
        assert_eq!(trip.backwards.rows, trip.before.rows);
    }

    fn add_field_foreign_key_adds_an_indexed_key_both_ways(db) {
        let mut category = Column::new("category_id", "category_id", ColumnType::BigInt);
        category.nullable = true;
        category.index = true;
        category.foreign_key = field(Menu::schema(), "category_id")
            .foreign_key
            .map(|fk| ForeignKeyTarget {
                on_delete: OnDelete::SetNull,
                ..fk
            });
        let trip = round_trip(db, vec![add("Booking", category)]);
        assert_eq!(
            trip.forwards.rows,
            changed(&trip.before.rows, BOOKING, |row| {
                row.insert("category_id".into(), None);
            })
        );
        assert_eq!(trip.backwards.rows, trip.before.rows);
    }

    /// Undone, the column comes back in its place, with its index and its
    /// default in the rows.
    fn remove_field_drops_the_column_and_its_reverse_restores_it_in_place(db) {
        let trip = round_trip(
            db,
            vec![Operation::RemoveField {
                model: "Booking".into(),
                name: "guest_number".into(),
            }],
        );
        assert_eq!(
            trip.forwards.rows,
            changed(&trip.before.rows, BOOKING, |row| {
                row.remove("guest_number");
            })
        );
        assert_eq!(
            trip.backwards.rows,
            changed(&trip.before.rows, BOOKING, |row| {
                row.insert("guest_number".into(), text("2"));
            })
        );
    }

    fn remove_field_of_a_foreign_key_drops_the_key_first_and_its_reverse_restores_it(db) {
        let trip = round_trip(
            db,
            vec![Operation::RemoveField {
                model: "Booking".into(),
                name: "favourite_id".into(),
            }],
        );
        assert_eq!(
            trip.forwards.rows,
            changed(&trip.before.rows, BOOKING, |row| {
                row.remove("favourite_id");
            })
        );
        assert_eq!(
            trip.backwards.rows,
            changed(&trip.before.rows, BOOKING, |row| {
                row.insert("favourite_id".into(), None);
            })
        );
    }

    /// A `NOT NULL` column without default comes back holding its type's
    /// zero, and the index it was part of, removed first, comes back too.
    fn remove_field_without_default_comes_back_holding_zero(db) {
        let trip = round_trip(
            db,
            vec![
                Operation::RemoveIndex {
                    model: "Menu".into(),
                    index: index(&["title", "price"], false),
                },
                Operation::RemoveField {
                    model: "Menu".into(),
                    name: "price".into(),
                },
            ],
        );
        assert_eq!(
            trip.forwards.rows,
            changed(&trip.before.rows, MENU, |row| {
                row.remove("price");
            })
        );
        let restored = column(&trip.backwards.rows, MENU, "price");
        assert!(
            restored
                .iter()
                .all(|p| p.as_deref().map(|p| Decimal::from_str(p).unwrap()) == Some(Decimal::from(0))),
            "{restored:?}"
        );
        let others = |rows: &BTreeMap<String, Vec<Row>>| {
            changed(rows, MENU, |row| {
                row.remove("price");
            })
        };
        assert_eq!(others(&trip.backwards.rows), others(&trip.before.rows));
    }

    fn alter_field_type_keeps_values_both_ways(db) {
        let inventory = Column {
            ty: ColumnType::BigInt,
            ..field(Menu::schema(), "inventory")
        };
        let trip = round_trip(db, vec![alter("Menu", "inventory", inventory)]);
        assert_eq!(trip.forwards.rows, trip.before.rows);
        assert_eq!(trip.backwards.rows, trip.before.rows);
    }

    fn alter_field_from_text_to_integer_converts_values_both_ways(db) {
        let comment = Column {
            ty: ColumnType::Integer,
            ..field(Booking::schema(), "comment")
        };
        let operations = vec![
            Operation::RunSql {
                sql: "UPDATE littlelemon_booking SET comment = '12' WHERE comment IS NOT NULL".into(),
                reverse_sql: Some("UPDATE littlelemon_booking SET comment = comment WHERE 1 = 0".into()),
            },
            alter("Booking", "comment", comment),
        ];
        let trip = round_trip(db, operations);
        let numbers = vec![text("12"), None, text("12")];
        assert_eq!(column(&trip.forwards.rows, BOOKING, "comment"), numbers);
        assert_eq!(column(&trip.backwards.rows, BOOKING, "comment"), numbers);
    }

    fn alter_field_from_boolean_to_small_integer_converts_values_both_ways(db) {
        let confirmed = Column {
            ty: ColumnType::SmallInt,
            default: Some(DefaultValue::Int(1)),
            ..field(Booking::schema(), "confirmed")
        };
        let trip = round_trip(db, vec![alter("Booking", "confirmed", confirmed)]);
        assert_eq!(
            column(&trip.forwards.rows, BOOKING, "confirmed"),
            [text("1"), text("0"), text("1")]
        );
        assert_eq!(trip.backwards.rows, trip.before.rows);
    }

    fn alter_field_max_length_keeps_values_both_ways(db) {
        let title = Column {
            max_length: Some(300),
            ..field(Menu::schema(), "title")
        };
        let trip = round_trip(db, vec![alter("Menu", "title", title)]);
        assert_eq!(trip.forwards.rows, trip.before.rows);
        assert_eq!(trip.backwards.rows, trip.before.rows);
    }

    fn alter_field_decimal_precision_keeps_values_both_ways(db) {
        let price = Column {
            max_digits: Some(8),
            decimal_places: Some(3),
            ..field(Menu::schema(), "price")
        };
        let trip = round_trip(db, vec![alter("Menu", "price", price)]);
        let prices = |rows| -> Vec<Decimal> {
            column(rows, MENU, "price")
                .into_iter()
                .map(|p| Decimal::from_str(&p.unwrap()).unwrap().normalized())
                .collect()
        };
        assert_eq!(prices(&trip.forwards.rows), prices(&trip.before.rows));
        assert_eq!(trip.backwards.rows, trip.before.rows);
    }

    /// The rows holding `NULL` get the one-off default, which stays in them
    /// once the column allows `NULL` again.
    fn alter_field_to_not_null_with_a_one_off_default_keeps_rows_both_ways(db) {
        let description = Column {
            nullable: false,
            default: Some(DefaultValue::Text("n/a".into())),
            ..field(Menu::schema(), "description")
        };
        let operation = Operation::AlterField {
            model: "Menu".into(),
            name: "description".into(),
            field: description,
            preserve_default: false,
        };
        let trip = round_trip(db, vec![operation]);
        let filled = changed(&trip.before.rows, MENU, |row| {
            row.entry("description".into())
                .or_default()
                .get_or_insert_with(|| "n/a".into());
        });
        assert_eq!(trip.forwards.rows, filled);
        assert_eq!(trip.backwards.rows, filled);
    }

    fn alter_field_to_nullable_keeps_values_both_ways(db) {
        let date = Column {
            nullable: true,
            ..field(Booking::schema(), "booking_date")
        };
        let trip = round_trip(db, vec![alter("Booking", "booking_date", date)]);
        assert_eq!(trip.forwards.rows, trip.before.rows);
        assert_eq!(trip.backwards.rows, trip.before.rows);
    }

    fn alter_field_default_changes_only_the_default_both_ways(db) {
        let inventory = Column {
            default: Some(DefaultValue::Int(5)),
            ..field(Menu::schema(), "inventory")
        };
        let trip = round_trip(db, vec![alter("Menu", "inventory", inventory)]);
        assert_eq!(trip.forwards.rows, trip.before.rows);
        assert_eq!(trip.backwards.rows, trip.before.rows);
    }

    fn alter_field_to_unique_adds_the_constraint_both_ways(db) {
        let title = Column {
            unique: true,
            ..field(Menu::schema(), "title")
        };
        let trip = round_trip(db, vec![alter("Menu", "title", title)]);
        assert_eq!(trip.forwards.rows, trip.before.rows);
        assert_eq!(trip.backwards.rows, trip.before.rows);
    }

    fn alter_field_from_unique_to_indexed_swaps_the_constraint_for_an_index_both_ways(db) {
        let title = Column {
            unique: false,
            index: true,
            ..field(Category::schema(), "title")
        };
        let trip = round_trip(db, vec![alter("Category", "title", title)]);
        assert_eq!(trip.forwards.rows, trip.before.rows);
        assert_eq!(trip.backwards.rows, trip.before.rows);
    }

    fn alter_field_index_off_and_on_keeps_rows_both_ways(db) {
        let guests = Column {
            index: false,
            ..field(Booking::schema(), "guest_number")
        };
        let inventory = Column {
            index: true,
            ..field(Menu::schema(), "inventory")
        };
        let trip = round_trip(
            db,
            vec![
                alter("Booking", "guest_number", guests),
                alter("Menu", "inventory", inventory),
            ],
        );
        assert_eq!(trip.forwards.rows, trip.before.rows);
        assert_eq!(trip.backwards.rows, trip.before.rows);
    }

    fn alter_field_on_delete_replaces_the_foreign_key_both_ways(db) {
        let mut category = field(Menu::schema(), "category_id");
        category.foreign_key.as_mut().unwrap().on_delete = OnDelete::Protect;
        let trip = round_trip(db, vec![alter("Menu", "category_id", category)]);
        assert_eq!(trip.forwards.rows, trip.before.rows);
        assert_eq!(trip.backwards.rows, trip.before.rows);
    }

    /// Forwards the key and its index go and the column stays; backwards
    /// the key comes back, checked against the rows.
    fn alter_field_without_its_foreign_key_keeps_the_column_both_ways(db) {
        let favourite = Column {
            foreign_key: None,
            index: false,
            ..field(Booking::schema(), "favourite_id")
        };
        let trip = round_trip(db, vec![alter("Booking", "favourite_id", favourite)]);
        assert_eq!(trip.forwards.rows, trip.before.rows);
        assert_eq!(trip.backwards.rows, trip.before.rows);
    }

    /// A foreign key without an index of its own gets one from MySQL, which
    /// must not outlive it.
    fn alter_field_dropping_an_unindexed_foreign_key_leaves_no_index_behind(db) {
        let unindexed = Column {
            index: false,
            ..field(Booking::schema(), "favourite_id")
        };
        let plain = Column {
            foreign_key: None,
            ..unindexed.clone()
        };
        let trip = round_trip(
            db,
            vec![
                alter("Booking", "favourite_id", unindexed),
                alter("Booking", "favourite_id", plain),
            ],
        );
        assert_eq!(trip.forwards.rows, trip.before.rows);
        assert_eq!(trip.backwards.rows, trip.before.rows);
    }

    fn alter_field_changing_null_index_and_foreign_key_at_once_keeps_rows_both_ways(db) {
        let mut category = field(Menu::schema(), "category_id");
        category.nullable = true;
        category.index = false;
        category.foreign_key.as_mut().unwrap().on_delete = OnDelete::SetNull;
        let trip = round_trip(db, vec![alter("Menu", "category_id", category)]);
        assert_eq!(trip.forwards.rows, trip.before.rows);
        assert_eq!(trip.backwards.rows, trip.before.rows);
    }

    /// The column is renamed, and so is the unique constraint naming it.
    fn alter_field_column_name_renames_the_column_and_the_names_over_it(db) {
        let last_name = Column {
            name: "last_name".into(),
            ..field(Booking::schema(), "last_name")
        };
        let trip = round_trip(db, vec![alter("Booking", "last_name", last_name)]);
        assert_eq!(
            trip.forwards.rows,
            changed(&trip.before.rows, BOOKING, |row| {
                let value = row.remove("surname").unwrap();
                row.insert("last_name".into(), value);
            })
        );
        assert_eq!(trip.backwards.rows, trip.before.rows);
    }

    fn rename_field_renames_its_column_index_and_foreign_key_both_ways(db) {
        let operation = Operation::RenameField {
            model: "Menu".into(),
            old_name: "category_id".into(),
            new_name: "category".into(),
        };
        let trip = round_trip(db, vec![operation]);
        assert_eq!(
            trip.forwards.rows,
            changed(&trip.before.rows, MENU, |row| {
                let value = row.remove("category_id").unwrap();
                row.insert("category".into(), value);
            })
        );
        assert_eq!(trip.backwards.rows, trip.before.rows);
    }

    /// `last_name` is stored in `surname`: renaming the field leaves the
    /// database alone.
    fn rename_field_stored_under_another_name_changes_nothing_in_the_database(db) {
        let operation = Operation::RenameField {
            model: "Booking".into(),
            old_name: "last_name".into(),
            new_name: "family_name".into(),
        };
        let trip = round_trip(db, vec![operation]);
        assert_eq!(trip.forwards.schema, trip.before.schema);
        assert_eq!(trip.forwards.rows, trip.before.rows);
        assert_eq!(trip.backwards.rows, trip.before.rows);
    }

    /// The dishes' foreign key follows the category's renamed key.
    fn rename_field_of_a_primary_key_keeps_the_foreign_keys_into_it(db) {
        let operation = Operation::RenameField {
            model: "Category".into(),
            old_name: "id".into(),
            new_name: "code".into(),
        };
        let trip = round_trip_with(db, vec![operation], |conn| {
            let dangling = "UPDATE littlelemon_menu SET category_id = 999";
            assert!(
                conn.batch_execute(dangling).is_err(),
                "a dish pointing at no category was accepted"
            );
        });
        assert_eq!(
            trip.forwards.rows,
            changed(&trip.before.rows, CATEGORY, |row| {
                let value = row.remove("id").unwrap();
                row.insert("code".into(), value);
            })
        );
        assert_eq!(trip.backwards.rows, trip.before.rows);
    }

    fn add_index_and_remove_index_keep_rows_both_ways(db) {
        let operations = vec![
            Operation::AddIndex {
                model: "Booking".into(),
                index: index(&["booking_date", "guest_number"], false),
            },
            Operation::RemoveIndex {
                model: "Menu".into(),
                index: index(&["title", "price"], false),
            },
        ];
        let trip = round_trip(db, operations);
        assert_eq!(trip.forwards.rows, trip.before.rows);
        assert_eq!(trip.backwards.rows, trip.before.rows);
    }

    fn alter_unique_together_replaces_the_constraints_both_ways(db) {
        let operations = vec![
            Operation::AlterUniqueTogether {
                model: "Booking".into(),
                unique_together: vec![vec!["first_name".into(), "booking_date".into()]],
            },
            Operation::AlterUniqueTogether {
                model: "Menu".into(),
                unique_together: vec![vec!["title".into(), "category_id".into()]],
            },
        ];
        let trip = round_trip(db, operations);
        assert_eq!(trip.forwards.rows, trip.before.rows);
        assert_eq!(trip.backwards.rows, trip.before.rows);
    }

    fn run_sql_runs_forwards_and_its_reverse_backwards(db) {
        let operation = Operation::RunSql {
            sql: "INSERT INTO littlelemon_category (title) VALUES ('Specials')".into(),
            reverse_sql: Some("DELETE FROM littlelemon_category WHERE title = 'Specials'".into()),
        };
        let trip = round_trip(db, vec![operation]);
        let titles = column(&trip.forwards.rows, CATEGORY, "title");
        assert_eq!(
            titles,
            [text("Mains"), text("Desserts"), text("Drinks"), text("Specials")]
        );
        assert_eq!(trip.backwards.rows, trip.before.rows);
    }
}
