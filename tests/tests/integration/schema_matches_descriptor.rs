//! A table created from a model reads back, through introspection, as the
//! model's schema descriptor says: column names and order, types, NULL,
//! defaults, keys, unique constraints, indexes and foreign keys.
//!
//! The expected type and default spellings are written out by hand per
//! backend, so a renderer that writes something the database changes or
//! drops fails here.

use model_migrations::introspect::{self, ColumnInfo, ForeignKeyInfo, IndexInfo, TableInfo};
use model_runtime::prelude::*;
use model_runtime::schema::{Column, ColumnType, DefaultValue, ModelSchema, OnDelete};
use model_tests::models::{Booking, Category, Everything, Menu, Ticket};
use model_tests::on_every_backend;

/// A default of every kind a field can declare, where a renderer is most
/// likely to write something the database reads back otherwise; and the
/// one `on_delete` action the shared models leave out.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app = "defaults")]
pub struct Preset {
    #[field(primary_key)]
    pub id: i64,
    #[field(default = -1)]
    pub small: i16,
    #[field(default = -20)]
    pub int: i32,
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
    #[field(default = 3)]
    pub maybe_int: Option<i32>,
    #[field(foreign_key = Self, on_delete = "restrict")]
    pub parent_id: Option<i64>,
}

on_every_backend! {
    fn every_field_type_reads_back_as_declared(db) {
        let mut conn = db.connect();
        Everything::create_table(&mut conn).unwrap();
        assert_table_matches(&mut conn, db.backend(), Everything::schema());
    }

    fn related_tables_read_back_with_their_keys_and_indexes(db) {
        let mut conn = db.connect();
        Category::create_table(&mut conn).unwrap();
        Menu::create_table(&mut conn).unwrap();
        Booking::create_table(&mut conn).unwrap();
        for schema in [Category::schema(), Menu::schema(), Booking::schema()] {
            assert_table_matches(&mut conn, db.backend(), schema);
        }
        let mut tables: Vec<String> = [Category::TABLE, Menu::TABLE, Booking::TABLE].map(String::from).into();
        tables.sort();
        assert_eq!(introspect::table_names(&mut conn).unwrap(), tables);
    }

    fn uuid_keyed_self_referencing_table_reads_back_as_declared(db) {
        let mut conn = db.connect();
        Ticket::create_table(&mut conn).unwrap();
        assert_table_matches(&mut conn, db.backend(), Ticket::schema());
        assert_eq!(introspect::table(&mut conn, "no_such_table").unwrap(), None);
    }

    fn every_kind_of_default_reads_back_as_declared(db) {
        let mut conn = db.connect();
        Preset::create_table(&mut conn).unwrap();
        assert_table_matches(&mut conn, db.backend(), Preset::schema());
    }
}

fn assert_table_matches(conn: &mut Connection, backend: Backend, schema: &ModelSchema) {
    let actual = introspect::table(conn, &schema.table)
        .unwrap()
        .unwrap_or_else(|| panic!("{} was not created on {backend}", schema.table));
    let expected = expected_table(backend, schema);
    // Column by column first, so a mismatch names its column.
    for (want, got) in expected.columns.iter().zip(&actual.columns) {
        assert_eq!(got, want, "column {}.{} on {backend}", schema.table, want.name);
    }
    assert_eq!(actual, expected, "table {} on {backend}", schema.table);
}

fn expected_table(backend: Backend, schema: &ModelSchema) -> TableInfo {
    let table = schema.table.to_string();
    let mut unique_constraints: Vec<Vec<String>> = schema
        .columns
        .iter()
        .filter(|c| c.unique && !c.primary_key)
        .map(|c| vec![c.name.to_string()])
        .chain(
            schema
                .indexes
                .iter()
                .filter(|i| i.unique)
                .map(|i| names(&i.columns)),
        )
        .collect();
    unique_constraints.sort();
    let mut indexes: Vec<IndexInfo> = schema
        .columns
        .iter()
        .filter(|c| c.index && !c.unique && !c.primary_key)
        .map(|c| vec![c.name.to_string()])
        .chain(
            schema
                .indexes
                .iter()
                .filter(|i| !i.unique)
                .map(|i| names(&i.columns)),
        )
        .map(|columns| IndexInfo {
            name: format!("ix_{table}_{}", columns.join("_")),
            columns,
            unique: false,
        })
        .collect();
    indexes.sort_by(|a, b| a.name.cmp(&b.name));
    let foreign_keys = schema
        .columns
        .iter()
        .filter_map(|c| {
            let fk = c.foreign_key.as_ref()?;
            Some(ForeignKeyInfo {
                column: c.name.to_string(),
                target_table: fk.table.to_string(),
                target_column: fk.column.to_string(),
                on_delete: on_delete(fk.on_delete).to_owned(),
            })
        })
        .collect();
    TableInfo {
        name: table.clone(),
        columns: schema
            .columns
            .iter()
            .map(|c| expected_column(backend, c))
            .collect(),
        unique_constraints,
        indexes,
        foreign_keys,
    }
}

fn names(columns: &[std::borrow::Cow<'static, str>]) -> Vec<String> {
    columns.iter().map(|c| c.to_string()).collect()
}

fn expected_column(backend: Backend, column: &Column) -> ColumnInfo {
    ColumnInfo {
        name: column.name.to_string(),
        data_type: expected_type(backend, column),
        nullable: column.nullable,
        default: column
            .default
            .as_ref()
            .map(|d| expected_default(backend, column, d)),
        primary_key: column.primary_key,
        auto_increment: column.auto_increment,
    }
}

fn on_delete(action: OnDelete) -> &'static str {
    match action {
        OnDelete::Cascade => "CASCADE",
        OnDelete::Protect => "RESTRICT",
        OnDelete::Restrict => "NO ACTION",
        OnDelete::SetNull => "SET NULL",
    }
}

/// How each backend reports the type a column of the model should have.
fn expected_type(backend: Backend, column: &Column) -> String {
    let varchar = column.max_length.map(|n| format!("varchar({n})"));
    let digits = (column.max_digits.unwrap_or(0), column.decimal_places.unwrap_or(0));
    let spelled = match backend {
        // The key must be spelled `integer` to be SQLite's rowid.
        Backend::Sqlite if column.auto_increment => "integer",
        Backend::Sqlite => match column.ty {
            ColumnType::SmallInt => "smallint",
            ColumnType::Integer => "integer",
            ColumnType::BigInt => "bigint",
            ColumnType::Float => "real",
            ColumnType::Double => "double precision",
            ColumnType::Bool => "bool",
            ColumnType::Text => return varchar.unwrap_or_else(|| "text".into()),
            ColumnType::Binary => "blob",
            ColumnType::Decimal => return format!("decimal({},{})", digits.0, digits.1),
            ColumnType::Date => "date",
            ColumnType::DateTime | ColumnType::DateTimeUtc => "datetime",
            ColumnType::Uuid => "char(36)",
            ColumnType::Json => "text",
        },
        Backend::Postgres => match column.ty {
            ColumnType::SmallInt => "smallint",
            ColumnType::Integer => "integer",
            ColumnType::BigInt => "bigint",
            ColumnType::Float => "real",
            ColumnType::Double => "double precision",
            ColumnType::Bool => "boolean",
            ColumnType::Text => return varchar.unwrap_or_else(|| "text".into()),
            ColumnType::Binary => "bytea",
            ColumnType::Decimal => return format!("numeric({},{})", digits.0, digits.1),
            ColumnType::Date => "date",
            ColumnType::DateTime => "timestamp",
            ColumnType::DateTimeUtc => "timestamp with time zone",
            ColumnType::Uuid => "uuid",
            ColumnType::Json => "jsonb",
        },
        Backend::Mysql => match column.ty {
            ColumnType::SmallInt => "smallint",
            ColumnType::Integer => "int",
            ColumnType::BigInt => "bigint",
            ColumnType::Float => "float",
            ColumnType::Double => "double",
            ColumnType::Bool => "tinyint(1)",
            ColumnType::Text => return varchar.unwrap_or_else(|| "longtext".into()),
            ColumnType::Binary => "longblob",
            ColumnType::Decimal => return format!("decimal({},{})", digits.0, digits.1),
            ColumnType::Date => "date",
            ColumnType::DateTime | ColumnType::DateTimeUtc => "datetime(6)",
            ColumnType::Uuid => "char(36)",
            ColumnType::Json => "json",
        },
    };
    spelled.to_owned()
}

/// How each backend reports the model's default.
fn expected_default(backend: Backend, column: &Column, default: &DefaultValue) -> String {
    match default {
        DefaultValue::Int(v) => v.to_string(),
        DefaultValue::Float(v) => format!("{v:?}"),
        DefaultValue::Bool(v) => match (backend, v) {
            (Backend::Postgres, true) => "true".into(),
            (Backend::Postgres, false) => "false".into(),
            (_, true) => "1".into(),
            (_, false) => "0".into(),
        },
        DefaultValue::Text(text) if column.ty == ColumnType::Decimal => text.to_string(),
        DefaultValue::Text(text) => format!("'{}'", text.replace('\'', "''")),
    }
}
