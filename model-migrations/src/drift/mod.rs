//! Drift: how a live database differs from the schema its applied
//! migrations describe — a column added by hand, a dropped index, a type
//! changed outside the migrations.
//!
//! Each model of the state is rendered as [`create_table`](model_runtime::sql::create_table)
//! would make it and read as introspection would
//! ([`expected_table`]), then compared
//! with what [`introspect`](crate::introspect) reads from the database,
//! so a database that only ever changed through its migrations reports
//! nothing. `manage check --database` prints the result.

mod database;
mod difference;
mod table;

pub use self::database::database_drift;
pub use self::difference::{Drift, DriftKind, Expected};
pub use self::table::compare_table;

use super::ProjectState;
use crate::introspect::{expected_table, TableInfo};
use model_runtime::Backend;

/// Whether a table is the migration history's own (`model_migrations`, and
/// any `model_migrations_*` kept beside it), which no model describes.
pub fn is_history_table(name: &str) -> bool {
    name == "model_migrations" || name.starts_with("model_migrations_")
}

/// Every difference between the tables of `state` and the `live` ones of a
/// `backend` database: tables missing or extra, then each table's own
/// differences ([`compare_table`]), in table order. The history tables are
/// left out.
///
/// ```
/// use model_runtime::diesel::connection::SimpleConnection;
/// use model_migrations::introspect;
/// use model_migrations::{drift, ProjectState};
/// use model_runtime::schema::{Column, ColumnType, ModelSchema};
/// use model_runtime::{sql, Backend};
///
/// let mut id = Column::new("id", "id", ColumnType::BigInt);
/// (id.primary_key, id.auto_increment) = (true, true);
/// let mut title = Column::new("title", "title", ColumnType::Text);
/// title.max_length = Some(255);
/// let item = ModelSchema { columns: vec![id, title].into(), ..ModelSchema::new("shop", "Item", "shop_item", &[]) };
/// let state = ProjectState::from_models([item.clone()]);
///
/// let mut conn = model_runtime::connect("sqlite::memory:")?;
/// conn.batch_execute(&sql::create_table(&item, Backend::Sqlite).join(";"))?;
/// assert!(drift::compare(&state, &introspect::tables(&mut conn)?, Backend::Sqlite).is_empty());
///
/// conn.batch_execute("ALTER TABLE shop_item ADD COLUMN notes text NULL; CREATE TABLE legacy (x integer)")?;
/// let found: Vec<String> = drift::compare(&state, &introspect::tables(&mut conn)?, Backend::Sqlite)
///     .iter()
///     .map(ToString::to_string)
///     .collect();
/// assert_eq!(found, [
///     "legacy: table in the database, not in the migrations",
///     "shop_item.notes: column in the database, not in the migrations",
/// ]);
/// # Ok::<(), model_migrations::MigrationError>(())
/// ```
pub fn compare(state: &ProjectState, live: &[TableInfo], backend: Backend) -> Vec<Drift> {
    let mut expected: Vec<TableInfo> = state.models().map(|m| expected_table(m, backend)).collect();
    expected.sort_by(|a, b| a.name.cmp(&b.name));
    let mut live: Vec<&TableInfo> = live.iter().filter(|t| !is_history_table(&t.name)).collect();
    live.sort_by(|a, b| a.name.cmp(&b.name));

    let mut names: Vec<&str> = expected
        .iter()
        .map(|t| t.name.as_str())
        .chain(live.iter().map(|t| t.name.as_str()))
        .collect();
    names.sort_unstable();
    names.dedup();

    let mut drifts = Vec::new();
    for name in names {
        let want = expected.iter().find(|t| t.name == name);
        let have = live.iter().find(|t| t.name == name);
        match (have, want) {
            (Some(have), Some(want)) => drifts.extend(compare_table(have, want)),
            (None, _) => drifts.push(Drift {
                table: name.to_owned(),
                kind: DriftKind::MissingTable,
            }),
            (Some(_), None) => drifts.push(Drift {
                table: name.to_owned(),
                kind: DriftKind::ExtraTable,
            }),
        }
    }
    drifts
}
