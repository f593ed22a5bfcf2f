//! Django's built-in apps `auth` and `sessions`, for `model-runtime`:
//! users, groups and permissions, passwords hashed with Argon2id, a
//! database session store, login with throttling, and the `manage`
//! commands `createsuperuser`, `changepassword` and `clearsessions`.
//!
//! Install them by name, before the project's own apps, and link the
//! crate in the manage binary:
//!
//! ```no_run
//! use model_auth as _; // registers the apps, their migrations and commands
//!
//! fn main() -> std::process::ExitCode {
//!     model_manage::run(model_manage::Settings::from_env().installed_apps(["auth", "sessions", "littlelemon"]))
//! }
//! ```
//!
//! The first `manage migrate` creates their tables, then the project's;
//! after every `migrate`, each installed model has its `add_`, `change_`,
//! `delete_` and `view_` permissions.

pub mod commands;
mod dispatch;
mod error;
mod login;
pub mod models;
pub mod password;
pub mod permissions;
mod random;
mod sessions;
mod throttle;
mod username;
mod users;

pub use self::error::{AuthError, Result};
pub use self::login::{
    authenticate, authenticate_with, change_password, get_user, login, logout, update_session_auth_hash,
    Credentials, SESSION_USER_HASH, SESSION_USER_ID,
};
pub use self::models::*;
pub use self::sessions::{clear_expired_sessions, SessionStore, DEFAULT_EXPIRY, MAX_EXPIRY};
pub use self::throttle::Throttle;
pub use self::username::validate_username;
pub use self::users::{create_superuser, create_user, normalize_email};

// Both apps' migrations travel inside every binary that links the crate.
model_runtime::embed_migrations!();

/// An in-memory database with the tables of both apps, for the examples
/// of this crate's docs.
#[doc(hidden)]
pub fn doc_database() -> model_runtime::Connection {
    let mut conn = model_runtime::connect("sqlite::memory:").expect("an in-memory database");
    for app in ["auth", "sessions"] {
        for model in model_runtime::registry::models_of_app(app) {
            model.create_table(&mut conn).expect("the built-in tables");
        }
    }
    conn
}
