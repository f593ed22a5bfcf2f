//! Connections from URLs, pooled and plain, set up the way the runtime
//! promises.

use model_runtime::diesel::dsl::sql;
use model_runtime::diesel::select;
use model_runtime::diesel::sql_types::{Integer, Text};
use model_runtime::prelude::*;
use model_tests::models::{Category, NewCategory};
use model_tests::on_every_backend;

#[test]
fn sqlite_files_get_foreign_keys_a_busy_timeout_and_wal() {
    let db = model_tests::TestDb::new(Backend::Sqlite);
    let mut conn = model_runtime::connect(&format!("sqlite://{}", db.url())).unwrap();
    let pragma = |name: &str| sql::<Integer>(&format!("(SELECT * FROM pragma_{name})"));
    let keys: i32 = select(pragma("foreign_keys")).get_result(&mut conn).unwrap();
    let timeout: i32 = select(pragma("busy_timeout")).get_result(&mut conn).unwrap();
    let mode: String = select(sql::<Text>("(SELECT * FROM pragma_journal_mode)"))
        .get_result(&mut conn)
        .unwrap();
    assert_eq!((keys, timeout, mode.as_str()), (1, 5000, "wal"));
}

#[test]
fn unknown_schemes_and_missing_backends_are_named() {
    let error = model_runtime::connect("oracle://db/app")
        .err()
        .unwrap()
        .to_string();
    assert_eq!(
        error,
        "unsupported database URL scheme `oracle://`; expected sqlite://, postgres:// or mysql://"
    );
    #[cfg(not(feature = "postgres"))]
    {
        let error = model_runtime::connect("postgres://localhost/app")
            .err()
            .unwrap()
            .to_string();
        assert!(
            error.contains("enable model-runtime's `postgres` feature"),
            "{error}"
        );
    }
}

on_every_backend! {
    /// An r2d2 pool hands out connections the model methods accept.
    fn pooled_connections_run_model_methods(db) {
        Category::create_table(&mut db.connect()).unwrap();
        let pool = model_runtime::pool(db.url(), 2).unwrap();
        let mut first = pool.get().unwrap();
        Category::create(&mut first, NewCategory { title: "Mains".into() }).unwrap();
        let mut second = pool.get().unwrap();
        assert_eq!(Category::count(&mut second).unwrap(), 1);
        assert_eq!(second.backend(), db.backend());
    }

    /// A wrong password or host is a connection error naming the server,
    /// without the password.
    fn unreachable_databases_are_reported_without_the_password(db) {
        let url = match db.backend() {
            Backend::Sqlite => "sqlite:///nonexistent-directory/for/sure/db.sqlite3".to_string(),
            Backend::Postgres => "postgres://nobody:secret@127.0.0.1:1/none".to_string(),
            Backend::Mysql => "mysql://nobody:secret@127.0.0.1:1/none".to_string(),
        };
        let error = model_runtime::connect(&url).err().unwrap().to_string();
        assert!(error.starts_with("cannot connect to "), "{error}");
        assert!(!error.contains("secret"), "{error}");
    }
}
