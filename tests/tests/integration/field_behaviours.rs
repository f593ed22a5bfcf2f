//! The field behaviours Django users rely on, on every backend:
//! `auto_now_add` and `auto_now` timestamps, choices backed by a Rust enum
//! (`#[derive(ModelEnum)]`), `blank`, and custom validators.

use crate::migrate_support;

use std::thread::sleep;
use std::time::Duration;

use model_runtime::chrono::TimeDelta;

use migrate_support::{create, migrate_to, migration, rows};
use model_migrations::autodetect::{detect, Interactive};
use model_migrations::{ddl, MigrationGraph, Operation, ProjectState};
use model_runtime::diesel::connection::SimpleConnection;
use model_runtime::prelude::*;
use model_runtime::registry;
use model_runtime::schema::{Choice, ModelSchema};
use model_tests::on_every_backend;

#[derive(ModelEnum, Debug, Clone, Copy, PartialEq)]
pub enum Course {
    Starter,
    #[model_enum(label = "Main course")]
    Main,
    #[model_enum(value = "sweet")]
    Dessert,
}

#[derive(ModelEnum, Debug, Clone, Copy, PartialEq)]
#[model_enum(integer)]
pub enum Spice {
    Mild = 1,
    Medium = 2,
    ExtraHot = 5,
}

fn no_digits(value: &str) -> Result<(), String> {
    match value.chars().find(char::is_ascii_digit) {
        Some(digit) => Err(format!("A dish's name has no digits, and this one has {digit}.")),
        None => Ok(()),
    }
}

/// A dish with every behaviour: timestamps, choices, blank, a validator.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "behaviours")]
pub struct Dish {
    #[field(primary_key)]
    pub id: i64,
    #[field(max_length = 40, validate = no_digits)]
    pub name: String,
    #[field(max_length = 10, default = "main", sql_type = Text)]
    pub course: Course,
    #[field(default = 2, sql_type = Integer)]
    pub spice: Option<Spice>,
    #[field(blank)]
    pub notes: String,
    #[field(auto_now_add)]
    pub created: DateTime<Utc>,
    #[field(auto_now)]
    pub updated: NaiveDateTime,
}

fn soup() -> NewDish {
    NewDish {
        name: "Soup".into(),
        course: Course::Starter,
        spice: Some(Spice::Mild),
        notes: String::new(),
    }
}

fn setup(conn: &mut Connection) {
    Dish::create_table(conn).unwrap();
}

/// Long enough for the clock to move past a microsecond, on every backend.
fn tick() {
    sleep(Duration::from_millis(5));
}

/// Code generic over models saves through the trait.
fn save_any<M: Model>(row: &mut M, conn: &mut Connection) {
    row.save(conn).unwrap();
}

/// The table's name, quoted for `backend`.
fn table(backend: Backend) -> String {
    let quote = if backend == Backend::Mysql { '`' } else { '"' };
    format!("{quote}{}{quote}", <Dish as Model>::TABLE)
}

on_every_backend! {
    /// `auto_now_add` is set by `create` to the current time, and kept by
    /// every save after; `NewDish` has no such field.
    fn auto_now_add_is_set_once_and_kept_by_save(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        let before = Utc::now();
        let mut dish = Dish::create(&mut conn, soup()).unwrap();
        let after = Utc::now();
        assert!(before - TimeDelta::milliseconds(1) <= dish.created && dish.created <= after, "{dish:?}");
        assert_eq!(Dish::get(&mut conn, dish.id).unwrap(), dish, "stored as returned");

        let created = dish.created;
        tick();
        dish.notes = "Served hot".into();
        dish.save(&mut conn).unwrap();
        assert_eq!(dish.created, created);
        let stored = Dish::get(&mut conn, dish.id).unwrap();
        assert_eq!(stored.created, created, "save keeps the creation time");
        assert_eq!(stored, dish);
    }

    /// `auto_now` is set by `create` and moves forward on every `save`, on
    /// the row too, through the inherent method and the trait's alike.
    fn auto_now_moves_forward_on_every_save(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        let mut dish = Dish::create(&mut conn, soup()).unwrap();
        assert!(dish.updated >= dish.created.naive_utc());
        let mut seen = vec![dish.updated];
        for _ in 0..2 {
            tick();
            dish.save(&mut conn).unwrap();
            assert!(dish.updated > *seen.last().unwrap(), "{seen:?} then {}", dish.updated);
            assert_eq!(Dish::get(&mut conn, dish.id).unwrap(), dish);
            seen.push(dish.updated);
        }

        tick();
        let before = dish.updated;
        save_any(&mut dish, &mut conn);
        assert!(dish.updated > before);
        assert_eq!(Dish::get(&mut conn, dish.id).unwrap(), dish);
    }

    /// `bulk_create`, `get_or_create`, `update_or_create` and `bulk_update`
    /// set the timestamps as `create` and `save` do.
    fn every_write_sets_the_timestamps(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        let start = Utc::now() - TimeDelta::milliseconds(1);
        let rows: Vec<NewDish> = ["Soup", "Salad", "Tart"]
            .iter()
            .map(|name| NewDish { name: (*name).into(), ..soup() })
            .collect();
        assert_eq!(Dish::bulk_create(&mut conn, &rows).unwrap(), 3);
        for dish in Dish::all(&mut conn).unwrap() {
            assert!(dish.created >= start && dish.updated >= start.naive_utc(), "{dish:?}");
        }

        let (bread, created) = Dish::objects()
            .get_or_create(&mut conn, dish::name.eq("Bread"), NewDish { name: "Bread".into(), ..soup() })
            .unwrap();
        assert!(created && bread.created >= start);
        tick();
        let new = NewDish { name: "Bread".into(), notes: "Sourdough".into(), ..soup() };
        let (updated, created) = Dish::objects().update_or_create(&mut conn, dish::name.eq("Bread"), new).unwrap();
        assert!(!created);
        assert_eq!(updated.created, bread.created);
        assert!(updated.updated > bread.updated, "update_or_create saves");
        assert_eq!(Dish::get(&mut conn, bread.id).unwrap(), updated);

        tick();
        let dishes = Dish::objects().order_by(dish::id.asc()).load(&mut conn).unwrap();
        Dish::objects().bulk_update(&mut conn, &dishes, (dish::notes, dish::updated)).unwrap();
        for (old, new) in dishes.iter().zip(Dish::objects().order_by(dish::id.asc()).load(&mut conn).unwrap()) {
            assert!(new.updated > old.updated, "bulk_update writes a named auto_now column as now");
            assert_eq!(new.created, old.created);
        }
    }

    /// A text `ModelEnum` is stored as its values, an integer one as its
    /// discriminants; both come back as the variants, compare with their
    /// columns, and read in `values()`.
    fn model_enums_round_trip_as_their_stored_values(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        let tart = Dish::create(
            &mut conn,
            NewDish { name: "Tart".into(), course: Course::Dessert, spice: Some(Spice::ExtraHot), ..soup() },
        )
        .unwrap();
        let plain = Dish::create(&mut conn, NewDish { name: "Bread".into(), spice: None, ..soup() }).unwrap();
        assert_eq!((tart.course, tart.spice), (Course::Dessert, Some(Spice::ExtraHot)));
        assert_eq!(Dish::get(&mut conn, tart.id).unwrap(), tart);
        assert_eq!(Dish::get(&mut conn, plain.id).unwrap().spice, None);

        let stored = rows(&mut conn, <Dish as Model>::TABLE);
        let column = |row: usize, name: &str| stored[row][name].clone();
        assert_eq!(column(0, "course").as_deref(), Some("sweet"));
        assert_eq!(column(0, "spice").as_deref(), Some("5"));
        assert_eq!(column(1, "course").as_deref(), Some("starter"));
        assert_eq!(column(1, "spice"), None);

        let sweets = Dish::objects().filter(dish::course.eq(Course::Dessert)).load(&mut conn).unwrap();
        assert_eq!(sweets, std::slice::from_ref(&tart));
        let hot = Dish::objects().filter(dish::spice.eq(Spice::ExtraHot)).count(&mut conn).unwrap();
        assert_eq!(hot, 1);
        let courses: Vec<Course> = Dish::objects()
            .order_by(dish::id.asc())
            .values(&mut conn, dish::course)
            .unwrap();
        assert_eq!(courses, [Course::Dessert, Course::Starter]);
        assert_eq!(
            [tart.course.label(), Course::Main.label(), Spice::ExtraHot.label()],
            ["Dessert", "Main course", "Extra Hot"]
        );
    }

    /// A stored value no variant has fails the load with an error naming
    /// the model, the field and the value, never a panic.
    fn an_unknown_stored_value_is_a_clear_error(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        let dish = Dish::create(&mut conn, soup()).unwrap();
        let table = table(db.backend());
        conn.batch_execute(&format!("UPDATE {table} SET course = 'soup'")).unwrap();
        let error = Dish::get(&mut conn, dish.id).unwrap_err();
        assert_eq!(
            error.to_string(),
            "Dish.course: the stored value 'soup' is not one of the choices of Course: \
             'starter', 'main', 'sweet'"
        );
        assert!(Dish::all(&mut conn).unwrap_err().to_string().starts_with("Dish.course: the stored value 'soup'"));
        let error = Dish::objects().values::<_, Course, _>(&mut conn, dish::course).unwrap_err();
        assert!(error.to_string().contains("'soup' is not one of the choices of Course"), "{error}");

        conn.batch_execute(&format!("UPDATE {table} SET course = 'main', spice = 7")).unwrap();
        let error = Dish::get(&mut conn, dish.id).unwrap_err();
        assert_eq!(
            error.to_string(),
            "Dish.spice: the stored value 7 is not one of the choices of Spice: 1, 2, 5"
        );
    }

    /// Text typed for a field with choices is a stored value or a label;
    /// anything else is refused in Django's words.
    fn text_inputs_are_checked_against_the_choices(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        let dishes = registry::find_model("behaviours.Dish").unwrap();
        let error = dishes.create(&mut conn, &[("name", "Stew"), ("course", "soup"), ("notes", "")]).unwrap_err();
        assert_eq!(error.to_string(), "Dish.course: Value 'soup' is not a valid choice.");
        let error = dishes.create(&mut conn, &[("name", "Stew"), ("spice", "3"), ("notes", "")]).unwrap_err();
        assert_eq!(error.to_string(), "Dish.spice: Value '3' is not a valid choice.");
        let error = dishes.create(&mut conn, &[("name", "Stew"), ("created", "2024-05-01 12:00:00")]).unwrap_err();
        assert_eq!(error.to_string(), "Dish.created: This field is set automatically.");
        assert_eq!(Dish::count(&mut conn).unwrap(), 0);

        let row = dishes
            .create(&mut conn, &[("name", "Stew"), ("course", "Main course"), ("spice", "extra hot"), ("notes", "")])
            .unwrap();
        assert_eq!(row.get("course"), Some(&Value::Text("main".into())));
        assert_eq!(row.get("spice"), Some(&Value::Int(5)));
        let row = dishes
            .create(&mut conn, &[("name", "Pie"), ("course", "sweet"), ("spice", ""), ("notes", "")])
            .unwrap();
        assert_eq!((row.get("course"), row.get("spice")), (Some(&Value::Text("sweet".into())), Some(&Value::Null)));
        let defaults = dishes.create(&mut conn, &[("name", "Rice"), ("notes", "")]).unwrap();
        assert_eq!(defaults.get("course"), Some(&Value::Text("main".into())), "the default is a choice");
        assert_eq!(defaults.get("spice"), Some(&Value::Int(2)));

        tick();
        let edited = dishes.update(&mut conn, row.primary_key(), &[("course", "Starter")]).unwrap();
        assert_eq!(edited.get("course"), Some(&Value::Text("starter".into())));
        let (Some(Value::DateTime(was)), Some(Value::DateTime(now))) = (row.get("updated"), edited.get("updated"))
        else {
            panic!("{row:?} then {edited:?}");
        };
        assert!(now > was, "an edit saves with auto_now");
        let Value::Int(id) = row.primary_key() else { panic!("{row:?}") };
        assert_eq!(&Dish::get(&mut conn, *id).unwrap().updated, now, "the row returned is the row stored");
    }

    /// An empty `String` is refused unless the field is `blank`; an
    /// `Option` may be anything. Validators do not see blank values.
    fn blank_text_is_refused_unless_the_field_allows_it(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        let error = Dish::create(&mut conn, NewDish { name: String::new(), ..soup() }).unwrap_err();
        match &error {
            Error::Validation { model, field, message } => {
                assert_eq!((model.as_str(), field.as_str()), ("Dish", "name"));
                assert_eq!(message, "This field cannot be blank.");
            }
            other => panic!("expected a validation error, got {other:?}"),
        }
        let dish = Dish::create(&mut conn, NewDish { notes: String::new(), ..soup() }).unwrap();
        assert_eq!(dish.notes, "", "`blank` allows the empty text");
        assert_eq!(Dish::count(&mut conn).unwrap(), 1);
    }

    /// A custom validator runs before any SQL, its message reported as the
    /// field's; `save` runs it too.
    fn custom_validators_refuse_with_their_message(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        let error = Dish::create(&mut conn, NewDish { name: "Soup 2".into(), ..soup() }).unwrap_err();
        assert_eq!(error.to_string(), "Dish.name: A dish's name has no digits, and this one has 2.");
        let mut dish = Dish::create(&mut conn, soup()).unwrap();
        dish.name = "Soup 3".into();
        let error = dish.save(&mut conn).unwrap_err();
        assert_eq!(error.field_errors(), [("name", "A dish's name has no digits, and this one has 3.")]);
        assert_eq!(Dish::get(&mut conn, dish.id).unwrap().name, "Soup");
    }

    /// A model reached through the registry (the shell's and the admin's
    /// way) is stamped and validated as the typed `create` and `save` do,
    /// and what it returns is what is stored.
    fn the_registry_s_rows_are_stamped_and_validated_as_typed_ones(db) {
        let mut conn = db.connect();
        setup(&mut conn);
        let dishes = registry::find_model("behaviours.Dish").unwrap();
        let start = Utc::now() - TimeDelta::milliseconds(1);
        let row = dishes.create(&mut conn, &[("name", "Soup"), ("notes", "")]).unwrap();
        let (Some(Value::DateTimeUtc(created)), Some(Value::DateTime(updated))) =
            (row.get("created").cloned(), row.get("updated").cloned())
        else {
            panic!("{row:?}");
        };
        assert!(created >= start && updated >= start.naive_utc(), "{row:?}");
        let Value::Int(id) = row.primary_key().clone() else { panic!("{row:?}") };
        let stored = Dish::get(&mut conn, id).unwrap();
        assert_eq!((stored.created, stored.updated), (created, updated), "stored as returned");

        let error = dishes.create(&mut conn, &[("name", "Soup 2"), ("notes", "")]).unwrap_err();
        assert_eq!(error.to_string(), "Dish.name: A dish's name has no digits, and this one has 2.");
        let error = dishes.update(&mut conn, row.primary_key(), &[("name", "Soup 3")]).unwrap_err();
        assert_eq!(error.field_errors(), [("name", "A dish's name has no digits, and this one has 3.")]);
        assert_eq!(Dish::get(&mut conn, id).unwrap(), stored, "nothing written");

        tick();
        let edited = dishes.update_values(&mut conn, row.primary_key(), &[("notes", Value::Text("Hot".into()))]).unwrap();
        assert_eq!(edited.get("created"), Some(&Value::DateTimeUtc(created)), "kept by a save");
        assert!(matches!(edited.get("updated"), Some(Value::DateTime(now)) if *now > updated), "{edited:?}");
        assert_eq!(dishes.get(&mut conn, row.primary_key()).unwrap(), edited);
        assert_eq!(Dish::count(&mut conn).unwrap(), 1);
    }

    /// makemigrations for a model gaining `auto_now_add` and `auto_now`
    /// fields asks for a one-off default, offering the current time
    /// (Django's `timezone.now`); the rows already there get it.
    fn a_model_gaining_timestamps_migrates_with_the_current_time(db) {
        let now = Dish::schema();
        let before = ModelSchema {
            columns: now.columns.iter().filter(|c| !c.auto_now && !c.auto_now_add).cloned().collect(),
            ..now.clone()
        };
        let mut prompts = Vec::new();
        let changes = detect(
            &ProjectState::from_models([before.clone()]),
            &ProjectState::from_models([now.clone()]),
            &mut Interactive::new("1\n\n1\nnow\n".as_bytes(), &mut prompts),
        )
        .unwrap();
        let prompts = String::from_utf8(prompts).unwrap();
        assert!(
            prompts.starts_with(
                "It is impossible to add the field 'created' with 'auto_now_add' to dish without providing a \
                 default."
            ),
            "{prompts}"
        );
        assert!(prompts.contains("Accept the default 'now'"), "{prompts}");
        let operations = changes["behaviours"].clone();
        assert!(
            operations.iter().all(|op| matches!(op, Operation::AddField { preserve_default: false, .. })),
            "{operations:?}"
        );

        let graph = MigrationGraph::new([
            migration("behaviours", "0001_initial", &[], vec![create(&before)]),
            migration("behaviours", "0002_timestamps", &["behaviours.0001_initial"], operations),
        ])
        .unwrap();
        let mut conn = db.connect();
        migrate_to(&mut conn, &graph, "behaviours.0001_initial");
        let table = table(db.backend());
        conn.batch_execute(&format!(
            "INSERT INTO {table} (name, course, spice, notes) VALUES ('Soup', 'starter', 1, '')"
        ))
        .unwrap();
        let start = Utc::now() - TimeDelta::seconds(60);
        migrate_to(&mut conn, &graph, "behaviours.0002_timestamps");
        let mut old = Dish::get(&mut conn, 1).unwrap();
        assert!(old.created >= start && old.updated >= start.naive_utc(), "{old:?}");
        old.save(&mut conn).unwrap();
        Dish::create(&mut conn, soup()).unwrap();
        assert_eq!(Dish::count(&mut conn).unwrap(), 2);
    }
}

/// The choices are in the schema, so migrations record them as Django's
/// do, in a form older files without them still read; a change of choices
/// alone, or of `auto_now`, changes no SQL.
#[test]
fn choices_are_recorded_in_migrations_and_change_no_sql() {
    let course = Dish::schema().field("course").unwrap();
    assert_eq!(
        course.choices.as_ref(),
        [
            Choice::text("starter", "Starter"),
            Choice::text("main", "Main course"),
            Choice::text("sweet", "Dessert"),
        ]
    );
    let spice = Dish::schema().field("spice").unwrap();
    assert_eq!(spice.choices[2], Choice::integer(5, "Extra Hot"));

    let file = model_migrations::Migration {
        app: "behaviours".into(),
        name: "0001_initial".into(),
        dependencies: Vec::new(),
        replaces: Vec::new(),
        operations: vec![create(Dish::schema())],
    };
    let text = file.to_toml();
    assert!(
        text.contains(
            "default = \"main\"\n\n[[operations.fields.choices]]\nvalue = \"starter\"\nlabel = \"Starter\"\n\n\
             [[operations.fields.choices]]\nvalue = \"main\"\nlabel = \"Main course\"\n"
        ),
        "{text}"
    );
    assert!(text.contains("value = 5\nlabel = \"Extra Hot\"\n"), "{text}");
    assert!(
        text.contains("auto_now_add = true") && text.contains("auto_now = true"),
        "{text}"
    );
    let read = model_migrations::Migration::parse("0001_initial", &text).unwrap();
    assert_eq!(read, file);

    // The state before: the same columns without choices or timestamps' flags.
    let plain = |schema: &ModelSchema| ModelSchema {
        columns: schema
            .columns
            .iter()
            .map(|c| model_runtime::schema::Column {
                choices: Vec::new().into(),
                auto_now: false,
                auto_now_add: false,
                ..c.clone()
            })
            .collect(),
        ..schema.clone()
    };
    let before = ProjectState::from_models([plain(Dish::schema())]);
    let after = ProjectState::from_models([Dish::schema().clone()]);
    let changes = detect(&before, &after, &mut model_migrations::autodetect::NonInteractive).unwrap();
    let operations = &changes["behaviours"];
    assert_eq!(operations.len(), 4, "{operations:?}");
    for operation in operations {
        assert!(matches!(operation, Operation::AlterField { .. }), "{operation:?}");
        let mut state = before.clone();
        operation.apply(&mut state, "behaviours").unwrap();
        for backend in [Backend::Sqlite, Backend::Postgres, Backend::Mysql] {
            let statements = ddl::render(operation, "behaviours", &before, &state, backend).unwrap();
            assert!(statements.is_empty(), "{operation} on {backend}: {statements:?}");
        }
    }
}

/// `makemigrations --no-input` cannot invent the time for rows already
/// there: it says what to do instead of asking.
#[test]
fn no_input_explains_how_to_add_a_timestamp_to_a_table_with_rows() {
    let now = Dish::schema();
    let before = ModelSchema {
        columns: now
            .columns
            .iter()
            .filter(|c| c.field != "created")
            .cloned()
            .collect(),
        ..now.clone()
    };
    let error = detect(
        &ProjectState::from_models([before]),
        &ProjectState::from_models([now.clone()]),
        &mut model_migrations::autodetect::NonInteractive,
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "behaviours.Dish.created is a new NOT NULL field with `auto_now_add`, and the table may have rows: \
         run makemigrations without --no-input to fill them with the current time (or another one-off \
         default), or make it an Option<_>"
    );
}
