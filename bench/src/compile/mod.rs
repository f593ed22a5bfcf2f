//! `bench compile`: compile time at scale. Crates of N models of 10 fields
//! (one a foreign key), derived against the same models hand-written in
//! Diesel, in debug and release: the wall time of `cargo build -j1` of the
//! crate alone, rustc's peak memory during it, and in debug the
//! incremental rebuild after one field of one model changes.
//!
//! ```sh
//! cargo run -p bench --release -- compile            # 25 to 400 models, debug and release, 3 rounds
//! cargo run -p bench --release -- compile --quick    # two models, debug, one round: no figure to trust
//! cargo run -p bench --release -- compile --sizes 25,50 --profiles debug --rounds 1
//! cargo run -p bench --release -- compile --render   # the section again, from the saved figures
//! ```
//!
//! Each size and profile is measured on its own and saved in
//! `target/bench-compile/results.json` (a later run of the same size and
//! profile replaces it); a full run then writes its section of
//! docs/BENCHMARKS.md from everything saved. `--at REV` (default `HEAD`)
//! is the commit whose model-runtime and derive the derived crates build
//! against: a copy extracted with `git archive`, so that edits in the
//! working tree during a run change nothing.

pub mod cargo;
pub mod crates;
mod measure;
mod section;

use std::path::PathBuf;

use cargo::Profile;
pub use section::MARKERS;

use crate::Result;

/// The sizes and profiles the issue asks for.
pub const SIZES: [usize; 5] = [25, 50, 100, 200, 400];
pub const PROFILES: [Profile; 2] = [Profile::Debug, Profile::Release];

/// The command line of `bench compile`.
struct Options {
    quick: bool,
    sizes: Vec<usize>,
    profiles: Vec<Profile>,
    rounds: usize,
    at: String,
    render: bool,
}

impl Options {
    fn parse(args: &[String]) -> Result<Options> {
        let quick = args.iter().any(|a| a == "--quick");
        let mut options = Options {
            quick,
            sizes: if quick { vec![2] } else { SIZES.to_vec() },
            profiles: if quick {
                vec![Profile::Debug]
            } else {
                PROFILES.to_vec()
            },
            rounds: if quick { 1 } else { 3 },
            at: "HEAD".to_owned(),
            render: false,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let mut value = || {
                args.next()
                    .map(String::as_str)
                    .ok_or_else(|| format!("{arg} needs a value"))
            };
            match arg.as_str() {
                "--quick" => {}
                "--render" => options.render = true,
                "--sizes" => {
                    let list = value()?;
                    options.sizes = list
                        .split(',')
                        .map(|n| n.trim().parse::<usize>())
                        .collect::<std::result::Result<_, _>>()
                        .map_err(|_| format!("--sizes {list}: not model counts, such as 25,50"))?;
                }
                "--profiles" => {
                    let list = value()?;
                    options.profiles = list
                        .split(',')
                        .map(|p| Profile::parse(p.trim()))
                        .collect::<Option<_>>()
                        .ok_or_else(|| format!("--profiles {list}: debug, release or both"))?;
                }
                "--rounds" => {
                    let n = value()?;
                    options.rounds = n
                        .parse()
                        .ok()
                        .filter(|&n| n > 0)
                        .ok_or_else(|| format!("--rounds {n}: a positive number"))?;
                }
                "--at" => options.at = value()?.to_owned(),
                other => {
                    return Err(
                        format!("compile: unknown option {other}; see bench/src/compile/mod.rs").into(),
                    )
                }
            }
        }
        Ok(options)
    }
}

/// Where the generated crates, their target directory and the saved
/// figures live.
fn root() -> PathBuf {
    crate::workspace_root().join("target").join("bench-compile")
}

/// `bench compile [--quick] [--sizes 25,50] [--profiles debug,release] [--rounds N] [--at REV] [--render]`.
pub fn run(args: &[String]) -> Result<()> {
    let options = Options::parse(args)?;
    let root = root();
    let saved_path = root.join("results.json");
    let out = crate::workspace_root().join("docs").join("BENCHMARKS.md");
    if options.render {
        let saved = measure::load(&saved_path)?;
        MARKERS.write(&out, &section::render(&saved)?)?;
        eprintln!("bench: compile: wrote {}", out.display());
        return Ok(());
    }
    std::fs::create_dir_all(&root)?;
    let (runtime, commit) = cargo::snapshot(&root, &options.at)?;
    eprintln!(
        "bench: compile: model-runtime of commit {} at {}",
        &commit[..12],
        runtime.display()
    );
    for &profile in &options.profiles {
        for &size in &options.sizes {
            let measured = measure::measure(&root, &runtime, &commit, profile, size, options.rounds)?;
            println!("{}", measured.summary());
            // Tiny sizes say nothing worth keeping.
            if !options.quick {
                let saved = measure::save(&saved_path, measured)?;
                MARKERS.write(&out, &section::render(&saved)?)?;
                eprintln!("bench: compile: wrote {}", out.display());
            }
        }
    }
    Ok(())
}
