//! Instruction counts under `valgrind --tool=callgrind`: the bench runs
//! itself as a child with `instructions TARGET COMPETITOR ITERATIONS`,
//! instrumentation off until the timed loop starts, so setup is not
//! counted. Instrumentation is switched for the whole process, so work
//! done on other threads (sqlx's SQLite worker) is counted too.

use std::path::Path;
use std::process::Command;

use crate::Result;

/// Callgrind's client requests (valgrind/callgrind.h).
const CALLGRIND_BASE: usize = ((b'C' as usize) << 24) | ((b'T' as usize) << 16);
const START_INSTRUMENTATION: usize = CALLGRIND_BASE + 4;
const STOP_INSTRUMENTATION: usize = CALLGRIND_BASE + 5;

/// Valgrind's client request: a no-op on a real CPU, recognised by
/// valgrind's JIT from the rotations of `rdi` that add up to nothing.
#[cfg(all(target_arch = "x86_64", target_os = "linux"))]
fn client_request(request: usize) {
    let args: [usize; 6] = [request, 0, 0, 0, 0, 0];
    let mut result: usize = 0;
    // SAFETY: the sequence leaves every register as it was (the four
    // rotations of rdi add up to 128 bits, xchg rbx, rbx is a no-op); rdx
    // gets the result, rax points at `args`, which outlives the block.
    unsafe {
        std::arch::asm!(
            "rol rdi, 3", "rol rdi, 13", "rol rdi, 61", "rol rdi, 51",
            "xchg rbx, rbx",
            inout("rdx") result,
            in("rax") args.as_ptr(),
            options(nostack),
        );
    }
    std::hint::black_box(result);
}

#[cfg(not(all(target_arch = "x86_64", target_os = "linux")))]
fn client_request(_request: usize) {}

/// Starts counting (a no-op outside valgrind).
pub fn start() {
    client_request(START_INSTRUMENTATION);
}

/// Stops counting.
pub fn stop() {
    client_request(STOP_INSTRUMENTATION);
}

/// Whether instruction counts can be taken here.
pub fn available() -> bool {
    cfg!(all(target_arch = "x86_64", target_os = "linux"))
        && Command::new("valgrind")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
}

/// Runs the bench binary under callgrind on one target and returns the
/// instructions counted while instrumentation was on; `out_dir` keeps the
/// profile, for `callgrind_annotate`.
pub fn count(target: &str, competitor: &str, iterations: u64, out_dir: &Path) -> Result<u64> {
    count_with(target, competitor, iterations, out_dir, &[])
}

/// [`count`], with environment variables for the child (a server's URL).
pub fn count_with(
    target: &str,
    competitor: &str,
    iterations: u64,
    out_dir: &Path,
    env: &[(&str, &str)],
) -> Result<u64> {
    let profile = out_dir.join(format!("callgrind.{target}.{competitor}.out"));
    let output = Command::new("valgrind")
        .envs(env.iter().copied())
        .args(["--tool=callgrind", "--instr-atstart=no", "--quiet"])
        .arg(format!("--callgrind-out-file={}", profile.display()))
        .arg(std::env::current_exe()?)
        .args(["instructions", target, competitor, &iterations.to_string()])
        .output()?;
    if !output.status.success() {
        return Err(format!(
            "callgrind on {target} / {competitor} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    total_instructions(&std::fs::read_to_string(&profile)?)
        .ok_or_else(|| format!("no instruction total in {}", profile.display()).into())
}

/// The `totals:` line of a callgrind profile, else its `summary:` line
/// (which reads 0 when instrumentation started late).
fn total_instructions(profile: &str) -> Option<u64> {
    let line = |prefix: &str| {
        profile
            .lines()
            .find_map(|line| line.strip_prefix(prefix))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse().ok())
    };
    line("totals:").or_else(|| line("summary:"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_total_is_read_from_the_summary_line() {
        let profile = "version: 1\nevents: Ir\nsummary: 0\nfn=main\ntotals: 123456\n";
        assert_eq!(total_instructions(profile), Some(123_456));
    }

    #[test]
    fn client_requests_are_harmless_outside_valgrind() {
        start();
        stop();
    }
}
