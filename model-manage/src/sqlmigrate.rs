//! `sqlmigrate`: the SQL one migration runs, as the executor runs it.

use std::io::Write;

use model_migrations::executor;
use model_migrations::load_migrations;
use model_runtime::{Backend, DatabaseUrl, Settings};

use crate::{CommandError, Result};

/// `sqlmigrate app NNNN [--backwards]`.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct SqlmigrateArgs {
    /// The app of the migration.
    #[arg(value_name = "APP")]
    pub app: String,
    /// The migration: its name, or a prefix of it such as `0002`.
    #[arg(value_name = "NNNN")]
    pub migration: String,
    /// The SQL that unapplies the migration.
    #[arg(long)]
    pub backwards: bool,
}

/// Prints the SQL of one migration for the backend of the configured
/// database, wrapped as the executor runs it: in a transaction on SQLite
/// and PostgreSQL, between the foreign key pragmas on SQLite. Nothing runs.
/// Returns the text printed.
///
/// ```
/// use model_manage::{sqlmigrate, SqlmigrateArgs};
/// use model_runtime::Settings;
///
/// let dir = std::env::temp_dir().join(format!("sqlmigrate-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// std::fs::write(
///     dir.join("0001_initial.toml"),
///     "app = \"shop\"\n[[operations]]\nop = \"RunSql\"\nsql = \"SELECT 1\"\nreverse_sql = \"SELECT 2\"\n",
/// )
/// .unwrap();
/// let settings = Settings::new()
///     .installed_apps(["shop"])
///     .migrations_dir("shop", &dir)
///     .database_url("postgres://localhost/shop");
///
/// let args = SqlmigrateArgs { app: "shop".into(), migration: "0001".into(), backwards: false };
/// let sql = sqlmigrate(&settings, &args, &mut std::io::sink())?;
/// assert_eq!(sql, "BEGIN;\n--\n-- Raw SQL operation\n--\nSELECT 1;\nCOMMIT;\n");
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), model_manage::CommandError>(())
/// ```
pub fn sqlmigrate(settings: &Settings, args: &SqlmigrateArgs, out: &mut dyn Write) -> Result<String> {
    settings.check_env()?;
    if !settings.is_installed(&args.app) {
        return Err(CommandError::Refused(format!(
            "app `{}` is not in installed apps ({})",
            args.app,
            settings.apps().join(", ")
        )));
    }
    // The URL says which dialect; no connection is needed to render it.
    let backend = DatabaseUrl::parse(settings.url())?.backend();
    let graph = load_migrations(settings)?;
    let key = graph.find(&args.app, &args.migration)?;
    let operations = executor::migration_sql(&graph, &key, args.backwards, backend)?;

    let mut sql = String::new();
    let transactional = matches!(backend, Backend::Sqlite | Backend::Postgres);
    if backend == Backend::Sqlite {
        sql.push_str("PRAGMA foreign_keys = OFF;\n");
    }
    if transactional {
        sql.push_str("BEGIN;\n");
    }
    for operation in &operations {
        sql.push_str(&format!("--\n-- {}\n--\n", comment(&operation.description)));
        for statement in &operation.statements {
            sql.push_str(statement.trim_end());
            if !statement.trim_end().ends_with(';') {
                sql.push(';');
            }
            sql.push('\n');
        }
    }
    if backend == Backend::Sqlite {
        // The executor checks the rows a table rebuild kept before it commits.
        sql.push_str("PRAGMA foreign_key_check;\n");
    }
    if transactional {
        sql.push_str("COMMIT;\n");
    }
    if backend == Backend::Sqlite {
        sql.push_str("PRAGMA foreign_keys = ON;\n");
    }
    out.write_all(sql.as_bytes())?;
    Ok(sql)
}

/// An operation's description as the text of one `--` comment: it names
/// models and fields, and a line break in a name would end the comment
/// and leave the rest as SQL for whoever pastes the output, so control
/// characters are written escaped, as Rust writes them.
fn comment(description: &str) -> String {
    description
        .chars()
        .map(|c| match c.is_control() {
            true => c.escape_debug().to_string(),
            false => c.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_description_stays_in_its_comment() {
        assert_eq!(
            super::comment("Add field a\nDROP TABLE b; to c"),
            "Add field a\\nDROP TABLE b; to c"
        );
    }
}
