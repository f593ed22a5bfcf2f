//! Writes the wide models of the migration workloads (20 fields each) as
//! `#[derive(Model)]` source into OUT_DIR.

use std::path::PathBuf;

#[allow(dead_code)] // the build script uses only the derived spelling
#[path = "src/codegen.rs"]
mod codegen;

/// Ten derived models are linked into the bench. Larger apps are made from
/// their schemas (see `workloads::wide`): 610 derived models in one crate
/// took rustc over 16 GB and 7 minutes, which is workload 9's subject, not
/// a price for every run of the bench.
const LINKED_MODELS: usize = 10;

fn main() {
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let source = format!(
        "use model_runtime::prelude::*;\n\n{}",
        codegen::derived_models("bench_wide", LINKED_MODELS)
    );
    std::fs::write(out_dir.join("wide_models.rs"), source).expect("OUT_DIR is writable");
    println!("cargo::rerun-if-changed=src/codegen.rs");
}
