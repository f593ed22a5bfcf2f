//! Headless Chromium driven through a chromedriver of the test's own, for
//! tests that use a site as a person would (feature `browser`).
//!
//! Chromium and chromedriver come from Debian's packages `chromium` and
//! `chromium-driver`, which `.ci/run` installs. Without them [`installed`]
//! says so on stderr and the test returns, except under `CI=true`, where
//! it fails.
//!
//! ```no_run
//! use std::time::Duration;
//! use model_tests::browser::{self, Driver};
//!
//! let Some(installed) = browser::installed() else { return };
//! let driver = Driver::start(&installed);
//! browser::block_on(async {
//!     let page = driver.browser(&installed, "http://127.0.0.1:8000".into()).await;
//!     browser::within(Duration::from_secs(30), "the walk", async {
//!         page.open("/admin/").await;
//!         page.wait_for_page("/admin/login/?next=/admin/").await;
//!         assert_eq!(page.text("main h1").await, "Log in");
//!     })
//!     .await;
//!     page.close().await;
//! });
//! ```

mod driver;
mod page;

use std::future::Future;
use std::io::Write;
use std::time::Duration;

pub use driver::{Driver, Installed, Listening, WAIT};
pub use page::Browser;

/// Chromium and chromedriver, or `None` after a note on stderr; under
/// `CI=true` their absence fails the test instead.
pub fn installed() -> Option<Installed> {
    match Installed::find() {
        Ok(installed) => Some(installed),
        Err(missing) => {
            let missing = missing.join(" and ");
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "the browser test needs {missing}: install Debian's chromium and chromium-driver (.ci/run does)"
            );
            // Straight to stderr, not `eprintln!`, which the test harness
            // captures and hides for a test that passes.
            let _ = writeln!(
                std::io::stderr(),
                "note: browser test not run: {missing} not installed (apt-get install chromium chromium-driver); \
                 under CI=true this fails"
            );
            None
        }
    }
}

/// Runs `scenario` to its end on a runtime of two worker threads, on
/// which it may also spawn the server it visits.
pub fn block_on<F: Future>(scenario: F) -> F::Output {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime for the browser")
        .block_on(scenario)
}

/// `walk`'s output, or a panic naming `what` when it takes over `limit`:
/// a whole scenario bounded, on top of each of its waits.
pub async fn within<F: Future>(limit: Duration, what: &str, walk: F) -> F::Output {
    tokio::time::timeout(limit, walk)
        .await
        .unwrap_or_else(|_| panic!("{what} took over {limit:?}"))
}
