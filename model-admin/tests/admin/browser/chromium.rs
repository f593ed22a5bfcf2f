//! Headless Chromium driven through a chromedriver of the test's own: the
//! driver process (its whole process group killed on drop, panics
//! included), a WebDriver session, and waits that end with a clear message
//! after [`WAIT`].

use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::error::CmdError;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

/// Debian's Chromium, the browser the tests drive.
const CHROMIUM: &str = "/usr/bin/chromium";

/// The longest any one wait lasts: for chromedriver to listen, a page to
/// load, an element to appear.
pub const WAIT: Duration = Duration::from_secs(10);

/// How often a wait looks again.
const POLL: Duration = Duration::from_millis(50);

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

/// A chromedriver listening on a free port of 127.0.0.1.
pub struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    /// Starts chromedriver and waits until it listens. A port taken by
    /// another process between choosing and binding makes chromedriver
    /// exit: then it starts again on another.
    pub fn start(installed: &Installed) -> Driver {
        let mut last_exit = None;
        for _ in 0..3 {
            let port = free_port();
            let child = Command::new(&installed.chromedriver)
                .arg(format!("--port={port}"))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                // Its own process group, so that drop ends Chromium and its
                // helpers with it, not chromedriver alone.
                .process_group(0)
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start {}: {e}", installed.chromedriver.display()));
            let mut driver = Driver { child, port };
            match driver.wait_until_listening() {
                Ok(()) => return driver,
                Err(exit) => last_exit = Some(exit),
            }
        }
        panic!(
            "chromedriver exited before listening, three times; last: {}",
            last_exit.unwrap_or_default()
        );
    }

    fn wait_until_listening(&mut self) -> Result<(), String> {
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, self.port));
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().expect("chromedriver's status") {
                return Err(status.to_string());
            }
            if TcpStream::connect_timeout(&address, POLL).is_ok() {
                return Ok(());
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver did not listen on {address} within {WAIT:?}"
            );
            std::thread::sleep(POLL);
        }
    }

    /// A new headless Chromium session of [`WINDOW`]'s size.
    pub async fn session(&self, installed: &Installed) -> Client {
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
        let url = format!("http://127.0.0.1:{}", self.port);
        let mut builder = ClientBuilder::new(HttpConnector::new());
        let connecting = builder.capabilities(capabilities).connect(&url);
        match tokio::time::timeout(WAIT, connecting).await {
            Ok(Ok(client)) => client,
            Ok(Err(e)) => panic!("chromedriver at {url} did not start Chromium ({CHROMIUM}): {e}"),
            Err(_) => panic!("chromedriver at {url} did not start Chromium within {WAIT:?}"),
        }
    }
}

impl Drop for Driver {
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

/// A browser session on the site served at `base`, with the few moves a
/// person makes: open a page, type, click, read, and the waits between.
pub struct Browser {
    pub client: Client,
    base: String,
}

impl Browser {
    pub fn new(client: Client, base: String) -> Browser {
        Browser { client, base }
    }

    /// Loads `path` of the site.
    pub async fn open(&self, path: &str) {
        let url = format!("{}{path}", self.base);
        self.client
            .goto(&url)
            .await
            .unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    }

    /// Waits until the page shown is `path_and_query` of the site, loaded.
    pub async fn wait_for_page(&self, path_and_query: &str) {
        until(&format!("the page {path_and_query}"), || async {
            let url = self.client.current_url().await?;
            let here = match url.query() {
                Some(query) => format!("{}?{query}", url.path()),
                None => url.path().to_owned(),
            };
            if here != path_and_query {
                return Ok(None);
            }
            let state = self.client.execute("return document.readyState", vec![]).await?;
            Ok((state == "complete").then_some(()))
        })
        .await;
    }

    /// The first element matching `css`, once there is one.
    pub async fn find(&self, css: &str) -> Element {
        until(&format!("an element matching `{css}`"), || async {
            match self.client.find(Locator::Css(css)).await {
                Ok(element) => Ok(Some(element)),
                Err(e) if e.is_no_such_element() => Ok(None),
                Err(e) => Err(e),
            }
        })
        .await
    }

    /// The text of the first element matching `css`, once there is one.
    pub async fn text(&self, css: &str) -> String {
        let element = self.find(css).await;
        element
            .text()
            .await
            .unwrap_or_else(|e| panic!("the text of `{css}`: {e}"))
    }

    /// The texts of every element matching `css`, in page order; none is
    /// an empty list, not a wait.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let elements = self
            .client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("the elements matching `{css}`: {e}"));
        let mut texts = Vec::with_capacity(elements.len());
        for element in elements {
            texts.push(
                element
                    .text()
                    .await
                    .unwrap_or_else(|e| panic!("a text of `{css}`: {e}")),
            );
        }
        texts
    }

    /// Types `value` into the field matching `css`, replacing its text.
    pub async fn fill(&self, css: &str, value: &str) {
        let field = self.find(css).await;
        field
            .clear()
            .await
            .unwrap_or_else(|e| panic!("clearing `{css}`: {e}"));
        field
            .send_keys(value)
            .await
            .unwrap_or_else(|e| panic!("typing into `{css}`: {e}"));
    }

    /// Clicks the element matching `css`.
    pub async fn click(&self, css: &str) {
        let element = self.find(css).await;
        element
            .click()
            .await
            .unwrap_or_else(|e| panic!("clicking `{css}`: {e}"));
    }

    /// Saves what the window shows as a PNG file at `path`.
    pub async fn screenshot(&self, path: &Path) {
        let png = self
            .client
            .screenshot()
            .await
            .expect("a screenshot of the window");
        std::fs::write(path, png).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }

    /// Ends the session, closing Chromium.
    pub async fn close(self) {
        match tokio::time::timeout(WAIT, self.client.close()).await {
            Ok(closed) => closed.expect("the session ends"),
            Err(_) => panic!("the session did not end within {WAIT:?}"),
        }
    }
}

/// Runs `probe` until it answers `Some`, for at most [`WAIT`]. An element
/// replaced by a navigation meanwhile counts as "not yet".
async fn until<T, F, Fut>(what: &str, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<T>, CmdError>>,
{
    let deadline = Instant::now() + WAIT;
    loop {
        match probe().await {
            Ok(Some(found)) => return found,
            Ok(None) => {}
            Err(e) if e.is_stale_element_reference() => {}
            Err(e) => panic!("while waiting for {what}: {e}"),
        }
        assert!(Instant::now() < deadline, "waited {WAIT:?} for {what} in vain");
        tokio::time::sleep(POLL).await;
    }
}
