//! The admin site in a real browser: headless Chromium, driven through
//! chromedriver, uses the site as a person would (typing into the login
//! form, following links, searching, logging out) on a server listening on
//! 127.0.0.1. Each step is a function of its own, checking what the page
//! shows through the DOM. The SQLite run saves the screenshots in `docs/`.
//!
//! Chromium and chromedriver come from Debian's packages `chromium` and
//! `chromium-driver`, which `.ci/run` installs. Without them the test says
//! so on stderr and returns, except under `CI=true`, where it fails.

mod chromium;

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use model_tests::{on_every_backend, Backend, TestDb};

use crate::support::{Project, PASSWORD};
use chromium::{Browser, Driver, Installed};

/// The whole walk through the site, every wait included, ends within this.
const SCENARIO: Duration = Duration::from_secs(50);

/// Where the README's screenshots are kept, at the workspace's root.
fn docs(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../docs")
        .join(file)
}

/// Chromium and chromedriver, or `None` after a note on stderr; under
/// `CI=true` their absence fails the test instead.
fn installed() -> Option<Installed> {
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

on_every_backend! {
    fn a_clerk_logs_in_searches_the_change_list_and_logs_out_in_chromium_when_installed(db) {
        let Some(installed) = installed() else { return };
        walk_through_the_site(db, &installed);
    }
}

fn walk_through_the_site(db: &TestDb, installed: &Installed) {
    let project = Project::new(db);
    for (title, price) in [
        ("Pasta", "12.50"),
        ("Greek salad", "9.00"),
        ("Bruschetta", "7.00"),
        ("Lemon tart", "6.50"),
        ("Lemon sorbet", "4.00"),
    ] {
        project.dish(title, price, "");
    }
    let clerk = project.user("clerk", true, true);
    project.grant(&clerk, "view_dish");
    // Only one run writes the screenshots, so parallel runs do not race.
    let screenshots = db.backend() == Backend::Sqlite;

    let driver = Driver::start(installed);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime for the server and the browser");
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port for the admin site");
        let address = listener.local_addr().expect("the site's address");
        let app = project
            .app
            .clone()
            .into_make_service_with_connect_info::<SocketAddr>();
        tokio::spawn(async move { axum::serve(listener, app).await });

        let client = driver.session(installed).await;
        let browser = Browser::new(client, format!("http://{address}"));
        let walk = async {
            logs_in_after_a_wrong_password(&browser, "clerk").await;
            sees_the_index_listing_dishes(&browser, screenshots.then(|| docs("admin-index.png"))).await;
            opens_the_change_list(&browser).await;
            searches_and_sees_only_the_matching_rows(
                &browser,
                screenshots.then(|| docs("admin-change-list.png")),
            )
            .await;
            logs_out(&browser).await;
        };
        tokio::time::timeout(SCENARIO, walk)
            .await
            .unwrap_or_else(|_| panic!("the walk through the site took over {SCENARIO:?}"));
        browser.close().await;
    });
}

/// The login form refuses a wrong password, keeping the username typed;
/// the right one, typed again, opens the index.
async fn logs_in_after_a_wrong_password(browser: &Browser, username: &str) {
    browser.open("/admin/").await;
    browser.wait_for_page("/admin/login/?next=/admin/").await;
    assert_eq!(browser.text("main h1").await, "Log in");

    browser.fill("#id_username", username).await;
    browser.fill("#id_password", "not the password").await;
    browser.click("form.login button[type=submit]").await;
    let error = browser.text(".errornote[role=alert]").await;
    assert!(
        error.starts_with("Please enter the correct username and password"),
        "{error}"
    );
    let kept = browser
        .find("#id_username")
        .await
        .prop("value")
        .await
        .expect("the username field's value");
    assert_eq!(kept.as_deref(), Some(username));

    browser.fill("#id_password", PASSWORD).await;
    browser.click("form.login button[type=submit]").await;
    browser.wait_for_page("/admin/").await;
}

/// The index greets the user and lists the app with the one model they
/// may view, linked to its change list.
async fn sees_the_index_listing_dishes(browser: &Browser, screenshot: Option<PathBuf>) {
    assert_eq!(browser.text("main h1").await, "Site administration");
    assert_eq!(browser.text("header.site nav strong").await, "clerk");
    // The app's label, as the stylesheet shows it (capitalised).
    assert_eq!(browser.texts("section.app caption").await, ["Pantry"]);
    assert_eq!(browser.texts("section.app tbody th a").await, ["Dishs"]);
    let link = browser.find("section.app tbody th a").await;
    assert_eq!(
        link.attr("href").await.expect("the link's href").as_deref(),
        Some("/admin/pantry/dish/")
    );
    if let Some(path) = screenshot {
        browser.screenshot(&path).await;
    }
}

/// Following the model's link shows its first page: dearest first, two a
/// page, the count and the pages.
async fn opens_the_change_list(browser: &Browser) {
    browser.click("a[href='/admin/pantry/dish/']").await;
    browser.wait_for_page("/admin/pantry/dish/").await;
    assert_eq!(browser.text("main h1").await, "Select dish to view");
    assert_eq!(browser.texts("table.results thead th").await, ["Title", "Price"]);
    assert_eq!(
        browser.texts("table.results tbody th").await,
        ["Pasta", "Greek salad"]
    );
    assert_eq!(browser.texts("table.results tbody td").await, ["12.50", "9.00"]);
    assert_eq!(browser.text("p.count").await, "5 dishs");
    assert_eq!(browser.text("nav.paginator span").await, "Page 1 of 3");
}

/// Typing into the search box and pressing Search lists the matching
/// rows, and only those.
async fn searches_and_sees_only_the_matching_rows(browser: &Browser, screenshot: Option<PathBuf>) {
    browser.fill("#searchbar", "lemon").await;
    browser.click("form.search button[type=submit]").await;
    browser.wait_for_page("/admin/pantry/dish/?q=lemon").await;
    let titles = browser.texts("table.results tbody th").await;
    assert_eq!(titles, ["Lemon tart", "Lemon sorbet"]);
    assert!(!titles.iter().any(|title| title == "Pasta"), "{titles:?}");
    assert_eq!(browser.text("p.count").await, "2 results (5 total)");
    let kept = browser
        .find("#searchbar")
        .await
        .prop("value")
        .await
        .expect("the search box's value");
    assert_eq!(kept.as_deref(), Some("lemon"));
    assert!(
        browser.texts("nav.paginator").await.is_empty(),
        "one page of results has no paginator"
    );
    if let Some(path) = screenshot {
        browser.screenshot(&path).await;
    }
}

/// The header's Log out button ends the session: the login page follows,
/// and the index sends the browser back to it.
async fn logs_out(browser: &Browser) {
    browser.click("header.site form button[type=submit]").await;
    browser.wait_for_page("/admin/login/").await;
    assert_eq!(browser.text("main h1").await, "Log in");
    browser.open("/admin/").await;
    browser.wait_for_page("/admin/login/?next=/admin/").await;
    assert!(
        browser.texts("header.site nav").await.is_empty(),
        "no one is logged in"
    );
}
