//! Workload 8: altering a column of a populated table. SQLite cannot alter
//! a column, so `migrate` rebuilds the table (create a new one, copy the
//! rows, drop, rename, check foreign keys, in one transaction); the
//! reference is the copy alone, `INSERT INTO ... SELECT` into a new table.
//! Both start from a copy of the same database file, connection included.

use std::path::Path;
use std::time::Instant;

use diesel::connection::SimpleConnection;
use diesel::{Connection, SqliteConnection};
use model_manage::MigrateArgs;
use model_migrations::ProjectState;
use model_runtime::diesel;
use model_runtime::schema::{Column, ColumnType, List, ModelSchema};
use model_runtime::{Backend, Settings};

use crate::results::{Row, Table};
use crate::workloads::{remove_sqlite_files, wide};
use crate::Result;

const APP: &str = "bench_rebuild";
pub const REBUILD: &str = "this project, `migrate` (table rebuild)";
pub const COPY: &str = "plain `INSERT INTO ... SELECT` copy";

pub fn rows(quick: bool) -> usize {
    if quick {
        10_000
    } else {
        1_000_000
    }
}

/// The table before and after the migration: `name` grows from 100 to
/// 200 characters.
fn schema(name_length: u32) -> ModelSchema {
    let mut id = Column::new("id", "id", ColumnType::BigInt);
    id.primary_key = true;
    id.auto_increment = true;
    let mut name = Column::new("name", "name", ColumnType::Text);
    name.max_length = Some(name_length);
    let mut hair_color = Column::new("hair_color", "hair_color", ColumnType::Text);
    hair_color.nullable = true;
    let visits = Column::new("visits", "visits", ColumnType::Integer);
    ModelSchema {
        columns: List::Owned(vec![id, name, hair_color, visits]),
        ..ModelSchema::new(APP, "Row", "bench_rebuild_row", &[])
    }
}

pub fn measure(row_count: usize, rounds: usize, work_dir: &Path) -> Result<Table> {
    let history = work_dir.join("bench_rebuild_migrations");
    if history.exists() {
        std::fs::remove_dir_all(&history)?;
    }
    let states = [
        ProjectState::new(),
        ProjectState::from_models([schema(100)]),
        ProjectState::from_models([schema(200)]),
    ];
    wide::write_migrations(&states, &history)?;

    // The populated database at 0001, copied before each measurement.
    let template = work_dir.join("rebuild-template.sqlite3");
    let work = work_dir.join("rebuild-work.sqlite3");
    remove_sqlite_files(&template)?;
    let settings_of = |db: &Path| {
        Settings::new()
            .installed_apps([APP])
            .migrations_dir(APP, &history)
            .database_url(db.display().to_string())
    };
    let to = |target: &str| MigrateArgs {
        app: Some(APP.to_owned()),
        target: Some(target.to_owned()),
        ..Default::default()
    };
    model_manage::migrate(&settings_of(&template), &to("0001"), &mut std::io::sink())?;
    {
        let mut conn = open(&template)?;
        conn.batch_execute(&format!(
            "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < {row_count}) \
             INSERT INTO bench_rebuild_row (name, hair_color, visits) \
             SELECT 'User ' || i, CASE i % 2 WHEN 0 THEN 'black' ELSE NULL END, i % 1000 FROM n; \
             PRAGMA wal_checkpoint(TRUNCATE);"
        ))?;
    }
    let mut copy_table = schema(200);
    copy_table.table = "bench_rebuild_copy".into();
    let create_copy = model_runtime::sql::create_table(&copy_table, Backend::Sqlite).remove(0);
    let copy_sql = format!(
        "BEGIN; {create_copy}; INSERT INTO bench_rebuild_copy SELECT * FROM bench_rebuild_row; COMMIT;"
    );

    let (mut rebuild, mut copy) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        fresh_copy(&template, &work)?;
        let start = Instant::now();
        let steps = model_manage::migrate(&settings_of(&work), &to("0002"), &mut std::io::sink())?;
        rebuild.push(start.elapsed().as_secs_f64());
        if steps.len() != 1 {
            return Err(format!("the rebuild migration ran {} steps", steps.len()).into());
        }

        fresh_copy(&template, &work)?;
        let start = Instant::now();
        open(&work)?.batch_execute(&copy_sql)?;
        copy.push(start.elapsed().as_secs_f64());
    }
    remove_sqlite_files(&work)?;
    Ok(Table {
        workload: 8,
        id: format!("rebuild-{row_count}"),
        title: format!(
            "alter a column of a {}-row table, file, WAL",
            crate::report::thousands(row_count as f64)
        ),
        units_per_op: row_count as f64,
        unit: "rows".to_owned(),
        reference: COPY.to_owned(),
        rows: vec![Row::new(COPY, copy), Row::new(REBUILD, rebuild)],
        notes: vec![
            "Both time from opening the database to the end of the transaction; the copy makes \
             the new table and fills it, the rebuild also drops the old one, renames the new one \
             and runs `PRAGMA foreign_key_check`."
                .to_owned(),
        ],
    })
}

/// A connection with the runtime's pragmas.
fn open(path: &Path) -> Result<SqliteConnection> {
    let mut conn = SqliteConnection::establish(&path.display().to_string())?;
    model_runtime::configure_sqlite(&mut conn)?;
    Ok(conn)
}

fn fresh_copy(template: &Path, work: &Path) -> Result<()> {
    remove_sqlite_files(work)?;
    std::fs::copy(template, work)?;
    Ok(())
}
