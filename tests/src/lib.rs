//! Shared pieces of the integration tests: a fresh database per test on
//! each backend, the models the tests use, a statement counter, and (with
//! the feature `browser`) headless Chromium.

#[cfg(feature = "browser")]
pub mod browser;
pub mod db;
pub mod models;
pub mod project;
pub mod statements;

pub use db::TestDb;
pub use model_runtime::Backend;

/// Defines one test per backend the crate was built for, all running the
/// same body against a fresh database of that backend:
///
/// ```text
/// on_every_backend! {
///     fn crud_round_trip(db) { let mut conn = db.connect(); ... }
/// }
/// ```
/// makes `crud_round_trip::sqlite`, `crud_round_trip::postgres` and
/// `crud_round_trip::mysql`.
#[macro_export]
macro_rules! on_every_backend {
    ($($(#[doc = $doc:literal])* fn $name:ident($db:ident) $body:block)*) => {$(
        $(#[doc = $doc])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            fn run($db: &$crate::TestDb) $body

            #[cfg(feature = "sqlite")]
            #[test]
            fn sqlite() {
                run(&$crate::TestDb::new($crate::Backend::Sqlite));
            }

            #[cfg(feature = "postgres")]
            #[test]
            fn postgres() {
                run(&$crate::TestDb::new($crate::Backend::Postgres));
            }

            #[cfg(feature = "mysql")]
            #[test]
            fn mysql() {
                run(&$crate::TestDb::new($crate::Backend::Mysql));
            }
        }
    )*};
}
