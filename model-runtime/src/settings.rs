//! The project's settings, Django's `settings.py`: which apps are installed,
//! which database to use, where migrations are read from.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::{Connection, Error, Result};

/// The settings every `manage` command runs with.
///
/// ```
/// use model_runtime::Settings;
///
/// let settings = Settings::new()
///     .installed_apps(["littlelemon"])
///     .database_url("sqlite::memory:");
/// assert_eq!(settings.apps(), ["littlelemon"]);
/// assert!(settings.is_installed("littlelemon"));
/// assert_eq!(settings.url(), "sqlite::memory:");
/// ```
///
/// Its `Debug` shows the database URL without its password.
#[derive(Clone)]
pub struct Settings {
    installed_apps: Vec<String>,
    database_url: String,
    migrations_dirs: BTreeMap<String, PathBuf>,
    /// Folders named by `MODEL_MIGRATIONS_DIR_<APP>`, by upper-case app.
    env_migrations_dirs: BTreeMap<String, PathBuf>,
    embedded_migrations_only: bool,
    /// A `.env` file, or a variable, that could not be read: reported when a command runs,
    /// so that `from_env` stays infallible and `main` stays one line.
    env_file_error: Option<String>,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let url = match crate::connection::DatabaseUrl::parse(&self.database_url) {
            Ok(url) => url.redacted(),
            Err(_) => "(not a database URL)".to_owned(),
        };
        f.debug_struct("Settings")
            .field("installed_apps", &self.installed_apps)
            .field("database_url", &url)
            .field("migrations_dirs", &self.migrations_dirs)
            .field("env_migrations_dirs", &self.env_migrations_dirs)
            .field("embedded_migrations_only", &self.embedded_migrations_only)
            .field("env_file_error", &self.env_file_error)
            .finish()
    }
}

impl Default for Settings {
    fn default() -> Settings {
        Settings::new()
    }
}

impl Settings {
    /// The variable naming the database, read from the environment, then `.env`.
    pub const DATABASE_URL_VAR: &str = "DATABASE_URL";
    /// The variable that, set to `1` (or `true`, `yes`), makes every command
    /// read the migrations embedded in the binary, never the source tree.
    pub const EMBEDDED_MIGRATIONS_VAR: &str = "MODEL_EMBEDDED_MIGRATIONS";
    /// The prefix of the variables that point an app at another migrations
    /// folder: `MODEL_MIGRATIONS_DIR_LITTLELEMON=/path` reads and writes
    /// the migrations of `littlelemon` there (the app's name in upper case).
    pub const MIGRATIONS_DIR_VAR_PREFIX: &str = "MODEL_MIGRATIONS_DIR_";
    /// The database used when nothing names one: SQLite, in the current directory.
    pub const DEFAULT_DATABASE_URL: &str = "db.sqlite3";

    /// Settings that read nothing from the environment: no app installed,
    /// the database `db.sqlite3`, migrations from each app's crate.
    pub fn new() -> Settings {
        Settings {
            installed_apps: Vec::new(),
            database_url: Settings::DEFAULT_DATABASE_URL.to_owned(),
            migrations_dirs: BTreeMap::new(),
            env_migrations_dirs: BTreeMap::new(),
            embedded_migrations_only: false,
            env_file_error: None,
        }
    }

    /// Settings from the environment: the database is `DATABASE_URL`, else
    /// `DATABASE_URL` in a `.env` file of the current directory, else
    /// `db.sqlite3`. `MODEL_EMBEDDED_MIGRATIONS=1` (from either place) forces
    /// the embedded migrations, as a deployed binary without its source tree
    /// would use. `MODEL_MIGRATIONS_DIR_<APP>=<folder>` (either place) reads
    /// and writes the migrations of one app in another folder, as
    /// [`migrations_dir`](Settings::migrations_dir) does; a folder that does
    /// not exist leaves the app with its embedded migrations.
    ///
    /// A `.env` file has `KEY=VALUE` lines, `#` comments and optionally
    /// quoted values; a variable set in the environment wins over the file.
    ///
    /// ```
    /// use model_runtime::Settings;
    ///
    /// // An app's manage binary passes these to `model_manage::run`.
    /// let settings = Settings::from_env().installed_apps(["littlelemon"]);
    /// assert!(settings.is_installed("littlelemon"));
    /// ```
    pub fn from_env() -> Settings {
        let mut settings = Settings::new();
        let file = match read_env_file(Path::new(".env")) {
            Ok(values) => values,
            Err(message) => {
                settings.env_file_error = Some(message);
                BTreeMap::new()
            }
        };
        let lookup = |key: &str| std::env::var(key).ok().or_else(|| file.get(key).cloned());
        // Not silently the default database: the one named cannot be read.
        for key in [Settings::DATABASE_URL_VAR, Settings::EMBEDDED_MIGRATIONS_VAR] {
            if let Err(std::env::VarError::NotUnicode(_)) = std::env::var(key) {
                settings.env_file_error = Some(format!("the environment variable {key} is not UTF-8"));
            }
        }
        if let Some(url) = lookup(Settings::DATABASE_URL_VAR).filter(|url| !url.trim().is_empty()) {
            settings.database_url = url;
        }
        if let Some(value) = lookup(Settings::EMBEDDED_MIGRATIONS_VAR) {
            settings.embedded_migrations_only = is_yes(&value);
        }
        // The file first, so that the environment wins. A variable that is
        // not UTF-8 (`std::env::vars` would panic) is no app's; a folder
        // need not be UTF-8.
        let variables = file
            .into_iter()
            .map(|(key, value)| (key.into(), value.into()))
            .chain(std::env::vars_os());
        for (key, value) in variables {
            let Some(key) = key.to_str() else {
                continue;
            };
            if let Some(app) = key.strip_prefix(Settings::MIGRATIONS_DIR_VAR_PREFIX) {
                if !app.is_empty() && !value.to_string_lossy().trim().is_empty() {
                    settings
                        .env_migrations_dirs
                        .insert(app.to_ascii_uppercase(), PathBuf::from(value));
                }
            }
        }
        settings
    }

    /// Replaces the installed apps, Django's `INSTALLED_APPS`: only their
    /// models are migrated.
    pub fn installed_apps<I, S>(mut self, apps: I) -> Settings
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.installed_apps = apps.into_iter().map(Into::into).collect();
        self
    }

    /// Replaces the database URL (see [`crate::DatabaseUrl::parse`]).
    pub fn database_url(mut self, url: impl Into<String>) -> Settings {
        self.database_url = url.into();
        self
    }

    /// Reads and writes the migrations of `app` in `dir` rather than in the
    /// `migrations/` folder of the crate that defines its models.
    ///
    /// ```
    /// use model_runtime::Settings;
    ///
    /// let settings = Settings::new()
    ///     .installed_apps(["shop"])
    ///     .migrations_dir("shop", "/tmp/shop-migrations");
    /// assert_eq!(
    ///     settings.migrations_folder("shop").unwrap(),
    ///     std::path::Path::new("/tmp/shop-migrations"),
    /// );
    /// ```
    pub fn migrations_dir(mut self, app: impl Into<String>, dir: impl Into<PathBuf>) -> Settings {
        self.migrations_dirs.insert(app.into(), dir.into());
        self
    }

    /// Reads only the migrations embedded in the binary, even where the
    /// source tree is at hand: what a deployed binary does.
    pub fn embedded_migrations_only(mut self, only: bool) -> Settings {
        self.embedded_migrations_only = only;
        self
    }

    /// The installed apps, in the order given.
    pub fn apps(&self) -> &[String] {
        &self.installed_apps
    }

    /// Whether `app` is installed.
    pub fn is_installed(&self, app: &str) -> bool {
        self.installed_apps.iter().any(|a| a == app)
    }

    /// The database URL.
    pub fn url(&self) -> &str {
        &self.database_url
    }

    /// Whether only embedded migrations are read.
    pub fn uses_embedded_migrations_only(&self) -> bool {
        self.embedded_migrations_only
    }

    /// The folder holding the migrations of `app`: the one set with
    /// [`migrations_dir`](Settings::migrations_dir), else the one
    /// `MODEL_MIGRATIONS_DIR_<APP>` names (see [`from_env`](Settings::from_env)),
    /// else in the crate defining the app's models: `migrations/<app>/`
    /// when that folder exists; `migrations/` when its migration files are
    /// the app's, or when it holds none and the crate defines no other app;
    /// `migrations/<app>/` otherwise. So an app's folder never moves when
    /// another app appears in its crate. `None` when no model of `app` is
    /// registered.
    pub fn migrations_folder(&self, app: &str) -> Option<PathBuf> {
        if let Some(dir) = self.migrations_dirs.get(app) {
            return Some(dir.clone());
        }
        if let Some(dir) = self.env_migrations_dirs.get(&app.to_ascii_uppercase()) {
            return Some(dir.clone());
        }
        let crate_dir = crate::registry::crate_dir(app)?;
        let folder = Path::new(crate_dir).join("migrations");
        let root_owner = std::fs::read_dir(&folder).ok().and_then(|entries| {
            let mut files: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
                .collect();
            files.sort();
            let text = std::fs::read_to_string(files.first()?).ok()?;
            crate::registry::app_of_migration(&text).map(str::to_owned)
        });
        let own_subfolder = crate::registry::uses_own_subfolder(
            app,
            crate::registry::apps_of_crate(crate_dir).len(),
            folder.join(app).is_dir(),
            root_owner.as_deref(),
        );
        Some(if own_subfolder { folder.join(app) } else { folder })
    }

    /// The variables of the text of a `.env` file (see
    /// [`from_env`](Settings::from_env)), or why it cannot be read, naming
    /// the line and the key, never a value. What `from_env` reads `.env`
    /// with; public for fuzzing.
    #[doc(hidden)]
    pub fn parse_env_text(text: &str) -> std::result::Result<BTreeMap<String, String>, String> {
        parse_env(text)
    }

    /// Fails on a `.env` file that could not be read, naming the line, or
    /// on a variable of the environment that is not UTF-8.
    pub fn check_env(&self) -> Result<()> {
        match &self.env_file_error {
            Some(message) => Err(Error::Config(message.clone())),
            None => Ok(()),
        }
    }

    /// Whether the database may hold something: false only for a SQLite
    /// file that does not exist, which opening would create. What lets a
    /// command that only reads (`check`) leave no empty file behind.
    ///
    /// ```
    /// use model_runtime::Settings;
    ///
    /// assert!(!Settings::new().database_url("/no/such/folder/db.sqlite3").database_exists());
    /// assert!(Settings::new().database_url("sqlite::memory:").database_exists());
    /// ```
    pub fn database_exists(&self) -> bool {
        match crate::connection::DatabaseUrl::parse(&self.database_url) {
            Ok(crate::connection::DatabaseUrl::Sqlite(path)) => {
                path == ":memory:" || path.starts_with("file:") || Path::new(&path).exists()
            }
            _ => true,
        }
    }

    /// Opens the database.
    pub fn connect(&self) -> Result<Connection> {
        self.check_env()?;
        crate::connect(&self.database_url)
    }
}

fn is_yes(value: &str) -> bool {
    matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "1" | "true" | "yes" | "on"
    )
}

/// The variables of a `.env` file; no file is no variables.
fn read_env_file(path: &Path) -> std::result::Result<BTreeMap<String, String>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_env(&text).map_err(|e| format!("{}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

/// `KEY=VALUE` lines, an optional `export ` before the key, blank lines and
/// `#` comments; values optionally in single or double quotes; an unquoted
/// value ends at ` #`. A key is letters, digits, `_`, `.` and `-`. An error
/// names the line, and the key when there is one, never a value: a line
/// that cannot be read may hold a password.
fn parse_env(text: &str) -> std::result::Result<BTreeMap<String, String>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut values = BTreeMap::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        let Some((key, value)) = line.split_once('=') else {
            return Err(format!(
                "line {number}: expected KEY=VALUE (the line is not shown: it may hold a secret)"
            ));
        };
        let key = key.trim();
        if !is_variable_name(key) {
            return Err(format!(
                "line {number}: the text before `=` is not a variable name (letters, digits, `_`, `.`, `-`)"
            ));
        }
        let Some(value) = unquote(value.trim()) else {
            return Err(format!(
                "line {number}: the value of `{key}` opens a quote that it does not close"
            ));
        };
        values.insert(key.to_owned(), value);
    }
    Ok(values)
}

fn is_variable_name(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

/// The value without its quotes, up to the last quote like the first, or
/// without a ` #` comment; `None` for a quote never closed.
fn unquote(value: &str) -> Option<String> {
    for quote in ['"', '\''] {
        if let Some(rest) = value.strip_prefix(quote) {
            return rest.rfind(quote).map(|end| rest[..end].to_owned());
        }
    }
    Some(match value.find(" #") {
        Some(comment) => value[..comment].trim_end().to_owned(),
        None => value.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_files_have_comments_quotes_and_exports() {
        let values = parse_env(
            "# the database\n\
             DATABASE_URL=\"postgres://app@db/app\"\n\
             export NAME='little lemon' \n\
             PLAIN = value # a comment\n\
             \n\
             EMPTY=\n",
        )
        .unwrap();
        assert_eq!(values["DATABASE_URL"], "postgres://app@db/app");
        assert_eq!(values["NAME"], "little lemon");
        assert_eq!(values["PLAIN"], "value");
        assert_eq!(values["EMPTY"], "");
    }

    #[test]
    fn a_line_without_equals_is_an_error_naming_the_line() {
        let error = parse_env("A=1\nnot a pair\n").unwrap_err();
        assert_eq!(
            error,
            "line 2: expected KEY=VALUE (the line is not shown: it may hold a secret)"
        );
    }

    #[test]
    fn errors_name_the_line_and_key_never_a_value() {
        for (text, expected) in [
            (
                "DATABASE_URL postgres://app:hunter22@db/app",
                "line 1: expected KEY=VALUE (the line is not shown: it may hold a secret)",
            ),
            (
                "# x\npostgres://app:hunter22@db/app?a=b",
                "line 2: the text before `=` is not a variable name (letters, digits, `_`, `.`, `-`)",
            ),
            (
                "A=1\r\nDATABASE_URL=\"postgres://app:hunter22@db/app",
                "line 2: the value of `DATABASE_URL` opens a quote that it does not close",
            ),
        ] {
            assert_eq!(parse_env(text).unwrap_err(), expected);
        }
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_first_key() {
        assert_eq!(parse_env("\u{feff}A=1").unwrap()["A"], "1");
    }

    #[test]
    fn yes_values() {
        assert!(is_yes("1") && is_yes("TRUE") && is_yes(" yes "));
        assert!(!is_yes("0") && !is_yes("") && !is_yes("false"));
    }
}
