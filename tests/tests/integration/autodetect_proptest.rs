//! Random evolutions of a project's models: each step adds, removes, alters
//! and renames models, fields, indexes and foreign keys, across two apps;
//! makemigrations (detect + arrange, through the file format) must write
//! migrations that replay to exactly the new models, so that running it
//! again finds nothing. The migrations then run on a populated database,
//! forwards and back: rows survive and the schema returns. Hundreds of
//! cases run on SQLite; PostgreSQL and MariaDB run
//! `MODEL_PROPTEST_SERVER_CASES` cases each (16 unless set; `.ci/run` sets
//! more).

use std::collections::BTreeMap;

use model_migrations::autodetect::{arrange, detect, NonInteractive, Questioner};
use model_migrations::introspect::{self, TableInfo};
use model_migrations::{Executor, MigrateOptions, Migration, MigrationGraph, ProjectState, Target};
use model_runtime::diesel::connection::SimpleConnection;
use model_runtime::diesel::dsl::sql;
use model_runtime::diesel::sql_types::BigInt;
use model_runtime::diesel::{select, RunQueryDsl};
use model_runtime::schema::{
    Column, ColumnType, DefaultValue, ForeignKeyTarget, Index, ModelSchema, Name, OnDelete,
};
use model_runtime::{Backend, Connection};
use model_tests::TestDb;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

const APPS: [&str; 2] = ["pa", "pb"];

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Int,
    Big,
    Text(Option<u32>),
    Bool,
    Decimal(u32, u32),
    Date,
}

#[derive(Clone, Debug)]
struct Field {
    name: String,
    column: Option<String>,
    kind: Kind,
    nullable: bool,
    default: Option<DefaultValue>,
    unique: bool,
    index: bool,
    /// (app, model, on_delete) of the model pointed at.
    foreign_key: Option<(String, String, OnDelete)>,
    renamed_from: Option<String>,
}

#[derive(Clone, Debug)]
struct Model {
    app: String,
    name: String,
    table: Option<String>,
    fields: Vec<Field>,
    /// Groups of field names, unique or not.
    groups: Vec<(Vec<String>, bool)>,
    renamed_from: Option<String>,
}

impl Model {
    fn table(&self) -> String {
        self.table
            .clone()
            .unwrap_or_else(|| format!("{}_{}", self.app, self.name.to_lowercase()))
    }
}

/// The models of a project as the developer edits them, and the answers a
/// developer would give about the renames of the current edit.
#[derive(Clone, Debug, Default)]
struct World {
    models: Vec<Model>,
    counter: u32,
    renames: Vec<(String, String)>,
}

/// One random edit: what to do, and numbers to pick what to do it to.
type Edit = (u8, u16, u16, u16);

fn default_for(kind: Kind, seed: u16) -> DefaultValue {
    match kind {
        Kind::Int | Kind::Big => DefaultValue::Int(i64::from(seed % 100)),
        Kind::Text(_) => DefaultValue::Text(Name::Owned(format!("d{}", seed % 10))),
        Kind::Bool => DefaultValue::Bool(seed.is_multiple_of(2)),
        Kind::Decimal(..) => DefaultValue::Text(Name::Owned(format!("{}.25", seed % 10))),
        Kind::Date => DefaultValue::Text(Name::Owned(format!("2024-01-{:02}", 1 + seed % 28))),
    }
}

fn kind_for(seed: u16) -> Kind {
    match seed % 7 {
        0 => Kind::Int,
        1 => Kind::Big,
        2 => Kind::Text(Some(20 + u32::from(seed % 3) * 10)),
        3 => Kind::Text(None),
        4 => Kind::Bool,
        5 => Kind::Decimal(6 + u32::from(seed % 3), 2),
        _ => Kind::Date,
    }
}

impl World {
    fn fresh(&mut self, prefix: &str) -> String {
        self.counter += 1;
        format!("{prefix}{}", self.counter)
    }

    fn pick(&self, seed: u16) -> Option<usize> {
        (!self.models.is_empty()).then(|| usize::from(seed) % self.models.len())
    }

    fn new_field(&mut self, seed: u16, target: u16) -> Field {
        let name = self.fresh("f");
        let column = seed.is_multiple_of(5).then(|| self.fresh("col"));
        if seed.is_multiple_of(4) {
            if let Some(at) = self.pick(target) {
                let to = &self.models[at];
                let on_delete = [
                    OnDelete::Cascade,
                    OnDelete::Protect,
                    OnDelete::Restrict,
                    OnDelete::SetNull,
                ][usize::from(seed / 4) % 4];
                return Field {
                    name,
                    column,
                    kind: Kind::Big,
                    nullable: on_delete == OnDelete::SetNull || seed.is_multiple_of(3),
                    default: None,
                    unique: false,
                    index: true,
                    foreign_key: Some((to.app.clone(), to.name.clone(), on_delete)),
                    renamed_from: None,
                };
            }
        }
        let kind = kind_for(seed / 5);
        Field {
            name,
            column,
            kind,
            nullable: seed % 3 == 1,
            default: seed.is_multiple_of(2).then(|| default_for(kind, seed)),
            unique: seed.is_multiple_of(11),
            index: seed.is_multiple_of(7),
            foreign_key: None,
            renamed_from: None,
        }
    }

    /// Applies one edit; an edit that does not fit the models (no model to
    /// remove, ...) does nothing.
    fn edit(&mut self, (what, a, b, c): Edit) {
        match what % 12 {
            0 => {
                let name = self.fresh("M");
                let count = 1 + b % 3;
                let mut model = Model {
                    app: APPS[usize::from(a) % 2].to_owned(),
                    name,
                    table: None,
                    fields: Vec::new(),
                    groups: Vec::new(),
                    renamed_from: None,
                };
                for i in 0..count {
                    let field = self.new_field(c.wrapping_add(i * 7), a.wrapping_add(i));
                    model.fields.push(field);
                }
                self.models.push(model);
            }
            1 => {
                let Some(at) = self.pick(a) else { return };
                let gone = self.models.remove(at);
                for model in &mut self.models {
                    let pointing: Vec<String> = model
                        .fields
                        .iter()
                        .filter(|f| {
                            f.foreign_key
                                .as_ref()
                                .is_some_and(|(app, name, _)| *app == gone.app && *name == gone.name)
                        })
                        .map(|f| f.name.clone())
                        .collect();
                    for field in pointing {
                        remove_field(model, &field);
                    }
                }
            }
            2 => {
                let Some(at) = self.pick(a) else { return };
                let new = self.fresh("M");
                let model = &mut self.models[at];
                let old = std::mem::replace(&mut model.name, new.clone());
                let app = model.app.clone();
                if b % 2 == 0 {
                    model.renamed_from = Some(old.clone());
                } else {
                    self.renames.push((old.clone(), new.clone()));
                }
                for model in &mut self.models {
                    for field in &mut model.fields {
                        if let Some((to_app, to_model, _)) = &mut field.foreign_key {
                            if *to_app == app && *to_model == old {
                                *to_model = new.clone();
                            }
                        }
                    }
                }
            }
            3 => {
                let Some(at) = self.pick(a) else { return };
                let table = (b % 3 != 0).then(|| self.fresh("t"));
                self.models[at].table = table;
            }
            4 | 10 => {
                let Some(at) = self.pick(a) else { return };
                let seed = if what % 12 == 10 { b - b % 4 } else { b };
                let field = self.new_field(seed, c);
                self.models[at].fields.push(field);
            }
            5 => {
                let Some(at) = self.pick(a) else { return };
                let model = &mut self.models[at];
                if !model.fields.is_empty() {
                    let name = model.fields[usize::from(b) % model.fields.len()].name.clone();
                    remove_field(model, &name);
                }
            }
            6 | 11 => {
                let Some(at) = self.pick(a) else { return };
                let column = self.fresh("col");
                let model = &mut self.models[at];
                if model.fields.is_empty() {
                    return;
                }
                let count = model.fields.len();
                alter(&mut model.fields[usize::from(b) % count], c, column);
            }
            7 => {
                let Some(at) = self.pick(a) else { return };
                if self.models[at].fields.is_empty() {
                    return;
                }
                let new = self.fresh("f");
                let model = &mut self.models[at];
                let count = model.fields.len();
                let field = &mut model.fields[usize::from(b) % count];
                let old = std::mem::replace(&mut field.name, new.clone());
                if c % 2 == 0 {
                    field.renamed_from = Some(old.clone());
                } else {
                    self.renames.push((old.clone(), new.clone()));
                }
                for (group, _) in &mut model.groups {
                    for name in group.iter_mut().filter(|n| **n == old) {
                        *name = new.clone();
                    }
                }
            }
            8 => {
                let Some(at) = self.pick(a) else { return };
                let model = &mut self.models[at];
                let count = model.fields.len();
                if count < 2 {
                    return;
                }
                let first = usize::from(b) % count;
                let second = (first + 1 + usize::from(c) % (count - 1)) % count;
                let group = vec![
                    model.fields[first].name.clone(),
                    model.fields[second].name.clone(),
                ];
                if !model.groups.iter().any(|(g, _)| *g == group) {
                    model.groups.push((group, c % 2 == 0));
                }
            }
            _ => {
                let Some(at) = self.pick(a) else { return };
                let model = &mut self.models[at];
                if !model.groups.is_empty() {
                    let count = model.groups.len();
                    model.groups.remove(usize::from(b) % count);
                }
            }
        }
    }

    fn state(&self) -> ProjectState {
        ProjectState::from_models(self.models.iter().map(|model| self.schema(model)))
    }

    fn schema(&self, model: &Model) -> ModelSchema {
        let id = Column {
            primary_key: true,
            auto_increment: true,
            ..Column::new("id", "id", ColumnType::BigInt)
        };
        let columns: Vec<Column> = std::iter::once(id)
            .chain(model.fields.iter().map(|f| self.column(f)))
            .collect();
        let column_of = |field: &str| -> Name {
            let field = model
                .fields
                .iter()
                .find(|f| f.name == field)
                .expect("a grouped field");
            Name::Owned(field.column.clone().unwrap_or_else(|| field.name.clone()))
        };
        ModelSchema {
            app: Name::Owned(model.app.clone()),
            name: Name::Owned(model.name.clone()),
            table: Name::Owned(model.table()),
            columns: columns.into(),
            indexes: model
                .groups
                .iter()
                .map(|(group, unique)| Index {
                    name: None,
                    columns: group.iter().map(|f| column_of(f)).collect::<Vec<_>>().into(),
                    unique: *unique,
                })
                .collect::<Vec<_>>()
                .into(),
            renamed_from: model.renamed_from.clone().map(Name::Owned),
        }
    }

    fn column(&self, field: &Field) -> Column {
        let (ty, max_length, digits) = match field.kind {
            Kind::Int => (ColumnType::Integer, None, None),
            Kind::Big => (ColumnType::BigInt, None, None),
            Kind::Text(max) => (ColumnType::Text, max, None),
            Kind::Bool => (ColumnType::Bool, None, None),
            Kind::Decimal(p, s) => (ColumnType::Decimal, None, Some((p, s))),
            Kind::Date => (ColumnType::Date, None, None),
        };
        let foreign_key = field.foreign_key.as_ref().map(|(app, model, on_delete)| {
            let target = self
                .models
                .iter()
                .find(|m| m.app == *app && m.name == *model)
                .expect("foreign keys point at models of the world");
            ForeignKeyTarget {
                app: Name::Owned(app.clone()),
                model: Name::Owned(model.clone()),
                table: Name::Owned(target.table()),
                column: Name::Borrowed("id"),
                on_delete: *on_delete,
            }
        });
        Column {
            field: Name::Owned(field.name.clone()),
            name: Name::Owned(field.column.clone().unwrap_or_else(|| field.name.clone())),
            ty,
            nullable: field.nullable,
            max_length,
            max_digits: digits.map(|(p, _)| p),
            decimal_places: digits.map(|(_, s)| s),
            primary_key: false,
            auto_increment: false,
            unique: field.unique,
            index: field.index,
            default: field.default.clone(),
            auto_now_add: false,
            auto_now: false,
            foreign_key,
            choices: Vec::new().into(),
            renamed_from: field.renamed_from.clone().map(Name::Owned),
        }
    }

    /// After makemigrations: the hints and answers were for that run only.
    fn settle(&mut self) {
        self.renames.clear();
        for model in &mut self.models {
            model.renamed_from = None;
            for field in &mut model.fields {
                field.renamed_from = None;
            }
        }
    }
}

fn remove_field(model: &mut Model, name: &str) {
    model.fields.retain(|f| f.name != name);
    model.groups.retain(|(group, _)| !group.iter().any(|f| f == name));
}

/// Changes one thing about a field.
fn alter(field: &mut Field, seed: u16, fresh_column: String) {
    match seed % 8 {
        0 if field.foreign_key.is_none() => {
            field.kind = kind_for(seed / 8);
            field.default = field.default.as_ref().map(|_| default_for(field.kind, seed));
        }
        1 => {
            field.nullable = !field.nullable;
            if let Some((_, _, on_delete @ OnDelete::SetNull)) = &mut field.foreign_key {
                *on_delete = OnDelete::Cascade;
            }
        }
        2 if field.foreign_key.is_none() => {
            field.default = match field.default {
                Some(_) if seed % 16 < 8 => None,
                _ => Some(default_for(field.kind, seed / 8)),
            }
        }
        3 => match &mut field.kind {
            Kind::Text(max) => *max = if max.is_some() { None } else { Some(40) },
            Kind::Decimal(digits, _) => *digits += 1,
            _ => field.unique = !field.unique,
        },
        4 => field.unique = !field.unique,
        5 => field.index = !field.index,
        6 => {
            field.column = if field.column.is_some() {
                None
            } else {
                Some(fresh_column)
            }
        }
        _ => {
            if let Some((_, _, on_delete)) = &mut field.foreign_key {
                *on_delete = if *on_delete == OnDelete::Cascade {
                    OnDelete::Protect
                } else {
                    OnDelete::Cascade
                };
            } else {
                field.nullable = !field.nullable;
            }
        }
    }
}

/// Says yes to the renames the edit made and gives a default of the
/// column's type.
struct Developer<'a> {
    renames: &'a [(String, String)],
}

impl Developer<'_> {
    fn renamed(&self, old: &str, new: &str) -> bool {
        self.renames.iter().any(|(o, n)| o == old && n == new)
    }
}

impl Questioner for Developer<'_> {
    fn ask_rename_model(
        &mut self,
        _app: &str,
        old: &ModelSchema,
        new: &ModelSchema,
    ) -> model_migrations::Result<bool> {
        Ok(self.renamed(&old.name, &new.name))
    }

    fn ask_rename_field(
        &mut self,
        _app: &str,
        _model: &str,
        old: &Column,
        new: &Column,
    ) -> model_migrations::Result<bool> {
        Ok(self.renamed(&old.field, &new.field))
    }

    fn ask_not_null_default(
        &mut self,
        _app: &str,
        _model: &str,
        field: &Column,
        _adding: bool,
    ) -> model_migrations::Result<DefaultValue> {
        Ok(match field.ty {
            ColumnType::Bool => DefaultValue::Bool(false),
            ColumnType::Text => DefaultValue::Text("x".into()),
            ColumnType::Date => DefaultValue::Text("2024-05-01".into()),
            ColumnType::Decimal => DefaultValue::Text("0.50".into()),
            _ => DefaultValue::Int(1),
        })
    }
}

/// A model as a comparison of states sees it: columns by field without
/// their rename hints, indexes sorted, unique groups without names (Django
/// does not track the order of fields either).
type Normal = BTreeMap<(String, String), (String, BTreeMap<String, Column>, Vec<Index>)>;

fn normal(state: &ProjectState) -> Normal {
    state
        .models()
        .map(|model| {
            let columns = model
                .columns
                .iter()
                .map(|c| {
                    let column = Column {
                        renamed_from: None,
                        ..c.clone()
                    };
                    (c.field.to_string(), column)
                })
                .collect();
            let mut indexes: Vec<Index> = model.indexes.to_vec();
            indexes.sort_by(|a, b| (a.unique, &a.columns).cmp(&(b.unique, &b.columns)));
            let key = (model.app.to_string(), model.name.to_string());
            (key, (model.table.to_string(), columns, indexes))
        })
        .collect()
}

/// Runs makemigrations for the world as it is now: the new migrations,
/// written and read back as files, added to `graph`.
fn makemigrations(
    graph: &MigrationGraph,
    world: &World,
) -> Result<(MigrationGraph, Vec<Migration>), TestCaseError> {
    let from = graph.final_state().map_err(fail)?;
    let to = world.state();
    let mut developer = Developer {
        renames: &world.renames,
    };
    let changes = detect(&from, &to, &mut developer).map_err(fail)?;
    let migrations = arrange(changes, graph, None).map_err(fail)?;
    let files: Vec<Migration> = migrations
        .iter()
        .map(|m| Migration::parse(&m.name, &m.to_toml()))
        .collect::<Result<_, _>>()
        .map_err(fail)?;
    let all = graph.ordered().into_iter().cloned().chain(files.iter().cloned());
    Ok((MigrationGraph::new(all).map_err(fail)?, files))
}

fn fail(error: model_migrations::MigrationError) -> TestCaseError {
    TestCaseError::fail(error.to_string())
}

fn edits() -> impl Strategy<Value = Vec<Vec<Edit>>> {
    // The first evolution builds a few models; the later ones edit them.
    let first = prop::collection::vec((Just(0u8), any::<u16>(), any::<u16>(), any::<u16>()), 2..5);
    let later = prop::collection::vec(prop::collection::vec(any::<Edit>(), 1..5), 1..6);
    (first, later).prop_map(|(first, later)| std::iter::once(first).chain(later).collect())
}

// ---- the database part ----

fn quote(backend: Backend, name: &str) -> String {
    match backend {
        Backend::Mysql => format!("`{name}`"),
        _ => format!("\"{name}\""),
    }
}

fn rows(conn: &mut Connection, table: &str) -> Result<i64, TestCaseError> {
    let count = sql::<BigInt>(&format!(
        "(SELECT COUNT(*) FROM {})",
        quote(conn.backend_kind(), table)
    ));
    select(count)
        .get_result(conn)
        .map_err(|e| TestCaseError::fail(format!("counting {table}: {e}")))
}

/// Every model table with its columns sorted (column order is not tracked),
/// and its number of rows.
fn snapshot(conn: &mut Connection) -> Result<BTreeMap<String, (TableInfo, i64)>, TestCaseError> {
    let mut tables = BTreeMap::new();
    for mut table in introspect::tables(conn).map_err(fail)? {
        if table.name == "model_migrations" {
            continue;
        }
        table.columns.sort_by(|a, b| a.name.cmp(&b.name));
        let count = rows(conn, &table.name)?;
        tables.insert(table.name.clone(), (table, count));
    }
    Ok(tables)
}

fn literal(column: &Column, backend: Backend) -> &'static str {
    match column.ty {
        _ if column.primary_key || column.foreign_key.is_some() => "1",
        ColumnType::SmallInt | ColumnType::Integer | ColumnType::BigInt => "7",
        ColumnType::Float | ColumnType::Double => "1.5",
        ColumnType::Bool if backend == Backend::Postgres => "TRUE",
        ColumnType::Bool => "1",
        ColumnType::Decimal => "1.25",
        ColumnType::Date => "'2024-05-01'",
        ColumnType::DateTime | ColumnType::DateTimeUtc => "'2024-05-01 10:00:00'",
        ColumnType::Uuid => "'00000000-0000-0000-0000-000000000001'",
        ColumnType::Json => "'\"v\"'",
        _ => "'v'",
    }
}

/// One row (id 1) in each empty table of `state`, every foreign key
/// pointing at row 1 of its target, which then has one too. Foreign key
/// checks are off while filling, as the keys may point in circles.
fn populate(conn: &mut Connection, state: &ProjectState) -> Result<(), TestCaseError> {
    let backend = conn.backend_kind();
    let (off, on) = match backend {
        Backend::Sqlite => ("PRAGMA foreign_keys = OFF;", "PRAGMA foreign_keys = ON;"),
        Backend::Postgres => (
            "SET session_replication_role = replica;",
            "SET session_replication_role = DEFAULT;",
        ),
        Backend::Mysql => ("SET FOREIGN_KEY_CHECKS = 0;", "SET FOREIGN_KEY_CHECKS = 1;"),
    };
    let mut sql = String::from(off);
    for model in state.models() {
        if rows(conn, &model.table)? == 0 {
            let names: Vec<String> = model.columns.iter().map(|c| quote(backend, &c.name)).collect();
            let values: Vec<&str> = model.columns.iter().map(|c| literal(c, backend)).collect();
            sql.push_str(&format!(
                "INSERT INTO {} ({}) VALUES ({});",
                quote(backend, &model.table),
                names.join(", "),
                values.join(", ")
            ));
        }
    }
    sql.push_str(on);
    conn.batch_execute(&sql)
        .map_err(|e| TestCaseError::fail(format!("populating: {e}")))
}

/// Whether an error is the data refusing a migration, as it may on a
/// populated database, rather than a migration that cannot run: a value
/// that does not convert to the new type (which SQLite stores anyway), or a
/// key left pointing at a row that is not there; or MySQL refusing, before
/// any SQL, a unique constraint on long text.
fn refused_by_the_data(error: &model_migrations::MigrationError) -> bool {
    const REFUSALS: &[&str] = &[
        // SQLite's foreign_key_check, before commit.
        "point at missing rows",
        // PostgreSQL.
        "invalid input syntax",
        "out of range",
        "value too long",
        "violates foreign key constraint",
        "violates not-null constraint",
        "could not create unique index",
        // MySQL and MariaDB.
        "Incorrect",
        "Truncated",
        "Data too long",
        "Out of range",
        "foreign key constraint fails",
        "Duplicate entry",
        // Refused before any SQL: MySQL cannot make long text unique.
        "MySQL cannot enforce uniqueness",
    ];
    let text = error.to_string();
    REFUSALS.iter().any(|refusal| text.contains(refusal))
}

fn migrate(conn: &mut Connection, graph: &MigrationGraph, target: &Target) -> model_migrations::Result<()> {
    Executor::new(conn, graph)?
        .migrate(target, &MigrateOptions::default())
        .map(drop)
}

/// Whether the database could follow: the new migrations of `after` run on
/// a database populated at `before`'s latest state, then are undone (the
/// schema and every row back as they were) and run again. A migration the
/// data refuses (a foreign key moved to a new, empty table) is not
/// recorded, and the database stays behind (`false`).
fn migrate_a_populated_database(
    conn: &mut Connection,
    before: &MigrationGraph,
    after: &MigrationGraph,
    new: &[Migration],
) -> Result<bool, TestCaseError> {
    let (old_state, new_state) = (
        before.final_state().map_err(fail)?,
        after.final_state().map_err(fail)?,
    );
    populate(conn, &old_state)?;
    let start = snapshot(conn)?;
    let applied_before = Executor::new(conn, before).map_err(fail)?.applied().clone();
    if let Err(error) = migrate(conn, after, &Target::Latest) {
        prop_assert!(
            refused_by_the_data(&error),
            "only the data may refuse a migration: {}",
            error
        );
        let refused = new
            .iter()
            .find(|m| error.to_string().contains(&m.key().to_string()));
        let applied = Executor::new(conn, after).map_err(fail)?.applied().clone();
        prop_assert!(
            refused.is_some_and(|m| !applied.contains(&m.key())),
            "the refused migration is not recorded"
        );
        // Where DDL is transactional, the refused migration left no trace;
        // MySQL keeps what ran before the refusal, and says so.
        if conn.backend_kind() != Backend::Mysql {
            let migrated: Vec<&Migration> = new.iter().filter(|m| applied.contains(&m.key())).collect();
            if migrated.is_empty() && applied == applied_before {
                prop_assert_eq!(
                    snapshot(conn)?,
                    start,
                    "a refused migration leaves the schema and rows as they were"
                );
            }
        }
        return Ok(false);
    }
    for model in new_state.models() {
        if let Some(old) = old_state.model(&model.app, &model.name) {
            prop_assert_eq!(
                rows(conn, &model.table)?,
                start[old.table.as_ref()].1,
                "rows of {}",
                model.label()
            );
        }
    }
    let mut apps: Vec<&str> = new.iter().map(|m| m.app.as_str()).collect();
    apps.dedup();
    for app in apps {
        let target = match before.leaves(app).pop() {
            Some(leaf) => Target::Migration(leaf),
            None => Target::Zero(app.to_owned()),
        };
        match migrate(conn, after, &target) {
            Ok(()) => {}
            // A dropped table comes back empty, a dropped NOT NULL key comes
            // back as zeros: what they pointed at is gone, and the undo is
            // refused rather than leave keys pointing at nothing.
            Err(error) if refused_by_the_data(&error) => {
                let refused = new
                    .iter()
                    .find(|m| error.to_string().contains(&m.key().to_string()));
                let destructive = refused.is_some_and(|m| m.operations.iter().any(|op| op.is_destructive()));
                prop_assert!(destructive, "only undoing a removal may be refused: {}", error);
                if conn.backend_kind() == Backend::Mysql {
                    // Part of the undo may have run: the database is no longer
                    // at a recorded state, so the case ends here.
                    return Ok(false);
                }
                migrate(conn, after, &Target::Latest).map_err(fail)?;
                return Ok(true);
            }
            Err(error) => return Err(TestCaseError::fail(format!("back to {target:?}: {error}"))),
        }
    }
    // A table dropped on the way comes back empty; every other keeps its rows.
    let back = snapshot(conn)?;
    let schema = |tables: &BTreeMap<String, (TableInfo, i64)>| -> Vec<TableInfo> {
        tables.values().map(|(table, _)| table.clone()).collect()
    };
    prop_assert_eq!(
        schema(&back),
        schema(&start),
        "migrating back restores the schema"
    );
    for old in old_state.models() {
        if new_state.model(&old.app, &old.name).is_some() {
            let table = old.table.as_ref();
            prop_assert_eq!(
                back[table].1,
                start[table].1,
                "rows of {} after migrating back",
                table
            );
        }
    }
    migrate(conn, after, &Target::Latest).map_err(|e| TestCaseError::fail(format!("forwards again: {e}")))?;
    Ok(true)
}

/// `cases` cases, the failures kept beside this file, in
/// `autodetect_proptest.proptest-regressions`: proptest's default would
/// keep them in `../proptest-regressions/`, as this folder holds `main.rs`.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn migrations_made_from_random_evolutions_replay_to_the_models(evolutions in edits()) {
        let mut world = World::default();
        let mut graph = MigrationGraph::default();
        for evolution in evolutions {
            for edit in evolution {
                world.edit(edit);
            }
            let (next, _) = makemigrations(&graph, &world)?;
            let reached = next.final_state().map_err(fail)?;
            prop_assert_eq!(normal(&reached), normal(&world.state()));
            let again = detect(&reached, &world.state(), &mut NonInteractive).map_err(fail)?;
            prop_assert!(again.is_empty(), "makemigrations found more to do: {:#?}", again);
            graph = next;
            world.settle();
        }
    }
}

/// Migrates a fresh database of `backend` through the evolutions, forwards
/// and back at every step.
fn evolve_a_populated_database(backend: Backend, evolutions: Vec<Vec<Edit>>) -> Result<(), TestCaseError> {
    let db = TestDb::new(backend);
    let mut conn = db.connect();
    let mut world = World::default();
    let mut graph = MigrationGraph::default();
    for evolution in evolutions {
        for edit in evolution {
            world.edit(edit);
        }
        let (next, new) = makemigrations(&graph, &world)?;
        if !migrate_a_populated_database(&mut conn, &graph, &next, &new)? {
            break;
        }
        graph = next;
        world.settle();
    }
    Ok(())
}

/// Cases on a server: each creates a database, so fewer than on SQLite.
#[allow(dead_code)]
fn server_cases() -> u32 {
    std::env::var("MODEL_PROPTEST_SERVER_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(16)
}

proptest! {
    // Each case migrates a SQLite file forwards and back at every step.
    #![proptest_config(config(256))]

    #[test]
    fn migrations_made_from_random_evolutions_run_forwards_and_back_on_a_populated_database(evolutions in edits()) {
        evolve_a_populated_database(Backend::Sqlite, evolutions)?;
    }
}

#[cfg(feature = "postgres")]
proptest! {
    #![proptest_config(config(server_cases()))]

    #[test]
    fn migrations_made_from_random_evolutions_run_forwards_and_back_on_postgres(evolutions in edits()) {
        evolve_a_populated_database(Backend::Postgres, evolutions)?;
    }
}

#[cfg(feature = "mysql")]
proptest! {
    #![proptest_config(config(server_cases()))]

    #[test]
    fn migrations_made_from_random_evolutions_run_forwards_and_back_on_mariadb(evolutions in edits()) {
        evolve_a_populated_database(Backend::Mysql, evolutions)?;
    }
}
