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

/// The models the shell benchmark adds, with `BENCH_SHELL_MODELS=1`.
const SHELL_MODELS: usize = 100;

fn main() {
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let source = format!(
        "use model_runtime::prelude::*;\n\n{}",
        codegen::derived_models("bench_wide", LINKED_MODELS)
    );
    std::fs::write(out_dir.join("wide_models.rs"), source).expect("OUT_DIR is writable");
    // The shell benchmark starts the shell with a hundred models in scope;
    // compiling them is its cost alone, asked for by BENCH_SHELL_MODELS=1
    // (not a feature, which `--all-features` in CI would compile too).
    println!("cargo::rustc-check-cfg=cfg(shell_models)");
    println!("cargo::rerun-if-env-changed=BENCH_SHELL_MODELS");
    let wanted = std::env::var("BENCH_SHELL_MODELS").is_ok_and(|v| v == "1");
    if wanted {
        println!("cargo::rustc-cfg=shell_models");
    }
    let shell_models = if wanted {
        format!(
            "use model_runtime::prelude::*;\n\n{}",
            codegen::derived_models("bench_shell", SHELL_MODELS)
        )
    } else {
        String::new()
    };
    std::fs::write(out_dir.join("shell_models.rs"), shell_models).expect("OUT_DIR is writable");
    println!("cargo::rerun-if-changed=src/codegen.rs");
}
