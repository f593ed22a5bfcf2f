//! The settings' live database against the schema its applied migrations
//! describe: what `check --database` reports.

use model_runtime::Settings;

use super::{compare, Drift};
use crate::{introspect, load_migrations, Executor, Result};

/// Connects to the settings' database and returns every way it differs
/// from the state its applied migrations describe (see
/// [`compare`]): what `check --database` reports.
///
/// ```
/// use model_runtime::diesel::connection::SimpleConnection;
/// use model_runtime::Settings;
/// use model_migrations::drift::database_drift;
///
/// let dir = std::env::temp_dir().join(format!("drift-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// let settings = Settings::new().database_url(dir.join("db.sqlite3").to_string_lossy());
/// assert!(database_drift(&settings)?.is_empty());
///
/// settings.connect()?.batch_execute("CREATE TABLE legacy (x integer)")?;
/// let found = database_drift(&settings)?;
/// assert_eq!(found[0].to_string(), "legacy: table in the database, not in the migrations");
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn database_drift(settings: &Settings) -> Result<Vec<Drift>> {
    let graph = load_migrations(settings)?;
    let mut conn = settings.connect()?;
    let backend = conn.backend_kind();
    let state = Executor::new(&mut conn, &graph)?.state().clone();
    let live = introspect::tables(&mut conn)?;
    Ok(compare(&state, &live, backend))
}
