//! The benchmarks' quick mode, as CI runs it: every workload and every
//! competitor at tiny sizes, Django included, on SQLite and then on the
//! local PostgreSQL and MariaDB. Nothing is timed here; the run must only
//! succeed, each competitor's answer checked as in a full run.
//!
//! Ignored in a plain `cargo test`: it makes Python virtual environments
//! from PyPI and takes minutes. CI runs it with the test step's own build:
//!
//! ```sh
//! cargo test --workspace --all-features --test quick -- --ignored
//! ```

use std::process::Command;

/// Runs the bench binary with `args`, failing on a non-zero exit.
fn bench(args: &[&str]) {
    let status = Command::new(env!("CARGO_BIN_EXE_bench"))
        .args(args)
        // Django must run, not be skipped for want of Python.
        .env("BENCH_REQUIRE_PYTHON", "1")
        .status()
        .expect("the bench binary starts");
    assert!(status.success(), "bench {} failed: {status}", args.join(" "));
}

#[test]
#[ignore = "minutes long, and needs PyPI and both servers: CI runs it with --ignored"]
fn every_workload_and_competitor_runs_at_tiny_sizes() {
    // Workload 9, compile time, is left out: it builds a crate of its own
    // from scratch, and `bench compile` measures compile time in full.
    bench(&["--quick", "--only", "1,2,3,4,5,6,7,8"]);
    bench(&["servers", "--quick"]);
}
