//! `flush`: every row of the installed apps' tables deleted, their
//! migrations kept applied, as Django's `flush`.

use std::io::{BufRead, Write};

use model_migrations::{load_migrations, Executor};
use model_runtime::{registry, Settings};

use crate::post_migrate::PostMigrate;
use crate::{CommandError, Result};

/// `flush [--no-input]`.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct FlushArgs {
    /// Delete without asking; without a terminal to ask at, required.
    #[arg(long = "no-input", visible_alias = "noinput")]
    pub no_input: bool,
}

/// What `flush` asks before it deletes, in Django's words.
pub const FLUSH_QUESTION: &str = "You have requested a flush of the database.\n\
This will IRREVERSIBLY DESTROY all data currently in the database,\n\
and return each table to an empty state.\n\
Are you sure you want to do this?\n\n    Type 'yes' to continue, or 'no' to cancel: ";

/// Asks [`FLUSH_QUESTION`] on `out` and reads the answer from `input`:
/// whether it was `yes`.
pub fn confirm_flush(input: &mut dyn BufRead, out: &mut dyn Write) -> Result<bool> {
    out.write_all(FLUSH_QUESTION.as_bytes())?;
    out.flush()?;
    let mut answer = String::new();
    input.read_line(&mut answer)?;
    Ok(answer.trim() == "yes")
}

/// Deletes every row of every installed app's tables, in one transaction,
/// the rows pointing at others first; the migration history stays, so the
/// database is as a fresh `migrate` leaves it, and the apps' post-migrate
/// steps (the auth app's permissions) run again. Keys start again at 1 on
/// every backend. Returns how many rows it deleted.
///
/// ```
/// use model_manage::{flush, Settings};
/// use model_runtime::prelude::*;
///
/// #[derive(Model, Debug)]
/// #[model(app = "flush_doc")]
/// pub struct Dish {
///     #[field(primary_key)]
///     pub id: i64,
///     pub name: String,
/// }
///
/// let dir = std::env::temp_dir().join(format!("flush-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// let settings = Settings::new()
///     .installed_apps(["flush_doc"])
///     .database_url(dir.join("db.sqlite3").to_string_lossy());
/// let mut conn = settings.connect()?;
/// Dish::create_table(&mut conn)?;
/// Dish::create(&mut conn, NewDish { name: "Soup".into() })?;
/// assert_eq!(flush(&settings, &mut std::io::sink())?, 1);
/// assert_eq!(Dish::count(&mut conn)?, 0);
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn flush(settings: &Settings, out: &mut dyn Write) -> Result<usize> {
    let installed = registry::models()
        .into_iter()
        .filter(|m| settings.is_installed(&m.schema().app))
        .collect();
    let mut models = crate::fixtures::parents_first(installed);
    models.reverse();
    let files = load_migrations(settings)?;
    let mut conn = settings.connect()?;
    let deleted = model_runtime::atomic(&mut conn, |conn| -> Result<usize> {
        let mut deleted = 0;
        for model in &models {
            deleted += model_runtime::dynamic::delete_every_row(conn, model.schema())?;
        }
        Ok(deleted)
    })?;
    // MySQL's counters restart by a schema change, which commits: after
    // the rows are gone for good.
    for model in &models {
        model_runtime::dynamic::restart_key_counter(&mut conn, model.schema())?;
    }
    let mut executor = Executor::new(&mut conn, &files)?;
    let applied = executor.applied().clone();
    crate::post_migrate::run_hooks(&mut PostMigrate {
        settings,
        connection: executor.connection(),
        applied: &applied,
        out,
    })?;
    Ok(deleted)
}

/// Refuses to flush unasked without `--no-input`.
pub(crate) fn unconfirmed() -> CommandError {
    CommandError::Refused(
        "flush deletes every row and standard input is not a terminal to ask at: pass --no-input to confirm"
            .into(),
    )
}
