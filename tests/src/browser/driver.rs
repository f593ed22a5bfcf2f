//! Chromium and chromedriver found on the machine, and processes that
//! listen on a free port of 127.0.0.1: chromedriver itself, or a server
//! under test. Each such process runs in a process group of its own,
//! killed whole on drop, panics included.

use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::ClientBuilder;
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

use super::Browser;

/// Debian's Chromium, the browser the tests drive.
const CHROMIUM: &str = "/usr/bin/chromium";

/// The longest any one wait lasts: for a process to listen, a page to
/// load, an element to appear.
pub const WAIT: Duration = Duration::from_secs(10);

/// How often a wait looks again.
pub(crate) const POLL: Duration = Duration::from_millis(50);

/// The window the pages are laid out in, and the screenshots' size.
const WINDOW: (u32, u32) = (1280, 900);

/// Chromium's flags for a root user on a machine with no network but
/// loopback: no sandbox (it refuses to start as root with one), and none
/// of the background connections that would each be refused.
const FLAGS: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
];

/// Chromium and chromedriver, when both are installed.
pub struct Installed {
    chromium: PathBuf,
    chromedriver: PathBuf,
}

impl Installed {
    /// Both programs, or the names of those missing.
    pub fn find() -> Result<Installed, Vec<&'static str>> {
        let chromium = Path::new(CHROMIUM).is_file().then(|| PathBuf::from(CHROMIUM));
        let chromedriver = on_path("chromedriver");
        match (chromium, chromedriver) {
            (Some(chromium), Some(chromedriver)) => Ok(Installed {
                chromium,
                chromedriver,
            }),
            (chromium, chromedriver) => Err([
                chromium.is_none().then_some(CHROMIUM),
                chromedriver.is_none().then_some("chromedriver (on PATH)"),
            ]
            .into_iter()
            .flatten()
            .collect()),
        }
    }
}

fn on_path(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(program))
            .find(|candidate| candidate.is_file())
    })
}

/// A child process listening on a port of 127.0.0.1 chosen free for it;
/// its whole process group is killed when this is dropped.
///
/// ```no_run
/// use std::process::Command;
/// use model_tests::browser::Listening;
///
/// let server = Listening::start("python's http.server", |port| {
///     let mut command = Command::new("python3");
///     command.args(["-m", "http.server", "--bind", "127.0.0.1", &port.to_string()]);
///     command
/// });
/// println!("serving at {}", server.address());
/// ```
pub struct Listening {
    child: Child,
    port: u16,
}

impl Listening {
    /// Starts `command(port)` on a free port and waits, at most [`WAIT`],
    /// until it accepts connections. A port taken by another process
    /// between choosing and binding makes the program exit: then it
    /// starts again on another, three times at most. Panics naming `what`
    /// when it never listens.
    pub fn start(what: &str, command: impl Fn(u16) -> Command) -> Listening {
        let mut last_exit = None;
        for _ in 0..3 {
            let port = free_port();
            let mut command = command(port);
            let child = command
                .stdin(Stdio::null())
                // Its own process group, so that drop ends the program's
                // children with it (Chromium with chromedriver).
                .process_group(0)
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start {what} ({:?}): {e}", command.get_program()));
            let mut listening = Listening { child, port };
            match listening.wait_until_listening(what) {
                Ok(()) => return listening,
                Err(exit) => last_exit = Some(exit),
            }
        }
        panic!(
            "{what} exited before listening, three times; last: {}",
            last_exit.unwrap_or_default()
        );
    }

    /// Where it listens.
    pub fn address(&self) -> SocketAddr {
        SocketAddr::from((Ipv4Addr::LOCALHOST, self.port))
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address())
    }

    fn wait_until_listening(&mut self, what: &str) -> Result<(), String> {
        let address = self.address();
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().expect("the child's status") {
                return Err(status.to_string());
            }
            if TcpStream::connect_timeout(&address, POLL).is_ok() {
                return Ok(());
            }
            assert!(
                Instant::now() < deadline,
                "{what} did not listen on {address} within {WAIT:?}"
            );
            std::thread::sleep(POLL);
        }
    }
}

impl Drop for Listening {
    fn drop(&mut self) {
        // The whole group: Chromium outlives a chromedriver killed alone.
        // `kill` the command, since std signals one process only.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port nothing listens on now.
fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .expect("a free port on 127.0.0.1")
        .port()
}

/// A chromedriver of the test's own, listening on a free port.
pub struct Driver {
    process: Listening,
}

impl Driver {
    /// Starts chromedriver and waits until it listens.
    pub fn start(installed: &Installed) -> Driver {
        let process = Listening::start("chromedriver", |port| {
            let mut command = Command::new(&installed.chromedriver);
            command
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            command
        });
        Driver { process }
    }

    /// A new headless Chromium session with a 1280×900 window, on the site
    /// served at `base` (`http://127.0.0.1:8000`).
    pub async fn browser(&self, installed: &Installed, base: String) -> Browser {
        let mut args: Vec<String> = FLAGS.iter().map(|flag| flag.to_string()).collect();
        args.push(format!("--window-size={},{}", WINDOW.0, WINDOW.1));
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": installed.chromium,
                "args": args,
            },
            // No command of the session waits longer than a wait of ours.
            "timeouts": {
                "pageLoad": WAIT.as_millis() as u64,
                "script": WAIT.as_millis() as u64,
                "implicit": 0,
            },
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            unreachable!("capabilities are a JSON object")
        };
        let url = self.process.url();
        let mut builder = ClientBuilder::new(HttpConnector::new());
        let connecting = builder.capabilities(capabilities).connect(&url);
        match tokio::time::timeout(WAIT, connecting).await {
            Ok(Ok(client)) => Browser::new(client, base),
            Ok(Err(e)) => panic!("chromedriver at {url} did not start Chromium ({CHROMIUM}): {e}"),
            Err(_) => panic!("chromedriver at {url} did not start Chromium within {WAIT:?}"),
        }
    }
}
