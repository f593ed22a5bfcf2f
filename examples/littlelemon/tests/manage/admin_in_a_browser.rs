//! The "done when", with the real binary and a real browser: a
//! newcomer runs `manage migrate`, `manage createsuperuser` and `manage
//! runserver`, opens /admin/ in Chromium, logs in, adds two categories and
//! a menu item (a bad price first), finds the item by its category and by
//! search, changes it and deletes it through the confirmation; on SQLite
//! and PostgreSQL.
//!
//! Without Chromium and chromedriver the test says so on stderr and
//! returns, except under `CI=true`, where it fails (see
//! `model_tests::browser`).

use std::process::Stdio;
use std::time::Duration;

use model_tests::browser::{self, Browser, Driver, Listening};
use model_tests::TestDb;

use super::built_in_apps::{run_with, PASSWORD};
use super::*;

/// The whole walk through the site, every wait included, ends within this.
const SCENARIO: Duration = Duration::from_secs(90);

/// The dish the newcomer adds, changes and deletes.
const DISH: &str = "Lemon risotto";

/// The first hour in a browser, on the database `db`.
fn newcomer_manages_a_menu_in_the_admin(db: &TestDb) {
    let Some(installed) = browser::installed() else {
        return;
    };
    let dir = WorkDir::new();
    let url = db.url();
    let migrated = run_with(MANAGE, &dir.0, url, &["migrate"], &[], "");
    assert_eq!(migrated.code, 0, "{}{}", migrated.out, migrated.err);
    let args = [
        "createsuperuser",
        "--noinput",
        "--username",
        "ada",
        "--email",
        "ada@example.com",
    ];
    let created = run_with(
        MANAGE,
        &dir.0,
        url,
        &args,
        &[("MODEL_SUPERUSER_PASSWORD", PASSWORD)],
        "",
    );
    assert_eq!(created.code, 0, "{}{}", created.out, created.err);

    let server = Listening::start("manage runserver", |port| {
        let mut command = Command::new(MANAGE);
        command
            .args(["runserver", &format!("127.0.0.1:{port}")])
            .current_dir(&dir.0)
            .env("DATABASE_URL", url)
            .env_remove("MODEL_EMBEDDED_MIGRATIONS")
            // Its address line is not needed; its errors, if any, show.
            .stdout(Stdio::null());
        command
    });
    let driver = Driver::start(&installed);
    browser::block_on(async {
        let browser = driver.browser(&installed, server.url()).await;
        browser::within(SCENARIO, "the newcomer's walk through the admin", async {
            logs_in_as_the_superuser(&browser).await;
            adds_a_category(&browser, "Mains").await;
            adds_a_category(&browser, "Desserts").await;
            adds_a_menu_item_with_a_bad_price_then_a_good_one(&browser).await;
            finds_it_by_its_category(&browser).await;
            finds_it_by_search(&browser, "14.50").await;
            let id = menu_id(url, DISH);
            changes_its_price(&browser, id).await;
            finds_it_by_search(&browser, "15.00").await;
            deletes_it_through_the_confirmation(&browser, id).await;
        })
        .await;
        browser.close().await;
    });

    let mut conn = model_runtime::connect(url).unwrap();
    assert_eq!(Menu::count(&mut conn).unwrap(), 0, "the dish is gone");
    assert_eq!(Category::count(&mut conn).unwrap(), 2, "the categories stay");
}

/// The key of the menu item titled `title`, read from the database, for
/// the addresses the walk expects.
fn menu_id(url: &str, title: &str) -> i64 {
    let mut conn = model_runtime::connect(url).unwrap();
    Menu::objects()
        .filter(menu::title.eq(title.to_owned()))
        .get(&mut conn)
        .unwrap_or_else(|e| panic!("the menu item {title:?}: {e}"))
        .id
}

/// /admin/ sends the newcomer to the login form; the superuser made by
/// `createsuperuser` logs in and sees Little Lemon's models.
async fn logs_in_as_the_superuser(browser: &Browser) {
    browser.open("/admin/").await;
    browser.wait_for_page("/admin/login/?next=/admin/").await;
    browser.fill("#id_username", "ada").await;
    browser.fill("#id_password", PASSWORD).await;
    browser.click("form.login button[type=submit]").await;
    browser.wait_for_page("/admin/").await;
    assert_eq!(browser.text("header.site nav strong").await, "ada");
    let models = browser.texts("section.app tbody th a").await;
    for model in ["Categorys", "Menus", "Bookings"] {
        assert!(models.iter().any(|m| m == model), "{model} in {models:?}");
    }
}

/// Opens the change list of `model` (`Menus`) from the index, then its
/// "Add" link.
async fn opens_the_add_form(browser: &Browser, model: &str, path: &str) {
    browser.open("/admin/").await;
    browser.wait_for_page("/admin/").await;
    assert_eq!(browser.follow(model).await, format!("/admin/littlelemon/{path}/"));
    browser.click("a.addlink").await;
    browser
        .wait_for_page(&format!("/admin/littlelemon/{path}/add/"))
        .await;
}

/// A category, for the menu item's select to offer.
async fn adds_a_category(browser: &Browser, title: &str) {
    opens_the_add_form(browser, "Categorys", "category").await;
    browser.fill("#id_title", title).await;
    browser.click("button[name=_save]").await;
    browser.wait_for_page("/admin/littlelemon/category/").await;
    assert_eq!(
        browser.text("ul.messagelist li").await,
        format!("The category “{title}” was added successfully.")
    );
}

/// "abc" as the price comes back beside the price field with what was
/// typed and chosen kept; a number in its place saves the item.
async fn adds_a_menu_item_with_a_bad_price_then_a_good_one(browser: &Browser) {
    opens_the_add_form(browser, "Menus", "menu").await;
    assert_eq!(browser.text("main h1").await, "Add menu");
    browser.fill("#id_title", DISH).await;
    browser.fill("#id_price", "abc").await;
    browser.fill("#id_inventory", "12").await;
    browser.choose("#id_category_id", "Mains").await;
    browser.click("button[name=_save]").await;

    // Only the page that came back has the error: finding it is the wait.
    assert_eq!(browser.text("#id_price_error").await, "Enter a number.");
    browser
        .find("p#id_price_error + label[for=id_price] + input#id_price[aria-invalid=true]")
        .await;
    assert_eq!(browser.value("#id_title").await, DISH);
    assert_eq!(browser.value("#id_price").await, "abc");
    assert_eq!(browser.value("#id_inventory").await, "12");
    assert_eq!(browser.texts("#id_category_id option:checked").await, ["Mains"]);

    browser.fill("#id_price", "14.50").await;
    browser.click("button[name=_save]").await;
    browser.wait_for_page("/admin/littlelemon/menu/").await;
    assert_eq!(
        browser.text("ul.messagelist li").await,
        format!("The menu “{DISH}” was added successfully.")
    );
}

/// The sidebar's category filter: "Desserts" lists nothing, "Mains" the
/// new item; "Clear all filters" lists everything again.
async fn finds_it_by_its_category(browser: &Browser) {
    let href = browser.follow("Desserts").await;
    assert!(href.starts_with("?category_id__exact="), "{href}");
    assert_eq!(browser.text("p.count").await, "0 results (1 total)");
    assert!(browser.texts("table.results tbody tr").await.is_empty());
    browser.follow("Mains").await;
    assert_eq!(browser.text("p.count").await, "1 result (1 total)");
    assert_eq!(browser.texts("table.results tbody th").await, [DISH]);
    browser.follow("Clear all filters").await;
    assert_eq!(browser.text("p.count").await, "1 menu");
}

/// A word of its title typed into the search box lists the item alone,
/// at `price`.
async fn finds_it_by_search(browser: &Browser, price: &str) {
    browser.fill("#searchbar", "risotto").await;
    browser.click("form.search button[type=submit]").await;
    browser.wait_for_page("/admin/littlelemon/menu/?q=risotto").await;
    assert_eq!(browser.texts("table.results tbody th").await, [DISH]);
    let cells = browser
        .texts("table.results tbody td:not(.action-checkbox)")
        .await;
    assert_eq!(cells.first().map(String::as_str), Some(price), "{cells:?}");
}

/// The found row's title opens its change form, with the stored price; a
/// new one, saved, is listed.
async fn changes_its_price(browser: &Browser, id: i64) {
    let change = format!("/admin/littlelemon/menu/{id}/change/");
    browser.click("table.results tbody th a").await;
    browser.wait_for_page(&change).await;
    assert_eq!(browser.text("main h1").await, "Change menu");
    assert_eq!(browser.value("#id_price").await, "14.50");
    assert_eq!(browser.texts("#id_category_id option:checked").await, ["Mains"]);
    browser.fill("#id_price", "15.00").await;
    browser.click("button[name=_save]").await;
    browser.wait_for_page("/admin/littlelemon/menu/").await;
    assert_eq!(
        browser.text("ul.messagelist li").await,
        format!("The menu “{DISH}” was changed successfully.")
    );
}

/// Delete, from the found row's change form, asks first; "Yes, I’m sure"
/// deletes the item, and the search finds it no more.
async fn deletes_it_through_the_confirmation(browser: &Browser, id: i64) {
    let change = format!("/admin/littlelemon/menu/{id}/change/");
    browser.click("table.results tbody th a").await;
    browser.wait_for_page(&change).await;
    browser.click("a.deletelink").await;
    browser
        .wait_for_page(&format!("/admin/littlelemon/menu/{id}/delete/"))
        .await;
    assert_eq!(browser.text("main h1").await, "Are you sure?");
    assert_eq!(
        browser.texts("ul.deleted-objects li").await,
        [format!("Menu: {DISH}")]
    );
    browser.click("button.danger").await;
    browser.wait_for_page("/admin/littlelemon/menu/").await;
    assert_eq!(
        browser.text("ul.messagelist li").await,
        format!("The menu “{DISH}” was deleted successfully.")
    );
    browser.fill("#searchbar", "risotto").await;
    browser.click("form.search button[type=submit]").await;
    browser.wait_for_page("/admin/littlelemon/menu/?q=risotto").await;
    assert_eq!(browser.text("p.count").await, "0 results (0 total)");
}

#[cfg(feature = "sqlite")]
#[test]
fn a_newcomer_adds_finds_changes_and_deletes_a_menu_in_chromium_on_sqlite() {
    newcomer_manages_a_menu_in_the_admin(&TestDb::new(model_runtime::Backend::Sqlite));
}

#[cfg(feature = "postgres")]
#[test]
fn a_newcomer_adds_finds_changes_and_deletes_a_menu_in_chromium_on_postgres() {
    newcomer_manages_a_menu_in_the_admin(&TestDb::new(model_runtime::Backend::Postgres));
}
