//! Workload 9: compile time of M derived models against the same models
//! hand-written in Diesel (`table!`, `joinable!`, derives), each a crate of
//! its own, built with `cargo build -j1` after `cargo clean -p` of that
//! crate, in interleaved rounds. Dependencies are built once beforehand
//! (the same Diesel, with the same features, for both), so the figure is
//! the models' own cost: what every edit of them pays.

use std::path::Path;
use std::time::Instant;

use crate::compile::cargo::{Cargo, Profile};
use crate::compile::crates::{Crate, Side};
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

pub fn measure(count: usize, rounds: usize, quick: bool, root: &Path) -> Result<Table> {
    let target_dir = root.join("target");
    let runtime = crate::workspace_root().join("model-runtime");
    let verb = if quick { "check" } else { "build" };
    let mut crates = Vec::new();
    for side in [Side::Derived, Side::Diesel] {
        let krate = Crate::write(side, root, &runtime, count, false)?;
        let cargo = Cargo {
            dir: krate.dir.clone(),
            target_dir: target_dir.clone(),
            profile: Profile::Debug,
        };
        // Dependencies first, untimed, with every core.
        cargo.run(verb, &[])?;
        crates.push((krate, cargo));
    }
    let mut seconds = [Vec::new(), Vec::new()];
    for _ in 0..rounds {
        for (k, (krate, cargo)) in crates.iter().enumerate() {
            cargo.clean(&krate.name)?;
            let start = Instant::now();
            cargo.run(verb, &["-j1"])?;
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
