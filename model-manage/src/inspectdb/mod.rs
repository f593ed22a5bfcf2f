//! `inspectdb`: models for the tables of an existing database, so a
//! project can adopt one (`migrate --fake-initial` after the first
//! `makemigrations`).

mod model;
pub(crate) mod names;
mod relations;
mod render;
mod types;

use std::io::Write;

use model_migrations::drift::{compare_table, is_history_table, DriftKind, Expected};
use model_migrations::introspect::{self, expected_table, TableInfo};
use model_runtime::schema::ModelSchema;
use model_runtime::{Backend, Settings};

use self::model::Draft;
use crate::{CommandError, Result};

/// `inspectdb [table...] [--app NAME]`.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct InspectdbArgs {
    /// Inspect only these tables; every table but the migration history
    /// when none is given.
    #[arg(value_name = "TABLE")]
    pub tables: Vec<String>,
    /// The app the models belong to: `#[model(app = "...")]`, and the
    /// `<app>_` prefix left out of struct names. Without it, a model's app
    /// is the name of the crate it is pasted into.
    #[arg(long, value_name = "NAME")]
    pub app: Option<String>,
}

/// Prints a `#[derive(Model)]` struct for each table of the database,
/// each after the ones its foreign keys point at, and returns their
/// schemas.
///
/// Types, `NULL`, keys, literal defaults, unique constraints, indexes and
/// foreign keys become the fields and options that make them again. What a
/// model cannot say as the table does (a default that is an expression, a
/// type spelled otherwise, a foreign key to a table not inspected) is a
/// `//` note above the field or struct; a table no model can describe (no
/// primary key, a type no field holds) is a note saying why, and no struct:
/// what is printed always compiles.
///
/// ```
/// use model_runtime::diesel::connection::SimpleConnection;
/// use model_manage::{inspectdb, InspectdbArgs};
/// use model_runtime::Settings;
///
/// let dir = std::env::temp_dir().join(format!("inspectdb-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// let settings = Settings::new().database_url(dir.join("db.sqlite3").to_string_lossy());
/// settings.connect()?.batch_execute(
///     "CREATE TABLE shop_item (id integer NOT NULL PRIMARY KEY AUTOINCREMENT,
///                             title varchar(80) NOT NULL,
///                             stock integer NOT NULL DEFAULT 0)",
/// )?;
///
/// let mut out = Vec::new();
/// let args = InspectdbArgs { app: Some("shop".into()), ..Default::default() };
/// let models = inspectdb(&settings, &args, &mut out)?;
/// assert_eq!(models[0].name, "Item");
/// assert!(String::from_utf8(out).unwrap().ends_with(
///     "#[derive(Model, Debug, Clone, PartialEq)]
/// #[model(app = \"shop\", table = \"shop_item\")]
/// pub struct Item {
///     #[field(primary_key)]
///     pub id: i64,
///     #[field(max_length = 80)]
///     pub title: String,
///     #[field(default = 0)]
///     pub stock: i32,
/// }
/// "));
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn inspectdb(settings: &Settings, args: &InspectdbArgs, out: &mut dyn Write) -> Result<Vec<ModelSchema>> {
    if let Some(app) = args.app.as_deref() {
        // The derive's rule for `app = "..."`, so the output compiles.
        if app.is_empty() || app.len() > 63 || app.contains(['"', '`', '\0']) {
            return Err(CommandError::Refused(format!(
                "`--app {app:?}` cannot name an app: give a name without quotes, of at most 63 bytes"
            )));
        }
    }
    let mut conn = settings.connect()?;
    let backend = conn.backend_kind();
    let tables = if args.tables.is_empty() {
        let mut all = introspect::tables(&mut conn)?;
        all.retain(|t| !is_history_table(&t.name));
        all
    } else {
        let mut named = Vec::with_capacity(args.tables.len());
        for name in &args.tables {
            match introspect::table(&mut conn, name)? {
                Some(table) if !named.contains(&table) => named.push(table),
                Some(_) => {}
                None => {
                    return Err(CommandError::Refused(format!(
                        "the database has no table `{name}`"
                    )))
                }
            }
        }
        named
    };

    let (drafts, skipped) = inspect(tables, backend, args.app.as_deref());
    writeln!(
        out,
        "// Models for the tables of the database, as `manage inspectdb` read them.\n\
         // Review them: `//` notes say where a model differs from its table.\n\
         use model_runtime::prelude::*;"
    )?;
    for (table, reason) in &skipped {
        let note = render::comment(&format!("Table {table} is left out: {reason}."));
        writeln!(out, "\n// {note}")?;
    }
    for draft in &drafts {
        writeln!(out, "\n{}", render::model_source(draft).trim_end())?;
    }
    Ok(drafts.into_iter().map(|d| d.schema).collect())
}

/// The models of `tables`, in dependency order, and the tables left out
/// with the reason.
fn inspect(
    tables: Vec<TableInfo>,
    backend: Backend,
    app: Option<&str>,
) -> (Vec<Draft>, Vec<(String, String)>) {
    let table_names: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
    let struct_names = names::struct_names(&table_names, app);
    let mut drafts = Vec::new();
    let mut skipped = Vec::new();
    for (table, name) in tables.iter().zip(struct_names) {
        match model::draft(table, &name, app, backend) {
            Ok(draft) => drafts.push((table.clone(), draft)),
            Err(reason) => skipped.push((table.name.clone(), reason)),
        }
    }
    relations::attach_foreign_keys(&mut drafts);
    let drafts = relations::dependency_order(drafts)
        .into_iter()
        .map(|(live, mut draft)| {
            note_differences(&live, &mut draft, backend);
            draft
        })
        .collect();
    (drafts, skipped)
}

/// Notes what the model would make otherwise than `live` is: the same
/// comparison as the drift check, against the model. Foreign keys left out
/// already carry their own note.
fn note_differences(live: &TableInfo, draft: &mut Draft, backend: Backend) {
    let expected = expected_table(&draft.schema, backend);
    for drift in compare_table(live, &expected) {
        if matches!(drift.kind, DriftKind::ExtraForeignKey(_)) {
            continue;
        }
        let note = drift.describe(Expected::Model);
        match drift.column() {
            Some(column) => draft.note_field(column, note),
            None => draft.notes.push(note),
        }
    }
}
