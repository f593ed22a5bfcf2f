//! Workload 9: compile time of M derived models against the same models
//! hand-written in Diesel (`table!`, `joinable!`, derives), each a crate of
//! its own, built with `cargo build -j1` after `cargo clean -p` of that
//! crate, in interleaved rounds. Dependencies are built once beforehand
//! (the same Diesel, with the same features, for both), so the figure is
//! the models' own cost: what every edit of them pays.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::codegen;
use crate::results::{Row, Table};
use crate::Result;

pub const DERIVED: &str = "this project, `#[derive(Model)]`";
pub const DIESEL: &str = "Diesel, hand-written";

/// The model counts; the quick run only type-checks two models a side.
pub fn sizes(quick: bool) -> &'static [usize] {
    if quick {
        &[2]
    } else {
        &[10, 100]
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the bench crate is in the workspace")
        .to_path_buf()
}

/// The crates of one size, written under `root`.
fn write_crates(root: &Path, count: usize) -> Result<[(String, PathBuf); 2]> {
    let workspace = workspace_root();
    let derived = format!("compile_derived_{count}");
    let diesel = format!("compile_diesel_{count}");
    let runtime = workspace.join("model-runtime");
    let derived_manifest = format!(
        "[package]\nname = \"{derived}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nmodel-runtime = {{ path = {runtime:?} }}\n\
         diesel = {{ version = \"2.4\", default-features = false }}\n\n[workspace]\n",
        runtime = runtime.display().to_string()
    );
    // Diesel with the features model-runtime turns on, so that both crates
    // link the very same Diesel build.
    let diesel_manifest = format!(
        "[package]\nname = \"{diesel}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\n\
         diesel = {{ version = \"2.4\", default-features = false, features = [\"32-column-tables\", \
         \"with-deprecated\", \"chrono\", \"numeric\", \"uuid\", \"serde_json\", \"r2d2\", \"sqlite\", \
         \"returning_clauses_for_sqlite_3_35\"] }}\n\
         libsqlite3-sys = {{ version = \">=0.30, <0.39\", features = [\"bundled\"] }}\n\
         bigdecimal = \"0.4\"\n\
         chrono = {{ version = \"0.4.20\", default-features = false, features = [\"std\", \"clock\"] }}\n\n\
         [workspace]\n"
    );
    let derived_source = format!(
        "//! {count} derived models.\nuse model_runtime::prelude::*;\n\n{}",
        codegen::derived_models("compile", count)
    );
    let diesel_source = format!(
        "//! {count} hand-written models.\n{}",
        codegen::diesel_models("compile", count)
    );
    let mut made = Vec::new();
    for (name, manifest, source) in [
        (derived, derived_manifest, derived_source),
        (diesel, diesel_manifest, diesel_source),
    ] {
        let dir = root.join(&name);
        std::fs::create_dir_all(dir.join("src"))?;
        std::fs::write(dir.join("Cargo.toml"), manifest)?;
        std::fs::write(dir.join("src/lib.rs"), source)?;
        // The workspace's lock, so both build the versions the project uses.
        std::fs::copy(workspace.join("Cargo.lock"), dir.join("Cargo.lock"))?;
        made.push((name, dir));
    }
    Ok([made.remove(0), made.remove(0)])
}

fn cargo(dir: &Path, target_dir: &Path, args: &[&str]) -> Result<()> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(args)
        .args(["--offline", "--quiet"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir)
        .env_remove("RUSTFLAGS")
        .output()?;
    if !output.status.success() {
        return Err(format!(
            "cargo {} in {} failed:\n{}",
            args.join(" "),
            dir.display(),
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    Ok(())
}

pub fn measure(count: usize, rounds: usize, quick: bool, root: &Path) -> Result<Table> {
    let target_dir = root.join("target");
    let crates = write_crates(root, count)?;
    let verb = if quick { "check" } else { "build" };
    // Dependencies first, untimed, with every core.
    for (_, dir) in &crates {
        cargo(dir, &target_dir, &[verb])?;
    }
    let mut seconds = [Vec::new(), Vec::new()];
    for _ in 0..rounds {
        for (k, (name, dir)) in crates.iter().enumerate() {
            cargo(dir, &target_dir, &["clean", "-p", name])?;
            let start = Instant::now();
            cargo(dir, &target_dir, &[verb, "-j1"])?;
            seconds[k].push(start.elapsed().as_secs_f64());
        }
    }
    let [derived, diesel] = seconds;
    Ok(Table {
        workload: 9,
        id: format!("compile-{count}"),
        title: format!("cargo {verb} -j1 of {count} models of 20 fields, debug"),
        units_per_op: count as f64,
        unit: "models".to_owned(),
        reference: DIESEL.to_owned(),
        rows: vec![Row::new(DIESEL, diesel), Row::new(DERIVED, derived)],
        notes: vec![format!(
            "The crate alone, after `cargo clean -p`; its dependencies were built before. The \
             hand-written crate has, per model, `table!`, `joinable!` and \
             `allow_tables_to_appear_in_same_query!` for its foreign key, and a queryable and an \
             insertable struct; the derived one also gets CRUD methods, validation, a schema \
             descriptor and a registration."
        )],
    })
}
