//! Runs every benchmark of docs/BENCHMARKS.md and writes it:
//!
//! ```sh
//! cargo run -p bench --release                # the full run, writes docs/BENCHMARKS.md
//! cargo run -p bench --release -- --quick     # every workload at tiny sizes (CI: tests/quick.rs)
//! cargo run -p bench --release -- admin       # the admin site against Django's (not in CI)
//! BENCH_SHELL_MODELS=1 cargo run -p bench --release -- shell   # manage shell against Django's (not in CI)
//! cargo run -p bench --release -- servers     # the server workloads on PostgreSQL and MariaDB (CI runs --quick)
//! cargo run -p bench --release -- compile     # compile time, 25 to 400 models (not in CI; --quick is)
//! ```
//!
//! Options: `--quick`, `--out FILE` (the report; the chart goes beside it),
//! `--only 1,4,7` (workload numbers), `--no-callgrind`, `--no-python`,
//! `--render FILE.json` (writes the report again from a run's saved
//! figures, `target/bench-results.json`, with the current findings).
//! `BENCH_REQUIRE_PYTHON=1` makes a failure to set up Django an error
//! rather than a loudly reported skip; `BENCH_PYTHON` names the interpreter
//! the virtual environment is made from (default `python3.11`).

mod admin;
mod callgrind;
mod chart;
mod codegen;
mod competitors;
mod compile;
mod machine;
mod method;
mod models;
mod report;
mod results;
mod round_trips;
mod schema;
mod section;
mod servers;
mod shell;
mod workloads;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use competitors::python::Python;
use competitors::Competitor;
use method::Plan;
use results::{Results, Table};
use workloads::cases::Case;
use workloads::{compile_time, crud, migrations, rebuild};

pub type Error = Box<dyn std::error::Error + Send + Sync>;
pub type Result<T> = std::result::Result<T, Error>;

/// The command line.
struct Options {
    quick: bool,
    out: Option<PathBuf>,
    render: Option<PathBuf>,
    only: Option<Vec<u8>>,
    callgrind: bool,
    python: bool,
}

impl Options {
    fn parse(args: &[String]) -> Result<Options> {
        let mut options = Options {
            quick: false,
            out: None,
            render: None,
            only: None,
            callgrind: true,
            python: true,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--quick" => options.quick = true,
                "--no-callgrind" => options.callgrind = false,
                "--no-python" => options.python = false,
                "--out" => options.out = Some(args.next().ok_or("--out needs a file")?.into()),
                "--render" => options.render = Some(args.next().ok_or("--render needs a file")?.into()),
                "--only" => {
                    let list = args
                        .next()
                        .ok_or("--only needs workload numbers, such as 1,4,7")?;
                    let numbers = list
                        .split(',')
                        .map(|n| n.trim().parse::<u8>())
                        .collect::<std::result::Result<_, _>>();
                    options.only = Some(numbers.map_err(|_| format!("--only {list}: not workload numbers"))?);
                }
                other => {
                    return Err(format!("unknown option {other}; see the top of bench/src/main.rs").into())
                }
            }
        }
        Ok(options)
    }

    fn runs(&self, workload: u8) -> bool {
        self.only.as_ref().is_none_or(|only| only.contains(&workload))
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // The shell benchmark runs this binary as Little Lemon's manage.
    if args.first().map(String::as_str) == Some(shell::MANAGE) {
        return shell::manage(&args[1..]);
    }
    let outcome = match args.first().map(String::as_str) {
        Some("instructions") => instructions(&args[1..]),
        Some("admin") => admin::run(&args[1..]),
        Some("shell") => shell::run(&args[1..]),
        Some("servers") => servers::run(&args[1..]),
        Some("compile") => compile::run(&args[1..]),
        _ => Options::parse(&args).and_then(|options| run(&options)),
    };
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("bench: error: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// A run's figures, saved beside its report's inputs so that the report
/// can be written again without measuring again.
#[derive(serde::Serialize, serde::Deserialize)]
struct Saved {
    machine: machine::Machine,
    run: report::RunInfo,
    results: Results,
}

fn run(options: &Options) -> Result<()> {
    if let Some(saved) = &options.render {
        let saved: Saved = serde_json::from_str(&std::fs::read_to_string(saved)?)?;
        let out = report_path(options, saved.run.quick);
        return write_report(&out, &saved);
    }
    let started = Instant::now();
    let target = workspace_root().join("target");
    let work_dir = target.join("bench-work");
    if work_dir.exists() {
        std::fs::remove_dir_all(&work_dir)?;
    }
    std::fs::create_dir_all(&work_dir)?;
    let mut machine = machine::Machine::read();
    let mut ran = Vec::new();

    let python = if options.python {
        match Python::prepare(&target.join("bench-venv")) {
            Ok(python) => {
                machine.python = Some((
                    python.python_version.clone(),
                    python.django_version.clone(),
                    python.sqlite_version.clone(),
                ));
                Some(python)
            }
            Err(error) if std::env::var("BENCH_REQUIRE_PYTHON").is_ok_and(|v| v == "1") => {
                return Err(format!("Django is required (BENCH_REQUIRE_PYTHON=1): {error}").into())
            }
            Err(error) => {
                eprintln!("bench: WARNING: Django and Python's sqlite3 will NOT run: {error}");
                None
            }
        }
    } else {
        None
    };
    let competitors: Vec<Competitor> = Competitor::ALL
        .into_iter()
        .filter(|c| !c.is_python() || python.is_some())
        .collect();
    let plan = if options.quick {
        Plan {
            rounds: 2,
            batch: Duration::from_millis(2),
        }
    } else {
        Plan {
            rounds: 15,
            batch: Duration::from_millis(100),
        }
    };
    let slow_rounds = if options.quick { 1 } else { 3 };
    let callgrind = options.callgrind && callgrind::available();
    if options.callgrind && !callgrind {
        eprintln!("bench: WARNING: valgrind not found: instruction counts will NOT be taken");
    }

    let mut results = Results::default();
    for case in crud::cases(options.quick) {
        if !options.runs(case.workload.number()) {
            continue;
        }
        eprintln!("bench: workload {}, {}", case.workload.number(), case.title());
        let mut table = crud::measure(&case, &competitors, &plan, &work_dir, python.as_ref())?;
        if callgrind {
            count_instructions(&mut table, &case.to_string(), &work_dir)?;
        }
        results.tables.push(table);
        ran.push(format!("workload {}: {case}", case.workload.number()));
    }

    if options.runs(7) {
        let (model_counts, history) = migrations::sizes(options.quick);
        for &count in model_counts {
            eprintln!("bench: workload 7, makemigrations of {count} models");
            let mut table = migrations::makemigrations(count, slow_rounds, &work_dir, python.as_ref())?;
            if callgrind {
                count_instructions(&mut table, &format!("makemigrations-{count}"), &work_dir)?;
            }
            results.tables.push(table);
            ran.push(format!("workload 7: makemigrations-{count}"));
        }
        eprintln!("bench: workload 7, migrate through {history} migrations");
        results.tables.push(migrations::migrate(
            history,
            slow_rounds,
            &work_dir,
            python.as_ref(),
        )?);
        ran.push(format!("workload 7: migrate-{history}"));
    }
    if options.runs(8) {
        let rows = rebuild::rows(options.quick);
        eprintln!("bench: workload 8, table rebuild of {rows} rows");
        results
            .tables
            .push(rebuild::measure(rows, slow_rounds.max(2) + 2, &work_dir)?);
        ran.push(format!("workload 8: rebuild-{rows}"));
    }
    if options.runs(9) {
        for &count in compile_time::sizes(options.quick) {
            eprintln!("bench: workload 9, compile time of {count} models");
            let root = target.join("bench-compile");
            results
                .tables
                .push(compile_time::measure(count, slow_rounds, options.quick, &root)?);
            ran.push(format!("workload 9: compile-{count}"));
        }
    }

    let out = report_path(options, options.quick);
    let run_info = report::RunInfo {
        quick: options.quick,
        rounds: plan.rounds,
        batch_ms: plan.batch.as_millis(),
        command: "cargo run -p bench --release".to_owned(),
        python_ran: python.is_some(),
        callgrind_ran: callgrind,
        chart_file: "benchmarks.svg".to_owned(),
    };
    let saved = Saved {
        machine,
        run: run_info,
        results,
    };
    let saved_path = target.join(if options.quick {
        "bench-results-quick.json"
    } else {
        "bench-results.json"
    });
    std::fs::write(&saved_path, serde_json::to_string_pretty(&saved)?)?;
    write_report(&out, &saved)?;
    let results = saved.results;

    let names: Vec<&str> = competitors.iter().map(|c| c.key()).collect();
    println!("bench: competitors run: {}", names.join(", "));
    if python.is_none() {
        println!("bench: NOT RUN: django, python-sqlite3 (no Python virtual environment)");
    }
    println!(
        "bench: instruction counts: {}",
        if callgrind { "taken" } else { "NOT taken" }
    );
    println!("bench: cases run: {}", ran.len());
    for line in &ran {
        println!("bench:   {line}");
    }
    if options.quick {
        println!(
            "bench: a quick run: tiny sizes, one or two rounds; the verdicts below are not the report's"
        );
    }
    for verdict in report::verdicts(&results) {
        let met = match verdict.met {
            Some(true) => "met",
            Some(false) => "MISSED",
            None => "not measured",
        };
        println!("bench: target {met}: {} ({})", verdict.target, verdict.figure);
    }
    println!(
        "bench: wrote {} (and its chart; figures in {}) in {:.0} s",
        out.display(),
        saved_path.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The report's file: `--out`, else docs/BENCHMARKS.md for a full run and
/// a file under target/ for a quick one, which must not touch the docs.
fn report_path(options: &Options, quick: bool) -> PathBuf {
    options.out.clone().unwrap_or_else(|| {
        if quick {
            workspace_root()
                .join("target")
                .join("bench-work")
                .join("BENCHMARKS.md")
        } else {
            workspace_root().join("docs").join("BENCHMARKS.md")
        }
    })
}

/// Writes the report and, beside it, its chart.
fn write_report(out: &Path, saved: &Saved) -> Result<()> {
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let findings = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("findings.md"))?;
    let mut text = report::render(&saved.results, &saved.machine, &saved.run, &findings);
    // The admin, shell, servers and compile benchmarks are run on their own; their sections
    // stay as they last wrote them.
    for markers in [admin::MARKERS, shell::MARKERS, servers::MARKERS, compile::MARKERS] {
        if let Some(section) = markers.keep(out) {
            text = format!("{}\n\n{section}", text.trim_end_matches('\n'));
        }
    }
    std::fs::write(out, text)?;
    std::fs::write(
        out.with_file_name(&saved.run.chart_file),
        chart::render(&saved.results),
    )?;
    Ok(())
}

/// Instruction counts for every Rust competitor of `table`.
fn count_instructions(table: &mut Table, target: &str, work_dir: &Path) -> Result<()> {
    let profiles = work_dir.join("callgrind");
    std::fs::create_dir_all(&profiles)?;
    for row in &mut table.rows {
        let Some(key) = competitor_key(target, &row.name) else {
            continue;
        };
        let Some(time) = row.time() else { continue };
        // Valgrind runs some 50 times slower: about 20 ms of native work.
        let mut iterations = (0.02 / time.median).clamp(1.0, 1000.0) as u64;
        // Deleted rows come back only with a reset: one pass.
        if target.starts_with("delete-") {
            iterations = 1;
        }
        let total = callgrind::count(target, key, iterations, &profiles)?;
        row.instructions = Some(total as f64 / iterations as f64);
    }
    Ok(())
}

/// The competitor key of a row, for the Rust rows of a counted table.
fn competitor_key(target: &str, row: &str) -> Option<&'static str> {
    if target.starts_with("makemigrations-") {
        return (row == migrations::OURS).then_some("ours");
    }
    Competitor::ALL
        .into_iter()
        .find(|c| c.label() == row && !c.is_python())
        .map(Competitor::key)
}

/// `instructions TARGET COMPETITOR ITERATIONS`: run under callgrind by the
/// parent; counts only the timed loop.
fn instructions(args: &[String]) -> Result<()> {
    let [target, competitor, iterations] = args else {
        return Err("usage: bench instructions TARGET COMPETITOR ITERATIONS".into());
    };
    let iterations: u64 = iterations.parse()?;
    if target.starts_with("servers-") {
        return servers::instructions(target, competitor, iterations);
    }
    if let Some(count) = target.strip_prefix("makemigrations-") {
        let mut once = migrations::makemigrations_once(count.parse()?)?;
        once()?;
        callgrind::start();
        for _ in 0..iterations {
            std::hint::black_box(once()?);
        }
        callgrind::stop();
        return Ok(());
    }
    let case = Case::parse(target).ok_or_else(|| format!("unknown target {target}"))?;
    let competitor =
        Competitor::parse(competitor).ok_or_else(|| format!("unknown competitor {competitor}"))?;
    let work_dir = workspace_root()
        .join("target")
        .join("bench-work")
        .join("callgrind");
    std::fs::create_dir_all(&work_dir)?;
    let mut session = competitor.session(&case, &work_dir, None)?;
    session.reset()?;
    session.once()?;
    session.reset()?;
    callgrind::start();
    session.run(iterations)?;
    callgrind::stop();
    Ok(())
}
