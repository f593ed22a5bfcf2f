//! Runs cargo on a generated crate: untimed, or timed with the peak
//! resident memory of the build.
//!
//! The peak comes from `wait4(2)` on the cargo process: its `ru_maxrss` is
//! the largest resident set of that process and of every descendant it
//! waited for, which includes the rustc that compiles the crate (cargo
//! waits for each rustc it starts). With the dependencies already built,
//! that rustc is the only one the timed build runs, and it is far larger
//! than cargo itself, so the figure is rustc's peak.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::Result;

/// The build profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    Debug,
    Release,
}

impl Profile {
    pub fn parse(name: &str) -> Option<Profile> {
        match name {
            "debug" | "dev" => Some(Profile::Debug),
            "release" => Some(Profile::Release),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Profile::Debug => "debug",
            Profile::Release => "release",
        }
    }

    fn flags(self) -> &'static [&'static str] {
        match self {
            Profile::Debug => &[],
            Profile::Release => &["--release"],
        }
    }
}

/// One timed build.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
pub struct Build {
    pub seconds: f64,
    /// Peak resident memory of cargo and the rustc it waited for, bytes.
    pub peak_bytes: u64,
}

/// Cargo in `dir`, its output in `target_dir`.
pub struct Cargo {
    pub dir: PathBuf,
    pub target_dir: PathBuf,
    pub profile: Profile,
}

impl Cargo {
    fn command(&self, verb: &str, extra: &[&str]) -> Command {
        let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
        command
            .arg(verb)
            .args(self.profile.flags())
            .args(extra)
            .args(["--offline", "--quiet"])
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", &self.target_dir)
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            // A wrapper (sccache) would run rustc outside cargo's children.
            .env_remove("RUSTC_WRAPPER")
            .env_remove("CARGO_BUILD_RUSTC_WRAPPER");
        // Cargo's defaults, said out loud: incremental in debug, not in release.
        match self.profile {
            Profile::Debug => command.env("CARGO_INCREMENTAL", "1"),
            Profile::Release => command.env("CARGO_INCREMENTAL", "0"),
        };
        command
    }

    /// Runs `cargo VERB EXTRA..` untimed; an error carries cargo's output.
    pub fn run(&self, verb: &str, extra: &[&str]) -> Result<()> {
        let output = self.command(verb, extra).stdout(Stdio::null()).output()?;
        if !output.status.success() {
            return Err(self.failed(verb, extra, &String::from_utf8_lossy(&output.stderr)));
        }
        Ok(())
    }

    /// `cargo clean -p NAME` of this profile.
    pub fn clean(&self, name: &str) -> Result<()> {
        self.run("clean", &["-p", name])
    }

    /// Times `cargo build -j1` and reads its peak memory.
    pub fn timed_build(&self) -> Result<Build> {
        let log = self.target_dir.join("timed-build.stderr");
        std::fs::create_dir_all(&self.target_dir)?;
        let mut command = self.command("build", &["-j1"]);
        command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(File::create(&log)?);
        let start = Instant::now();
        let child = command.spawn()?;
        let (status, usage) = wait4(child.id())?;
        let seconds = start.elapsed().as_secs_f64();
        // Reaped above: dropping the handle neither waits nor kills.
        drop(child);
        if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
            let stderr = std::fs::read_to_string(&log).unwrap_or_default();
            return Err(self.failed("build", &["-j1"], &stderr));
        }
        // Linux gives ru_maxrss in KiB.
        let peak_bytes = u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024;
        Ok(Build { seconds, peak_bytes })
    }

    fn failed(&self, verb: &str, extra: &[&str], stderr: &str) -> crate::Error {
        format!(
            "cargo {verb} {} ({}) in {} failed:\n{stderr}",
            extra.join(" "),
            self.profile.name(),
            self.dir.display()
        )
        .into()
    }
}

/// Waits for process `pid`: its exit status and its resource usage, which
/// covers its waited-for descendants too.
fn wait4(pid: u32) -> Result<(libc::c_int, libc::rusage)> {
    let pid = libc::pid_t::try_from(pid)?;
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain old data, valid when zeroed.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: both pointers are to live locals of the right types; pid is
        // our own child, which nothing else waits for.
        let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if reaped == pid {
            return Ok((status, usage));
        }
        let error = std::io::Error::last_os_error();
        if error.kind() != std::io::ErrorKind::Interrupted {
            return Err(error.into());
        }
    }
}

/// The commit `rev` of the workspace, extracted once under `root`
/// (`git archive`): the model-runtime the derived crates build against,
/// which edits in the working tree during a run cannot change.
pub fn snapshot(root: &Path, rev: &str) -> Result<(PathBuf, String)> {
    let workspace = crate::workspace_root();
    let output = Command::new("git")
        .args(["rev-parse", "--verify", &format!("{rev}^{{commit}}")])
        .current_dir(&workspace)
        .output()?;
    if !output.status.success() {
        return Err(format!("git rev-parse {rev}: {}", String::from_utf8_lossy(&output.stderr)).into());
    }
    let commit = String::from_utf8(output.stdout)?.trim().to_owned();
    let dir = root.join(format!("source-{}", &commit[..12]));
    if !dir.join("model-runtime").join("Cargo.toml").exists() {
        let partial = root.join(format!("source-{}.partial", &commit[..12]));
        if partial.exists() {
            std::fs::remove_dir_all(&partial)?;
        }
        std::fs::create_dir_all(&partial)?;
        let tar = root.join(format!("source-{}.tar", &commit[..12]));
        let archived = Command::new("git")
            .args(["archive", "--format=tar", "-o"])
            .arg(&tar)
            .arg(&commit)
            .current_dir(&workspace)
            .status()?;
        let extracted = archived.success()
            && Command::new("tar")
                .arg("-xf")
                .arg(&tar)
                .arg("-C")
                .arg(&partial)
                .status()?
                .success();
        std::fs::remove_file(&tar).ok();
        if !extracted {
            return Err(format!("could not extract commit {commit} under {}", root.display()).into());
        }
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::rename(&partial, &dir)?;
    }
    Ok((dir.join("model-runtime"), commit))
}
