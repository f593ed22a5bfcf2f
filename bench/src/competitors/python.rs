//! Django's ORM and Python's `sqlite3`, run by `bench/django/worker.py` in
//! a subprocess: a virtual environment the bench makes itself (Django from
//! PyPI, pinned in `bench/django/requirements.txt`), and a line of JSON per
//! request and answer. The worker times its own loops, so the pipe is not
//! part of any figure.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};

use super::{Competitor, Place};
use crate::method::Session;
use crate::schema;
use crate::workloads::cases::{Case, Workload};
use crate::Result;

/// The virtual environment, made once and kept under `target/`.
pub struct Python {
    interpreter: PathBuf,
    django_dir: PathBuf,
    pub django_version: String,
    pub sqlite_version: String,
    pub python_version: String,
}

impl Python {
    /// Makes (or reuses) the virtual environment in `venv` with the
    /// requirements of `bench/django`, and reads the versions it holds.
    pub fn prepare(venv: &Path) -> Result<Python> {
        Python::prepare_with(venv, "requirements.txt")
    }

    /// [`Python::prepare`] with another requirements file of
    /// `bench/django`, such as the admin benchmark's, which adds gunicorn
    /// to the ORM benchmark's pins.
    pub fn prepare_with(venv: &Path, requirements: &str) -> Result<Python> {
        let django_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("django");
        let interpreter = venv.join("bin").join("python");
        let requirements = django_dir.join(requirements);
        let stamp = venv.join("requirements.installed");
        let wanted = std::fs::read_to_string(&requirements)?;
        if std::fs::read_to_string(&stamp).ok().as_deref() != Some(wanted.as_str()) {
            let base = std::env::var("BENCH_PYTHON").unwrap_or_else(|_| "python3.11".to_owned());
            eprintln!(
                "bench: making the Python virtual environment in {} with {base}",
                venv.display()
            );
            run(Command::new(&base).args(["-m", "venv", "--clear"]).arg(venv))?;
            run(Command::new(&interpreter)
                .args([
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                    "-r",
                ])
                .arg(&requirements))?;
            std::fs::write(&stamp, wanted)?;
        }
        let output = Command::new(&interpreter)
            .arg("-c")
            .arg("import django, sqlite3, platform; print(django.get_version(), sqlite3.sqlite_version, platform.python_version())")
            .output()?;
        if !output.status.success() {
            return Err(format!(
                "the virtual environment has no working Django: {}",
                String::from_utf8_lossy(&output.stderr)
            )
            .into());
        }
        let text = String::from_utf8(output.stdout)?;
        let mut words = text.split_whitespace().map(str::to_owned);
        let mut next = || words.next().unwrap_or_default();
        Ok(Python {
            interpreter,
            django_dir,
            django_version: next(),
            sqlite_version: next(),
            python_version: next(),
        })
    }

    /// A worker process: `mode` and its arguments, `extra_path` on its
    /// `PYTHONPATH` (where generated Django apps are).
    pub fn worker(&self, args: &[&str], extra_path: Option<&Path>) -> Result<Worker> {
        let mut command = Command::new(&self.interpreter);
        command.arg(self.django_dir.join("worker.py")).args(args);
        let mut path = vec![self.django_dir.clone()];
        path.extend(extra_path.map(Path::to_path_buf));
        command.env("PYTHONPATH", std::env::join_paths(path)?);
        command.env("PYTHONDONTWRITEBYTECODE", "1");
        let mut child = command.stdin(Stdio::piped()).stdout(Stdio::piped()).spawn()?;
        let stdin = child.stdin.take().ok_or("no stdin")?;
        let stdout = BufReader::new(child.stdout.take().ok_or("no stdout")?);
        Ok(Worker { child, stdin, stdout })
    }

    /// A session of workloads 1-6 for Django or `sqlite3`.
    pub fn crud_session(
        &self,
        competitor: Competitor,
        case: &Case,
        place: &Place,
    ) -> Result<Box<dyn Session>> {
        let orm = match competitor {
            Competitor::Django => "django",
            _ => "sqlite3",
        };
        let mut worker = self.worker(&["crud", orm], None)?;
        let keys = match case.workload {
            Workload::GetByKey => schema::random_keys(case.size, case.size),
            _ => Vec::new(),
        };
        worker.request(json!({
            "cmd": "prepare",
            "workload": case.workload.key(),
            "size": case.size,
            "db": place.url(),
            "setup_sql": case.setup_sql(),
            "reset_sql": case.reset_sql(),
            "pragmas": schema::PRAGMAS,
            "keys": keys,
            "names": case.new_user_names(),
        }))?;
        Ok(Box::new(worker))
    }
}

fn run(command: &mut Command) -> Result<()> {
    let status = command.status()?;
    if !status.success() {
        return Err(format!("{command:?} failed: {status}").into());
    }
    Ok(())
}

/// One worker process.
pub struct Worker {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Worker {
    /// Sends a request and reads its answer; an answer with `error` is one.
    pub fn request(&mut self, request: Value) -> Result<Value> {
        writeln!(self.stdin, "{request}")?;
        self.stdin.flush()?;
        let mut line = String::new();
        if self.stdout.read_line(&mut line)? == 0 {
            return Err("the Python worker exited (its error is above)".into());
        }
        let answer: Value = serde_json::from_str(&line)?;
        if let Some(error) = answer.get("error") {
            return Err(format!("Python worker: {}", error.as_str().unwrap_or_default()).into());
        }
        Ok(answer)
    }

    /// Seconds the worker measured for a timed request.
    pub fn timed(&mut self, request: Value) -> Result<(Duration, usize)> {
        let answer = self.request(request)?;
        let seconds = answer["seconds"]
            .as_f64()
            .ok_or("the worker's answer has no seconds")?;
        let produced = answer["produced"].as_u64().unwrap_or(0) as usize;
        Ok((Duration::from_secs_f64(seconds), produced))
    }
}

impl Session for Worker {
    fn reset(&mut self) -> Result<()> {
        self.request(json!({"cmd": "reset"})).map(drop)
    }

    fn once(&mut self) -> Result<usize> {
        self.run(1).map(|(_, produced)| produced)
    }

    fn run(&mut self, iterations: u64) -> Result<(Duration, usize)> {
        self.timed(json!({"cmd": "run", "iterations": iterations}))
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Closing its standard input ends the worker's loop.
        let _ = self.stdin.flush();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
