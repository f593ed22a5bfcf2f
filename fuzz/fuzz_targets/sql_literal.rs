//! Any text, as a string literal of each backend, reads back as itself
//! through the real database, in every session setting that changes how a
//! backslash reads, or is refused by the renderer (a NUL, where the
//! backend cannot hold one).
//!
//! SQLite runs in memory always; PostgreSQL and MySQL when
//! `MODEL_FUZZ_POSTGRES_URL` and `MODEL_FUZZ_MYSQL_URL` name a database.
#![no_main]

use std::sync::{Mutex, OnceLock};

use libfuzzer_sys::fuzz_target;
use model_runtime::diesel::connection::SimpleConnection;
use model_runtime::diesel::{self, RunQueryDsl};
use model_runtime::schema::{Column, ColumnType};
use model_runtime::{sql, Backend, Connection};

/// One connection per backend and session setting, opened once.
fn sessions() -> &'static [Mutex<Connection>] {
    static SESSIONS: OnceLock<Vec<Mutex<Connection>>> = OnceLock::new();
    SESSIONS.get_or_init(|| {
        let open = |url: &str, setup: &str| {
            let mut conn = model_runtime::connect(url).unwrap_or_else(|e| panic!("{e}"));
            conn.batch_execute(setup)
                .unwrap_or_else(|e| panic!("{setup}: {e}"));
            Mutex::new(conn)
        };
        let mut sessions = vec![open("sqlite::memory:", "SELECT 1")];
        if let Ok(url) = std::env::var("MODEL_FUZZ_POSTGRES_URL") {
            sessions.push(open(&url, "SET standard_conforming_strings = on"));
            sessions.push(open(&url, "SET standard_conforming_strings = off"));
        }
        if let Ok(url) = std::env::var("MODEL_FUZZ_MYSQL_URL") {
            sessions.push(open(&url, "SELECT 1"));
            sessions.push(open(
                &url,
                "SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')",
            ));
        }
        sessions
    })
}

fn read_back(conn: &mut Connection, literal: &str, text: &str) {
    let query = diesel::select(diesel::dsl::sql::<diesel::sql_types::Text>(literal));
    let value: String = query
        .get_result(conn)
        .unwrap_or_else(|e| panic!("{:?}: SELECT {literal:?}: {e}", conn.backend_kind()));
    assert_eq!(value, text, "{:?}: SELECT {literal:?}", conn.backend_kind());
}

fuzz_target!(|text: &str| {
    // An unbounded text column, whose default MySQL takes as an expression.
    let column = Column::new("t", "t", ColumnType::Text);
    for session in sessions() {
        let mut conn = session.lock().unwrap_or_else(|e| e.into_inner());
        let backend = conn.backend_kind();
        let d = sql::dialect(backend);
        match sql::text_literal(backend, text) {
            Ok(literal) => {
                read_back(&mut conn, &literal, text);
                let literal = d.column_text_literal(&column, text).expect("the same text");
                read_back(&mut conn, &literal, text);
            }
            Err(error) => {
                assert!(text.contains('\0') && backend != Backend::Mysql, "{error}");
                assert!(d.column_text_literal(&column, text).is_err());
            }
        }
    }
});
