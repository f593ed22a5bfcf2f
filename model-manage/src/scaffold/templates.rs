//! The files `startproject` and `startapp` write, as text: what a project
//! looks like on its first day.

use super::Dependencies;

/// The project's `Cargo.toml`: the manage binary's package, the workspace
/// its apps join, and the dependencies they share.
pub(super) fn project_manifest(name: &str, dependencies: &Dependencies) -> String {
    let crate_ = |name: &str| dependencies.spec(name);
    format!(
        r#"{package}# `cargo run -- <command>` is Django's `python manage.py <command>`.
default-run = "manage"

[[bin]]
name = "manage"
path = "src/main.rs"

[workspace]
# One crate an app (`cargo run -- startapp NAME` adds it): changing one
# app's models recompiles that app's crate only.
members = []

[workspace.dependencies]
model-runtime = {runtime}
model-manage = {manage}
model-auth = {auth}
model-admin = {admin}
model-shell = {shell}
model-build = {build}
# The Diesel tables the models generate name `diesel`, as any Diesel schema does.
diesel = "2.4"

[features]
# The embedded SQLite is the default; `--features postgres` or `--features
# mysql` adds a server (DATABASE_URL in .env says which database).
default = ["sqlite"]
sqlite = ["model-manage/sqlite", "model-auth/sqlite", "model-admin/sqlite", "model-shell/sqlite"]
postgres = ["model-manage/postgres", "model-auth/postgres", "model-admin/postgres", "model-shell/postgres"]
mysql = ["model-manage/mysql", "model-auth/mysql", "model-admin/mysql", "model-shell/mysql"]

# The project's apps come last (`startapp` adds each one).
[dependencies]
model-runtime.workspace = true
diesel.workspace = true
# The commands: migrations, fixtures, checks.
model-manage.workspace = true
# The built-in apps `auth` and `sessions`, and createsuperuser.
model-auth.workspace = true
# The admin site, and `runserver`.
model-admin.workspace = true
# `shell` and `dbshell`.
model-shell.workspace = true
"#,
        runtime = crate_("model-runtime"),
        manage = crate_("model-manage"),
        auth = crate_("model-auth"),
        admin = crate_("model-admin"),
        shell = crate_("model-shell"),
        build = dependencies.build_spec(),
        package = package(name),
    )
}

/// The manage binary, Django's `manage.py`.
pub(super) fn manage_main(name: &str) -> String {
    format!(
        r#"//! {name}'s manage binary, Django's `manage.py`: `cargo run -- help`.
//!
//! `DATABASE_URL` picks the database (also read from `.env`); without it,
//! the embedded SQLite file `db.sqlite3`.

// The crates whose models, migrations and commands this binary carries: a
// crate it never names is left out by the linker. `startapp` adds a line.
use model_admin as _;
use model_auth as _;
use model_shell as _;

/// The installed apps, Django's `INSTALLED_APPS` (`startapp` adds each new
/// app at the end).
const INSTALLED_APPS: &[&str] = &["admin", "auth", "sessions"];

fn main() -> std::process::ExitCode {{
    model_manage::run(model_manage::Settings::from_env().installed_apps(INSTALLED_APPS.iter().copied()))
}}
"#
    )
}

/// `.env.example`: the settings a deployment changes, none of them secret.
pub(super) fn env_example(name: &str) -> String {
    format!(
        r#"# Copy to .env, which every command reads (the environment wins over it).
# Without DATABASE_URL the database is the embedded SQLite file db.sqlite3.
DATABASE_URL=sqlite://db.sqlite3
# A server needs its feature, e.g. `cargo run --features postgres -- migrate`:
# DATABASE_URL=postgres://{name}:password@localhost:5432/{name}
# DATABASE_URL=mysql://{name}:password@localhost:3306/{name}
"#
    )
}

/// `.gitignore`: the build, the local database and the local settings.
pub(super) const GITIGNORE: &str = "/target\n/db.sqlite3\n/db.sqlite3-*\n/.env\n";

/// An app crate's `Cargo.toml`.
pub(super) fn app_manifest(name: &str) -> String {
    format!(
        r#"{package}
[dependencies]
model-runtime.workspace = true
diesel.workspace = true
# The app's admin.rs.
model-admin.workspace = true

[build-dependencies]
# Embeds migrations/ in the binaries that link the app.
model-build.workspace = true
"#,
        package = package(name),
    )
}

/// A manifest's `[package]` table, as `cargo new` starts it (not to be
/// published: the project is the user's own).
fn package(name: &str) -> String {
    format!("[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n")
}

/// An app crate's `build.rs`.
pub(super) const APP_BUILD: &str = "\
// Embeds migrations/ in the binaries, so a deployed manage binary migrates
// without the source tree; a new migration file is picked up by the next
// `cargo run`.
fn main() {
    model_build::embed_migrations();
}
";

/// An app crate's `src/lib.rs`.
pub(super) fn app_lib(name: &str) -> String {
    format!(
        r#"//! The `{name}` app: its models in `models.rs` (Django's `models.py`), how
//! the admin site shows them in `admin.rs`, its migrations in `migrations/`.

pub mod admin;
pub mod models;

// The app is known by its label before it has a model, as Django's
// `apps.py` declares it.
model_runtime::app!("{name}");

// The migrations travel inside the binaries.
model_runtime::embed_migrations!();
"#
    )
}

/// An app crate's `src/models.rs`: no model yet, and one to start from.
pub(super) fn app_models(name: &str) -> String {
    format!(
        r#"//! The `{name}` app's models, as Django's `models.py`. After a change,
//! `cargo run -- makemigrations {name}` writes the migration and
//! `cargo run -- migrate` applies it.
//!
//! A model to start from:
//!
//! ```text
//! #[derive(Model, Debug, Clone, PartialEq)]
//! #[model(app = "{name}")]
//! pub struct Question {{
//!     #[field(primary_key)]
//!     pub id: i64,
//!     #[field(max_length = 200)]
//!     pub question_text: String,
//!     pub pub_date: DateTime<Utc>,
//! }}
//! ```

#[allow(unused_imports)]
use model_runtime::prelude::*;
"#
    )
}

/// An app crate's `src/admin.rs`: Django's `admin.py`.
pub(super) const APP_ADMIN: &str = r#"//! How the admin site (`cargo run -- runserver`, then /admin/) shows the
//! app's models, as Django's `admin.py`. For example:
//!
//! ```text
//! site.register::<Question>(ModelAdmin::new().list_display(&["question_text", "pub_date"]));
//! ```

use model_admin::AdminSite;

/// Registers the app's models with the admin site.
pub fn register(_site: &mut AdminSite) {}

model_admin::register_admin!(register);
"#;
