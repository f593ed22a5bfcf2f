//! The admin site in a real browser: headless Chromium, driven through
//! chromedriver, uses the site as a person would on a server listening on
//! 127.0.0.1: logs in, reads the index and the change list, searches it,
//! adds a dish (a bad price first), finds it by search and by a filter,
//! changes it, reads its history, deletes it through the confirmation and
//! logs out. Each step
//! is a function of its own, checking what the page shows through the
//! DOM. The SQLite run saves the screenshots in `docs/`.
//!
//! Without Chromium and chromedriver the test says so on stderr and
//! returns, except under `CI=true`, where it fails (see
//! `model_tests::browser`).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use model_runtime::prelude::*;
use model_tests::browser::{self, Browser, Driver, Installed};
use model_tests::{on_every_backend, Backend, TestDb};

use crate::delete::{NewReview, Review};
use crate::support::{dish, Dish, Project, PASSWORD};

/// The whole walk through the site, every wait included, ends within this.
const SCENARIO: Duration = Duration::from_secs(90);

/// The dish the walk adds, changes and deletes.
const NEW_DISH: &str = "Lemon meringue pie";

/// Where the README's screenshots are kept, at the workspace's root.
fn docs(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../docs")
        .join(file)
}

on_every_backend! {
    fn a_clerk_adds_finds_changes_and_deletes_a_dish_in_chromium_when_installed(db) {
        let Some(installed) = browser::installed() else { return };
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
    for codename in ["view_dish", "add_dish", "change_dish", "delete_dish"] {
        project.grant(&clerk, codename);
    }
    // Only one run writes the screenshots, so parallel runs do not race.
    let shot = |file: &str| (db.backend() == Backend::Sqlite).then(|| docs(file));

    let driver = Driver::start(installed);
    browser::block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port for the admin site");
        let address = listener.local_addr().expect("the site's address");
        let app = project
            .app
            .clone()
            .into_make_service_with_connect_info::<SocketAddr>();
        tokio::spawn(async move { axum::serve(listener, app).await });

        let browser = driver.browser(installed, format!("http://{address}")).await;
        browser::within(SCENARIO, "the walk through the site", async {
            logs_in_after_a_wrong_password(&browser, "clerk").await;
            sees_the_index_listing_dishes(&browser, shot("admin-index.png")).await;
            opens_the_change_list(&browser).await;
            searches_and_sees_only_the_matching_rows(&browser, shot("admin-change-list.png")).await;
            adds_a_dish_with_a_bad_price_and_sees_the_error_by_the_field(
                &browser,
                shot("admin-change-form-errors.png"),
            )
            .await;
            fixes_the_price_saves_and_sees_the_message(&browser).await;
            finds_the_new_dish_by_its_course(&browser).await;
            finds_the_new_dish_by_search(&browser).await;
            let id = id_of(&project, NEW_DISH);
            opens_it_changes_its_price_and_continues_editing(&browser, id).await;
            reads_its_history(&browser, id).await;
            // A review of it, which its deletion takes along.
            Review::create(
                &mut project.connect(),
                NewReview {
                    dish_id: id,
                    text: "Sharp and sweet".into(),
                },
            )
            .expect("a review of the new dish");
            deletes_it_through_the_confirmation(&browser, id, shot("admin-delete-confirmation.png")).await;
            no_longer_finds_it(&browser).await;
            logs_out(&browser).await;
        })
        .await;
        browser.close().await;
    });
    let mut conn = project.connect();
    assert_eq!(
        Review::count(&mut conn).unwrap(),
        0,
        "the review went with its dish"
    );
    assert_eq!(Dish::count(&mut conn).unwrap(), 5);
}

/// The key of the dish titled `title`, for the addresses the walk expects.
fn id_of(project: &Project, title: &str) -> i64 {
    Dish::objects()
        .filter(dish::title.eq(title.to_owned()))
        .get(&mut project.connect())
        .unwrap_or_else(|e| panic!("the dish {title:?}: {e}"))
        .id
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
    assert_eq!(browser.value("#id_username").await, username);

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
/// page, a box to select each row, the count and the pages.
async fn opens_the_change_list(browser: &Browser) {
    browser.click("a[href='/admin/pantry/dish/']").await;
    browser.wait_for_page("/admin/pantry/dish/").await;
    assert_eq!(browser.text("main h1").await, "Select dish to change");
    assert_eq!(
        browser
            .texts("table.results thead th:not(.action-checkbox-column)")
            .await,
        ["Title", "Price"]
    );
    assert_eq!(
        browser.texts("table.results tbody th").await,
        ["Pasta", "Greek salad"]
    );
    assert_eq!(
        browser
            .texts("table.results tbody td:not(.action-checkbox)")
            .await,
        ["12.50", "9.00"]
    );
    assert_eq!(
        browser
            .find("table.results tbody td.action-checkbox input[type=checkbox]")
            .await
            .attr("aria-label")
            .await
            .expect("the box's label")
            .as_deref(),
        Some("Select Pasta")
    );
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
    assert_eq!(browser.value("#searchbar").await, "lemon");
    assert!(
        browser.texts("nav.paginator").await.is_empty(),
        "one page of results has no paginator"
    );
    if let Some(path) = screenshot {
        browser.screenshot(&path).await;
    }
}

/// The list's "Add dish" link opens the add form; sent with "abc" as the
/// price, it comes back with "Enter a number." right above the price
/// field, which points at it, and with everything typed and chosen still
/// there.
async fn adds_a_dish_with_a_bad_price_and_sees_the_error_by_the_field(
    browser: &Browser,
    screenshot: Option<PathBuf>,
) {
    assert_eq!(browser.text("a.addlink").await, "Add dish");
    browser.click("a.addlink").await;
    browser.wait_for_page("/admin/pantry/dish/add/").await;
    assert_eq!(browser.text("main h1").await, "Add dish");
    browser.fill("#id_title", NEW_DISH).await;
    browser.fill("#id_price", "abc").await;
    browser.fill("#id_note", "With Italian meringue").await;
    browser.choose("#id_course", "Dessert").await;
    browser.click("button[name=_save]").await;

    // Only the page that came back has the error: finding it is the wait.
    assert_eq!(browser.text("#id_price_error").await, "Enter a number.");
    assert_eq!(browser.path().await, "/admin/pantry/dish/add/");
    assert_eq!(
        browser.text(".errornote[role=alert]").await,
        "Please correct the error below."
    );
    assert_eq!(
        browser.texts("p.errorlist").await,
        ["Enter a number."],
        "one error, the price's"
    );
    // In the price's row, just before its label and field, and named by
    // the field as what describes it.
    browser
        .find(
            "div.form-row.errors > p#id_price_error + label[for=id_price] \
             + input#id_price[aria-invalid=true][aria-describedby=id_price_error]",
        )
        .await;
    assert_eq!(browser.value("#id_title").await, NEW_DISH);
    assert_eq!(browser.value("#id_price").await, "abc");
    assert_eq!(browser.value("#id_note").await, "With Italian meringue");
    assert_eq!(browser.texts("#id_course option:checked").await, ["Dessert"]);
    if let Some(path) = screenshot {
        browser.screenshot(&path).await;
    }
}

/// A number in place of "abc", and Save: the change list, with Django's
/// message naming the new dish.
async fn fixes_the_price_saves_and_sees_the_message(browser: &Browser) {
    browser.fill("#id_price", "8.75").await;
    browser.click("button[name=_save]").await;
    browser.wait_for_page("/admin/pantry/dish/").await;
    assert_eq!(
        browser.text("ul.messagelist li").await,
        format!("The dish “{NEW_DISH}” was added successfully.")
    );
    assert_eq!(browser.text("p.count").await, "6 dishs");
}

/// The sidebar's "Dessert", under "By course", lists the new dish alone:
/// the others have no course.
async fn finds_the_new_dish_by_its_course(browser: &Browser) {
    let titles = browser.texts("nav.filters h3").await;
    assert!(titles.iter().any(|title| title == "By course"), "{titles:?}");
    let href = browser.follow("Dessert").await;
    assert!(href.starts_with("?course__exact="), "{href}");
    assert_eq!(browser.texts("table.results tbody th").await, [NEW_DISH]);
    assert_eq!(browser.text("p.count").await, "1 result (6 total)");
    let selected = browser.texts("nav.filters li.selected a").await;
    assert!(selected.iter().any(|choice| choice == "Dessert"), "{selected:?}");
    browser.follow("Clear all filters").await;
    assert_eq!(browser.text("p.count").await, "6 dishs");
}

/// Searching for a word of its title lists the new dish alone, at its price.
async fn finds_the_new_dish_by_search(browser: &Browser) {
    browser.fill("#searchbar", "meringue").await;
    browser.click("form.search button[type=submit]").await;
    browser.wait_for_page("/admin/pantry/dish/?q=meringue").await;
    assert_eq!(browser.texts("table.results tbody th").await, [NEW_DISH]);
    assert_eq!(
        browser
            .texts("table.results tbody td:not(.action-checkbox)")
            .await,
        ["8.75"]
    );
    assert!(
        browser.texts("ul.messagelist").await.is_empty(),
        "a message is shown once"
    );
}

/// The found row's title opens its change form, with the stored price; a
/// new one saved with "Save and continue editing" comes back in the same
/// form, with the message.
async fn opens_it_changes_its_price_and_continues_editing(browser: &Browser, id: i64) {
    let change = format!("/admin/pantry/dish/{id}/change/");
    browser.click("table.results tbody th a").await;
    browser.wait_for_page(&change).await;
    assert_eq!(browser.text("main h1").await, "Change dish");
    assert_eq!(browser.value("#id_price").await, "8.75");
    browser.fill("#id_price", "9.25").await;
    browser.click("button[name=_continue]").await;

    // The form opened from the address had no message: finding one is the wait.
    assert_eq!(
        browser.text("ul.messagelist li").await,
        format!("The dish “{NEW_DISH}” was changed successfully. You may edit it again below.")
    );
    assert_eq!(browser.path().await, change);
    assert_eq!(browser.value("#id_price").await, "9.25");
    assert_eq!(browser.value("#id_title").await, NEW_DISH);
}

/// The dish's history, reached by the change form's History link, lists
/// the addition and the change of price, oldest first, each with when and
/// by whom.
async fn reads_its_history(browser: &Browser, id: i64) {
    let history = format!("/admin/pantry/dish/{id}/history/");
    browser.click("p.object-tools a").await;
    browser.wait_for_page(&history).await;
    assert_eq!(
        browser.text("main h1").await,
        format!("Change history: {NEW_DISH}")
    );
    assert_eq!(
        browser.texts("#change-history tbody td").await,
        ["clerk", "Added.", "clerk", "Changed price."]
    );
    let times = browser.texts("#change-history tbody th").await;
    assert_eq!(times.len(), 2, "{times:?}");
    for when in times {
        // `2026-12-06 10:55:59 UTC`
        let shape: String = when
            .chars()
            .map(|c| if c.is_ascii_digit() { '9' } else { c })
            .collect();
        assert_eq!(shape, "9999-99-99 99:99:99 UTC", "{when}");
    }
}

/// Back to the form by the breadcrumbs, then Delete, which asks first:
/// the dish and the review the cascade takes along; "Yes, I’m sure"
/// deletes them and says so.
async fn deletes_it_through_the_confirmation(browser: &Browser, id: i64, screenshot: Option<PathBuf>) {
    let change = format!("/admin/pantry/dish/{id}/change/");
    browser
        .click(&format!("nav.breadcrumbs a[href='{change}']"))
        .await;
    browser.wait_for_page(&change).await;
    browser.click("a.deletelink").await;
    browser
        .wait_for_page(&format!("/admin/pantry/dish/{id}/delete/"))
        .await;
    assert_eq!(browser.text("main h1").await, "Are you sure?");
    assert_eq!(browser.texts("ul.summary li").await, ["Dishs: 1", "Reviews: 1"]);
    assert_eq!(
        browser.texts("ul.deleted-objects li").await,
        [format!("Dish: {NEW_DISH}"), "Review: Sharp and sweet".to_owned()]
    );
    assert_eq!(browser.text("button.danger").await, "Yes, I’m sure");
    if let Some(path) = screenshot {
        browser.screenshot(&path).await;
    }
    browser.click("button.danger").await;
    browser.wait_for_page("/admin/pantry/dish/").await;
    assert_eq!(
        browser.text("ul.messagelist li").await,
        format!("The dish “{NEW_DISH}” was deleted successfully.")
    );
}

/// The list counts five dishes again, and the search finds nothing.
async fn no_longer_finds_it(browser: &Browser) {
    assert_eq!(browser.text("p.count").await, "5 dishs");
    let titles = browser.texts("table.results tbody th").await;
    assert!(!titles.iter().any(|title| title == NEW_DISH), "{titles:?}");
    browser.fill("#searchbar", "meringue").await;
    browser.click("form.search button[type=submit]").await;
    browser.wait_for_page("/admin/pantry/dish/?q=meringue").await;
    assert_eq!(browser.text("p.count").await, "0 results (5 total)");
    assert!(browser.texts("table.results tbody tr").await.is_empty());
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
