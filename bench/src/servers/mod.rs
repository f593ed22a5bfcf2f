//! The workloads where users deploy: PostgreSQL and MariaDB, each
//! competitor in a database of its own on the same server, interleaved
//! rounds as every workload here.
//!
//! ```sh
//! cargo run -p bench --release -- servers            # writes its section of docs/BENCHMARKS.md
//! cargo run -p bench --release -- servers --quick    # tiny sizes, no figure to trust
//! ```
//!
//! Workloads: `bulk_create` of 100 and 100,000 rows, loads of 1 to 10,000
//! rows, posts with their user, get by key, insert one row, update and
//! delete single rows, a query set (`cases`). Competitors: this project
//! (`ours`), hand-written Diesel (`diesel`, the reference), sqlx 0.9
//! (`sqlx`), SeaORM 2 (`sea_orm`) and Django 5.2 with psycopg and
//! mysqlclient (`django`, `bench/django/worker.py`). The
//! servers are `BENCH_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`) and `BENCH_MYSQL_URL`
//! (default `mysql://root@127.0.0.1:3306/test`); the databases made on
//! them are dropped afterwards.

mod cases;
mod diesel;
mod django;
mod fill;
mod measure;
mod ours;
mod sea_orm;
mod section;
mod server;
mod sqlx;

use self::cases::{Case, Workload};
use self::django::Django;
use self::measure::{Competitor, Contender};
use self::server::Server;
use crate::competitors::python::Python;
use crate::Result;

pub use self::measure::instructions;
pub use self::section::MARKERS;

/// `servers [--quick] [--no-python] [--no-callgrind] [--only load,get,...]`:
/// `--only` runs the workloads of those keys (`cases::Workload::key`) and
/// writes nothing. Client instructions are counted under callgrind when
/// valgrind is installed; a quick run counts them for `get` only, to keep
/// CI short.
pub fn run(args: &[String]) -> Result<()> {
    let quick = args.iter().any(|a| a == "--quick");
    let python = !args.iter().any(|a| a == "--no-python");
    let callgrind = !args.iter().any(|a| a == "--no-callgrind") && crate::callgrind::available();
    if !callgrind {
        eprintln!("bench: servers: client instructions will NOT be counted (no valgrind, or --no-callgrind)");
    }
    let profiles = crate::workspace_root()
        .join("target")
        .join("bench-work")
        .join("callgrind-servers");
    std::fs::create_dir_all(&profiles)?;
    let only: Option<Vec<&str>> = args
        .iter()
        .position(|a| a == "--only")
        .map(|i| args.get(i + 1).map_or("", String::as_str).split(',').collect());
    let workloads: Vec<Workload> = Workload::ALL
        .into_iter()
        .filter(|w| only.as_ref().is_none_or(|keys| keys.contains(&w.key())))
        .collect();
    if workloads.is_empty() {
        return Err(
            "--only names no workload: bulk, load, join, get, insert, update, delete, queryset".into(),
        );
    }
    let started = section::Load::read();
    let python = if python {
        let venv = crate::workspace_root().join("target").join("bench-servers-venv");
        Some(Python::prepare_with(&venv, "servers-requirements.txt")?)
    } else {
        None
    };
    let mut tables = Vec::new();
    for server in [Server::postgres(), Server::mysql()] {
        let contenders = contenders(&server, python.as_ref())?;
        for &workload in &workloads {
            for &size in workload.sizes(quick) {
                let case = Case {
                    workload,
                    size,
                    quick,
                };
                eprintln!("bench: servers: {}", case.title(server.name()));
                let counted = callgrind && (!quick || workload == Workload::GetByKey);
                let table =
                    measure::measure(&case, &server, &contenders, counted.then_some(profiles.as_path()))?;
                section::print(&table);
                tables.push((workload, table));
            }
        }
    }
    // Tiny sizes, or some workloads only, say nothing worth keeping.
    if !quick && only.is_none() {
        let load = (started, section::Load::read());
        let out = crate::workspace_root().join("docs").join("BENCHMARKS.md");
        MARKERS.write(&out, &section::render(&tables, python.as_ref(), load))?;
        eprintln!("bench: servers: wrote {}", out.display());
        let chart = crate::workspace_root().join("docs").join(section::CHART);
        std::fs::write(&chart, render_chart(&tables))?;
        eprintln!("bench: servers: wrote {}", chart.display());
    }
    Ok(())
}

/// The chart of every table, a panel a server.
fn render_chart(tables: &[(Workload, crate::results::Table)]) -> String {
    let panels: Vec<crate::chart::Panel> = [Server::postgres(), Server::mysql()]
        .iter()
        .map(|server| crate::chart::Panel {
            heading: server.name().to_owned(),
            tables: tables
                .iter()
                .map(|(_, table)| table)
                .filter(|table| table.title.ends_with(server.name()))
                .collect(),
        })
        .collect();
    let labels: Vec<&str> = Competitor::ALL.iter().map(|c| c.label()).collect();
    crate::chart::render_panels(&panels, &labels)
}

/// Every competitor's database on `server`; Django's only with Python.
fn contenders<'s>(server: &'s Server, python: Option<&Python>) -> Result<Vec<Contender<'s>>> {
    let mut contenders = Vec::new();
    for competitor in Competitor::ALL {
        let django = match (competitor, python) {
            (Competitor::Django, None) => continue,
            (Competitor::Django, Some(python)) => Some(python),
            _ => None,
        };
        let database = server.database(competitor.key())?;
        let django = django
            .map(|python| Django::start(python, &database))
            .transpose()?;
        contenders.push(Contender {
            competitor,
            database,
            django,
        });
    }
    Ok(contenders)
}
