//! The facts a reader needs to weigh the figures: date, machine, toolchain,
//! the SQLite every competitor links and the versions of every library.

use std::process::Command;

/// What the report's "Setting" section lists.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Machine {
    pub date: String,
    pub cpu: String,
    pub cores: usize,
    pub memory_gib: f64,
    pub os: String,
    pub rustc: String,
    pub sqlite: String,
    /// `name version` for each library measured, from the workspace's lock.
    pub crates: Vec<(String, String)>,
    pub valgrind: Option<String>,
    /// Python, Django and the SQLite Python's `sqlite3` links.
    pub python: Option<(String, String, String)>,
}

const CRATES: [&str; 8] = [
    "diesel",
    "libsqlite3-sys",
    "rusqlite",
    "sqlx",
    "sqlx-sqlite",
    "sea-orm",
    "sea-query",
    "tokio",
];

impl Machine {
    pub fn read() -> Machine {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find_map(|l| l.strip_prefix("model name"))
            .map(|l| l.trim_start_matches([' ', '\t', ':']).to_owned())
            .unwrap_or_else(|| "unknown".to_owned());
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        let memory_kib: f64 = meminfo
            .lines()
            .find_map(|l| l.strip_prefix("MemTotal:"))
            .and_then(|l| l.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0.0);
        let os_release = std::fs::read_to_string("/etc/os-release").unwrap_or_default();
        let os = os_release
            .lines()
            .find_map(|l| l.strip_prefix("PRETTY_NAME="))
            .map(|l| l.trim_matches('"').to_owned())
            .unwrap_or_else(|| std::env::consts::OS.to_owned());
        let kernel = command_line("uname", &["-r"]).unwrap_or_default();
        Machine {
            date: model_runtime::chrono::Utc::now().format("%Y-%m-%d").to_string(),
            cpu,
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            memory_gib: memory_kib / 1024.0 / 1024.0,
            os: format!("{os}, Linux {kernel}"),
            rustc: command_line("rustc", &["--version"]).unwrap_or_else(|| "unknown".to_owned()),
            sqlite: rusqlite::version().to_owned(),
            crates: locked_versions(),
            valgrind: command_line("valgrind", &["--version"]),
            python: None,
        }
    }
}

fn command_line(program: &str, args: &[&str]) -> Option<String> {
    let output = Command::new(program).args(args).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// The versions of [`CRATES`] in the workspace's `Cargo.lock`.
fn locked_versions() -> Vec<(String, String)> {
    let lock_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    let lock = std::fs::read_to_string(lock_path).unwrap_or_default();
    let mut found = Vec::new();
    let mut name = None;
    for line in lock.lines() {
        if let Some(value) = line.strip_prefix("name = ") {
            name = Some(value.trim_matches('"').to_owned());
        } else if let (Some(value), Some(current)) = (line.strip_prefix("version = "), name.take()) {
            if CRATES.contains(&current.as_str()) {
                found.push((current, value.trim_matches('"').to_owned()));
            }
        }
    }
    found.sort_by_key(|(name, _)| CRATES.iter().position(|c| c == name));
    found
}
