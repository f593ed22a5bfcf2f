//! Django's admin site for `model-runtime`, on axum: active staff users
//! log in, see the models they may view or change, and list, search and
//! page through their rows, at Django's URLs and with Django's form field
//! names.
//!
//! Register models on an [`AdminSite`], [build](AdminSite::build) it (every
//! field an option names is checked then, never at request time), and
//! serve it with [`router`]:
//!
//! ```no_run
//! use model_admin::{router, AdminSite, ModelAdmin};
//! use model_runtime::prelude::*;
//!
//! #[derive(Model, Debug)]
//! #[model(app = "kitchen")]
//! pub struct Dish {
//!     #[field(primary_key)]
//!     pub id: i64,
//!     #[field(max_length = 100)]
//!     pub title: String,
//!     #[field(max_digits = 6, decimal_places = 2)]
//!     pub price: Decimal,
//! }
//!
//! # async fn serve() -> Result<(), Box<dyn std::error::Error>> {
//! let mut site = AdminSite::new();
//! site.register::<Dish>(
//!     ModelAdmin::new()
//!         .list_display(&["title", "price"])
//!         .search_fields(&["title"])
//!         .ordering(&["-price"]),
//! );
//! let app = router(site.build()?, model_runtime::pool("db.sqlite3", 8)?);
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8000").await?;
//! axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>()).await?;
//! # Ok(()) }
//! ```
//!
//! For `manage runserver`, an app crate declares its registrations with
//! [`register_admin!`] (its `admin.py`), and the manage binary links this
//! crate (`use model_admin as _;`): the command serves every declared
//! registration, as Django's `autodiscover` finds every app's admin. That
//! keeps each app's admin beside its models, and the manage binary free of
//! a list to keep in step.
//!
//! Security, as Django's admin and then some: only active staff get in
//! (anyone else is redirected to the login page, with an empty body); one
//! message for every failed login, with `model-auth`'s throttling; the
//! session key is rotated at login and the session deleted at logout; every
//! POST carries its session's CSRF token (`csrfmiddlewaretoken`); a login
//! goes on only to a path of this site; templates escape every value; every
//! response forbids framing, sniffing and caching.

mod csrf;
mod deletion;
mod error;
mod form;
mod list_filter;
mod list_params;
mod listing;
mod log;
mod messages;
mod options;
mod redirect;
mod router;
mod runserver;
mod site;
mod sorting;
mod templates;
mod views;
mod web;

pub use self::error::AdminError;
pub use self::log::{log_entry, ActionFlag, LogEntry, NewLogEntry};
pub use self::options::ModelAdmin;
pub use self::router::router;
pub use self::runserver::{runserver, runserver_address, DEFAULT_ADDRESS};
pub use self::site::{discover, AdminRegistration, AdminSite, BuiltSite, ModelEntry};

// The `admin` app's migrations travel inside every binary that links the crate.
model_runtime::embed_migrations!();

#[doc(hidden)]
pub mod __private {
    pub use inventory;
}
