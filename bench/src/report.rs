//! `docs/BENCHMARKS.md`: the setting, the targets met or missed, the
//! chart, the method, and one table per case.

use std::fmt::Write as _;

use crate::competitors::Competitor;
use crate::machine::Machine;
use crate::method::Spread;
use crate::results::{Results, Table};
use crate::workloads::cases::Case;
use crate::workloads::{compile_time, migrations, rebuild};

/// What a run covered, for the report's words.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct RunInfo {
    pub quick: bool,
    pub rounds: usize,
    pub batch_ms: u128,
    pub command: String,
    pub python_ran: bool,
    pub callgrind_ran: bool,
    pub chart_file: String,
}

/// One target of the issue, judged.
pub struct Verdict {
    pub target: String,
    pub figure: String,
    /// `None` when the run did not measure it.
    pub met: Option<bool>,
}

/// `12345.6` as `12,346`.
pub fn thousands(value: f64) -> String {
    let digits = format!("{:.0}", value.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if value < 0.0 {
        out.insert(0, '-');
    }
    out
}

/// A duration in the unit that reads best.
pub fn duration(seconds: f64) -> String {
    match seconds {
        s if s >= 1.0 => format!("{s:.2} s"),
        s if s >= 1e-3 => format!("{:.2} ms", s * 1e3),
        s if s >= 1e-6 => format!("{:.2} µs", s * 1e6),
        s => format!("{:.0} ns", s * 1e9),
    }
}

/// A rate such as `183k`.
pub fn rate(per_second: f64) -> String {
    match per_second {
        r if r >= 1e6 => format!("{:.2}M", r / 1e6),
        r if r >= 1e4 => format!("{:.0}k", r / 1e3),
        r if r >= 1e3 => format!("{:.1}k", r / 1e3),
        r => format!("{r:.1}"),
    }
}

fn spread(s: Spread) -> String {
    format!("{:.2}x ({:.2}-{:.2})", s.median, s.min, s.max)
}

/// Judges every target, and the stretch bars beyond them, on `results`.
pub fn verdicts(results: &Results) -> Vec<Verdict> {
    let ours = Competitor::Ours.label();
    let mut verdicts = Vec::new();

    // 1. Instructions of the generated code on the CPU-bound cases of 1-5.
    let counted: Vec<(&Table, f64)> = results
        .tables
        .iter()
        .filter(|t| t.workload <= 5 && Case::parse(&t.id).is_some_and(|c| c.cpu_bound()))
        .filter_map(|t| Some((t, t.instruction_ratio(ours)?)))
        .collect();
    let worst = counted.iter().max_by(|a, b| a.1.total_cmp(&b.1));
    verdicts.push(match worst {
        Some((table, ratio)) => Verdict {
            target: "generated code within 1.05x of hand-written Diesel in instructions, workloads 1-5"
                .into(),
            figure: format!(
                "worst {ratio:.3}x ({}); {} of {} cases within",
                table.title,
                counted.iter().filter(|(_, r)| *r <= 1.05).count(),
                counted.len()
            ),
            met: Some(*ratio <= 1.05),
        },
        None => {
            not_measured("generated code within 1.05x of hand-written Diesel in instructions, workloads 1-5")
        }
    });

    // 2. bulk_create against rusqlite's prepared loop.
    let bulk = results.tables.iter().find(|t| t.id.starts_with("bulk-"));
    let against_rusqlite = bulk.and_then(|t| t.ratio(Competitor::Rusqlite.label(), ours));
    verdicts.push(throughput_verdict(
        "`bulk_create` at least 0.8x rusqlite's prepared loop (throughput)",
        against_rusqlite,
        0.8,
    ));
    verdicts.push(throughput_verdict(
        "stretch: `bulk_create` at least 1.0x rusqlite's prepared loop",
        against_rusqlite,
        1.0,
    ));
    let get = results.tables.iter().find(|t| t.id.starts_with("get-"));
    verdicts.push(throughput_verdict(
        "stretch: generated `get` at least 0.8x rusqlite (throughput)",
        get.and_then(|t| t.ratio(Competitor::Rusqlite.label(), ours)),
        0.8,
    ));

    // 3. Django's throughput, twenty times over.
    let django = Competitor::Django.label();
    verdicts.push(throughput_verdict(
        "at least 20x Django's throughput on get by key",
        get.and_then(|t| t.ratio(django, ours)),
        20.0,
    ));
    verdicts.push(throughput_verdict(
        "at least 20x Django's throughput on bulk insert",
        bulk.and_then(|t| t.ratio(django, ours)),
        20.0,
    ));

    // 4. Migrations.
    let largest = results
        .tables
        .iter()
        .filter(|t| t.id.starts_with("makemigrations-"))
        .max_by(|a, b| a.units_per_op.total_cmp(&b.units_per_op));
    let models = largest.map_or(0.0, |t| t.units_per_op);
    verdicts.push(match largest.and_then(|t| t.row(migrations::OURS)?.time()) {
        Some(time) if models >= 500.0 => Verdict {
            target: "`makemigrations` for 500 models under 0.5 s".into(),
            figure: duration(time.median),
            met: Some(time.median < 0.5),
        },
        _ => not_measured("`makemigrations` for 500 models under 0.5 s"),
    });
    verdicts.push(throughput_verdict(
        &format!(
            "`makemigrations` at least 50x faster than Django's ({} models)",
            thousands(models)
        ),
        largest.and_then(|t| t.ratio(migrations::DJANGO, migrations::OURS)),
        50.0,
    ));
    let rebuilt = results.tables.iter().find(|t| t.id.starts_with("rebuild-"));
    verdicts.push(at_most(
        "SQLite table rebuild within 1.5x of the plain copy",
        rebuilt.and_then(|t| t.ratio(rebuild::REBUILD, rebuild::COPY)),
        1.5,
    ));

    // 5. Compile time.
    let compiled: Vec<(f64, Spread)> = results
        .tables
        .iter()
        .filter(|t| t.id.starts_with("compile-"))
        .filter_map(|t| {
            Some((
                t.units_per_op,
                t.ratio(compile_time::DERIVED, compile_time::DIESEL)?,
            ))
        })
        .collect();
    let worst = compiled.iter().max_by(|a, b| a.1.median.total_cmp(&b.1.median));
    verdicts.push(match worst {
        Some((count, ratio)) => Verdict {
            target: "compile time of derived models within 1.3x of hand-written Diesel".into(),
            figure: format!(
                "{} ({} models{})",
                spread(*ratio),
                thousands(*count),
                if compiled.len() > 1 {
                    ", the worse size"
                } else {
                    ""
                }
            ),
            met: Some(ratio.median <= 1.3),
        },
        None => not_measured("compile time of derived models within 1.3x of hand-written Diesel"),
    });
    verdicts
}

fn not_measured(target: &str) -> Verdict {
    Verdict {
        target: target.to_owned(),
        figure: "not measured in this run".into(),
        met: None,
    }
}

/// A target on "ours is `bar` times faster": `ratio` is their time over ours.
fn throughput_verdict(target: &str, ratio: Option<Spread>, bar: f64) -> Verdict {
    match ratio {
        Some(r) => Verdict {
            target: target.to_owned(),
            figure: spread(r),
            met: Some(r.median >= bar),
        },
        None => not_measured(target),
    }
}

/// A target on "ours takes at most `bar` times theirs".
fn at_most(target: &str, ratio: Option<Spread>, bar: f64) -> Verdict {
    match ratio {
        Some(r) => Verdict {
            target: target.to_owned(),
            figure: spread(r),
            met: Some(r.median <= bar),
        },
        None => not_measured(target),
    }
}

/// The whole report.
pub fn render(results: &Results, machine: &Machine, run: &RunInfo, findings: &str) -> String {
    let mut out = String::new();
    let _ = write_report(&mut out, results, machine, run, findings);
    out
}

fn write_report(
    out: &mut String,
    results: &Results,
    machine: &Machine,
    run: &RunInfo,
    findings: &str,
) -> std::fmt::Result {
    writeln!(out, "# Benchmarks\n")?;
    writeln!(
        out,
        "\"Django's convenience at Diesel's speed\", measured in one run against the tools a user \
         would pick instead. This file is written by the `bench` crate; do not edit it by hand \
         (the findings come from `bench/findings.md`).\n"
    )?;
    writeln!(out, "```sh")?;
    writeln!(
        out,
        "{}    # this report (about 25 minutes on 2 cores)",
        run.command
    )?;
    writeln!(
        out,
        "cargo run -p bench --release -- --quick   # every workload at tiny sizes (CI: bench/tests/quick.rs)"
    )?;
    writeln!(
        out,
        "cargo run -p bench --release -- admin     # the admin site against Django's, its section at the end"
    )?;
    writeln!(out, "```\n")?;
    if run.quick {
        writeln!(
            out,
            "**This is a quick run: tiny sizes, one round. Its figures mean nothing.**\n"
        )?;
    }

    writeln!(out, "## Targets\n")?;
    writeln!(out, "| target | figure | met |")?;
    writeln!(out, "| --- | --- | --- |")?;
    for verdict in verdicts(results) {
        let met = match verdict.met {
            Some(true) => "yes",
            Some(false) => "**no**",
            None => "-",
        };
        writeln!(out, "| {} | {} | {met} |", verdict.target, verdict.figure)?;
    }
    writeln!(
        out,
        "\nRatios are medians over the rounds, with the smallest and largest round in brackets; \
         \"their time over ours\" for throughput targets, \"ours over theirs\" for the others.\n"
    )?;
    writeln!(
        out,
        "![Time relative to hand-written Diesel, workloads 1-6]({})\n",
        run.chart_file
    )?;

    writeln!(out, "## Findings\n")?;
    writeln!(out, "{}\n", findings.trim())?;

    write_setting(out, machine, run)?;
    write_method(out, run)?;

    let mut workload = 0;
    for table in &results.tables {
        if table.workload != workload {
            workload = table.workload;
            writeln!(out, "## Workload {workload}: {}\n", workload_name(workload))?;
        }
        write_table(out, table)?;
    }
    Ok(())
}

fn workload_name(number: u8) -> &'static str {
    match number {
        1 => "load rows into structs, in memory",
        2 => "a join through a foreign key, in memory",
        3 => "batch inserts",
        4 => "get by primary key, in memory",
        5 => "parent, children, grandchildren (prefetch), in memory",
        6 => "update and delete single rows, file database",
        7 => "migrations against Django",
        8 => "SQLite table rebuild",
        _ => "compile time",
    }
}

fn write_setting(out: &mut String, machine: &Machine, run: &RunInfo) -> std::fmt::Result {
    writeln!(out, "## Setting\n")?;
    writeln!(out, "- Date: {}", machine.date)?;
    writeln!(
        out,
        "- Machine: {}, {} cores, {:.0} GiB; {}",
        machine.cpu, machine.cores, machine.memory_gib, machine.os
    )?;
    writeln!(out, "- Rust: {}, release profile", machine.rustc)?;
    writeln!(
        out,
        "- SQLite: {} (bundled by libsqlite3-sys), linked once into the bench binary and used by \
         Diesel, this project, rusqlite, sqlx and SeaORM alike",
        machine.sqlite
    )?;
    let crates: Vec<String> = machine.crates.iter().map(|(n, v)| format!("{n} {v}")).collect();
    writeln!(out, "- Crates: {}", crates.join(", "))?;
    match &machine.python {
        Some((python, django, sqlite)) => writeln!(
            out,
            "- Python {python}, Django {django}; Python's `sqlite3` links SQLite {sqlite} (the system's)"
        )?,
        None => writeln!(out, "- Python and Django: not run")?,
    }
    writeln!(
        out,
        "- Instruction counts: {}",
        match (&machine.valgrind, run.callgrind_ran) {
            (Some(v), true) => v.clone(),
            _ => "not taken in this run".to_owned(),
        }
    )?;
    writeln!(
        out,
        "- Rounds: {} per case, batches of about {} ms\n",
        run.rounds, run.batch_ms
    )
}

fn write_method(out: &mut String, run: &RunInfo) -> std::fmt::Result {
    writeln!(out, "## Method\n")?;
    writeln!(
        out,
        "- Every competitor prepares its own database from the same SQL (this project's \
         `CREATE TABLE` for diesel's benchmark schema, users / posts / comments, foreign keys \
         indexed), with the same pragmas (`foreign_keys`, `busy_timeout`, WAL, \
         `synchronous = NORMAL`). Workloads 1, 2, 4 and 5 and the small batch inserts run in \
         memory; the rest on files in WAL mode, one file per competitor.\n\
         - Each case runs in interleaved rounds: every competitor once per round, the order \
         rotating. A competitor's time in a round is a batch of operations (as many as fill \
         about {} ms, at least one) divided by their number. Each time is divided by \
         hand-written Diesel's time in the same round; the report gives the median of these \
         ratios and their range.\n\
         - Before timing, every competitor's result is compared (rows loaded, written, keys \
         found): a competitor doing different work stops the run.\n\
         - The Python competitors run in a subprocess (`bench/django/worker.py`) that times its \
         own loops, in a virtual environment the bench makes with pip (Django pinned in \
         `bench/django/requirements.txt`).\n\
         - Instruction counts: the bench re-runs itself under `valgrind --tool=callgrind \
         --instr-atstart=no` for one case and competitor, and switches instrumentation on only \
         around the timed loop (client requests), so setup is not counted and sqlx's worker \
         thread is. They do not depend on machine load. Python is not counted.\n\
         - One SQLite for all: sqlx 0.9 (and SeaORM on it) accepts libsqlite3-sys up to 0.37, \
         rusqlite 0.39 and Diesel 2.3 accept it too, so the workspace's lock takes 0.37 \
         for every crate and the bench links one bundled SQLite.\n\
         - Workload 7 measures, for 100 and 500 models, the autodetector pipeline of \
         `makemigrations --dry-run` (detect, arrange, list) on the schemas of generated models: \
         a crate of 610 derived models had taken rustc over 16 GB and 7 minutes when it was \
         stopped, so the larger apps are not linked. Ten derived models are linked, and for them the whole \
         `model_manage::makemigrations` command is timed too; the schemas of the larger apps are copies \
         of the derived ones, checked equal by a test.\n",
        run.batch_ms
    )?;
    if !run.python_ran {
        writeln!(
            out,
            "- Python was not available: Django and `sqlite3` were not run.\n"
        )?;
    }
    Ok(())
}

fn write_table(out: &mut String, table: &Table) -> std::fmt::Result {
    writeln!(out, "### {}\n", table.title)?;
    let counted = table.rows.iter().any(|r| r.instructions.is_some());
    write!(
        out,
        "| | time per operation | {}/s | ratio to {} |",
        table.unit, table.reference
    )?;
    if counted {
        write!(out, " instructions | instr. ratio |")?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "| --- | --- | --- | --- |{}",
        if counted { " --- | --- |" } else { "" }
    )?;
    for row in &table.rows {
        let Some(time) = row.time() else { continue };
        let ratio = table
            .ratio_to_reference(&row.name)
            .map(spread)
            .unwrap_or_default();
        write!(
            out,
            "| {} | {} | {} | {ratio} |",
            row.name,
            duration(time.median),
            rate(table.units_per_op / time.median)
        )?;
        if counted {
            match (row.instructions, table.instruction_ratio(&row.name)) {
                (Some(n), Some(r)) => write!(out, " {} | {r:.3}x |", thousands(n))?,
                (Some(n), None) => write!(out, " {} | |", thousands(n))?,
                _ => write!(out, " | |")?,
            }
        }
        writeln!(out)?;
    }
    for note in &table.notes {
        writeln!(out, "\n{note}")?;
    }
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped_by_three() {
        assert_eq!(thousands(1_000_000.0), "1,000,000");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(thousands(10_000.4), "10,000");
    }

    #[test]
    fn durations_pick_a_readable_unit() {
        assert_eq!(duration(2.5), "2.50 s");
        assert_eq!(duration(0.0025), "2.50 ms");
        assert_eq!(duration(0.000_002_5), "2.50 µs");
    }
}
