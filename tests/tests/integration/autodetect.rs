//! The autodetector, without a database: each kind of change between two
//! hand-built states becomes the operation Django would write, in an order
//! that runs; the questions are asked as Django asks them; the migrations
//! are numbered, named and linked like Django's.

use std::collections::BTreeMap;

use model_migrations::autodetect::{arrange, detect, Interactive, NonInteractive, Questioner};
use model_migrations::MigrationError;
use model_migrations::{Migration, MigrationGraph, MigrationKey, Operation, ProjectState};
use model_runtime::schema::{
    Column, ColumnType, DefaultValue, ForeignKeyTarget, Index, ModelSchema, Name, OnDelete,
};
use model_runtime::Model;

fn column(field: &str, ty: ColumnType) -> Column {
    Column {
        field: Name::Owned(field.to_owned()),
        name: Name::Owned(field.to_owned()),
        ..Column::new("", "", ty)
    }
}

fn id() -> Column {
    Column {
        primary_key: true,
        auto_increment: true,
        ..column("id", ColumnType::BigInt)
    }
}

fn text(field: &str, max_length: u32) -> Column {
    Column {
        max_length: Some(max_length),
        ..column(field, ColumnType::Text)
    }
}

fn nullable(column: Column) -> Column {
    Column {
        nullable: true,
        ..column
    }
}

fn with_default(column: Column, default: DefaultValue) -> Column {
    Column {
        default: Some(default),
        ..column
    }
}

/// A foreign key to `app.model` (table `app_model`, key `id`), indexed as the derive does.
fn foreign_key(field: &str, app: &str, model: &str, on_delete: OnDelete) -> Column {
    Column {
        index: true,
        foreign_key: Some(ForeignKeyTarget {
            app: Name::Owned(app.to_owned()),
            model: Name::Owned(model.to_owned()),
            table: Name::Owned(format!("{app}_{}", model.to_lowercase())),
            column: Name::Borrowed("id"),
            on_delete,
        }),
        ..column(field, ColumnType::BigInt)
    }
}

fn model(app: &str, name: &str, columns: Vec<Column>) -> ModelSchema {
    ModelSchema {
        app: Name::Owned(app.to_owned()),
        name: Name::Owned(name.to_owned()),
        table: Name::Owned(format!("{app}_{}", name.to_lowercase())),
        columns: columns.into(),
        indexes: Vec::new().into(),
        renamed_from: None,
    }
}

fn with_indexes(model: ModelSchema, indexes: &[(&[&str], bool)]) -> ModelSchema {
    ModelSchema {
        indexes: indexes
            .iter()
            .map(|(columns, unique)| index(columns, *unique))
            .collect::<Vec<_>>()
            .into(),
        ..model
    }
}

fn index(columns: &[&str], unique: bool) -> Index {
    Index {
        name: None,
        columns: columns
            .iter()
            .map(|c| Name::Owned(c.to_string()))
            .collect::<Vec<_>>()
            .into(),
        unique,
    }
}

fn state(models: impl IntoIterator<Item = ModelSchema>) -> ProjectState {
    ProjectState::from_models(models)
}

fn menu() -> ModelSchema {
    model("shop", "Menu", vec![id(), text("title", 255)])
}

/// Answers renames from a list of (old, new) names and defaults with `default`,
/// remembering what it was asked.
#[derive(Default)]
struct Scripted {
    renames: Vec<(&'static str, &'static str)>,
    default: Option<DefaultValue>,
    asked: Vec<String>,
}

impl Questioner for Scripted {
    fn ask_rename_model(
        &mut self,
        app: &str,
        old: &ModelSchema,
        new: &ModelSchema,
    ) -> model_migrations::Result<bool> {
        self.asked
            .push(format!("rename model {app}.{} -> {}", old.name, new.name));
        Ok(self.renames.contains(&(old.name.as_ref(), new.name.as_ref())))
    }

    fn ask_rename_field(
        &mut self,
        _app: &str,
        model: &str,
        old: &Column,
        new: &Column,
    ) -> model_migrations::Result<bool> {
        self.asked
            .push(format!("rename field {model}.{} -> {}", old.field, new.field));
        Ok(self.renames.contains(&(old.field.as_ref(), new.field.as_ref())))
    }

    fn ask_not_null_default(
        &mut self,
        _app: &str,
        model: &str,
        field: &Column,
        adding: bool,
    ) -> model_migrations::Result<DefaultValue> {
        self.asked
            .push(format!("default {model}.{} adding={adding}", field.field));
        self.default.clone().ok_or_else(|| MigrationError::NeedsInput {
            question: "no default scripted".into(),
        })
    }
}

fn ops(changes: &BTreeMap<String, Vec<Operation>>, app: &str) -> Vec<String> {
    changes
        .get(app)
        .into_iter()
        .flatten()
        .map(ToString::to_string)
        .collect()
}

fn only(changes: BTreeMap<String, Vec<Operation>>, app: &str) -> Vec<Operation> {
    assert_eq!(changes.keys().collect::<Vec<_>>(), [app], "{changes:#?}");
    changes.into_iter().next().unwrap().1
}

#[test]
fn no_difference_is_an_empty_map() {
    let current = state([menu(), model("shop", "Booking", vec![id()])]);
    assert!(detect(&current, &current, &mut NonInteractive)
        .unwrap()
        .is_empty());
}

#[test]
fn a_new_model_is_created_with_its_fields_and_indexes() {
    let booking = with_indexes(
        model(
            "shop",
            "Booking",
            vec![
                id(),
                text("first", 50),
                text("last", 50),
                column("day", ColumnType::Date),
            ],
        ),
        &[(&["first", "last", "day"], true), (&["day", "last"], false)],
    );
    let changes = only(
        detect(&state([]), &state([booking.clone()]), &mut NonInteractive).unwrap(),
        "shop",
    );
    assert_eq!(
        changes,
        [Operation::CreateModel {
            name: "Booking".into(),
            table: "shop_booking".into(),
            fields: booking.columns.to_vec(),
            indexes: booking.indexes.to_vec(),
        }]
    );
}

#[test]
fn a_model_gone_is_deleted() {
    let changes = only(
        detect(&state([menu()]), &state([]), &mut NonInteractive).unwrap(),
        "shop",
    );
    assert_eq!(changes, [Operation::DeleteModel { name: "Menu".into() }]);
}

#[test]
fn a_new_table_name_is_alter_model_table() {
    let moved = ModelSchema {
        table: "menu_items".into(),
        ..menu()
    };
    let changes = only(
        detect(&state([menu()]), &state([moved]), &mut NonInteractive).unwrap(),
        "shop",
    );
    assert_eq!(
        changes,
        [Operation::AlterModelTable {
            name: "Menu".into(),
            table: "menu_items".into()
        }]
    );
}

#[test]
fn renamed_from_renames_a_model_and_its_table_without_asking() {
    let dish = ModelSchema {
        renamed_from: Some("Menu".into()),
        columns: vec![
            id(),
            text("title", 255),
            nullable(column("notes", ColumnType::Text)),
        ]
        .into(),
        ..model("shop", "Dish", vec![])
    };
    let order = model(
        "shop",
        "Order",
        vec![id(), foreign_key("item_id", "shop", "Menu", OnDelete::Cascade)],
    );
    let order_after = model(
        "shop",
        "Order",
        vec![id(), foreign_key("item_id", "shop", "Dish", OnDelete::Cascade)],
    );
    let mut questioner = Scripted::default();
    let changes = detect(
        &state([menu(), order]),
        &state([dish, order_after]),
        &mut questioner,
    )
    .unwrap();
    assert_eq!(
        ops(&changes, "shop"),
        [
            "Rename model Menu to Dish",
            "Rename table for dish to shop_dish",
            "Add field notes to dish",
        ]
    );
    assert!(questioner.asked.is_empty(), "{:?}", questioner.asked);
}

#[test]
fn a_model_of_the_same_shape_is_a_rename_when_the_questioner_says_so() {
    let dish = model("shop", "Dish", vec![id(), text("title", 255)]);
    let mut yes = Scripted {
        renames: vec![("Menu", "Dish")],
        ..Scripted::default()
    };
    let changes = detect(&state([menu()]), &state([dish.clone()]), &mut yes).unwrap();
    assert_eq!(yes.asked, ["rename model shop.Menu -> Dish"]);
    assert_eq!(
        ops(&changes, "shop"),
        ["Rename model Menu to Dish", "Rename table for dish to shop_dish"]
    );

    let mut no = Scripted::default();
    let changes = detect(&state([menu()]), &state([dish.clone()]), &mut no).unwrap();
    assert_eq!(no.asked, ["rename model shop.Menu -> Dish"]);
    assert_eq!(ops(&changes, "shop"), ["Delete model Menu", "Create model Dish"]);

    // A different shape is not a candidate: no question.
    let other = model("shop", "Dish", vec![id(), text("title", 100)]);
    let mut never = Scripted::default();
    detect(&state([menu()]), &state([other]), &mut never).unwrap();
    assert!(never.asked.is_empty());
}

#[test]
fn a_field_with_a_default_is_added_without_a_question() {
    let after = model(
        "shop",
        "Menu",
        vec![
            id(),
            text("title", 255),
            with_default(column("inventory", ColumnType::Integer), DefaultValue::Int(0)),
        ],
    );
    let mut questioner = Scripted::default();
    let changes = only(
        detect(&state([menu()]), &state([after.clone()]), &mut questioner).unwrap(),
        "shop",
    );
    assert_eq!(
        changes,
        [Operation::AddField {
            model: "Menu".into(),
            field: after.columns[2].clone(),
            preserve_default: true,
        }]
    );
    assert!(questioner.asked.is_empty());
}

#[test]
fn a_not_null_field_without_default_gets_a_one_off_default() {
    let after = model(
        "shop",
        "Menu",
        vec![id(), text("title", 255), column("inventory", ColumnType::Integer)],
    );
    let mut questioner = Scripted {
        default: Some(DefaultValue::Int(7)),
        ..Scripted::default()
    };
    let changes = only(
        detect(&state([menu()]), &state([after]), &mut questioner).unwrap(),
        "shop",
    );
    assert_eq!(questioner.asked, ["default Menu.inventory adding=true"]);
    assert_eq!(
        changes,
        [Operation::AddField {
            model: "Menu".into(),
            field: with_default(column("inventory", ColumnType::Integer), DefaultValue::Int(7)),
            preserve_default: false,
        }]
    );
}

#[test]
fn a_nullable_field_made_not_null_gets_a_one_off_default() {
    let before = model("shop", "Menu", vec![id(), nullable(text("title", 255))]);
    let mut questioner = Scripted {
        default: Some(DefaultValue::Text("untitled".into())),
        ..Scripted::default()
    };
    let changes = only(
        detect(&state([before]), &state([menu()]), &mut questioner).unwrap(),
        "shop",
    );
    assert_eq!(questioner.asked, ["default Menu.title adding=false"]);
    assert_eq!(
        changes,
        [Operation::AlterField {
            model: "Menu".into(),
            name: "title".into(),
            field: with_default(text("title", 255), DefaultValue::Text("untitled".into())),
            preserve_default: false,
        }]
    );
}

#[test]
fn no_input_refuses_a_needed_default_naming_the_field_and_the_attribute() {
    let after = model(
        "shop",
        "Menu",
        vec![id(), text("title", 255), column("inventory", ColumnType::Integer)],
    );
    let error = detect(&state([menu()]), &state([after]), &mut NonInteractive).unwrap_err();
    let message = error.to_string();
    assert!(matches!(error, MigrationError::NeedsInput { .. }), "{error:?}");
    assert!(message.contains("shop.Menu.inventory"), "{message}");
    assert!(message.contains("#[field(default = ...)]"), "{message}");
}

#[test]
fn a_field_gone_is_removed() {
    let before = model(
        "shop",
        "Menu",
        vec![
            id(),
            text("title", 255),
            nullable(column("comment", ColumnType::Text)),
        ],
    );
    let changes = only(
        detect(&state([before]), &state([menu()]), &mut NonInteractive).unwrap(),
        "shop",
    );
    assert_eq!(
        changes,
        [Operation::RemoveField {
            model: "Menu".into(),
            name: "comment".into()
        }]
    );
}

#[test]
fn every_difference_of_a_column_but_its_rename_hint_is_alter_field() {
    let price = || Column {
        max_digits: Some(6),
        decimal_places: Some(2),
        ..column("price", ColumnType::Decimal)
    };
    let category = || foreign_key("category_id", "shop", "Category", OnDelete::Cascade);
    let cases: Vec<(&str, Column, Column)> = vec![
        (
            "type",
            column("count", ColumnType::Integer),
            column("count", ColumnType::BigInt),
        ),
        (
            "null",
            column("count", ColumnType::Integer),
            nullable(column("count", ColumnType::Integer)),
        ),
        (
            "default",
            column("count", ColumnType::Integer),
            with_default(column("count", ColumnType::Integer), DefaultValue::Int(1)),
        ),
        ("max_length", text("name", 10), text("name", 20)),
        (
            "max_digits",
            price(),
            Column {
                max_digits: Some(8),
                ..price()
            },
        ),
        (
            "decimal_places",
            price(),
            Column {
                decimal_places: Some(3),
                ..price()
            },
        ),
        (
            "unique",
            text("name", 10),
            Column {
                unique: true,
                ..text("name", 10)
            },
        ),
        (
            "index",
            text("name", 10),
            Column {
                index: true,
                ..text("name", 10)
            },
        ),
        (
            "column",
            text("name", 10),
            Column {
                name: "label".into(),
                ..text("name", 10)
            },
        ),
        (
            "on_delete",
            category(),
            foreign_key("category_id", "shop", "Category", OnDelete::Protect),
        ),
        (
            "foreign key",
            column("category_id", ColumnType::BigInt),
            category(),
        ),
    ];
    let parent = model("shop", "Category", vec![id()]);
    for (what, old, new) in cases {
        let before = state([parent.clone(), model("shop", "Item", vec![id(), old])]);
        let after = state([parent.clone(), model("shop", "Item", vec![id(), new.clone()])]);
        let changes = only(detect(&before, &after, &mut NonInteractive).unwrap(), "shop");
        let expected = Operation::AlterField {
            model: "Item".into(),
            name: new.field.to_string(),
            field: new.clone(),
            preserve_default: true,
        };
        assert_eq!(changes, [expected], "{what}");
    }
    let hinted = Column {
        renamed_from: Some("old_name".into()),
        ..text("title", 255)
    };
    let after = state([model("shop", "Menu", vec![id(), hinted])]);
    assert!(detect(&state([menu()]), &after, &mut NonInteractive)
        .unwrap()
        .is_empty());
}

#[test]
fn a_field_of_the_same_definition_is_a_rename_when_the_questioner_says_so() {
    let before = model(
        "shop",
        "Booking",
        vec![id(), nullable(column("comment", ColumnType::Text))],
    );
    let after = model(
        "shop",
        "Booking",
        vec![id(), nullable(column("notes", ColumnType::Text))],
    );
    let mut yes = Scripted {
        renames: vec![("comment", "notes")],
        ..Scripted::default()
    };
    let changes = only(
        detect(&state([before.clone()]), &state([after.clone()]), &mut yes).unwrap(),
        "shop",
    );
    assert_eq!(yes.asked, ["rename field Booking.comment -> notes"]);
    assert_eq!(
        changes,
        [Operation::RenameField {
            model: "Booking".into(),
            old_name: "comment".into(),
            new_name: "notes".into()
        }]
    );

    let mut no = Scripted::default();
    let changes = detect(&state([before.clone()]), &state([after.clone()]), &mut no).unwrap();
    assert_eq!(no.asked, ["rename field Booking.comment -> notes"]);
    assert_eq!(
        ops(&changes, "shop"),
        ["Remove field comment from booking", "Add field notes to booking"]
    );

    let changes = detect(&state([before]), &state([after]), &mut NonInteractive).unwrap();
    assert_eq!(
        ops(&changes, "shop"),
        ["Remove field comment from booking", "Add field notes to booking"]
    );
}

#[test]
fn renamed_from_renames_a_field_then_alters_what_else_changed() {
    let before = model(
        "shop",
        "Booking",
        vec![id(), nullable(column("comment", ColumnType::Text))],
    );
    let notes = Column {
        renamed_from: Some("comment".into()),
        ..nullable(text("notes", 500))
    };
    let mut questioner = Scripted::default();
    let changes = only(
        detect(
            &state([before]),
            &state([model("shop", "Booking", vec![id(), notes])]),
            &mut questioner,
        )
        .unwrap(),
        "shop",
    );
    assert!(questioner.asked.is_empty());
    assert_eq!(
        changes,
        [
            Operation::RenameField {
                model: "Booking".into(),
                old_name: "comment".into(),
                new_name: "notes".into()
            },
            Operation::AlterField {
                model: "Booking".into(),
                name: "notes".into(),
                field: nullable(text("notes", 500)),
                preserve_default: true,
            },
        ]
    );
}

#[test]
fn indexes_and_unique_groups_follow_the_target() {
    let columns = || {
        vec![
            id(),
            text("first", 50),
            text("last", 50),
            column("day", ColumnType::Date),
        ]
    };
    let before = with_indexes(
        model("shop", "Booking", columns()),
        &[(&["first", "last"], true), (&["day"], false)],
    );
    let after = with_indexes(
        model("shop", "Booking", columns()),
        &[(&["first", "last", "day"], true), (&["last", "day"], false)],
    );
    let changes = only(
        detect(&state([before]), &state([after]), &mut NonInteractive).unwrap(),
        "shop",
    );
    assert_eq!(
        changes,
        [
            Operation::RemoveIndex {
                model: "Booking".into(),
                index: index(&["day"], false)
            },
            Operation::AlterUniqueTogether {
                model: "Booking".into(),
                unique_together: vec![]
            },
            Operation::AddIndex {
                model: "Booking".into(),
                index: index(&["last", "day"], false)
            },
            Operation::AlterUniqueTogether {
                model: "Booking".into(),
                unique_together: vec![vec!["first".into(), "last".into(), "day".into()]]
            },
        ]
    );
}

#[test]
fn an_index_over_a_removed_field_is_removed_first_and_one_over_a_renamed_column_is_kept() {
    let before = with_indexes(
        model(
            "shop",
            "Booking",
            vec![id(), text("first", 50), text("last", 50), text("note", 50)],
        ),
        &[(&["first", "last"], true), (&["last", "note"], false)],
    );
    let after = with_indexes(
        model(
            "shop",
            "Booking",
            vec![
                id(),
                text("first", 50),
                Column {
                    name: "surname".into(),
                    ..text("last", 50)
                },
            ],
        ),
        &[(&["first", "surname"], true)],
    );
    let changes = detect(&state([before]), &state([after]), &mut NonInteractive).unwrap();
    assert_eq!(
        ops(&changes, "shop"),
        [
            "Remove index on last, note from model booking",
            "Remove field note from booking",
            "Alter field last on booking",
        ]
    );
}

#[test]
fn models_are_created_after_the_models_they_point_at() {
    let after = state([
        model(
            "alpha",
            "Order",
            vec![id(), foreign_key("dish_id", "zeta", "Dish", OnDelete::Cascade)],
        ),
        model(
            "zeta",
            "Dish",
            vec![id(), foreign_key("kind_id", "zeta", "Kind", OnDelete::Protect)],
        ),
        model(
            "zeta",
            "Kind",
            vec![id(), foreign_key("parent_id", "zeta", "Kind", OnDelete::SetNull)],
        ),
    ]);
    let changes = detect(&state([]), &after, &mut NonInteractive).unwrap();
    assert_eq!(ops(&changes, "zeta"), ["Create model Kind", "Create model Dish"]);
    assert_eq!(ops(&changes, "alpha"), ["Create model Order"]);

    let migrations = arrange(changes, &MigrationGraph::default(), None).unwrap();
    let keys: Vec<String> = migrations.iter().map(|m| m.key().to_string()).collect();
    assert_eq!(keys, ["zeta.0001_initial", "alpha.0001_initial"]);
    assert_eq!(
        migrations[1].dependencies,
        [MigrationKey::new("zeta", "0001_initial")]
    );
}

#[test]
fn models_pointing_at_each_other_are_created_then_linked() {
    let after = state([
        model(
            "shop",
            "Chef",
            vec![
                id(),
                nullable(foreign_key("signature_id", "shop", "Dish", OnDelete::SetNull)),
            ],
        ),
        model(
            "shop",
            "Dish",
            vec![id(), foreign_key("chef_id", "shop", "Chef", OnDelete::Cascade)],
        ),
    ]);
    let changes = detect(&state([]), &after, &mut NonInteractive).unwrap();
    assert_eq!(
        ops(&changes, "shop"),
        [
            "Create model Dish",
            "Create model Chef",
            "Add field chef_id to dish"
        ]
    );

    // Across apps, the circle is cut into migrations as Django cuts it.
    let after = state([
        model(
            "kitchen",
            "Chef",
            vec![
                id(),
                nullable(foreign_key("signature_id", "menu", "Dish", OnDelete::SetNull)),
            ],
        ),
        model(
            "menu",
            "Dish",
            vec![id(), foreign_key("chef_id", "kitchen", "Chef", OnDelete::Cascade)],
        ),
    ]);
    let changes = detect(&state([]), &after, &mut NonInteractive).unwrap();
    let migrations = arrange(changes, &MigrationGraph::default(), None).unwrap();
    let keys: Vec<String> = migrations.iter().map(|m| m.key().to_string()).collect();
    assert_eq!(
        keys,
        ["menu.0001_initial", "kitchen.0001_initial", "menu.0002_initial"]
    );
    assert_eq!(migrations[2].dependencies.len(), 2);
    replays_to(&MigrationGraph::default(), &migrations, &after);
}

#[test]
fn dependents_and_foreign_keys_go_before_what_they_point_at() {
    let before = state([
        model(
            "alpha",
            "Review",
            vec![id(), foreign_key("dish_id", "zeta", "Dish", OnDelete::Cascade)],
        ),
        model(
            "alpha",
            "Tip",
            vec![id(), foreign_key("dish_id", "zeta", "Dish", OnDelete::Cascade)],
        ),
        model(
            "zeta",
            "Dish",
            vec![id(), foreign_key("kind_id", "zeta", "Kind", OnDelete::Protect)],
        ),
        model("zeta", "Kind", vec![id()]),
    ]);
    let after = state([model("alpha", "Tip", vec![id()])]);
    let changes = detect(&before, &after, &mut NonInteractive).unwrap();
    assert_eq!(
        ops(&changes, "alpha"),
        ["Remove field dish_id from tip", "Delete model Review"]
    );
    assert_eq!(ops(&changes, "zeta"), ["Delete model Dish", "Delete model Kind"]);

    let graph = graph_of(&before);
    let migrations = arrange(changes, &graph, None).unwrap();
    let zeta = migrations.iter().find(|m| m.app == "zeta").unwrap();
    assert!(zeta.dependencies.contains(&MigrationKey::new(
        "alpha",
        "0002_remove_tip_dish_id_delete_review"
    )));
    replays_to(&graph, &migrations, &after);
}

#[test]
fn deleted_models_pointing_at_each_other_lose_a_key_first() {
    let before = state([
        model(
            "shop",
            "Chef",
            vec![
                id(),
                nullable(foreign_key("signature_id", "shop", "Dish", OnDelete::SetNull)),
            ],
        ),
        model(
            "shop",
            "Dish",
            vec![id(), foreign_key("chef_id", "shop", "Chef", OnDelete::Cascade)],
        ),
    ]);
    let changes = detect(&before, &state([]), &mut NonInteractive).unwrap();
    assert_eq!(
        ops(&changes, "shop"),
        [
            "Remove field chef_id from dish",
            "Delete model Chef",
            "Delete model Dish"
        ]
    );
}

#[test]
fn a_foreign_key_moved_to_a_new_model_is_moved_before_the_old_one_goes() {
    let before = state([
        model("shop", "Kind", vec![id()]),
        model(
            "shop",
            "Dish",
            vec![id(), foreign_key("kind_id", "shop", "Kind", OnDelete::Cascade)],
        ),
    ]);
    let after = state([
        model("shop", "Course", vec![id(), text("name", 20)]),
        model(
            "shop",
            "Dish",
            vec![id(), foreign_key("kind_id", "shop", "Course", OnDelete::Cascade)],
        ),
    ]);
    let changes = detect(&before, &after, &mut NonInteractive).unwrap();
    assert_eq!(
        ops(&changes, "shop"),
        [
            "Create model Course",
            "Alter field kind_id on dish",
            "Delete model Kind"
        ]
    );
}

// ---- arrange: numbers, names, dependencies ----

/// A graph of one initial migration per app creating `state`'s models.
fn graph_of(state: &ProjectState) -> MigrationGraph {
    let changes = detect(&ProjectState::new(), state, &mut NonInteractive).unwrap();
    MigrationGraph::new(arrange(changes, &MigrationGraph::default(), None).unwrap()).unwrap()
}

/// Asserts that `graph` plus `migrations` leads exactly to `target`, so that
/// detecting again finds nothing.
fn replays_to(graph: &MigrationGraph, migrations: &[Migration], target: &ProjectState) {
    let all: Vec<Migration> = graph
        .ordered()
        .into_iter()
        .cloned()
        .chain(migrations.iter().cloned())
        .collect();
    let reached = MigrationGraph::new(all).unwrap().final_state().unwrap();
    let again = detect(&reached, target, &mut NonInteractive).unwrap();
    assert!(again.is_empty(), "detected again: {again:#?}");
}

#[test]
fn migrations_are_numbered_and_named_like_djangos() {
    let booking = || {
        model(
            "shop",
            "Booking",
            vec![id(), nullable(column("comment", ColumnType::Text))],
        )
    };
    let v1 = state([menu(), booking()]);
    let graph = graph_of(&v1);
    assert_eq!(graph.leaves("shop"), [MigrationKey::new("shop", "0001_initial")]);

    let inventory = with_default(column("inventory", ColumnType::Integer), DefaultValue::Int(0));
    let v2 = state([
        model("shop", "Menu", vec![id(), text("title", 255), inventory.clone()]),
        booking(),
    ]);
    let changes = detect(&v1, &v2, &mut NonInteractive).unwrap();
    let second = arrange(changes, &graph, None).unwrap();
    assert_eq!(second.len(), 1);
    assert_eq!(second[0].name, "0002_menu_inventory");
    assert_eq!(
        second[0].dependencies,
        [MigrationKey::new("shop", "0001_initial")]
    );

    let graph = MigrationGraph::new(graph.ordered().into_iter().cloned().chain(second)).unwrap();
    let v3 = state([
        model("shop", "Menu", vec![id(), text("title", 255), inventory]),
        model("shop", "Booking", vec![id()]),
    ]);
    let third = arrange(detect(&v2, &v3, &mut NonInteractive).unwrap(), &graph, None).unwrap();
    assert_eq!(third[0].name, "0003_remove_booking_comment");
    assert_eq!(
        third[0].dependencies,
        [MigrationKey::new("shop", "0002_menu_inventory")]
    );

    let named = arrange(
        detect(&v2, &v3, &mut NonInteractive).unwrap(),
        &graph,
        Some("tidy_up"),
    )
    .unwrap();
    assert_eq!(named[0].name, "0003_tidy_up");
    assert!(arrange(
        detect(&v2, &v3, &mut NonInteractive).unwrap(),
        &graph,
        Some("no spaces")
    )
    .is_err());

    // Too many fragments for a readable name: auto_ and the time.
    let wide: Vec<Column> = std::iter::once(id())
        .chain((0..6).map(|i| nullable(column(&format!("extra_field_{i}"), ColumnType::Integer))))
        .collect();
    let v4 = state([menu(), model("shop", "Booking", wide)]);
    let fourth = arrange(detect(&v3, &v4, &mut NonInteractive).unwrap(), &graph, None).unwrap();
    let name = &fourth[0].name;
    assert!(
        name.starts_with("0003_auto_") && name.len() == "0003_auto_20240501_1830".len(),
        "{name}"
    );
}

#[test]
fn a_foreign_key_into_another_app_depends_on_its_latest_migration() {
    let v1 = state([model("kitchen", "Chef", vec![id()]), menu()]);
    let graph = graph_of(&v1);
    let v2 = state([
        model("kitchen", "Chef", vec![id()]),
        model(
            "shop",
            "Menu",
            vec![
                id(),
                text("title", 255),
                nullable(foreign_key("chef_id", "kitchen", "Chef", OnDelete::SetNull)),
            ],
        ),
    ]);
    let migrations = arrange(detect(&v1, &v2, &mut NonInteractive).unwrap(), &graph, None).unwrap();
    assert_eq!(migrations.len(), 1);
    assert_eq!(
        migrations[0].dependencies,
        [
            MigrationKey::new("kitchen", "0001_initial"),
            MigrationKey::new("shop", "0001_initial")
        ]
    );

    // When the other app gets a migration in the same run, that one.
    let v3 = state([
        model("kitchen", "Chef", vec![id(), nullable(text("name", 50))]),
        model(
            "shop",
            "Menu",
            vec![
                id(),
                text("title", 255),
                foreign_key("chef_id", "kitchen", "Chef", OnDelete::Cascade),
            ],
        ),
    ]);
    let migrations = arrange(
        detect(
            &v2,
            &v3,
            &mut Scripted {
                default: Some(DefaultValue::Int(1)),
                ..Scripted::default()
            },
        )
        .unwrap(),
        &graph,
        None,
    );
    let migrations = migrations.unwrap();
    let keys: Vec<String> = migrations.iter().map(|m| m.key().to_string()).collect();
    assert_eq!(keys, ["kitchen.0002_chef_name", "shop.0002_alter_menu_chef_id"]);
    assert!(migrations[1]
        .dependencies
        .contains(&MigrationKey::new("kitchen", "0002_chef_name")));
}

#[test]
fn an_app_with_two_latest_migrations_is_refused() {
    let first = |name: &str| Migration {
        app: "shop".into(),
        name: name.into(),
        dependencies: vec![],
        replaces: Vec::new(),
        operations: vec![],
    };
    let graph = MigrationGraph::new([first("0001_initial"), first("0001_other")]).unwrap();
    let changes = detect(&state([]), &state([menu()]), &mut NonInteractive).unwrap();
    let error = arrange(changes, &graph, None).unwrap_err().to_string();
    assert!(error.contains("0001_initial, 0001_other"), "{error}");
}

// ---- the compiled models, as makemigrations sees them ----

mod renamed {
    use model_runtime::prelude::*;

    /// A model and a field that say what they were called before.
    #[derive(Model, Debug, Clone, PartialEq)]
    #[model(app = "autodetect_renamed", renamed_from = "Reservation")]
    pub struct Booking {
        #[field(primary_key)]
        pub id: i64,
        #[field(renamed_from = "comment")]
        pub notes: Option<String>,
    }
}

#[test]
fn the_derive_carries_renamed_from_to_the_schema_but_not_to_migration_files() {
    let schema = renamed::Booking::schema();
    assert_eq!(schema.renamed_from.as_deref(), Some("Reservation"));
    assert_eq!(
        schema.field("notes").unwrap().renamed_from.as_deref(),
        Some("comment")
    );

    let before = state([model(
        "autodetect_renamed",
        "Reservation",
        vec![id(), nullable(column("comment", ColumnType::Text))],
    )]);
    let after = ProjectState::from_registry(&["autodetect_renamed".to_owned()]);
    let changes = detect(&before, &after, &mut NonInteractive).unwrap();
    assert_eq!(
        ops(&changes, "autodetect_renamed"),
        [
            "Rename model Reservation to Booking",
            "Rename table for booking to autodetect_renamed_booking",
            "Rename field comment on booking to notes",
        ]
    );
    let graph = graph_of(&before);
    let migrations = arrange(changes, &graph, None).unwrap();
    let text = migrations[0].to_toml();
    assert!(!text.contains("renamed_from"), "{text}");
    replays_to(&graph, &migrations, &after);
}

#[test]
fn makemigrations_twice_writes_nothing_the_second_time() {
    // Linked in by naming one of them: the registry holds the models of linked crates.
    assert_eq!(model_tests::models::Menu::schema().app, "littlelemon");
    let apps = ["littlelemon".to_owned(), "keys".to_owned(), "types".to_owned()];
    let models = ProjectState::from_registry(&apps);
    let changes = detect(&ProjectState::new(), &models, &mut NonInteractive).unwrap();
    assert_eq!(
        changes.keys().collect::<Vec<_>>(),
        ["keys", "littlelemon", "types"]
    );
    assert_eq!(
        ops(&changes, "littlelemon"),
        [
            "Create model Category",
            "Create model Menu",
            "Create model Booking"
        ]
    );
    let migrations = arrange(changes, &MigrationGraph::default(), None).unwrap();
    let graph = MigrationGraph::new(migrations.iter().map(|m| {
        // Through the file format, as makemigrations writes and migrate reads them.
        Migration::parse(&m.name, &m.to_toml()).unwrap()
    }))
    .unwrap();
    assert!(
        detect(&graph.final_state().unwrap(), &models, &mut NonInteractive)
            .unwrap()
            .is_empty()
    );
}

// ---- the questions on a terminal ----

fn interactive<T>(input: &str, ask: impl FnOnce(&mut dyn Questioner) -> T) -> (T, String) {
    let mut output = Vec::new();
    let answer = ask(&mut Interactive::new(input.as_bytes(), &mut output));
    (answer, String::from_utf8(output).unwrap())
}

#[test]
fn the_terminal_asks_about_renames_in_djangos_words() {
    let comment = nullable(column("comment", ColumnType::Text));
    let notes = nullable(column("notes", ColumnType::Text));
    let (yes, prompt) = interactive("maybe\ny\n", |q| {
        q.ask_rename_field("shop", "Booking", &comment, &notes)
    });
    assert!(yes.unwrap());
    assert_eq!(
        prompt,
        "Was booking.comment renamed to booking.notes (a TextField)? [y/N] Please answer yes or no: "
    );
    let (no, _) = interactive("\n", |q| q.ask_rename_field("shop", "Booking", &comment, &notes));
    assert!(!no.unwrap());
    let dish = model("shop", "Dish", vec![id()]);
    let (yes, prompt) = interactive("yes\n", |q| q.ask_rename_model("shop", &menu(), &dish));
    assert!(yes.unwrap());
    assert_eq!(prompt, "Was the model shop.Menu renamed to Dish? [y/N] ");
    let (eof, _) = interactive("", |q| q.ask_rename_model("shop", &menu(), &dish));
    assert!(matches!(eof, Err(MigrationError::NeedsInput { .. })));
}

#[test]
fn the_terminal_asks_for_a_one_off_default_until_it_parses() {
    let day = column("day", ColumnType::Date);
    let (default, prompt) = interactive("3\n1\n\nMay 1st\n2024-05-01\n", |q| {
        q.ask_not_null_default("shop", "Booking", &day, true)
    });
    assert_eq!(default.unwrap(), DefaultValue::Text("2024-05-01".into()));
    assert!(prompt.starts_with(
        "It is impossible to add a non-nullable field 'day' to booking without specifying a default. \
         This is because the database needs something to populate existing rows.\nPlease select a fix:\n \
         1) Provide a one-off default now (will be set on all existing rows)\n \
         2) Quit and add a default to the model: #[field(default = ...)] on Booking.day, or make it an Option<_>\n\
         Select an option: Please select a valid option: Please enter the default value as a date, e.g. 2024-05-01\n"
    ), "{prompt}");
    assert!(prompt.contains("Please enter a value, or 'exit'"), "{prompt}");
    assert!(
        prompt.contains("expected a date like 2024-05-01, got `May 1st`"),
        "{prompt}"
    );

    let price = Column {
        max_digits: Some(6),
        decimal_places: Some(2),
        ..column("price", ColumnType::Decimal)
    };
    let (default, prompt) = interactive("1\n9.50\n", |q| {
        q.ask_not_null_default("shop", "Menu", &price, false)
    });
    assert_eq!(default.unwrap(), DefaultValue::Text("9.50".into()));
    assert!(prompt.starts_with("It is impossible to change a nullable field 'price' on menu to non-nullable"));

    let (flag, _) = interactive("1\nyes\n", |q| {
        q.ask_not_null_default("shop", "Menu", &column("vegan", ColumnType::Bool), true)
    });
    assert_eq!(flag.unwrap(), DefaultValue::Bool(true));
    let (empty, _) = interactive("1\n\"\"\n", |q| {
        q.ask_not_null_default("shop", "Menu", &text("code", 5), true)
    });
    assert_eq!(empty.unwrap(), DefaultValue::Text("".into()));
    let (long, prompt) = interactive("1\ntoo long\nshort\n", |q| {
        q.ask_not_null_default("shop", "Menu", &text("code", 5), true)
    });
    assert_eq!(long.unwrap(), DefaultValue::Text("short".into()));
    assert!(prompt.contains("code is at most 5 characters long"), "{prompt}");
}

#[test]
fn the_terminal_default_question_ends_cleanly() {
    let seats = column("seats", ColumnType::Integer);
    for input in ["2\n", "1\nexit\n", "", "1\n"] {
        let (quit, _) = interactive(input, |q| q.ask_not_null_default("shop", "Table", &seats, true));
        let error = quit.unwrap_err();
        assert!(
            matches!(error, MigrationError::NeedsInput { .. }),
            "{input:?}: {error:?}"
        );
    }
    let (quit, _) = interactive("2\n", |q| q.ask_not_null_default("shop", "Table", &seats, true));
    let message = quit.unwrap_err().to_string();
    assert!(
        message.contains("shop.Table.seats") && message.contains("#[field(default = ...)]"),
        "{message}"
    );
}
