//! `bulk_create` where users deploy: PostgreSQL and MariaDB, each
//! competitor in a database of its own on the same server, interleaved
//! rounds as every workload here.
//!
//! ```sh
//! cargo run -p bench --release -- servers            # 100 and 100,000 rows
//! cargo run -p bench --release -- servers --quick    # tiny sizes, no figure to trust
//! ```
//!
//! Competitors: this project's `bulk_create` (one `COPY ... FROM STDIN` on
//! PostgreSQL, multi-row INSERTs on MySQL), hand-written Diesel (the
//! reference: multi-row INSERTs as large as the bind limit allows, in one
//! transaction, the guide's way), and Django's `bulk_create` with psycopg
//! and mysqlclient. The servers are `BENCH_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`) and `BENCH_MYSQL_URL`
//! (default `mysql://root@127.0.0.1:3306/test`); the databases made on
//! them are dropped afterwards.

use std::fmt::Write as _;
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use model_runtime::diesel;
use model_runtime::Backend;
use serde_json::json;

use crate::competitors::diesel::{users, NewUser};
use crate::competitors::python::Python;
use crate::method::{self, FnSession, Plan, Session};
use crate::models::users::{NewUser as OurNewUser, User as OurUser};
use crate::results::{Row, Table};
use crate::section::Markers;
use crate::Result;

/// Where a full run writes its section of docs/BENCHMARKS.md.
pub const MARKERS: Markers = Markers {
    start: "<!-- servers: start -->",
    end: "<!-- servers: end -->",
};

/// PostgreSQL's and MySQL's limit of bind parameters in one statement.
const MAX_BIND_PARAMETERS: usize = 65_535;

/// `servers [--quick] [--no-python]`.
pub fn run(args: &[String]) -> Result<()> {
    let quick = args.iter().any(|a| a == "--quick");
    let python = !args.iter().any(|a| a == "--no-python");
    let sizes: &[usize] = if quick { &[10, 100] } else { &[100, 100_000] };
    let plan = if quick {
        Plan {
            rounds: 2,
            batch: Duration::from_millis(20),
        }
    } else {
        Plan {
            rounds: 9,
            batch: Duration::from_millis(400),
        }
    };
    let python = if python {
        let venv = crate::workspace_root().join("target").join("bench-servers-venv");
        Some(Python::prepare_with(&venv, "servers-requirements.txt")?)
    } else {
        None
    };
    let mut tables = Vec::new();
    for server in [Server::postgres(), Server::mysql()] {
        for &size in sizes {
            let table = measure(&server, size, &plan, python.as_ref())?;
            print(&table);
            tables.push(table);
        }
    }
    // Tiny sizes say nothing worth keeping.
    if !quick {
        let out = crate::workspace_root().join("docs").join("BENCHMARKS.md");
        MARKERS.write(&out, &render(&tables, &plan, python.as_ref()))?;
        eprintln!("bench: servers: wrote {}", out.display());
    }
    Ok(())
}

/// The section of docs/BENCHMARKS.md: a table a case.
fn render(tables: &[Table], plan: &Plan, python: Option<&Python>) -> String {
    let machine = crate::machine::Machine::read();
    let mut s = String::new();
    let _ = writeln!(s, "{}", MARKERS.start);
    let _ = writeln!(
        s,
        "## bulk_create on PostgreSQL and MariaDB
"
    );
    let _ = writeln!(
        s,
        "The local servers (PostgreSQL and MariaDB on loopback TCP), each competitor in a database of its own \
         with the same `users` table, emptied before each batch; {} interleaved rounds, the median with the \
         slowest and fastest round beside it. This project's `bulk_create` sends one `COPY ... FROM STDIN` on \
         PostgreSQL and multi-row INSERTs as large as the bind limit allows on MySQL; hand-written Diesel \
         (the reference) sends the guide's multi-row INSERTs, as large as the bind limit allows, in one \
         transaction; {} calls `bulk_create` with psycopg and mysqlclient, building its instances in \
         the timed loop as its users must. On {} ({} cores).\n",
        plan.rounds,
        python.map_or("Django (not run here)".to_owned(), |p| format!("Django {}", p.django_version)),
        machine.cpu,
        machine.cores
    );
    let _ = writeln!(
        s,
        "```sh\ncargo run -p bench --release -- servers    # this section\n```\n"
    );
    let _ = writeln!(
        s,
        "| case | competitor | rows/s | throughput / Diesel's | |\n| --- | --- | --- | --- | --- |"
    );
    for table in tables {
        for row in &table.rows {
            let Some(time) = row.time() else { continue };
            let ratio = versus_reference(table, row);
            let versus_django = match (row.name.as_str(), table.ratio("Django", &row.name)) {
                ("model-runtime", Some(r)) => format!("{:.1}x Django's", r.median),
                _ => String::new(),
            };
            let _ = writeln!(
                s,
                "| {} | {} | {} | {ratio} | {versus_django} |",
                table.title,
                row.name,
                crate::report::rate(table.units_per_op / time.median)
            );
        }
    }
    let _ = writeln!(
        s,
        "\nBars: at least 3x Django's `bulk_create` and at least the fastest competitor measured on 100,000 \
         rows, on each server. sqlx and SeaORM are not measured on the servers yet."
    );
    let _ = writeln!(s, "{}", MARKERS.end);
    s
}

/// A database server, and the databases the run made on it.
struct Server {
    backend: Backend,
    /// `scheme://user[:password]@host:port`, without a database.
    base: String,
    /// The database to connect to while making the others.
    admin_database: String,
}

impl Server {
    fn postgres() -> Server {
        Server::from_url(
            Backend::Postgres,
            &std::env::var("BENCH_POSTGRES_URL")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into()),
        )
    }

    fn mysql() -> Server {
        Server::from_url(
            Backend::Mysql,
            &std::env::var("BENCH_MYSQL_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306/test".into()),
        )
    }

    fn from_url(backend: Backend, url: &str) -> Server {
        let (base, database) = url.rsplit_once('/').unwrap_or((url, ""));
        Server {
            backend,
            base: base.to_owned(),
            admin_database: database.to_owned(),
        }
    }

    fn url(&self, database: &str) -> String {
        format!("{}/{database}", self.base)
    }

    fn name(&self) -> &'static str {
        match self.backend {
            Backend::Postgres => "PostgreSQL",
            _ => "MariaDB",
        }
    }

    /// A fresh database holding the `users` table, dropped when the
    /// returned guard goes.
    fn database(&self, competitor: &str) -> Result<Database<'_>> {
        let name = format!("bench_servers_{}_{competitor}", std::process::id());
        let mut admin = model_runtime::connect(&self.url(&self.admin_database))?;
        admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))?;
        admin.batch_execute(&format!("CREATE DATABASE {name}"))?;
        let mut conn = model_runtime::connect(&self.url(&name))?;
        OurUser::create_table(&mut conn)?;
        Ok(Database { server: self, name })
    }
}

/// A database made for one competitor; dropped with it.
struct Database<'s> {
    server: &'s Server,
    name: String,
}

impl Database<'_> {
    fn url(&self) -> String {
        self.server.url(&self.name)
    }
}

impl Drop for Database<'_> {
    fn drop(&mut self) {
        if let Ok(mut admin) = model_runtime::connect(&self.server.url(&self.server.admin_database)) {
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {}", self.name));
        }
    }
}

fn names(size: usize) -> Vec<String> {
    (0..size).map(|i| format!("User {i}")).collect()
}

/// Every competitor on `size` rows on `server`.
fn measure(server: &Server, size: usize, plan: &Plan, python: Option<&Python>) -> Result<Table> {
    let databases = [
        server.database("diesel")?,
        server.database("ours")?,
        server.database("django")?,
    ];
    let mut sessions: Vec<(&str, Box<dyn Session>)> = vec![
        (
            "Diesel (hand-written)",
            diesel_session(server.backend, &databases[0].url(), size)?,
        ),
        ("model-runtime", ours_session(&databases[1].url(), size)?),
    ];
    if let Some(python) = python {
        sessions.push(("Django", django_session(python, server, &databases[2], size)?));
    }
    let mut calibrated = Vec::new();
    let mut labels = Vec::new();
    for (label, mut session) in sessions {
        let (iterations, produced) = method::calibrate(session.as_mut(), plan)?;
        if produced != size {
            return Err(format!("{label} inserted {produced} rows of {size}").into());
        }
        labels.push(label);
        calibrated.push((session, iterations));
    }
    let samples = method::interleave(&mut calibrated, plan)?;
    let rows = labels
        .iter()
        .zip(samples)
        .map(|(label, samples)| Row::new(*label, samples.per_op.iter().map(|d| d.as_secs_f64()).collect()))
        .collect();
    Ok(Table {
        workload: 0,
        id: format!("servers-bulk-{}-{size}", server.name().to_lowercase()),
        title: format!("bulk_create of {size} rows on {}", server.name()),
        units_per_op: size as f64,
        unit: "rows".into(),
        reference: "Diesel (hand-written)".into(),
        rows,
        notes: Vec::new(),
    })
}

/// A row's throughput over the reference's: median [slowest-fastest round].
fn versus_reference(table: &Table, row: &Row) -> String {
    table
        .ratio(&table.reference, &row.name)
        .map(|r| format!("{:.2}x [{:.2}-{:.2}]", r.median, r.min, r.max))
        .unwrap_or_default()
}

fn print(table: &Table) {
    println!("\n{} (reference: {})", table.title, table.reference);
    for row in &table.rows {
        let Some(time) = row.time() else { continue };
        let ratio = versus_reference(table, row);
        println!(
            "  {:<24} {:>12} rows/s   {} the reference's throughput",
            row.name,
            crate::report::rate(table.units_per_op / time.median),
            ratio
        );
    }
    if let Some(r) = table.ratio("Django", "model-runtime") {
        println!(
            "  model-runtime: {:.1}x [{:.1}-{:.1}] Django's throughput",
            r.median, r.min, r.max
        );
    }
}

struct OursState {
    conn: model_runtime::Connection,
    rows: Vec<OurNewUser>,
}

fn ours_session(url: &str, size: usize) -> Result<Box<dyn Session>> {
    let rows = names(size)
        .into_iter()
        .map(|name| OurNewUser {
            name,
            hair_color: Some("black".into()),
        })
        .collect();
    let state = OursState {
        conn: model_runtime::connect(url)?,
        rows,
    };
    Ok(FnSession::with_reset(
        state,
        |state| Ok(state.conn.batch_execute("TRUNCATE TABLE users")?),
        |state| Ok(OurUser::bulk_create(&mut state.conn, &state.rows)?),
    ))
}

/// The guide's batch insert: multi-row INSERTs as large as the bind limit
/// allows, in one transaction; written once a backend, as a user of one
/// backend writes it.
macro_rules! diesel_insert {
    ($name:ident, $connection:ty) => {
        fn $name(conn: &mut $connection, rows: &[NewUser]) -> diesel::QueryResult<usize> {
            conn.transaction(|conn| {
                rows.chunks(MAX_BIND_PARAMETERS / 2)
                    .try_fold(0, |total, chunk| {
                        Ok(total
                            + diesel::insert_into(users::table)
                                .values(chunk)
                                .execute(conn)?)
                    })
            })
        }
    };
}

diesel_insert!(diesel_insert_postgres, diesel::PgConnection);
diesel_insert!(diesel_insert_mysql, diesel::MysqlConnection);

struct DieselState<C> {
    conn: C,
    rows: Vec<NewUser>,
}

fn diesel_session(backend: Backend, url: &str, size: usize) -> Result<Box<dyn Session>> {
    let rows: Vec<NewUser> = names(size)
        .into_iter()
        .map(|name| NewUser {
            name,
            hair_color: Some("black".into()),
        })
        .collect();
    Ok(match backend {
        Backend::Postgres => FnSession::with_reset(
            DieselState {
                conn: diesel::PgConnection::establish(url)?,
                rows,
            },
            |state| Ok(state.conn.batch_execute("TRUNCATE TABLE users")?),
            |state| Ok(diesel_insert_postgres(&mut state.conn, &state.rows)?),
        ),
        _ => FnSession::with_reset(
            DieselState {
                conn: diesel::MysqlConnection::establish(url)?,
                rows,
            },
            |state| Ok(state.conn.batch_execute("TRUNCATE TABLE users")?),
            |state| Ok(diesel_insert_mysql(&mut state.conn, &state.rows)?),
        ),
    })
}

fn django_session(
    python: &Python,
    server: &Server,
    database: &Database,
    size: usize,
) -> Result<Box<dyn Session>> {
    let engine = match server.backend {
        Backend::Postgres => "django.db.backends.postgresql",
        _ => "django.db.backends.mysql",
    };
    let mut worker = python.worker(&["server", engine, &database.url()], None)?;
    worker.request(json!({"cmd": "prepare", "names": names(size)}))?;
    Ok(Box::new(worker))
}
