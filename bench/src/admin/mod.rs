//! The admin benchmark: Little Lemon's admin against Django's admin served
//! by gunicorn, over the same 10,000 dishes, under one load generator.
//!
//! ```sh
//! cargo run -p bench --release -- admin    # writes its section of docs/BENCHMARKS.md
//! ```
//!
//! Options: `--seconds N` (measured, default 20), `--warmup N` (default
//! 3), `--connections N` (default 16), `--rows N` (default 10,000),
//! `--workers N` (gunicorn's, default one a core),
//! `--out FILE` (the report whose admin section is written), `--render
//! FILE.json` (writes the section again from a run's saved figures,
//! `target/bench-admin-results.json`, with the current findings). Django is
//! required: it is what the figures are measured against. `BENCH_PYTHON`
//! names the interpreter its virtual environment is made from.

mod client;
mod cpu;
pub mod data;
mod load;
mod section;
pub mod servers;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use hyper::{Method, StatusCode};

use crate::competitors::python::Python;
use crate::report::thousands;
use crate::{machine, workspace_root, Result};
use cpu::Meter;
use load::{Figures, Load};
use servers::{Django, Ours};

pub use section::MARKERS;

/// The superuser both servers are logged in as.
const USERNAME: &str = "bench";
const PASSWORD: &str = "a bench password 4 both";
/// The dish whose change form scenario (b) opens.
const CHANGED: usize = 5000;

/// The command line of `bench admin`.
struct Options {
    seconds: u64,
    warmup: u64,
    connections: usize,
    rows: usize,
    workers: Option<usize>,
    out: Option<PathBuf>,
    render: Option<PathBuf>,
}

impl Options {
    fn parse(args: &[String]) -> Result<Options> {
        let mut options = Options {
            seconds: 20,
            warmup: 3,
            connections: 16,
            rows: 10_000,
            workers: None,
            out: None,
            render: None,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let mut value = |name: &str| -> Result<u64> {
                let text = args.next().ok_or_else(|| format!("{name} needs a number"))?;
                text.parse()
                    .map_err(|_| format!("{name} {text}: not a number").into())
            };
            match arg.as_str() {
                "--seconds" => options.seconds = value("--seconds")?.max(1),
                "--warmup" => options.warmup = value("--warmup")?,
                "--connections" => options.connections = value("--connections")?.max(1) as usize,
                "--workers" => options.workers = Some(value("--workers")?.max(1) as usize),
                "--rows" => options.rows = (value("--rows")? as usize).max(CHANGED),
                "--out" => options.out = Some(args.next().ok_or("--out needs a file")?.into()),
                "--render" => options.render = Some(args.next().ok_or("--render needs a file")?.into()),
                other => {
                    return Err(
                        format!("unknown option {other}; see the top of bench/src/admin/mod.rs").into(),
                    )
                }
            }
        }
        Ok(options)
    }
}

/// One page both servers are asked for.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Scenario {
    pub title: String,
    pub path: String,
}

/// A scenario's figures for both servers.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Outcome {
    pub scenario: Scenario,
    pub ours: Figures,
    pub django: Figures,
    /// The one-minute load average after each server's measured time.
    pub load_ours: f64,
    pub load_django: f64,
}

/// What a run saves and its section shows.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct AdminRun {
    pub machine: machine::Machine,
    pub versions: servers::DjangoVersions,
    pub workers: usize,
    pub connections: usize,
    pub warmup_s: u64,
    pub measured_s: u64,
    pub rows: usize,
    pub matched: usize,
    pub load_before: f64,
    pub outcomes: Vec<Outcome>,
}

/// `bench admin ...`.
pub fn run(args: &[String]) -> Result<()> {
    let options = Options::parse(args)?;
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| workspace_root().join("docs").join("BENCHMARKS.md"));
    if let Some(saved) = &options.render {
        let run: AdminRun = serde_json::from_str(&std::fs::read_to_string(saved)?)?;
        section::MARKERS.write(&out, &section::render(&run))?;
        println!("bench: admin: wrote {} from {}", out.display(), saved.display());
        return Ok(());
    }
    let target = workspace_root().join("target");
    let work_dir = target.join("bench-admin-work");
    if work_dir.exists() {
        std::fs::remove_dir_all(&work_dir)?;
    }
    std::fs::create_dir_all(&work_dir)?;
    let machine = machine::Machine::read();
    let venv = target.join("bench-admin-venv");
    Python::prepare_with(&venv, "admin-requirements.txt").map_err(|e| {
        format!("the admin benchmark measures against Django, which could not be set up: {e}")
    })?;
    let versions = Django::versions(&venv)?;
    let workers = options.workers.unwrap_or(machine.cores);

    let dishes = data::dishes(options.rows);
    let (matched, first_found) = data::search(&dishes);
    eprintln!(
        "bench: admin: {} dishes, {matched} found by the search",
        dishes.len()
    );
    let ours = Ours::start(&work_dir.join("ours.sqlite3"), &dishes, USERNAME, PASSWORD)?;
    let django = Django::start(
        &venv,
        &work_dir,
        &work_dir.join("django.sqlite3"),
        &dishes,
        USERNAME,
        PASSWORD,
        workers,
    )?;
    let scenarios = [
        Scenario {
            title: format!(
                "(a) change list, page 1 of a search matching {} of {} rows",
                thousands(matched as f64),
                thousands(dishes.len() as f64)
            ),
            path: format!("/admin/littlelemon/menu/?q={}", data::SEARCH),
        },
        Scenario {
            title: "(b) change form of one dish".to_owned(),
            path: format!("/admin/littlelemon/menu/{CHANGED}/change/"),
        },
    ];
    let expected = [
        vec![matched.to_string(), first_found],
        vec![dishes[CHANGED - 1].title.clone()],
    ];

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let mut cookies = Vec::new();
    for (name, address) in [("ours", ours.address), ("Django", django.address)] {
        let cookie = runtime.block_on(client::login(address, USERNAME, PASSWORD))?;
        for (scenario, wanted) in scenarios.iter().zip(&expected) {
            runtime.block_on(check_page(name, address, &scenario.path, &cookie, wanted))?;
        }
        cookies.push(cookie);
    }
    drop(runtime);

    let load_before = load_average();
    let mut outcomes = Vec::new();
    for scenario in &scenarios {
        let measure =
            |name: &str, address: SocketAddr, meter: Meter, cookie: &str| -> Result<(Figures, f64)> {
                eprintln!("bench: admin: {} against {name}", scenario.title);
                let figures = load::run(
                    address,
                    &Load {
                        path: scenario.path.clone(),
                        cookie: cookie.to_owned(),
                        connections: options.connections,
                        warmup: Duration::from_secs(options.warmup),
                        measured: Duration::from_secs(options.seconds),
                        meter,
                    },
                )?;
                let load = load_average();
                eprintln!(
                    "bench: admin:   {:.0} requests/s, p50 {:.2} ms, p99 {:.2} ms, {} errors, \
                 {:.3} CPU ms a request, {:.2} cores used, load {load:.2}",
                    figures.per_second,
                    figures.p50_ms,
                    figures.p99_ms,
                    figures.errors,
                    figures.cpu_ms,
                    figures.cores_used
                );
                Ok((figures, load))
            };
        let (ours_figures, load_ours) = measure("ours", ours.address, ours.meter(), &cookies[0])?;
        let (django_figures, load_django) = measure("Django", django.address, django.meter(), &cookies[1])?;
        outcomes.push(Outcome {
            scenario: scenario.clone(),
            ours: ours_figures,
            django: django_figures,
            load_ours,
            load_django,
        });
    }
    drop(django);
    drop(ours);

    let run = AdminRun {
        machine,
        versions,
        workers,
        connections: options.connections,
        warmup_s: options.warmup,
        measured_s: options.seconds,
        rows: dishes.len(),
        matched,
        load_before,
        outcomes,
    };
    let saved = target.join("bench-admin-results.json");
    std::fs::write(&saved, serde_json::to_string_pretty(&run)?)?;
    section::MARKERS.write(&out, &section::render(&run))?;
    for outcome in &run.outcomes {
        let verdict = section::verdict(outcome);
        println!(
            "bench: admin: {}: ours {:.0}/s p99 {:.2} ms, Django {:.0}/s p99 {:.2} ms: {:.1}x, 10x bar {}",
            outcome.scenario.title,
            outcome.ours.per_second,
            outcome.ours.p99_ms,
            outcome.django.per_second,
            outcome.django.p99_ms,
            outcome.ours.per_second / outcome.django.per_second,
            if verdict { "met" } else { "MISSED" }
        );
    }
    println!(
        "bench: admin: wrote {} (figures in {})",
        out.display(),
        saved.display()
    );
    Ok(())
}

/// Fetches `path` once and checks it is the page both servers should
/// show: a 200 holding every `wanted` text.
async fn check_page(
    name: &str,
    address: SocketAddr,
    path: &str,
    cookie: &str,
    wanted: &[String],
) -> Result<()> {
    let mut client = client::Client::new(address);
    let reply = client.send(Method::GET, path, cookie, None).await?;
    if reply.status != StatusCode::OK {
        return Err(format!("{name}: GET {path} answered {}", reply.status).into());
    }
    let page = String::from_utf8_lossy(&reply.body);
    for text in wanted {
        if !page.contains(text.as_str()) {
            return Err(format!("{name}: GET {path} does not show {text:?}").into());
        }
    }
    Ok(())
}

/// The one-minute load average, from `/proc/loadavg`.
fn load_average() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next()?.parse().ok())
        .unwrap_or(f64::NAN)
}
