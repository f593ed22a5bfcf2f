//! Query sets run on a concrete Diesel connection; the functions of this
//! crate take any [`DbConnection`](model_runtime::DbConnection), as the
//! model methods do, and pick the concrete one here.

/// Runs `$body` with `$c` bound to the concrete connection underneath
/// `$conn` (`&mut SqliteConnection`, `&mut PgConnection` or
/// `&mut MysqlConnection`).
///
/// Each arm exists when the runtime was built for its backend, not when
/// this crate was: another crate of a build may turn on a backend of the
/// runtime that this crate's own features leave off.
macro_rules! on_backend {
    ($conn:expr, |$c:ident| $body:expr) => {{
        #[allow(irrefutable_let_patterns, unreachable_code)]
        let out = 'run: {
            let mut backend = ::model_runtime::DbConnection::backend_connection($conn);
            ::model_runtime::__if_sqlite! {
                if let ::model_runtime::BackendConnection::Sqlite(c) = &mut backend {
                    let $c = &mut **c;
                    break 'run $body;
                }
            }
            ::model_runtime::__if_postgres! {
                if let ::model_runtime::BackendConnection::Postgres(c) = &mut backend {
                    let $c = &mut **c;
                    break 'run $body;
                }
            }
            ::model_runtime::__if_mysql! {
                if let ::model_runtime::BackendConnection::Mysql(c) = &mut backend {
                    let $c = &mut **c;
                    break 'run $body;
                }
            }
            // Every variant of `BackendConnection` has its arm above.
            unreachable!("a backend connection of no known backend")
        };
        out
    }};
}

pub(crate) use on_backend;
