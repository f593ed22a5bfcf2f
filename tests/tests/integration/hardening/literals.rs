//! Text defaults reach SQL as literals of each backend, read back exactly
//! whatever the session's settings: a backslash, a quote or a statement in
//! a default is text, never SQL, and no table is lost to one.

use model_migrations::{
    drift, introspect, Executor, MigrateOptions, Migration, MigrationGraph, Operation, Target,
};
use model_runtime::diesel::connection::SimpleConnection;
use model_runtime::diesel::{self, sql_query, QueryableByName, RunQueryDsl};
use model_runtime::prelude::*;
use model_runtime::schema::{Column, ColumnType, DefaultValue, ModelSchema, Name};
use model_tests::project::Project;
use model_tests::{on_every_backend, TestDb};

/// Defaults that broke out of a naive literal, or could: a trailing
/// backslash followed by a statement is the one that dropped a table on
/// MySQL.
const HOSTILE: &[&str] = &[
    r"C:\dir\",
    "'); DROP TABLE literals_victim; --",
    r"\",
    r"\'",
    r"\\'); DROP TABLE literals_victim; --",
    "it's",
    "\"double\" `back` */ /*",
    "ünïcødé ✓ 😀",
    "line\nbreak\r\n",
    "tab\there",
    "100% _under_ \\% \\_",
    "\\0 \\n \\Z",
    "",
];

const VICTIM_NOTE: &str = r"C:\";
const VICTIM_MEMO: &str = "'); DROP TABLE literals_victim; --";
const VICTIM_NAME: &str = r"\'); DROP TABLE literals_victim; -- \";

fn key() -> Column {
    Column {
        primary_key: true,
        auto_increment: true,
        ..Column::new("id", "id", ColumnType::BigInt)
    }
}

/// A text column, `varchar(200)` or unbounded, defaulting to `default`.
fn text(name: &str, max_length: Option<u32>, default: &str) -> Column {
    Column {
        max_length,
        default: Some(DefaultValue::Text(Name::Owned(default.to_owned()))),
        field: Name::Owned(name.to_owned()),
        name: Name::Owned(name.to_owned()),
        ..Column::new("", "", ColumnType::Text)
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

/// The item's columns: `v<i>` a `varchar(200)` and `t<i>` an unbounded text
/// (an expression default on MySQL) for each of `values`, in order.
fn item_columns(values: &[&str]) -> Vec<Column> {
    let mut fields = vec![key()];
    fields.extend(
        values
            .iter()
            .enumerate()
            .map(|(i, v)| text(&format!("v{i}"), Some(200), v)),
    );
    fields.extend(
        values
            .iter()
            .enumerate()
            .map(|(i, v)| text(&format!("t{i}"), None, v)),
    );
    fields
}

/// `0001` makes the victim, `0002` the item whose defaults are `values`,
/// and adds two columns to the victim, filled with hostile defaults.
fn migrations(values: &[&str]) -> Vec<Migration> {
    let victim = vec![
        key(),
        Column {
            max_length: Some(50),
            ..Column::new("name", "name", ColumnType::Text)
        },
    ];
    let add = |field: Column| Operation::AddField {
        model: "Victim".into(),
        field,
        preserve_default: true,
    };
    vec![
        Migration {
            app: "literals".into(),
            name: "0001_victim".into(),
            dependencies: Vec::new(),
            replaces: Vec::new(),
            operations: vec![create("Victim", "literals_victim", victim)],
        },
        Migration {
            app: "literals".into(),
            name: "0002_item".into(),
            dependencies: vec!["literals.0001_victim".parse().unwrap()],
            replaces: Vec::new(),
            operations: vec![
                create("Item", "literals_item", item_columns(values)),
                add(text("note", Some(200), VICTIM_NOTE)),
                add(text("memo", None, VICTIM_MEMO)),
                Operation::AlterField {
                    model: "Victim".into(),
                    name: "name".into(),
                    field: text("name", Some(50), VICTIM_NAME),
                    preserve_default: true,
                },
            ],
        },
    ]
}

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = diesel::sql_types::Text)]
    value: String,
}

fn texts(conn: &mut Connection, sql: &str) -> Vec<String> {
    let rows: Vec<Row> = sql_query(sql).load(conn).unwrap_or_else(|e| panic!("{sql}: {e}"));
    rows.into_iter().map(|r| r.value).collect()
}

fn quote(conn: &Connection, name: &str) -> String {
    model_runtime::sql::dialect(conn.backend_kind()).quote(name)
}

/// The victim's rows, which every migration must leave there.
fn fill_victim(conn: &mut Connection) {
    conn.batch_execute("INSERT INTO literals_victim (name) VALUES ('a'), ('b'), ('c')")
        .unwrap();
}

/// Checks the victim kept its rows, each filled with the new columns'
/// defaults, and that a row of the item inserted with nothing reads back
/// each default exactly.
fn assert_defaults_read_back(conn: &mut Connection, values: &[&str]) {
    let names = texts(conn, "SELECT name AS value FROM literals_victim ORDER BY id");
    assert_eq!(names, ["a", "b", "c"], "the populated table survives");
    assert_eq!(
        texts(conn, "SELECT note AS value FROM literals_victim"),
        [VICTIM_NOTE; 3]
    );
    assert_eq!(
        texts(conn, "SELECT memo AS value FROM literals_victim"),
        [VICTIM_MEMO; 3]
    );

    for table in ["literals_item", "literals_victim"] {
        let insert = match conn.backend_kind() {
            Backend::Mysql => format!("INSERT INTO {table} () VALUES ()"),
            _ => format!("INSERT INTO {table} DEFAULT VALUES"),
        };
        conn.batch_execute(&insert).unwrap();
    }
    let names = texts(conn, "SELECT name AS value FROM literals_victim ORDER BY id");
    assert_eq!(names, ["a", "b", "c", VICTIM_NAME], "the altered default");
    for (i, value) in values.iter().enumerate() {
        for column in [format!("v{i}"), format!("t{i}")] {
            let sql = format!("SELECT {} AS value FROM literals_item", quote(conn, &column));
            assert_eq!(texts(conn, &sql), [*value], "the default of {column}");
        }
    }
}

/// What makes the session read a backslash in a plain literal otherwise
/// than it does by default: MySQL's `NO_BACKSLASH_ESCAPES`, PostgreSQL's
/// `standard_conforming_strings` off.
fn other_backslash_rules(conn: &mut Connection) {
    let sql = match conn.backend_kind() {
        Backend::Sqlite => return,
        Backend::Postgres => "SET standard_conforming_strings = off",
        Backend::Mysql => "SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')",
    };
    conn.batch_execute(sql).unwrap();
}

fn migrate(conn: &mut Connection, graph: &MigrationGraph, target: &str) -> Result<(), String> {
    let mut executor = Executor::new(conn, graph).map_err(|e| e.to_string())?;
    executor
        .migrate(
            &Target::Migration(target.parse().unwrap()),
            &MigrateOptions::default(),
        )
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Checks the live tables are what the migrations say, defaults included.
fn assert_no_drift(conn: &mut Connection, graph: &MigrationGraph) {
    let backend = conn.backend_kind();
    let state = Executor::new(conn, graph).unwrap().state().clone();
    let live = introspect::tables(conn).unwrap();
    let found: Vec<String> = drift::compare(&state, &live, backend)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(found.is_empty(), "{found:#?}");
}

fn migrate_hostile_defaults(db: &TestDb, session: fn(&mut Connection)) {
    let mut conn = db.connect();
    session(&mut conn);
    let graph = MigrationGraph::new(migrations(HOSTILE)).unwrap();
    migrate(&mut conn, &graph, "literals.0001_victim").unwrap();
    fill_victim(&mut conn);
    migrate(&mut conn, &graph, "literals.0002_item").unwrap();
    assert_defaults_read_back(&mut conn, HOSTILE);
    assert_no_drift(&mut conn, &graph);
}

on_every_backend! {
    /// The migration executor's literals, in a session as the project
    /// opens it.
    fn text_defaults_read_back_exactly_and_no_table_is_lost(db) {
        migrate_hostile_defaults(db, |_| {});
    }

    /// The same on a connection whose session reads backslashes the other
    /// way: the literals do not depend on it.
    fn text_defaults_do_not_depend_on_the_session_backslash_rules(db) {
        migrate_hostile_defaults(db, other_backslash_rules);
    }

    /// `sqlmigrate` prints what runs as printed, whatever the session of
    /// whoever pastes it.
    fn sqlmigrate_output_keeps_text_defaults_exact(db) {
        let project = Project::new(db, &["literals"]);
        std::fs::create_dir_all(project.folder("literals")).unwrap();
        for migration in migrations(HOSTILE) {
            let file = project.folder("literals").join(format!("{}.toml", migration.name));
            std::fs::write(file, migration.to_toml()).unwrap();
        }
        let print = |migration: &str| {
            let args = model_manage::SqlmigrateArgs {
                app: "literals".into(),
                migration: migration.into(),
                backwards: false,
            };
            model_manage::sqlmigrate(&project.settings, &args, &mut std::io::sink()).unwrap()
        };
        let mut conn = db.connect();
        other_backslash_rules(&mut conn);
        conn.batch_execute(&print("0001")).unwrap();
        fill_victim(&mut conn);
        let sql = print("0002");
        if db.backend() == Backend::Mysql {
            assert!(!sql.contains('\\'), "MySQL literals hold no backslash: {sql}");
        }
        conn.batch_execute(&sql).unwrap_or_else(|e| panic!("{sql}\n{e}"));
        assert_defaults_read_back(&mut conn, HOSTILE);
    }

    /// A NUL: MySQL holds it; SQLite and PostgreSQL cannot, and the
    /// migration is refused before anything runs, naming the field.
    fn a_nul_in_a_text_default_is_kept_or_refused_by_name(db) {
        let mut conn = db.connect();
        let values = ["a\0b"];
        let graph = MigrationGraph::new(migrations(&values)).unwrap();
        migrate(&mut conn, &graph, "literals.0001_victim").unwrap();
        fill_victim(&mut conn);
        let result = migrate(&mut conn, &graph, "literals.0002_item");
        match db.backend() {
            Backend::Mysql => {
                result.unwrap();
                assert_defaults_read_back(&mut conn, &values);
            }
            backend => {
                let error = result.unwrap_err();
                for part in ["literals.0002_item", "`v0`", "literals.Item", "NUL", &backend.to_string()] {
                    assert!(error.contains(part), "{part} in {error}");
                }
                let tables = introspect::table_names(&mut conn).unwrap();
                assert!(!tables.iter().any(|t| t == "literals_item"), "{tables:?}");
                let names = texts(&mut conn, "SELECT name AS value FROM literals_victim ORDER BY id");
                assert_eq!(names, ["a", "b", "c"]);
            }
        }
    }

    /// A model's own default, written with backslashes in Rust.
    fn a_model_default_with_backslashes_creates_its_table(db) {
        let mut conn = db.connect();
        Folder::create_table(&mut conn).unwrap();
        conn.batch_execute("INSERT INTO literals_folder (id) VALUES (1)").unwrap();
        let read = |conn: &mut Connection, column: &str| {
            let sql = format!("SELECT {} AS value FROM literals_folder", quote(conn, column));
            texts(conn, &sql)
        };
        assert_eq!(read(&mut conn, "path"), ["C:\\dir\\"]);
        assert_eq!(read(&mut conn, "note"), ["it's \\' \n\t %_ ✓"]);
        let schema: &ModelSchema = Folder::schema();
        let state = model_migrations::ProjectState::from_models([schema.clone()]);
        let live = introspect::tables(&mut conn).unwrap();
        assert!(drift::compare(&state, &live, db.backend()).is_empty());
    }
}

#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "literals")]
pub struct Folder {
    #[field(primary_key)]
    pub id: i64,
    #[field(max_length = 50, default = "C:\\dir\\")]
    pub path: String,
    #[field(default = "it's \\' \n\t %_ ✓")]
    pub note: String,
}

/// A float default no backend has a literal for, as a migration file may
/// write it (TOML reads `nan` and `inf`).
const NOT_A_NUMBER_DEFAULT: &str = r#"app = "literals"

[[operations]]
op = "CreateModel"
name = "Reading"
table = "literals_reading"

[[operations.fields]]
field = "id"
column = "id"
type = "BigInt"
primary_key = true
auto_increment = true

[[operations.fields]]
field = "level"
column = "level"
type = "Double"
default = nan
"#;

on_every_backend! {
    /// `default = nan` or `inf` is refused before any SQL, naming the
    /// field, instead of reaching the server as a word it reads as a
    /// column name.
    fn a_float_default_without_a_literal_is_refused_by_name(db) {
        let mut conn = db.connect();
        for default in ["nan", "inf", "-inf"] {
            let text = NOT_A_NUMBER_DEFAULT.replace("default = nan", &format!("default = {default}"));
            let migration = Migration::parse("0001_reading", &text).unwrap();
            let graph = MigrationGraph::new(vec![migration]).unwrap();
            let error = migrate(&mut conn, &graph, "literals.0001_reading").unwrap_err();
            for part in ["`level`", "literals.Reading", "no SQL literal"] {
                assert!(error.contains(part), "{part} in {error}");
            }
            let tables = introspect::table_names(&mut conn).unwrap();
            assert!(!tables.iter().any(|t| t == "literals_reading"), "{tables:?}");
        }
    }
}
