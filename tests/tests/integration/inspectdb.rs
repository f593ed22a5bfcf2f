//! `inspectdb`: the models it prints for an existing database say what the
//! tables say — read back with `syn`, compared with the models that made
//! the tables — and compile; for the example's migrated database they are
//! the example's models again, which `makemigrations` finds nothing to
//! change in.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use model_manage::InspectdbArgs;
use model_migrations::Migration;
use model_runtime::diesel::connection::SimpleConnection;
use model_runtime::prelude::*;
use model_runtime::schema::ModelSchema;
use model_runtime::Settings;
use model_tests::models::{create_littlelemon_tables, Booking, Category, Everything, Menu, Ticket};
use model_tests::{on_every_backend, TestDb};
use quote::ToTokens;

/// What `inspectdb` prints and returns for the database.
fn inspect(db: &TestDb, args: &InspectdbArgs) -> (String, Vec<ModelSchema>) {
    let settings = Settings::new().database_url(db.url());
    let mut out = Vec::new();
    let models = model_manage::inspectdb(&settings, args, &mut out)
        .unwrap_or_else(|e| panic!("inspectdb on {}: {e}", db.backend()));
    (String::from_utf8(out).unwrap(), models)
}

/// The `//` notes of printed models: every comment but the file's header.
fn notes(source: &str) -> Vec<&str> {
    source
        .lines()
        .skip(2)
        .filter(|line| line.trim_start().starts_with("//"))
        .collect()
}

fn littlelemon() -> InspectdbArgs {
    InspectdbArgs {
        app: Some("littlelemon".into()),
        ..Default::default()
    }
}

/// A struct of the printed file, as text that ignores spacing: its
/// `#[model(...)]`, and each field's `#[field(...)]` (empty when none) and
/// type.
#[derive(Debug, PartialEq)]
struct Printed {
    model: String,
    fields: Vec<(String, String, String)>,
}

/// An attribute's meta (`field(max_length = 255)`) as `syn` prints it back.
fn tokens(text: &str) -> String {
    syn::parse_str::<syn::Meta>(text)
        .unwrap()
        .to_token_stream()
        .to_string()
}

/// The structs of `source`, in order, by name; the file must parse.
fn printed_structs(source: &str) -> Vec<(String, Printed)> {
    let file =
        syn::parse_file(source).unwrap_or_else(|e| panic!("inspectdb printed invalid Rust ({e}):\n{source}"));
    let prelude = syn::parse_str::<syn::Item>("use model_runtime::prelude::*;").unwrap();
    assert_eq!(file.items.first(), Some(&prelude), "{source}");
    let attribute = |attrs: &[syn::Attribute], name: &str| {
        attrs
            .iter()
            .find(|a| a.path().is_ident(name))
            .map(|a| a.meta.to_token_stream().to_string())
            .unwrap_or_default()
    };
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(item) => Some(item),
            _ => None,
        })
        .map(|item| {
            let derive = attribute(&item.attrs, "derive");
            assert_eq!(derive, tokens("derive(Model, Debug, Clone, PartialEq)"));
            let fields = item
                .fields
                .iter()
                .map(|f| {
                    (
                        f.ident.as_ref().unwrap().to_string(),
                        attribute(&f.attrs, "field"),
                        f.ty.to_token_stream().to_string(),
                    )
                })
                .collect();
            let printed = Printed {
                model: attribute(&item.attrs, "model"),
                fields,
            };
            (item.ident.to_string(), printed)
        })
        .collect()
}

/// The expected struct, from `#[model(...)]` and one `(name, "field(...)"
/// or "", type)` per field.
fn expected(model: &str, fields: &[(&str, &str, &str)]) -> Printed {
    Printed {
        model: tokens(model),
        fields: fields
            .iter()
            .map(|(name, attr, ty)| {
                let attr = if attr.is_empty() {
                    String::new()
                } else {
                    tokens(attr)
                };
                let ty = syn::parse_str::<syn::Type>(ty)
                    .unwrap()
                    .to_token_stream()
                    .to_string();
                (name.to_string(), attr, ty)
            })
            .collect(),
    }
}

/// `schema` with the parts a database does not keep (the app and Rust
/// names) replaced by what `inspectdb` names them.
fn renamed(schema: &ModelSchema, app: &str, model: &str, fields: &[(&str, &str)]) -> ModelSchema {
    let mut schema = schema.clone();
    schema.app = app.to_owned().into();
    schema.name = model.to_owned().into();
    let mut columns = schema.columns.to_vec();
    for column in &mut columns {
        if let Some((_, new)) = fields.iter().find(|(old, _)| column.field == *old) {
            column.field = new.to_string().into();
        }
        if let Some(key) = &mut column.foreign_key {
            if key.table == schema.table {
                key.app = app.to_owned().into();
                key.model = model.to_owned().into();
            }
        }
    }
    schema.columns = columns.into();
    schema
}

on_every_backend! {
    fn the_shared_models_print_back_with_every_attribute(db) {
        let mut conn = db.connect();
        create_littlelemon_tables(&mut conn).unwrap();
        Ticket::create_table(&mut conn).unwrap();
        Everything::create_table(&mut conn).unwrap();
        let (source, models) = inspect(db, &littlelemon());
        assert_eq!(notes(&source), [] as [&str; 0], "on {}:\n{source}", db.backend());

        let structs = printed_structs(&source);
        let names: Vec<&str> = structs.iter().map(|(name, _)| name.as_str()).collect();
        // Parents first, then by name.
        assert_eq!(names, ["Category", "Menu", "Booking", "TicketCodes", "TypesEverything"]);
        let printed = |name: &str| &structs.iter().find(|(n, _)| n == name).unwrap().1;

        assert_eq!(printed("Category"), &expected(
            r#"model(app = "littlelemon", table = "littlelemon_category")"#,
            &[("id", "field(primary_key)", "i64"), ("title", "field(max_length = 255, unique)", "String")],
        ));
        assert_eq!(printed("Menu"), &expected(
            r#"model(app = "littlelemon", table = "littlelemon_menu", indexes = [["title", "price"]])"#,
            &[
                ("id", "field(primary_key)", "i64"),
                ("title", "field(max_length = 255)", "String"),
                ("price", "field(max_digits = 6, decimal_places = 2)", "Decimal"),
                ("inventory", "field(default = 0)", "i32"),
                ("category_id", r#"field(foreign_key = Category, on_delete = "cascade")"#, "i64"),
                ("description", "", "Option<String>"),
            ],
        ));
        // The column of `last_name` is `surname`: the field takes the column's name.
        assert_eq!(printed("Booking"), &expected(
            r#"model(app = "littlelemon", table = "littlelemon_booking",
                     unique_together = [["first_name", "surname", "booking_date"]])"#,
            &[
                ("id", "field(primary_key)", "i64"),
                ("first_name", "field(max_length = 100)", "String"),
                ("surname", "field(max_length = 100)", "String"),
                ("guest_number", "field(default = 2, index)", "i32"),
                ("comment", "", "Option<String>"),
                ("booking_date", "", "NaiveDate"),
                ("favourite_id", r#"field(foreign_key = Menu, on_delete = "protect")"#, "Option<i64>"),
                ("confirmed", "field(default = true)", "bool"),
            ],
        ));
        assert_eq!(printed("TicketCodes"), &expected(
            r#"model(app = "littlelemon", table = "ticket_codes")"#,
            &[
                ("code", "field(primary_key, auto_increment = false)", "Uuid"),
                ("kind", r#"field(max_length = 20, default = "general")"#, "String"),
                ("replaces", r#"field(foreign_key = Self, on_delete = "set_null")"#, "Option<Uuid>"),
            ],
        ));

        // Every type maps back; where a backend stores two field types
        // alike, the first of them comes back.
        let (instant, document) = match db.backend() {
            Backend::Postgres => ("DateTime<Utc>", "JsonValue"),
            Backend::Mysql => ("NaiveDateTime", "JsonValue"),
            Backend::Sqlite => ("NaiveDateTime", "String"),
        };
        let everything = &printed("TypesEverything").fields;
        let types: Vec<(&str, &str)> = everything.iter().map(|(name, _, ty)| (name.as_str(), ty.as_str())).collect();
        fn want<'a>(name: &'a str, ty: &str) -> (&'a str, String) {
            (name, syn::parse_str::<syn::Type>(ty).unwrap().to_token_stream().to_string())
        }
        for (name, ty) in [
            want("id", "i64"), want("small", "i16"), want("int", "i32"), want("big", "i64"),
            want("float", "f32"), want("double", "f64"), want("flag", "bool"), want("short_text", "String"),
            want("text", "String"), want("bytes", "Vec<u8>"), want("amount", "Decimal"), want("day", "NaiveDate"),
            want("moment", "NaiveDateTime"), want("instant", instant), want("key", "Uuid"), want("document", document),
            want("maybe_flag", "Option<bool>"), want("maybe_bytes", "Option<Vec<u8>>"),
            want("maybe_instant", &format!("Option<{instant}>")), want("maybe_document", &format!("Option<{document}>")),
        ] {
            assert!(types.contains(&(name, ty.as_str())), "{name}: {ty} on {}, among {types:?}", db.backend());
        }
        assert_eq!(everything.len(), Everything::schema().columns.len());

        // The schemas the printed models describe are the originals, but
        // for the Rust names no database keeps.
        let model = |name: &str| models.iter().find(|m| m.name == name).unwrap();
        assert_eq!(model("Category"), Category::schema());
        assert_eq!(model("Menu"), Menu::schema());
        let booking = renamed(Booking::schema(), "littlelemon", "Booking", &[("last_name", "surname")]);
        assert_eq!(model("Booking"), &booking);
        assert_eq!(model("TicketCodes"), &renamed(Ticket::schema(), "littlelemon", "TicketCodes", &[]));
    }

    fn named_tables_only_and_an_unknown_one_refused(db) {
        let mut conn = db.connect();
        create_littlelemon_tables(&mut conn).unwrap();
        let args = InspectdbArgs { tables: vec!["littlelemon_menu".into()], app: None };
        let (source, models) = inspect(db, &args);
        assert_eq!(models.len(), 1);
        // The category is not inspected: its key is a plain column, and says why.
        assert!(source.contains(
            "    // foreign key REFERENCES littlelemon_category (id) ON DELETE CASCADE left out: \
             littlelemon_category is not among the models printed\n    #[field(index)]\n    pub category_id: i64,\n"
        ), "{source}");
        // Without --app, the table is named in full and the app is the crate's.
        assert!(source.contains("#[model(table = \"littlelemon_menu\", indexes = [[\"title\", \"price\"]])]\npub struct LittlelemonMenu {"), "{source}");

        let (mut out, mut err) = (Vec::new(), Vec::new());
        let settings = Settings::new().database_url(db.url());
        let code = model_manage::run_from(["manage", "inspectdb", "littlelemon_dish"], settings.clone(), &mut out, &mut err);
        assert_eq!(code, ExitCode::FAILURE);
        assert_eq!(String::from_utf8(err).unwrap(), "error: the database has no table `littlelemon_dish`\n");
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = model_manage::run_from(["manage", "inspectdb", "--app", "a\"b"], settings.clone(), &mut out, &mut err);
        assert_eq!(code, ExitCode::FAILURE);
        let err = String::from_utf8(err).unwrap();
        assert!(err.starts_with("error: `--app \"a\\\"b\"` cannot name an app"), "{err}");

        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = model_manage::run_from(["manage", "inspectdb", "--app", "littlelemon"], settings, &mut out, &mut err);
        assert_eq!(code, ExitCode::SUCCESS);
        assert_eq!(String::from_utf8(out).unwrap(), inspect(db, &littlelemon()).0);
    }
}

/// A hand-made SQLite schema with what a model cannot say as the table
/// does: notes above the struct or field, and tables left out with the
/// reason.
const LEGACY_SQLITE: &str = r#"
CREATE TABLE legacy_author (
  "ID" integer PRIMARY KEY,
  "First Name" varchar(50) NOT NULL,
  "type" text,
  created timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  rating real DEFAULT 2,
  code char(8)
);
CREATE TABLE publisher (id integer PRIMARY KEY AUTOINCREMENT, name text);
CREATE TABLE legacy_book (
  id integer PRIMARY KEY AUTOINCREMENT,
  author_id integer REFERENCES legacy_author ("ID") ON DELETE SET DEFAULT,
  publisher_id bigint REFERENCES publisher (id),
  title varchar(200) NOT NULL,
  isbn varchar(13) UNIQUE,
  price numeric(8, 2) NOT NULL DEFAULT 9.99
);
CREATE INDEX book_title_idx ON legacy_book (title);
CREATE INDEX book_lower_title ON legacy_book (lower(title));
CREATE UNIQUE INDEX book_author_title ON legacy_book (author_id, title);
CREATE TABLE legacy_log (message text);
CREATE TABLE legacy_shape (id integer PRIMARY KEY AUTOINCREMENT, area geometry);
"#;

#[cfg(feature = "sqlite")]
fn inspect_legacy() -> String {
    let db = TestDb::new(Backend::Sqlite);
    db.connect().batch_execute(LEGACY_SQLITE).unwrap();
    let tables = ["legacy_author", "legacy_book", "legacy_log", "legacy_shape"];
    let args = InspectdbArgs {
        tables: tables.map(String::from).to_vec(),
        app: Some("legacy".into()),
    };
    inspect(&db, &args).0
}

#[cfg(feature = "sqlite")]
#[test]
fn what_a_model_cannot_say_is_a_note_and_what_it_cannot_hold_is_left_out() {
    let source = inspect_legacy();
    for expected in [
        "// Table legacy_log is left out: it has no primary key, which a model needs.\n",
        "// Table legacy_shape is left out: column area has type geometry, which no model field holds.\n",
        "    #[field(primary_key, auto_increment = false, column = \"ID\")]\n    pub id: i32,\n",
        "    #[field(max_length = 50, column = \"First Name\")]\n    pub first_name: String,\n",
        "    #[field(column = \"type\")]\n    pub type_field: Option<String>,\n",
        "    // legacy_author.created: type is timestamp, the model says datetime\n\
         \x20   // legacy_author.created: default is CURRENT_TIMESTAMP, the model says none\n\
         \x20   pub created: NaiveDateTime,\n",
        "    #[field(default = 2)]\n    pub rating: Option<f32>,\n",
        "    // legacy_author.code: type is char(8), the model says varchar(8)\n",
        "    // foreign key REFERENCES legacy_author (ID) ON DELETE SET DEFAULT left out: \
         ON DELETE SET DEFAULT has no `on_delete` spelling\n    pub author_id: Option<i32>,\n",
        "    // foreign key REFERENCES publisher (id) ON DELETE NO ACTION left out: \
         publisher is not among the models printed\n    pub publisher_id: Option<i64>,\n",
        "// legacy_book: index book_lower_title ((expression)) in the database, not in the model\n",
        "// legacy_book: index book_title_idx (title), the model says ix_legacy_book_title (title)\n",
        "#[model(app = \"legacy\", table = \"legacy_book\", unique_together = [[\"author_id\", \"title\"]])]\n",
        "    #[field(max_digits = 8, decimal_places = 2, default = \"9.99\")]\n    pub price: Decimal,\n",
    ] {
        assert!(source.contains(expected), "missing:\n{expected}\nin:\n{source}");
    }
    assert!(
        !source.contains("struct Log") && !source.contains("struct Shape"),
        "{source}"
    );
}

/// Where the generated programs go: under the target directory, which git
/// ignores.
fn generated_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("inspectdb");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A program of the inspected models whose `main` rebuilds the state of
/// the example's migration files and asserts that the autodetector finds
/// nothing to change: `makemigrations` run against the printed models.
fn makemigrations_program(inspected: &str, migrations: &Path) -> String {
    format!(
        "{inspected}\n\
         fn main() {{\n\
         \x20   use model_migrations::autodetect::{{detect, NonInteractive}};\n\
         \x20   use model_migrations::{{Migration, MigrationGraph, ProjectState}};\n\
         \x20   let mut migrations = Vec::new();\n\
         \x20   for entry in std::fs::read_dir({migrations:?}).unwrap() {{\n\
         \x20       let path = entry.unwrap().path();\n\
         \x20       if path.extension().is_some_and(|e| e == \"toml\") {{\n\
         \x20           let name = path.file_stem().unwrap().to_str().unwrap().to_owned();\n\
         \x20           let text = std::fs::read_to_string(&path).unwrap();\n\
         \x20           migrations.push(Migration::parse(&name, &text).unwrap());\n\
         \x20       }}\n\
         \x20   }}\n\
         \x20   let files = MigrationGraph::new(migrations).unwrap().final_state().unwrap();\n\
         \x20   let models = ProjectState::from_registry(&[\"littlelemon\".to_owned()]);\n\
         \x20   assert_eq!(models.models().count(), 4, \"the printed models are registered\");\n\
         \x20   let changes = detect(&files, &models, &mut NonInteractive).unwrap();\n\
         \x20   let operations: Vec<String> = changes.values().flatten().map(|op| op.to_string()).collect();\n\
         \x20   assert!(operations.is_empty(), \"makemigrations would write: {{operations:?}}\");\n\
         }}\n"
    )
}

/// A copy of the example's migrations, in a folder of the test's own,
/// without those that depend on another app's (`auth`'s users): what the
/// example was before it pointed at them, so that the database holds its
/// tables only.
fn example_migrations_of_its_own() -> PathBuf {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/littlelemon/migrations");
    let copy = generated_dir().join("littlelemon_migrations");
    let _ = std::fs::remove_dir_all(&copy);
    std::fs::create_dir_all(&copy).unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&shipped)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut kept: Vec<String> = Vec::new();
    for path in files {
        let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let migration = Migration::parse(&name, &text).unwrap();
        if migration
            .dependencies
            .iter()
            .all(|d| d.app == "littlelemon" && kept.contains(&d.name))
        {
            std::fs::write(copy.join(path.file_name().unwrap()), text).unwrap();
            kept.push(name);
        }
    }
    copy.canonicalize().unwrap()
}

/// The promise of `inspectdb`: on a database migrated by the example's own
/// files, it prints models that compile and that `makemigrations` finds no
/// change in — on every backend, since the example's types (big integers,
/// text, decimals, dates) are stored distinctly everywhere. With them, the
/// hand-made SQLite schema's models, notes and all, must compile too.
#[test]
fn the_inspected_example_compiles_to_models_makemigrations_leaves_alone() {
    let migrations = example_migrations_of_its_own();
    let mut backends = Vec::new();
    if cfg!(feature = "sqlite") {
        backends.push(Backend::Sqlite);
    }
    if cfg!(feature = "postgres") {
        backends.push(Backend::Postgres);
    }
    if cfg!(feature = "mysql") {
        backends.push(Backend::Mysql);
    }
    let cases = trybuild::TestCases::new();
    for backend in backends {
        let db = TestDb::new(backend);
        let settings = Settings::new()
            .installed_apps(["littlelemon"])
            .migrations_dir("littlelemon", &migrations)
            .database_url(db.url());
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = model_manage::run_from(["manage", "migrate"], settings, &mut out, &mut err);
        assert_eq!(code, ExitCode::SUCCESS, "{}", String::from_utf8_lossy(&err));

        let (source, models) = inspect(&db, &littlelemon());
        assert_eq!(models.len(), 4, "{source}");
        assert_eq!(notes(&source), [] as [&str; 0], "on {backend}:\n{source}");
        let name = format!(
            "inspected_littlelemon_{}.rs",
            format!("{backend:?}").to_lowercase()
        );
        let path = generated_dir().join(name);
        std::fs::write(&path, makemigrations_program(&source, &migrations)).unwrap();
        cases.pass(&path);
    }
    #[cfg(feature = "sqlite")]
    {
        let path = generated_dir().join("inspected_legacy_sqlite.rs");
        std::fs::write(&path, format!("{}\nfn main() {{}}\n", inspect_legacy())).unwrap();
        cases.pass(&path);
    }
}

/// Names no Rust identifier, string or comment holds as they are (the
/// derive takes no double quote or backtick in a name: a table with one is
/// left out, with a note naming it).
const ODD_TABLE: &str = "odd\nname */ 'x' \\";
const ODD_KEYLESS: &str = "keyless\r\n} fn oops() {";
const ODD_QUOTED: &str = "quoted\"\n} fn quoted() {";
const ODD_COLUMNS: [&str; 4] = ["col\nbreak", "it's", "star */ /* x", "tab\tcol \\"];
const ODD_DEFAULT: &str = "a'b\\c\"d\ne */ \\";

/// The value of `key = "..."` among the attribute's tokens, as Rust reads
/// the literal.
fn string_option(attribute: &syn::Attribute, key: &str) -> Option<String> {
    let mut found = None;
    let _ = attribute.parse_nested_meta(|meta| {
        if meta.path.is_ident(key) {
            found = Some(meta.value()?.parse::<syn::LitStr>()?.value());
        } else if meta.input.peek(syn::Token![=]) {
            meta.value()?.parse::<syn::Expr>()?;
        }
        Ok(())
    });
    found
}

on_every_backend! {
    /// Table and column names holding line breaks, quotes and `*/`, and a
    /// default holding them too, print as Rust that parses and says them
    /// exactly.
    fn odd_names_print_as_rust_that_parses_and_keeps_them(db) {
        let mut conn = db.connect();
        let backend = db.backend();
        let d = model_runtime::sql::dialect(backend);
        let default = model_runtime::sql::text_literal(backend, ODD_DEFAULT).unwrap();
        let [c0, c1, c2, c3] = ODD_COLUMNS.map(|c| d.quote(c));
        conn.batch_execute(&format!(
            "CREATE TABLE {} (id bigint NOT NULL PRIMARY KEY, {c0} varchar(50) NOT NULL DEFAULT {default}, \
             {c1} char(8) NULL, {c2} integer NULL, {c3} text NULL); CREATE TABLE {} (x integer); \
             CREATE TABLE {} (id integer NOT NULL PRIMARY KEY)",
            d.quote(ODD_TABLE),
            d.quote(ODD_KEYLESS),
            d.quote(ODD_QUOTED),
        ))
        .unwrap();
        let (source, models) = inspect(db, &InspectdbArgs::default());
        let file = syn::parse_file(&source)
            .unwrap_or_else(|e| panic!("inspectdb printed invalid Rust on {backend} ({e}):\n{source}"));
        assert_eq!(models.len(), 1, "{source}");
        let item = file
            .items
            .iter()
            .find_map(|item| match item {
                syn::Item::Struct(item) => Some(item),
                _ => None,
            })
            .unwrap();
        let model = item.attrs.iter().find(|a| a.path().is_ident("model")).unwrap();
        assert_eq!(string_option(model, "table").as_deref(), Some(ODD_TABLE), "{source}");
        let columns: Vec<String> = item
            .fields
            .iter()
            .filter_map(|f| f.attrs.iter().find(|a| a.path().is_ident("field")))
            .filter_map(|a| string_option(a, "column"))
            .collect();
        assert_eq!(columns, ODD_COLUMNS, "{source}");
        let field = item.fields.iter().nth(1).unwrap();
        let attribute = field.attrs.iter().find(|a| a.path().is_ident("field")).unwrap();
        assert_eq!(string_option(attribute, "default").as_deref(), Some(ODD_DEFAULT), "{source}");
        // The table left out is named in a comment that stays one line.
        assert!(source.contains("// Table keyless\\r\\n} fn oops() { is left out"), "{source}");
        assert!(!source.contains("fn oops() {\n"), "{source}");
        assert!(source.contains("// Table quoted\"\\n} fn quoted() { is left out"), "{source}");
        assert!(!source.contains("fn quoted() {\n"), "{source}");
    }
}
