//! The shell benchmark: `manage shell -c 'print(1)'` from start to exit,
//! and a script of 10,000 `Menu.objects.get(#{id: k})`, against Django's
//! `manage.py shell -c` doing the same, each over its own SQLite file
//! holding the same dishes.
//!
//! ```sh
//! BENCH_SHELL_MODELS=1 cargo run -p bench --release -- shell    # writes its section of docs/BENCHMARKS.md
//! ```
//!
//! Options: `--starts N` (runs of each start, default 20), `--loops N`
//! (runs of each loop, default 5), `--out FILE`. Runs alternate between the
//! two, so that whatever else the machine does weighs on both alike.
//! This binary is the manage binary measured: run with `manage` first, it
//! is Little Lemon's `manage` (the same apps, `model-shell` linked).

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::admin::data;
use crate::admin::servers::{django_dir, fill_django, fill_ours};
use crate::competitors::python::Python;
use crate::method::Spread;
use crate::section::Markers;
use crate::{machine, workspace_root, Result};

// Links `manage shell` into this binary.
use model_shell as _;

/// The first argument that makes this binary Little Lemon's `manage`.
pub const MANAGE: &str = "manage";

/// Where the shell's section sits in docs/BENCHMARKS.md.
pub const MARKERS: Markers = Markers {
    start: "<!-- shell benchmark: written by `bench shell` (bench/src/shell.rs) -->",
    end: "<!-- end of the shell benchmark -->",
};

/// The dishes both databases hold; the loop reads each once.
const ROWS: usize = 10_000;

/// The loop, in each language: every dish by its key, in a scattered
/// order (7919 is prime, so `k * 7919 % ROWS` visits every key once), the
/// inventories summed so that both programs must read every row and can
/// be checked against each other.
fn our_loop() -> String {
    format!(
        "let n = 0; for k in 0..{ROWS} {{ n += Menu.objects.get(#{{id: 1 + (k * 7919) % {ROWS}}}).inventory; }} print(n);"
    )
}

fn django_loop() -> String {
    format!(
        "from littlelemon.models import Menu\nn = 0\nfor k in range({ROWS}):\n    n += Menu.objects.get(id=1 + (k * 7919) % {ROWS}).inventory\nprint(n)"
    )
}

/// The apps the measured `manage` installs: Little Lemon's, and with the
/// `BENCH_SHELL_MODELS=1` at build time a hundred more models.
const APPS: &[&str] = &[
    "admin",
    "auth",
    "sessions",
    "littlelemon",
    #[cfg(shell_models)]
    "bench_shell",
];

/// Little Lemon's `manage`, with [`APPS`] installed.
pub fn manage(args: &[String]) -> std::process::ExitCode {
    let settings = model_manage::Settings::from_env().installed_apps(APPS.iter().copied());
    let args = std::iter::once(MANAGE.to_owned()).chain(args.iter().cloned());
    model_manage::run_from(args, settings, &mut std::io::stdout(), &mut std::io::stderr())
}

struct Options {
    starts: usize,
    loops: usize,
    out: Option<PathBuf>,
}

impl Options {
    fn parse(args: &[String]) -> Result<Options> {
        let mut options = Options {
            starts: 20,
            loops: 5,
            out: None,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let mut count = |name: &str| -> Result<usize> {
                let text = args.next().ok_or_else(|| format!("{name} needs a number"))?;
                Ok(text
                    .parse::<usize>()
                    .map_err(|_| format!("{name} {text}: not a number"))?
                    .max(1))
            };
            match arg.as_str() {
                "--starts" => options.starts = count("--starts")?,
                "--loops" => options.loops = count("--loops")?,
                "--out" => options.out = Some(args.next().ok_or("--out needs a file")?.into()),
                other => {
                    return Err(format!("unknown option {other}; see the top of bench/src/shell.rs").into())
                }
            }
        }
        Ok(options)
    }
}

/// One of the two shells, ready to run code.
struct Shell {
    name: &'static str,
    program: PathBuf,
    args: Vec<String>,
    dir: PathBuf,
    env: Vec<(&'static str, PathBuf)>,
}

impl Shell {
    /// Runs `code` with `shell -c`; the wall time in milliseconds and the
    /// last line it printed (Django 5.2 first says how many objects it
    /// imported for the shell).
    fn run(&self, code: &str) -> Result<(f64, String)> {
        let (elapsed, printed) = self.output(code)?;
        Ok((
            elapsed,
            printed.trim().lines().last().unwrap_or_default().to_owned(),
        ))
    }

    /// Runs `code` with `shell -c`; the wall time in milliseconds and all it printed.
    fn output(&self, code: &str) -> Result<(f64, String)> {
        let mut command = Command::new(&self.program);
        command
            .args(&self.args)
            .args(["shell", "-c", code])
            .current_dir(&self.dir)
            .stdin(Stdio::null());
        for (name, value) in &self.env {
            command.env(name, value);
        }
        let started = Instant::now();
        let output = command.output()?;
        let elapsed = started.elapsed().as_secs_f64() * 1000.0;
        if !output.status.success() {
            return Err(format!(
                "{}'s shell failed: {}{}",
                self.name,
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            )
            .into());
        }
        Ok((elapsed, String::from_utf8_lossy(&output.stdout).into_owned()))
    }
}

/// Both shells' figures, in milliseconds.
struct Figures {
    start: [Spread; 2],
    whole_loop: [Spread; 2],
}

/// `bench shell ...`.
pub fn run(args: &[String]) -> Result<()> {
    let options = Options::parse(args)?;
    if cfg!(not(shell_models)) {
        return Err("the shell is measured with a hundred more models in scope: \
             BENCH_SHELL_MODELS=1 cargo run -p bench --release -- shell"
            .into());
    }
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| workspace_root().join("docs").join("BENCHMARKS.md"));
    let target = workspace_root().join("target");
    let work_dir = target.join("bench-shell-work");
    if work_dir.exists() {
        std::fs::remove_dir_all(&work_dir)?;
    }
    std::fs::create_dir_all(&work_dir)?;
    let venv = target.join("bench-admin-venv");
    Python::prepare_with(&venv, "admin-requirements.txt").map_err(|e| {
        format!("the shell benchmark measures against Django, which could not be set up: {e}")
    })?;

    let dishes = data::dishes(ROWS);
    let ours_db = work_dir.join("ours.sqlite3");
    fill_ours(&ours_db, &dishes, "bench", "a bench password 4 both")?;
    let django_db = work_dir.join("django.sqlite3");
    fill_django(
        &venv,
        &work_dir,
        &django_db,
        &dishes,
        "bench",
        "a bench password 4 both",
    )?;
    let shells = [
        Shell {
            name: "ours",
            program: std::env::current_exe()?,
            args: vec![MANAGE.to_owned()],
            dir: work_dir.clone(),
            env: vec![("DATABASE_URL", ours_db.clone())],
        },
        Shell {
            name: "Django",
            program: venv.join("bin").join("python"),
            args: vec!["-m".into(), "django".into()],
            dir: django_dir(),
            env: vec![
                ("DJANGO_SETTINGS_MODULE", PathBuf::from("benchproject.settings")),
                ("BENCH_ADMIN_DB", django_db.clone()),
                ("PYTHONDONTWRITEBYTECODE", PathBuf::from("1")),
            ],
        },
    ];
    let loops = [our_loop(), django_loop()];

    // Both print the same sum, or the comparison means nothing.
    let sums: Vec<String> = shells
        .iter()
        .zip(&loops)
        .map(|(shell, code)| shell.run(code).map(|(_, printed)| printed))
        .collect::<Result<_>>()?;
    if sums[0] != sums[1] {
        return Err(format!("the loops disagree: ours printed {}, Django {}", sums[0], sums[1]).into());
    }
    let mut starts = [Vec::new(), Vec::new()];
    for round in 0..options.starts {
        eprintln!("bench: shell: start, round {}/{}", round + 1, options.starts);
        for (i, shell) in shells.iter().enumerate() {
            starts[i].push(shell.run("print(1)")?.0);
        }
    }
    let mut whole = [Vec::new(), Vec::new()];
    for round in 0..options.loops {
        eprintln!("bench: shell: loop, round {}/{}", round + 1, options.loops);
        for (i, (shell, code)) in shells.iter().zip(&loops).enumerate() {
            whole[i].push(shell.run(code)?.0);
        }
    }
    let spread = |values: &[f64]| Spread::of(values).ok_or("no measurement");
    let figures = Figures {
        start: [spread(&starts[0])?, spread(&starts[1])?],
        whole_loop: [spread(&whole[0])?, spread(&whole[1])?],
    };
    let models = model_count(&shells[0])?;
    let section = render(&figures, &options, models, &machine::Machine::read());
    print!("{section}");
    MARKERS.write(&out, &section)?;
    eprintln!("bench: shell: wrote {}", out.display());
    Ok(())
}

/// How many models our shell has in scope, as `help()` lists them.
fn model_count(shell: &Shell) -> Result<usize> {
    let (_, printed) = shell.output("help()")?;
    let line = printed.lines().next().unwrap_or_default();
    Ok(line.trim_start_matches("Models in scope: ").split(", ").count())
}

fn render(figures: &Figures, options: &Options, models: usize, machine: &machine::Machine) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}", MARKERS.start);
    let _ = writeln!(s, "## The shell against Django's shell\n");
    let _ = writeln!(
        s,
        "`manage shell -c` (Little Lemon's manage binary with a hundred more models installed, release build, \
         {models} models in scope) against \
         Django's `python -m django shell -c` (Django 5.2, the Little Lemon models of `bench/django`), each over \
         its own SQLite file holding the same {ROWS} dishes. Wall time of the whole command, as a user waits for \
         it: the median of {} runs for the start, {} for the loop, with the fastest and slowest beside it; the runs \
         alternate between the two. On {} ({} cores).\n",
        options.starts,
        options.loops,
        machine.cpu,
        machine.cores
    );
    let _ = writeln!(
        s,
        "```sh\nBENCH_SHELL_MODELS=1 cargo run -p bench --release -- shell    # this section\n```\n"
    );
    let _ = writeln!(s, "| measure | ours (ms) | Django (ms) | Django / ours | bar | met |\n| --- | --- | --- | --- | --- | --- |");
    let [ours, django] = figures.start;
    let _ = writeln!(
        s,
        "| `shell -c 'print(1)'`, start to exit | {} | {} | {:.1}x | ours within 50 ms | {} |",
        spread_ms(ours),
        spread_ms(django),
        django.median / ours.median,
        if ours.median <= 50.0 { "yes" } else { "no" }
    );
    let [ours_whole, django_whole] = figures.whole_loop;
    let _ = writeln!(
        s,
        "| {ROWS} `get()` by key in a script, whole command | {} | {} | {:.1}x | | |",
        spread_ms(ours_whole),
        spread_ms(django_whole),
        django_whole.median / ours_whole.median
    );
    let ours_loop = ours_whole.median - ours.median;
    let django_loop = django_whole.median - django.median;
    let _ = writeln!(
        s,
        "| the loop alone (whole command less the start's median) | {ours_loop:.0} | {django_loop:.0} | {:.1}x | at least 10x | {} |",
        django_loop / ours_loop,
        if django_loop >= 10.0 * ours_loop { "yes" } else { "no" }
    );
    let _ = writeln!(
        s,
        "\nEach `get()` is one query in both, by primary key; both programs print the same sum of the \
         inventories read, which the run checks before measuring."
    );
    let _ = writeln!(s, "{}", MARKERS.end);
    s
}

fn spread_ms(spread: Spread) -> String {
    format!("{:.1} ({:.1}–{:.1})", spread.median, spread.min, spread.max)
}
