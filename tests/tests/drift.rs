//! `check --database`: a database changed only by its migrations reports no
//! drift, and every change made behind their back is named — a column
//! added by hand, a dropped index, a changed type, a missing table, a
//! changed nullability and default — on each backend.
//!
//! The comparison rests on `introspect::expected_table`, so it is pinned
//! first: for every shared model, the example's models and a model with
//! every kind of default, what a created table reads back is what was
//! expected of it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use model_manage::MakemigrationsArgs;
use model_migrations::autodetect::NonInteractive;
use model_migrations::introspect::{self, expected_table};
use model_migrations::{drift, Migration, MigrationGraph, ProjectState};
use model_runtime::diesel::connection::SimpleConnection;
use model_runtime::prelude::*;
use model_runtime::schema::ModelSchema;
use model_runtime::{sql, Settings};
use model_tests::models::{Booking, Category, Everything, Menu, Ticket};
use model_tests::project::Project;
use model_tests::{on_every_backend, TestDb};

/// A default of every kind a field can declare, and the one `on_delete`
/// action the shared models leave out.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "drift_defaults")]
pub struct Preset {
    #[field(primary_key)]
    pub id: i64,
    #[field(default = -1)]
    pub small: i16,
    #[field(default = 9000000000)]
    pub big: i64,
    #[field(default = 1.5)]
    pub float: f32,
    #[field(default = -2.25)]
    pub double: f64,
    #[field(default = false)]
    pub flag: bool,
    #[field(max_length = 30, default = "it's")]
    pub short_text: String,
    #[field(default = "long")]
    pub text: String,
    #[field(max_digits = 6, decimal_places = 2, default = "12.50")]
    pub amount: Decimal,
    #[field(default = "2024-05-01")]
    pub day: NaiveDate,
    #[field(default = "6e7b3c2a-8f7e-4d4c-9f55-2b1c7a0d9e11")]
    pub key: Uuid,
    #[field(default = "{}")]
    pub document: JsonValue,
    #[field(foreign_key = Self, on_delete = "restrict")]
    pub parent_id: Option<i64>,
}

/// A menu whose foreign key has no index of its own, as a migration file
/// may say: InnoDB then makes one, which the expected table must foresee.
fn unindexed_foreign_key() -> ModelSchema {
    let mut schema = Menu::schema().clone();
    schema.name = "UnindexedMenu".into();
    schema.table = "drift_unindexed_menu".into();
    schema.indexes = Vec::new().into();
    let mut columns = schema.columns.to_vec();
    for column in &mut columns {
        column.index = false;
    }
    schema.columns = columns.into();
    schema
}

/// The example app's migrations folder.
fn example_migrations() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/littlelemon/migrations")
}

/// The built-in app `app`'s migrations folder, which the example's
/// migrations depend on.
fn builtin_migrations(app: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../model-auth/migrations")
        .join(app)
}

/// The state the example's migration files lead to, with those of the
/// built-in apps it depends on: its models, and theirs.
fn example_state() -> ProjectState {
    let mut migrations = Vec::new();
    let folders = [
        example_migrations(),
        builtin_migrations("auth"),
        builtin_migrations("sessions"),
    ];
    for entry in folders
        .iter()
        .flat_map(|folder| std::fs::read_dir(folder).unwrap())
    {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            migrations.push(Migration::parse(&name, &std::fs::read_to_string(&path).unwrap()).unwrap());
        }
    }
    MigrationGraph::new(migrations).unwrap().final_state().unwrap()
}

/// Creates each model's table, in the order given, and checks that it
/// reads back exactly as `expected_table` says.
fn assert_created_tables_read_as_expected(db: &TestDb, schemas: &[ModelSchema]) {
    let mut conn = db.connect();
    let backend = db.backend();
    for schema in schemas {
        for statement in sql::create_table(schema, backend) {
            conn.batch_execute(&statement)
                .unwrap_or_else(|e| panic!("{statement} on {backend}: {e}"));
        }
    }
    for schema in schemas {
        let live = introspect::table(&mut conn, &schema.table).unwrap().unwrap();
        let expected = expected_table(schema, backend);
        for (have, want) in live.columns.iter().zip(&expected.columns) {
            assert_eq!(have, want, "column {}.{} on {backend}", schema.table, want.name);
        }
        assert_eq!(live, expected, "table {} on {backend}", schema.table);
    }
    let state = ProjectState::from_models(schemas.iter().cloned());
    let live = introspect::tables(&mut conn).unwrap();
    assert_eq!(drift::compare(&state, &live, backend), [], "on {backend}");
}

/// Changes the schema behind the migrations' back, in each backend's SQL:
/// SQLite alters no column in place, but a column's type, `NULL` and
/// `DEFAULT` live only in the table's SQL text, which it lets be rewritten.
fn change_by_hand(db: &TestDb) {
    let mut conn = db.connect();
    let sql = match db.backend() {
        Backend::Sqlite => {
            "ALTER TABLE littlelemon_menu ADD COLUMN notes text NULL;
             DROP INDEX ix_littlelemon_booking_guest_number;
             DROP TABLE ticket_codes;
             PRAGMA writable_schema = ON;
             UPDATE sqlite_master SET sql = replace(replace(replace(sql,
                 '\"first_name\" varchar(100)', '\"first_name\" varchar(150)'),
                 '\"comment\" text NULL', '\"comment\" text NOT NULL'),
                 'DEFAULT 2', 'DEFAULT 4')
             WHERE type = 'table' AND name = 'littlelemon_booking';
             PRAGMA writable_schema = OFF;"
        }
        Backend::Postgres => {
            "ALTER TABLE littlelemon_menu ADD COLUMN notes text NULL;
             DROP INDEX ix_littlelemon_booking_guest_number;
             DROP TABLE ticket_codes;
             ALTER TABLE littlelemon_booking ALTER COLUMN first_name TYPE varchar(150);
             ALTER TABLE littlelemon_booking ALTER COLUMN comment SET NOT NULL;
             ALTER TABLE littlelemon_booking ALTER COLUMN guest_number SET DEFAULT 4;"
        }
        Backend::Mysql => {
            "ALTER TABLE littlelemon_menu ADD COLUMN notes longtext NULL;
             DROP INDEX ix_littlelemon_booking_guest_number ON littlelemon_booking;
             DROP TABLE ticket_codes;
             ALTER TABLE littlelemon_booking MODIFY first_name varchar(150) NOT NULL;
             ALTER TABLE littlelemon_booking MODIFY comment longtext NOT NULL;
             ALTER TABLE littlelemon_booking ALTER COLUMN guest_number SET DEFAULT 4;"
        }
    };
    conn.batch_execute(sql)
        .unwrap_or_else(|e| panic!("changing the schema by hand on {}: {e}", db.backend()));
}

on_every_backend! {
    fn every_shared_model_reads_back_as_its_expected_table(db) {
        let schemas = [
            Everything::schema(),
            Category::schema(),
            Menu::schema(),
            Booking::schema(),
            Ticket::schema(),
            Preset::schema(),
        ];
        let mut schemas = schemas.map(Clone::clone).to_vec();
        schemas.push(unindexed_foreign_key());
        assert_created_tables_read_as_expected(db, &schemas);
    }

    fn the_example_models_read_back_as_their_expected_tables(db) {
        let state = example_state();
        let mut unplaced: Vec<ModelSchema> = state.models().cloned().collect();
        // Little Lemon's four models, and those of the built-in apps it
        // points at.
        let apps: Vec<String> = unplaced.iter().map(|m| m.app.to_string()).collect();
        assert_eq!(apps.iter().filter(|app| *app == "littlelemon").count(), 4, "{apps:?}");
        // Parents first, for the backends that check a foreign key's table.
        let mut schemas: Vec<ModelSchema> = Vec::new();
        while !unplaced.is_empty() {
            let ready = unplaced
                .iter()
                .position(|s| {
                    s.columns.iter().filter_map(|c| c.foreign_key.as_ref()).all(|fk| {
                        schemas.iter().any(|placed| placed.table == fk.table)
                    })
                })
                .expect("the example's foreign keys form no circle");
            schemas.push(unplaced.remove(ready));
        }
        assert_created_tables_read_as_expected(db, &schemas);
    }

    fn the_example_migrated_by_its_own_files_has_no_drift(db) {
        let settings = Settings::new()
            .installed_apps(["auth", "sessions", "littlelemon"])
            .migrations_dir("auth", builtin_migrations("auth"))
            .migrations_dir("sessions", builtin_migrations("sessions"))
            .migrations_dir("littlelemon", example_migrations())
            .database_url(db.url());
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = model_manage::run_from(["manage", "migrate"], settings.clone(), &mut out, &mut err);
        assert_eq!(code, ExitCode::SUCCESS, "{}", String::from_utf8_lossy(&err));
        assert_eq!(model_migrations::drift::database_drift(&settings).unwrap(), []);

        // The state is the applied migrations', not the latest files': one
        // migration back, the column it added is drift.
        let code = model_manage::run_from(["manage", "migrate", "littlelemon", "0001"], settings.clone(), &mut out, &mut err);
        assert_eq!(code, ExitCode::SUCCESS, "{}", String::from_utf8_lossy(&err));
        assert_eq!(model_migrations::drift::database_drift(&settings).unwrap(), []);
        db.connect().batch_execute("ALTER TABLE littlelemon_menu ADD COLUMN description text NULL").unwrap();
        let found: Vec<String> = model_migrations::drift::database_drift(&settings).unwrap().iter().map(ToString::to_string).collect();
        assert_eq!(found, ["littlelemon_menu.description: column in the database, not in the migrations"]);
    }

    fn check_database_names_every_change_made_by_hand(db) {
        let project = Project::new(db, &["littlelemon", "types", "keys", "drift_defaults"]);
        let mut made = Vec::new();
        model_manage::makemigrations(&project.settings, &MakemigrationsArgs::default(), &mut NonInteractive, &mut made)
            .unwrap();
        let (code, out, err) = project.run(&["migrate"]);
        assert_eq!(code, ExitCode::SUCCESS, "{out}{err}");

        let (code, out, err) = project.run(&["check", "--database"]);
        assert_eq!((code, out.as_str()), (ExitCode::SUCCESS, "System check identified no issues.\n"), "{err}");

        change_by_hand(db);
        let (code, out, err) = project.run(&["check", "--database"]);
        assert_eq!(code, ExitCode::FAILURE, "{out}{err}");
        assert_eq!(
            out,
            "littlelemon_booking.first_name: type is varchar(150), migrations say varchar(100)\n\
             littlelemon_booking.guest_number: default is 4, migrations say 2\n\
             littlelemon_booking.comment: is NOT NULL, migrations say NULL\n\
             littlelemon_booking: index ix_littlelemon_booking_guest_number (guest_number) missing from the database\n\
             littlelemon_menu.notes: column in the database, not in the migrations\n\
             ticket_codes: table missing from the database\n\
             System check identified 6 issues.\n",
            "on {}",
            db.backend()
        );

        // Without --database, check looks at the models and files only.
        let (code, out, _) = project.run(&["check"]);
        assert_eq!((code, out.as_str()), (ExitCode::SUCCESS, "System check identified no issues.\n"));
    }
}
